"""The only writers of JOO applications, rounds and terms: lock → policy → rules → write → history → audit →
the student's message (notices) and the institutions' systems (outcomes).

Other apps are reached through their api: rights (the home right, the JOO right, R-JOO-3), catalogue (the host's
JOO offering, R-OFF-1), records (the transcript), notifications (through notices), the exchange (through outcomes).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pydantic_core import PydanticCustomError

from joopas.applications import notices, outcomes, policies, rules, selectors
from joopas.applications.codes import ErrorCode, Event
from joopas.applications.models import (
    Application,
    ApplicationHistory,
    Attachment,
    HostTerms,
    RequestedEntity,
    Round,
)
from joopas.catalogue import api as catalogue_api
from joopas.core import audit, formats, transitions
from joopas.core.clock import academic_year_of
from joopas.core.errors import Conflict, DomainError, NotFound, PermissionDenied, ValidationFailed
from joopas.core.text import plain_text
from joopas.records import api as records_api
from joopas.rights import api as rights_api


def _label(actor: Any) -> str:
    return (getattr(actor, "email", "") or str(actor or ""))[:200]


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(code=ErrorCode.PERMISSION_DENIED)


def _plain(value: str, path: str) -> str:
    try:
        return plain_text(value.strip())
    except PydanticCustomError:
        raise ValidationFailed(_("Plain text only: markup such as <b> or <script> is not allowed."),
                               code=ErrorCode.MARKUP, details={"path": path}) from None


def _locked(application_id: int) -> Application:
    return transitions.locked(Application.objects.select_related("round"), not_found_code=ErrorCode.NOT_FOUND,
                              pk=application_id)


def _oid(home_person_id: int) -> str:
    person = rights_api.get_person(home_person_id)
    return person.learner_oid if person else ""


def is_student_of(actor: Any, home_person_id: int) -> bool:
    person = rights_api.get_person(home_person_id)
    return person is not None and policies.is_the_student(actor, rights_api.identity_of_person(home_person_id),
                                                          person.learner_oid)


def _move(app: Application, to: str, *, actor: Any, event: str, reason: str = "", extra_fields: Sequence[str] = (),
          after: dict[str, Any] | None = None) -> None:
    transitions.transition(
        app, to=to, table=rules.TRANSITIONS, code=ErrorCode.ILLEGAL_TRANSITION, actor=actor, event=event,
        reason=reason[:1000], person_oid=_oid(app.home_person_id), extra_fields=[*extra_fields, "updated_at"],
        audit_after={"number": app.number, **(after or {})},
        history=lambda old, new: ApplicationHistory.objects.create(
            application=app, from_status=old, to_status=new, reason=reason[:1000], actor_label=_label(actor)))


# --- the student's application -------------------------------------------------------------------------

@dataclass(frozen=True)
class EntityChoice:
    kind: str  # study_module | course_unit
    id: int


def _entity_rows(host_id: int, on: dt.date, choices: Sequence[EntityChoice]) -> list[dict[str, Any]]:
    """R-OFF-1: only the host's JOO offering may be applied for; the rows keep code, names and credits as when
    applied (the host may change its offering later)."""
    rules.check_entities([c.kind for c in choices])
    modules, units = catalogue_api.joo_offering(host_id, on)
    offered: dict[tuple[str, int], Any] = {**{(rules.MODULE, m.id): m for m in modules},
                                           **{(rules.COURSE_UNIT, u.id): u for u in units}}
    rows = []
    for i, c in enumerate(dict.fromkeys(choices)):
        ref = offered.get((c.kind, c.id))
        if ref is None:
            raise ValidationFailed(_("This study entity is not in the host's JOO offering."),
                                   code=ErrorCode.NOT_JOO_OFFERING, details={"path": f"entities/{i}"})
        credits = formats.format_credits(ref.credits_min, ref.credits_max)
        rows.append({"entity_kind": c.kind, "entity_id": c.id, "code": ref.code, "credits": credits,
                     "name": {lang: ref.name(lang) for lang in ("fi", "sv", "en")}})
    return rows


@transaction.atomic
def draft_save(*, actor: Any, home_right_id: int, round_id: int, entities: Sequence[EntityChoice],
               justification: str, application_id: int | None = None) -> Application:
    """Create or change a draft (any time, also before the round opens), or a supplemented application while the
    host waits for the supplement. The entities are kept in the student's order."""
    right = rights_api.get_right(home_right_id)
    if right is None or right.kind != "home":
        raise NotFound(code=ErrorCode.NOT_FOUND, details={"path": "home_right"})
    _require(is_student_of(actor, right.person_id))
    rnd = Round.objects.filter(pk=round_id).first()
    if rnd is None:
        raise NotFound(code=ErrorCode.NOT_FOUND, details={"path": "round"})
    if rnd.organisation_id == right.organisation_id:
        raise ValidationFailed(_("This is your own university. JOO studies are taken at another university."),
                               code=ErrorCode.OWN_INSTITUTION, details={"path": "round"})
    justification = _plain(justification, "justification")
    rows = _entity_rows(rnd.organisation_id, rnd.studies_start, entities)
    if application_id is None:
        app = Application.objects.create(round=rnd, host_organisation_id=rnd.organisation_id,
                                         home_organisation_id=right.organisation_id, home_person_id=right.person_id,
                                         home_right_id=right.id, justification=justification)
        ApplicationHistory.objects.create(application=app, to_status=rules.DRAFT, actor_label=_label(actor))
    else:
        app = _locked(application_id)
        _require(is_student_of(actor, app.home_person_id))
        if app.status not in rules.EDITABLE_BY_STUDENT:
            raise Conflict(_("This application can no longer be changed."), code=ErrorCode.ILLEGAL_TRANSITION,
                           details={"path": "status"})
        if app.status == rules.SUPPLEMENT and (rnd.pk != app.round_id or right.id != app.home_right_id):
            raise ValidationFailed(_("A supplemented application stays in its round."),
                                   code=ErrorCode.ILLEGAL_TRANSITION, details={"path": "round"})
        app.round, app.host_organisation_id = rnd, rnd.organisation_id
        app.home_right_id, app.home_organisation_id = right.id, right.organisation_id
        app.justification = justification
        app.save()
        app.entities.all().delete()
    RequestedEntity.objects.bulk_create([RequestedEntity(application=app, position=i + 1, **row)
                                         for i, row in enumerate(rows)])
    audit.record(Event.DRAFT_SAVED, actor=actor, subject=app, person_oid=_oid(app.home_person_id),
                 after={"round": rnd.pk, "entities": [f"{r['entity_kind']}:{r['entity_id']}" for r in rows]})
    return app


