"""Network pages: list and detail, coordinator management, targeting for catalogue editors, change log.

Thin: forms in, services do the work, DomainErrors come back as the same translated messages."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from joopas.access.api import Role, is_platform_admin, organisations_with_role
from joopas.core.clock import today
from joopas.core.errors import DomainError
from joopas.core.exports import csv_response
from joopas.core.formats import format_date
from joopas.core.web import run_action
from joopas.networks import api as networks_api
from joopas.networks import offering, policies, selectors, services
from joopas.networks.forms import ContactForm, MembershipForm, NetworkForm, PeriodForm, TargetingForm
from joopas.networks.models import Network, NetworkType
from joopas.organisations import api as organisations_api


def _lang() -> str:
    return (get_language() or "fi")[:2]


def _org_name(org_id: int | None) -> str:
    org = organisations_api.get_by_id(org_id) if org_id else None
    return org.name(_lang()) if org else str(org_id or "")


def _org_choices() -> list[tuple[int, str]]:
    lang = _lang()
    return sorted(((o.id, o.name(lang)) for o in organisations_api.list_active()), key=lambda c: c[1])


def _network_or_404(pk: int) -> Network:
    network = selectors.network_for_page(pk)
    if network is None:
        raise Http404
    return network


FIELD_ALIASES = {"organisation": "organisation_id"}  # a service's `details.field` → the form field


def _form_error(form: Any, exc: DomainError) -> None:
    """The service's translated message at the field it concerns (`details.field`), or above the form."""
    field = exc.details.get("field") if isinstance(exc.details, dict) else None
    field = FIELD_ALIASES.get(str(field), field)
    form.add_error(field if field in form.fields else None, str(exc.message))


def _field_labels() -> dict[str, str]:
    """What the change log calls the fields a change touched."""
    labels = {name: str(f.label) for name, f in NetworkForm(organisations=[]).fields.items()}
    labels.update({"valid_from": str(_("From")), "valid_until": str(_("Until")), "start": str(_("Valid from")),
                   "end": str(_("Valid until")), "is_coordinator": str(_("Coordinating member")),
                   "enrollable": str(_("Students of the network can enrol"))})
    return labels


