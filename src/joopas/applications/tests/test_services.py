"""The JOO application services against the database: R-JOO-1 (endorsement first), R-JOO-2 (the host's decision,
supplements and their reminder), R-JOO-3 (the grant on a home right in force), rounds, attachments, entities and
the student's messages."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from joopas.applications import notices, policies, rules, services
from joopas.applications.codes import ErrorCode, Event
from joopas.applications.models import Application, ApplicationHistory, Attachment, RequestedEntity
from joopas.applications.services import EntityChoice
from joopas.applications.tests.factories import (
    PDF,
    PNG,
    draft,
    endorsed,
    make_round,
    make_world,
    submitted,
)
from joopas.core.clock import add_academic_years, today
from joopas.core.errors import Conflict, DomainError, NotFound, PermissionDenied, ValidationFailed
from joopas.core.models import AuditEvent
from joopas.notifications import api as notifications_api
from joopas.notifications.models import Notification
from joopas.rights import api as rights_api
from joopas.rights import services as rights_services
from joopas.rights.models import StudyRight

pytestmark = pytest.mark.django_db

HKI = zoneinfo.ZoneInfo("Europe/Helsinki")


@pytest.fixture
def w() -> dict[str, Any]:
    return make_world()


@pytest.fixture
def private_dir(settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Attachments go to tmp_path. The field's storage is built when the model loads, so it is swapped too."""
    settings.PRIVATE_FILES_DIR = tmp_path
    monkeypatch.setattr(Attachment._meta.get_field("file"), "storage", FileSystemStorage(location=tmp_path))
    return tmp_path


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def _state(app: Application | None = None) -> tuple[Any, ...]:
    """Everything a refused call must leave as it was."""
    row: tuple[Any, ...] = ()
    if app is not None:
        a = Application.objects.get(pk=app.pk)
        row = (a.status, a.number, a.endorsed_at, a.payment_committed, a.decision_due, a.home_reason,
               a.supplement_request, a.decided_at, a.joo_right_id, a.justification,
               list(a.entities.values_list("entity_kind", "entity_id", "decision", "reason")))
    return (row, Application.objects.count(), ApplicationHistory.objects.count(), RequestedEntity.objects.count(),
            Attachment.objects.count(), AuditEvent.objects.count(), Notification.objects.count(),
            StudyRight.objects.count())


def _events(user: Any) -> list[str]:
    return list(Notification.objects.filter(user=user).order_by("id").values_list("event", flat=True))


def _decisions(app: Application, *values: tuple[str, str]) -> dict[int, tuple[str, str]]:
    return {e.pk: v for e, v in zip(app.entities.order_by("position"), values, strict=True)}


def _midnight_after(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0), tzinfo=HKI)


# --- R-JOO-1: the home endorses first -----------------------------------------------------------------

def test_r_joo_1_host_sees_nothing_before_endorsement(w: dict[str, Any]) -> None:
    app = submitted(w)
    assert policies.host_may_see(app) is False
    assert policies.can_view(w["host_officer"], app, rights_api.identity_of_person(app.home_person_id)) is False
    before = _state(app)
    with pytest.raises(NotFound):
        services.decide(actor=w["host_officer"], application_id=app.pk,
                        decisions=_decisions(app, ("granted", ""), ("granted", "")))
    with pytest.raises(NotFound):
        services.request_supplement(actor=w["host_officer"], application_id=app.pk, text="Lisää HOPS")
    assert _state(app) == before


def test_r_joo_1_host_sees_nothing_of_a_draft(w: dict[str, Any]) -> None:
    app = draft(w)
    before = _state(app)
    with pytest.raises(NotFound):
        services.request_supplement(actor=w["host_officer"], application_id=app.pk, text="Lisää HOPS")
    assert _state(app) == before


def test_r_joo_1_endorsement_commits_payment_and_sets_the_due_date(w: dict[str, Any]) -> None:
    app = submitted(w)
    now = timezone.now()
    app = services.endorse(actor=w["home_officer"], application_id=app.pk, endorse=True, now=now)
    app.refresh_from_db()
    assert app.status == "endorsed"
    assert app.payment_committed is True
    assert app.endorsed_at == now
    assert app.endorsed_by == w["home_officer"].email
    assert app.decision_due == rules.add_months(w["round"].closes_on, 1)
    assert policies.host_may_see(app) is True
    assert AuditEvent.objects.filter(event=Event.ENDORSED, subject_id=str(app.pk)).count() == 1
    assert list(app.history.values_list("from_status", "to_status")) == [
        ("", "draft"), ("draft", "submitted"), ("submitted", "endorsed")]


