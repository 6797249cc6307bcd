"""Access-rights pages: grants per organisation, invitations, applications, API keys, audit, acting organisation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from joopas.access import forms, policies, rules, selectors, services
from joopas.access.selectors import is_platform_admin
from joopas.accounts import api as accounts_api
from joopas.core import formats
from joopas.core.audit import event_label
from joopas.core.errors import DomainError
from joopas.core.exports import csv_response
from joopas.organisations import api as organisations_api
from joopas.organisations.data import OrganisationRef


def _link_base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _org_or_404(organisation_id: int) -> OrganisationRef:
    org = organisations_api.get_by_id(organisation_id)
    if org is None:
        raise Http404
    return org


def _attempt(request: HttpRequest, fn: Callable[[], Any], success: str) -> bool:
    try:
        fn()
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return False
    messages.success(request, success)
    return True


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where the user manages access: organisations they can manage and, for platform admins, the desks."""
    user = request.user
    orgs = [o for o in services.acting_organisation_choices(user) if policies.can_manage_grants(user, o.id)]
    return render(request, "access/home.html", {
        "manageable": orgs, "platform_admin": is_platform_admin(user),
        "applications": selectors.requests_of_user(user.pk or 0)})


@login_required
def organisation_access(request: HttpRequest, organisation_id: int) -> HttpResponse:
    org = _org_or_404(organisation_id)
    if not policies.can_view_organisation_access(request.user, org.id):
        raise PermissionDenied
    grantable = policies.grantable_roles_for(request.user, org.id)
    main_users = selectors.active_main_user_count(org.id)
    grants, invitations = services.organisation_access_read(actor=request.user, organisation_id=org.id)  # R-ACC-6
    return render(request, "access/organisation.html", {
        "org": org, "grants": grants,
        "invitations": [(i, ", ".join(services.role_label(r, request.LANGUAGE_CODE) for r in i.roles))
                        for i in invitations],
        "grant_form": forms.GrantForm(roles=grantable), "grantable": grantable,
        "main_users": main_users, "shortage": rules.main_user_shortage(main_users),  # R-ACC-3
        "can_keys": policies.can_manage_api_keys(request.user, org.id)})


@login_required
@require_POST
def grant_create(request: HttpRequest, organisation_id: int) -> HttpResponse:
    org = _org_or_404(organisation_id)
    if not policies.can_manage_grants(request.user, org.id):
        raise PermissionDenied
    form = forms.GrantForm(request.POST, roles=policies.grantable_roles_for(request.user, org.id))
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, str(e))
    else:
        d = form.cleaned_data
        grantee = accounts_api.get_by_email(d["email"])
        if grantee is None:
            messages.error(request, _("No user has this email. Invite the person instead."))
        else:
            _attempt(request, lambda: services.grant_create(
                actor=request.user, user_id=grantee.id, organisation_id=org.id, role=d["role"],
                valid_from=d["valid_from"], valid_until=d["valid_until"]), _("The role was granted."))
    return redirect("access:organisation", organisation_id=org.id)


def _grant_org(grant_id: int) -> int:
    g = selectors.grant_with_history(grant_id)
    if g is None:
        raise Http404
    return g.organisation_id


@login_required
@require_POST
def grant_renew(request: HttpRequest, grant_id: int) -> HttpResponse:
    org_id = _grant_org(grant_id)
    if not policies.can_manage_grants(request.user, org_id):
        raise PermissionDenied
    form = forms.RenewForm(request.POST)
    until = form.cleaned_data["valid_until"] if form.is_valid() else None
    _attempt(request, lambda: services.grant_renew(actor=request.user, grant_id=grant_id, valid_until=until),
             _("The role was renewed."))
    return redirect("access:organisation", organisation_id=org_id)


@login_required
@require_POST
def grant_close(request: HttpRequest, grant_id: int) -> HttpResponse:
    org_id = _grant_org(grant_id)
    if not policies.can_manage_grants(request.user, org_id):
        raise PermissionDenied
    form = forms.CloseForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    _attempt(request, lambda: services.grant_close(actor=request.user, grant_id=grant_id, reason=reason),
             _("The role was ended."))
    return redirect("access:organisation", organisation_id=org_id)


@login_required
def grant_detail(request: HttpRequest, grant_id: int) -> HttpResponse:
    g = selectors.grant_with_history(grant_id)
    if g is None:
        raise Http404
    if not policies.can_view_organisation_access(request.user, g.organisation_id):
        raise PermissionDenied
    g = services.grant_read(actor=request.user, grant_id=grant_id)  # R-ACC-6
    return render(request, "access/grant.html", {"grant": g, "org": _org_or_404(g.organisation_id),
                                                 "history": grant_history_rows(g), "renew_form": forms.RenewForm()})


