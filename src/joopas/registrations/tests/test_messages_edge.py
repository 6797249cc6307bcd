"""Bad input and edge cases of registrations by message (issue 13): each refused with its reason and its path in
the message; nothing changes (no registration, selection, host right or forwarded copy)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from joopas.catalogue.tests.factories import make_realisation
from joopas.core.clock import today
from joopas.exchange.models import Delivery
from joopas.networks.tests.factories import add_member
from joopas.registrations.models import Registration, Selection
from joopas.registrations.tests.factories import window
from joopas.registrations.tests.messaging import envelope, make_keyed_world, post, realisation_item, request
from joopas.rights.models import Person, StudyRight

pytestmark = pytest.mark.django_db


@pytest.fixture
def w() -> dict[str, Any]:
    return make_keyed_world()


def _state() -> tuple[Any, ...]:
    return (Registration.objects.count(), Selection.objects.count(), Person.objects.count(),
            list(StudyRight.objects.values_list("id", "kind", "end_date")), Delivery.objects.count())


def _refused(client: Client, w: dict[str, Any], payload: Any, status: int) -> dict[str, Any]:
    before = _state()
    answer = post(client, w["hy_key"], envelope("CREATE_REGISTRATION_REQUEST", payload))
    assert answer.status_code == status, answer.json()
    assert _state() == before
    body: dict[str, Any] = answer.json()
    assert body["code"] == "exchange.refused"
    error: dict[str, Any] = body["details"]["errors"][0]
    assert error["message"]  # a reason in words
    return error


def test_r_reg_1_one_second_after_the_enrolment_window_closed(client: Client, w: dict[str, Any]) -> None:
    """R-REG-1: the window closed a second ago (enrolment end = now - 1 s)."""
    closed = make_realisation(w["unit"], **window(w["now"] - dt.timedelta(seconds=1), end_days=0))
    error = _refused(client, w, request(w, realisation_item(closed, w["unit"])), 422)
    assert (error["code"], error["path"]) == ("registrations.enrolment_closed", "payload/selections/0")


def test_r_reg_1_a_home_right_that_ended_yesterday(client: Client, w: dict[str, Any]) -> None:
    """R-REG-1 / R-NET-2: the home study right must be in force today."""
    from joopas.rights import services as rights_services

    rights_services.right_dates_update(actor=w["home_officer"], right_id=w["right"].pk,
                                       start_date=w["right"].start_date, end_date=today() - dt.timedelta(days=1))
    w["right"].refresh_from_db()
    error = _refused(client, w, request(w), 422)
    assert (error["code"], error["path"]) == ("registrations.right_not_eligible", "payload/student/homeStudyRight")


def test_r_net_1_a_network_whose_membership_of_the_host_ended(client: Client, w: dict[str, Any]) -> None:
    """R-NET-1: the host left the network yesterday."""
    add_member(w["network"], w["aalto"], valid_from=today() - dt.timedelta(days=100),
               valid_until=today() - dt.timedelta(days=1))
    error = _refused(client, w, request(w), 422)
    assert (error["code"], error["path"]) == ("registrations.network_not_valid", "payload/networkIdentifier")


def test_r_reg_1_a_host_that_was_never_a_member(client: Client, w: dict[str, Any]) -> None:
    error = _refused(client, w, request(w, receivingOrganisationTkCode="10122"), 422)
    assert (error["code"], error["path"]) == ("registrations.unknown_host", "payload/receivingOrganisationTkCode")


@pytest.mark.parametrize(("student", "code", "path"), [
    ({"oid": "1.2.246.562.24.10000000001"}, "registrations.invalid_identifier", "payload/student/oid"),  # check digit
    ({"oid": "1.2.246.562.10.00000000001"}, "registrations.invalid_identifier", "payload/student/oid"),  # organisation
    ({"oid": "oppija-1"}, "registrations.invalid_identifier", "payload/student/oid"),
    ({"personId": "010190-123X"}, "registrations.invalid_identifier", "payload/student/personId"),  # check char
    ({"personId": "310290-123F"}, "registrations.invalid_identifier", "payload/student/personId"),  # 31 February
    ({"oid": "", "personId": None}, "schema.string_too_short", "payload/student/oid"),
])
def test_malformed_identifiers(client: Client, w: dict[str, Any], student: dict[str, Any], code: str,
                               path: str) -> None:
    payload = request(w)
    payload["student"] = {k: v for k, v in payload["student"].items() if k not in ("oid", "personId")} | student
    error = _refused(client, w, payload, 422)
    assert (error["code"], error["path"]) == (code, path)


def test_an_identifier_of_another_person_is_refused(client: Client, w: dict[str, Any]) -> None:
    from joopas.rights.tests.factories import learner_oid

    payload = request(w)
    payload["student"]["oid"] = learner_oid()
    error = _refused(client, w, payload, 422)
    assert (error["code"], error["path"]) == ("registrations.student_mismatch", "payload/student/oid")


@pytest.mark.parametrize(("field", "value", "path"), [
    ("enrolmentDateTime", "2026-13-01T10:00:00+02:00", "payload/enrolmentDateTime"),
    ("enrolmentDateTime", "2026-12-01T10:00:00", "payload/enrolmentDateTime"),  # no offset
    ("dateOfBirth", "1990-02-30", "payload/student/dateOfBirth"),
    ("startDate", "1.8.2024", "payload/student/homeStudyRight/studyRightStatus/startDate"),
])
def test_malformed_dates(client: Client, w: dict[str, Any], field: str, value: str, path: str) -> None:
    payload = request(w)
    if field == "enrolmentDateTime":
        payload[field] = value
    elif field == "dateOfBirth":
        payload["student"][field] = value
    else:
        payload["student"]["homeStudyRight"]["studyRightStatus"][field] = value
    error = _refused(client, w, payload, 422)
    assert error["path"] == path
    assert error["code"].startswith("schema.")


def test_unknown_elements_and_rights_name_their_field(client: Client, w: dict[str, Any]) -> None:
    payload = request(w)
    payload["student"]["homeStudyRight"]["identifiers"]["studyRightId"] = "NO-SUCH"
    error = _refused(client, w, payload, 422)
    assert (error["code"], error["path"]) == ("registrations.unknown_study_right",
                                              "payload/student/homeStudyRight/identifiers/studyRightId")
    item = realisation_item(w["real"], w["unit"])
    item["selectionItemId"] = "NO-SUCH-REALISATION"
    error = _refused(client, w, request(w, item), 404)
    assert (error["code"], error["path"]) == ("registrations.unknown_element", "payload/selections/0/selectionItemId")
    error = _refused(client, w, request(w, networkIdentifier="NO-SUCH-NETWORK"), 422)
    assert (error["code"], error["path"]) == ("registrations.unknown_network", "payload/networkIdentifier")
    error = _refused(client, w, request(w, realisation_item(w["real"], w["unit"]), realisation_item(w["real"],
                                                                                                    w["unit"])), 409)
    assert error["code"] == "registrations.duplicate"
