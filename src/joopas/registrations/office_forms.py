"""Forms of the study offices' registration pages (accept, reject, the queue's bulk action)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class AcceptForm(forms.Form):
    host_student_number = forms.CharField(
        label=_("Student number at your institution"), max_length=40, required=False,
        help_text=_("If the student already has a student number at your institution, give it here."))

    def clean_host_student_number(self) -> str:
        value: str = self.cleaned_data["host_student_number"].strip()
        if value and not all(ch.isalnum() or ch in "-_." for ch in value):
            raise forms.ValidationError(_("Use only letters, digits, hyphens, underscores and full stops."))
        return value


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the rejection"), max_length=1000, widget=forms.Textarea(
        attrs={"rows": 3}), help_text=_("The student sees this reason. Write it so that they understand it."),
        error_messages={"required": _("Give the reason for the rejection; the student sees it.")})

    def clean_reason(self) -> str:
        value: str = self.cleaned_data["reason"].strip()
        if not value:
            raise forms.ValidationError(_("Give the reason for the rejection; the student sees it."))
        return value


BULK_ACTIONS = (("accept", _("Accept")), ("reject", _("Reject")))


class BulkForm(forms.Form):
    bulk_action = forms.ChoiceField(label=_("Action"), choices=BULK_ACTIONS)
    reason = forms.CharField(label=_("Reason for a rejection"), max_length=1000, required=False)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("bulk_action") == "reject" and not str(data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for the rejection; the student sees it."))
        return data