def grant_history_rows(grant: Any) -> list[dict[str, Any]]:
    """A grant's history in words: "Granted by Maija Pääkäyttäjä on 1.9.2026, valid 1.9.2026–31.8.2027"."""
    rows = []
    for h in grant.history.select_related("by").order_by("at", "id"):
        values = {"by": h.by.full_name if h.by else "", "date": formats.format_date(h.at),
                  "start": formats.format_date(h.valid_from), "end": formats.format_date(h.valid_until)}
        sentence = _HISTORY_WORDS.get((h.to_status, bool(h.by)))
        rows.append({"at": h.at, "reason": h.reason,
                     "sentence": str(sentence) % values if sentence else str(h.to_status)})
    return rows


_HISTORY_WORDS: dict[tuple[str, bool], Any] = {
    ("granted", True): gettext_lazy("Granted by %(by)s on %(date)s, valid %(start)s–%(end)s"),
    ("granted", False): gettext_lazy("Granted on %(date)s, valid %(start)s–%(end)s"),
    ("renewed", True): gettext_lazy("Renewed by %(by)s on %(date)s, valid until %(end)s"),
    ("renewed", False): gettext_lazy("Renewed on %(date)s, valid until %(end)s"),
    ("closed", True): gettext_lazy("Ended by %(by)s on %(date)s"),
    ("closed", False): gettext_lazy("Ended on %(date)s"),
    ("expired", True): gettext_lazy("Expired on %(date)s"),
    ("expired", False): gettext_lazy("Expired on %(date)s"),
}


@login_required
def invite(request: HttpRequest, organisation_id: int) -> HttpResponse:
    org = _org_or_404(organisation_id)
    if not policies.can_manage_grants(request.user, org.id):
        raise PermissionDenied
    roles = policies.grantable_roles_for(request.user, org.id)
    form = forms.InviteForm(request.POST or None, roles=roles, strong_identification=org.strong_identification)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.invitation_create(actor=request.user, organisation_id=org.id, email=d["email"],
                                       first_name=d["first_name"], last_name=d["last_name"], language=d["language"],
                                       roles=d["roles"], valid_until=d["valid_until"], link_base=_link_base(request),
                                       hetu=d["hetu"], person_oid=d["person_oid"])
        except DomainError as exc:
            form.add_error(exc.details.get("field") if exc.details.get("field") in form.fields else None,
                           str(exc.message))
        else:
            messages.success(request, _("The invitation was sent to %(email)s.") % {"email": d["email"]})
            return redirect("access:organisation", organisation_id=org.id)
    return render(request, "access/invite.html", {"org": org, "form": form}, status=400 if form.errors else 200)


