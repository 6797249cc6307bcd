"""The student's forms for a JOO application: choosing the host's round (and the home study right), the requested
study entities in the student's order of preference with the justification, and the attachment uploads. The
services decide the rest (rules, R-OFF-1 offering) and their refusals are shown at the field they concern."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from joopas.applications import rules
from joopas.applications.services import EntityChoice

ROUND_REQUIRED = _("Choose the university and application round.")
ROUND_INVALID = _("That round is not open for applications. Choose one of the rounds shown.")
RIGHT_REQUIRED = _("Choose the study right you apply with.")
RIGHT_INVALID = _("That study right is not yours. Choose one of those shown.")
ENTITY_INVALID = _("That study module or course is not in this university's JOO offering. Choose one of those "
                   "shown.")
ORDER_INVALID = _("Choose a preference number from the list.")
FILE_REQUIRED = _("Choose a file to upload.")
KIND_INVALID = _("Choose what kind of attachment this is.")

KIND_PREFIX = {rules.MODULE: "m", rules.COURSE_UNIT: "u"}
PREFIX_KIND = {v: k for k, v in KIND_PREFIX.items()}


def entity_value(kind: str, pk: int) -> str:
    return f"{KIND_PREFIX[kind]}{pk}"


def parse_entity(value: str) -> EntityChoice:
    return EntityChoice(PREFIX_KIND[value[0]], int(value[1:]))


class ChooseRoundForm(forms.Form):
    """Step 1 of a new application: the host's round and, when the student has several home rights, which one."""

    round = forms.TypedChoiceField(label=_("University and application round"), widget=forms.RadioSelect,
                                   coerce=int, error_messages={"required": ROUND_REQUIRED,
                                                               "invalid_choice": ROUND_INVALID})
    right = forms.TypedChoiceField(label=_("Your study right at your own university"), widget=forms.RadioSelect,
                                   coerce=int, error_messages={"required": RIGHT_REQUIRED,
                                                               "invalid_choice": RIGHT_INVALID})

    def __init__(self, *args: Any, rounds: Sequence[tuple[int, str]], rights: Sequence[tuple[int, str]],
                 **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "choose_%s")
        super().__init__(*args, **kwargs)
        rnd: Any = self.fields["round"]
        rnd.choices = [(str(pk), label) for pk, label in rounds]
        right: Any = self.fields["right"]
        right.choices = [(str(pk), label) for pk, label in rights]
        if len(rights) == 1:  # one right: nothing to choose
            right.widget = forms.HiddenInput()
            right.initial = str(rights[0][0])


def _order_choices(n: int) -> list[tuple[str, str]]:
    return [("", "–"), *((str(i), str(i)) for i in range(1, n + 1))]


class ApplicationForm(forms.Form):
    """The requested entities (study modules first, then course units) with a preference number each, and the
    justification. `modules` / `units` are the host's JOO offering as (value, label) pairs."""

    modules = forms.MultipleChoiceField(
        label=_("Study modules (recommended)"), required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": ENTITY_INVALID, "invalid_list": ENTITY_INVALID})
    units = forms.MultipleChoiceField(
        label=_("Single courses"), required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": ENTITY_INVALID, "invalid_list": ENTITY_INVALID})
    justification = forms.CharField(
        label=_("Why do you apply? (from your personal study plan, HOPS, or its summary)"), required=False,
        max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Tell how these studies fit your degree, for example as a minor subject or optional studies."))

    def __init__(self, *args: Any, modules: Sequence[tuple[str, str]], units: Sequence[tuple[str, str]],
                 **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "app_%s")
        super().__init__(*args, **kwargs)
        mod: Any = self.fields["modules"]
        mod.choices = list(modules)
        unit: Any = self.fields["units"]
        unit.choices = list(units)
        self.labels = dict([*modules, *units])
        n = min(max(len(modules) + len(units), 1), rules.MAX_ENTITIES)
        for value, label in [*modules, *units]:
            self.fields[f"order_{value}"] = forms.ChoiceField(
                label=_("Preference for %(name)s") % {"name": label}, required=False, choices=_order_choices(n),
                error_messages={"invalid_choice": ORDER_INVALID})

    def rows(self, name: str) -> list[tuple[Any, Any]]:
        """(checkbox, preference select) for each choice of `modules` or `units`, for the template."""
        return [(choice, self[f"order_{choice.data['value']}"]) for choice in self[name]]

    def entity_choices(self) -> list[EntityChoice]:
        """The chosen entities in the student's order: by preference number, unnumbered last, then as listed."""
        picked = [*self.cleaned_data["modules"], *self.cleaned_data["units"]]
        big = rules.MAX_ENTITIES + 1

        def key(item: tuple[int, str]) -> tuple[int, int]:
            i, value = item
            order = self.cleaned_data.get(f"order_{value}") or ""
            return (int(order) if order else big, i)

        return [parse_entity(v) for _i, v in sorted(enumerate(picked), key=key)]


class UploadForm(forms.Form):
    """One file: the transcript (PDF) or another attachment (PDF, PNG, JPEG). The type, size and content are
    checked by the service (`rules.check_attachment`)."""

    kind = forms.ChoiceField(label=_("What is the file?"),
                             error_messages={"required": KIND_INVALID, "invalid_choice": KIND_INVALID})
    file = forms.FileField(label=_("File"), error_messages={"required": FILE_REQUIRED, "invalid": FILE_REQUIRED,
                                                            "empty": _("The file is empty.")})

    def __init__(self, *args: Any, kinds: Sequence[tuple[str, Any]], help_text: Any = "", accept: str = "",
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind: Any = self.fields["kind"]
        kind.choices = list(kinds)
        if len(kinds) == 1:
            kind.widget = forms.HiddenInput()
            kind.initial = kinds[0][0]
        self.fields["file"].help_text = help_text
        if accept:
            self.fields["file"].widget.attrs["accept"] = accept
