from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from joopas.networks.models import NetworkType, PricingBasis


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class NetworkForm(forms.Form):
    code = forms.CharField(label=_("Identifier"), max_length=40,
                           help_text=_("A short unique identifier, e.g. JOO-2026. It cannot be changed later."))
    name_fi = forms.CharField(label=_("Name in Finnish"), max_length=200)
    name_sv = forms.CharField(label=_("Name in Swedish"), max_length=200, required=False)
    name_en = forms.CharField(label=_("Name in English"), max_length=200, required=False)
    abbreviation = forms.CharField(label=_("Abbreviation"), max_length=30, required=False)
    network_type = forms.ChoiceField(label=_("Type"), choices=NetworkType.choices)
    coordinating_organisation_id = forms.TypedChoiceField(label=_("Coordinating organisation"), coerce=int)
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput)
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DateInput,
                                  help_text=_("Leave empty if the network is valid until further notice."))
    description_fi = forms.CharField(label=_("Description in Finnish"), required=False, widget=forms.Textarea(
        attrs={"rows": 3}))
    description_sv = forms.CharField(label=_("Description in Swedish"), required=False, widget=forms.Textarea(
        attrs={"rows": 3}))
    description_en = forms.CharField(label=_("Description in English"), required=False, widget=forms.Textarea(
        attrs={"rows": 3}))
    eligibility_fi = forms.CharField(
        label=_("Eligible students (Finnish)"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One rule for the whole network: the same offering is open to every eligible student."))
    eligibility_sv = forms.CharField(label=_("Eligible students (Swedish)"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    eligibility_en = forms.CharField(label=_("Eligible students (English)"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    pricing_basis = forms.ChoiceField(label=_("Billing"), choices=PricingBasis.choices)
    price_per_credit = forms.DecimalField(label=_("Price per credit (EUR)"), required=False, min_value=0,
                                          max_digits=8, decimal_places=2)

    def __init__(self, *args: Any, organisations: list[tuple[int, str]], editing: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coordinating_organisation_id"].choices = organisations  # type: ignore[attr-defined]
        if editing:
            for name in ("code", "coordinating_organisation_id", "valid_from", "valid_until"):
                del self.fields[name]


class MembershipForm(forms.Form):
    organisation_id = forms.TypedChoiceField(label=_("Organisation"), coerce=int)
    valid_from = forms.DateField(label=_("Member from"), widget=DateInput)
    valid_until = forms.DateField(label=_("Member until"), required=False, widget=DateInput,
                                  help_text=_("Leave empty if the membership continues until further notice."))
    is_coordinator = forms.BooleanField(label=_("Coordinating member"), required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, organisations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation_id"].choices = organisations  # type: ignore[attr-defined]


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("Valid from"), widget=DateInput)
    end = forms.DateField(label=_("Valid until"), required=False, widget=DateInput,
                          help_text=_("Leave the end empty if the network is valid until further notice."))

    def clean(self) -> dict[str, Any]:
        d = super().clean() or {}
        if d.get("start") and d.get("end") and d["end"] < d["start"]:
            self.add_error("end", _("The end date cannot be before the start date."))
        return d


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.CharField(label=_("Role"), max_length=200, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)


class TargetingForm(forms.Form):
    network = forms.TypedChoiceField(label=_("Network"), coerce=int)
    target = forms.ChoiceField(label=_("Course unit or realisation"), widget=forms.RadioSelect)
    valid_from = forms.DateField(label=_("Targeted from"), widget=DateInput)
    valid_until = forms.DateField(label=_("Targeted until"), required=False, widget=DateInput,
                                  help_text=_("Leave empty if the targeting continues until further notice."))
    enrollable = forms.BooleanField(label=_("Students of the network can enrol"), required=False, initial=True)
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, networks: list[tuple[int, str]], targets: list[tuple[str, str]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["network"].choices = networks  # type: ignore[attr-defined]
        # every own course unit and realisation is a valid choice; the page shows those matching its search
        self.fields["target"].choices = targets  # type: ignore[attr-defined]

    def target_ids(self) -> tuple[int | None, int | None]:
        kind, _sep, pk = str(self.cleaned_data["target"]).partition(":")
        return (int(pk), None) if kind == "cu" else (None, int(pk))
