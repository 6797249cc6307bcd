"""Pure rules of JOO applications (R-JOO-1, R-JOO-2, rounds, attachments, transitions): no database."""

from __future__ import annotations

import datetime as dt

import pytest

from joopas.applications import rules
from joopas.applications.codes import ErrorCode
from joopas.core.errors import DomainError, ValidationFailed

D = dt.date
PDF_HEAD = b"%PDF-1.4\n"
PNG_HEAD = b"\x89PNG\r\n\x1a\n\x00\x00"
JPG_HEAD = b"\xff\xd8\xff\xe0\x00\x10JFIF"


def _code(exc: pytest.ExceptionInfo[DomainError]) -> str:
    return str(exc.value.code)


# --- transitions (R-JOO-1 / R-JOO-2) ----------------------------------------------------------------------

ALL = sorted(rules.TRANSITIONS)
LEGAL = [(a, b) for a in ALL for b in sorted(rules.TRANSITIONS[a])]
ILLEGAL = [(a, b) for a in ALL for b in ALL if b not in rules.TRANSITIONS[a]]


@pytest.mark.parametrize(("current", "new"), LEGAL)
def test_r_joo_transitions_legal_moves_pass(current: str, new: str) -> None:
    rules.check_transition_to(current, new)


@pytest.mark.parametrize(("current", "new"), ILLEGAL)
def test_r_joo_transitions_every_illegal_move_is_refused(current: str, new: str) -> None:
    with pytest.raises(DomainError) as err:
        rules.check_transition_to(current, new)
    assert _code(err) == ErrorCode.ILLEGAL_TRANSITION


def test_r_joo_transitions_final_states_lead_nowhere() -> None:
    assert rules.TRANSITIONS[rules.DECLINED] == set()
    assert rules.TRANSITIONS[rules.DECIDED] == set()
    assert rules.TRANSITIONS[rules.WITHDRAWN] == set()


def test_r_joo_1_host_sees_only_endorsed_supplement_and_decided() -> None:
    assert {rules.ENDORSED, rules.SUPPLEMENT, rules.DECIDED} == rules.VISIBLE_TO_HOST
    assert rules.DRAFT not in rules.VISIBLE_TO_HOST and rules.SUBMITTED not in rules.VISIBLE_TO_HOST
    assert rules.DECLINED not in rules.VISIBLE_TO_HOST and rules.WITHDRAWN not in rules.VISIBLE_TO_HOST


# --- rounds ------------------------------------------------------------------------------------------------

def test_rounds_default_periods_end_31_october_and_30_april() -> None:
    assert rules.default_rounds(2026) == [(D(2026, 10, 1), D(2026, 10, 31), D(2027, 1, 1)),
                                          (D(2027, 4, 1), D(2027, 4, 30), D(2027, 8, 1))]


@pytest.mark.parametrize(("day", "state"), [(D(2026, 9, 30), "upcoming"), (D(2026, 10, 1), "open"),
                                            (D(2026, 10, 31), "open"), (D(2026, 11, 1), "closed")])
def test_rounds_state_by_local_day(day: dt.date, state: str) -> None:
    assert rules.round_state(D(2026, 10, 1), D(2026, 10, 31), day) == state


def test_rounds_continuous_round_without_closing_date_stays_open() -> None:
    assert rules.round_state(D(2026, 1, 1), None, D(2030, 12, 31)) == "open"
    rules.check_submission_window(D(2026, 1, 1), None, D(2030, 12, 31))


def test_rounds_submission_before_opening_is_refused_round_not_open() -> None:
    with pytest.raises(ValidationFailed) as err:
        rules.check_submission_window(D(2026, 10, 1), D(2026, 10, 31), D(2026, 9, 30))
    assert _code(err) == ErrorCode.ROUND_NOT_OPEN


def test_rounds_submission_after_closing_day_is_refused_round_closed() -> None:
    with pytest.raises(ValidationFailed) as err:
        rules.check_submission_window(D(2026, 10, 1), D(2026, 10, 31), D(2026, 11, 1))
    assert _code(err) == ErrorCode.ROUND_CLOSED


@pytest.mark.parametrize(("kind", "opens", "closes", "start", "path"), [
    ("fixed", D(2026, 10, 1), None, D(2027, 1, 1), "closes_on"),
    ("fixed", D(2026, 10, 1), D(2026, 9, 30), D(2027, 1, 1), "closes_on"),
    ("fixed", D(2026, 10, 1), D(2026, 10, 31), D(2026, 10, 31), "studies_start"),
    ("continuous", D(2026, 10, 1), D(2026, 9, 1), D(2027, 1, 1), "closes_on"),
])
def test_rounds_bad_dates_refused(kind: str, opens: dt.date, closes: dt.date | None, start: dt.date,
                                  path: str) -> None:
    with pytest.raises(ValidationFailed) as err:
        rules.check_round(kind, opens, closes, start)
    assert _code(err) == ErrorCode.ROUND_DATES
    assert err.value.details == {"path": path}


