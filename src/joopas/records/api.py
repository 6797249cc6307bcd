"""What other apps may ask of records (applications will build transcripts from credited completions)."""

from __future__ import annotations

from typing import Any

from joopas.catalogue import api as catalogue_api
from joopas.records import rules
from joopas.records.models import Credit, CreditStatus

__all__ = ["national_scales", "transcript_of"]


def national_scales() -> dict[str, tuple[str, ...]]:
    """R-REC-2: the national grading scales, code → grades lowest first."""
    return {code: s.grades for code, s in rules.NATIONAL_SCALES.items()}


def transcript_of(home_person_id: int) -> list[dict[str, Any]]:
    """The completions the home institution holds of its student in Joopas (credited cross-institutional studies,
    also those still waiting for approval), oldest first, as transcript rows: code, names, credits, grade with
    its scale (R-JOO-7), completion date and the original institution's id. For a JOO application's transcript."""
    credits = (Credit.objects.filter(home_person_id=home_person_id)
               .exclude(status__in=[CreditStatus.REJECTED, CreditStatus.WITHDRAWN])
               .select_related("record").order_by("record__completion_date", "pk"))
    rows = list(credits)
    units = catalogue_api.course_units_by_ids({c.record.course_unit_id for c in rows})
    out = []
    for c in rows:
        unit = units.get(c.record.course_unit_id)
        out.append({"code": unit.code if unit else "",
                    "name": {lang: unit.name(lang) for lang in ("fi", "sv", "en")} if unit else {},
                    "credits": str(c.record.credits), "grade": c.converted_grade or c.original_grade,
                    "scale": c.home_scale or c.original_scale, "original_grade": c.original_grade,
                    "original_scale": c.original_scale, "date": c.record.completion_date.isoformat(),
                    "organisation_id": c.original_organisation_id, "credited": c.status == CreditStatus.ACCEPTED})
    return out
