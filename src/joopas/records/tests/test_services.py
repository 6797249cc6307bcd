import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from joopas.accounts.tests.factories import UserFactory
from joopas.core.clock import today
from joopas.core.errors import DomainError, PermissionDenied
from joopas.core.models import AuditEvent
from joopas.records import services
from joopas.records.models import Credit, Record
from joopas.registrations.tests.factories import accepted, make_world, register
from joopas.rights.tests.factories import officer

pytestmark = pytest.mark.django_db

ECTS_TO_FIVE = {"F": "0", "E": "1", "D": "2", "C": "3", "B": "4", "A": "5"}


@pytest.fixture
def world() -> dict[str, Any]:
    return make_world()


def _record(w: dict[str, Any], reg: Any, *, grade: str = "B", scale: str = "ects", actor: Any = None) -> Record:
    return services.record_create(actor=actor or w["host_officer"], host_person_id=reg.host_person_id,
                                  realisation_id=w["real"].pk, completion_date=today(), credits=Decimal("5"),
                                  grade=grade, scale=scale, assessor="Opettaja Aalto")


def _state() -> tuple[Any, ...]:
    return (list(Record.objects.values_list("id", "status", "grade")),
            list(Credit.objects.values_list("id", "status", "converted_grade")), AuditEvent.objects.count())


def test_r_rec_1_and_2_the_home_receives_a_credit_naming_the_host_converted_by_its_table(world: dict[str, Any]) -> None:
    services.conversion_table_set(actor=world["home_officer"], organisation_id=world["hy"].pk, from_scale="ects",
                                  to_scale="0-5", mapping=ECTS_TO_FIVE)
    record = _record(world, accepted(world))
    credit = Credit.objects.get(record=record)
    assert (credit.home_organisation_id, credit.home_person_id, credit.original_organisation_id) == \
        (world["hy"].pk, world["person"].pk, world["aalto"].pk)
    assert (credit.original_grade, credit.original_scale, credit.converted_grade, credit.home_scale) == \
        ("B", "ects", "4", "0-5")
    assert credit.conversion_note == "ects B → 0-5 4 (conversion table)"
    assert credit.status == "received"
    # the home officer approves, or changes the converted grade
    services.credit_decide(actor=world["home_officer"], credit_id=credit.pk, accept=True, converted_grade="3")
    credit.refresh_from_db()
    assert (credit.status, credit.converted_grade, credit.original_grade) == ("accepted", "3", "B")


def test_r_rec_1_no_record_for_a_student_never_accepted(world: dict[str, Any]) -> None:
    pending = register(world)  # registered, not accepted
    before = _state()
    with pytest.raises(DomainError) as err:
        _record(world, pending)
    assert err.value.code == "records.student_not_accepted"
    assert _state() == before


def test_r_rec_2_a_grade_not_in_its_scale_is_refused(world: dict[str, Any]) -> None:
    reg = accepted(world)
    before = _state()
    with pytest.raises(DomainError) as err:
        _record(world, reg, grade="6", scale="0-5")
    assert err.value.code == "records.grade_not_in_scale"
    assert _state() == before


def test_r_rec_3_correction_and_removal_reach_the_home_copy(world: dict[str, Any]) -> None:
    record = _record(world, accepted(world), grade="3", scale="0-5")
    credit = Credit.objects.get(record=record)
    services.credit_decide(actor=world["home_officer"], credit_id=credit.pk, accept=True)
    services.record_correct(actor=world["host_officer"], record_id=record.pk, grade="4", scale="0-5",
                            credits=Decimal("5"), completion_date=today() - dt.timedelta(days=1))
    credit.refresh_from_db()
    assert (credit.status, credit.original_grade) == ("received", "4")  # waits for approval again
    services.record_remove(actor=world["host_officer"], record_id=record.pk, reason="väärä opiskelija")
    credit.refresh_from_db()
    record.refresh_from_db()
    assert (record.status, credit.status, credit.reason) == ("removed", "withdrawn", "väärä opiskelija")


def test_only_the_offices_record_and_credit(world: dict[str, Any]) -> None:
    reg = accepted(world)
    record = _record(world, reg)
    credit = Credit.objects.get(record=record)
    before = _state()
    for actor in (AnonymousUser(), UserFactory(), world["home_officer"], officer(world["tuni"])):
        with pytest.raises(PermissionDenied):
            _record(world, reg, actor=actor)
    for actor in (AnonymousUser(), UserFactory(), world["host_officer"], officer(world["tuni"])):
        with pytest.raises(PermissionDenied):
            services.credit_decide(actor=actor, credit_id=credit.pk, accept=True)
    with pytest.raises(DomainError) as err:
        services.credit_decide(actor=world["home_officer"], credit_id=credit.pk, accept=False, reason="")
    assert err.value.code == "records.reason_required"
    assert _state() == before
