from __future__ import annotations

import factory

from joopas.core.identifiers import business_id_check_digit, make_oid
from joopas.organisations.models import ContactPerson, Organisation, OrganisationStatus, OrganisationType


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
