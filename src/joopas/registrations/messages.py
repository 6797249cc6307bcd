"""The registrations app's exchange message types (the reference vocabulary's names and every field of it):

- `CREATE_REGISTRATION_REQUEST` from the student's home institution: selections with status 1 register
  (R-REG-1, one service with the pages and the HTTP API), status 4 cancel the student's earlier registration
  (R-REG-4). The host receives the request as `FORWARDED_CREATE_REGISTRATION_REQUEST`, with the
  registration's id (`registrationRequestId`: the request's message_id).
- `REGISTRATION_REPLY_REQUEST` from the registration's host: a status per selection (0–5), the host student
  number and host study right. The home receives it as `FORWARDED_REGISTRATION_REPLY_REQUEST`.

R-EXC-4: a request is accepted only from the student's home (its study right is the sender's) and a reply only
from the registration's host. R-EXC-1: the exchange answers a resent message_id with its first answer; two
requests for the same registration at the same moment make one registration (`services`).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from joopas.accounts import api as accounts_api
from joopas.catalogue import api as catalogue_api
from joopas.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from joopas.core.identifiers import validate_person_oid
from joopas.exchange.api import Inbound, example_envelope, forward, register_message_type, register_type_words
from joopas.networks import api as networks_api
from joopas.organisations.api import get_many
from joopas.registrations import message_schemas as m
from joopas.registrations import policies, services
from joopas.registrations.codes import ErrorCode
from joopas.registrations.models import Registration, Selection, SelectionKind
from joopas.rights import api as rights_api

CREATE, REPLY = "CREATE_REGISTRATION_REQUEST", "REGISTRATION_REPLY_REQUEST"


def _refuse(exc_type: type[DomainError], message: Any, code: str, path: str, status: int | None = None) -> DomainError:
    return exc_type(message, code=code, details={"path": path}, **({"status": status} if status else {}))


def _system(inbound: Inbound) -> policies.System:
    return inbound.actor


def _payload_path(exc: DomainError) -> DomainError:
    """Service refusals name fields of the service ("study_right", "network"); in a message, the message's."""
    details = exc.details if isinstance(exc.details, dict) else {}
    path = str(details.get("path", ""))
    mapped = {"study_right": "payload/student/homeStudyRight", "network": "payload/networkIdentifier",
              "selections": "payload/selections", "reason": "payload/rejectionReason", "": "payload"}.get(path, path)
    if not mapped.startswith("payload"):
        mapped = f"payload/{mapped}"
    exc.details = {**details, "path": mapped}
    return exc


# --- CREATE_REGISTRATION_REQUEST ---------------------------------------------------------------------------

def _check_identity(student: m.ExtendedStudent, person_id: int) -> None:
    """The student named (learner OID and/or hetu, both checked) is the holder of the study right named."""
    person = rights_api.get_person(person_id)
    identity = rights_api.identity_of_person(person_id)
    if student.oid is not None:
        try:
            validate_person_oid(student.oid)
        except DomainError as exc:
            raise _refuse(ValidationFailed, exc.message, ErrorCode.INVALID_IDENTIFIER, "payload/student/oid") from None
    if student.personId is not None:
        try:
            hetu_key, _masked = accounts_api.identity_key(hetu=student.personId)
        except DomainError as exc:
            raise _refuse(ValidationFailed, exc.message, ErrorCode.INVALID_IDENTIFIER,
                          "payload/student/personId") from None
        if identity.startswith("hetu:") and hetu_key != identity:
            raise _refuse(ValidationFailed, _("The personal identity code is not the study right holder's."),
                          ErrorCode.STUDENT_MISMATCH, "payload/student/personId")
    if student.oid is not None and person is not None and person.learner_oid and person.learner_oid != student.oid:
        raise _refuse(ValidationFailed, _("The learner number is not the study right holder's."),
                      ErrorCode.STUDENT_MISMATCH, "payload/student/oid")


def _host(network_id: int, tk_code: str) -> int:
    """The receiving institution among the network's members, past ones included (a membership that ended is
    refused by R-NET-1 with its own reason)."""
    members = {x.organisation_id for x in networks_api.all_members(network_id)}
    for org in get_many(members).values():
        if org.tk_code == tk_code:
            return org.id
    raise _refuse(ValidationFailed, _("The receiving institution is not a member of this network."),
                  ErrorCode.UNKNOWN_HOST, "payload/receivingOrganisationTkCode")


