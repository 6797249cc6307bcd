"""Pure rules of study records (R-REC-1–3): scales, grades in scale, conversion, status tables."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from joopas.core.errors import ValidationFailed, check_transition
from joopas.records.codes import ErrorCode


@dataclass(frozen=True)
class Scale:
    code: str
    grades: tuple[str, ...]  # lowest first
    failing: tuple[str, ...] = ()


# R-REC-2: the national scales every institution knows; institutions may define more.
NATIONAL_SCALES: dict[str, Scale] = {
    "0-5": Scale("0-5", ("0", "1", "2", "3", "4", "5"), failing=("0",)),
    "pass-fail": Scale("pass-fail", ("HYL", "HYV"), failing=("HYL",)),
    "1-3": Scale("1-3", ("1", "2", "3")),
    "ects": Scale("ects", ("F", "E", "D", "C", "B", "A"), failing=("F",)),
}

RECORD_TRANSITIONS: dict[str, set[str]] = {"recorded": {"corrected", "removed"}, "corrected": {"corrected", "removed"},
                                           "removed": set()}
# The home institution approves or refuses a credit; a host correction reopens it; a host removal withdraws it.
CREDIT_TRANSITIONS: dict[str, set[str]] = {"received": {"accepted", "rejected", "received", "withdrawn"},
                                           "accepted": {"received", "withdrawn"},
                                           "rejected": {"received", "withdrawn"}, "withdrawn": set()}


# Status badges (page pattern "Status badges"): status → (translated label, tone).
RECORD_STATUS_LABELS: dict[str, tuple[Any, str]] = {
    "recorded": (_("recorded"), "success"), "corrected": (_("corrected"), "info"), "removed": (_("removed"), "neutral")}
CREDIT_STATUS_LABELS: dict[str, tuple[Any, str]] = {
    "received": (_("waiting for approval"), "progress"), "accepted": (_("credited"), "success"),
    "rejected": (_("not credited"), "error"), "withdrawn": (_("withdrawn by the host"), "neutral")}
SCALE_LABELS: dict[str, Any] = {"0-5": _("0–5"), "pass-fail": _("pass / fail"), "1-3": _("1–3"),
                                "ects": _("ECTS A–F")}
GRADE_LABELS: dict[tuple[str, str], Any] = {("pass-fail", "HYV"): _("pass"), ("pass-fail", "HYL"): _("fail")}


def check_record_transition(current: str, new: str) -> None:
    check_transition(RECORD_TRANSITIONS, current, new, code=ErrorCode.ILLEGAL_TRANSITION)


def scale_of(code: str, custom: Mapping[str, Scale]) -> Scale:
    scale = NATIONAL_SCALES.get(code) or custom.get(code)
    if scale is None:
        raise ValidationFailed(_("Unknown grading scale %(scale)s.") % {"scale": code}, code=ErrorCode.UNKNOWN_SCALE,
                               details={"path": "scale"})
    return scale


def check_grade(scale: Scale, grade: str) -> None:
    """R-REC-2: a grade must be one of its stated scale's grades."""
    if grade not in scale.grades:
        raise ValidationFailed(_("%(grade)s is not a grade of the scale %(scale)s (grades: %(grades)s).")
                               % {"grade": grade, "scale": scale.code, "grades": ", ".join(scale.grades)},
                               code=ErrorCode.GRADE_NOT_IN_SCALE, details={"path": "grade"})


def check_credits(credits: Decimal) -> None:
    if not Decimal("0") < credits <= Decimal("300"):
        raise ValidationFailed(_("Credits must be more than 0 and at most 300."), code=ErrorCode.CREDITS,
                               details={"path": "credits"})


def check_mapping(source: Scale, target: Scale, mapping: Mapping[str, str]) -> None:
    """A conversion table maps every grade of the incoming scale to a grade of the home scale."""
    missing = [g for g in source.grades if g not in mapping]
    wrong = [g for g in mapping.values() if g not in target.grades]
    if missing or wrong or set(mapping) - set(source.grades):
        raise ValidationFailed(_("Map every grade of %(source)s to a grade of %(target)s.")
                               % {"source": source.code, "target": target.code},
                               code=ErrorCode.CONVERSION_INCOMPLETE, details={"path": "mapping", "missing": missing})


@dataclass(frozen=True)
class Converted:
    grade: str
    scale: str
    note: str


def convert(grade: str, scale: str, table: tuple[str, Mapping[str, str]] | None) -> Converted:
    """R-REC-2: the home table's grade for an incoming grade, and how it was derived; without a table the
    grade is kept as it is (the home officer converts it by hand)."""
    if table is None:
        return Converted("", "", f"no conversion table for {scale}")
    to_scale, mapping = table
    return Converted(mapping[grade], to_scale, f"{scale} {grade} → {to_scale} {mapping[grade]} (conversion table)")


def custom_scales(rows: Sequence[tuple[str, Sequence[str], Sequence[str]]]) -> dict[str, Scale]:
    return {code: Scale(code, tuple(grades), tuple(failing)) for code, grades, failing in rows}


# --- R-REC-1/2 in the message vocabulary (RIPA v9 completedCredit.assessment) -----------------------------------

# v9 gradingScale.scale numbers ↔ our scale codes (as the catalogue reads assessmentScale); v9 writes a failed
# grade of the 0–5 scale as HYL.
V9_SCALES: dict[int, str] = {1: "0-5", 2: "pass-fail", 3: "1-3"}
SCALE_V9: dict[str, int] = {v: k for k, v in V9_SCALES.items()}
V9_FAILED = "HYL"


def grade_from_message(scale: int | str, code: str) -> tuple[str, str]:
    """R-REC-2: (our scale code, grade) for a v9 assessment: scale 1, 2, 3 as in v9, or a scale's own code (`ects`,
    an institution's scale). The grade is checked against the scale afterwards (`check_grade`)."""
    if isinstance(scale, int):
        ours = V9_SCALES[scale]
        return ours, ("0" if ours == "0-5" and code == V9_FAILED else code)
    return scale, code


def grade_for_message(scale: str, grade: str) -> tuple[int | str, str]:
    """R-REC-2: the v9 assessment (scale, grade code) of our grade: the inverse of `grade_from_message`."""
    if scale in SCALE_V9:
        return SCALE_V9[scale], (V9_FAILED if scale == "0-5" and grade == "0" else grade)
    return scale, grade


def identifier_for_message(record_id: int, external_id: str) -> str:
    """R-REC-3: the completedCreditIdentifier a record travels with — the host system's own, or Joopas's for a
    record entered in Joopas (corrections and removals name it)."""
    return external_id or f"joopas-{record_id}"


def reply_status(statuses: Sequence[str]) -> str | None:
    """R-REC-2: the home's answer to one study-record message once every credit it carried is decided: RECORDED
    when all were credited, RECORD_REJECTED when one was not; None while one waits (or every one was withdrawn)."""
    decided = [s for s in statuses if s != "withdrawn"]
    if not decided or "received" in decided:
        return None
    return "RECORDED" if all(s == "accepted" for s in decided) else "RECORD_REJECTED"