def _editable_by_student(actor: Any, application_id: int) -> Application:
    app = _locked(application_id)
    _require(is_student_of(actor, app.home_person_id))
    if app.status not in rules.EDITABLE_BY_STUDENT:
        raise Conflict(_("This application can no longer be changed."), code=ErrorCode.ILLEGAL_TRANSITION,
                       details={"path": "status"})
    return app


@transaction.atomic
def transcript_generate(*, actor: Any, application_id: int, now: dt.datetime | None = None) -> Application:
    """The transcript made from the completions the home institution holds in the service (R-JOO-7: with their
    grading scales), kept as it was when made."""
    app = _editable_by_student(actor, application_id)
    app.transcript = records_api.transcript_of(app.home_person_id)
    app.transcript_generated_at = now or timezone.now()
    app.save(update_fields=["transcript", "transcript_generated_at", "updated_at"])
    audit.record(Event.TRANSCRIPT_GENERATED, actor=actor, subject=app, person_oid=_oid(app.home_person_id),
                 after={"rows": len(app.transcript)})
    return app


@transaction.atomic
def attachment_add(*, actor: Any, application_id: int, kind: str, upload: Any) -> Attachment:
    """Type, size and content checked (rules.check_attachment); stored under a generated name in the private
    files; the original name kept only for showing."""
    app = _editable_by_student(actor, application_id)
    if kind not in ("transcript", "study_plan", "other"):
        raise ValidationFailed(code=ErrorCode.ATTACHMENT_TYPE, details={"path": "kind"})
    name = str(getattr(upload, "name", "") or "file")[-200:]
    _plain(name, "file")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = rules.check_attachment(name, int(getattr(upload, "size", 0) or 0), head, kind=kind,
                                          count=app.attachments.count())
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    ext = name.rsplit(".", 1)[-1].lower()
    att = Attachment(application=app, kind=kind, original_name=name, content_type=content_type,
                     size=int(upload.size), sha256=digest.hexdigest())
    att.file.save(f"{app.pk}-{digest.hexdigest()[:16]}.{ext}", File(upload), save=False)
    att.save()
    audit.record(Event.ATTACHMENT_ADDED, actor=actor, subject=app, person_oid=_oid(app.home_person_id),
                 after={"kind": kind, "name": name, "size": att.size, "sha256": att.sha256})
    return att