def test_r_joo_1_decline_needs_a_reason(w: dict[str, Any]) -> None:
    app = submitted(w)
    before = _state(app)
    with pytest.raises(ValidationFailed) as err:
        services.endorse(actor=w["home_officer"], application_id=app.pk, endorse=False, reason="  ")
    assert err.value.code == ErrorCode.REASON_REQUIRED
    assert _state(app) == before
    app = services.endorse(actor=w["home_officer"], application_id=app.pk, endorse=False, reason="Ei HOPSissa")
    app.refresh_from_db()
    assert (app.status, app.home_reason, app.payment_committed) == ("declined", "Ei HOPSissa", False)
    assert policies.host_may_see(app) is False
    assert _events(w["student"]) == [notices.RECEIVED, notices.DECLINED]


@pytest.mark.parametrize("who", ["host_officer", "tuni_officer"])
def test_r_joo_1_endorsement_by_another_institution_is_denied(w: dict[str, Any], who: str) -> None:
    app = submitted(w)
    before = _state(app)
    for endorse in (True, False):
        with pytest.raises(PermissionDenied):
            services.endorse(actor=w[who], application_id=app.pk, endorse=endorse, reason="x")
    assert _state(app) == before


def test_r_joo_1_endorsing_twice_is_an_illegal_transition(w: dict[str, Any]) -> None:
    app = endorsed(w)
    before = _state(app)
    with pytest.raises(DomainError) as err:
        services.endorse(actor=w["home_officer"], application_id=app.pk, endorse=True)
    assert err.value.code == ErrorCode.ILLEGAL_TRANSITION
    with pytest.raises(DomainError) as err:
        services.endorse(actor=w["home_officer"], application_id=app.pk, endorse=False, reason="Sittenkin ei")
    assert err.value.code == ErrorCode.ILLEGAL_TRANSITION
    assert _state(app) == before


# --- R-JOO-2: the host decides per entity -------------------------------------------------------------

def test_r_joo_2_per_entity_decision_grants_the_joo_right(w: dict[str, Any]) -> None:
    app = endorsed(w)
    app = services.decide(actor=w["host_officer"], application_id=app.pk,
                          decisions=_decisions(app, ("granted", "ignored"), ("rejected", "Ei tilaa")))
    app.refresh_from_db()
    assert app.status == "decided"
    assert list(app.entities.values_list("entity_id", "decision", "reason")) == [
        (w["module_a"].pk, "granted", ""), (w["module_b"].pk, "rejected", "Ei tilaa")]
    joo = rights_api.get_joo_right(app.joo_right_id)
    assert joo is not None
    assert (joo.host_organisation_id, joo.home_organisation_id, joo.home_right_id) == (
        w["aalto"].pk, w["hy"].pk, w["right"].pk)
    assert joo.start_date == today()
    assert joo.end_date == min(add_academic_years(today(), 2), w["right"].end_date)
    assert [(g.entity_kind, g.entity_id) for g in joo.granted] == [("study_module", w["module_a"].pk)]
    assert joo.identifier == app.number


def test_r_joo_2_all_rejected_creates_no_joo_right(w: dict[str, Any]) -> None:
    app = endorsed(w)
    rights_before = StudyRight.objects.count()
    app = services.decide(actor=w["host_officer"], application_id=app.pk,
                          decisions=_decisions(app, ("rejected", "Täynnä"), ("rejected", "Täynnä")))
    assert app.status == "decided" and app.joo_right_id is None
    assert StudyRight.objects.count() == rights_before


def test_r_joo_2_reject_without_reason_refused(w: dict[str, Any]) -> None:
    app = endorsed(w)
    before = _state(app)
    with pytest.raises(ValidationFailed) as err:
        services.decide(actor=w["host_officer"], application_id=app.pk,
                        decisions=_decisions(app, ("granted", ""), ("rejected", " ")))
    assert err.value.code == ErrorCode.REASON_REQUIRED
    assert _state(app) == before