def wanted_of(sel: m.RegistrationSelection, host: int, path: str) -> services.Wanted:
    """A selection of the message as the service's Wanted: the host's own identifiers (studyElementId,
    realisationId, assessmentItemId) looked up among the host's offering."""
    shape = sel.shape()
    unit_ext = sel.course_unit_id()
    unit = catalogue_api.get_course_unit(organisation_id=host, external_id=unit_ext)
    unit_path = f"{path}/selectionItemId" if shape == "course_unit" else f"{path}/parent" + (
        "/parent/parent/selectionItemId" if shape == "assessment_item" else "/selectionItemId")
    if unit is None:
        raise _refuse(NotFound, _("The host institution has no course unit with this identifier."),
                      ErrorCode.UNKNOWN_ELEMENT, unit_path)
    sub_groups = tuple(sel.subGroupSelections or ())
    info = sel.selectionItemStatusInfo or ""
    if shape == "course_unit":
        return services.Wanted(kind=SelectionKind.COURSE_UNIT, course_unit_id=unit.id, sub_groups=sub_groups,
                               status_info=info, path=path)
    real = catalogue_api.get_realisation(organisation_id=host, external_id=sel.selectionItemId)
    if real is None or real.course_unit_id != unit.id:
        raise _refuse(NotFound, _("The host institution has no realisation with this identifier in this course "
                                  "unit."), ErrorCode.UNKNOWN_ELEMENT, f"{path}/selectionItemId")
    if shape == "realisation":
        return services.Wanted(realisation_id=real.id, course_unit_id=unit.id, sub_groups=sub_groups,
                               status_info=info, path=path)
    item, option = sel.item("ASSESSMENT_ITEM"), sel.item("COMPLETION_OPTION")
    source = catalogue_api.element_source("COURSE_UNIT", organisation_id=host, external_id=unit_ext) or {}
    options = {o.get("completionOptionId"): {a.get("assessmentItemId") for a in o.get("assessmentItems") or []}
               for o in source.get("completionOptions") or []}
    if source and option not in options:
        raise _refuse(NotFound, _("The course unit has no completion option with this identifier."),
                      ErrorCode.UNKNOWN_ELEMENT, f"{path}/parent/parent/selectionItemId")
    if source and item not in options[option]:
        raise _refuse(NotFound, _("The completion option has no assessment item with this identifier."),
                      ErrorCode.UNKNOWN_ELEMENT, f"{path}/parent/selectionItemId")
    return services.Wanted(kind=SelectionKind.ASSESSMENT_ITEM, realisation_id=real.id, course_unit_id=unit.id,
                           assessment_item_ref=item, completion_option_ref=option, sub_groups=sub_groups,
                           status_info=info, path=path)


def create_registration(inbound: Inbound) -> None:
    p = inbound.payload
    assert isinstance(p, m.CreateRegistrationRequest)
    tk = inbound.sender_tk_code
    if p.sendingOrganisationTkCode != tk:  # the sender speaks only for itself
        raise _refuse(PermissionDenied, _("sendingOrganisationTkCode must be your own organisation's code."),
                      ErrorCode.NOT_SENDER, "payload/sendingOrganisationTkCode")
    ids = p.student.homeStudyRight.identifiers
    right_path = "payload/student/homeStudyRight/identifiers"
    if ids.organisationTkCodeReference != tk:  # R-EXC-4: only the student's home sends a registration
        raise _refuse(PermissionDenied, _("Only the student's home institution can send this registration."),
                      ErrorCode.NOT_HOME, f"{right_path}/organisationTkCodeReference")
    network = networks_api.get_network(p.networkIdentifier)
    if network is None or network.code != p.networkIdentifier:
        raise _refuse(ValidationFailed, _("Unknown network."), ErrorCode.UNKNOWN_NETWORK, "payload/networkIdentifier")
    host = _host(network.id, p.receivingOrganisationTkCode)
    right = rights_api.find_right(organisation_id=inbound.sender_id, identifier=ids.studyRightId)
    if right is None or right.kind != "home":
        raise _refuse(ValidationFailed, _("Your organisation has no student with this study right in Joopas; send "
                                          "the student and the study right first."),
                      ErrorCode.UNKNOWN_STUDY_RIGHT, f"{right_path}/studyRightId")
    _check_identity(p.student, right.person_id)
    actor = _system(inbound)
    new = [(i, s) for i, s in enumerate(p.selections) if s.selectionItemStatus != 4]
    cancels = [(i, s) for i, s in enumerate(p.selections) if s.selectionItemStatus == 4]
    source = p.model_dump(mode="json", exclude_unset=True)
    try:
        if new:
            if Registration.objects.filter(request_id=inbound.message_id).exists():
                raise _refuse(ValidationFailed, _("This message_id names another registration already; use a new "
                                                  "message_id."), ErrorCode.REQUEST_ID_USED, "message_id")
            services.registration_create_selections(
                actor=actor, home_right_id=right.id, network_id=network.id,
                wanted=[wanted_of(s, host, f"payload/selections/{i}") for i, s in new],
                request_id=inbound.message_id, source={**source, "selections": [source["selections"][i]
                                                                                 for i, _s in new]},
                enrolled_at=p.enrolmentDateTime, caused_by=inbound)
        _cancel(actor, right.person_id, host, cancels)
    except DomainError as exc:
        raise _payload_path(exc) from None
    forward(inbound, [host])  # the host receives the request itself and answers it (R-EXC-4)


