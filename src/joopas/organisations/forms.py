from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from joopas.core.safety import web_url_validator
from joopas.organisations.models import OrganisationType

LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]


class OrganisationStepForm(forms.Form):
    # No type is chosen in advance: the note above the form says that universities need not register.
    org_type = forms.ChoiceField(label=_("Type of organisation"),
                                 choices=[("", _("Choose the type")), *OrganisationType.choices])
    name_fi = forms.CharField(label=_("Name in Finnish"), max_length=255)
    name_sv = forms.CharField(label=_("Name in Swedish"), max_length=255, required=False)
    name_en = forms.CharField(label=_("Name in English"), max_length=255, required=False)
    business_id = forms.CharField(label=_("Business ID (Y-tunnus)"), max_length=9,
                                  help_text=_("For example 1234567-1."))
    municipality = forms.CharField(label=_("Municipality"), max_length=100, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https",
                             validators=[web_url_validator])  # http(s) only (issue 10)
    email = forms.EmailField(label=_("Email of the organisation"), required=False)


class MainUserStepForm(forms.Form):
    main_user_first_name = forms.CharField(label=_("First name"), max_length=150)
    main_user_last_name = forms.CharField(label=_("Last name"), max_length=150)
    main_user_email = forms.EmailField(label=_("Email"))
    main_user_language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES)


class NoteStepForm(forms.Form):
    cover_note = forms.CharField(label=_("Cover note"), widget=forms.Textarea(attrs={"rows": 5}), required=False,
                                 max_length=4000,
                                 help_text=_("Tell the reviewer why the organisation registers, e.g. JOTPA funding."))


class RegistrationFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False, choices=[
        ("", _("all")), ("submitted", _("waiting for review")), ("approved", _("approved")),
        ("rejected", _("rejected"))])
    org_type = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("all")), *OrganisationType.choices])
    q = forms.CharField(label=_("Search"), required=False)


class RegistrationDecisionForm(forms.Form):
    ids = forms.TypedMultipleChoiceField(coerce=int, choices=[], required=False)
    action = forms.ChoiceField(choices=[("approve", "approve"), ("reject", "reject")])
    reason = forms.CharField(label=_("Reason for rejection"), required=False, max_length=1000)

    def __init__(self, *args, choices: list[tuple[int, str]], **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["ids"]).choices = choices


class ContactForm(forms.Form):
    """A contact person; the checks with their messages live in `rules.clean_contact` (shared with the API)."""

    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    role = forms.CharField(label=_("Role or task"), max_length=200, required=False,
                           help_text=_("For example: contact person for flexible studies."))
    email = forms.CharField(label=_("Email"), max_length=254, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False,
                            help_text=_("Digits, spaces, +, - and parentheses, for example +358 40 123 4567."))
    is_public = forms.BooleanField(label=_("Show on the public page of the organisation"), required=False,
                                   initial=True)


class SettingsForm(forms.Form):
    """The organisation's own settings, edited by its main users and platform admins."""

    strong_identification = forms.BooleanField(
        label=_("The organisation uses strong identification"), required=False,
        help_text=_("When this is on, every invitation to a role in the organisation must give the person's "
                    "personal identity code or learner OID. Then one person with two email addresses is still one "
                    "person, and nobody can give rights to themselves with a second account."))
