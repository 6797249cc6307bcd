"""Forms of the study offices' JOO pages: endorse / decline (R-JOO-1), the host's decision per requested entity and
the supplement request (R-JOO-2), the queue's bulk action, the host's terms (R-JOO-8) and rounds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from joopas.applications import rules
from joopas.applications.models import RequestedEntity

REASON_REQUIRED = _("Give the reason. The student sees it.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _required_text(value: str) -> str:
    value = value.strip()
    if not value:
        raise forms.ValidationError(REASON_REQUIRED)
    return value


class EndorseForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), max_length=1000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("The student and the host see this note."))


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason for not endorsing"), max_length=1000, widget=forms.Textarea(
        attrs={"rows": 3}), help_text=_("The student sees this reason. Write it so that they understand it."),
        error_messages={"required": REASON_REQUIRED})

    def clean_reason(self) -> str:
        return _required_text(self.cleaned_data["reason"])


class SupplementForm(forms.Form):
    text = forms.CharField(label=_("What should the student add or correct?"), max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("The student gets a message with this text and can edit and send the "
                                       "application again."),
                           error_messages={"required": _("Tell the student what to supplement.")})

    def clean_text(self) -> str:
        value: str = self.cleaned_data["text"].strip()
        if not value:
            raise forms.ValidationError(_("Tell the student what to supplement."))
        return value


DECISION_CHOICES = ((rules.GRANTED, _("Grant")), (rules.REJECTED, _("Reject")))


class DecisionForm(forms.Form):
    """R-JOO-2: for each requested entity "Grant" or "Reject", and a reason for each rejection."""

    def __init__(self, *args: Any, entities: Sequence[RequestedEntity], lang: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entities = list(entities)
        for e in self.entities:
            what = f"{e.code} {e.label(lang)}".strip()
            self.fields[f"d{e.pk}"] = forms.ChoiceField(
                label=what, choices=DECISION_CHOICES, widget=forms.RadioSelect,
                error_messages={"required": _("Choose “Grant” or “Reject”.")})
            self.fields[f"r{e.pk}"] = forms.CharField(
                label=_("Reason for rejecting %(what)s") % {"what": e.code or what}, max_length=1000,
                required=False, widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Needed only when you reject. The student sees it."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for e in self.entities:
            if data.get(f"d{e.pk}") == rules.REJECTED and not str(data.get(f"r{e.pk}") or "").strip():
                self.add_error(f"r{e.pk}", REASON_REQUIRED)
        return data

    def rows(self) -> list[dict[str, Any]]:
        return [{"entity": e, "decision": self[f"d{e.pk}"], "reason": self[f"r{e.pk}"]} for e in self.entities]

    def decisions(self) -> dict[int, tuple[str, str]]:
        d = self.cleaned_data
        return {e.pk: (d[f"d{e.pk}"], str(d.get(f"r{e.pk}") or "").strip() if d[f"d{e.pk}"] == rules.REJECTED
                       else "") for e in self.entities}


BULK_ACTIONS = (("endorse", _("Endorse")), ("decline", _("Decline")))


class BulkForm(forms.Form):
    bulk_action = forms.ChoiceField(label=_("Action"), choices=BULK_ACTIONS)
    reason = forms.CharField(label=_("Reason for declining"), max_length=1000, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("bulk_action") == "decline" and not str(data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for not endorsing. The students see it."))
        return data


TERMS_TEXTS = (
    ("guidance", _("Application guidance in Finnish"), _("Application guidance in Swedish"),
     _("Application guidance in English")),
    ("admission", _("Admission to courses and enrolment in Finnish"),
     _("Admission to courses and enrolment in Swedish"), _("Admission to courses and enrolment in English")),
    ("services", _("Library and IT services in Finnish"), _("Library and IT services in Swedish"),
     _("Library and IT services in English")),
)


class TermsForm(forms.Form):
    """R-JOO-8: what the host publishes for JOO students, each text in Finnish, Swedish and English."""

    reminder_days = forms.IntegerField(
        label=_("Days before a reminder about a supplement"), min_value=1, max_value=90, initial=14,
        help_text=_("If a student has not sent the supplement in this many days, they get one reminder."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, *labels in TERMS_TEXTS:
            for lang, label in zip(("fi", "sv", "en"), labels, strict=True):
                self.fields[f"{name}_{lang}"] = forms.CharField(label=label, max_length=10000, required=False,
                                                               widget=forms.Textarea(attrs={"rows": 3}))
        self.order_fields([f"{n}_{lang}" for n, *_l in TERMS_TEXTS for lang in ("fi", "sv", "en")])

    def groups(self) -> list[dict[str, Any]]:
        titles = {"guidance": _("Application guidance"), "admission": _("Admission to courses and enrolment"),
                  "services": _("Library and IT services")}
        return [{"key": n, "title": titles[n], "fields": [self[f"{n}_{lang}"] for lang in ("fi", "sv", "en")]}
                for n, *_l in TERMS_TEXTS]


class RoundForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of round"), widget=forms.RadioSelect, initial=rules.FIXED, choices=(
        (rules.FIXED, _("Application period (opens and closes on given days)")),
        (rules.CONTINUOUS, _("Continuous application"))))
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput)
    closes_on = forms.DateField(label=_("Closes on"), required=False, widget=DateInput,
                                help_text=_("Optional for continuous application."))
    studies_start = forms.DateField(label=_("Granted studies start on"), widget=DateInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if data.get("kind") == rules.FIXED and "closes_on" in data and closes is None:
            self.add_error("closes_on", _("An application period needs a closing date."))
        elif isinstance(opens, dt.date) and isinstance(closes, dt.date) and closes < opens:
            self.add_error("closes_on", _("A round cannot close before it opens."))
        return data