@transaction.atomic
def attachment_remove(*, actor: Any, attachment_id: int) -> None:
    att = Attachment.objects.filter(pk=attachment_id).first()
    if att is None:
        raise NotFound(code=ErrorCode.NOT_FOUND, details={"path": "attachment"})
    app = _editable_by_student(actor, att.application_id)
    name = att.original_name
    storage, path = att.file.storage, att.file.name
    att.delete()
    transaction.on_commit(lambda: storage.delete(path) if path else None)
    audit.record(Event.ATTACHMENT_REMOVED, actor=actor, subject=app, person_oid=_oid(app.home_person_id),
                 after={"name": name})


def has_transcript(app: Application) -> bool:
    return app.transcript_generated_at is not None or app.attachments.filter(kind="transcript").exists()


def _check_home_right(app: Application, day: dt.date) -> None:
    right = rights_api.get_right(app.home_right_id)
    rules.check_home_right(in_force=right is not None and right.status == "active" and right.start_date <= day
                           and (right.end_date is None or day <= right.end_date),
                           home_end=right.end_date if right else None,
                           # continuous application: the studies start with the decision, not before today
                           studies_start=app.round.studies_start if app.round.kind == rules.FIXED
                           else max(app.round.studies_start, day))


@transaction.atomic
def submit(*, actor: Any, application_id: int, now: dt.datetime | None = None) -> Application:
    """Send the application to the home institution: only while its round is open; it gets its number and the
    student a receipt with the number and the requested entities in order."""
    now = now or timezone.now()
    day = timezone.localtime(now).date()
    app = _locked(application_id)
    _require(is_student_of(actor, app.home_person_id))
    rules.check_transition_to(app.status, rules.SUBMITTED)
    rules.check_submission_window(app.round.opens_on, app.round.closes_on, day)
    _check_home_right(app, day)
    rules.check_submission(justification=app.justification, has_transcript=has_transcript(app),
                           entity_count=app.entities.count())
    app.number = rules.application_number(day.year, app.pk)
    app.submitted_at = now
    _move(app, rules.SUBMITTED, actor=actor, event=Event.SUBMITTED, extra_fields=["number", "submitted_at"])
    notices.received(app)
    return app


@transaction.atomic
def withdraw(*, actor: Any, application_id: int) -> Application:
    app = _locked(application_id)
    _require(is_student_of(actor, app.home_person_id))
    _move(app, rules.WITHDRAWN, actor=actor, event=Event.WITHDRAWN)
    return app


@transaction.atomic
def resubmit(*, actor: Any, application_id: int) -> Application:
    """The student sends the supplemented application back to the host (R-JOO-2)."""
    app = _locked(application_id)
    _require(is_student_of(actor, app.home_person_id))
    if app.status != rules.SUPPLEMENT:
        rules.check_transition_to(app.status, rules.SUPPLEMENT)  # raises: only a supplement request is answered
    rules.check_submission(justification=app.justification, has_transcript=has_transcript(app),
                           entity_count=app.entities.count())
    _move(app, rules.ENDORSED, actor=actor, event=Event.RESUBMITTED)
    return app


# --- the home institution: endorsement (R-JOO-1) ------------------------------------------------------

