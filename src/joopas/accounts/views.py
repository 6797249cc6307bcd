from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from joopas.access import api as access_api
from joopas.accounts.forms import EmailAuthenticationForm
from joopas.accounts.selectors import desk_links, desk_roles
from joopas.organisations.api import get_by_id


class LoginView(auth_views.LoginView):
    """Email + password. Every attempt is audited here (R-ACC-6), in the view and not through signals."""

    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        roles = access_api.active_roles(user)
        org_ids = sorted({r.organisation_id for r in roles})
        acting = ""
        if len(org_ids) == 1:  # one organisation: it is the acting one; several: the desk offers a picker
            org = get_by_id(org_ids[0])
            if org:
                acting = self.request.session["acting_organisation"] = org.oid
        access_api.record_login(user=user, succeeded=True, organisation_oid=acting)
        return response

    def form_invalid(self, form: Any) -> HttpResponse:
        access_api.record_login(email=self.request.POST.get("username", ""), succeeded=False,
                                locked=bool(getattr(self.request, "axes_locked_out", False)))
        return super().form_invalid(form)


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/desk.html", {"roles": desk_roles(request.user),
                                                  **desk_links(request.user, request.session.get("acting_organisation"))})
