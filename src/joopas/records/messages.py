"""The records app's exchange message types: study records from the host's system and the home's replies
(RIPA v9 `studyrecord/*`).

R-REC-1: the host is the master of the record. A CREATE_STUDYRECORD_REQUEST from the host's system is checked
(the sender speaks for itself, the student was accepted at the host to what was completed, every grade is in
its stated scale), written through `records.services` (which gives the home institution its credited copy)
and delivered to the home institution's system as it was sent. Corrections and removals (R-REC-3) travel in
the same type (`transaction`). The home's STUDYRECORD_REPLY_REQUEST (recorded / rejected with a reason) is
accepted only from that home institution (R-EXC-4), decides the credits and is delivered to the host.
Records entered and decided on the pages are sent the same way, in the organisation's name
(`services._send_record`, `services._send_reply`). Registered at start-up (`joopas.exchange.api`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from joopas.catalogue import api as catalogue_api
from joopas.catalogue.data import RealisationRef
from joopas.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from joopas.exchange.api import (
    EXAMPLE,
    Inbound,
    example_envelope,
    forward,
    register_message_type,
    register_type_words,
)
from joopas.organisations.api import get_by_id
from joopas.records import rules, selectors, services
from joopas.records.codes import ErrorCode
from joopas.records.message_schemas import (
    CompletedCredit,
    CreateStudyRecordRequest,
    StudyRecordReplyRequest,
)
from joopas.records.models import Credit, Record, RecordStatus
from joopas.registrations import api as registrations_api
from joopas.rights import api as rights_api

# Where a service's refusal points inside one completed credit.
_PATHS = {"grade": "assessment/grade/code", "scale": "assessment/gradingScale/scale", "credits": "scope",
          "realisation": "completedCreditTarget/completedCreditTargetId"}


def _repath(exc: DomainError, base: str) -> DomainError:
    """A service's refusal with its path inside the message (`payload/completedCredits/0/assessment/grade/code`)."""
    details = dict(exc.details) if isinstance(exc.details, dict) else {}
    path = str(details.get("path", ""))
    details["path"] = "payload/student" if path == "student" else f"{base}/{_PATHS.get(path, path)}".rstrip("/")
    exc.details = details
    return exc


def _codes(organisation_id: int) -> set[str]:
    """The names a payload may call an organisation by: its Statistics Finland code and its OID."""
    org = get_by_id(organisation_id)
    return {c for c in ((org.tk_code, org.oid) if org else ()) if c}


def _host_person_id(inbound: Inbound, payload: CreateStudyRecordRequest) -> int:
    """The host's record of the student, by the host study right the message names (or the learner OID)."""
    right_ref = payload.student.hostStudyRightIdentifier
    right = rights_api.find_right(organisation_id=inbound.sender_id, identifier=right_ref.studyRightId)
    if right is not None:
        return right.person_id
    person = rights_api.person_by_oid(inbound.sender_id, payload.student.oid or "")
    if person is not None:
        return person.id
    raise ValidationFailed(_("The student was never accepted at your institution, so no record can be sent."),
                           code=ErrorCode.NOT_ACCEPTED, details={"path": "payload/student/hostStudyRightIdentifier"})


def _realisation(inbound: Inbound, cc: CompletedCredit, host_person_id: int, base: str) -> RealisationRef:
    """What was completed, among the sender's offering: the target, or the realisation / course unit it names among
    its associations; for a course unit, the realisation of it the student was accepted to."""
    refs: list[tuple[str, str]] = [(cc.completedCreditTarget.completedCreditTargetType,
                                    cc.completedCreditTarget.completedCreditTargetId)]
    refs += [(a.completedCreditAssociationType, a.completedCreditAssociationId)
             for a in cc.completedCreditAssociations or []]
    for kind, ident in sorted(refs, key=lambda r: r[0] != "REALISATION"):
        if kind == "REALISATION":
            real = catalogue_api.get_realisation(organisation_id=inbound.sender_id, external_id=ident)
            if real is not None:
                return real
        elif kind == "COURSE_UNIT":
            unit = catalogue_api.get_course_unit(organisation_id=inbound.sender_id, external_id=ident)
            if unit is None:
                continue
            ids = catalogue_api.realisation_ids_for_units([unit.id])[unit.id]
            for real_id in reversed(ids):
                if registrations_api.accepted_at_host(host_person_id=host_person_id, realisation_id=real_id):
                    found = catalogue_api.get_realisation_by_id(real_id)
                    if found is not None:
                        return found
            if ids:
                raise ValidationFailed(_("The student was never accepted to this course at your institution."),
                                       code=ErrorCode.NOT_ACCEPTED, details={"path": "payload/student"})
    raise ValidationFailed(_("No realisation or course unit of your institution has this identifier."),
                           code=ErrorCode.UNKNOWN_TARGET, details={"path": f"{base}/completedCreditTarget"})


