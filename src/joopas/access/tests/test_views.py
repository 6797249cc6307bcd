from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation

from joopas.access import services
from joopas.access.models import ApiKey, Grant, Role
from joopas.access.tests.conftest import snapshot
from joopas.access.tests.factories import grant
from joopas.accounts.models import User
from joopas.accounts.tests.factories import PASSWORD, UserFactory
from joopas.core.clock import today
from joopas.core.errors import PermissionDenied
from joopas.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_r_acc_2_self_grant_through_the_page_is_refused_with_a_translated_message(org, main_user, colleague):
    before = snapshot()
    r = _client(main_user).post(f"/access/organisations/{org.pk}/grants/", {"email": main_user.email,
                                                                            "role": "officer"}, follow=True)
    assert r.status_code == 200
    assert "Et voi myöntää, uusia tai sulkea omia käyttöoikeuksiasi." in r.content.decode()
    assert snapshot() == before


def test_r_acc_2_self_renewal_through_the_api_is_refused(org, main_user, colleague):
    own = Grant.objects.get(user=main_user)
    before = snapshot()
    r = _client(main_user).post(f"/api/v1/access/grants/{own.pk}/renew", data="{}", content_type="application/json",
                                HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 403
    assert r.json() == {"code": "access.grant.self", "message": "You cannot grant, renew or close your own access rights.",
                        "details": {}}
    assert snapshot() == before


def test_r_acc_1_grant_and_renew_through_the_api(org, main_user, no_role):
    c = _client(main_user)
    r = c.post("/api/v1/access/grants", data=json.dumps({"user_email": no_role.email, "organisation_id": org.pk,
                                                         "role": "registrar"}), content_type="application/json")
    assert r.status_code == 201
    body = r.json()
    assert (body["role"], body["state"], body["user_email"]) == ("registrar", "granted", no_role.email)
    until = (today() + dt.timedelta(days=300)).isoformat()  # at most 12 months from today (issue 10)
    r = c.post(f"/api/v1/access/grants/{body['id']}/renew", data=json.dumps({"valid_until": until}),
               content_type="application/json")
    assert (r.status_code, r.json()["state"], r.json()["valid_until"]) == (200, "renewed", until)


def test_r_acc_1_grant_with_end_before_start_through_the_api_changes_nothing(org, main_user, no_role):
    before = snapshot()
    r = _client(main_user).post("/api/v1/access/grants", data=json.dumps({
        "user_email": no_role.email, "organisation_id": org.pk, "role": "officer",
        "valid_from": (today() + dt.timedelta(days=5)).isoformat(), "valid_until": today().isoformat()}),
        content_type="application/json", HTTP_ACCEPT_LANGUAGE="fi")
    assert r.status_code == 422
    assert r.json()["code"] == "access.grant.end_before_start"
    assert r.json()["message"] == "Päättymispäivä ei voi olla ennen alkamispäivää."
    assert snapshot() == before


def test_invitation_page_weak_password_then_accept_then_reuse(org, main_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _inv, token = services.invitation_create(actor=main_user, organisation_id=org.pk, email="uusi@oma.fi",
                                                 first_name="Uuno", last_name="Uusi", roles=[Role.OFFICER])
    c = Client()
    url = f"/access/invitations/{token}/"
    assert c.get(url).status_code == 200
    before = snapshot()
    r = c.post(url, {"password1": "12345", "password2": "12345"})
    assert r.status_code == 400
    assert snapshot() == before
    r = c.post(url, {"password1": "Hyvä-salasana-42", "password2": "Hyvä-salasana-42"})
    assert (r.status_code, r["Location"]) == (302, "/accounts/desk/")
    user = User.objects.get(email="uusi@oma.fi")
    assert list(Grant.objects.filter(user=user).values_list("role", flat=True)) == ["officer"]
    assert c.session["acting_organisation"] == org.oid
    before = snapshot()
    r = Client().get(url)
    assert r.status_code == 409
    with translation.override("fi"):
        assert "Tämä kutsu on jo käytetty." in r.content.decode()
    assert snapshot() == before


def test_r_acc_6_login_success_and_failure_are_audited():
    UserFactory(email="login@oma.fi")
    c = Client()
    c.post("/accounts/login/", {"username": "login@oma.fi", "password": "wrong-password"})
    r = c.post("/accounts/login/", {"username": "login@oma.fi", "password": PASSWORD})
    assert r.status_code == 302
    rows = list(AuditEvent.objects.order_by("id").values_list("event", "actor_label"))
    assert rows == [("auth.login.failed", "login@oma.fi"), ("auth.login.succeeded", "login@oma.fi")]
    assert AuditEvent.objects.get(event="auth.login.failed").ip == "127.0.0.1"


def test_r_acc_6_audit_search_and_csv_limited_to_own_organisation(org, other_org, main_user, officer, outsider,
                                                                   no_role):
    services.grant_create(actor=main_user, user_id=no_role.pk, organisation_id=org.pk, role=Role.REGISTRAR)
    services.grant_create(actor=outsider, user_id=no_role.pk, organisation_id=other_org.pk, role=Role.OFFICER)
    c = _client(main_user)
    page = c.get(f"/access/organisations/{org.pk}/audit/").content.decode()
    assert page.count("access.grant.granted") == 1
    r = c.get(f"/access/organisations/{org.pk}/audit/?format=csv&event=access.grant")
    assert r["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(r.content.decode())))
    assert rows[0][:5] == ["Milloin", "Tapahtuma", "Kuka", "Asiointiorganisaatio", "Kohdeorganisaatio"]
    assert [(row[1], row[2], row[4]) for row in rows[1:]] == [("access.grant.granted", main_user.email, org.oid)]
    export = AuditEvent.objects.get(event="access.audit.exported")
    assert (export.actor_id, export.organisation_oid, export.after) == (
        main_user.pk, org.oid, {"user_ids": [main_user.pk], "emails": [], "filters": {"event": "access.grant"},
                                "rows": 1})


def test_r_acc_6_platform_admin_searches_the_whole_log(org, other_org, main_user, outsider, no_role, platform_admin):
    services.grant_create(actor=main_user, user_id=no_role.pk, organisation_id=org.pk, role=Role.REGISTRAR)
    services.grant_create(actor=outsider, user_id=no_role.pk, organisation_id=other_org.pk, role=Role.OFFICER)
    r = _client(platform_admin).get("/api/v1/access/audit?event=access.grant")
    assert sorted(e["organisation_oid"] for e in r.json()) == sorted([org.oid, other_org.oid])


def test_r_acc_3_warning_for_the_organisation_and_overview_for_platform_admins(org, other_org, main_user, colleague,
                                                                               outsider, platform_admin):
    page = _client(outsider).get(f"/access/organisations/{other_org.pk}/").content.decode()
    assert "Organisaatiolla on vain 1 aktiivinen pääkäyttäjä." in page
    page = _client(main_user).get(f"/access/organisations/{org.pk}/").content.decode()
    assert "aktiivinen pääkäyttäjä" not in page
    overview = _client(platform_admin).get("/access/continuity/").content.decode()
    assert other_org.name_fi in overview
    assert org.name_fi not in overview


def test_api_key_is_shown_once_with_last_use(org, main_user):
    c = _client(main_user)
    r = c.post(f"/access/organisations/{org.pk}/keys/", {"name": "Peppi"})
    key = ApiKey.objects.get()
    html = r.content.decode()
    raw = html.split('<code id="new-key">')[1].split("</code>")[0]
    assert raw.startswith(f"jpk_{key.prefix}_")
    assert raw not in c.get(f"/access/organisations/{org.pk}/keys/").content.decode()
    from joopas.access.api import authenticate_api_key

    assert authenticate_api_key(raw) is not None
    assert "ei koskaan" not in c.get(f"/access/organisations/{org.pk}/keys/").content.decode()


def test_acting_organisation_picker(org, other_org, main_user):
    grant(main_user, other_org, Role.OFFICER)
    c = _client(main_user)
    desk = c.get("/accounts/desk/").content.decode()
    assert "/access/acting/" in desk
    r = c.post("/access/acting/", {"organisation": other_org.oid})
    assert r.status_code == 302
    assert c.session["acting_organisation"] == other_org.oid
    stranger_org = type(org).objects.create(oid="1.2.246.562.10.10000000017", org_type="other", name_fi="X")
    r = c.post("/access/acting/", {"organisation": stranger_org.oid})
    assert r.status_code == 200
    assert c.session["acting_organisation"] == other_org.oid


def test_r_acc_4_apply_and_decide_through_pages(org, main_user, officer, platform_admin):
    Grant.objects.filter(user=main_user).update(status="expired")
    r = _client(officer).post("/access/apply/", {"organisation": org.pk, "role": "main_user", "reason": "kaikki poissa"})
    assert r.status_code == 302
    admin = _client(platform_admin)
    assert officer.email in admin.get("/access/applications/").content.decode()
    from joopas.access.models import AccessRequest

    app = AccessRequest.objects.get()
    admin.post(f"/access/applications/{app.pk}/decide/", {"decision": "approve"})
    assert Grant.objects.get(user=officer, role="main_user").status == "granted"
    assert len(mail.outbox) == 0  # sent on commit only; the test transaction never commits


@pytest.mark.parametrize("path", ["/admin/access/grantlink/", "/admin/access/grant/", "/admin/access/invitation/",
                                  "/admin/access/accessrequest/", "/admin/access/apikey/",
                                  "/admin/organisations/organisation/", "/admin/organisations/organisationregistration/"])
def test_admin_lists_open_for_superusers_and_grants_are_read_only(path, org, officer):
    admin = UserFactory(is_staff=True, is_superuser=True)
    c = _client(admin)
    assert c.get(path).status_code == 200
    g = Grant.objects.get(user=officer)
    assert c.post(f"/admin/access/grant/{g.pk}/change/", {"status": "closed"}).status_code == 403
    g.refresh_from_db()
    assert g.status == "granted"


def test_existing_user_logs_in_then_accepts_an_invitation_to_another_organisation(org, other_org, officer, outsider):
    _inv, token = services.invitation_create(actor=outsider, organisation_id=other_org.pk, email=officer.email,
                                             first_name="V", last_name="V", roles=[Role.REPORT_VIEWER])
    url = f"/access/invitations/{token}/"
    anonymous = Client().get(url).content.decode()
    assert "Tällä sähköpostilla on jo käyttäjätunnus. Kirjaudu ensin sisään." in anonymous
    before = snapshot()
    Client().post(url, {"password1": "Hyvä-salasana-42", "password2": "Hyvä-salasana-42"})
    assert snapshot() == before
    c = _client(officer)
    assert 'name="password1"' not in c.get(url).content.decode()
    assert c.post(url)["Location"] == "/accounts/desk/"
    assert sorted(Grant.objects.filter(user=officer).values_list("organisation_id", "role")) == sorted(
        [(org.pk, "officer"), (other_org.pk, "report_viewer")])
    # another logged-in person cannot use it
    _inv2, token2 = services.invitation_create(actor=outsider, organisation_id=other_org.pk, email="third@x.fi",
                                               first_name="T", last_name="T", roles=[Role.REPORT_VIEWER])
    before = snapshot()
    with pytest.raises(PermissionDenied) as exc:
        services.invitation_accept(token=token2, user=officer)
    assert exc.value.code == "access.invitation.other_email"
    assert snapshot() == before


@pytest.mark.parametrize(("lang", "message"), [
    ("fi", "Voit hallinnoida käyttöoikeuksia vain omassa organisaatiossasi."),
    ("sv", "Du kan hantera behörigheter endast i din egen organisation."),
    ("en", "You can manage access rights only in your own organisation."),
])
def test_grant_outside_own_organisation_api_error_is_translated(org, other_org, main_user, no_role, lang, message):
    before = snapshot()
    r = _client(main_user).post("/api/v1/access/grants", data=json.dumps({
        "user_email": no_role.email, "organisation_id": other_org.pk, "role": "officer"}),
        content_type="application/json", HTTP_ACCEPT_LANGUAGE=lang)
    assert (r.status_code, r.json()["code"], r.json()["message"]) == (403, "access.grant.other_organisation", message)
    assert snapshot() == before


@pytest.mark.parametrize(("lang", "expired", "weak"), [
    ("fi", "Tämä kutsu on vanhentunut. Pyydä kutsujalta uusi kutsu.", "Salasana on liian lyhyt. Siinä on oltava vähintään 10 merkkiä."),
    ("sv", "Den här inbjudan har gått ut. Be den som bjöd in dig om en ny.", "Det här lösenordet är för kort. Det måste innehålla minst 10 tecken."),
    ("en", "This invitation has expired. Ask the person who invited you for a new one.", "This password is too short. It must contain at least 10 characters."),
])
def test_expired_invitation_and_weak_password_errors_are_translated(org, main_user, lang, expired, weak):
    import time_machine

    inv, token = services.invitation_create(actor=main_user, organisation_id=org.pk, email="x@oma.fi",
                                            first_name="X", last_name="Y", roles=[Role.OFFICER])
    c = Client(HTTP_ACCEPT_LANGUAGE=lang)
    before = snapshot()
    r = c.post(f"/access/invitations/{token}/", {"password1": "lyhyt1", "password2": "lyhyt1"})
    assert r.status_code == 400
    assert weak in r.content.decode()
    with time_machine.travel(inv.expires_at + dt.timedelta(minutes=1)):
        r = c.get(f"/access/invitations/{token}/")
    assert r.status_code == 409
    assert expired in r.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("url", ["/api/v1/access/grants", "/access/organisations/{org}/grants/"])
def test_csrf_is_required_for_session_writes(org, main_user, no_role, url):
    c = Client(enforce_csrf_checks=True)
    c.force_login(main_user)
    before = snapshot()
    r = c.post(url.format(org=org.pk), data=json.dumps({"user_email": no_role.email, "organisation_id": org.pk,
                                                         "role": "officer"}), content_type="application/json")
    assert r.status_code == 403
    assert snapshot() == before
