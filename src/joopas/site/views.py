from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_POST

from joopas.access import api as access_api
from joopas.accounts import api as accounts_api
from joopas.core.desk import DeskContext, sections_for
from joopas.core.errors import DomainError
from joopas.organisations import api as organisations_api
from joopas.site import selectors, services
from joopas.site.forms import LanguageForm


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "site/home.html")


def flexible_studies(request: HttpRequest) -> HttpResponse:
    return render(request, "site/flexible_studies.html")


# --- Legal pages: one template per language (the wording is the law's, read as a whole, not in fragments) -----

def _legal(request: HttpRequest, name: str) -> HttpResponse:
    lang = translation.get_language() or settings.LANGUAGE_CODE
    if lang not in {code for code, _name in settings.LANGUAGES}:
        lang = settings.LANGUAGE_CODE
    support = getattr(settings, "SUPPORT_EMAIL", "tuki@joopas.invalid")
    return render(request, f"site/legal/{name}_{lang}.html", {
        "legal_page": name, "operator": getattr(settings, "SERVICE_OPERATOR", ""),
        "privacy_email": getattr(settings, "PRIVACY_CONTACT_EMAIL", support),
        "feedback_email": getattr(settings, "ACCESSIBILITY_FEEDBACK_EMAIL", support),
        "session_hours": settings.SESSION_COOKIE_AGE // 3600})


def accessibility(request: HttpRequest) -> HttpResponse:
    return _legal(request, "accessibility")


def privacy_registration(request: HttpRequest) -> HttpResponse:
    return _legal(request, "privacy_registration")


def privacy_staff(request: HttpRequest) -> HttpResponse:
    return _legal(request, "privacy_staff")


# --- After login, the desk, the profile ----------------------------------------------------------------------

@login_required
def after_login(request: HttpRequest) -> HttpResponse:
    """LOGIN_REDIRECT_URL: staff (anyone with a role, and platform admins) land on their desk, others on the
    front page. A `next` given to the login page wins, as before."""
    user: Any = request.user
    if access_api.active_roles(user) or access_api.is_platform_admin(user):
        return redirect("site:desk")
    return redirect("site:home")


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    """The staff work list after login: who I am, my roles, and the sections the apps register (core.desk)."""
    user: Any = request.user
    lang = translation.get_language() or "fi"
    roles = access_api.active_roles(user)
    orgs = organisations_api.get_many({r.organisation_id for r in roles})
    acting_oid = request.session.get("acting_organisation")
    acting = organisations_api.get_by_oid(acting_oid) if acting_oid else None
    ctx = DeskContext(user=user, acting_organisation_id=acting.id if acting else None,
                      roles=frozenset(r.role for r in roles), is_platform_admin=access_api.is_platform_admin(user))
    sections = sections_for(ctx)
    return render(request, "site/desk.html", {
        "roles": [{"organisation": orgs[r.organisation_id].name(lang) if r.organisation_id in orgs else "",
                   "role": access_api.Role(r.role).label} for r in roles],
        "acting": acting.name(lang) if acting else "", "several_organisations": len(orgs) > 1,
        "sections": sections, "waiting": sum(item.count or 0 for _s, items in sections for item in items),
        # an item's hint is what needs attention (R-ACC-3: too few main users): shown above the tasks, as before
        "warnings": [item.hint for _section, items in sections for item in items if item.hint]})


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """The person's own page: name, email, language, password change, their sessions."""
    user: Any = request.user
    current_key = request.session.session_key
    if request.method == "POST":
        form = LanguageForm(request.POST)
        if form.is_valid():
            language = accounts_api.user_set_language(user_id=user.pk, language=form.cleaned_data["language"])
            translation.activate(language)
            messages.success(request, _("Your language is now saved."))
            response = HttpResponseRedirect(reverse("site:profile"))
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax",
                                secure=settings.SESSION_COOKIE_SECURE, httponly=False)
            return response
    else:
        form = LanguageForm(initial={"language": user.language})
    sessions = selectors.sessions_of(user_id=user.pk, current_key=current_key)
    if current_key and not any(s.current for s in sessions):  # a session from before this page existed
        services.session_record(user_id=user.pk, session_key=current_key,
                                user_agent=request.META.get("HTTP_USER_AGENT", ""))
        sessions = selectors.sessions_of(user_id=user.pk, current_key=current_key)
    return render(request, "site/profile.html", {
        "form": form, "sessions": sessions, "others": sum(not s.current for s in sessions)})


@login_required
@require_POST
def profile_end_other_sessions(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    ended = services.sessions_end_others(user_id=user.pk, keep_key=request.session.session_key)
    messages.success(request, _("You were logged out of your other sessions (%(count)d).") % {"count": ended})
    return redirect("site:profile")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change in the site's layout; back to the profile with a message. Changing the password
    ends the person's other sessions (Django's session hash) and keeps this one."""

    template_name = "site/password_change.html"
    success_url = reverse_lazy("site:profile")

    def form_valid(self, form: Any) -> HttpResponse:
        user: Any = self.request.user
        old_key = self.request.session.session_key
        response = super().form_valid(form)
        new_key = self.request.session.session_key
        services.session_rekey(user_id=user.pk, old_key=old_key, new_key=new_key)
        # the other sessions no longer log anyone in (Django's session hash); remove them from the list too
        services.sessions_end_others(user_id=user.pk, keep_key=new_key)
        messages.success(self.request, _("Your password is now changed. Your other sessions were logged out."))
        return response


# --- Error pages (config/urls.py handler400/403/404/500) ------------------------------------------------------

ERROR_TITLES = {
    400: _("The request could not be understood"),
    403: _("You cannot open this page"),
    404: _("We could not find the page"),
    500: _("Something went wrong on our side"),
}
ERROR_TEXTS = {
    400: _("The address or the form that was sent has an error. Go back and try again."),
    403: _("You do not have permission to do this."),
    404: _("The page may have been moved or removed, or the address may have a typo."),
    500: _("The service could not finish your request. Nothing was saved. Try again in a moment."),
}


def _reason(exception: BaseException | None) -> str:
    """The translated reason the service gave: the exception's own message, or the DomainError behind it
    (`raise PermissionDenied from exc`)."""
    if exception is None:
        return ""
    for exc in (exception, exception.__cause__):
        if isinstance(exc, DomainError):
            return str(exc.message)
        if exc is not None and exc.args and isinstance(exc.args[0], str | Promise) and str(exc.args[0]):
            return str(exc.args[0])
    return ""


def _error_page(request: HttpRequest, status: int, exception: BaseException | None = None) -> HttpResponse:
    reason = _reason(exception) if status == 403 else ""
    return render(request, "site/error.html", {
        "status": status, "title": ERROR_TITLES[status], "text": reason or ERROR_TEXTS[status],
        "login_url": reverse("accounts:login") + "?next=" + request.path if status == 403 else "",
    }, status=status)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    return _error_page(request, 400, exception)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    return _error_page(request, 403, exception)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    return _error_page(request, 404, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page: rendered without the request, so no context processor, session or user lookup touches the
    database (which may be what failed)."""
    template = loader.get_template("site/error.html")
    return HttpResponseServerError(template.render({
        "status": 500, "title": ERROR_TITLES[500], "text": ERROR_TEXTS[500], "server_error": True}))


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness plus a database round trip: 200 when the service can do real work."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return JsonResponse({"status": "error", "database": type(exc).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Ready when the database answers and no migration is pending."""
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:
        return JsonResponse({"status": "error", "database": type(exc).__name__}, status=503)
    if pending:
        return JsonResponse({"status": "migrating", "pending_migrations": len(pending)}, status=503)
    return JsonResponse({"status": "ready"})


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page links: point them at the self-hosted icon, not a 404."""
    return HttpResponsePermanentRedirect(static("site/favicon.svg"))