def test_r_joo_2_incomplete_decision_refused(w: dict[str, Any]) -> None:
    app = endorsed(w)
    first = app.entities.order_by("position").first()
    assert first is not None
    before = _state(app)
    with pytest.raises(ValidationFailed) as err:
        services.decide(actor=w["host_officer"], application_id=app.pk, decisions={first.pk: ("granted", "")})
    assert err.value.code == ErrorCode.DECISION_INCOMPLETE
    with pytest.raises(ValidationFailed) as err:
        services.decide(actor=w["host_officer"], application_id=app.pk,
                        decisions=_decisions(app, ("granted", ""), ("pending", "")))
    assert err.value.code == ErrorCode.DECISION_INCOMPLETE
    assert _state(app) == before


def test_r_joo_2_deciding_twice_is_refused(w: dict[str, Any]) -> None:
    app = endorsed(w)
    services.decide(actor=w["host_officer"], application_id=app.pk,
                    decisions=_decisions(app, ("granted", ""), ("granted", "")))
    before = _state(app)
    with pytest.raises(DomainError) as err:
        services.decide(actor=w["host_officer"], application_id=app.pk,
                        decisions=_decisions(app, ("rejected", "x"), ("rejected", "x")))
    assert err.value.code == ErrorCode.ILLEGAL_TRANSITION
    assert _state(app) == before


def test_r_joo_2_supplement_request_and_resubmission(w: dict[str, Any]) -> None:
    app = endorsed(w)
    before = _state(app)
    with pytest.raises(ValidationFailed) as err:
        services.request_supplement(actor=w["host_officer"], application_id=app.pk, text="  ")
    assert err.value.code == ErrorCode.SUPPLEMENT_TEXT_REQUIRED
    assert _state(app) == before
    app = services.request_supplement(actor=w["host_officer"], application_id=app.pk, text="Lisää HOPS-liite")
    app.refresh_from_db()
    assert (app.status, app.supplement_request) == ("supplement", "Lisää HOPS-liite")
    assert app.supplement_requested_at is not None and app.reminded_at is None
    # the student may change the application while the host waits, in the same round
    services.draft_save(actor=w["student"], home_right_id=w["right"].pk, round_id=w["round"].pk,
                        application_id=app.pk, justification="HOPS: sivuaine, täydennetty",
                        entities=[EntityChoice("study_module", w["module_a"].pk)])
    app = services.resubmit(actor=w["student"], application_id=app.pk)
    app.refresh_from_db()
    assert app.status == "endorsed"
    assert app.justification == "HOPS: sivuaine, täydennetty"
    assert list(app.history.values_list("to_status", flat=True)) == [
        "draft", "submitted", "endorsed", "supplement", "endorsed"]
    assert _events(w["student"]) == [notices.RECEIVED, notices.ENDORSED, notices.SUPPLEMENT]


def test_r_joo_2_resubmit_without_a_supplement_request_refused(w: dict[str, Any]) -> None:
    app = endorsed(w)
    before = _state(app)
    with pytest.raises(DomainError) as err:
        services.resubmit(actor=w["student"], application_id=app.pk)
    assert err.value.code == ErrorCode.ILLEGAL_TRANSITION
    assert _state(app) == before


def test_r_joo_2_unanswered_supplement_gets_one_reminder_after_the_hosts_days(w: dict[str, Any]) -> None:
    services.terms_save(actor=w["host_officer"], organisation_id=w["aalto"].pk, values={"reminder_days": 3})
    app = endorsed(w)
    asked = timezone.now()
    services.request_supplement(actor=w["host_officer"], application_id=app.pk, text="Lisää HOPS", now=asked)
    subjects_before = len(notifications_api.subjects_of(w["student"].pk))
    assert services.remind_supplements(now=asked + dt.timedelta(days=2, hours=23)) == 0
    assert services.remind_supplements(now=asked + dt.timedelta(days=3)) == 1
    assert services.remind_supplements(now=asked + dt.timedelta(days=30)) == 0  # never a second one
    assert len(notifications_api.subjects_of(w["student"].pk)) == subjects_before + 1
    assert Notification.objects.filter(user=w["student"], event=notices.REMINDER).count() == 1
    app.refresh_from_db()
    assert app.reminded_at == asked + dt.timedelta(days=3)


