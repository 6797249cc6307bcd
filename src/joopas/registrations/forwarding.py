"""What each side of a registration receives through the exchange when the other side acted in Joopas' pages or
through the HTTP API (a message sent by a system is itself forwarded: `messages.py`): the host gets a
CREATE_REGISTRATION_REQUEST (a registration, or the student's cancellation with selectionItemStatus 4) on
behalf of the home, which it answers with REGISTRATION_REPLY_REQUEST; the home gets the host officer's decision
as a REGISTRATION_REPLY_REQUEST on behalf of the host. Only the two parties of the registration receive them
(R-EXC-4). Called by `services` inside their transaction (`exchange.api.emit`)."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language

from joopas.exchange import api as exchange_api
from joopas.registrations import rules
from joopas.registrations.models import Registration, Selection, SelectionKind
from joopas.registrations.selectors import Lookups

REQUEST = "CREATE_REGISTRATION_REQUEST"
REPLY = "REGISTRATION_REPLY_REQUEST"

# rights' study-right status → VIRTA studyRightStatusValue (1 active, 2 option, 3 ended, 4 passivated, 5 forfeited)
RIGHT_STATUS = {"active": 1, "option": 2, "ended": 3, "passivated": 4, "forfeited": 5}


def _tk(organisation_id: int, look: Lookups) -> str:
    org = look.organisation(organisation_id)
    return (org.tk_code or org.oid) if org else str(organisation_id)


def selection_item(sel: Selection, status: int | None = None, lookups: Lookups | None = None) -> dict[str, Any]:
    """A selection in the vocabulary's shape (course unit; realisation; realisation via an assessment item)."""
    look = lookups or Lookups()
    real = look.realisation(sel.realisation_id) if sel.realisation_id and sel.kind != SelectionKind.COURSE_UNIT \
        else None
    unit = look.unit(sel.course_unit_id) if sel.course_unit_id else None
    unit_ref = {"selectionItemId": unit.study_element_id if unit else "-", "selectionItemType": "COURSE_UNIT",
                "parent": None}
    item: dict[str, Any] = {"selectionItemStatus": rules.request_status(sel.status if status is None else status)}
    if sel.kind == SelectionKind.COURSE_UNIT:
        item.update(selectionItemId=unit_ref["selectionItemId"], selectionItemType="COURSE_UNIT", parent=None)
    else:
        item.update(selectionItemId=real.realisation_id if real else "-", selectionItemType="REALISATION")
        if sel.kind == SelectionKind.ASSESSMENT_ITEM:
            item["parent"] = {"selectionItemId": sel.assessment_item_ref, "selectionItemType": "ASSESSMENT_ITEM",
                              "parent": {"selectionItemId": sel.completion_option_ref or "-",
                                         "selectionItemType": "COMPLETION_OPTION", "parent": unit_ref}}
        else:
            item["parent"] = unit_ref
    if sel.sub_groups:
        item["subGroupSelections"] = list(sel.sub_groups)
    if sel.status_info:
        item["selectionItemStatusInfo"] = sel.status_info
    return item


def _student(reg: Registration, look: Lookups) -> dict[str, Any]:
    right = look.right(reg.home_right_id)
    person = look.person(reg.home_person_id)
    student: dict[str, Any] = {}
    if person is not None:
        if person.learner_oid:
            student["oid"] = person.learner_oid
        student.update(firstNames=person.first_names or None, surName=person.last_name or None,
                       homeStudentNumber=person.student_number or None)
    if right is not None:
        student["homeStudyRight"] = {
            "identifiers": {"organisationTkCodeReference": _tk(right.organisation_id, look), "studyRightId": right.identifier},
            "studyRightStatus": {"studyRightStatusValue": RIGHT_STATUS.get(right.status, 1),
                                 "startDate": right.start_date.isoformat(),
                                 "endDate": right.end_date.isoformat() if right.end_date else None},
            "eligibleForNetworkStudies": reg.network_id in right.network_ids}
    return student


def request_payload(reg: Registration, selections: Sequence[Selection], *, status: int | None = None,
                    lookups: Lookups | None = None) -> dict[str, Any]:
    """The request on the home's behalf: built from what Joopas knows (the home system's own request, when it
    sent one, as it sent it: R-EXC-5), with the given selections (and statuses). `lookups`: what the caller
    already read (the registering request), not read again."""
    look = lookups or Lookups()
    items = [selection_item(s, status, look) for s in selections]
    if reg.source:
        payload = copy.deepcopy(reg.source)
    else:
        network = look.network(reg.network_id)
        look.organisations([reg.home_organisation_id, reg.host_organisation_id])
        payload = {"sendingOrganisationTkCode": _tk(reg.home_organisation_id, look),
                   "receivingOrganisationTkCode": _tk(reg.host_organisation_id, look),
                   "enrolmentDateTime": timezone.localtime(reg.enrolled_at or reg.created_at).isoformat(),
                   "student": _student(reg, look), "networkIdentifier": network.code if network else str(reg.network_id)}
    payload["selections"] = items
    return payload


def send_request(reg: Registration, selections: Sequence[Selection], *, status: int | None = None,
                 lookups: Lookups | None = None, message_id: uuid.UUID | None = None) -> uuid.UUID:
    """To the host only, which may answer it (R-EXC-4: the parties of this registration); its message_id
    (`message_id` when given: a new registration's request id)."""
    msg = exchange_api.emit(sender_id=reg.home_organisation_id, type_name=REQUEST,
                            payload=request_payload(reg, selections, status=status, lookups=lookups),
                            receivers=[reg.host_organisation_id], recipient_id=reg.host_organisation_id,
                            message_id=message_id)
    return msg.message_id


def reply_payload(reg: Registration, selections: Sequence[Selection], *, reason: str = "") -> dict[str, Any]:
    """A reply as the host's officer gave it in Joopas' pages."""
    statuses = {s.status for s in selections}
    look = Lookups()
    items = []
    for s in selections:
        item = selection_item(s, lookups=look)
        items.append({"selectionItemId": item["selectionItemId"], "selectionItemType": item["selectionItemType"],
                      "selectionItemStatus": s.status,
                      **({"selectionItemStatusInfo": s.reason} if s.reason else {})})
    payload: dict[str, Any] = {
        "registrationRequestId": str(reg.request_id),
        "status": "REGISTRATION_REJECTED" if statuses == {rules.REJECTED} else "REGISTERED",
        "selections": items}
    numbers = [s.host_student_number for s in selections if s.host_student_number]
    if numbers:
        payload["hostStudentNumber"] = numbers[0]
    if reason:  # in the language the officer used the pages in
        lang = (get_language() or "fi")[:2]
        payload["rejectionReason"] = {"values": {lang if lang in ("fi", "sv", "en") else "fi": reason}}
    return payload


def send_reply(reg: Registration, payload: dict[str, Any]) -> None:
    """To the home only."""
    exchange_api.emit(sender_id=reg.host_organisation_id, type_name=REPLY, payload=payload,
                      receivers=[reg.home_organisation_id])