@transaction.atomic
def endorse(*, actor: Any, application_id: int, endorse: bool, reason: str = "",
            now: dt.datetime | None = None) -> Application:
    """R-JOO-1: the home endorses (and so commits to pay for the studies the host grants, under the agreement's
    terms) or declines with a reason. Only an endorsed application reaches the host, with the transcript and the
    justification; its decision is due one month after the round ends (continuous: after the endorsement)."""
    now = now or timezone.now()
    day = timezone.localtime(now).date()
    app = _locked(application_id)
    _require(policies.can_endorse(actor, app))
    reason = _plain(reason, "reason")
    rules.check_endorsement(endorse, reason)
    if not endorse:
        app.home_reason = reason
        _move(app, rules.DECLINED, actor=actor, event=Event.DECLINED, reason=reason, extra_fields=["home_reason"])
        notices.declined(app)
        outcomes.endorsement(app)
        return app
    rules.check_transition_to(app.status, rules.ENDORSED)
    try:
        _check_home_right(app, day)
    except ValidationFailed:
        raise ValidationFailed(_("The student's study right at your university is no longer in force or ends "
                                 "before the studies start. Decline the application with a reason."),
                               code=ErrorCode.HOME_RIGHT_NOT_IN_FORCE, details={"path": "home_right"}) from None
    app.endorsed_at, app.endorsed_by, app.payment_committed = now, _label(actor), True
    app.home_reason = reason
    app.decision_due = rules.decision_due(app.round.kind, app.round.closes_on, day)
    _move(app, rules.ENDORSED, actor=actor, event=Event.ENDORSED, reason=reason,
          extra_fields=["endorsed_at", "endorsed_by", "payment_committed", "home_reason", "decision_due"],
          after={"payment_committed": True, "decision_due": app.decision_due})
    notices.endorsed(app)
    outcomes.endorsement(app)
    return app


# --- the host institution: supplement and decision (R-JOO-2) -------------------------------------------

def _host_locked(actor: Any, application_id: int) -> Application:
    app = _locked(application_id)
    # R-JOO-1: before endorsement the application does not exist for the host
    if not policies.host_may_see(app) or not policies.can_decide(actor, app):
        if policies.can_decide(actor, app):
            raise NotFound(code=ErrorCode.NOT_FOUND)
        raise PermissionDenied(code=ErrorCode.PERMISSION_DENIED)
    return app


@transaction.atomic
def request_supplement(*, actor: Any, application_id: int, text: str, now: dt.datetime | None = None
                       ) -> Application:
    app = _host_locked(actor, application_id)
    text = _plain(text, "supplement_request")
    rules.check_supplement(text)
    app.supplement_request, app.supplement_requested_at, app.reminded_at = text, now or timezone.now(), None
    _move(app, rules.SUPPLEMENT, actor=actor, event=Event.SUPPLEMENT_REQUESTED, reason=text,
          extra_fields=["supplement_request", "supplement_requested_at", "reminded_at"])
    notices.supplement_requested(app)
    return app


@transaction.atomic
def decide(*, actor: Any, application_id: int, decisions: Mapping[int, tuple[str, str]],
           now: dt.datetime | None = None) -> Application:
    """R-JOO-2: every requested entity granted, or rejected with a reason. Granting creates the JOO right (R-JOO-3:
    at most two academic years, never past the home right) for the granted entities (R-JOO-8)."""
    now = now or timezone.now()
    day = timezone.localtime(now).date()
    app = _host_locked(actor, application_id)
    rules.check_transition_to(app.status, rules.DECIDED)
    entities = list(app.entities.all())
    clean = {pk: (d, _plain(r, f"entities/{i}/reason")) for i, (pk, (d, r)) in enumerate(decisions.items())}
    rules.check_decision([e.pk for e in entities], clean)
    granted = [e for e in entities if clean[e.pk][0] == rules.GRANTED]
    joo = None
    if granted:
        try:
            joo = rights_api.joo_right_grant(
                actor=actor, home_right_id=app.home_right_id, host_organisation_id=app.host_organisation_id,
                identifier=app.number or rules.application_number(day.year, app.pk),
                start_date=day,  # from the decision: the student enrols to the courses before they start
                entities=[(e.entity_kind, e.entity_id) for e in granted])
        except DomainError as exc:
            if exc.code == "rights.joo.home_right_not_in_force":
                raise ValidationFailed(_("The student's study right at the home university is no longer in force, "
                                         "so a JOO study right cannot be granted. Reject the requested studies with "
                                         "a reason."), code=ErrorCode.HOME_RIGHT_NOT_IN_FORCE,
                                       details={"path": "entities"}) from None
            raise
    for e in entities:
        e.decision, e.reason = clean[e.pk]
        if e.decision == rules.GRANTED:
            e.reason = ""
    RequestedEntity.objects.bulk_update(entities, ["decision", "reason"])
    app.decided_at, app.decided_by, app.joo_right_id = now, _label(actor), joo.id if joo else None
    _move(app, rules.DECIDED, actor=actor, event=Event.DECIDED,
          extra_fields=["decided_at", "decided_by", "joo_right_id"],
          after={"granted": [e.code for e in granted], "rejected": [e.code for e in entities if e not in granted],
                 "joo_right": joo.identifier if joo else None, "joo_end": joo.end_date if joo else None})
    notices.decided(app, joo)
    outcomes.decision(app, joo)
    return app