def test_r_joo_2_default_reminder_days_is_14(w: dict[str, Any]) -> None:
    app = endorsed(w)
    asked = timezone.now()
    services.request_supplement(actor=w["host_officer"], application_id=app.pk, text="Lisää HOPS", now=asked)
    assert services.remind_supplements(now=asked + dt.timedelta(days=13)) == 0
    assert services.remind_supplements(now=asked + dt.timedelta(days=14)) == 1


def test_r_joo_2_supplement_never_answered_the_host_can_still_decide(w: dict[str, Any]) -> None:
    app = endorsed(w)
    services.request_supplement(actor=w["host_officer"], application_id=app.pk, text="Lisää HOPS")
    app = services.decide(actor=w["host_officer"], application_id=app.pk,
                          decisions=_decisions(app, ("rejected", "Ei täydennystä"), ("rejected", "Ei täydennystä")))
    assert app.status == "decided"
    assert services.remind_supplements(now=timezone.now() + dt.timedelta(days=60)) == 0


def test_r_joo_2_decision_due_in_continuous_round_is_endorsement_plus_month(w: dict[str, Any]) -> None:
    rnd = make_round(w["aalto"], kind="continuous")
    assert rnd.closes_on is None
    app = services.draft_save(actor=w["student"], home_right_id=w["right"].pk, round_id=rnd.pk,
                              entities=[EntityChoice("course_unit", w["single"].pk)], justification="HOPS")
    services.transcript_generate(actor=w["student"], application_id=app.pk)
    far = timezone.now() + dt.timedelta(days=200)  # no closing date: still open
    app = services.submit(actor=w["student"], application_id=app.pk, now=far)
    assert app.status == "submitted"
    endorse_at = dt.datetime(2027, 1, 31, 12, 0, tzinfo=HKI)
    app = services.endorse(actor=w["home_officer"], application_id=app.pk, endorse=True, now=endorse_at)
    assert app.decision_due == dt.date(2027, 2, 28)


def test_r_joo_2_overdue_flag_follows_the_due_date(w: dict[str, Any]) -> None:
    app = endorsed(w)
    assert app.decision_due is not None
    assert rules.is_overdue(app.status, app.decision_due, app.decision_due) is False
    assert rules.is_overdue(app.status, app.decision_due, app.decision_due + dt.timedelta(days=1)) is True


# --- R-JOO-3: the grant needs the home right in force ------------------------------------------------

def test_r_joo_3_student_graduates_while_the_application_waits(w: dict[str, Any]) -> None:
    app = endorsed(w)
    rights_services.right_status_change(actor=w["home_officer"], right_id=w["right"].pk, to="ended")
    before = _state(app)
    with pytest.raises(ValidationFailed) as err:
        services.decide(actor=w["host_officer"], application_id=app.pk,
                        decisions=_decisions(app, ("granted", ""), ("rejected", "Ei tilaa")))
    assert err.value.code == ErrorCode.HOME_RIGHT_NOT_IN_FORCE
    assert _state(app) == before
    # rejecting everything is still possible
    app = services.decide(actor=w["host_officer"], application_id=app.pk,
                          decisions=_decisions(app, ("rejected", "Opinto-oikeus päättyi"),
                                               ("rejected", "Opinto-oikeus päättyi")))
    assert app.status == "decided" and app.joo_right_id is None


def test_r_joo_3_home_right_ended_before_endorsement_cannot_be_endorsed(w: dict[str, Any]) -> None:
    app = submitted(w)
    rights_services.right_status_change(actor=w["home_officer"], right_id=w["right"].pk, to="ended")
    before = _state(app)
    with pytest.raises(ValidationFailed) as err:
        services.endorse(actor=w["home_officer"], application_id=app.pk, endorse=True)
    assert err.value.code == ErrorCode.HOME_RIGHT_NOT_IN_FORCE
    assert _state(app) == before
    app = services.endorse(actor=w["home_officer"], application_id=app.pk, endorse=False, reason="Valmistunut")
    assert app.status == "declined"


# --- rounds -----------------------------------------------------------------------------------------------

