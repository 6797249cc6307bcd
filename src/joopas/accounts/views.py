from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from joopas.accounts.forms import EmailAuthenticationForm
from joopas.accounts.selectors import desk_roles


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/desk.html", {"roles": desk_roles(request.user)})