def _values(inbound: Inbound, cc: CompletedCredit, base: str) -> dict[str, Any]:
    """R-REC-2: the record's values from one completed credit; a grade not in its stated scale is refused here."""
    scale, grade = rules.grade_from_message(cc.assessment.gradingScale.scale, cc.assessment.grade.code)
    try:
        rules.check_grade(rules.scale_of(scale, selectors.custom_scales(inbound.sender_id)), grade)
        rules.check_credits(Decimal(str(cc.scope)))
    except DomainError as exc:
        raise _repath(exc, base) from exc
    names = [" ".join(x for x in (a.givenName or a.firstNames, a.surName) if x) for a in cc.acceptors]
    return {"grade": grade, "scale": scale, "credits": Decimal(str(cc.scope)), "completion_date": cc.completionDate,
            "language": cc.languagesOfCompletion[0].lower(), "assessor": ", ".join(names)[:200],
            "source": cc.model_dump(mode="json", exclude_none=True)}


def _existing(inbound: Inbound, cc: CompletedCredit, base: str) -> Record:
    """R-REC-3: the record a correction or removal names (the sender's own, by its completedCreditIdentifier)."""
    ident = cc.completedCreditIdentifier
    if not ident:
        raise ValidationFailed(_("A correction or removal names the completion by completedCreditIdentifier."),
                               code=ErrorCode.IDENTIFIER_REQUIRED, details={"path": f"{base}/completedCreditIdentifier"})
    record = (Record.objects.filter(organisation_id=inbound.sender_id, external_id=ident)
              .exclude(status=RecordStatus.REMOVED).order_by("-id").first())
    if record is None and ident.startswith("joopas-") and ident[7:].isdigit():  # entered in Joopas, sent by us
        record = Record.objects.filter(organisation_id=inbound.sender_id, pk=int(ident[7:])).first()
    if record is None:
        raise NotFound(_("Your institution has no completion with this identifier."), code=ErrorCode.NOT_FOUND,
                       details={"path": f"{base}/completedCreditIdentifier"})
    return record


def create_study_record(inbound: Inbound) -> None:
    """R-REC-1/R-REC-3: the host system's completions of one student, each new, replacing, correcting or removing;
    refused whole (nothing kept) when one of them is wrong. Delivered to the student's home institution."""
    payload = inbound.payload
    assert isinstance(payload, CreateStudyRecordRequest)
    own = _codes(inbound.sender_id)
    if payload.sendingOrganisation not in own:
        raise PermissionDenied(_("sendingOrganisation must be your own institution."), code=ErrorCode.NOT_SENDER,
                               details={"path": "payload/sendingOrganisation"})
    if payload.student.hostStudyRightIdentifier.organisationTkCodeReference not in own:
        raise PermissionDenied(_("The host study right must be your own institution's."), code=ErrorCode.NOT_SENDER,
                               details={"path": "payload/student/hostStudyRightIdentifier/organisationTkCodeReference"})
    host_person_id = _host_person_id(inbound, payload)
    homes: list[int] = []
    for i, cc in enumerate(payload.completedCredits):
        base = f"payload/completedCredits/{i}"
        values = _values(inbound, cc, base)
        if cc.transaction in ("NEW_COMPLETED_CREDIT", "NEW_CREDIT_REPLACES_FORMER"):
            real = _realisation(inbound, cc, host_person_id, base)
            accepted = registrations_api.accepted_registration(host_person_id=host_person_id, realisation_id=real.id)
            if accepted is None:
                raise ValidationFailed(_("The student was never accepted to this realisation at your institution."),
                                       code=ErrorCode.NOT_ACCEPTED, details={"path": "payload/student"})
            home = accepted.home_organisation_id
            if cc.completedCreditIdentifier and Record.objects.filter(
                    organisation_id=inbound.sender_id, external_id=cc.completedCreditIdentifier) \
                    .exclude(status=RecordStatus.REMOVED).exists():
                raise DomainError(_("A completion with this identifier was already sent; send a CORRECTION."),
                                  code=ErrorCode.ALREADY_RECORDED, status=409,
                                  details={"path": f"{base}/completedCreditIdentifier"})
            if cc.transaction == "NEW_CREDIT_REPLACES_FORMER":
                former = (Record.objects.filter(organisation_id=inbound.sender_id, host_person_id=host_person_id,
                                                course_unit_id=real.course_unit_id)
                          .exclude(status=RecordStatus.REMOVED).order_by("-id").first())
                if former is not None:
                    services.record_remove(actor=inbound.actor, record_id=former.pk, via_message=inbound.message_id,
                                           reason=_("Replaced by a new completion."))
            try:
                services.record_create(actor=inbound.actor, host_person_id=host_person_id, realisation_id=real.id,
                                       external_id=cc.completedCreditIdentifier or "", via_message=inbound.message_id,
                                       **values)
            except DomainError as exc:
                raise _repath(exc, base) from exc
        else:
            record = _existing(inbound, cc, base)
            home = Credit.objects.filter(record=record).values_list("home_organisation_id", flat=True).get()
            try:
                if cc.transaction == "CORRECTION":
                    services.record_correct(actor=inbound.actor, record_id=record.pk, grade=values["grade"],
                                            scale=values["scale"], credits=values["credits"],
                                            completion_date=values["completion_date"], source=values["source"],
                                            via_message=inbound.message_id)
                else:
                    services.record_remove(actor=inbound.actor, record_id=record.pk, via_message=inbound.message_id,
                                           reason=_("Removed by the host institution."))
            except DomainError as exc:
                raise _repath(exc, base) from exc
        if payload.receivingOrganisation not in _codes(home):  # R-EXC-4: only to the student's home institution
            raise PermissionDenied(_("receivingOrganisation must be the student's home institution."),
                                   code=ErrorCode.NOT_HOME, details={"path": "payload/receivingOrganisation"})
        homes.append(home)
    forward(inbound, list(dict.fromkeys(homes)))


