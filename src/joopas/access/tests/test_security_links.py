"""Issue 10, item 1: stored XSS through a `javascript:` address. Every URL and email field is checked at the
edge (forms, API, services), links are rendered through `safe_links`, and reviewers see every field they approve.
(Lives in access: approval needs a platform admin's grant.)"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from django.test import Client

from joopas.access.tests.conftest import platform_admin  # noqa: F401 - fixture
from joopas.core.errors import ValidationFailed
from joopas.organisations import services
from joopas.organisations.models import Organisation, OrganisationRegistration
from joopas.organisations.tests.factories import ContactPersonFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

XSS = "javascript:alert(document.domain)//"
BODY = {"org_type": "other", "name_fi": "Haitta Oy", "business_id": "2345678-0", "municipality": "Oulu",
        "website": "https://www.haitta.fi", "email": "info@haitta.fi", "main_user_first_name": "Hilla",
        "main_user_last_name": "Haitta", "main_user_email": "hilla@haitta.fi"}


def _post(body: dict[str, Any]) -> Any:
    return Client().post("/api/v1/organisations/registrations", body, content_type="application/json")


@pytest.mark.parametrize(("field", "value", "code"), [
    ("website", XSS, "organisations.registration.website_invalid"),
    ("website", "data:text/html,<script>alert(1)</script>", "markup"),  # markup is refused first (plain text)
    ("website", "ftp://haitta.fi/", "organisations.registration.website_invalid"),
    ("website", "https://", "organisations.registration.website_invalid"),
    ("email", "ei-osoite", "organisations.registration.email_invalid"),
    ("main_user_email", "hilla@", "organisations.registration.email_invalid"),
])
def test_registration_api_refuses_bad_addresses_naming_the_field(field: str, value: str, code: str) -> None:
    r = _post({**BODY, field: value})
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "validation_failed"
    assert [(e["code"], e["path"]) for e in body["details"]["errors"]] == [(code, field)]
    assert body["details"]["errors"][0]["message"]
    assert (Organisation.objects.count(), OrganisationRegistration.objects.count()) == (0, 0)


def test_registration_api_accepts_http_and_https_addresses() -> None:
    r = _post(BODY)
    assert r.status_code == 201
    assert Organisation.objects.get().website == "https://www.haitta.fi"


def test_registration_service_refuses_a_javascript_website_too() -> None:
    data = services.RegistrationInput(**{**BODY, "name_sv": "", "name_en": "", "main_user_language": "fi",
                                         "website": XSS})
    with pytest.raises(ValidationFailed) as exc:
        services.registration_submit(data=data)
    assert (exc.value.code, exc.value.details["field"]) == ("organisations.registration.website_invalid", "website")
    assert Organisation.objects.count() == 0
    with pytest.raises(ValidationFailed):
        services.registration_submit(data=dataclasses.replace(data, website="", email="x@"))


def test_registration_form_refuses_a_javascript_website() -> None:
    c = Client()
    r = c.post("/organisations/register/", {**BODY, "website": XSS})
    assert r.status_code == 200 and "organisation_registration" not in c.session


def test_old_rows_with_a_javascript_address_stay_inert_on_the_public_page() -> None:
    org = OrganisationFactory(website=XSS, status="active")
    ContactPersonFactory(organisation=org, name="Outi", email="javascript:alert(1)//@x")
    page = Client().get(f"/organisations/{org.oid}/").content.decode()
    assert 'href="javascript' not in page.replace(" ", "").lower()
    assert "javascript:alert(document.domain)//" in page  # shown as text


def test_approved_registration_renders_a_safe_link_on_the_public_page() -> None:
    org = OrganisationFactory(website="https://www.haitta.fi", status="active")
    ContactPersonFactory(organisation=org, name="Outi", email="outi@haitta.fi")
    page = Client().get(f"/organisations/{org.oid}/").content.decode()
    assert '<a href="https://www.haitta.fi" rel="noopener noreferrer">https://www.haitta.fi</a>' in page
    assert '<a href="mailto:outi@haitta.fi" rel="noopener noreferrer">outi@haitta.fi</a>' in page


def test_reviewers_see_every_field_they_approve(platform_admin) -> None:  # noqa: F811
    reg = services.registration_submit(data=services.RegistrationInput(
        **{**BODY, "name_sv": "Skada Ab", "name_en": "Harm Ltd", "main_user_language": "sv",
           "cover_note": "JOTPA"}))
    Organisation.objects.filter(pk=reg.organisation_id).update(website=XSS)  # an old row, before validation
    c = Client()
    c.force_login(platform_admin)
    page = c.get("/organisations/registrations/").content.decode()
    for shown in ("Haitta Oy", "Skada Ab", "Harm Ltd", "2345678-0", "Oulu", XSS, "info@haitta.fi", "Hilla Haitta",
                  "hilla@haitta.fi", "JOTPA", "Kieli: ruotsi"):
        assert shown in page, shown
    assert 'href="javascript' not in page
