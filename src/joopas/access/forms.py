from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from joopas.access.models import Role

LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]


class DateInput(forms.DateInput):
    input_type = "date"


def _role_choices(roles: set[str]) -> list[tuple[str, Any]]:
    return [(r.value, r.label) for r in Role if r.value in roles]


class GrantForm(forms.Form):
    email = forms.EmailField(label=_("Email of the user"))
    role = forms.ChoiceField(label=_("Role"))
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=DateInput)
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DateInput,
                                  help_text=_("Leave empty for 12 months."))

    def __init__(self, *args: Any, roles: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["role"]).choices = _role_choices(roles)


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES)
    hetu = forms.CharField(label=_("Personal identity code"), max_length=11, required=False,
                           help_text=_("Where your organisation identifies people strongly, give the personal "
                                       "identity code or the learner OID. It links all accounts of the same "
                                       "person, so nobody can give rights to themselves with a second account."))
    person_oid = forms.CharField(label=_("Learner OID"), max_length=64, required=False)
    roles = forms.MultipleChoiceField(label=_("Roles"), widget=forms.CheckboxSelectMultiple)
    valid_until = forms.DateField(label=_("Rights valid until"), required=False, widget=DateInput,
                                  help_text=_("Leave empty for 12 months."))

    def __init__(self, *args: Any, roles: set[str], strong_identification: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["roles"]).choices = _role_choices(roles)
        if strong_identification:  # R-ACC-2: the service requires one of the two; say so before sending
            self.fields["hetu"].help_text = _(
                "Required: your organisation uses strong identification. Give the personal identity code, or "
                "the learner OID below. It links all accounts of the same person, so nobody can give rights to "
                "themselves with a second account.")


class RenewForm(forms.Form):
    valid_until = forms.DateField(label=_("New end date"), required=False, widget=DateInput)


class CloseForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)


class AcceptInvitationForm(forms.Form):
    password1 = forms.CharField(label=_("Password"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text=_("At least 10 characters; not too common and not like your name."))
    password2 = forms.CharField(label=_("Password again"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The passwords do not match."))
        return data


class ApiKeyForm(forms.Form):
    name = forms.CharField(label=_("Name of the key"), max_length=100,
                           help_text=_("For example the system that uses it: Peppi, Sisu."))


class ApplicationForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Organisation"), coerce=int)
    role = forms.ChoiceField(label=_("Role"), choices=[(Role.MAIN_USER.value, Role.MAIN_USER.label),
                                                       (Role.JOTPA_MAIN_USER.value, Role.JOTPA_MAIN_USER.label)])
    reason = forms.CharField(label=_("Why do you need the right?"), widget=forms.Textarea(attrs={"rows": 3}),
                             required=False, max_length=2000)

    def __init__(self, *args: Any, organisations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["organisation"]).choices = organisations


class DecisionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class AuditFilterForm(forms.Form):
    event = forms.CharField(label=_("Event starts with"), required=False)
    actor = forms.CharField(label=_("Who (email)"), required=False)
    person_oid = forms.CharField(label=_("Whose data (person OID)"), required=False)
    organisation = forms.CharField(label=_("Organisation OID"), required=False)
    acting_organisation = forms.CharField(label=_("Acting organisation OID"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput)

    def __init__(self, *args: Any, all_organisations: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not all_organisations:
            del self.fields["organisation"]
            del self.fields["acting_organisation"]


class ActingOrganisationForm(forms.Form):
    organisation = forms.ChoiceField(label=_("Acting organisation"))

    def __init__(self, *args: Any, organisations: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["organisation"]).choices = organisations
