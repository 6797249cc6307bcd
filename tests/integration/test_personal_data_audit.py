"""R-ACC-6 (issue 10, item 3): the walk. Logged in as each role that can see people's data, every page and API
endpoint that shows personal data is opened once, and exactly the expected audit rows must appear - one per read,
none for pages that show nobody. Two guards keep the walk complete: every named page and every GET endpoint of
the API is either walked here or listed with the reason it shows no one's personal data, and every Django admin
of a model with personal data is audited (`core.admin_audit.AuditedAdminMixin`).

This module lives outside the app graph (tests/integration) because it walks every app at once.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from joopas.access import services as access_services
from joopas.access.models import AccessRequest, ApiKey, Grant, GrantLink, Invitation, Role
from joopas.access.tests.factories import grant
from joopas.accounts.models import User
from joopas.accounts.tests.factories import UserFactory
from joopas.config.api import api_v1
from joopas.core.admin_audit import AuditedAdminMixin
from joopas.core.models import AuditEvent
from joopas.exchange.models import Delivery, Message
from joopas.exchange.tests.conftest import (
    envelope,
    make_org,
    post,
    student_update,
    transport_only,  # noqa: F401  (the transport alone)
)
from joopas.notifications import api as notifications_api
from joopas.notifications.models import Notification
from joopas.organisations import services as org_services
from joopas.organisations.models import Organisation, OrganisationRegistration
from joopas.organisations.tests.factories import ContactPersonFactory, OrganisationFactory
from joopas.registrations.tests import factories as reg_factories
from joopas.rights.tests import factories as rights_factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("transport_only")]

STUDENT_OID = "1.2.246.562.24.10000000008"
TARGET_OID = "1.2.246.562.24.10000000011"


def _world() -> dict[str, Any]:
    """Two institutions exchanging a student's data, their staff, an invitation, an access application, a
    pending registration, contact persons, and a Django superuser."""
    home, host = make_org("01901"), make_org("10076")  # each with a main user and an API key
    org = home.org
    target = UserFactory(email="kohde@oma.fi", person_oid=TARGET_OID)
    g = grant(target, org, Role.OFFICER)
    host_officer = UserFactory(email="virkailija@host.fi")
    grant(host_officer, host.org, Role.OFFICER)
    admin_user = UserFactory(email="admin@joopas.fi")
    grant(admin_user, OrganisationFactory(name_fi="Palveluntuottaja"), Role.PLATFORM_ADMIN)
    inv, _token = access_services.invitation_create(actor=home.main_user, organisation_id=org.pk,
                                                    email="kutsuttu@oma.fi", first_name="K", last_name="U",
                                                    roles=[Role.OFFICER])
    app = AccessRequest.objects.create(organisation_id=org.pk, user=target, role=Role.MAIN_USER)
    reg = org_services.registration_submit(data=org_services.RegistrationInput(
        org_type="other", name_fi="Uusi Oy", name_sv="", name_en="", business_id="2345678-0", municipality="",
        website="", email="", main_user_first_name="U", main_user_last_name="U", main_user_email="u@uusi.fi",
        main_user_language="fi"))
    contact: Any = ContactPersonFactory(organisation=org, email="yhteys@oma.fi", is_public=False)
    env = envelope("UPDATE_STUDENT_REQUEST", student_update(STUDENT_OID), recipient=host.org.oid)
    assert post(Client(), home, env).status_code == 202
    msg = Message.objects.get(message_id=env["message_id"])
    delivery = Delivery.objects.get(message=msg)
    Delivery.objects.filter(pk=delivery.pk).update(status="dead")  # its page (with the payload) is for fixing
    superuser = UserFactory(email="root@joopas.fi", is_staff=True, is_superuser=True)
    student = rights_factories.make_person(org, actor=target)  # a student of the institution (rights pages)
    notifications_api.notify("notifications.welcome", home.main_user, {"name": "Maija"})  # an own message
    seen = {"user_agent": "Firefox", "ip_address": "192.0.2.7", "username": "Kohde@oma.fi", "http_accept": "*/*",
            "path_info": "/accounts/login/"}
    attempt = AccessAttempt.objects.create(**seen, get_data="", post_data="", failures_since_start=2)
    login_log = AccessLog.objects.create(**seen)
    failure = AccessFailureLog.objects.create(**seen)
    rw = _registration_world()
    return {
        **rw, **_joo_world(),
        "home": home, "host": host, "org": org.pk, "org_oid": org.oid, "main": home.main_user, "target": target,
        "grant": g.pk, "admin": admin_user, "host_officer": host_officer, "superuser": superuser,
        "invitation": inv.pk, "application": app.pk, "registration": reg.pk, "reg_org": reg.organisation.pk,
        "contact": contact.pk, "message": env["message_id"], "delivery": delivery.pk,
        "attempt": attempt.pk, "login_log": login_log.pk, "failure": failure.pk,
        "note": Notification.objects.get(user=home.main_user).pk,
        "student": student.pk,
        "user": target.pk, "api_key": ApiKey.objects.filter(organisation_id=org.pk).values_list("pk", flat=True)[0],
    }


def _registration_world() -> dict[str, Any]:
    """A student of one university accepted to another's realisation, with a recorded completion that waits for
    approval at home (registrations and records pages)."""
    import datetime as dt
    from decimal import Decimal

    from joopas.records import services as records_services
    from joopas.records.models import Credit

    rw = reg_factories.make_world()
    for key, code in (("hy", "01902"), ("aalto", "10077"), ("tuni", "10123")):
        rw[key].tk_code = code
        rw[key].save(update_fields=["tk_code"])
    reg = reg_factories.accepted(rw)
    record = records_services.record_create(actor=rw["host_officer"], host_person_id=reg.host_person_id,
                                            realisation_id=rw["real"].pk, completion_date=dt.date.today(),
                                            credits=Decimal("5"), grade="4", scale="0-5")
    return {"r_student": rw["student"], "r_host": rw["host_officer"], "r_home": rw["home_officer"],
            "r_reg": reg.pk, "r_sel": reg.selections.get().pk, "r_request": str(reg.request_id),
            "r_real": rw["real"].pk, "r_record": record.pk, "r_credit": Credit.objects.get(record=record).pk,
            "r_host_org": rw["aalto"].pk, "r_home_org": rw["hy"].pk, "r_unit": rw["unit"].pk,
            "r_right": rw["right"].identifier}


def _joo_world() -> dict[str, Any]:
    """A JOO application with an attachment, endorsed at home and decided at the host, and a draft."""
    from joopas.applications import services as joo_services
    from joopas.applications.tests import factories as joo

    jw = joo.make_world()
    app = joo.draft(jw)
    att = joo_services.attachment_add(actor=jw["student"], application_id=app.pk, kind="other",
                                      upload=joo.pdf("hops.pdf"))
    joo_services.submit(actor=jw["student"], application_id=app.pk)
    joo_services.endorse(actor=jw["home_officer"], application_id=app.pk, endorse=True)
    a, b = list(app.entities.order_by("position"))
    joo_services.decide(actor=jw["host_officer"], application_id=app.pk,
                        decisions={a.pk: ("granted", ""), b.pk: ("rejected", "Ei tilaa")})
    other = joo.draft(jw, ("course_unit", jw["single"]))
    return {"j_student": jw["student"], "j_home": jw["home_officer"], "j_host": jw["host_officer"], "j_app": app.pk,
            "j_att": att.pk, "j_draft": other.pk, "j_round": jw["round"].pk}


@dataclass(frozen=True)
class Walk:
    name: str
    reader: str  # a user in the world, or "key:home" / "key:host" (an institution's API key)
    url: str  # formatted with the world
    events: tuple[str, ...]  # exactly the audit rows the request writes, in order


E_JOO, E_JOO_LIST = "applications.read", "applications.list_read"
E_ORG = "access.organisation.read"
E_GRANT = "access.grant.read"
E_GRANTS = "access.grants.read"
E_AUDIT = "access.audit.read"
E_EXPORT = "access.audit.exported"
E_REQUESTS = "access.applications.read"
E_REGS = "organisations.registrations.read"
E_CONTACTS = "organisations.contacts.read"
E_CONTACT = "organisations.contact.read"
E_MSG = "exchange.message.read"
E_FEED = "exchange.feed.read"
E_DELIVERY = "exchange.delivery.read"
A_USERS, A_USER = "accounts.admin.list.read", "accounts.admin.object.read"
A_ORGS, A_ORG = "organisations.admin.list.read", "organisations.admin.object.read"
A_ACCESS_LIST, A_ACCESS = "access.admin.list.read", "access.admin.object.read"
A_WRITTEN = "accounts.admin.object.written"

WALK = [
    # --- pages: main user of the organisation ---
    Walk("access page", "main", "/access/organisations/{org}/", (E_ORG,)),
    Walk("grant page", "main", "/access/grants/{grant}/", (E_GRANT,)),
    Walk("organisation audit page", "main", "/access/organisations/{org}/audit/", (E_AUDIT,)),
    Walk("organisation audit csv", "main", "/access/organisations/{org}/audit/?format=csv", (E_EXPORT,)),
    Walk("contacts page", "main", "/organisations/{org_oid}/contacts/", (E_CONTACTS,)),
    Walk("contact edit page", "main", "/organisations/{org_oid}/contacts/{contact}/", (E_CONTACT,)),
    Walk("invite form (empty)", "main", "/access/organisations/{org}/invite/", ()),
    Walk("api keys page", "main", "/access/organisations/{org}/keys/", ()),
    Walk("settings page", "main", "/organisations/{org_oid}/settings/", ()),
    Walk("access home", "main", "/access/", ()),
    Walk("desk", "main", "/accounts/desk/", ()),
    Walk("own messages", "main", "/notifications/", ("notifications.inbox.read",)),
    Walk("own message", "main", "/notifications/{note}/", ("notifications.notification.read",)),
    # --- pages: cross-study registrations and records (the student, the host's and the home's offices) ---
    Walk("own studies", "r_student", "/registrations/my/", ("registrations.own_studies.read",)),
    Walk("own registration", "r_student", "/registrations/my/{r_reg}/", ("registrations.own_registration.read",)),
    Walk("host queue", "r_host", "/registrations/queue/", ("registrations.queue.read",)),
    Walk("host queue csv", "r_host", "/registrations/queue/?export=csv", ("registrations.queue.read",)),
    Walk("decision page", "r_host", "/registrations/queue/{r_sel}/", ("registrations.selection.read",)),
    Walk("outgoing", "r_home", "/registrations/outgoing/", ("registrations.outgoing.read",)),
    Walk("outgoing csv", "r_home", "/registrations/outgoing/?export=csv", ("registrations.outgoing.read",)),
    Walk("register a student", "r_home", "/registrations/register-student/{r_unit}/?study_right={r_right}",
         ("registrations.on_behalf.read",)),
    Walk("completion form", "r_host", "/records/realisation/{r_real}/", ("records.completions.read",)),
    Walk("record page", "r_host", "/records/record/{r_record}/", ("records.completions.read",)),
    Walk("incoming credits", "r_home", "/records/credits/", ("records.credits.read",)),
    Walk("incoming credits csv", "r_home", "/records/credits/?export=csv", ("records.credits.read",)),
    Walk("credit page", "r_home", "/records/credits/{r_credit}/", ("records.credit.read",)),
    Walk("registrations api", "r_home", "/api/v1/registrations/", ("registrations.api.read",)),
    Walk("registration api", "r_home", "/api/v1/registrations/{r_request}", ("registrations.api.read",)),
    # --- pages: JOO applications (the student, the home's and the host's study offices) ---
    Walk("joo applications", "j_student", "/applications/", (E_JOO_LIST,)),
    Walk("joo application", "j_student", "/applications/{j_app}/", (E_JOO,)),
    Walk("joo application form", "j_student", "/applications/{j_draft}/edit/", (E_JOO,)),
    Walk("joo attachment", "j_student", "/applications/attachment/{j_att}/", ("applications.attachment_read",)),
    Walk("joo new application", "j_student", "/applications/new/", ()),
    Walk("joo endorsement queue", "j_home", "/applications/office/endorse/", (E_JOO_LIST,)),
    Walk("joo endorsement csv", "j_home", "/applications/office/endorse/?format=csv", (E_JOO_LIST,)),
    Walk("joo decision queue", "j_host", "/applications/office/decide/", (E_JOO_LIST,)),
    Walk("joo decision csv", "j_host", "/applications/office/decide/?format=csv", (E_JOO_LIST,)),
    Walk("joo office application", "j_host", "/applications/office/{j_app}/", (E_JOO,)),
    Walk("joo office application (home)", "j_home", "/applications/office/{j_app}/", (E_JOO,)),
    Walk("joo students", "j_host", "/applications/office/joo-students/", (E_JOO_LIST,)),
    Walk("joo students csv", "j_host", "/applications/office/joo-students/?format=csv", (E_JOO_LIST,)),
    Walk("joo students api", "j_host", "/api/v1/joo-students", (E_JOO_LIST,)),
    Walk("joo applications api", "j_home", "/api/v1/joo-applications", (E_JOO_LIST,)),
    # --- pages: the institution's officer (students and study rights) ---
    Walk("students page", "target", "/rights/students/?organisation={org}", ("rights.person.read",)),
    Walk("students csv", "target", "/rights/students/?organisation={org}&export=csv", ("rights.person.read",)),
    Walk("student page", "target", "/rights/students/{student}/", ("rights.person.read",)),
    Walk("student edit page", "target", "/rights/students/{student}/edit/", ("rights.person.read",)),
    # --- pages: platform admin ---
    Walk("whole audit page", "admin", "/access/audit/", (E_AUDIT,)),
    Walk("whole audit csv", "admin", "/access/audit/?format=csv", (E_EXPORT,)),
    Walk("applications page", "admin", "/access/applications/", (E_REQUESTS,)),
    Walk("review queue", "admin", "/organisations/registrations/", (E_REGS,)),
    Walk("continuity page", "admin", "/access/continuity/", ()),
    # --- exchange pages: the receiving institution's officer and the sender's main user ---
    Walk("message page (receiver)", "host_officer", "/exchange/messages/{message}/", (E_MSG,)),
    Walk("message page (sender)", "main", "/exchange/messages/{message}/", (E_MSG,)),
    Walk("message list", "host_officer", "/exchange/", ()),
    Walk("dead letters", "main", "/exchange/dead-letters/", ()),
    Walk("dead delivery page", "main", "/exchange/deliveries/{delivery}/", (E_DELIVERY,)),
    # --- API: session ---
    Walk("api grants", "main", "/api/v1/access/organisations/{org}/grants", (E_GRANTS,)),
    Walk("api organisation audit", "main", "/api/v1/access/audit?organisation_id={org}", (E_AUDIT,)),
    Walk("api whole audit", "admin", "/api/v1/access/audit", (E_AUDIT,)),
    Walk("api registrations", "admin", "/api/v1/organisations/registrations", (E_REGS,)),
    Walk("api contacts", "main", "/api/v1/organisations/{org_oid}/contacts", (E_CONTACTS,)),
    Walk("api my roles", "main", "/api/v1/access/me/roles", ()),
    # --- API: institutions' keys ---
    Walk("api feed", "key:host", "/api/v1/exchange/feed?after=0", (E_FEED,)),
    Walk("api message status (receiver)", "key:host", "/api/v1/exchange/messages/{message}", (E_MSG,)),
    Walk("api message status (sender)", "key:home", "/api/v1/exchange/messages/{message}", (E_MSG,)),
    # --- the Django admin: a superuser ---
    Walk("admin index", "superuser", "/admin/", ()),
    Walk("admin users", "superuser", "/admin/accounts/user/", (A_USERS,)),
    Walk("admin user", "superuser", "/admin/accounts/user/{user}/change/", (A_USER,)),
    Walk("admin user history", "superuser", "/admin/accounts/user/{user}/history/", (A_USER,)),
    Walk("admin user password", "superuser", "/admin/accounts/user/{user}/password/", (A_USER,)),
    Walk("admin user delete", "superuser", "/admin/accounts/user/{user}/delete/", (A_USER,)),
    Walk("admin organisations", "superuser", "/admin/organisations/organisation/", ()),
    Walk("admin organisation", "superuser", "/admin/organisations/organisation/{org}/change/", (A_ORG,)),
    Walk("admin registrations", "superuser", "/admin/organisations/organisationregistration/", (A_ORGS,)),
    Walk("admin registration", "superuser", "/admin/organisations/organisationregistration/{registration}/change/",
         (A_ORG,)),
    Walk("admin grants", "superuser", "/admin/access/grant/", (A_ACCESS_LIST,)),
    Walk("admin grant", "superuser", "/admin/access/grant/{grant}/change/", (A_ACCESS,)),
    Walk("admin invitations", "superuser", "/admin/access/invitation/", (A_ACCESS_LIST,)),
    Walk("admin invitation", "superuser", "/admin/access/invitation/{invitation}/change/", (A_ACCESS,)),
    Walk("admin applications", "superuser", "/admin/access/accessrequest/", (A_ACCESS_LIST,)),
    Walk("admin application", "superuser", "/admin/access/accessrequest/{application}/change/", (A_ACCESS,)),
    Walk("admin api keys", "superuser", "/admin/access/apikey/", (A_ACCESS_LIST,)),
    Walk("admin api key", "superuser", "/admin/access/apikey/{api_key}/change/", (A_ACCESS,)),
    Walk("admin grant links", "superuser", "/admin/access/grantlink/", ()),
    Walk("admin login attempts", "superuser", "/admin/axes/accessattempt/", (A_USERS,)),
    Walk("admin login attempt", "superuser", "/admin/axes/accessattempt/{attempt}/change/", (A_USER,)),
    Walk("admin login log", "superuser", "/admin/axes/accesslog/", (A_USERS,)),
    Walk("admin login log entry", "superuser", "/admin/axes/accesslog/{login_log}/change/", (A_USER,)),
    Walk("admin login failures", "superuser", "/admin/axes/accessfailurelog/", (A_USERS,)),
    Walk("admin login failure", "superuser", "/admin/axes/accessfailurelog/{failure}/change/", (A_USER,)),
]


def _client(w: dict[str, Any], reader: str) -> tuple[Client, dict[str, Any], Any]:
    client = Client()
    if reader.startswith("key:"):
        return client, w[reader.removeprefix("key:")].headers(), None
    client.force_login(w[reader])
    return client, {}, w[reader]


def _new_rows(first_id: int) -> list[Any]:
    return list(AuditEvent.objects.filter(id__gte=first_id).order_by("id"))


def _next_id() -> int:
    return (AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1


@pytest.mark.parametrize("case", WALK, ids=[c.name for c in WALK])
def test_r_acc_6_walk_every_read_of_personal_data_writes_exactly_the_expected_rows(case: Walk) -> None:
    w = _world()
    client, headers, reader = _client(w, case.reader)
    first = _next_id()
    response = client.get(case.url.format(**w), **headers)
    assert response.status_code == 200, (case.name, response.status_code)
    rows = _new_rows(first)
    assert [r.event for r in rows] == list(case.events), case.name
    for row in rows:
        if reader is not None:
            assert (row.actor_id, row.actor_label) == (reader.pk, reader.email), case.name
        else:
            key = w[case.reader.removeprefix("key:")]
            assert (row.actor_id, row.actor_label.split(" ")[0]) == (None, f"api-key:{key_id(key.org.pk)}")


def key_id(organisation_id: int) -> int:
    return int(ApiKey.objects.filter(organisation_id=organisation_id).values_list("pk", flat=True)[0])


# --- the admin rows in detail ---------------------------------------------------------------------------------

ADMIN_LISTS = [
    ("/admin/accounts/user/", A_USERS, "accounts.user", lambda w: User.objects.values_list("pk", flat=True)),
    ("/admin/access/grant/", A_ACCESS_LIST, "access.grant", lambda w: Grant.objects.values_list("pk", flat=True)),
    ("/admin/access/invitation/", A_ACCESS_LIST, "access.invitation",
     lambda w: Invitation.objects.values_list("pk", flat=True)),
    ("/admin/access/accessrequest/", A_ACCESS_LIST, "access.accessrequest",
     lambda w: AccessRequest.objects.values_list("pk", flat=True)),
    ("/admin/access/apikey/", A_ACCESS_LIST, "access.apikey", lambda w: ApiKey.objects.values_list("pk", flat=True)),
    ("/admin/organisations/organisationregistration/", A_ORGS, "organisations.organisationregistration",
     lambda w: OrganisationRegistration.objects.values_list("pk", flat=True)),
    ("/admin/axes/accessattempt/", A_USERS, "axes.accessattempt", lambda w: [w["attempt"]]),
]


@pytest.mark.parametrize(("url", "event", "label", "ids"), ADMIN_LISTS, ids=[u for u, *_ in ADMIN_LISTS])
def test_r_acc_6_admin_list_writes_one_row_naming_the_shown_ids(url: str, event: str, label: str, ids: Any) -> None:
    w = _world()
    client, _h, su = _client(w, "superuser")
    first = _next_id()
    assert client.get(url).status_code == 200
    rows = _new_rows(first)
    assert [(r.event, r.actor_id, r.subject_type, r.subject_id, r.organisation_oid) for r in rows] == [
        (event, su.pk, label, "", "")]
    assert rows[0].after["view"] == "changelist"
    assert sorted(rows[0].after["ids"]) == sorted(ids(w))
    assert len(rows[0].after["ids"]) >= 1


def test_r_acc_6_admin_list_shows_only_the_searched_rows_and_names_only_them() -> None:
    w = _world()
    client, _h, _su = _client(w, "superuser")
    first = _next_id()
    assert client.get("/admin/accounts/user/?q=kohde%40oma.fi").status_code == 200
    assert [(r.event, r.after) for r in _new_rows(first)] == [
        (A_USERS, {"view": "changelist", "ids": [w["target"].pk]})]


def test_r_acc_6_admin_empty_list_shows_nobody_and_writes_nothing() -> None:
    w = _world()
    client, _h, _su = _client(w, "superuser")
    first = _next_id()
    assert client.get("/admin/accounts/user/?q=ei-ketaan").status_code == 200
    assert _new_rows(first) == []


@pytest.mark.parametrize(("url", "event", "subject", "organisation", "person_oid", "after"), [
    ("/admin/accounts/user/{user}/change/", A_USER, "accounts.user:{user}", "", TARGET_OID, {"view": "change"}),
    ("/admin/accounts/user/{user}/history/", A_USER, "accounts.user:{user}", "", TARGET_OID, {"view": "history"}),
    ("/admin/accounts/user/{user}/password/", A_USER, "accounts.user:{user}", "", TARGET_OID, {"view": "password"}),
    ("/admin/accounts/user/{user}/delete/", A_USER, "accounts.user:{user}", "", TARGET_OID, {"view": "delete"}),
    ("/admin/access/grant/{grant}/change/", A_ACCESS, "access.grant:{grant}", "{org_oid}", TARGET_OID,
     {"view": "change"}),
    ("/admin/access/invitation/{invitation}/change/", A_ACCESS, "access.invitation:{invitation}", "{org_oid}", "",
     {"view": "change", "emails": ["kutsuttu@oma.fi"]}),
    ("/admin/access/accessrequest/{application}/change/", A_ACCESS, "access.accessrequest:{application}",
     "{org_oid}", TARGET_OID, {"view": "change"}),
    ("/admin/organisations/organisation/{org}/change/", A_ORG, "organisations.organisation:{org}", "{org_oid}", "",
     {"view": "change", "contact_ids": ["{contact}"], "emails": ["yhteys@oma.fi"]}),
    ("/admin/organisations/organisationregistration/{registration}/change/", A_ORG,
     "organisations.organisationregistration:{registration}", "{reg_org_oid}", "",
     {"view": "change", "emails": ["u@uusi.fi"]}),
    ("/admin/axes/accessfailurelog/{failure}/change/", A_USER, "axes.accessfailurelog:{failure}", "", "",
     {"view": "change", "emails": ["kohde@oma.fi"]}),
])
def test_r_acc_6_admin_object_page_writes_one_row_naming_object_person_and_organisation(
        url: str, event: str, subject: str, organisation: str, person_oid: str, after: dict[str, Any]) -> None:
    w = _world()
    w["reg_org_oid"] = Organisation.objects.get(pk=w["reg_org"]).oid
    client, _h, su = _client(w, "superuser")
    first = _next_id()
    assert client.get(url.format(**w)).status_code == 200
    expected_after = {k: ([int(x.format(**w)) for x in v] if k == "contact_ids" else v) for k, v in after.items()}
    assert [(r.event, r.actor_id, f"{r.subject_type}:{r.subject_id}", r.organisation_oid, r.person_oid, r.after)
            for r in _new_rows(first)] == [
        (event, su.pk, subject.format(**w), organisation.format(**w), person_oid, expected_after)]


@pytest.mark.parametrize("url", ["/admin/accounts/user/", "/admin/accounts/user/{user}/change/",
                                 "/admin/access/grant/", "/admin/access/grant/{grant}/change/",
                                 "/admin/organisations/organisation/{org}/change/"])
@pytest.mark.parametrize("who", ["anonymous", "main", "admin"])
def test_r_acc_6_admin_refused_for_non_staff_writes_nothing(url: str, who: str) -> None:
    """Joopas roles (even the platform admin) are not Django staff: the admin redirects them to its login."""
    w = _world()
    client = Client()
    if who != "anonymous":
        client.force_login(w[who])
    first = _next_id()
    response = client.get(url.format(**w))
    assert (response.status_code, response["Location"].split("?")[0]) == (302, "/admin/login/")
    assert _new_rows(first) == []


def test_r_acc_6_staff_without_view_permission_is_refused_and_nothing_is_written() -> None:
    w = _world()
    staff = UserFactory(email="staff@joopas.fi", is_staff=True)
    client = Client()
    client.force_login(staff)
    first = _next_id()
    assert client.get("/admin/accounts/user/").status_code == 403
    assert client.get(f"/admin/accounts/user/{w['user']}/change/").status_code == 403
    assert _new_rows(first) == []


def _shown_values(client: Client, url: str, names: tuple[str, ...]) -> dict[str, str]:
    """The values a form field shows, sent back unchanged (as the browser would)."""
    html = client.get(url).content.decode()
    found = {}
    for name in names:
        match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', html)
        assert match is not None, name
        found[name] = match.group(1)
    return found


def test_r_acc_6_saving_in_the_admin_is_a_write_not_a_read_but_a_form_shown_again_is_a_read() -> None:
    w = _world()
    client, _h, _su = _client(w, "superuser")
    target: User = w["target"]
    form = {"email": target.email, "first_name": "Uusi", "last_name": target.last_name, "language": "fi",
            "person_oid": TARGET_OID, "is_active": "on", "last_login_0": "", "last_login_1": "",
            **_shown_values(client, f"/admin/accounts/user/{target.pk}/change/", ("date_joined_0", "date_joined_1", "initial-date_joined_0",
                                                                  "initial-date_joined_1"))}
    first = _next_id()
    saved = client.post(f"/admin/accounts/user/{target.pk}/change/", form)
    assert saved.status_code == 302
    assert [(r.event, r.actor_id, r.subject_type, r.subject_id, r.person_oid, r.after) for r in _new_rows(first)] == [
        (A_WRITTEN, w["superuser"].pk, "accounts.user", str(target.pk), TARGET_OID,
         {"action": "changed", "message": [{"changed": {"fields": ["First name"]}}]})]
    first = _next_id()
    invalid = client.post(f"/admin/accounts/user/{target.pk}/change/", {**form, "email": "ei-osoite"})
    assert invalid.status_code == 200  # the form comes back with the person's data: a read
    assert [(r.event, r.after) for r in _new_rows(first)] == [(A_USER, {"view": "change"})]


def test_r_acc_6_admin_deletion_and_grant_link_changes_are_audited_writes() -> None:
    w = _world()
    client, _h, su = _client(w, "superuser")
    doomed = UserFactory(email="poistettava@oma.fi")
    first = _next_id()
    assert client.post(f"/admin/accounts/user/{doomed.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not User.objects.filter(pk=doomed.pk).exists()
    assert [(r.event, r.actor_id, r.subject_id, r.after) for r in _new_rows(first)] == [
        (A_WRITTEN, su.pk, str(doomed.pk), {"action": "deleted", "message": ""})]
    first = _next_id()
    r = client.post("/admin/access/grantlink/add/", {"granter_role": Role.MAIN_USER,
                                                     "grantable_role": Role.PLATFORM_ADMIN})
    assert r.status_code == 302
    link = GrantLink.objects.get(granter_role=Role.MAIN_USER, grantable_role=Role.PLATFORM_ADMIN)
    assert [(r.event, r.actor_id, r.subject_type, r.subject_id, r.after["action"]) for r in _new_rows(first)] == [
        ("access.admin.object.written", su.pk, "access.grantlink", str(link.pk), "added")]


def test_r_acc_6_delete_selected_confirmation_names_the_chosen_people() -> None:
    w = _world()
    client, _h, _su = _client(w, "superuser")
    first = _next_id()
    r = client.post("/admin/accounts/user/", {"action": "delete_selected", "_selected_action": [w["target"].pk]})
    assert r.status_code == 200
    assert [(r.event, r.after) for r in _new_rows(first)] == [(A_USERS, {"view": "action", "ids": [w["target"].pk]})]


# --- guards: the walk covers every page and endpoint, the admin every model with personal data ----------------

# Named pages that show no one else's personal data, with the reason. Everything else must be walked above.
NOT_A_READ = {
    "rights:student_new": "form", "rights:right_status": "write (POST)", "rights:right_dates": "write (POST)",
    "rights:right_eligibility": "write (POST)", "rights:right_attendance": "write (POST)",
    "rights:import": "form; its check shows the uploader's own file", "rights:import_confirm": "write (POST)",
    "rights:import_template": "template", "rights:import_status": "import report (counts and line numbers)",
    "accounts:login": "form", "accounts:logout": "action", "accounts:password_reset": "form",
    "accounts:password_reset_done": "notice", "accounts:password_reset_confirm": "own account",
    "organisations:list": "public registry", "organisations:detail": "public page, public contacts only",
    "organisations:register": "public form", "organisations:register_step": "public form (own input)",
    "organisations:register_done": "notice", "organisations:contact_delete": "write (POST)",
    "access:acting": "own roles", "access:grant_create": "write (POST)", "access:grant_renew": "write (POST)",
    "access:grant_close": "write (POST)", "access:invitation_cancel": "write (POST)",
    "access:invitation_accept": "the invitee's own invitation", "access:api_key_action": "write (POST)",
    "access:apply": "own application", "access:application_decide": "write (POST)",
    "exchange:replay": "write (POST)", "exchange:settings": "organisation settings, no people",
    "exchange:guide": "documentation",
    "catalogue:search": "public catalogue", "catalogue:course": "public catalogue",
    "catalogue:institutions": "public contacts", "catalogue:editor": "course data, no people",
    "catalogue:modules": "course data, no people", "catalogue:module_delete": "course data; write (POST)",
    "catalogue:unit_new": "course data", "catalogue:unit_edit": "course data", "catalogue:unit_archive": "write",
    "catalogue:unit_marketed": "write", "catalogue:realisation_new": "course data",
    "catalogue:realisation_edit": "course data", "catalogue:realisation_extend": "write",
    "catalogue:realisation_archive": "write", "catalogue:joo": "course data", "catalogue:import": "course data",
    "catalogue:import_status": "import report", "catalogue:export": "course data",
    "networks:list": "public", "networks:detail": "public, public contacts",
    "networks:create": "form", "networks:edit": "network data and its public contacts",
    "networks:targeting": "course targeting", "networks:period_add": "write", "networks:period_update": "write",
    "networks:contact_add": "write", "networks:contact_remove": "write", "networks:members": "organisations",
    "networks:member_remove": "write", "networks:changes": "changes of organisations' offering",
    "networks:targeting_remove": "write",
    "site:home": "public", "site:flexible_studies": "public", "site:accessibility": "public",
    "site:privacy_registration": "public notice", "site:privacy_staff": "public notice",
    "site:after_login": "redirect", "site:profile": "own data", "site:password_change": "own account",
    "site:end_other_sessions": "own sessions (POST)",
    "notifications:mark_all_read": "own messages (POST)", "site:favicon": "icon",
    "registrations:register": "write (POST)", "registrations:my_cancel": "write (POST)",
    "records:realisations": "realisations and counts, no people", "records:conversions": "grade tables",
    "records:conversion_edit": "grade tables",
    "applications:public": "public", "applications:withdraw": "write (POST)",
    "applications:overview": "counts per institution, no people", "applications:terms": "the host's terms and rounds",
    "applications:round_edit": "a round's dates",
    ":healthz": "health", ":readyz": "health", ":set_language": "action",
}
# GET endpoints of /api/v1/ that show no one else's personal data.
API_NOT_A_READ = {
    "/api/v1/health": "health", "/api/v1/catalogue/search": "public catalogue",
    "/api/v1/catalogue/course-units/{unit_id}": "public catalogue", "/api/v1/networks/": "public",
    "/api/v1/networks/{network}": "public, public contacts", "/api/v1/networks/{network}/changes": "offering",
    "/api/v1/networks/{network}/offering": "public offering", "/api/v1/organisations/": "public registry",
    "/api/v1/organisations/{oid}": "public page, public contacts only",
}


def _page_names() -> set[str]:
    names: set[str] = set()

    def walk(resolver: URLResolver, namespace: str) -> None:
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                if p.namespace == "admin" or str(p.pattern).startswith("api/"):
                    continue
                walk(p, p.namespace or namespace)
            elif isinstance(p, URLPattern) and p.name:
                names.add(f"{namespace}:{p.name}")

    walk(get_resolver(), "")
    return names


def test_r_acc_6_the_walk_covers_every_page_that_is_not_listed_as_showing_no_one() -> None:
    w = _world()
    walked = set()
    for case in WALK:
        url = case.url.format(**w).split("?")[0]
        if url.startswith(("/api/", "/admin/")):
            continue
        match = resolve(url)
        walked.add(f"{match.namespace}:{match.url_name}")
    assert walked.isdisjoint(NOT_A_READ)
    assert _page_names() - set(NOT_A_READ) - walked == set()  # a new page: walk it or say why it shows no one
    assert set(NOT_A_READ) - _page_names() == set()  # no stale excuses


def test_r_acc_6_the_walk_covers_every_api_get_endpoint_that_is_not_listed_as_showing_no_one() -> None:
    schema = api_v1.get_openapi_schema()
    get_paths = {p for p, ops in schema["paths"].items() if "get" in ops}
    w = _world()
    walked = set()
    for case in WALK:
        if not case.url.startswith("/api/"):
            continue
        concrete = case.url.format(**w).split("?")[0]
        for template in get_paths:
            parts, got = template.split("/"), concrete.split("/")
            if len(parts) == len(got) and all(a == b or a.startswith("{") for a, b in zip(parts, got, strict=True)):
                walked.add(template)
    assert get_paths - set(API_NOT_A_READ) - walked == set()
    assert set(API_NOT_A_READ) - get_paths == set()


# Models in the Django admin whose pages show no one's personal data, with the reason.
ADMIN_WITHOUT_PERSONAL_DATA = {"access.GrantLink": "which role may grant which", "auth.Group": "permissions only"}


def test_r_acc_6_every_admin_of_a_model_with_personal_data_is_audited() -> None:
    registered = {model._meta.label: model_admin for model, model_admin in admin.site._registry.items()}
    unaudited = {label for label, model_admin in registered.items()
                 if not isinstance(model_admin, AuditedAdminMixin) or not model_admin.audit_object_event}
    assert unaudited == set(ADMIN_WITHOUT_PERSONAL_DATA) & set(registered)


def test_r_acc_6_a_message_id_unknown_to_the_reader_reads_nothing() -> None:
    w = _world()
    client, headers, _r = _client(w, "key:host")
    first = _next_id()
    assert client.get(f"/api/v1/exchange/messages/{uuid.uuid4()}", **headers).status_code == 404
    assert _new_rows(first) == []


@pytest.mark.parametrize(("website", "valid"), [("https://www.oma.fi/", True), ("www.oma.fi", True),
                                                ("ftp://www.oma.fi/", False), ("javascript:alert(1)//", False)])
def test_admin_organisation_form_accepts_only_web_addresses(website: str, valid: bool) -> None:
    """Issue 10: the admin is one more edge; a website typed there becomes a public link (http(s) only)."""
    from django.test import RequestFactory

    w = _world()
    org = Organisation.objects.get(pk=w["org"])
    model_admin = admin.site._registry[Organisation]
    request = RequestFactory().get("/")
    request.user = w["superuser"]
    form_class = model_admin.get_form(request, org, change=True)
    data = {"org_type": org.org_type, "name_fi": org.name_fi, "name_sv": "", "name_en": "", "abbreviation": "",
            "business_id": org.business_id, "tk_code": org.tk_code, "website": website, "guidance_url": "",
            "email": "", "municipality": ""}
    form = form_class(data, instance=org)
    assert form.is_valid() is valid, form.errors
    if valid:
        assert form.cleaned_data["website"].startswith("https://")
    else:
        assert list(form.errors) == ["website"]
