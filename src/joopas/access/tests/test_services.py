from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail

from joopas.access import selectors, services
from joopas.access.models import AccessRequest, Grant, GrantHistory, GrantStatus, Invitation, Role
from joopas.access.tests.conftest import snapshot
from joopas.access.tests.factories import grant
from joopas.accounts.models import User
from joopas.accounts.tests.factories import UserFactory
from joopas.core.clock import today
from joopas.core.errors import Conflict, IllegalTransition, NotFound, PermissionDenied, ValidationFailed
from joopas.core.models import AuditEvent
from joopas.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_r_acc_1_main_user_grants_with_default_twelve_months_history_and_audit(org, main_user, officer):
    g = services.grant_create(actor=main_user, user_id=officer.pk, organisation_id=org.pk, role=Role.REGISTRAR)
    assert (g.status, g.valid_from, g.valid_until, g.granted_by_id) == (
        "granted", today(), today().replace(year=today().year + 1) - dt.timedelta(days=1), main_user.pk)
    assert list(g.history.values_list("from_status", "to_status", "by_id")) == [("", "granted", main_user.pk)]
    ev = AuditEvent.objects.get(event="access.grant.granted")
    assert (ev.actor_id, ev.organisation_oid, ev.subject_id, ev.after["role"]) == (
        main_user.pk, org.oid, str(g.pk), "registrar")


def test_r_acc_1_renew_and_close_write_history(org, main_user, officer):
    g = Grant.objects.get(user=officer)
    until = today() + dt.timedelta(days=300)  # at most 12 months from today (issue 10)
    services.grant_renew(actor=main_user, grant_id=g.pk, valid_until=until)
    g.refresh_from_db()
    assert (g.status, g.valid_until) == ("renewed", until)
    services.grant_close(actor=main_user, grant_id=g.pk, reason="left the job")
    g.refresh_from_db()
    assert (g.status, g.valid_until) == ("closed", today())
    assert list(g.history.values_list("from_status", "to_status")) == [
        ("", "granted"), ("granted", "renewed"), ("renewed", "closed")]
    assert list(AuditEvent.objects.order_by("id").values_list("event", flat=True)) == [
        "access.grant.renewed", "access.grant.closed"]
    with pytest.raises(IllegalTransition):
        services.grant_renew(actor=main_user, grant_id=g.pk)


def test_r_acc_1_parent_organisation_main_user_may_grant_in_a_child(org, main_user, officer):
    child = OrganisationFactory(parent=org)
    g = services.grant_create(actor=main_user, user_id=officer.pk, organisation_id=child.pk, role=Role.OFFICER)
    assert g.organisation_id == child.pk


def test_r_acc_1_grant_outside_own_organisation_is_refused_and_changes_nothing(org, other_org, main_user, officer):
    before = snapshot()
    with pytest.raises(PermissionDenied) as exc:
        services.grant_create(actor=main_user, user_id=officer.pk, organisation_id=other_org.pk, role=Role.OFFICER)
    assert exc.value.code == "access.grant.other_organisation"
    assert snapshot() == before
    assert AuditEvent.objects.count() == 0


def test_r_acc_1_officer_cannot_grant(org, officer, no_role):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.grant_create(actor=officer, user_id=no_role.pk, organisation_id=org.pk, role=Role.OFFICER)
    assert snapshot() == before


def test_r_acc_1_end_before_start_is_refused_and_changes_nothing(org, main_user, no_role):
    before = snapshot()
    with pytest.raises(ValidationFailed) as exc:
        services.grant_create(actor=main_user, user_id=no_role.pk, organisation_id=org.pk, role=Role.OFFICER,
                              valid_from=today() + dt.timedelta(days=10), valid_until=today() + dt.timedelta(days=5))
    assert exc.value.code == "access.grant.end_before_start"
    assert str(exc.value.message) == "Päättymispäivä ei voi olla ennen alkamispäivää."
    assert snapshot() == before


def test_r_acc_1_second_open_grant_of_the_same_role_is_refused(org, main_user, officer):
    before = snapshot()
    with pytest.raises(Conflict) as exc:
        services.grant_create(actor=main_user, user_id=officer.pk, organisation_id=org.pk, role=Role.OFFICER)
    assert exc.value.code == "access.grant.exists"
    assert snapshot() == before