def test_round_submit_one_minute_after_closing_refused(w: dict[str, Any]) -> None:
    app = draft(w)
    closes = w["round"].closes_on
    before = _state(app)
    with pytest.raises(ValidationFailed) as err:
        services.submit(actor=w["student"], application_id=app.pk,
                        now=_midnight_after(closes) + dt.timedelta(minutes=1))
    assert err.value.code == ErrorCode.ROUND_CLOSED
    assert _state(app) == before
    assert Application.objects.get(pk=app.pk).status == "draft"


def test_round_submit_on_the_last_minute_of_closing_day_accepted(w: dict[str, Any]) -> None:
    app = draft(w)
    app = services.submit(actor=w["student"], application_id=app.pk,
                          now=_midnight_after(w["round"].closes_on) - dt.timedelta(minutes=1))
    assert app.status == "submitted"
    assert app.number == rules.application_number(w["round"].closes_on.year, app.pk)


def test_round_draft_before_opening_saves_but_submission_refused(w: dict[str, Any]) -> None:
    rnd = make_round(w["aalto"], opens=today() + dt.timedelta(days=5))
    app = services.draft_save(actor=w["student"], home_right_id=w["right"].pk, round_id=rnd.pk,
                              entities=[EntityChoice("study_module", w["module_a"].pk)], justification="HOPS")
    assert app.status == "draft"
    services.transcript_generate(actor=w["student"], application_id=app.pk)
    before = _state(app)
    with pytest.raises(ValidationFailed) as err:
        services.submit(actor=w["student"], application_id=app.pk)
    assert err.value.code == ErrorCode.ROUND_NOT_OPEN
    assert _state(app) == before
    opening = dt.datetime.combine(rnd.opens_on, dt.time(0, 0), tzinfo=HKI)
    assert services.submit(actor=w["student"], application_id=app.pk, now=opening).status == "submitted"


def test_round_home_right_ending_before_studies_start_refused() -> None:
    w = make_world(home_end_days=30)  # studies of the round start in 60 days
    app = draft(w)
    before = _state(app)
    with pytest.raises(ValidationFailed) as err:
        services.submit(actor=w["student"], application_id=app.pk)
    assert err.value.code == ErrorCode.HOME_RIGHT_ENDS_BEFORE
    assert _state(app) == before


def test_submit_without_transcript_refused(w: dict[str, Any]) -> None:
    app = services.draft_save(actor=w["student"], home_right_id=w["right"].pk, round_id=w["round"].pk,
                              entities=[EntityChoice("study_module", w["module_a"].pk)], justification="HOPS")
    before = _state(app)
    with pytest.raises(ValidationFailed) as err:
        services.submit(actor=w["student"], application_id=app.pk)
    assert err.value.code == ErrorCode.TRANSCRIPT_REQUIRED
    assert _state(app) == before


def test_withdraw_until_decision_then_final(w: dict[str, Any]) -> None:
    app = endorsed(w)
    app = services.withdraw(actor=w["student"], application_id=app.pk)
    assert app.status == "withdrawn"
    before = _state(app)
    with pytest.raises(DomainError) as err:
        services.withdraw(actor=w["student"], application_id=app.pk)
    assert err.value.code == ErrorCode.ILLEGAL_TRANSITION
    with pytest.raises(Conflict):
        services.draft_save(actor=w["student"], home_right_id=w["right"].pk, round_id=w["round"].pk,
                            application_id=app.pk, justification="x",
                            entities=[EntityChoice("study_module", w["module_a"].pk)])
    assert _state(app) == before


# --- entities ---------------------------------------------------------------------------------------------

def test_entities_kept_in_the_students_order_with_names_and_credits(w: dict[str, Any]) -> None:
    app = draft(w, ("course_unit", w["single"]), ("study_module", w["module_b"]), ("study_module", w["module_a"]))
    assert list(app.entities.values_list("position", "entity_kind", "entity_id", "code")) == [
        (1, "course_unit", w["single"].pk, w["single"].code),
        (2, "study_module", w["module_b"].pk, w["module_b"].code),
        (3, "study_module", w["module_a"].pk, w["module_a"].code)]


def test_entities_not_in_the_joo_offering_refused(w: dict[str, Any]) -> None:
    before = _state()
    with pytest.raises(ValidationFailed) as err:
        services.draft_save(actor=w["student"], home_right_id=w["right"].pk, round_id=w["round"].pk,
                            entities=[EntityChoice("study_module", w["module_a"].pk),
                                      EntityChoice("course_unit", w["not_offered"].pk)], justification="HOPS")
    assert err.value.code == ErrorCode.NOT_JOO_OFFERING
    assert err.value.details == {"path": "entities/1"}
    assert _state() == before


