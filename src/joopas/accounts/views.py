from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpResponse

from joopas.accounts import hooks
from joopas.accounts.forms import EmailAuthenticationForm


class LoginView(auth_views.LoginView):
    """Email + password. Every attempt goes to the login listeners (access audits it, R-ACC-6), here in the
    view and not through signals."""

    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        hooks.login_succeeded(self.request, form.get_user())
        return response

    def form_invalid(self, form: Any) -> HttpResponse:
        hooks.login_failed(self.request, email=self.request.POST.get("username", ""),
                           locked=bool(getattr(self.request, "axes_locked_out", False)))
        return super().form_invalid(form)