@pytest.mark.parametrize("op", ["grant", "renew", "close"])
def test_r_acc_2_nobody_grants_renews_or_closes_their_own_rights(org, main_user, colleague, op):
    own = Grant.objects.get(user=main_user)
    before = snapshot()
    with pytest.raises(PermissionDenied) as exc:
        if op == "grant":
            services.grant_create(actor=main_user, user_id=main_user.pk, organisation_id=org.pk, role=Role.OFFICER)
        elif op == "renew":
            services.grant_renew(actor=main_user, grant_id=own.pk)
        else:
            services.grant_close(actor=main_user, grant_id=own.pk)
    assert exc.value.code == "access.grant.self"
    assert snapshot() == before
    # ...while a colleague may renew it
    services.grant_renew(actor=colleague, grant_id=own.pk)
    own.refresh_from_db()
    assert own.status == "renewed"


def test_r_acc_2_self_invitation_is_refused(org, main_user):
    before = snapshot()
    with pytest.raises(PermissionDenied) as exc:
        services.invitation_create(actor=main_user, organisation_id=org.pk, email="PAA@oma.fi", first_name="M",
                                   last_name="P", roles=[Role.OFFICER])
    assert exc.value.code == "access.grant.self"
    assert snapshot() == before
    assert mail.outbox == []


def test_r_acc_5_jotpa_main_user_grants_only_its_set_in_its_own_organisation(org, other_org, no_role):
    jotpa = UserFactory()
    grant(jotpa, org, Role.JOTPA_MAIN_USER)
    for role in (Role.JOTPA_MAIN_USER, Role.REGISTRY_MAIN_USER, Role.CURRICULUM_MAIN_USER, Role.OFFERING_EDITOR):
        services.grant_create(actor=jotpa, user_id=no_role.pk, organisation_id=org.pk, role=role)
    before = snapshot()
    for role in (Role.REGISTRAR, Role.OFFICER, Role.MAIN_USER):
        with pytest.raises(PermissionDenied) as exc:
            services.grant_create(actor=jotpa, user_id=no_role.pk, organisation_id=org.pk, role=role)
        assert exc.value.code == "access.grant.role_not_grantable"
    with pytest.raises(PermissionDenied):
        services.grant_create(actor=jotpa, user_id=no_role.pk, organisation_id=other_org.pk,
                              role=Role.OFFERING_EDITOR)
    assert snapshot() == before


def test_r_acc_1_grant_links_are_data_not_code(org, main_user, no_role):
    from joopas.access.models import GrantLink

    GrantLink.objects.filter(granter_role=Role.MAIN_USER, grantable_role=Role.REPORT_VIEWER).delete()
    with pytest.raises(PermissionDenied):
        services.grant_create(actor=main_user, user_id=no_role.pk, organisation_id=org.pk, role=Role.REPORT_VIEWER)
    GrantLink.objects.create(granter_role=Role.MAIN_USER, grantable_role=Role.REPORT_VIEWER)
    assert services.grant_create(actor=main_user, user_id=no_role.pk, organisation_id=org.pk,
                                 role=Role.REPORT_VIEWER).role == "report_viewer"


def test_r_acc_1_daily_job_expires_grants_with_history(org, main_user):
    old = grant(UserFactory(), org, Role.OFFICER, valid_from=today() - dt.timedelta(days=400),
                valid_until=today() - dt.timedelta(days=1))
    last_day = grant(UserFactory(), org, Role.OFFICER, valid_from=today() - dt.timedelta(days=400),
                     valid_until=today())
    assert services.grants_expire() == 1
    old.refresh_from_db()
    last_day.refresh_from_db()
    assert (old.status, last_day.status) == ("expired", "granted")
    assert old.history.last().to_status == "expired"
    assert AuditEvent.objects.get(event="access.grant.expired").subject_id == str(old.pk)
    assert services.grants_expire() == 0


