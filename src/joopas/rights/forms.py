"""Forms of the officers' student pages (page pattern "Forms": core/templates/core/forms/)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from joopas.accounts import api as accounts_api
from joopas.core.errors import DomainError
from joopas.rights import rules
from joopas.rights.services import PersonInput

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATES_REVERSED = _("The end date cannot be before the start date.")
TERM_REVERSED = _("The term must end after it starts.")
IDENTITY_MISSING = _("Give the personal identity code or the learner OID.")
MAX_UPLOAD_BYTES = 2 * 1024 * 1024


def _identity_error(form: forms.Form, field: str, value: str) -> str:
    """The identifier's own translated error (wrong check character …) at its field; the value when valid."""
    if not value:
        return ""
    try:
        if field == "hetu":
            accounts_api.identity_key(hetu=value)
            return value.strip().upper()
        return accounts_api.identity_key(person_oid=value)[1]
    except DomainError as exc:
        form.add_error(field, str(exc.message))
        return value


class PersonFields(forms.Form):
    first_names = forms.CharField(label=_("First names"), max_length=200)
    last_name = forms.CharField(label=_("Last name"), max_length=200)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DATE)
    email = forms.EmailField(label=_("Email"), required=False,
                             widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    street = forms.CharField(label=_("Street address"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=20, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)

    def address(self) -> dict[str, str]:
        d = self.cleaned_data
        return {k: d[k].strip() for k in ("street", "postal_code", "city") if (d.get(k) or "").strip()}


class PersonForm(PersonFields):
    """Personal and contact data of a person the institution already has (the identity does not change here)."""

    hetu = forms.CharField(label=_("Personal identity code"), max_length=11, required=False,
                           help_text=_("This record has no learner OID: type the person's identity code to confirm "
                                       "whose data you change. It is not shown or stored in full."))

    field_order = ["hetu", "first_names", "last_name", "date_of_birth", "email", "phone", "street", "postal_code",
                   "city"]

    def __init__(self, *args: Any, needs_hetu: bool, hetu_key: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hetu_key = hetu_key
        if needs_hetu:
            self.fields["hetu"].required = True
        else:
            del self.fields["hetu"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "hetu" in self.fields and data.get("hetu"):
            value = _identity_error(self, "hetu", data["hetu"])
            if "hetu" not in self.errors and accounts_api.identity_key(hetu=value)[0] != self.hetu_key:
                self.add_error("hetu", _("This is not the identity code of this person."))
        return data

    def to_input(self, *, learner_oid: str) -> PersonInput:
        d = self.cleaned_data
        return PersonInput(first_names=d["first_names"], last_name=d["last_name"], hetu=d.get("hetu") or "",
                           learner_oid=learner_oid, date_of_birth=d["date_of_birth"], email=d["email"],
                           phone=d["phone"], address=self.address())


class NewStudentForm(PersonFields):
    """A person and a home study right in one go; a person the institution already knows is reused (R-REG-6)."""

    hetu = forms.CharField(label=_("Personal identity code"), max_length=11, required=False,
                           help_text=_("For example 010203A123B. Stored only as a code for matching; shown masked."))
    learner_oid = forms.CharField(label=_("Learner OID"), max_length=60, required=False,
                                  help_text=_("For example 1.2.246.562.24.12345678901. Give this or the identity "
                                              "code, or both."))
    student_number = forms.CharField(label=_("Student number"), max_length=40, required=False)
    identifier = forms.CharField(label=_("Study right identifier"), max_length=100,
                                 help_text=_("Your own identifier of the study right, unique in your institution."))
    right_type = forms.CharField(label=_("Type of study right"), max_length=60, required=False,
                                 help_text=_("For example bachelor's degree."))
    degree_programme = forms.CharField(label=_("Degree programme"), max_length=200, required=False)
    start_date = forms.DateField(label=_("Start date"), widget=DATE)
    end_date = forms.DateField(label=_("End date"), required=False, widget=DATE)
    status = forms.ChoiceField(label=_("Status"), choices=[])
    networks = forms.TypedMultipleChoiceField(label=_("Eligible for these networks"), coerce=int, required=False,
                                              widget=forms.CheckboxSelectMultiple,
                                              help_text=_("The student may register for studies in these networks "
                                                          "(your institution's own criteria)."))

    field_order = ["hetu", "learner_oid", "student_number", "first_names", "last_name", "date_of_birth", "email",
                   "phone", "street", "postal_code", "city", "identifier", "right_type", "degree_programme",
                   "start_date", "end_date", "status", "networks"]

    def __init__(self, *args: Any, networks: list[tuple[int, str]], status_choices: list[tuple[str, Any]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["networks"].choices = networks  # type: ignore[attr-defined]
        self.fields["status"].choices = status_choices  # type: ignore[attr-defined]
        if not networks:
            del self.fields["networks"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["hetu"] = _identity_error(self, "hetu", (data.get("hetu") or "").strip())
        data["learner_oid"] = _identity_error(self, "learner_oid", (data.get("learner_oid") or "").strip())
        if not data["hetu"] and not data["learner_oid"] and "hetu" not in self.errors \
                and "learner_oid" not in self.errors:
            self.add_error("hetu", IDENTITY_MISSING)
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", DATES_REVERSED)
        return data

    def to_input(self) -> PersonInput:
        d = self.cleaned_data
        return PersonInput(first_names=d["first_names"], last_name=d["last_name"], hetu=d["hetu"],
                           learner_oid=d["learner_oid"], student_number=d["student_number"],
                           date_of_birth=d["date_of_birth"], email=d["email"], phone=d["phone"],
                           address=self.address())


class DatesForm(forms.Form):
    start_date = forms.DateField(label=_("Start date"), widget=DATE)
    end_date = forms.DateField(label=_("End date"), required=False, widget=DATE,
                               help_text=_("Leave empty when the right has no end date."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", DATES_REVERSED)
        return data


class StatusForm(forms.Form):
    to = forms.ChoiceField(label=_("New status"), choices=[(s, s) for s in rules.STATUS_TRANSITIONS])
    reason = forms.CharField(label=_("Reason (optional)"), max_length=500, required=False)


class EligibilityForm(forms.Form):
    networks = forms.TypedMultipleChoiceField(label=_("Eligible for these networks"), coerce=int, required=False,
                                              widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, networks: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["networks"].choices = networks  # type: ignore[attr-defined]


class AttendanceForm(forms.Form):
    term_start = forms.DateField(label=_("Term starts"), widget=DATE)
    term_end = forms.DateField(label=_("Term ends"), widget=DATE)
    present = forms.TypedChoiceField(label=_("Attendance"), coerce=lambda v: v == "1",
                                     choices=[("1", _("present")), ("0", _("absent"))], widget=forms.RadioSelect)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end <= start:
            self.add_error("term_end", TERM_REVERSED)
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"),
                           help_text=_("UTF-8 text, comma-separated, the first line naming the columns as in the "
                                       "template. At most 2 MB; larger files are imported with the command."))

    def clean_file(self) -> str:
        f = self.cleaned_data["file"]
        if f.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is too large for an upload (at most 2 MB)."))
        try:
            return str(f.read().decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text. Save it as “CSV UTF-8”.")) from None