def test_entities_own_institutions_round_refused(w: dict[str, Any]) -> None:
    own = make_round(w["hy"])
    before = _state()
    with pytest.raises(ValidationFailed) as err:
        services.draft_save(actor=w["student"], home_right_id=w["right"].pk, round_id=own.pk,
                            entities=[EntityChoice("study_module", w["module_a"].pk)], justification="HOPS")
    assert err.value.code == ErrorCode.OWN_INSTITUTION
    assert _state() == before


def test_entities_markup_in_justification_refused(w: dict[str, Any]) -> None:
    before = _state()
    with pytest.raises(ValidationFailed) as err:
        services.draft_save(actor=w["student"], home_right_id=w["right"].pk, round_id=w["round"].pk,
                            entities=[EntityChoice("study_module", w["module_a"].pk)],
                            justification="HOPS <script>alert(1)</script>")
    assert err.value.code == ErrorCode.MARKUP
    assert err.value.details == {"path": "justification"}
    assert _state() == before


def test_entities_none_or_too_many_refused(w: dict[str, Any]) -> None:
    before = _state()
    with pytest.raises(ValidationFailed) as err:
        services.draft_save(actor=w["student"], home_right_id=w["right"].pk, round_id=w["round"].pk,
                            entities=[], justification="HOPS")
    assert err.value.code == ErrorCode.NO_ENTITIES
    with pytest.raises(ValidationFailed) as err:
        services.draft_save(actor=w["student"], home_right_id=w["right"].pk, round_id=w["round"].pk,
                            entities=[EntityChoice("course_unit", 10_000 + i) for i in range(11)],
                            justification="HOPS")
    assert err.value.code == ErrorCode.TOO_MANY_ENTITIES
    assert _state() == before


def test_unknown_round_or_right_is_not_found(w: dict[str, Any]) -> None:
    before = _state()
    with pytest.raises(NotFound):
        services.draft_save(actor=w["student"], home_right_id=w["right"].pk, round_id=999_999,
                            entities=[EntityChoice("study_module", w["module_a"].pk)], justification="HOPS")
    with pytest.raises(NotFound):
        services.draft_save(actor=w["student"], home_right_id=999_999, round_id=w["round"].pk,
                            entities=[EntityChoice("study_module", w["module_a"].pk)], justification="HOPS")
    with pytest.raises(NotFound):
        services.submit(actor=w["student"], application_id=999_999)
    assert _state() == before


# --- attachments ------------------------------------------------------------------------------------------

def test_attachment_valid_pdf_stored_privately(w: dict[str, Any], private_dir: Path) -> None:
    app = draft(w)
    att = services.attachment_add(actor=w["student"], application_id=app.pk, kind="transcript",
                                  upload=SimpleUploadedFile("Ote.pdf", PDF))
    assert (att.original_name, att.content_type, att.size) == ("Ote.pdf", "application/pdf", len(PDF))
    files = _files(private_dir)
    assert len(files) == 1 and files[0].read_bytes() == PDF
    assert "Ote" not in files[0].name  # stored under a generated name
    assert AuditEvent.objects.filter(event=Event.ATTACHMENT_ADDED, subject_id=str(app.pk)).count() == 1


@pytest.mark.parametrize(("name", "content", "kind", "code"), [
    ("virus.exe", b"MZ\x90\x00" + b"\x00" * 40, "other", ErrorCode.ATTACHMENT_TYPE),
    ("iso.pdf", b"%PDF-" + b"\x00" * (5 * 1024 * 1024), "other", ErrorCode.ATTACHMENT_TOO_LARGE),
    ("kuva.pdf", PNG, "other", ErrorCode.ATTACHMENT_CONTENT),
    ("tyhja.pdf", b"", "other", ErrorCode.ATTACHMENT_EMPTY),
    ("kuva.png", PNG, "transcript", ErrorCode.ATTACHMENT_TYPE),
    ("a.pdf", PDF, "selfie", ErrorCode.ATTACHMENT_TYPE),
])
def test_attachment_refused_and_nothing_written(w: dict[str, Any], private_dir: Path, name: str, content: bytes,
                                                kind: str, code: str) -> None:
    app = draft(w)
    before = _state(app)
    with pytest.raises(ValidationFailed) as err:
        services.attachment_add(actor=w["student"], application_id=app.pk, kind=kind,
                                upload=SimpleUploadedFile(name, content))
    assert err.value.code == code
    assert _state(app) == before
    assert _files(private_dir) == []