def test_r_acc_1_reminders_four_weeks_and_one_week_before_expiry(org, main_user, django_capture_on_commit_callbacks):
    holder = UserFactory(email="holder@oma.fi", language="sv")
    g = grant(holder, org, Role.OFFICER, valid_from=today() - dt.timedelta(days=300),
              valid_until=today() + dt.timedelta(days=28))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.grant_reminders_send() == 1
        assert services.grant_reminders_send() == 0
    assert [m.to for m in mail.outbox] == [["holder@oma.fi"]]
    assert "slutar" in mail.outbox[0].subject  # Swedish: the holder's language
    g.refresh_from_db()
    assert g.reminders_sent == [28]
    with django_capture_on_commit_callbacks(execute=True):
        assert services.grant_reminders_send(on=today() + dt.timedelta(days=21)) == 1
    g.refresh_from_db()
    assert g.reminders_sent == [7, 28]
    assert len(mail.outbox) == 2


def test_r_acc_3_main_user_reminder_warns_about_fewer_than_two_main_users(org, main_user,
                                                                           django_capture_on_commit_callbacks):
    Grant.objects.filter(user=main_user).update(valid_until=today() + dt.timedelta(days=7))
    with django_capture_on_commit_callbacks(execute=True):
        services.grant_reminders_send()
    assert len(mail.outbox) == 1
    assert "Organisaatiollasi on alle kaksi voimassa olevaa pääkäyttäjää." in mail.outbox[0].body
    assert selectors.main_user_counts([org.pk]) == {org.pk: 1}


