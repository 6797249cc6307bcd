import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from joopas.accounts.tests.factories import UserFactory
from joopas.catalogue.tests.factories import make_realisation, make_unit
from joopas.core.clock import today
from joopas.core.errors import DomainError, PermissionDenied
from joopas.core.models import AuditEvent
from joopas.networks.tests.factories import add_member
from joopas.registrations import services
from joopas.registrations.models import Registration, Selection, SelectionHistory
from joopas.registrations.tests.factories import make_world, register, window
from joopas.rights.models import Person, StudyRight
from joopas.rights.tests.factories import officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, Any]:
    return make_world()


def _state() -> tuple[Any, ...]:
    return (list(Registration.objects.values_list("id", "host_right_id")),
            list(Selection.objects.values_list("id", "status")), Person.objects.count(),
            list(StudyRight.objects.values_list("id", "kind", "end_date")), AuditEvent.objects.count())


def _register(w: dict[str, Any], *reals: Any, actor: Any = None, now: dt.datetime | None = None) -> Registration:
    return register(w, *reals, actor=actor, now=now)


def test_r_reg_2_and_r_reg_6_provisional_host_right_on_one_host_identity(world: dict[str, Any]) -> None:
    reg = _register(world)
    host_person = Person.objects.get(pk=reg.host_person_id)
    assert (host_person.organisation_id, host_person.hetu_key) == (world["aalto"].pk, world["person"].hetu_key)
    provisional = StudyRight.objects.get(pk=reg.host_right_id)
    assert (provisional.kind, provisional.organisation_id) == ("host_provisional", world["aalto"].pk)
    assert list(reg.selections.values_list("realisation_id", "status")) == [(world["real"].pk, 1)]
    again = _register(world, world["other"])  # a second registration to the same host: the same person
    assert again.host_person_id == reg.host_person_id
    assert Person.objects.filter(organisation_id=world["aalto"].pk).count() == 1
    assert AuditEvent.objects.filter(event="registrations.registration.created").count() == 2


def test_r_reg_1_refusals_change_nothing(world: dict[str, Any]) -> None:
    now = world["now"]
    _register(world)
    before = _state()
    cases: list[tuple[Any, str]] = [
        (lambda: _register(world), "registrations.duplicate"),
        # one second after the window closes
        (lambda: _register(world, make_realisation(world["unit"], **window(now, end_days=0)),
                           now=now + dt.timedelta(seconds=1)), "registrations.enrolment_closed"),
        (lambda: _register(world, make_realisation(make_unit(world["tuni"]), **window(now))),
         "registrations.network_not_valid"),
    ]
    for call, code in cases:
        with pytest.raises(DomainError) as err:
            call()
        assert err.value.code == code
    assert _state()[:2] == before[:2]
    assert _state()[3] == before[3]


def test_r_reg_1_home_right_ended_yesterday(world: dict[str, Any]) -> None:
    from joopas.rights import services as rights_services

    rights_services.right_dates_update(actor=world["home_officer"], right_id=world["right"].pk,
                                       start_date=world["right"].start_date, end_date=today() - dt.timedelta(days=1))
    before = _state()
    with pytest.raises(DomainError) as err:
        _register(world)
    assert err.value.code == "registrations.right_not_eligible"
    assert _state() == before


def test_r_reg_1_host_membership_ended(world: dict[str, Any]) -> None:
    add_member(world["network"], world["aalto"], valid_from=today() - dt.timedelta(days=100),
               valid_until=today() - dt.timedelta(days=1))
    with pytest.raises(DomainError) as err:
        _register(world)
    assert err.value.code == "registrations.network_not_valid"


def test_r_reg_3_acceptance_makes_the_right_official_ending_31_july(world: dict[str, Any]) -> None:
    reg = _register(world)
    sel = reg.selections.get()
    services.selection_decide(actor=world["host_officer"], selection_id=sel.pk, accept=True,
                              host_student_number="A12345")
    right = StudyRight.objects.get(pk=reg.host_right_id)
    real_end = world["real"].end_date
    expected = dt.date(real_end.year if real_end.month <= 7 else real_end.year + 1, 7, 31)
    assert (right.kind, right.end_date) == ("host_official", min(expected, world["right"].end_date))
    sel.refresh_from_db()
    assert (sel.status, sel.host_student_number) == (2, "A12345")
    assert list(SelectionHistory.objects.filter(selection=sel).values_list("from_status", "to_status")) == \
        [(None, 1), (1, 2)]


def test_rejection_needs_a_reason_and_other_institutions_cannot_decide(world: dict[str, Any]) -> None:
    sel = _register(world).selections.get()
    before = _state()
    with pytest.raises(DomainError) as err:
        services.selection_decide(actor=world["host_officer"], selection_id=sel.pk, accept=False, reason="")
    assert err.value.code == "registrations.selection.reason_required"
    for actor in (world["home_officer"], officer(world["tuni"]), AnonymousUser(), UserFactory()):
        with pytest.raises(PermissionDenied):
            services.selection_decide(actor=actor, selection_id=sel.pk, accept=True)
    assert _state() == before
    services.selection_decide(actor=world["host_officer"], selection_id=sel.pk, accept=False, reason="Täynnä")
    sel.refresh_from_db()
    assert (sel.status, sel.reason) == (3, "Täynnä")


