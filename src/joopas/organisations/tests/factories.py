from __future__ import annotations

import itertools

import factory

from joopas.core.identifiers import business_id_check_digit, make_oid
from joopas.organisations import services
from joopas.organisations.models import ContactPerson, Organisation, OrganisationStatus, OrganisationType

_registrations = itertools.count(1)


def _business_id(n: int) -> str:
    base = 2000000 + n * 7
    while business_id_check_digit(f"{base:07d}") is None:
        base += 1
    return f"{base:07d}-{business_id_check_digit(f'{base:07d}')}"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    oid = factory.Sequence(lambda n: make_oid(10, 5_000_000_000 + n))
    org_type = OrganisationType.UNIVERSITY
    name_fi = factory.Sequence(lambda n: f"Testiyliopisto {n}")
    name_sv = factory.Sequence(lambda n: f"Testuniversitet {n}")
    name_en = factory.Sequence(lambda n: f"Test University {n}")
    business_id = factory.Sequence(_business_id)
    status = OrganisationStatus.ACTIVE


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    organisation = factory.SubFactory(OrganisationFactory)
    name = "Outi Opintopalvelu"
    role = "JOO-yhteyshenkilö"
    email = factory.Sequence(lambda n: f"contact{n}@example.fi")


def registration_input(**overrides: object) -> services.RegistrationInput:
    """A valid self-registration (R-ORG-1) with a unique business id and name."""
    n = next(_registrations)
    data: dict[str, object] = {
        "org_type": OrganisationType.OTHER, "name_fi": f"Rekisteröityjä {n} Oy", "name_sv": "", "name_en": "",
        "business_id": _business_id(100_000 + n), "municipality": "Oulu", "website": "", "email": "",
        "main_user_first_name": "Essi", "main_user_last_name": f"Esimerkki{n}",
        "main_user_email": f"paa{n}@rekisteroityja.fi", "main_user_language": "fi", "cover_note": ""}
    data.update(overrides)
    return services.RegistrationInput(**data)  # type: ignore[arg-type]