# --- periodic: supplement reminders ----------------------------------------------------------------------

def remind_supplements(*, now: dt.datetime | None = None) -> int:
    """A supplement request the student has not answered in the host's number of days gets one reminder."""
    now = now or timezone.now()
    sent = 0
    for app in selectors.supplements_to_remind():
        terms = selectors.terms_of(app.host_organisation_id)
        days = terms.reminder_days if terms else 14
        if app.supplement_requested_at is None or not rules.supplement_reminder_due(
                app.supplement_requested_at, app.reminded_at, now, days):
            continue
        with transaction.atomic():
            locked = _locked(app.pk)
            if locked.status != rules.SUPPLEMENT or locked.reminded_at is not None:
                continue
            locked.reminded_at = now
            locked.save(update_fields=["reminded_at", "updated_at"])
            notices.supplement_reminder(locked)
            sent += 1
    return sent


# --- the host's rounds and terms -------------------------------------------------------------------------

TERMS_FIELDS = tuple(f"{name}_{lang}" for name in ("guidance", "admission", "services") for lang in ("fi", "sv", "en"))


@transaction.atomic
def terms_save(*, actor: Any, organisation_id: int, values: Mapping[str, Any]) -> HostTerms:
    """The host's published JOO terms (R-JOO-8): application guidance, admission and enrolment, services."""
    _require(policies.can_manage_terms(actor, organisation_id))
    clean: dict[str, Any] = {k: _plain(str(values.get(k) or ""), k) for k in TERMS_FIELDS if k in values}
    if "reminder_days" in values:
        days = int(values["reminder_days"])
        if not 1 <= days <= 90:
            raise ValidationFailed(_("Give a number of days between 1 and 90."), code=ErrorCode.ROUND_DATES,
                                   details={"path": "reminder_days"})
        clean["reminder_days"] = days
    terms, _created = HostTerms.objects.select_for_update().get_or_create(organisation_id=organisation_id)
    for k, v in clean.items():
        setattr(terms, k, v)
    terms.save()
    audit.record(Event.TERMS_SAVED, actor=actor, subject=terms, after=sorted(clean))
    return terms


@transaction.atomic
def round_save(*, actor: Any, organisation_id: int, kind: str, opens_on: dt.date, closes_on: dt.date | None,
               studies_start: dt.date, round_id: int | None = None) -> Round:
    _require(policies.can_manage_terms(actor, organisation_id))
    if kind not in (rules.FIXED, rules.CONTINUOUS):
        raise ValidationFailed(code=ErrorCode.ROUND_DATES, details={"path": "kind"})
    rules.check_round(kind, opens_on, closes_on, studies_start)
    values = {"kind": kind, "opens_on": opens_on, "closes_on": closes_on, "studies_start": studies_start,
              "academic_year": academic_year_of(studies_start if kind == rules.FIXED else opens_on)}
    clash = Round.objects.filter(organisation_id=organisation_id, kind=kind, opens_on=opens_on)
    if round_id is not None:
        rnd = transitions.locked(Round.objects.all(), not_found_code=ErrorCode.NOT_FOUND, pk=round_id,
                                 organisation_id=organisation_id)
        clash = clash.exclude(pk=rnd.pk)
    if clash.exists():
        raise Conflict(_("This round already exists."), code=ErrorCode.ROUND_DUPLICATE, details={"path": "opens_on"})
    if round_id is None:
        rnd = Round.objects.create(organisation_id=organisation_id, **values)
    else:
        for k, v in values.items():
            setattr(rnd, k, v)
        rnd.save()
    audit.record(Event.ROUND_SAVED, actor=actor, subject=rnd, after=values)
    return rnd


def default_rounds_create(*, actor: Any, organisation_id: int, academic_year: int) -> list[Round]:
    """The agreement's two periods of the academic year (30.4 / 31.10), skipping those that exist."""
    out = []
    for opens, closes, start in rules.default_rounds(academic_year):
        if Round.objects.filter(organisation_id=organisation_id, kind=rules.FIXED, opens_on=opens).exists():
            continue
        out.append(round_save(actor=actor, organisation_id=organisation_id, kind=rules.FIXED, opens_on=opens,
                              closes_on=closes, studies_start=start))
    return out