def test_r_reg_4_cancellation_after_acceptance_outside_the_window(world: dict[str, Any]) -> None:
    sel = _register(world).selections.get()
    services.selection_decide(actor=world["host_officer"], selection_id=sel.pk, accept=True)
    later = world["now"] + dt.timedelta(days=11)  # the window closed yesterday
    with pytest.raises(PermissionDenied) as err:
        services.selection_cancel(actor=world["student"], selection_id=sel.pk, now=later)
    assert err.value.code == "registrations.selection.contact_host"
    services.selection_cancel(actor=world["student"], selection_id=sel.pk, now=world["now"])
    sel.refresh_from_db()
    assert sel.status == 4
    # the official right stays for the host to end
    assert StudyRight.objects.get(pk=sel.registration.host_right_id).kind == "host_official"


def test_only_the_student_or_the_home_office_registers(world: dict[str, Any]) -> None:
    before = _state()
    for actor in (AnonymousUser(), UserFactory(), world["host_officer"]):
        with pytest.raises(PermissionDenied):
            _register(world, actor=actor)
    assert _state() == before
    assert _register(world, actor=world["home_officer"]).registered_by == world["home_officer"].email


def test_r_reg_5_unaccepted_provisional_rights_are_removed_accepted_ones_stay(world: dict[str, Any]) -> None:
    pending = _register(world)
    accepted = _register(world, world["other"])
    services.selection_decide(actor=world["host_officer"], selection_id=accepted.selections.get().pk, accept=True)
    assert services.purge_provisional(day=today() + dt.timedelta(days=59)) == 0
    assert services.purge_provisional(day=today() + dt.timedelta(days=60)) == 1
    pending.refresh_from_db()
    assert pending.host_right_id is None
    assert StudyRight.objects.filter(kind="host_provisional").count() == 0
    assert StudyRight.objects.filter(kind="host_official").count() == 1


def test_r_reg_7_home_changes_reach_the_host_copy_and_right(world: dict[str, Any]) -> None:
    from joopas.rights import services as rights_services
    from joopas.rights.tests.factories import person_input

    reg = _register(world)
    services.selection_decide(actor=world["host_officer"], selection_id=reg.selections.get().pk, accept=True)
    host_right = StudyRight.objects.get(pk=reg.host_right_id)
    assert host_right.home_right_id == world["right"].pk
    # personal and contact data: the home record is the master
    rights_services.person_upsert(actor=world["home_officer"], organisation_id=world["hy"].pk,
                                  data=person_input(hetu="", learner_oid=world["person"].learner_oid,
                                                    first_names="Uusi", last_name="Nimi", email="uusi@example.fi"))
    copy = Person.objects.get(pk=reg.host_person_id)
    assert (copy.first_names, copy.last_name, copy.email) == ("Uusi", "Nimi", "uusi@example.fi")
    # the home right's new (earlier) end moves the host right's end
    earlier = host_right.end_date - dt.timedelta(days=10)
    rights_services.right_dates_update(actor=world["home_officer"], right_id=world["right"].pk,
                                       start_date=world["right"].start_date, end_date=earlier)
    host_right.refresh_from_db()
    assert host_right.end_date == earlier
    # a later home end does not lengthen the host right past its own rule
    rights_services.right_dates_update(actor=world["home_officer"], right_id=world["right"].pk,
                                       start_date=world["right"].start_date, end_date=earlier + dt.timedelta(days=900))
    host_right.refresh_from_db()
    assert host_right.end_date == earlier
    # the home right ends: the host right ends today
    rights_services.right_status_change(actor=world["home_officer"], right_id=world["right"].pk, to="ended")
    host_right.refresh_from_db()
    assert host_right.end_date == today()
    assert AuditEvent.objects.filter(event="rights.study_right.updated", subject_id=str(host_right.pk)).count() == 3


def test_r_reg_7_a_hosts_own_record_of_its_student_is_not_overwritten(world: dict[str, Any]) -> None:
    from joopas.rights import services as rights_services
    from joopas.rights.tests.factories import person_input

    own = rights_services.person_upsert(actor=world["host_officer"], organisation_id=world["aalto"].pk,
                                        data=person_input(hetu="", learner_oid=world["person"].learner_oid,
                                                          first_names="Aalto-nimi"))
    reg = _register(world)
    assert reg.host_person_id == own.pk  # R-REG-6: the host's existing record is used
    rights_services.person_upsert(actor=world["home_officer"], organisation_id=world["hy"].pk,
                                  data=person_input(hetu="", learner_oid=world["person"].learner_oid,
                                                    first_names="Koti-nimi"))
    own.refresh_from_db()
    assert own.first_names == "Aalto-nimi"
