"""Organisation registry pages and the review queue with a real platform admin.
(Lives in access: it needs grants, which organisations' own tests may not import - the app graph points one way.)"""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from joopas.access.models import Invitation
from joopas.access.tests.conftest import platform_admin, snapshot  # noqa: F401 - fixture
from joopas.organisations.models import Organisation, OrganisationRegistration
from joopas.organisations.tests.factories import ContactPersonFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

ORG_STEP = {"org_type": "other", "name_fi": "Koulutus Esimerkki Oy", "name_sv": "", "name_en": "",
            "business_id": "2345678-0", "municipality": "Oulu", "website": "", "email": ""}
USER_STEP = {"main_user_first_name": "Essi", "main_user_last_name": "Esimerkki",
             "main_user_email": "essi@esimerkki.fi", "main_user_language": "sv"}


def test_r_org_1_wizard_collects_summary_and_sends_receipt(django_capture_on_commit_callbacks):
    c = Client()
    assert c.post("/organisations/register/", ORG_STEP)["Location"] == "/organisations/register/main_user/"
    assert c.post("/organisations/register/main_user/", USER_STEP)["Location"] == "/organisations/register/note/"
    assert c.post("/organisations/register/note/", {"cover_note": "JOTPA"})["Location"] == \
        "/organisations/register/summary/"
    summary = c.get("/organisations/register/summary/").content.decode()
    assert "Koulutus Esimerkki Oy" in summary and "essi@esimerkki.fi" in summary
    assert OrganisationRegistration.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post("/organisations/register/summary/")
    assert r["Location"] == "/organisations/register/done/"
    reg = OrganisationRegistration.objects.get()
    assert (reg.organisation.status, reg.main_user_language, reg.cover_note) == ("pending", "sv", "JOTPA")
    assert mail.outbox[0].subject == "Registreringen mottagen: Koulutus Esimerkki Oy"  # the main user's language


def test_r_org_2_wizard_refuses_duplicate_pointing_to_existing_organisation():
    existing = OrganisationFactory(org_type="other", business_id="2345678-0", name_fi="Vanha Oy")
    before = snapshot()
    r = Client().post("/organisations/register/", ORG_STEP)
    assert r.status_code == 200
    html = r.content.decode()
    assert f"Organisaatio on jo rekisterissä nimellä Vanha Oy ({existing.oid})." in html
    assert snapshot() == before


def test_wizard_wrong_business_id_checksum_shows_translated_error():
    before = snapshot()
    r = Client().post("/organisations/register/", {**ORG_STEP, "business_id": "2345678-1"})
    assert "Y-tunnuksen tarkistusnumero on väärä." in r.content.decode()
    assert snapshot() == before


def test_r_org_1_review_queue_approves_several_at_once(platform_admin, django_capture_on_commit_callbacks):  # noqa: F811
    c = Client()
    for bid, name in (("2345678-0", "A Oy"), ("3456780-6", "B Oy")):
        c.post("/organisations/register/", {**ORG_STEP, "business_id": bid, "name_fi": name})
        c.post("/organisations/register/main_user/", {**USER_STEP, "main_user_email": f"{bid}@x.fi"})
        c.post("/organisations/register/note/", {})
        c.post("/organisations/register/summary/")
    admin = Client()
    admin.force_login(platform_admin)
    page = admin.get("/organisations/registrations/").content.decode()
    assert "A Oy" in page and "B Oy" in page
    ids = list(OrganisationRegistration.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        admin.post("/organisations/registrations/", {"ids": ids, "action": "approve"})
    assert sorted(Organisation.objects.filter(registration__isnull=False).values_list("status", flat=True)) == [
        "active", "active"]
    assert sorted(Invitation.objects.values_list("email", flat=True)) == ["2345678-0@x.fi", "3456780-6@x.fi"]
    # rejection without a reason is refused and changes nothing
    before = snapshot()
    admin.post("/organisations/registrations/", {"ids": ids, "action": "reject", "reason": ""})
    assert snapshot() == before


def test_public_registry_list_detail_and_api():
    parent = OrganisationFactory(name_fi="Emo-organisaatio")
    child = OrganisationFactory(name_fi="Yksikkö", parent=parent)
    ContactPersonFactory(organisation=parent, name="Outi", email="outi@example.fi")
    OrganisationFactory(name_fi="Odottava", status="pending")
    c = Client()
    listing = c.get("/organisations/?q=Emo").content.decode()
    assert "Emo-organisaatio" in listing and "Odottava" not in listing
    detail = c.get(f"/organisations/{parent.oid}/").content.decode()
    assert "outi@example.fi" in detail and "Yksikkö" in detail
    api = c.get(f"/api/v1/organisations/{parent.oid}").json()
    assert (api["children"], api["contacts"][0]["name"], api["parent_oid"]) == ([child.oid], "Outi", None)
    page1 = c.get("/api/v1/organisations/?limit=1").json()
    page2 = c.get(f"/api/v1/organisations/?limit=1&cursor={page1['next_cursor']}").json()
    assert [o["oid"] for o in page1["items"] + page2["items"]] == [parent.oid, child.oid]
    assert page2["next_cursor"] is None
    assert c.get("/api/v1/organisations/1.2.246.562.10.00000000001").status_code == 404


def test_r_org_2_api_registration_duplicate_is_409_and_changes_nothing():
    existing = OrganisationFactory(org_type="other", business_id="2345678-0")
    before = snapshot()
    r = Client().post("/api/v1/organisations/registrations", content_type="application/json", data={
        **ORG_STEP, **USER_STEP}, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 409
    assert r.json()["code"] == "organisations.registration.duplicate"
    assert r.json()["details"] == {"oid": existing.oid, "name": existing.name_fi}
    assert snapshot() == before
    r = Client().post("/api/v1/organisations/registrations", content_type="application/json", data={
        **ORG_STEP, **USER_STEP, "business_id": "3456780-6"})
    assert r.status_code == 201
    assert r.json()["state"] == "submitted"