@login_required
@require_POST
def invitation_cancel(request: HttpRequest, invitation_id: int) -> HttpResponse:
    org_id = selectors.invitation_organisation_id(invitation_id)
    if org_id is None:
        raise Http404
    if not policies.can_manage_grants(request.user, org_id):
        raise PermissionDenied
    _attempt(request, lambda: services.invitation_cancel(actor=request.user, invitation_id=invitation_id),
             _("The invitation was cancelled."))
    return redirect("access:organisation", organisation_id=org_id)


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Public: the one-time link. A new person sets a password; a logged-in invitee just accepts."""
    try:
        inv = services.invitation_check(token)
    except DomainError as exc:
        return render(request, "access/invitation_invalid.html", {"error": exc}, status=exc.status)
    org = _org_or_404(inv.organisation_id)
    existing = accounts_api.get_by_email(inv.email)
    logged_in_as_invitee = request.user.is_authenticated and request.user.email.lower() == inv.email.lower()
    form = forms.AcceptInvitationForm(request.POST or None) if not logged_in_as_invitee else None
    if request.method == "POST":
        if existing is not None and not logged_in_as_invitee:
            messages.error(request, _("An account with this email already exists. Log in first."))
        elif form is None or form.is_valid():
            try:
                if logged_in_as_invitee:
                    accepted = services.invitation_accept(token=token, user=request.user)
                else:
                    assert form is not None
                    accepted = services.invitation_accept(token=token, password=form.cleaned_data["password1"])
            except DomainError as exc:
                if form is not None and exc.code == "accounts.password.weak":
                    form.add_error("password1", str(exc.message))
                else:
                    messages.error(request, str(exc.message))
            else:
                if not logged_in_as_invitee and accepted.accepted_user is not None:
                    user = accepted.accepted_user
                    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                    request.session["acting_organisation"] = org.oid
                    services.login_recorded(user=user, succeeded=True, organisation_oid=org.oid)
                messages.success(request, _("Welcome! Your account is ready and your roles are active."))
                return redirect("site:desk")
    return render(request, "access/invitation_accept.html", {
        "inv": inv, "org": org, "form": form, "existing": existing is not None and not logged_in_as_invitee,
        "roles": [services.role_label(r, request.LANGUAGE_CODE) for r in inv.roles]},
        status=400 if form is not None and form.errors else 200)


@login_required
def api_keys(request: HttpRequest, organisation_id: int) -> HttpResponse:
    org = _org_or_404(organisation_id)
    if not policies.can_manage_api_keys(request.user, org.id):
        raise PermissionDenied
    form = forms.ApiKeyForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _key, new_key = services.api_key_create(actor=request.user, organisation_id=org.id,
                                                    name=form.cleaned_data["name"])
        except DomainError as exc:
            form.add_error("name", str(exc.message))
        else:
            form = forms.ApiKeyForm()
    return render(request, "access/api_keys.html", {"org": org, "keys": selectors.api_keys_of_organisation(org.id),
                                                    "form": form, "new_key": new_key})


@login_required
@require_POST
def api_key_action(request: HttpRequest, key_id: int, action: str) -> HttpResponse:
    org_id = selectors.api_key_organisation_id(key_id)
    if org_id is None:
        raise Http404
    org = _org_or_404(org_id)
    if not policies.can_manage_api_keys(request.user, org.id):
        raise PermissionDenied
    if action == "rotate":
        try:
            _new, raw = services.api_key_rotate(actor=request.user, key_id=key_id)
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            return render(request, "access/api_keys.html", {
                "org": org, "keys": selectors.api_keys_of_organisation(org.id), "form": forms.ApiKeyForm(),
                "new_key": raw})
    elif action == "revoke":
        _attempt(request, lambda: services.api_key_revoke(actor=request.user, key_id=key_id),
                 _("The key was revoked."))
    else:
        raise Http404
    return redirect("access:api_keys", organisation_id=org.id)


@login_required
def apply(request: HttpRequest) -> HttpResponse:
    """R-ACC-4: apply for a main-user right when every main user of the organisation has expired."""
    org_ids = selectors.organisation_ids_ever_granted(request.user.pk or 0)
    found = organisations_api.get_many(org_ids)
    orgs = [found[i] for i in org_ids if i in found]
    form = forms.ApplicationForm(request.POST or None, organisations=[(o.id, o.name(_lang(request))) for o in orgs])
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.access_request_create(actor=request.user, organisation_id=d["organisation"], role=d["role"],
                                               reason=d["reason"])
        except DomainError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("Your application was sent to the platform admins."))
            return redirect("access:home")
    return render(request, "access/apply.html", {"form": form, "has_orgs": bool(orgs)},
                  status=400 if form.errors else 200)


@login_required
def applications(request: HttpRequest) -> HttpResponse:
    if not policies.can_decide_access_requests(request.user):
        raise PermissionDenied
    requests = services.access_requests_read(actor=request.user)  # R-ACC-6
    orgs = organisations_api.get_many({r.organisation_id for r in requests})
    rows = [{"app": r, "org": orgs.get(r.organisation_id)} for r in requests]
    return render(request, "access/applications.html", {"rows": rows})


@login_required
@require_POST
def application_decide(request: HttpRequest, application_id: int) -> HttpResponse:
    if not policies.can_decide_access_requests(request.user):
        raise PermissionDenied
    form = forms.DecisionForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    approve = request.POST.get("decision") == "approve"
    _attempt(request, lambda: services.access_request_decide(
        actor=request.user, application_id=application_id, approve=approve, reason=reason),
        _("The application was approved.") if approve else _("The application was rejected."))
    return redirect("access:applications")


@login_required
def continuity(request: HttpRequest) -> HttpResponse:
    """R-ACC-3: organisations with fewer than two active main users, for platform admins."""
    if not policies.can_see_continuity_overview(request.user):
        raise PermissionDenied
    orgs = organisations_api.list_active()
    counts = selectors.main_user_counts([o.id for o in orgs])
    short = [(o, counts[o.id]) for o in orgs if rules.main_user_shortage(counts[o.id])]
    return render(request, "access/continuity.html", {"short": short})


AUDIT_COLUMNS = [
    ("at", gettext_lazy("When")), ("event", gettext_lazy("Event")), ("actor_label", gettext_lazy("Who")),
    ("acting_organisation_oid", gettext_lazy("Acting organisation")),
    ("organisation_oid", gettext_lazy("Organisation concerned")), ("subject_type", gettext_lazy("Subject type")),
    ("subject_id", gettext_lazy("Subject id")), ("person_oid", gettext_lazy("Whose data (person OID)")),
    ("ip", gettext_lazy("IP address")), ("request_id", gettext_lazy("Request id")),
    ("before", gettext_lazy("Before")), ("after", gettext_lazy("After"))]


@login_required
def audit(request: HttpRequest, organisation_id: int | None = None) -> HttpResponse:
    """R-ACC-6: platform admins search the whole log, main users their organisation's; CSV export.

    Both the organisation concerned and the acting organisation (whose role the actor used) are shown and
    exported; platform admins may filter by either. Every search and export is itself recorded.
    """
    org = _org_or_404(organisation_id) if organisation_id is not None else None
    if not policies.can_view_audit(request.user, org.id if org else None):
        raise PermissionDenied
    form = forms.AuditFilterForm(request.GET or None, all_organisations=org is None)
    f = form.cleaned_data if form.is_valid() else {}
    if request.GET.get("format") == "csv":
        exported = services.audit_export(actor=request.user, organisation_id=org.id if org else None, filters=f)
        return csv_response("audit.csv", [str(label) for _c, label in AUDIT_COLUMNS],
                            ([getattr(ev, c) if c != "at" else ev.at.isoformat() for c, _l in AUDIT_COLUMNS]
                             for ev in exported))
    rows = services.audit_read(actor=request.user, organisation_id=org.id if org else None, filters=f)
    query = request.GET.copy()
    query["format"] = "csv"
    return render(request, "access/audit.html", {"org": org, "org_name": _name(org, request), "form": form,
                                                 "rows": _audit_rows(rows, _lang(request)),
                                                 "csv_query": query.urlencode()})


def _lang(request: HttpRequest) -> str:
    code = (getattr(request, "LANGUAGE_CODE", "") or "fi")[:2]
    return code if code in ("fi", "sv", "en") else "fi"


def _name(org: OrganisationRef | None, request: HttpRequest) -> str:
    """An organisation's name in the page's language (Finnish when it has none in that language)."""
    return org.name(_lang(request)) if org else ""


def _audit_rows(events: list[Any], lang: str) -> list[dict[str, Any]]:
    """Audit rows for people: the event in words, the actor's name, organisations by name (OIDs in the details)."""
    users = accounts_api.get_many(sorted({e.actor_id for e in events if e.actor_id}))
    oids = {o for e in events for o in (e.organisation_oid, e.acting_organisation_oid) if o}
    orgs = {oid: ref for oid in sorted(oids) if (ref := organisations_api.get_by_oid(oid)) is not None}

    def org_name(oid: str) -> str:
        return orgs[oid].name(lang) if oid in orgs else oid

    return [{"e": e, "label": event_label(e.event),
             "who": users[e.actor_id].full_name if e.actor_id in users else e.actor_label,
             "who_email": users[e.actor_id].email if e.actor_id in users else "",
             "organisation": org_name(e.organisation_oid), "acting": org_name(e.acting_organisation_oid)}
            for e in events]