def _cancel(actor: policies.System, person_id: int, host: int, cancels: list[tuple[int, m.RegistrationSelection]]) -> None:
    """Status 4: the student cancels (R-REG-4) their active selection of that element at the host (the host
    receives the request itself)."""
    for i, s in cancels:
        path = f"payload/selections/{i}"
        wanted = wanted_of(s, host, path)
        qs = Selection.objects.filter(home_person_id=person_id, registration__host_organisation_id=host,
                                      status__in=(0, 1, 2))
        qs = (qs.filter(kind=SelectionKind.COURSE_UNIT, course_unit_id=wanted.course_unit_id)
              if wanted.kind == SelectionKind.COURSE_UNIT else qs.filter(realisation_id=wanted.realisation_id))
        sel = qs.first()
        if sel is None:
            raise _refuse(NotFound, _("The student has no active registration here to cancel."), ErrorCode.NOT_FOUND,
                          f"{path}/selectionItemStatus")
        try:
            services.selection_cancel(actor=actor, selection_id=sel.pk, forward=False)
        except DomainError as exc:
            exc.details = {**(exc.details if isinstance(exc.details, dict) else {}), "path": path}
            raise


# --- REGISTRATION_REPLY_REQUEST ----------------------------------------------------------------------------

def registration_reply(inbound: Inbound) -> None:
    p = inbound.payload
    assert isinstance(p, m.RegistrationReplyRequest)
    reg = Registration.objects.filter(request_id=p.registrationRequestId).first()
    items: list[services.ReplyItem] = []
    if reg is not None and reg.host_organisation_id == inbound.sender_id:
        selections = list(reg.selections.all())
        for i, s in enumerate(p.selections or []):
            sel = _match(selections, s, reg.host_organisation_id)
            if sel is None:
                raise _refuse(NotFound, _("The registration has no selection with this identifier."),
                              ErrorCode.UNKNOWN_ELEMENT, f"payload/selections/{i}/selectionItemId")
            items.append(services.ReplyItem(sel.pk, s.selectionItemStatus, s.selectionItemStatusInfo or "",
                                            f"payload/selections/{i}/selectionItemStatus"))
    try:  # the exchange forwards the reply itself to the registration's home (the request's sender)
        services.reply_apply(actor=_system(inbound), request_id=p.registrationRequestId, items=items,
                             reason=_reason(p), host_student_number=p.hostStudentNumber or "")
    except DomainError as exc:
        raise _payload_path(exc) from None


def _match(selections: list[Selection], s: m.ReplySelection, host: int) -> Selection | None:
    if s.selectionItemType == "COURSE_UNIT":
        unit = catalogue_api.get_course_unit(organisation_id=host, external_id=s.selectionItemId)
        return next((x for x in selections if unit and x.kind == SelectionKind.COURSE_UNIT
                     and x.course_unit_id == unit.id), None)
    real = catalogue_api.get_realisation(organisation_id=host, external_id=s.selectionItemId)
    return next((x for x in selections if real and x.realisation_id == real.id), None)


def _reason(p: m.RegistrationReplyRequest) -> str:
    """The rejection reason in the page's language when given in it, else the first language given."""
    if p.rejectionReason is None:
        return p.statusInfo or ""
    values = p.rejectionReason.values
    lang = (get_language() or "fi")[:2]
    return str(getattr(values, lang, None) or values.fi or values.sv or values.en or "")


# --- registration ------------------------------------------------------------------------------------------

register_message_type(CREATE, m.CreateRegistrationRequest, inbound=True, handler=create_registration,
                      summary="Home institution registers its student to another institution's studies (selection "
                              "status 4: the student cancels); forwarded to the host",
                      example=example_envelope(41, CREATE, m.example_request()))
register_message_type(REPLY, m.RegistrationReplyRequest, inbound=True, handler=registration_reply, reply_to=(CREATE,),
                      summary="Host institution answers a registration, per selection; forwarded to the home",
                      example=example_envelope(42, REPLY, m.example_reply()))

register_type_words(CREATE, label=gettext_lazy("Registration"),
                    sentence=gettext_lazy("%(sender)s sent a student's registration"),
                    description=gettext_lazy("Register a student to another institution's studies, or cancel"))
register_type_words(REPLY, label=gettext_lazy("Registration reply"),
                    sentence=gettext_lazy("%(sender)s answered a registration"),
                    description=gettext_lazy("Accept or reject a registration, per course"))