def test_rounds_good_dates_pass() -> None:
    rules.check_round("fixed", D(2026, 10, 1), D(2026, 10, 31), D(2027, 1, 1))
    rules.check_round("continuous", D(2026, 10, 1), None, D(2026, 10, 1))


# --- R-JOO-2: the decision's due date and overdue ----------------------------------------------------------

@pytest.mark.parametrize(("closes", "due"), [(D(2026, 10, 31), D(2026, 11, 30)), (D(2027, 4, 30), D(2027, 5, 30))])
def test_r_joo_2_decision_due_fixed_round_is_closing_day_plus_one_month(closes: dt.date, due: dt.date) -> None:
    assert rules.decision_due("fixed", closes, D(2026, 10, 15)) == due


@pytest.mark.parametrize(("endorsed", "due"), [(D(2027, 1, 31), D(2027, 2, 28)), (D(2028, 1, 31), D(2028, 2, 29)),
                                               (D(2026, 12, 15), D(2027, 1, 15))])
def test_r_joo_2_decision_due_continuous_is_endorsement_plus_one_month(endorsed: dt.date, due: dt.date) -> None:
    assert rules.decision_due("continuous", None, endorsed) == due
    # a continuous round with a closing date still counts from the endorsement
    assert rules.decision_due("continuous", D(2030, 1, 1), endorsed) == due


def test_r_joo_2_is_overdue_only_while_waiting_for_host_after_due() -> None:
    due = D(2026, 11, 30)
    assert rules.is_overdue(rules.ENDORSED, due, D(2026, 12, 1)) is True
    assert rules.is_overdue(rules.SUPPLEMENT, due, D(2026, 12, 1)) is True
    assert rules.is_overdue(rules.ENDORSED, due, D(2026, 11, 30)) is False
    assert rules.is_overdue(rules.DECIDED, due, D(2027, 1, 1)) is False
    assert rules.is_overdue(rules.SUBMITTED, due, D(2027, 1, 1)) is False
    assert rules.is_overdue(rules.ENDORSED, None, D(2027, 1, 1)) is False


def test_r_joo_2_supplement_reminder_once_after_the_days() -> None:
    asked = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)
    assert rules.supplement_reminder_due(asked, None, asked + dt.timedelta(days=14), 14) is True
    assert rules.supplement_reminder_due(asked, None, asked + dt.timedelta(days=13, hours=23), 14) is False
    assert rules.supplement_reminder_due(asked, asked + dt.timedelta(days=14), asked + dt.timedelta(days=40),
                                         14) is False


def test_r_joo_2_decision_needs_every_entity_decided() -> None:
    with pytest.raises(ValidationFailed) as err:
        rules.check_decision([1, 2], {1: ("granted", "")})
    assert _code(err) == ErrorCode.DECISION_INCOMPLETE
    assert err.value.details == {"path": "entities/1"}
    with pytest.raises(ValidationFailed) as err:
        rules.check_decision([1], {1: ("pending", "")})
    assert _code(err) == ErrorCode.DECISION_INCOMPLETE


def test_r_joo_2_rejection_needs_a_reason() -> None:
    with pytest.raises(ValidationFailed) as err:
        rules.check_decision([1, 2], {1: ("granted", ""), 2: ("rejected", "  ")})
    assert _code(err) == ErrorCode.REASON_REQUIRED
    assert err.value.details == {"path": "entities/1/reason"}
    rules.check_decision([1, 2], {1: ("granted", ""), 2: ("rejected", "Ei tilaa")})


def test_r_joo_2_supplement_request_needs_text() -> None:
    with pytest.raises(ValidationFailed) as err:
        rules.check_supplement(" \n")
    assert _code(err) == ErrorCode.SUPPLEMENT_TEXT_REQUIRED


def test_r_joo_1_decline_needs_a_reason_endorsement_does_not() -> None:
    with pytest.raises(ValidationFailed) as err:
        rules.check_endorsement(False, "   ")
    assert _code(err) == ErrorCode.REASON_REQUIRED
    rules.check_endorsement(False, "Ei HOPSissa")
    rules.check_endorsement(True, "")


# --- the student's application ------------------------------------------------------------------------------

def test_entities_at_least_one_at_most_ten() -> None:
    with pytest.raises(ValidationFailed) as err:
        rules.check_entities([])
    assert _code(err) == ErrorCode.NO_ENTITIES
    rules.check_entities([rules.COURSE_UNIT] * 10)
    with pytest.raises(ValidationFailed) as err:
        rules.check_entities([rules.COURSE_UNIT] * 11)
    assert _code(err) == ErrorCode.TOO_MANY_ENTITIES


