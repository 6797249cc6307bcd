"""Contact persons of an organisation, managed by its main users and platform admins (pages and API).
(Lives in access: it needs grants, which organisations' own tests may not import - the app graph points one way.)"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from joopas.access.models import Role
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import UserFactory
from joopas.core.errors import NotFound, PermissionDenied, ValidationFailed
from joopas.core.models import AuditEvent
from joopas.organisations import rules, services
from joopas.organisations.models import ContactPerson
from joopas.organisations.tests.factories import ContactPersonFactory, OrganisationFactory

GOOD = {"name": "Outi Opintopalvelu", "role": "JOO-yhteyshenkilö", "email": "outi@oma.fi",
        "phone": "+358 (40) 123-4567", "is_public": True}


# --- rules (no database) ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("field", "value", "code"), [
    ("name", "   ", "organisations.contact.name_missing"),
    ("email", "outi@", "organisations.contact.email_invalid"),
    ("email", "outi oma.fi", "organisations.contact.email_invalid"),
    ("phone", "040 123 abc", "organisations.contact.phone_invalid"),
    ("phone", "040/1234567", "organisations.contact.phone_invalid"),
    ("phone", "+358", "organisations.contact.phone_invalid"),
])
def test_clean_contact_refuses_bad_fields(field: str, value: str, code: str) -> None:
    with pytest.raises(ValidationFailed) as exc:
        rules.clean_contact(rules.ContactData(**{**GOOD, field: value}))
    assert (exc.value.code, exc.value.details) == (code, {"field": field})


def test_clean_contact_trims_and_accepts_loose_phone_formats() -> None:
    out = rules.clean_contact(rules.ContactData(name="  Outi  ", role=" rooli ", email=" Outi@Oma.FI ",
                                                phone=" (09)  123-456 ", is_public=False))
    assert out == rules.ContactData(name="Outi", role="rooli", email="outi@oma.fi", phone="(09) 123-456",
                                    is_public=False)
    assert rules.clean_contact(rules.ContactData(name="Outi")) == rules.ContactData(name="Outi")


# --- services, pages and API -------------------------------------------------------------------------------------

def _contacts() -> list[tuple[Any, ...]]:
    return sorted(ContactPerson.objects.values_list("id", "organisation_id", "name", "role", "email", "phone",
                                                    "is_public"))


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    org, other = OrganisationFactory(), OrganisationFactory()
    own = UserFactory(email="paa@oma.fi")
    grant(own, org, Role.MAIN_USER)
    outsider = UserFactory(email="paa@toinen.fi")
    grant(outsider, other, Role.MAIN_USER)
    officer = UserFactory(email="virkailija@oma.fi")
    grant(officer, org, Role.OFFICER)
    admin = UserFactory(email="admin@joopas.fi")
    grant(admin, OrganisationFactory(), Role.PLATFORM_ADMIN)
    contact = ContactPersonFactory(organisation=org, name="Vanha Nimi", email="vanha@oma.fi", phone="09 123")
    return {"org": org, "own": own, "other": outsider, "no_role": UserFactory(email="ei@example.fi"),
            "officer": officer, "admin": admin, "contact": contact}


def test_services_write_contacts_with_audit_rows(world: dict[str, Any]) -> None:
    org, own, contact = world["org"], world["own"], world["contact"]
    c = services.contact_create(actor=own, organisation_id=org.pk, data=rules.ContactData(**GOOD))
    services.contact_update(actor=own, organisation_id=org.pk, contact_id=contact.pk,
                            data=rules.ContactData(name="Uusi Nimi", email="uusi@oma.fi", is_public=False))
    services.contact_delete(actor=own, organisation_id=org.pk, contact_id=c.pk)
    assert _contacts() == [(contact.pk, org.pk, "Uusi Nimi", "", "uusi@oma.fi", "", False)]
    rows = [(e.event, e.actor_id, e.organisation_oid, e.subject_type, e.subject_id, e.before, e.after)
            for e in AuditEvent.objects.order_by("id")]
    snap = {"name": "Outi Opintopalvelu", "role": "JOO-yhteyshenkilö", "email": "outi@oma.fi",
            "phone": "+358 (40) 123-4567", "is_public": True}
    assert rows == [
        ("organisations.contact.created", own.pk, org.oid, "organisations.contactperson", str(c.pk), None, snap),
        ("organisations.contact.updated", own.pk, org.oid, "organisations.contactperson", str(contact.pk),
         {"name": "Vanha Nimi", "role": "JOO-yhteyshenkilö", "email": "vanha@oma.fi", "phone": "09 123",
          "is_public": True},
         {"name": "Uusi Nimi", "role": "", "email": "uusi@oma.fi", "phone": "", "is_public": False}),
        ("organisations.contact.deleted", own.pk, org.oid, "organisations.contactperson", str(c.pk), snap, None),
    ]


def test_a_contact_of_another_organisation_is_not_found_through_this_one(world: dict[str, Any]) -> None:
    foreign = ContactPersonFactory(organisation=OrganisationFactory())
    before, audit_before = _contacts(), AuditEvent.objects.count()
    with pytest.raises(NotFound) as exc:
        services.contact_delete(actor=world["own"], organisation_id=world["org"].pk, contact_id=foreign.pk)
    assert exc.value.code == "organisations.contact.not_found"
    assert (_contacts(), AuditEvent.objects.count()) == (before, audit_before)


@pytest.mark.parametrize("actor", ["other", "no_role", "officer"])
def test_service_refuses_users_without_a_main_user_role_here(world: dict[str, Any], actor: str) -> None:
    before, audit_before = _contacts(), AuditEvent.objects.count()
    with pytest.raises(PermissionDenied) as exc:
        services.contact_create(actor=world[actor], organisation_id=world["org"].pk, data=rules.ContactData(**GOOD))
    assert exc.value.code == "organisations.contact.not_allowed"
    assert (_contacts(), AuditEvent.objects.count()) == (before, audit_before)


def test_main_user_adds_edits_and_removes_through_the_pages(world: dict[str, Any]) -> None:
    org, contact = world["org"], world["contact"]
    c = Client()
    c.force_login(world["own"])
    base = f"/organisations/{org.oid}/contacts/"
    assert c.post(base, {**GOOD, "is_public": "on"})["Location"] == base
    new = ContactPerson.objects.get(email="outi@oma.fi")
    assert c.post(f"{base}{contact.pk}/", {"name": "Uusi", "email": "", "phone": ""})["Location"] == base
    assert c.post(f"{base}{new.pk}/delete/")["Location"] == base
    assert _contacts() == [(contact.pk, org.pk, "Uusi", "", "", "", False)]
    assert list(AuditEvent.objects.order_by("id").values_list("event", flat=True)) == [
        "organisations.contact.created", "organisations.contact.updated", "organisations.contact.deleted"]


@pytest.mark.parametrize(("lang", "message"), [
    ("fi", "Anna kelvollinen sähköpostiosoite, esimerkiksi nimi@esimerkki.fi."),
    ("sv", "Ange en giltig e-postadress, till exempel namn@exempel.fi."),
    ("en", "Enter a valid email address, for example name@example.fi."),
])
def test_invalid_email_on_the_page_is_translated_and_changes_nothing(world: dict[str, Any], lang: str,
                                                                     message: str) -> None:
    c = Client(HTTP_ACCEPT_LANGUAGE=lang)
    c.force_login(world["own"])
    before, audit_before = _contacts(), AuditEvent.objects.count()
    r = c.post(f"/organisations/{world['org'].oid}/contacts/", {**GOOD, "email": "outi@"})
    assert r.status_code == 400
    assert message in r.content.decode()
    assert _contacts() == before
    assert [e.event for e in AuditEvent.objects.order_by("id")[audit_before:]] == ["organisations.contacts.read"]


def test_api_create_update_delete_and_translated_validation(world: dict[str, Any]) -> None:
    org, contact = world["org"], world["contact"]
    c = Client()
    c.force_login(world["own"])
    base = f"/api/v1/organisations/{org.oid}/contacts"
    r = c.post(base, data=json.dumps(GOOD), content_type="application/json")
    assert r.status_code == 201
    new_id = r.json()["id"]
    assert r.json() == {"id": new_id, **GOOD}
    r = c.put(f"{base}/{contact.pk}", data=json.dumps({"name": "Uusi", "phone": "09-123 456"}),
              content_type="application/json")
    assert (r.status_code, r.json()["phone"], r.json()["is_public"]) == (200, "09-123 456", True)
    assert c.delete(f"{base}/{new_id}").status_code == 204
    before = _contacts()
    r = c.post(base, data=json.dumps({**GOOD, "phone": "soita minulle"}), content_type="application/json",
               HTTP_ACCEPT_LANGUAGE="sv")
    assert (r.status_code, r.json()) == (422, {
        "code": "organisations.contact.phone_invalid",
        "message": "Ange telefonnumret med siffror, till exempel +358 40 123 4567 eller (09) 123 456.",
        "details": {"field": "phone"}})
    assert _contacts() == before


# --- permission matrix: anonymous / own organisation main user / other organisation / no role ---------------

REQUESTS = [
    ("page list", "get", "/organisations/{oid}/contacts/", None),
    ("page add", "post", "/organisations/{oid}/contacts/", GOOD),
    ("page edit form", "get", "/organisations/{oid}/contacts/{contact}/", None),
    ("page edit", "post", "/organisations/{oid}/contacts/{contact}/", {**GOOD, "name": "Muutettu"}),
    ("page delete", "post", "/organisations/{oid}/contacts/{contact}/delete/", {}),
    ("api list", "get", "/api/v1/organisations/{oid}/contacts", None),
    ("api add", "post", "/api/v1/organisations/{oid}/contacts", GOOD),
    ("api edit", "put", "/api/v1/organisations/{oid}/contacts/{contact}", {**GOOD, "name": "Muutettu"}),
    ("api delete", "delete", "/api/v1/organisations/{oid}/contacts/{contact}", None),
]


def _send(client: Client, method: str, url: str, data: Any) -> Any:
    if url.startswith("/api/"):
        body = json.dumps(data) if data is not None else None
        return getattr(client, method)(url, data=body, content_type="application/json")
    return getattr(client, method)(url, data=data or {})


@pytest.mark.parametrize("actor", ["anonymous", "own", "other", "no_role", "officer", "admin"])
@pytest.mark.parametrize(("name", "method", "url", "data"), REQUESTS, ids=[r[0] for r in REQUESTS])
def test_permission_matrix_contacts(world: dict[str, Any], actor: str, name: str, method: str, url: str,
                                    data: Any) -> None:
    client = Client()
    if actor != "anonymous":
        client.force_login(world[actor])
    before, audit_before = _contacts(), AuditEvent.objects.count()
    r = _send(client, method, url.format(oid=world["org"].oid, contact=world["contact"].pk), data)
    is_api = url.startswith("/api/")
    if actor in ("own", "admin"):
        expected = {"get": 200, "post": 201 if is_api else 302, "put": 200, "delete": 204}[method]
        assert r.status_code == expected, (name, actor, r.status_code)
        assert AuditEvent.objects.count() == audit_before + 1
        return
    if actor == "anonymous":
        assert r.status_code == (401 if is_api else 302)
        if not is_api:
            assert r["Location"].startswith("/accounts/login/")
    else:
        assert r.status_code == 403, (name, actor, r.status_code)
        if is_api:
            assert r.json()["code"] == "organisations.contact.not_allowed"
    assert _contacts() == before
    assert AuditEvent.objects.count() == audit_before


def test_public_page_shows_only_public_contacts(world: dict[str, Any]) -> None:
    ContactPersonFactory(organisation=world["org"], name="Salainen Henkilö", is_public=False)
    page = Client().get(f"/organisations/{world['org'].oid}/").content.decode()
    assert ("Vanha Nimi" in page, "Salainen Henkilö" in page) == (True, False)


@pytest.mark.parametrize(("actor", "shown"), [("anonymous", False), ("no_role", False), ("other", False),
                                              ("own", True), ("admin", True)])
def test_public_page_links_to_contact_management_only_for_managers(world: dict[str, Any], actor: str,
                                                                   shown: bool) -> None:
    client = Client()
    if actor != "anonymous":
        client.force_login(world[actor])
    page = client.get(f"/organisations/{world['org'].oid}/").content.decode()
    assert (f'href="/organisations/{world["org"].oid}/contacts/"' in page) is shown
