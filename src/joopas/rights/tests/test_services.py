import datetime as dt
from typing import Any

import pytest

from joopas.access.api import Role
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import UserFactory
from joopas.core.clock import today
from joopas.core.errors import Conflict, DomainError, PermissionDenied, ValidationFailed
from joopas.core.models import AuditEvent
from joopas.networks import api as networks_api
from joopas.networks.tests.factories import make_network
from joopas.organisations.tests.factories import OrganisationFactory
from joopas.rights import api, selectors, services
from joopas.rights.models import Eligibility, Person, StudyRight, StudyRightHistory
from joopas.rights.tests.factories import (
    hetu,
    learner_oid,
    make_home_right,
    make_person,
    officer,
    person_input,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, Any]:
    hy, aalto, outsider = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    network = make_network(hy, [aalto])  # the coordinating organisation is a member by itself
    return {"hy": hy, "aalto": aalto, "outsider": outsider, "network": network, "officer": officer(hy)}


def _state() -> tuple[Any, ...]:
    return (list(Person.objects.values_list("id", "first_names", "email")),
            list(StudyRight.objects.values_list("id", "status", "end_date")),
            list(Eligibility.objects.values_list("id", "network_id")), AuditEvent.objects.count())


def test_r_reg_6_a_known_person_is_updated_never_duplicated(world: dict[str, Any]) -> None:
    code, oid = hetu(41), learner_oid(41)
    first = services.person_upsert(actor=world["officer"], organisation_id=world["hy"].pk,
                                   data=person_input(hetu=code, learner_oid="", first_names="Maija"))
    again = services.person_upsert(actor=world["officer"], organisation_id=world["hy"].pk,
                                   data=person_input(hetu=code, learner_oid=oid, first_names="Maija Liisa"))
    assert again.pk == first.pk
    assert Person.objects.filter(organisation_id=world["hy"].pk).count() == 1
    again.refresh_from_db()
    assert (again.first_names, again.learner_oid) == ("Maija Liisa", oid)  # the missing OID was added
    assert again.hetu_masked == code[:7] + "****"
    assert code not in str(list(Person.objects.values()))  # the identity code is never stored in full
    # The same person at another organisation is that organisation's own record.
    other = services.person_upsert(actor=officer(world["aalto"]), organisation_id=world["aalto"].pk,
                                   data=person_input(hetu=code, learner_oid=""))
    assert other.pk != first.pk and other.hetu_key == first.hetu_key


def test_person_writes_are_audited_with_the_learner_oid(world: dict[str, Any]) -> None:
    person = make_person(world["hy"], actor=world["officer"])
    row = AuditEvent.objects.get(event="rights.person.created", subject_id=str(person.pk))
    assert row.person_oid == person.learner_oid
    assert row.after["hetu"] == person.hetu_masked
    assert row.actor_id == world["officer"].pk


def test_person_needs_an_identity_and_a_name(world: dict[str, Any]) -> None:
    before = _state()
    with pytest.raises(ValidationFailed) as err:
        services.person_upsert(actor=world["officer"], organisation_id=world["hy"].pk,
                               data=person_input(hetu="", learner_oid=""))
    assert err.value.code == "rights.person.identity_required"
    with pytest.raises(DomainError) as err:
        services.person_upsert(actor=world["officer"], organisation_id=world["hy"].pk,
                               data=person_input(hetu="010100A123X"))
    assert err.value.code == "identifier.hetu.checksum"
    assert _state() == before


def test_home_right_history_and_duplicate_identifier(world: dict[str, Any]) -> None:
    person = make_person(world["hy"], actor=world["officer"])
    right = services.home_right_create(actor=world["officer"], person_id=person.pk, identifier="SR-X",
                                       start_date=today() - dt.timedelta(days=10))
    assert list(StudyRightHistory.objects.filter(study_right=right).values_list("from_status", "to_status")) == \
        [("", "active")]
    with pytest.raises(Conflict) as err:
        services.home_right_create(actor=world["officer"], person_id=person.pk, identifier="SR-X",
                                   start_date=today())
    assert err.value.code == "rights.study_right.duplicate"
    services.right_status_change(actor=world["officer"], right_id=right.pk, to="passivated", reason="poissa")
    assert list(StudyRightHistory.objects.filter(study_right=right).values_list("from_status", "to_status")) == \
        [("", "active"), ("active", "passivated")]
    row = AuditEvent.objects.get(event="rights.study_right.status_changed")
    assert (row.before, row.after) == ({"status": "active"}, {"status": "passivated", "reason": "poissa"})


