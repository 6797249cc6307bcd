"""Issue 10, item 4 (R-ACC-2): a main user may not renew their own grant through a second account of their own,
grants and renewals have a maximum length from the day of the decision, and the audit shows who invited whom."""

from __future__ import annotations

import datetime as dt

import pytest

from joopas.access import rules, services
from joopas.access.models import Grant, Invitation, Role
from joopas.access.tests.conftest import main_user, org, snapshot  # noqa: F401 - fixtures
from joopas.access.tests.factories import grant
from joopas.accounts.models import User
from joopas.accounts.tests.factories import UserFactory
from joopas.core.clock import today
from joopas.core.errors import PermissionDenied, ValidationFailed
from joopas.core.models import AuditEvent

pytestmark = pytest.mark.django_db

HETU = "131052-308T"


def _accept(inv_token: str) -> User:
    inv = services.invitation_accept(token=inv_token, password="Vahva-salasana-99")
    return User.objects.get(pk=inv.accepted_user_id)


def _bind(user: User, hetu: str = HETU) -> None:
    key, _label = services.accounts_api.identity_key(hetu=hetu)
    User.objects.filter(pk=user.pk).update(identity_key=key)


def test_r_acc_2_second_mailbox_of_the_same_person_cannot_renew_the_first(org, main_user):  # noqa: F811
    _bind(main_user)  # the main user's account was bound to their hetu when they accepted their invitation
    colleague = UserFactory(email="kollega@oma.fi")
    grant(colleague, org, Role.MAIN_USER)
    # The main user invites a second mailbox of their own as a main user, naming themselves (as they must).
    with pytest.raises(PermissionDenied) as exc:
        services.invitation_create(actor=main_user, organisation_id=org.pk, email="toinen.osoite@gmail.example",
                                   first_name="Paa", last_name="Kayttaja", roles=[Role.MAIN_USER], hetu=HETU)
    assert exc.value.code == "access.grant.self"
    assert Invitation.objects.count() == 0


def test_r_acc_2_an_invitation_binds_the_identity_and_the_second_account_cannot_renew(org, main_user):  # noqa: F811
    other = UserFactory(email="kollega@oma.fi")
    grant(other, org, Role.MAIN_USER)
    # A colleague invites the person (named by hetu) twice, to two mailboxes; both accounts are the same person.
    _inv1, t1 = services.invitation_create(actor=other, organisation_id=org.pk, email="eka@oma.fi", first_name="Eka",
                                           last_name="Henkilo", roles=[Role.MAIN_USER], hetu=HETU)
    _inv2, t2 = services.invitation_create(actor=other, organisation_id=org.pk, email="toka@oma.fi",
                                           first_name="Eka", last_name="Henkilo", roles=[Role.MAIN_USER], hetu=HETU)
    first, second = _accept(t1), _accept(t2)
    assert first.identity_key == second.identity_key != ""
    own = Grant.objects.get(user=first)
    before = snapshot()
    with pytest.raises(PermissionDenied) as exc:
        services.grant_renew(actor=second, grant_id=own.pk, valid_until=dt.date(9999, 12, 31))
    assert exc.value.code == "access.grant.self"
    assert snapshot() == before
    # a different person renews it, within the maximum length
    services.grant_renew(actor=other, grant_id=own.pk)
    own.refresh_from_db()
    assert own.valid_until == rules.latest_end(today=today())


def test_r_acc_2_renewal_to_9999_is_refused_and_the_default_is_capped(org, main_user):  # noqa: F811
    holder = UserFactory(email="haltija@oma.fi")
    g = grant(holder, org, Role.MAIN_USER, valid_until=today() + dt.timedelta(days=200))
    before = snapshot()
    with pytest.raises(ValidationFailed) as exc:
        services.grant_renew(actor=main_user, grant_id=g.pk, valid_until=dt.date(9999, 12, 31))
    assert (exc.value.code, exc.value.details["field"]) == ("access.grant.too_long", "valid_until")
    assert snapshot() == before
    services.grant_renew(actor=main_user, grant_id=g.pk)
    services.grant_renew(actor=main_user, grant_id=g.pk)  # renewals do not pile up
    g.refresh_from_db()
    assert g.valid_until == rules.latest_end(today=today()) <= today() + dt.timedelta(days=366)


def test_r_acc_2_the_maximum_length_is_a_setting(org, main_user, settings):  # noqa: F811
    settings.ACCESS_GRANT_MAX_MONTHS = 3
    holder = UserFactory(email="haltija@oma.fi")
    with pytest.raises(ValidationFailed) as exc:
        services.grant_create(actor=main_user, user_id=holder.pk, organisation_id=org.pk, role=Role.OFFICER,
                              valid_until=today() + dt.timedelta(days=120))
    assert exc.value.code == "access.grant.too_long"
    g = services.grant_create(actor=main_user, user_id=holder.pk, organisation_id=org.pk, role=Role.OFFICER)
    assert g.valid_until == rules.latest_end(today=today(), max_months=3)


def test_r_acc_2_an_account_of_another_person_cannot_accept_an_invitation_naming_someone_else(org, main_user):  # noqa: F811
    someone = UserFactory(email="joku@oma.fi")
    _bind(someone, "010101A123N")
    _inv, token = services.invitation_create(actor=main_user, organisation_id=org.pk, email="joku@oma.fi",
                                             first_name="Joku", last_name="Muu", roles=[Role.OFFICER], hetu=HETU)
    with pytest.raises(PermissionDenied) as exc:
        services.invitation_accept(token=token, user=someone)
    assert exc.value.code == "access.invitation.other_person"
    assert Grant.objects.filter(user=someone).count() == 0


def test_r_acc_2_a_bad_hetu_in_an_invitation_names_the_field(org, main_user):  # noqa: F811
    with pytest.raises(ValidationFailed) as exc:
        services.invitation_create(actor=main_user, organisation_id=org.pk, email="x@oma.fi", first_name="X",
                                   last_name="Y", roles=[Role.OFFICER], hetu="131052-308A")
    assert (exc.value.code, exc.value.details["field"]) == ("access.invitation.identity", "hetu")


def test_r_acc_6_the_audit_shows_who_invited_whom(org, main_user):  # noqa: F811
    _inv, token = services.invitation_create(actor=main_user, organisation_id=org.pk, email="uusi@oma.fi",
                                             first_name="Uusi", last_name="Henkilo", roles=[Role.OFFICER], hetu=HETU)
    created = AuditEvent.objects.get(event="access.invitation.created")
    assert created.after["invited"] == {"first_name": "Uusi", "last_name": "Henkilo", "identity": "131052-****"}
    assert created.after["invited_by"] == {"user": main_user.pk, "email": "paa@oma.fi"}
    assert HETU not in str(created.after)
    user = _accept(token)
    accepted = AuditEvent.objects.get(event="access.invitation.accepted")
    assert (accepted.after["user"], accepted.after["invited_by"], accepted.after["identity"]) == (
        user.pk, main_user.pk, "131052-****")
