"""Forms of the records pages: the completion form's rows (bulk entry), a correction, a removal, a credit decision
and a conversion table."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from joopas.core.errors import ValidationFailed
from joopas.records import rules

LANGUAGES = (("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English")))


def scale_choices(scales: dict[str, rules.Scale], names: dict[str, str] | None = None) -> list[tuple[str, Any]]:
    names = names or {}
    return [(code, rules.SCALE_LABELS.get(code) or names.get(code) or code) for code in scales]


def _check_grade(form: forms.Form, scales: dict[str, rules.Scale], scale: str | None, grade: str | None) -> None:
    """R-REC-2: a grade that is not in its stated scale is refused, at the grade field."""
    if not scale or not grade or scale not in scales:
        return
    try:
        rules.check_grade(scales[scale], grade)
    except ValidationFailed as exc:
        form.add_error("grade", str(exc.message))


class CompletionRowForm(forms.Form):
    """One accepted student's completion; a row left without a grade is skipped."""

    host_person_id = forms.IntegerField(widget=forms.HiddenInput)
    grade = forms.CharField(label=_("Grade"), max_length=20, required=False)
    scale = forms.ChoiceField(label=_("Grading scale"))
    credits = forms.DecimalField(label=_("Credits"), max_digits=5, decimal_places=1, min_value=Decimal("0.1"),
                                 max_value=Decimal("300"), required=False)
    completion_date = forms.DateField(label=_("Completion date"), required=False,
                                      widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    language = forms.ChoiceField(label=_("Language of the completion"), choices=LANGUAGES)
    assessor = forms.CharField(label=_("Assessor"), max_length=200, required=False)

    def __init__(self, *args: Any, scales: dict[str, rules.Scale], scale_names: dict[str, str] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scales = scales
        self.fields["scale"].choices = scale_choices(scales, scale_names)  # type: ignore[attr-defined]

    def clean_grade(self) -> str:
        grade: str = self.cleaned_data["grade"].strip()
        return grade.upper() if grade.isalpha() and len(grade) <= 3 and grade.upper() in {
            g for s in self.scales.values() for g in s.grades} else grade

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("grade"):
            return data  # skipped
        if data.get("credits") is None and "credits" not in self.errors:
            self.add_error("credits", _("Give the credits."))
        if data.get("completion_date") is None and "completion_date" not in self.errors:
            self.add_error("completion_date", _("Give the completion date."))
        _check_grade(self, self.scales, data.get("scale"), data.get("grade"))
        return data


class CorrectForm(forms.Form):
    grade = forms.CharField(label=_("Grade"), max_length=20)
    scale = forms.ChoiceField(label=_("Grading scale"))
    credits = forms.DecimalField(label=_("Credits"), max_digits=5, decimal_places=1, min_value=Decimal("0.1"),
                                 max_value=Decimal("300"))
    completion_date = forms.DateField(label=_("Completion date"),
                                      widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args: Any, scales: dict[str, rules.Scale], scale_names: dict[str, str] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scales = scales
        self.fields["scale"].choices = scale_choices(scales, scale_names)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _check_grade(self, self.scales, data.get("scale"), (data.get("grade") or "").strip())
        return data


class RemoveForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the removal"), max_length=1000, widget=forms.Textarea(
        attrs={"rows": 2}), help_text=_("The student's home institution sees this reason."))


class CreditApproveForm(forms.Form):
    converted_grade = forms.CharField(label=_("Grade at your institution"), max_length=20, required=False,
                                      help_text=_("Leave as it is to approve the converted grade, or change it."))
    home_scale = forms.ChoiceField(label=_("Your grading scale"), required=False)

    def __init__(self, *args: Any, scales: dict[str, rules.Scale], scale_names: dict[str, str] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scales = scales
        self.fields["home_scale"].choices = [  # type: ignore[attr-defined]
            ("", _("as converted")), *scale_choices(scales, scale_names)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        grade = (data.get("converted_grade") or "").strip()
        scale = data.get("home_scale") or self.initial.get("home_scale") or ""
        if grade and not scale:
            self.add_error("home_scale", _("Choose the grading scale of the grade."))
        if grade and scale in self.scales:
            try:
                rules.check_grade(self.scales[scale], grade)
            except ValidationFailed as exc:
                self.add_error("converted_grade", str(exc.message))
        return data


class CreditRejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason for not crediting"), max_length=1000, widget=forms.Textarea(
        attrs={"rows": 2}), help_text=_("The student sees this reason."),
        error_messages={"required": _("Give the reason; the student sees it.")})

    def clean_reason(self) -> str:
        value: str = self.cleaned_data["reason"].strip()
        if not value:
            raise forms.ValidationError(_("Give the reason; the student sees it."))
        return value


class ConversionForm(forms.Form):
    """A conversion table: every grade of the incoming scale mapped to a grade of the home scale (R-REC-2)."""

    def __init__(self, *args: Any, source: rules.Scale, target: rules.Scale, initial_mapping: dict[str, str],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.source, self.target = source, target
        choices = [("", "–"), *((g, rules.GRADE_LABELS.get((target.code, g), g)) for g in target.grades)]
        for i, grade in enumerate(source.grades):
            label = rules.GRADE_LABELS.get((source.code, grade), grade)
            self.fields[f"g{i}"] = forms.ChoiceField(
                label=_("Incoming grade %(grade)s") % {"grade": label}, choices=choices,
                initial=initial_mapping.get(grade, ""))

    def mapping(self) -> dict[str, str]:
        return {grade: self.cleaned_data[f"g{i}"] for i, grade in enumerate(self.source.grades)}