def _safe_next(request: HttpRequest, target: str) -> str:
    """Issue 10: follow `next` only to this site, as the login does (never an open redirect)."""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return ""


@login_required
def acting_organisation(request: HttpRequest) -> HttpResponse:
    """A user with roles in several organisations picks the one they act for (stored in the session)."""
    choices = services.acting_organisation_choices(request.user)
    form = forms.ActingOrganisationForm(request.POST or None, organisations=[(o.oid, o.name(_lang(request))) for o in choices],
                                        initial={"organisation": request.session.get("acting_organisation")})
    if request.method == "POST" and form.is_valid():
        try:
            org = services.acting_organisation_check(request.user, form.cleaned_data["organisation"])
        except DomainError as exc:
            form.add_error("organisation", str(exc.message))
        else:
            request.session["acting_organisation"] = org.oid
            messages.success(request, _("You now act for %(name)s.") % {"name": org.name(_lang(request))})
            return redirect(_safe_next(request, request.POST.get("next", "")) or reverse("site:desk"))
    return render(request, "access/acting.html", {"form": form, "choices": choices})


# --- Login listeners (registered with accounts.api in AccessConfig.ready) -------------------------------------


def on_login(request: HttpRequest, user: Any) -> None:
    """R-ACC-6 / R-ACC-3: after a password login, a user with roles in exactly one organisation acts for it (with
    several the desk offers a picker); the login is audited with that organisation."""
    org_ids = sorted({r.organisation_id for r in policies.active_roles(user)})
    acting = ""
    if len(org_ids) == 1:
        org = organisations_api.get_by_id(org_ids[0])
        if org:
            acting = request.session["acting_organisation"] = org.oid
    services.login_recorded(user=user, succeeded=True, organisation_oid=acting)


def on_login_failed(request: HttpRequest, *, email: str, locked: bool) -> None:
    """R-ACC-6: every failed attempt is audited, with axes' lockout flag."""
    services.login_recorded(email=email, succeeded=False, locked=locked)