def test_r_net_2_eligibility_only_for_the_home_institutions_networks(world: dict[str, Any]) -> None:
    person = make_person(world["hy"], actor=world["officer"])
    right = make_home_right(person, actor=world["officer"], networks=[world["network"]])
    assert api.is_eligible(right.pk, world["network"].pk) is True
    foreign = make_network(world["outsider"])
    before = _state()
    with pytest.raises(ValidationFailed) as err:
        services.eligibility_set(actor=world["officer"], right_id=right.pk,
                                 network_ids=[world["network"].pk, foreign.pk])
    assert (err.value.code, err.value.details) == ("rights.eligibility.not_member",
                                                   {"path": "network_ids", "ids": [foreign.pk]})
    with pytest.raises(ValidationFailed) as err:
        services.eligibility_set(actor=world["officer"], right_id=right.pk, network_ids=[999999])
    assert err.value.code == "rights.eligibility.network_unknown"
    assert _state() == before
    services.eligibility_set(actor=world["officer"], right_id=right.pk, network_ids=[])
    assert api.is_eligible(right.pk, world["network"].pk) is False


def test_r_net_3_previews_count_eligible_rights(world: dict[str, Any]) -> None:
    hy, network = world["hy"], world["network"]
    for end in (None, today() - dt.timedelta(days=1)):  # one in force, one ended yesterday
        make_home_right(make_person(hy, actor=world["officer"]), actor=world["officer"], networks=[network], end=end)
    make_home_right(make_person(hy, actor=world["officer"]), actor=world["officer"])  # not eligible
    assert selectors.eligible_rights_count(network.pk, [hy.pk]) == 1
    assert selectors.eligible_rights_count(network.pk, [world["aalto"].pk]) == 0
    # The networks app asks through its registry (R-NET-3 preview), not by importing rights.
    from joopas.networks import hooks

    assert hooks.rights_counter_installed() is True
    assert hooks.eligible_rights_count(network.pk, [hy.pk, world["aalto"].pk]) == 1
    assert networks_api.register_eligible_rights_counter is hooks.register_eligible_rights_counter


@pytest.mark.parametrize("who", ["anonymous", "other", "no_role"])
def test_denials_change_nothing(world: dict[str, Any], who: str) -> None:
    from django.contrib.auth.models import AnonymousUser

    person = make_person(world["hy"], actor=world["officer"])
    right = make_home_right(person, actor=world["officer"], networks=[world["network"]])
    actor: Any = AnonymousUser()
    if who == "other":
        actor = officer(world["aalto"])
    elif who == "no_role":
        actor = UserFactory()
        grant(actor, world["hy"], Role.CATALOGUE_EDITOR)  # a role, but not one that sees students
    before = _state()
    calls = [
        lambda: services.person_upsert(actor=actor, organisation_id=world["hy"].pk, data=person_input()),
        lambda: services.home_right_create(actor=actor, person_id=person.pk, identifier="SR-Z", start_date=today()),
        lambda: services.right_status_change(actor=actor, right_id=right.pk, to="ended"),
        lambda: services.right_dates_update(actor=actor, right_id=right.pk, start_date=today(), end_date=None),
        lambda: services.eligibility_set(actor=actor, right_id=right.pk, network_ids=[]),
        lambda: services.attendance_set(actor=actor, right_id=right.pk, term_start=today(),
                                        term_end=today() + dt.timedelta(days=150), present=True),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied) as err:
            call()
        assert err.value.code == "rights.permission_denied"
    assert _state() == before
