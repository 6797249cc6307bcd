from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from joopas.catalogue.models import AssessmentScale, DeclarationMode, FieldOfEducation, Status, TeachingMode

LANG_CHOICES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _loc(data: dict[str, Any], prefix: str) -> dict[str, str]:
    return {lang: data.get(f"{prefix}_{lang}") or "" for lang in ("fi", "sv", "en")}


NAME_MISSING = _("Give the name in at least one language.")
CREDITS_REVERSED = _("The maximum credits cannot be less than the minimum credits.")
VALIDITY_REVERSED = _("The end of the validity cannot be before its start.")
DATES_REVERSED = _("The end date cannot be before the start date.")
ENROLMENT_REVERSED = _("The enrolment period must end after it starts.")
SEATS_REVERSED = _("The maximum seats cannot be less than the minimum seats.")
VALUE_INVALID = _("Check this value.")

# The offering schema's cross-field errors (catalogue/schemas.py, English for API clients) → the form field
# they concern and the message pages show. A problem whose text is not here is shown as VALUE_INVALID.
SCHEMA_MESSAGES: dict[str, tuple[str, Any]] = {
    "give the name in at least one language (fi, sv or en)": ("name_fi", NAME_MISSING),
    "credits_max is less than credits_min": ("credits_max", CREDITS_REVERSED),
    "validity_end_date is before validity_start_date": ("validity_end_date", VALIDITY_REVERSED),
    "end_date is before start_date": ("end_date", DATES_REVERSED),
    "enrolment_end_date_time is not after enrolment_start_date_time": ("enrolment_end", ENROLMENT_REVERSED),
    "max_seats is less than min_seats": ("max_seats", SEATS_REVERSED),
}
# Schema paths whose form field has another name.
SCHEMA_PATHS = {"name": "name_fi", "description": "description_fi", "enrolment_start_date_time": "enrolment_start",
                "enrolment_end_date_time": "enrolment_end"}


def add_problems(form: forms.Form, problems: list[Any]) -> None:
    """A service's problems (`joopas.core.problems.Problem`) on the form, translated, at the field they concern.

    Schema problems (code `schema.*`) carry English text for API clients: a known cross-field one is mapped
    through SCHEMA_MESSAGES, any other one becomes VALUE_INVALID at its field. DomainError messages are
    translated already and are kept."""
    for problem in problems:
        field, message = SCHEMA_MESSAGES.get(problem.message, ("", None))
        if message is None:
            top = problem.path.split("/", 1)[0]
            field = SCHEMA_PATHS.get(top, top)
            message = VALUE_INVALID if problem.code.startswith("schema.") else problem.message
        form.add_error(field if field in form.fields else None, message)


def _check_cross_fields(form: forms.Form, d: dict[str, Any], *, dates: tuple[str, str, Any] | None = None) -> None:
    """The schema's cross-field rules, checked before the service so each error sits at its field."""
    if not any((d.get(f"name_{lang}") or "").strip() for lang in ("fi", "sv", "en")) and "name_fi" not in form.errors:
        form.add_error("name_fi", NAME_MISSING)
    low, high = d.get("credits_min"), d.get("credits_max")
    if low is not None and high is not None and high < low:
        form.add_error("credits_max", CREDITS_REVERSED)
    if dates:
        start_field, end_field, message = dates
        start, end = d.get(start_field), d.get(end_field)
        if start is not None and end is not None and end < start:
            form.add_error(end_field, message)


class CourseUnitForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Organising institution"), coerce=int)
    study_element_id = forms.CharField(label=_("Identifier in your study information system"), max_length=150)
    code = forms.CharField(label=_("Code"), max_length=100, required=False)
    name_fi = forms.CharField(label=_("Name in Finnish"), max_length=500, required=False)
    name_sv = forms.CharField(label=_("Name in Swedish"), max_length=500, required=False)
    name_en = forms.CharField(label=_("Name in English"), max_length=500, required=False)
    description_fi = forms.CharField(label=_("Description in Finnish"), widget=forms.Textarea(attrs={"rows": 4}),
                                     max_length=20_000, required=False)
    description_sv = forms.CharField(label=_("Description in Swedish"), widget=forms.Textarea(attrs={"rows": 4}),
                                     max_length=20_000, required=False)
    description_en = forms.CharField(label=_("Description in English"), widget=forms.Textarea(attrs={"rows": 4}),
                                     max_length=20_000, required=False)
    credits_min = forms.DecimalField(label=_("Credits (minimum)"), min_value=0, max_digits=6, decimal_places=1)
    credits_max = forms.DecimalField(label=_("Credits (maximum)"), min_value=0, max_digits=6, decimal_places=1,
                                     required=False)
    teaching_languages = forms.MultipleChoiceField(label=_("Teaching languages"), choices=LANG_CHOICES,
                                                   widget=forms.CheckboxSelectMultiple)
    assessment_scale = forms.ChoiceField(label=_("Assessment scale"), choices=AssessmentScale.choices)
    field_of_education = forms.ChoiceField(label=_("Field of education"),
                                           choices=[("", "—"), *FieldOfEducation.choices], required=False)
    validity_start_date = forms.DateField(label=_("Valid from"), required=False, widget=DATE)
    validity_end_date = forms.DateField(label=_("Valid until"), required=False, widget=DATE)
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    marketed = forms.BooleanField(label=_("Show in the public catalogue"), required=False)

    def __init__(self, *args: Any, organisations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = organisations  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        d = super().clean() or {}
        _check_cross_fields(self, d, dates=("validity_start_date", "validity_end_date", VALIDITY_REVERSED))
        return d

    def to_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "study_element_id": d["study_element_id"], "code": d["code"], "name": _loc(d, "name"),
            "description": _loc(d, "description"), "credits_min": d["credits_min"],
            "credits_max": d["credits_max"], "teaching_languages": d["teaching_languages"],
            "assessment_scale": d["assessment_scale"], "field_of_education": d["field_of_education"],
            "validity_start_date": d["validity_start_date"], "validity_end_date": d["validity_end_date"],
            "status": d["status"], "marketed": d["marketed"],
        }