def test_suggests_module_when_only_courses_chosen_and_modules_offered() -> None:
    assert rules.suggests_module([rules.COURSE_UNIT], 2) is True
    assert rules.suggests_module([rules.COURSE_UNIT, rules.MODULE], 2) is False
    assert rules.suggests_module([rules.COURSE_UNIT], 0) is False
    assert rules.suggests_module([], 2) is False


def test_submission_needs_justification_and_transcript() -> None:
    with pytest.raises(ValidationFailed) as err:
        rules.check_submission(justification=" ", has_transcript=True, entity_count=1)
    assert _code(err) == ErrorCode.JUSTIFICATION_REQUIRED
    with pytest.raises(ValidationFailed) as err:
        rules.check_submission(justification="HOPS", has_transcript=False, entity_count=1)
    assert _code(err) == ErrorCode.TRANSCRIPT_REQUIRED
    with pytest.raises(ValidationFailed) as err:
        rules.check_submission(justification="HOPS", has_transcript=True, entity_count=0)
    assert _code(err) == ErrorCode.NO_ENTITIES
    rules.check_submission(justification="HOPS", has_transcript=True, entity_count=1)


def test_home_right_not_in_force_or_ending_before_studies_refused() -> None:
    with pytest.raises(ValidationFailed) as err:
        rules.check_home_right(in_force=False, home_end=None, studies_start=D(2027, 1, 1))
    assert _code(err) == ErrorCode.HOME_RIGHT_NOT_IN_FORCE
    with pytest.raises(ValidationFailed) as err:
        rules.check_home_right(in_force=True, home_end=D(2026, 12, 31), studies_start=D(2027, 1, 1))
    assert _code(err) == ErrorCode.HOME_RIGHT_ENDS_BEFORE
    rules.check_home_right(in_force=True, home_end=D(2027, 1, 1), studies_start=D(2027, 1, 1))
    rules.check_home_right(in_force=True, home_end=None, studies_start=D(2027, 1, 1))


def test_application_number_format() -> None:
    assert rules.application_number(2026, 42) == "JOO-2026-000042"


def test_add_months_clamps_to_month_end() -> None:
    assert rules.add_months(D(2027, 1, 31), 1) == D(2027, 2, 28)
    assert rules.add_months(D(2028, 1, 31), 1) == D(2028, 2, 29)
    assert rules.add_months(D(2026, 12, 31), 1) == D(2027, 1, 31)
    assert rules.add_months(D(2026, 10, 31), 1) == D(2026, 11, 30)


# --- attachments ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "head", "kind", "ctype"), [
    ("a.pdf", PDF_HEAD, "transcript", "application/pdf"),
    ("A.PDF", PDF_HEAD, "other", "application/pdf"),
    ("kuva.png", PNG_HEAD, "study_plan", "image/png"),
    ("kuva.jpg", JPG_HEAD, "other", "image/jpeg"),
    ("kuva.jpeg", JPG_HEAD, "other", "image/jpeg"),
])
def test_attachment_accepted_types(name: str, head: bytes, kind: str, ctype: str) -> None:
    assert rules.check_attachment(name, 100, head, kind=kind, count=0) == ctype


@pytest.mark.parametrize(("name", "size", "head", "kind", "count", "code"), [
    ("virus.exe", 100, b"MZ\x90\x00", "other", 0, ErrorCode.ATTACHMENT_TYPE),
    ("noext", 100, PDF_HEAD, "other", 0, ErrorCode.ATTACHMENT_TYPE),
    ("kuva.png", 100, PNG_HEAD, "transcript", 0, ErrorCode.ATTACHMENT_TYPE),  # a transcript is a PDF
    ("a.pdf", 0, b"", "other", 0, ErrorCode.ATTACHMENT_EMPTY),
    ("a.pdf", rules.MAX_ATTACHMENT_BYTES + 1, PDF_HEAD, "other", 0, ErrorCode.ATTACHMENT_TOO_LARGE),
    ("a.pdf", 100, PNG_HEAD, "other", 0, ErrorCode.ATTACHMENT_CONTENT),  # PNG bytes named .pdf
    ("a.png", 100, PDF_HEAD, "other", 0, ErrorCode.ATTACHMENT_CONTENT),
    ("a.pdf", 100, PDF_HEAD, "other", rules.MAX_ATTACHMENTS, ErrorCode.TOO_MANY_ATTACHMENTS),
])
def test_attachment_refused(name: str, size: int, head: bytes, kind: str, count: int, code: str) -> None:
    with pytest.raises(ValidationFailed) as err:
        rules.check_attachment(name, size, head, kind=kind, count=count)
    assert _code(err) == code


def test_attachment_exactly_at_size_limit_accepted() -> None:
    assert rules.check_attachment("a.pdf", rules.MAX_ATTACHMENT_BYTES, PDF_HEAD, kind="other",
                                  count=rules.MAX_ATTACHMENTS - 1) == "application/pdf"