def _value(key: str, value: Any) -> str:
    if value is None or value == "":
        return str(_("until further notice")) if key in ("valid_until", "end") else "–"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return format_date(dt.date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def _change_details(details: dict[str, Any], labels: dict[str, str]) -> list[str]:
    """A change's details in words: which fields changed, and the new (or removed) values with their labels."""
    out: list[str] = []
    if details.get("code"):
        out.append(str(details["code"]))
    if details.get("fields"):
        out.append(str(_("Changed: %(fields)s")) % {
            "fields": ", ".join(labels.get(f, f) for f in details["fields"])})
    for key in ("added", "after"):
        if isinstance(details.get(key), dict):
            out.append(", ".join(f"{labels.get(k, k)}: {_value(k, v)}" for k, v in details[key].items()))
    if isinstance(details.get("added"), str):
        out.append(str(_("Contact person added: %(name)s")) % {"name": details["added"]})
    if isinstance(details.get("removed"), str):
        out.append(str(_("Contact person removed: %(name)s")) % {"name": details["removed"]})
    return out


def _members(network: Network) -> list[dict[str, Any]]:
    day = today()
    return [{"m": m, "name": _org_name(m.organisation_id), "valid": m.valid_from <= day and
             (m.valid_until is None or day <= m.valid_until)} for m in network.memberships.all()]


# ---------------------------------------------------------------- reading

PAGE_SIZE = 50


def _list_filters(request: HttpRequest) -> dict[str, str]:
    types = dict(NetworkType.choices)
    kind = request.GET.get("type", "")
    valid = request.GET.get("valid", "")
    return {"q": request.GET.get("q", "")[:100].strip(), "type": kind if kind in types else "",
            "valid": valid if valid in ("1", "0") else ""}


def network_list(request: HttpRequest) -> HttpResponse:
    """Every network (page pattern "Queue/list page"): search, filters with counts, pagination, CSV export."""
    lang, day = _lang(), today()
    f = _list_filters(request)
    names: dict[int | None, str] = {}

    def coordinator(org_id: int | None) -> str:
        if org_id not in names:
            names[org_id] = _org_name(org_id)
        return names[org_id]

    every: list[dict[str, Any]] = [
        {"n": n, "name": n.name(lang), "members": len(n.memberships.all()),
         "valid": any(p.start <= day and (p.end is None or day <= p.end) for p in n.periods.all()),
         "coordinator": coordinator(n.coordinating_organisation_id)} for n in selectors.network_list()]
    words = f["q"].casefold().split()

    def keep(r: dict[str, Any], skip: str = "") -> bool:
        text = f"{r['name']} {r['n'].code} {r['n'].abbreviation} {r['coordinator']}".casefold()
        return (all(w in text for w in words)
                and (skip == "type" or not f["type"] or r["n"].network_type == f["type"])
                and (skip == "valid" or not f["valid"] or r["valid"] == (f["valid"] == "1")))

    rows = [r for r in every if keep(r)]
    if request.GET.get("export") == "csv":
        return csv_response("networks.csv", [_("Network"), _("Identifier"), _("Type"), _("Coordinator"),
                                             _("Members"), _("Valid today")],
                            ([r["name"], r["n"].code, r["n"].get_network_type_display(), r["coordinator"],
                              r["members"], _("yes") if r["valid"] else _("no")] for r in rows))
    type_counts = Counter(r["n"].network_type for r in every if keep(r, skip="type"))
    valid_counts = Counter("1" if r["valid"] else "0" for r in every if keep(r, skip="valid"))
    pages = max(1, (len(rows) + PAGE_SIZE - 1) // PAGE_SIZE)
    try:
        page = min(max(1, int(request.GET.get("page", 1))), pages)
    except ValueError:
        page = 1
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    can_create = is_platform_admin(request.user) or bool(organisations_with_role(request.user,
                                                                                Role.NETWORK_COORDINATOR))
    can_target = bool(policies.targeting_organisations(request.user))
    return render(request, "networks/list.html", {
        "rows": rows[(page - 1) * PAGE_SIZE:page * PAGE_SIZE], "total": len(rows), "all_count": len(every),
        "page": page, "pages": pages, "base_qs": query.urlencode(), "f": f, "filtered": any(f.values()),
        "types": [(v, label, type_counts.get(v, 0)) for v, label in NetworkType.choices],
        "valid_counts": valid_counts, "can_create": can_create, "can_target": can_target})


def network_detail(request: HttpRequest, pk: int) -> HttpResponse:
    network = _network_or_404(pk)
    lang = _lang()
    return render(request, "networks/detail.html", {
        "network": network, "name": network.name(lang), "description": network.description(lang),
        "eligibility": network.eligibility(lang), "members": _members(network),
        "coordinator": _org_name(network.coordinating_organisation_id),
        "can_manage": policies.can_manage_network(request.user, network),
        "can_view_changes": policies.can_view_changes(request.user, network),
        "can_target": bool(set(policies.targeting_organisations(request.user))
                           & {m.organisation_id for m in network.memberships.all()}),
        "offering": networks_api.offering_ids_for_network(network.pk, today()),
    })


@login_required
def network_changes(request: HttpRequest, pk: int) -> HttpResponse:
    network = _network_or_404(pk)
    if not policies.can_view_changes(request.user, network):
        raise DjangoPermissionDenied
    labels = _field_labels()
    rows = [{"c": c, "orgs": [_org_name(o) for o in c.affected_organisation_ids],
             "org": _org_name(c.details.get("organisation_id")) if c.details.get("organisation_id") else "",
             "details": _change_details(c.details, labels)}
            for c in selectors.recent_changes(network.pk)]
    return render(request, "networks/changes.html", {"network": network, "name": network.name(_lang()),
                                                     "rows": rows})


# ---------------------------------------------------------------- coordinators

@login_required
def network_create(request: HttpRequest) -> HttpResponse:
    coordinator_orgs = set(organisations_with_role(request.user, Role.NETWORK_COORDINATOR))
    if not (is_platform_admin(request.user) or coordinator_orgs):
        raise DjangoPermissionDenied
    choices = [c for c in _org_choices() if is_platform_admin(request.user) or c[0] in coordinator_orgs]
    form = NetworkForm(request.POST or None, organisations=choices)
    if request.method == "POST" and form.is_valid():
        try:
            network = services.network_create(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("The network was created."))
            return redirect("networks:detail", pk=network.pk)
    return render(request, "networks/form.html", {"form": form, "title": _("New network")})


def _managed_network(request: HttpRequest, pk: int) -> Network:
    network = _network_or_404(pk)
    if not policies.can_manage_network(request.user, network):
        raise DjangoPermissionDenied
    return network


def _period_form(period_id: int | None, data: Any = None, initial: dict[str, Any] | None = None) -> PeriodForm:
    """A validity period's form; each has its own element ids (`period-<id>-start`), the same field names."""
    return PeriodForm(data, initial=initial, auto_id=f"period-{period_id or 'new'}-%s")


def _edit_page(request: HttpRequest, network: Network, *, form: NetworkForm | None = None,
               period: tuple[int | None, PeriodForm] | None = None, contact_form: ContactForm | None = None
               ) -> HttpResponse:
    """The edit page; a form that was posted with errors is shown bound, at its place, with the others fresh."""
    if form is None:
        form = NetworkForm(initial={f: getattr(network, f) for f in services.NETWORK_FIELDS}, organisations=[],
                           editing=True)
    bound_id, bound = period if period else (0, None)
    periods = [(p, bound if bound is not None and bound_id == p.pk else
                _period_form(p.pk, initial={"start": p.start, "end": p.end})) for p in network.periods.all()]
    new_period = bound if bound is not None and bound_id is None else _period_form(None)
    return render(request, "networks/form.html", {
        "form": form, "network": network, "title": _("Edit network: %(name)s") % {"name": network.name(_lang())},
        "periods": periods, "period_form": new_period, "contacts": network.contacts.all(),
        "contact_form": contact_form or ContactForm(auto_id="contact-%s")})


@login_required
def network_edit(request: HttpRequest, pk: int) -> HttpResponse:
    network = _managed_network(request, pk)
    initial = {f: getattr(network, f) for f in services.NETWORK_FIELDS}
    form = NetworkForm(request.POST or None, initial=initial, organisations=[], editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.network_update(actor=request.user, network=network, **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("networks:detail", pk=network.pk)
    return _edit_page(request, network, form=form)


def _save_period(request: HttpRequest, network: Network, period_id: int | None) -> HttpResponse:
    form = _period_form(period_id, request.POST)
    if form.is_valid():
        try:
            if period_id is None:
                services.period_add(actor=request.user, network=network, **form.cleaned_data)
            else:
                services.period_update(actor=request.user, network=network, period_id=period_id,
                                       **form.cleaned_data)
        except DomainError as exc:
            if exc.status == 403:
                raise DjangoPermissionDenied(str(exc.message)) from exc
            if exc.status == 404:
                raise Http404(str(exc.message)) from exc
            _form_error(form, exc)
        else:
            messages.success(request, _("The validity period was added.") if period_id is None
                             else _("The validity period was changed."))
            return redirect("networks:edit", pk=network.pk)
    return _edit_page(request, network, period=(period_id, form))


@login_required
@require_POST
def period_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _save_period(request, _managed_network(request, pk), None)


@login_required
@require_POST
def period_update(request: HttpRequest, pk: int, period_id: int) -> HttpResponse:
    return _save_period(request, _managed_network(request, pk), period_id)


@login_required
@require_POST
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    network = _managed_network(request, pk)
    form = ContactForm(request.POST, auto_id="contact-%s")
    if form.is_valid():
        try:
            services.contact_add(actor=request.user, network=network, **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("The contact person was added."))
            return redirect("networks:edit", pk=network.pk)
    return _edit_page(request, network, contact_form=form)


@login_required
@require_POST
def contact_remove(request: HttpRequest, pk: int, contact_id: int) -> HttpResponse:
    network = _network_or_404(pk)
    run_action(request, lambda: services.contact_remove(actor=request.user, network=network, contact_id=contact_id),
               _("The contact person was removed."))
    return redirect("networks:edit", pk=network.pk)


@login_required
def network_members(request: HttpRequest, pk: int) -> HttpResponse:
    """Add or change a member: step 1 shows the impact (R-NET-3), step 2 saves with its token."""
    network = _network_or_404(pk)
    if not policies.can_manage_network(request.user, network):
        raise DjangoPermissionDenied
    initial: dict[str, Any] = {"valid_from": today()}
    edit = request.GET.get("organisation")
    if edit and edit.isdigit():
        m = network.memberships.filter(organisation_id=int(edit)).first()
        if m:
            initial = {"organisation_id": m.organisation_id, "valid_from": m.valid_from,
                       "valid_until": m.valid_until, "is_coordinator": m.is_coordinator}
    form = MembershipForm(request.POST or None, initial=initial, organisations=_org_choices())
    impact = None
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("organisation_id", "valid_from", "valid_until", "is_coordinator")}
        try:
            if request.POST.get("action") == "confirm":
                services.membership_save(actor=request.user, network=network, confirm=form.cleaned_data["token"],
                                         **data)
                messages.success(request, _("The membership was saved. Every member can see the change."))
                return redirect("networks:members", pk=network.pk)
            impact = services.preview_membership_change(actor=request.user, network=network, **data)
            form = MembershipForm(initial={**data, "token": impact.token}, organisations=_org_choices())
        except DomainError as exc:
            _form_error(form, exc)
    return render(request, "networks/members.html", {
        "network": network, "name": network.name(_lang()), "members": _members(network), "form": form,
        "impact": impact, "impact_orgs": [_org_name(o) for o in impact.organisations] if impact else [],
        "subject": _org_name(form.initial.get("organisation_id")) if impact else ""})


@login_required
def member_remove(request: HttpRequest, pk: int, organisation_id: int) -> HttpResponse:
    network = _network_or_404(pk)
    if not policies.can_manage_network(request.user, network):
        raise DjangoPermissionDenied
    error = ""
    impact = None
    try:
        if request.method == "POST":
            services.membership_remove(actor=request.user, network=network, organisation_id=organisation_id,
                                       confirm=request.POST.get("token", ""))
            messages.success(request, _("The member was removed. Every member can see the change."))
            return redirect("networks:members", pk=network.pk)
        impact = services.preview_membership_change(actor=request.user, network=network,
                                                    organisation_id=organisation_id, remove=True)
    except DomainError as exc:
        error = str(exc.message)
    return render(request, "networks/member_remove.html", {
        "network": network, "name": network.name(_lang()), "org": _org_name(organisation_id), "impact": impact,
        "error": error, "impact_orgs": [_org_name(o) for o in impact.organisations] if impact else []})


# ---------------------------------------------------------------- targeting (catalogue editors)

TARGET_LIMIT = 30


@dataclass(frozen=True)
class TargetChoice:
    value: str  # "cu:<id>" or "r:<id>"
    label: str  # "<code> <name>"
    kind: str  # translated "Course unit" / "Realisation"


def _targeting_choices(user: Any) -> tuple[list[int], list[tuple[int, str]], list[TargetChoice]]:
    lang = _lang()
    org_ids = policies.targeting_organisations(user)
    networks = [(n.pk, n.name(lang)) for n in selectors.networks_where_member(org_ids, today())]
    units: list[TargetChoice] = []
    reals: list[TargetChoice] = []
    for org_id in org_ids:
        for o in offering.offering_of_organisation(org_id, lang):
            label = f"{o.code} {o.name}".strip()
            if o.kind == "course_unit":
                units.append(TargetChoice(f"cu:{o.id}", label, _("Course unit")))
            else:
                reals.append(TargetChoice(f"r:{o.id}", label, _("Realisation")))
    return org_ids, networks, units + reals


def _matching(targets: list[TargetChoice], q: str) -> list[TargetChoice]:
    """The choices whose code or name contains every word of `q` (case-insensitive)."""
    words = q.casefold().split()
    return [t for t in targets if all(w in t.label.casefold() for w in words)]


def _target_list(targets: list[TargetChoice], q: str, chosen: str) -> dict[str, Any]:
    matches = _matching(targets, q)
    shown = matches[:TARGET_LIMIT]
    if chosen and chosen not in {t.value for t in shown}:
        shown = [t for t in targets if t.value == chosen] + shown
    return {"q": q, "shown": shown, "match_count": len(matches), "more": len(matches) > TARGET_LIMIT,
            "chosen": chosen, "target_total": len(targets)}


@login_required
def targeting(request: HttpRequest) -> HttpResponse:
    """Target own offering to a network: find it (`?q=`, also live with htmx), preview the impact (R-NET-3),
    then confirm."""
    org_ids, networks, targets = _targeting_choices(request.user)
    if not org_ids:
        raise DjangoPermissionDenied
    q = request.GET.get("q", "")[:100].strip()
    if request.headers.get("HX-Request") and request.method == "GET":
        chosen_now = str(request.GET.get("target", ""))
        return render(request, "networks/_target_list.html", {**_target_list(targets, q, chosen_now), "oob": True})
    choices = [(t.value, t.label) for t in targets]
    form = TargetingForm(request.POST or None, initial={"valid_from": today(), "enrollable": True},
                         networks=networks, targets=choices)
    impact = None
    chosen: dict[str, str] = {}
    if request.method == "POST" and form.is_valid():
        cu, real = form.target_ids()
        network = _network_or_404(form.cleaned_data["network"])
        data = {"course_unit_id": cu, "realisation_id": real, "valid_from": form.cleaned_data["valid_from"],
                "valid_until": form.cleaned_data["valid_until"], "enrollable": form.cleaned_data["enrollable"]}
        try:
            if request.POST.get("action") == "confirm":
                services.targeting_save(actor=request.user, network=network, confirm=form.cleaned_data["token"],
                                        **data)
                messages.success(request, _("The targeting was saved. Every member of the network can see it."))
                return redirect("networks:targeting")
            impact = services.preview_targeting_change(actor=request.user, network=network, **data)
            form = TargetingForm(initial={**form.cleaned_data, "token": impact.token}, networks=networks,
                                 targets=choices)
            chosen = {"network": network.name(_lang()), "target": dict(choices)[form.initial["target"]]}
        except DomainError as exc:
            _form_error(form, exc)
    lang = _lang()
    labels: dict[tuple[str, int | None], str] = {}
    for o in (x for org in org_ids for x in offering.offering_of_organisation(org, lang)):
        labels[(o.kind, o.id)] = f"{o.code} {o.name}"
    rows = [{"t": t, "network": t.network.name(lang),
             "label": labels.get(("course_unit", t.course_unit_id) if t.course_unit_id else ("realisation",
                                                                                              t.realisation_id), ""),
             "kind": "cu" if t.course_unit_id else "r", "target_id": t.course_unit_id or t.realisation_id}
            for t in selectors.targetings_of_organisations(org_ids)]
    current = str(form["target"].value() or "")
    return render(request, "networks/targeting.html", {
        "form": form, "impact": impact, "chosen": chosen, "rows": rows, **_target_list(targets, q, current),
        "impact_orgs": [_org_name(o) for o in impact.organisations] if impact else []})


@login_required
def targeting_remove(request: HttpRequest, pk: int, kind: str, target_id: int) -> HttpResponse:
    network = _network_or_404(pk)
    cu, real = (target_id, None) if kind == "cu" else (None, target_id)
    error, impact = "", None
    try:
        if request.method == "POST":
            services.targeting_remove(actor=request.user, network=network, confirm=request.POST.get("token", ""),
                                      course_unit_id=cu, realisation_id=real)
            messages.success(request, _("The targeting was removed. Every member of the network can see it."))
            return redirect("networks:targeting")
        impact = services.preview_targeting_change(actor=request.user, network=network, remove=True,
                                                   course_unit_id=cu, realisation_id=real)
    except DomainError as exc:
        if exc.status == 403:
            raise DjangoPermissionDenied from exc
        error = str(exc.message)
    return render(request, "networks/targeting_remove.html", {
        "network": network, "name": network.name(_lang()), "impact": impact, "error": error,
        "impact_orgs": [_org_name(o) for o in impact.organisations] if impact else []})