def study_record_reply(inbound: Inbound) -> None:
    """R-REC-2: the home system's answer decides the credits the answered message brought (the transport has checked
    that the answer comes from the institution the record was sent to, R-EXC-4); delivered to the host."""
    payload = inbound.payload
    assert isinstance(payload, StudyRecordReplyRequest)
    accept = payload.status == "RECORDED"
    reason = ""
    if payload.rejectionReason is not None:
        values = payload.rejectionReason.values
        reason = values.fi or values.sv or values.en or ""
    if not accept and not reason:
        reason = _("Not credited (no reason given).")
    for credit in Credit.objects.filter(request_message_id=payload.studyRecordRequestId,
                                        home_organisation_id=inbound.sender_id, status="received").order_by("id"):
        services.credit_decide(actor=inbound.actor, credit_id=credit.pk, accept=accept, reason=reason,
                               via_message=True)


# --- examples (every v9 field filled) -----------------------------------------------------------------------

_AALTO_NAME = {"values": {"fi": "Aalto-yliopisto", "sv": "Aalto-universitetet", "en": "Aalto University"}}
STUDY_RECORD = example_envelope(51, "CREATE_STUDYRECORD_REQUEST", {
    "sendingOrganisation": EXAMPLE.aalto_tk, "receivingOrganisation": EXAMPLE.hy_tk,
    "sendingTime": "2026-12-18T14:00:00+02:00", "networkIdentifier": EXAMPLE.network, "routingType": "CROSS_STUDY",
    "student": {
        "homeEppn": "olli.opiskelija@helsinki.fi", "hostEppn": "olli.opiskelija@aalto.fi", "firstNames": "Olli Ilmari",
        "surName": "Opiskelija", "givenName": "Olli", "homeStudentNumber": "014123456", "hostStudentNumber": "A1",
        "oid": "1.2.246.562.24.10000000003", "personId": "010190-123M",
        "homeStudyRightIdentifier": {"organisationTkCodeReference": EXAMPLE.hy_tk, "studyRightId": "HY-SR-2024-0042"},
        "hostStudyRightIdentifier": {"organisationTkCodeReference": EXAMPLE.aalto_tk,
                                     "studyRightId": "AALTO-JOO-2026-0042"}},
    "completedCredits": [{
        "educationInstitution": "Aalto-yliopisto",
        "completedCreditIdentifier": "AALTO-SUORITUS-778899",
        "completedCreditTarget": {"completedCreditTargetType": "REALISATION", "completedCreditTargetId": "CS-A1111-2026S",
                                  "completedCreditTargetIdentifierCode": "CS-A1111 syksy 2026"},
        "completedCreditAssociations": [{"completedCreditAssociationType": "COURSE_UNIT",
                                         "completedCreditAssociationId": "CS-A1111",
                                         "completedCreditAssociationIdentifierCode": "CS-A1111"}],
        "assessmentItemRealisationsOfMethodOfCompletion": ["CS-A1111-2026S"],
        "completedCreditName": {"values": {"fi": "Ohjelmoinnin perusteet", "sv": "Grundkurs i programmering",
                                           "en": "Basic Course in Programming"}},
        "completedCreditObjective": {"values": {"fi": "Opiskelija osaa ohjelmoida.", "en": "The student can program."}},
        "completedCreditContent": {"values": {"fi": "Muuttujat, ehtolauseet, silmukat.",
                                              "en": "Variables, conditions, loops."}},
        "completedCreditStatus": "ACCEPTED",
        "scope": 5,
        "assessment": {"gradingScale": {"scale": 1}, "grade": {"egtCode": "B", "code": "4"}, "egt": "B",
                       "description": "Harjoitustyö erinomainen."},
        "completionDate": "2026-12-15",
        "languagesOfCompletion": ["fi"],
        "acceptors": [{"homeEppn": "tiina.opettaja@aalto.fi", "hostEppn": "tiina.opettaja@aalto.fi", "firstNames": "Tiina Maria",
                       "surName": "Opettaja", "givenName": "Tiina"}],
        "organisationResponsibleForCompletion": {
            "erasmusCode": "SF ESPOO12", "erasmusCharterCode": "29040-EPP-1-2014-1-FI-EPPKA3-ECHE",
            "erasmusOrganisationStatisticsCode": 10076, "erasmusOrganisationName": "Aalto University", "pic": 999880500,
            "hei": "aalto.fi", "organisationIdentifier": EXAMPLE.aalto_oid, "organisationTkCode": EXAMPLE.aalto_tk,
            "organisationName": _AALTO_NAME,
            "unitName": {"values": {"fi": "Perustieteiden korkeakoulu", "en": "School of Science"}},
            "nameDescription": {"values": {"fi": "Tietotekniikan laitos", "en": "Department of Computer Science"}},
            "postalAddress": {"street": "PL 11000", "postalCode": "00076", "postOffice": "AALTO", "country": "246"},
            "streetAddress": {"street": "Otakaari 1", "postalCode": "02150", "postOffice": "Espoo", "country": "246"},
            "municipalityCode": "049",
            "phone": {"key": "+358947001", "keySet": "phone", "value": {"values": {"fi": "Vaihde", "en": "Exchange"}}},
            "url": "https://www.aalto.fi"},
        "transaction": "NEW_COMPLETED_CREDIT",
        "type": 2,
        "minEduGuidanceArea": 6,
        "assessmentDate": "2026-12-18"}]})
