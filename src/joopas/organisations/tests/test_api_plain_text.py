"""Issue 12, "Markup in a name": every text field of the organisations JSON API is plain text (docs/security.md,
"input policy"; the one validator, `joopas.core.text.plain_text`). Markup is refused with 422 naming the field,
and nothing is stored."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from joopas.accounts.tests.factories import UserFactory
from joopas.organisations import hooks
from joopas.organisations.models import ContactPerson, Organisation, OrganisationRegistration
from joopas.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

MARKUP = "<b>x</b><script>alert(1)</script>"
BODY = {"org_type": "other", "name_fi": "Selkeä Oy", "business_id": "2345678-0", "municipality": "Oulu",
        "website": "https://www.selkea.fi", "email": "info@selkea.fi", "main_user_first_name": "Sini",
        "main_user_last_name": "Selkeä", "main_user_email": "sini@selkea.fi", "cover_note": "x < 5 is fine"}


@pytest.fixture
def main_user() -> Iterator[tuple[Any, Any]]:
    """A main user of an organisation, through a stub access checker (organisations sits below access)."""
    org, user = OrganisationFactory(), UserFactory()

    class Stub:
        def is_platform_admin(self, actor: Any) -> bool:
            return False

        def holds_main_user_role(self, actor: Any, organisation_ids: list[int]) -> bool:
            return getattr(actor, "pk", None) == user.pk and org.pk in organisation_ids

    saved = hooks.access_checker()
    hooks.register_access_checker(Stub())
    yield org, user
    hooks.register_access_checker(saved)


def _errors(r: Any) -> list[tuple[str, str]]:
    return [(e["code"], e["path"]) for e in r.json()["details"]["errors"]]


@pytest.mark.parametrize("field", ["name_fi", "name_sv", "name_en", "municipality", "main_user_first_name",
                                   "main_user_last_name", "cover_note", "business_id"])
def test_registration_refuses_markup_naming_the_field(field: str) -> None:
    r = Client().post("/api/v1/organisations/registrations", {**BODY, field: MARKUP}, content_type="application/json")
    assert r.status_code == 422, r.content
    assert _errors(r) == [("markup", field)]
    assert (Organisation.objects.count(), OrganisationRegistration.objects.count()) == (0, 0)


def test_registration_keeps_a_lone_less_than_sign() -> None:
    r = Client().post("/api/v1/organisations/registrations", BODY, content_type="application/json")
    assert r.status_code == 201, r.content
    assert OrganisationRegistration.objects.get().cover_note == "x < 5 is fine"


@pytest.mark.parametrize("field", ["name", "role", "phone"])
def test_contact_refuses_markup_naming_the_field(main_user: tuple[Any, Any], field: str) -> None:
    org, user = main_user
    c = Client()
    c.force_login(user)
    body = {"name": "Kaisa Kontakti", "role": "opintoasiat", "phone": "+358 9 123", field: MARKUP}
    r = c.post(f"/api/v1/organisations/{org.oid}/contacts", body, content_type="application/json")
    assert r.status_code == 422, r.content
    assert _errors(r) == [("markup", field)]
    assert ContactPerson.objects.filter(organisation=org).count() == 0