class RealisationForm(forms.Form):
    realisation_id = forms.CharField(label=_("Identifier in your study information system"), max_length=150)
    code = forms.CharField(label=_("Code"), max_length=100, required=False)
    name_fi = forms.CharField(label=_("Name in Finnish"), max_length=500, required=False)
    name_sv = forms.CharField(label=_("Name in Swedish"), max_length=500, required=False)
    name_en = forms.CharField(label=_("Name in English"), max_length=500, required=False)
    start_date = forms.DateField(label=_("Start date"), widget=DATE)
    end_date = forms.DateField(label=_("End date"), widget=DATE)
    enrolment_start = forms.DateTimeField(label=_("Enrolment starts"), widget=DATETIME)
    enrolment_end = forms.DateTimeField(label=_("Enrolment ends"), widget=DATETIME)
    teaching_mode = forms.ChoiceField(label=_("Teaching mode"), choices=TeachingMode.choices)
    teaching_languages = forms.MultipleChoiceField(label=_("Teaching languages"), choices=LANG_CHOICES,
                                                   widget=forms.CheckboxSelectMultiple)
    location = forms.CharField(label=_("Location"), max_length=300, required=False)
    max_seats = forms.IntegerField(label=_("Maximum seats (for information only)"), min_value=0, required=False)
    credits_min = forms.DecimalField(label=_("Credits (minimum)"), min_value=0, max_digits=6, decimal_places=1)
    credits_max = forms.DecimalField(label=_("Credits (maximum)"), min_value=0, max_digits=6, decimal_places=1,
                                     required=False)
    teachers = forms.CharField(label=_("Teachers"), max_length=500, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    marketed = forms.BooleanField(label=_("Show in the public catalogue"), required=False)

    def clean(self) -> dict[str, Any]:
        d = super().clean() or {}
        _check_cross_fields(self, d, dates=("start_date", "end_date", DATES_REVERSED))
        start, end = d.get("enrolment_start"), d.get("enrolment_end")
        if start is not None and end is not None and end <= start:
            self.add_error("enrolment_end", ENROLMENT_REVERSED)
        return d

    def to_data(self, study_element_id: str) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "realisation_id": d["realisation_id"], "code": d["code"], "study_element_id": study_element_id,
            "name": _loc(d, "name"), "start_date": d["start_date"], "end_date": d["end_date"],
            "enrolment_start_date_time": d["enrolment_start"], "enrolment_end_date_time": d["enrolment_end"],
            "teaching_mode": d["teaching_mode"], "teaching_languages": d["teaching_languages"],
            "location": d["location"], "max_seats": d["max_seats"], "credits_min": d["credits_min"],
            "credits_max": d["credits_max"], "teachers": d["teachers"], "status": d["status"],
            "marketed": d["marketed"],
        }


class ExtendEnrolmentForm(forms.Form):
    new_end = forms.DateTimeField(label=_("New end of the enrolment period"), widget=DATETIME)


class DeclarationForm(forms.Form):
    mode = forms.ChoiceField(label=_("How do you declare your JOO offering?"), choices=DeclarationMode.choices,
                             widget=forms.RadioSelect)
    course_units = forms.MultipleChoiceField(label=_("Course units"), required=False,
                                             widget=forms.CheckboxSelectMultiple)
    study_modules = forms.MultipleChoiceField(label=_("Study modules"), required=False,
                                              widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, units: list[tuple[str, str]], modules: list[tuple[str, str]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course_units"].choices = units  # type: ignore[attr-defined]
        self.fields["study_modules"].choices = modules  # type: ignore[attr-defined]


class ImportForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Organising institution"), coerce=int)
    file = forms.FileField(label=_("JSON Lines file"))
    dry_run = forms.BooleanField(label=_("Only check the file, do not save"), required=False)

    def __init__(self, *args: Any, organisations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = organisations  # type: ignore[attr-defined]