STUDY_RECORD_REPLY = example_envelope(52, "STUDYRECORD_REPLY_REQUEST", {
    "studyRecordRequestId": "5f0c6a1e-3b1d-4c8e-9a57-000000000051", "status": "RECORD_REJECTED",
    "rejectionReason": {"values": {"fi": "Suoritus on jo hyväksiluettu.", "sv": "Prestationen är redan tillgodoräknad.",
                                   "en": "The completion has already been credited."}}})

register_message_type("CREATE_STUDYRECORD_REQUEST", CreateStudyRecordRequest, inbound=True,
                      handler=create_study_record,
                      summary="Host institution sends a student's completions (new, corrected, removed) home",
                      example=STUDY_RECORD)
register_message_type("STUDYRECORD_REPLY_REQUEST", StudyRecordReplyRequest, inbound=True,
                      reply_to=("CREATE_STUDYRECORD_REQUEST",), handler=study_record_reply,
                      summary="Home institution answers a study record: recorded or rejected",
                      example=STUDY_RECORD_REPLY)

register_type_words("CREATE_STUDYRECORD_REQUEST", label=gettext_lazy("Study record"),
                    sentence=gettext_lazy("%(sender)s sent a student's completion"),
                    description=gettext_lazy("Host institution sends a student's completions home"))
register_type_words("STUDYRECORD_REPLY_REQUEST", label=gettext_lazy("Answer to a study record"),
                    sentence=gettext_lazy("%(sender)s answered a study record"),
                    description=gettext_lazy("Home institution answers a study record: recorded or rejected"))