def test_attachment_eleventh_refused(w: dict[str, Any], private_dir: Path) -> None:
    app = draft(w)
    for i in range(rules.MAX_ATTACHMENTS):
        services.attachment_add(actor=w["student"], application_id=app.pk, kind="other",
                                upload=SimpleUploadedFile(f"liite{i}.pdf", PDF + str(i).encode()))
    assert len(_files(private_dir)) == rules.MAX_ATTACHMENTS
    before = _state(app)
    with pytest.raises(ValidationFailed) as err:
        services.attachment_add(actor=w["student"], application_id=app.pk, kind="other",
                                upload=SimpleUploadedFile("liite11.pdf", PDF))
    assert err.value.code == ErrorCode.TOO_MANY_ATTACHMENTS
    assert _state(app) == before
    assert len(_files(private_dir)) == rules.MAX_ATTACHMENTS


def test_attachment_not_added_after_submission(w: dict[str, Any], private_dir: Path) -> None:
    app = submitted(w)
    before = _state(app)
    with pytest.raises(Conflict):
        services.attachment_add(actor=w["student"], application_id=app.pk, kind="other",
                                upload=SimpleUploadedFile("a.pdf", PDF))
    assert _state(app) == before
    assert _files(private_dir) == []


def test_attachment_uploaded_transcript_lets_the_student_submit(w: dict[str, Any], private_dir: Path) -> None:
    app = services.draft_save(actor=w["student"], home_right_id=w["right"].pk, round_id=w["round"].pk,
                              entities=[EntityChoice("study_module", w["module_a"].pk)], justification="HOPS")
    services.attachment_add(actor=w["student"], application_id=app.pk, kind="transcript",
                            upload=SimpleUploadedFile("ote.pdf", PDF))
    assert services.submit(actor=w["student"], application_id=app.pk).status == "submitted"


# --- the student's messages -----------------------------------------------------------------------------

def test_notification_received_has_the_number_and_entities_in_order(w: dict[str, Any]) -> None:
    app = submitted(w, ("study_module", w["module_b"]), ("course_unit", w["single"]))
    notes = list(Notification.objects.filter(user=w["student"]))
    assert [n.event for n in notes] == [notices.RECEIVED]
    note = notes[0]
    assert app.number and app.number in note.subject and app.number in note.body
    first = note.body.index(f"1. {w['module_b'].code} ")
    second = note.body.index(f"2. {w['single'].code} ")
    assert first < second
    assert note.key == str(app.pk)


def test_notifications_at_each_step(w: dict[str, Any]) -> None:
    app = endorsed(w)
    services.request_supplement(actor=w["host_officer"], application_id=app.pk, text="Lisää HOPS")
    services.resubmit(actor=w["student"], application_id=app.pk)
    services.decide(actor=w["host_officer"], application_id=app.pk,
                    decisions=_decisions(app, ("granted", ""), ("rejected", "Ei tilaa")))
    assert _events(w["student"]) == [notices.RECEIVED, notices.ENDORSED, notices.SUPPLEMENT, notices.DECIDED]
    decided = Notification.objects.get(user=w["student"], event=notices.DECIDED)
    assert app.number in decided.subject
    assert w["module_a"].code in decided.body and "Ei tilaa" in decided.body
    # every one in the student's own message list
    assert len(notifications_api.subjects_of(w["student"].pk)) == 4


def test_notifications_in_the_students_language(w: dict[str, Any]) -> None:
    w["student"].language = "sv"
    w["student"].save(update_fields=["language"])
    app = endorsed(w)
    notes = list(Notification.objects.filter(user=w["student"]).order_by("id"))
    assert [(n.event, n.language) for n in notes] == [(notices.RECEIVED, "sv"), (notices.ENDORSED, "sv")]
    assert all(app.number in n.subject for n in notes)
