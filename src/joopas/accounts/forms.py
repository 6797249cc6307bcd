from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(label=_("Email"), widget=forms.EmailInput(attrs={"autocomplete": "email",
                                                                                  "autofocus": True}),
                                error_messages={"required": _("Give your email address."),
                                                "invalid": _("Give an email address, for example name@example.fi.")})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # An empty form says what is missing, on the field that is missing (issue 11).
        self.fields["password"].error_messages["required"] = _("Give your password.")
