from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from joopas.exchange.labels import STATUS_LABELS, type_label
from joopas.exchange.models import Channel, DeliveryStatus
from joopas.exchange.registry import TYPES


class FilterForm(forms.Form):
    direction = forms.ChoiceField(label=_("Direction"), required=False,
                                  choices=[("all", _("All")), ("sent", _("Sent")), ("received", _("Received"))])
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[
        ("", _("Any")), *[(s, STATUS_LABELS[s]) for s in ("received", "validated", "refused")],
        *[(s, STATUS_LABELS[s]) for s in DeliveryStatus.values]])
    type = forms.ChoiceField(label=_("Message type"), required=False,
                             choices=lambda: [("", _("Any")), *sorted(((t, type_label(t)) for t in TYPES),
                                                                     key=lambda c: c[1])])
    q = forms.CharField(label=_("Message id"), required=False, max_length=100,
                        help_text=_("The whole message id, for example from an error report."))


class SettingsForm(forms.Form):
    channel = forms.ChoiceField(label=_("Delivery channel"), choices=Channel.choices)
    webhook_url = forms.URLField(label=_("Webhook address (https)"), required=False, max_length=500,
                                  assume_scheme="https")
    contact_email = forms.EmailField(label=_("Contact email for the daily failure digest"), required=False)
    max_attempts = forms.IntegerField(label=_("Delivery attempts before a message is dead"), min_value=1,
                                      max_value=50, initial=10)
    new_secret = forms.BooleanField(label=_("Create a new webhook signing secret"), required=False)


class PayloadForm(forms.Form):
    payload = forms.CharField(label=_("Payload (JSON)"), widget=forms.Textarea(attrs={"rows": 16, "cols": 80}))

    def clean_payload(self) -> Any:
        try:
            value = json.loads(self.cleaned_data["payload"])
        except ValueError as exc:
            raise forms.ValidationError(_("This is not valid JSON.")) from exc
        if not isinstance(value, dict):
            raise forms.ValidationError(_("The payload must be a JSON object."))
        return value
