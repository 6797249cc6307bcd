"""The student's forms: registering to a course's realisations through a network. (The study offices' forms
are in `office_forms.py`.)"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

ROUTE_REQUIRED = _("Choose the network you register through.")
ROUTE_INVALID = _("That network is not one you can register through. Choose one of the networks shown.")
REALISATIONS_REQUIRED = _("Choose at least one realisation to register to.")
REALISATIONS_INVALID = _("That realisation is not one of this course's realisations. Choose one of those shown.")


def route_value(right_id: int, network_id: int) -> str:
    return f"{right_id}-{network_id}"


def parse_route(value: str) -> tuple[int, int]:
    right, network = value.split("-", 1)
    return int(right), int(network)


class RegisterForm(forms.Form):
    """`routes` and `realisations` are the values the form accepts (every home study right of the student with
    every network the course is in; every realisation of the course); `shown_*` those offered as choices now.
    The registration service decides the rest (R-REG-1) and its refusal is shown at the field it concerns."""

    route = forms.ChoiceField(label=_("Network"), widget=forms.RadioSelect,
                              error_messages={"required": ROUTE_REQUIRED, "invalid_choice": ROUTE_INVALID})
    realisations = forms.MultipleChoiceField(
        label=_("Realisations"), widget=forms.CheckboxSelectMultiple,
        help_text=_("Only realisations whose enrolment is open now are shown."),
        error_messages={"required": REALISATIONS_REQUIRED, "invalid_choice": REALISATIONS_INVALID,
                        "invalid_list": REALISATIONS_INVALID})

    def __init__(self, *args: Any, routes: Sequence[tuple[str, str]], shown_routes: Sequence[tuple[str, str]],
                 realisations: Sequence[tuple[str, str]], shown_realisations: Sequence[tuple[str, str]],
                 **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "register_%s")
        super().__init__(*args, **kwargs)
        route: Any = self.fields["route"]
        route.choices = list(routes)
        route.widget.choices = list(shown_routes)
        reals: Any = self.fields["realisations"]
        reals.choices = list(realisations)
        reals.widget.choices = list(shown_realisations)
        if len(shown_routes) == 1:  # one network: nothing to choose, it is named in the text
            route.widget = forms.HiddenInput()
            route.initial = shown_routes[0][0]
        if len(shown_realisations) == 1 and not self.is_bound:
            reals.initial = [shown_realisations[0][0]]

    def route_ids(self) -> tuple[int, int]:
        return parse_route(self.cleaned_data["route"])

    def realisation_ids(self) -> list[int]:
        return [int(v) for v in self.cleaned_data["realisations"]]
