"""The student's completed courses on "My studies" (registered with `registrations.api.register_studies_section`):
each credited completion names the institution where it was completed, keeps that institution's grade and scale,
and shows the home-scale grade beside it with how it was derived (R-REC-1, R-REC-2)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from joopas.catalogue import api as catalogue_api
from joopas.organisations import api as organisations_api
from joopas.records import rules
from joopas.records.models import Credit, CreditStatus
from joopas.rights.data import PersonRef

# Credit status for the student: status → (label, badge tone), and what happens next.
CREDIT_STATUS_LABELS: dict[str, tuple[Any, str]] = {
    CreditStatus.RECEIVED: (gettext_lazy("waiting for your university's approval"), "progress"),
    CreditStatus.ACCEPTED: (gettext_lazy("credited"), "success"),
    CreditStatus.REJECTED: (gettext_lazy("not credited"), "error"),
    CreditStatus.WITHDRAWN: (gettext_lazy("withdrawn by the host"), "neutral"),
}


def _grade(grade: str, scale: str) -> str:
    if not grade:
        return ""
    shown = rules.GRADE_LABELS.get((scale, grade), grade)
    return _("%(grade)s (scale %(scale)s)") % {"grade": shown, "scale": rules.SCALE_LABELS.get(scale, scale)}


def _derivation(credit: Credit) -> str:
    """How the home grade came about, in words (the stored note is for officers and the audit)."""
    note = credit.conversion_note or ""
    if not credit.converted_grade:
        return _("Your university converts the grade to its own scale when it approves the completion.")
    if note.endswith("(conversion table)"):
        return _("Converted with your university's conversion table.")
    if note == "original grade kept":
        return _("Your university kept the original grade.")
    return _("Set by your university's study office.")


def section(request: Any, persons: Sequence[PersonRef]) -> str:
    credits = list(Credit.objects.filter(home_person_id__in=[p.id for p in persons]).select_related("record")
                   .order_by("-record__completion_date", "-id"))
    lang = (get_language() or "fi")[:2]
    orgs = organisations_api.get_many({c.original_organisation_id for c in credits})
    rows = []
    for c in credits:
        unit = catalogue_api.get_course_unit_by_id(c.record.course_unit_id)
        org = orgs.get(c.original_organisation_id)
        rows.append({"credit": c, "record": c.record, "course": unit.name(lang) if unit else "",
                     "institution": org.name(lang) if org else "",
                     "original": _grade(c.original_grade, c.original_scale),
                     "converted": _grade(c.converted_grade, c.home_scale), "how": _derivation(c)})
    return SafeString(render_to_string("records/student/credits.html", {
        "rows": rows, "status_labels": CREDIT_STATUS_LABELS}, request=request))