def test_invitation_creates_account_and_grants_once(org, main_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        inv, token = services.invitation_create(
            actor=main_user, organisation_id=org.pk, email="Uusi@Oma.fi", first_name="Uuno", last_name="Uusi",
            language="en", roles=[Role.OFFICER, Role.REGISTRAR], link_base="http://x.test")
    assert mail.outbox[0].to == ["uusi@oma.fi"]
    assert f"http://x.test/access/invitations/{token}/" in mail.outbox[0].body
    assert token not in inv.token_hash
    services.invitation_accept(token=token, password="Pitkä-salasana-2026")
    user = User.objects.get(email="uusi@oma.fi")
    assert user.check_password("Pitkä-salasana-2026")
    assert sorted(Grant.objects.filter(user=user).values_list("role", "status", "granted_by_id")) == [
        ("officer", "granted", main_user.pk), ("registrar", "granted", main_user.pk)]
    before = snapshot()
    with pytest.raises(Conflict) as exc:
        services.invitation_accept(token=token, password="Pitkä-salasana-2026")
    assert exc.value.code == "access.invitation.used"
    assert snapshot() == before


def test_expired_invitation_is_refused_and_changes_nothing(org, main_user):
    inv, token = services.invitation_create(actor=main_user, organisation_id=org.pk, email="late@oma.fi",
                                            first_name="L", last_name="Late", roles=[Role.OFFICER])
    before = snapshot()
    with time_machine.travel(inv.expires_at + dt.timedelta(seconds=1)), pytest.raises(Conflict) as exc:
        services.invitation_accept(token=token, password="Pitkä-salasana-2026")
    assert exc.value.code == "access.invitation.expired"
    assert snapshot() == before
    with time_machine.travel(inv.expires_at + dt.timedelta(seconds=1)):
        assert services.invitations_lapse() == 1
    inv.refresh_from_db()
    assert inv.status == "expired"


def test_weak_password_is_refused_and_changes_nothing(org, main_user):
    _inv, token = services.invitation_create(actor=main_user, organisation_id=org.pk, email="weak@oma.fi",
                                             first_name="W", last_name="Weak", roles=[Role.OFFICER])
    before = snapshot()
    with pytest.raises(ValidationFailed) as exc:
        services.invitation_accept(token=token, password="123")
    assert exc.value.code == "accounts.password.weak"
    assert snapshot() == before
    assert Invitation.objects.get().status == "open"


def test_invitation_default_validity_is_fourteen_days(org, main_user):
    inv, _ = services.invitation_create(actor=main_user, organisation_id=org.pk, email="a@oma.fi",
                                        first_name="A", last_name="B", roles=[Role.OFFICER])
    assert inv.expires_at - inv.created_at == pytest.approx(dt.timedelta(days=14), abs=dt.timedelta(seconds=5))


def test_r_acc_4_access_application_only_when_every_main_user_expired(org, main_user, officer, platform_admin,
                                                                       django_capture_on_commit_callbacks):
    before = snapshot()
    with pytest.raises(Conflict) as exc:
        services.access_request_create(actor=officer, organisation_id=org.pk)
    assert exc.value.code == "access.application.not_allowed"
    assert snapshot() == before
    Grant.objects.filter(user=main_user).update(status=GrantStatus.EXPIRED)
    app = services.access_request_create(actor=officer, organisation_id=org.pk, reason="no main users left")
    with pytest.raises(PermissionDenied):
        services.access_request_decide(actor=main_user, application_id=app.pk, approve=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.access_request_decide(actor=platform_admin, application_id=app.pk, approve=True)
    app.refresh_from_db()
    assert app.status == "approved"
    g = Grant.objects.get(user=officer, role=Role.MAIN_USER)
    assert (g.status, g.granted_by_id) == ("granted", platform_admin.pk)
    assert mail.outbox[0].to == [officer.email]


def test_r_acc_4_rejection_needs_a_reason_and_stranger_cannot_apply(org, main_user, no_role, platform_admin):
    Grant.objects.filter(user=main_user).update(status=GrantStatus.EXPIRED)
    with pytest.raises(Conflict):
        services.access_request_create(actor=no_role, organisation_id=org.pk)
    app = services.access_request_create(actor=main_user, organisation_id=org.pk)
    with pytest.raises(ValidationFailed):
        services.access_request_decide(actor=platform_admin, application_id=app.pk, approve=False)
    services.access_request_decide(actor=platform_admin, application_id=app.pk, approve=False, reason="unknown")
    assert AccessRequest.objects.get().status == "rejected"


def test_r_acc_6_logins_are_audited(org, main_user):
    services.login_recorded(user=main_user, succeeded=True)
    services.login_recorded(email="paa@oma.fi", succeeded=False, locked=True)
    rows = list(AuditEvent.objects.order_by("id").values_list("event", "actor_id", "actor_label"))
    assert rows == [("auth.login.succeeded", main_user.pk, "paa@oma.fi"), ("auth.login.failed", None, "paa@oma.fi")]
    assert AuditEvent.objects.get(event="auth.login.failed").after == {"email": "paa@oma.fi", "locked_out": True}


def test_api_key_rotate_revokes_old_and_returns_new(org, main_user):
    key, raw = services.api_key_create(actor=main_user, organisation_id=org.pk, name="Peppi")
    new, new_raw = services.api_key_rotate(actor=main_user, key_id=key.pk)
    key.refresh_from_db()
    from joopas.access.api import authenticate_api_key

    assert key.revoked_at is not None and new.name == "Peppi"
    assert authenticate_api_key(raw) is None
    client = authenticate_api_key(new_raw)
    assert client is not None and client.organisation_id == org.pk
    new.refresh_from_db()
    assert new.last_used_at is not None


def test_api_key_other_organisation_is_refused(org, outsider):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.api_key_create(actor=outsider, organisation_id=org.pk, name="x")
    assert snapshot() == before


def test_unknown_grant_is_not_found(main_user):
    with pytest.raises(NotFound):
        services.grant_renew(actor=main_user, grant_id=999999)


def test_grant_history_is_written_per_change(org, main_user, officer):
    assert GrantHistory.objects.filter(grant__user=officer).count() == 1


def test_r_acc_1_open_access_applications_lapse_after_two_months(org, main_user, officer):
    Grant.objects.filter(user=main_user).update(status=GrantStatus.EXPIRED)
    app = services.access_request_create(actor=officer, organisation_id=org.pk)
    with time_machine.travel(app.created_at + dt.timedelta(days=59)):
        assert services.access_requests_lapse() == 0
    with time_machine.travel(app.created_at + dt.timedelta(days=61)):
        assert services.access_requests_lapse() == 1
    app.refresh_from_db()
    assert app.status == "lapsed"
    assert AuditEvent.objects.filter(event="access.application.lapsed").count() == 1
