"""Issue 10, item 4 (R-ACC-2): an organisation that uses strong identification requires every invitation to name
the person by a checked hetu or learner OID - on the page and through the API; the flag is set by the
organisation's main users and platform admins; one person's two mailboxes cannot renew each other's main-user
grant; the audit trail shows who invited whom."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from joopas.access.models import Grant, Invitation, Role
from joopas.access.tests.conftest import snapshot
from joopas.access.tests.factories import grant
from joopas.accounts.models import User
from joopas.accounts.tests.factories import UserFactory
from joopas.core.models import AuditEvent
from joopas.organisations.models import Organisation
from joopas.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

HETU = "131052-308T"
HETU_BAD_CHECKSUM = "131052-308U"
LEARNER_OID = "1.2.246.562.24.10000000003"
PASSWORD = "Vahva-salasana-99"


@pytest.fixture
def world() -> dict[str, Any]:
    org = OrganisationFactory(name_fi="Vahva yliopisto", strong_identification=True)
    plain = OrganisationFactory(name_fi="Tavallinen yliopisto")
    main = UserFactory(email="paa@vahva.fi")
    grant(main, org, Role.MAIN_USER)
    grant(main, plain, Role.MAIN_USER)
    officer = UserFactory(email="virkailija@vahva.fi")
    grant(officer, org, Role.OFFICER)
    outsider = UserFactory(email="paa@muu.fi")
    grant(outsider, OrganisationFactory(), Role.MAIN_USER)
    admin = UserFactory(email="admin@joopas.fi")
    grant(admin, OrganisationFactory(), Role.PLATFORM_ADMIN)
    return {"org": org, "plain": plain, "main": main, "officer": officer, "outsider": outsider, "admin": admin,
            "no_role": UserFactory(email="ei@example.fi")}


def _client(user: Any = None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def _invite_api(c: Client, org: Organisation, email: str, **identity: str) -> Any:
    body = {"organisation_id": org.pk, "email": email, "first_name": "Iida", "last_name": "Identiteetti",
            "roles": [Role.MAIN_USER], **identity}
    return c.post("/api/v1/access/invitations", data=json.dumps(body), content_type="application/json")


def _page_form(**extra: str) -> dict[str, Any]:
    return {"email": "uusi@vahva.fi", "first_name": "Iida", "last_name": "Identiteetti", "language": "fi",
            "roles": [Role.OFFICER], "hetu": "", "person_oid": "", "valid_until": "", **extra}


def _audit_count() -> int:
    return AuditEvent.objects.count()


# --- the flag: who may set it (page and API) ------------------------------------------------------------------

@pytest.mark.parametrize("who", ["main", "admin"])
def test_r_acc_2_main_user_and_platform_admin_set_strong_identification_on_the_page(world, who) -> None:
    plain = world["plain"]
    c = _client(world[who])
    r = c.get(f"/organisations/{plain.oid}/settings/")
    assert r.status_code == 200
    r = c.post(f"/organisations/{plain.oid}/settings/", {"strong_identification": "on"})
    assert (r.status_code, r["Location"]) == (302, f"/organisations/{plain.oid}/settings/")
    plain.refresh_from_db()
    assert plain.strong_identification is True
    row = AuditEvent.objects.get(event="organisations.organisation.settings_updated")
    assert (row.actor_id, row.organisation_oid, row.subject_type, row.subject_id, row.before, row.after) == (
        world[who].pk, plain.oid, "organisations.organisation", str(plain.pk), {"strong_identification": False},
        {"strong_identification": True})


def test_r_acc_2_strong_identification_is_set_through_the_api(world) -> None:
    plain = world["plain"]
    r = _client(world["main"]).put(f"/api/v1/organisations/{plain.oid}/settings",
                                   data=json.dumps({"strong_identification": True}), content_type="application/json")
    assert (r.status_code, r.json()) == (200, {"oid": plain.oid, "strong_identification": True})
    plain.refresh_from_db()
    assert plain.strong_identification is True


@pytest.mark.parametrize("actor", ["anonymous", "officer", "outsider", "no_role"])
def test_r_acc_2_others_cannot_change_the_flag_and_nothing_changes(world, actor) -> None:
    plain = world["plain"]
    c = _client(None if actor == "anonymous" else world[actor])
    before = (snapshot(), sorted(Organisation.objects.values_list("id", "strong_identification")), _audit_count())
    page = c.post(f"/organisations/{plain.oid}/settings/", {"strong_identification": "on"})
    api = c.put(f"/api/v1/organisations/{plain.oid}/settings", data=json.dumps({"strong_identification": True}),
                content_type="application/json")
    if actor == "anonymous":
        assert (page.status_code, api.status_code) == (302, 401)
    else:
        assert (page.status_code, api.status_code) == (403, 403)
        assert api.json()["code"] == "organisations.settings.not_allowed"
    assert (snapshot(), sorted(Organisation.objects.values_list("id", "strong_identification")),
            _audit_count()) == before


# --- required when flagged: the page ----------------------------------------------------------------------------

def test_r_acc_2_invitation_page_requires_identity_when_flagged_and_names_the_field(world) -> None:
    org = world["org"]
    c = _client(world["main"])
    assert "Required: your organisation uses strong identification" in c.get(
        f"/access/organisations/{org.pk}/invite/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    before = (snapshot(), _audit_count())
    r = c.post(f"/access/organisations/{org.pk}/invite/", _page_form(), HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 400
    assert r.context["form"].errors == {"hetu": [
        "This organisation uses strong identification: give the person's personal identity code or learner OID."]}
    assert (snapshot(), _audit_count()) == before


def test_r_acc_2_invitation_page_refusal_is_translated(world) -> None:
    org = world["org"]
    r = _client(world["main"]).post(f"/access/organisations/{org.pk}/invite/", _page_form(),
                                    HTTP_ACCEPT_LANGUAGE="fi")
    assert r.status_code == 400
    assert r.context["form"].errors["hetu"][0].startswith("Tämä organisaatio käyttää vahvaa tunnistamista")


def test_r_acc_2_invitation_page_refuses_a_hetu_with_a_wrong_check_character(world) -> None:
    org = world["org"]
    before = snapshot()
    r = _client(world["main"]).post(f"/access/organisations/{org.pk}/invite/", _page_form(hetu=HETU_BAD_CHECKSUM),
                                    HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 400
    assert r.context["form"].errors == {"hetu": ["The check character of the personal identity code is wrong."]}
    assert snapshot() == before


@pytest.mark.parametrize("identity", [{"hetu": HETU}, {"person_oid": LEARNER_OID}])
def test_r_acc_2_invitation_page_with_identity_is_sent(world, identity) -> None:
    org = world["org"]
    r = _client(world["main"]).post(f"/access/organisations/{org.pk}/invite/", _page_form(**identity))
    assert (r.status_code, r["Location"]) == (302, f"/access/organisations/{org.pk}/")
    inv = Invitation.objects.get()
    assert inv.identity_label == ("131052-****" if "hetu" in identity else LEARNER_OID)
    assert inv.identity_key.startswith("hetu:" if "hetu" in identity else "oid:")


def test_r_acc_2_identity_stays_optional_where_the_flag_is_off(world) -> None:
    r = _client(world["main"]).post(f"/access/organisations/{world['plain'].pk}/invite/", _page_form())
    assert r.status_code == 302
    assert Invitation.objects.get().identity_key == ""


# --- required when flagged: the API -----------------------------------------------------------------------------

def test_r_acc_2_invitation_api_requires_identity_when_flagged(world) -> None:
    before = (snapshot(), _audit_count())
    r = _invite_api(_client(world["main"]), world["org"], "uusi@vahva.fi")
    assert (r.status_code, r.json()) == (422, {
        "code": "access.invitation.identity_required",
        "message": "Tämä organisaatio käyttää vahvaa tunnistamista: anna henkilön henkilötunnus tai oppijanumero.",
        "details": {"field": "person_id", "fields": ["person_id", "learner_oid"]}})
    assert (snapshot(), _audit_count()) == before


@pytest.mark.parametrize(("identity", "code", "path"), [
    ({"person_id": HETU_BAD_CHECKSUM}, "identifier.hetu.checksum", "person_id"),
    ({"person_id": "1310523-08T"}, "identifier.hetu.format", "person_id"),
    ({"learner_oid": "1.2.246.562.10.00000000001"}, "identifier.oid.node", "learner_oid"),
    ({"learner_oid": "1.2.246.562.24.10000000004"}, "identifier.oid.checksum", "learner_oid"),
])
def test_r_acc_2_invitation_api_checks_the_identity_at_the_edge(world, identity, code, path) -> None:
    before = (snapshot(), _audit_count())
    r = _invite_api(_client(world["main"]), world["org"], "uusi@vahva.fi", **identity)
    assert r.status_code == 422
    assert [(e["code"], e["path"]) for e in r.json()["details"]["errors"]] == [(code, path)]
    assert (snapshot(), _audit_count()) == before


@pytest.mark.parametrize(("identity", "label"), [({"person_id": HETU}, "131052-****"),
                                                 ({"learner_oid": LEARNER_OID}, LEARNER_OID)])
def test_r_acc_2_invitation_api_with_identity_is_created(world, identity, label) -> None:
    r = _invite_api(_client(world["main"]), world["org"], "uusi@vahva.fi", **identity)
    assert r.status_code == 201, r.json()
    assert Invitation.objects.get(pk=r.json()["id"]).identity_label == label


def test_r_acc_2_invitation_api_without_identity_where_the_flag_is_off(world) -> None:
    r = _invite_api(_client(world["main"]), world["plain"], "uusi@tavallinen.fi")
    assert r.status_code == 201


def test_r_acc_2_direct_grant_in_a_flagged_organisation_needs_an_identified_account(world) -> None:
    org = world["org"]
    unbound = UserFactory(email="sidottu-ei@vahva.fi")
    c = _client(world["main"])
    before = snapshot()
    r = c.post("/api/v1/access/grants", data=json.dumps({"user_email": unbound.email, "organisation_id": org.pk,
                                                         "role": Role.OFFICER}), content_type="application/json")
    assert (r.status_code, r.json()["code"], r.json()["details"]) == (
        422, "access.grant.identity_required", {"field": "email"})
    assert snapshot() == before
    User.objects.filter(pk=unbound.pk).update(identity_key="oid:" + LEARNER_OID)
    r = c.post("/api/v1/access/grants", data=json.dumps({"user_email": unbound.email, "organisation_id": org.pk,
                                                         "role": Role.OFFICER}), content_type="application/json")
    assert r.status_code == 201


# --- R-ACC-2: two mailboxes of one person, end to end through the API, and the audit trail ----------------------

def _token(mailoutbox: list[Any], to: str) -> str:
    mail = next(m for m in mailoutbox if m.to == [to])
    found = re.search(r"/access/invitations/([A-Za-z0-9_-]+)/", mail.body)
    assert found is not None
    return found.group(1)


def test_r_acc_2_second_mailbox_cannot_renew_own_main_user_grant_and_audit_shows_who_invited_whom(
        world, mailoutbox, django_capture_on_commit_callbacks) -> None:
    org, main = world["org"], world["main"]
    c = _client(main)
    # The main user invites the same person (one hetu) to two mailboxes as main user.
    with django_capture_on_commit_callbacks(execute=True):
        first = _invite_api(c, org, "eka@vahva.fi", person_id=HETU)
        second = _invite_api(c, org, "toka@gmail.example", person_id=HETU)
    assert (first.status_code, second.status_code) == (201, 201)
    for to in ("eka@vahva.fi", "toka@gmail.example"):
        r = Client().post(f"/access/invitations/{_token(mailoutbox, to)}/",
                          {"password1": PASSWORD, "password2": PASSWORD})
        assert r.status_code == 302, to
    eka, toka = User.objects.get(email="eka@vahva.fi"), User.objects.get(email="toka@gmail.example")
    assert eka.identity_key == toka.identity_key != ""
    own = Grant.objects.get(user=eka, organisation_id=org.pk, role=Role.MAIN_USER)

    # R-ACC-2: the second mailbox may not renew the first one's main-user grant (page or API); nothing changes.
    before = (snapshot(), _audit_count())
    r = _client(toka).post(f"/api/v1/access/grants/{own.pk}/renew", data=json.dumps({}),
                           content_type="application/json")
    assert (r.status_code, r.json()["code"]) == (403, "access.grant.self")
    page = _client(toka).post(f"/access/grants/{own.pk}/renew/", {"valid_until": ""})
    assert page.status_code == 302
    assert (snapshot(), _audit_count()) == before

    # The audit trail: who invited whom (the invitation names the person by masked hetu), and who granted.
    created = list(AuditEvent.objects.filter(event="access.invitation.created").order_by("id"))
    assert [(e.actor_id, e.organisation_oid, e.after["email"], e.after["invited"], e.after["invited_by"])
            for e in created] == [
        (main.pk, org.oid, "eka@vahva.fi", {"first_name": "Iida", "last_name": "Identiteetti",
                                             "identity": "131052-****"}, {"user": main.pk, "email": main.email}),
        (main.pk, org.oid, "toka@gmail.example", {"first_name": "Iida", "last_name": "Identiteetti",
                                                   "identity": "131052-****"}, {"user": main.pk, "email": main.email}),
    ]
    accepted = list(AuditEvent.objects.filter(event="access.invitation.accepted").order_by("id"))
    assert [(e.after["user"], e.after["email"], e.after["invited_by"], e.after["identity"]) for e in accepted] == [
        (eka.pk, "eka@vahva.fi", main.pk, "131052-****"), (toka.pk, "toka@gmail.example", main.pk, "131052-****")]
    granted = list(AuditEvent.objects.filter(event="access.grant.granted", after__invitation__isnull=False)
                   .order_by("id"))
    assert [(e.actor_id, e.after["user"], e.after["role"]) for e in granted] == [
        (main.pk, eka.pk, Role.MAIN_USER), (main.pk, toka.pk, Role.MAIN_USER)]
    assert HETU not in json.dumps([e.after for e in AuditEvent.objects.all()])  # never the hetu itself


# --- the pure rules --------------------------------------------------------------------------------------------

def test_r_acc_2_rule_identity_given_only_required_when_flagged() -> None:
    from joopas.access import rules
    from joopas.core.errors import ValidationFailed

    rules.check_identity_given(False, "")
    rules.check_identity_given(True, "oid:" + LEARNER_OID)
    with pytest.raises(ValidationFailed) as exc:
        rules.check_identity_given(True, "")
    assert (exc.value.code, exc.value.details) == ("access.invitation.identity_required",
                                                   {"field": "hetu", "fields": ["hetu", "person_oid"]})
    rules.check_grantee_identified(False, "")
    rules.check_grantee_identified(True, "hetu:abc")
    with pytest.raises(ValidationFailed) as exc:
        rules.check_grantee_identified(True, "")
    assert (exc.value.code, exc.value.details) == ("access.grant.identity_required", {"field": "email"})
