from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from joopas.accounts import hooks, services, throttle
from joopas.accounts.forms import EmailAuthenticationForm
from joopas.core.middleware import client_ip

RESET_THROTTLED = _("Too many requests for a new password. Nothing was sent. Wait an hour and try again.")


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


class LoginView(auth_views.LoginView):
    """Email + password. Every attempt goes to the login listeners (access audits it, R-ACC-6), here in the
    view and not through signals."""

    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Issue 10, item 10: too many failures from one IP (password spraying) refuse further attempts from it
        # for a while, before any password is checked. Per (account, IP) axes refuses (AXES_LOCKOUT_PARAMETERS),
        # so a stranger elsewhere cannot lock the owner out.
        if throttle.exceeded("login-ip", client_ip(request) or "-", limit=_setting("LOGIN_IP_FAILURE_LIMIT", 20)):
            hooks.login_failed(request, email=request.POST.get("username", ""), locked=True)
            return render(request, "accounts/locked_out.html", {"ip_throttled": True}, status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        hooks.login_succeeded(self.request, form.get_user())
        return response

    def form_invalid(self, form: Any) -> HttpResponse:
        throttle.hit("login-ip", client_ip(self.request) or "-",
                     window_seconds=_setting("LOGIN_IP_WINDOW_SECONDS", 15 * 60))
        hooks.login_failed(self.request, email=self.request.POST.get("username", ""),
                           locked=bool(getattr(self.request, "axes_locked_out", False)))
        return super().form_invalid(form)


class PasswordResetView(auth_views.PasswordResetView):
    """Issue 10, item 9: the same answer, in the same time, for every address. The view looks nobody up: it
    queues one job (the worker sends the mail if the address has an account) and is throttled per address and
    per IP; when throttled, nothing is sent and the page says so."""

    template_name = "accounts/password_reset.html"

    def form_valid(self, form: Any) -> HttpResponse:
        accepted = services.password_reset_request(
            email=form.cleaned_data["email"], ip=client_ip(self.request),
            domain=get_current_site(self.request).domain, use_https=self.request.is_secure(),
            language=get_language() or "fi")
        if not accepted:
            form.add_error(None, RESET_THROTTLED)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return HttpResponseRedirect(self.get_success_url())
