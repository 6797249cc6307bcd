"""Network pages: list and detail, coordinator management, targeting for catalogue editors, change log.

Thin: forms in, services do the work, DomainErrors come back as the same translated messages."""

from __future__ import annotations

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
from joopas.core.web import run_action
from joopas.networks import api as networks_api
from joopas.networks import offering, policies, selectors, services
from joopas.networks.forms import ContactForm, MembershipForm, NetworkForm, PeriodForm, TargetingForm
from joopas.networks.models import Network
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


def _form_error(form: Any, exc: DomainError) -> None:
    field = exc.details.get("field") if isinstance(exc.details, dict) else None
    form.add_error(field if field in form.fields else None, str(exc.message))


def _members(network: Network) -> list[dict[str, Any]]:
    day = today()
    return [{"m": m, "name": _org_name(m.organisation_id), "valid": m.valid_from <= day and
             (m.valid_until is None or day <= m.valid_until)} for m in network.memberships.all()]


# ---------------------------------------------------------------- reading

def network_list(request: HttpRequest) -> HttpResponse:
    lang, day = _lang(), today()
    rows = [{"n": n, "name": n.name(lang), "members": len(n.memberships.all()),
             "valid": any(p.start <= day and (p.end is None or day <= p.end) for p in n.periods.all()),
             "coordinator": _org_name(n.coordinating_organisation_id)} for n in selectors.network_list()]
    can_create = is_platform_admin(request.user) or bool(organisations_with_role(request.user,
                                                                                Role.NETWORK_COORDINATOR))
    can_target = bool(policies.targeting_organisations(request.user))
    return render(request, "networks/list.html", {"rows": rows, "can_create": can_create, "can_target": can_target})


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
    rows = [{"c": c, "orgs": [_org_name(o) for o in c.affected_organisation_ids],
             "org": _org_name(c.details.get("organisation_id")) if c.details.get("organisation_id") else ""}
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


@login_required
def network_edit(request: HttpRequest, pk: int) -> HttpResponse:
    network = _network_or_404(pk)
    if not policies.can_manage_network(request.user, network):
        raise DjangoPermissionDenied
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
    return render(request, "networks/form.html", {"form": form, "network": network,
                                                  "title": _("Edit network: %(name)s") % {"name": network.name(
                                                      _lang())},
                                                  "periods": network.periods.all(), "period_form": PeriodForm(),
                                                  "contacts": network.contacts.all(), "contact_form": ContactForm()})


@login_required
@require_POST
def period_add(request: HttpRequest, pk: int) -> HttpResponse:
    network = _network_or_404(pk)
    form = PeriodForm(request.POST)
    if form.is_valid():
        run_action(request, lambda: services.period_add(actor=request.user, network=network, **form.cleaned_data),
                   _("The validity period was added."))
    else:
        messages.error(request, _("Check the dates of the validity period."))
    return redirect("networks:edit", pk=network.pk)


@login_required
@require_POST
def period_update(request: HttpRequest, pk: int, period_id: int) -> HttpResponse:
    network = _network_or_404(pk)
    form = PeriodForm(request.POST)
    if form.is_valid():
        run_action(request, lambda: services.period_update(actor=request.user, network=network, period_id=period_id, **form.cleaned_data),
                   _("The validity period was changed."))
    else:
        messages.error(request, _("Check the dates of the validity period."))
    return redirect("networks:edit", pk=network.pk)


@login_required
@require_POST
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    network = _network_or_404(pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        run_action(request, lambda: services.contact_add(actor=request.user, network=network, **form.cleaned_data),
                   _("The contact person was added."))
    else:
        messages.error(request, _("Give the name and a valid email address of the contact person."))
    return redirect("networks:edit", pk=network.pk)


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

def _targeting_choices(user: Any) -> tuple[list[int], list[tuple[int, str]], list[tuple[str, Any]]]:
    lang = _lang()
    org_ids = policies.targeting_organisations(user)
    networks = [(n.pk, n.name(lang)) for n in selectors.networks_where_member(org_ids, today())]
    units: list[tuple[str, str]] = []
    reals: list[tuple[str, str]] = []
    for org_id in org_ids:
        for o in offering.offering_of_organisation(org_id, lang):
            if o.kind == "course_unit":
                units.append((f"cu:{o.id}", f"{o.code} {o.name}"))
            else:
                reals.append((f"r:{o.id}", f"{o.code} {o.name}"))
    targets: list[tuple[str, Any]] = [("", "—")]
    if units:
        targets.append((_("Course units"), units))
    if reals:
        targets.append((_("Realisations"), reals))
    return org_ids, networks, targets


@login_required
def targeting(request: HttpRequest) -> HttpResponse:
    """Target own offering to a network: preview the impact (R-NET-3), then confirm."""
    org_ids, networks, targets = _targeting_choices(request.user)
    if not org_ids:
        raise DjangoPermissionDenied
    form = TargetingForm(request.POST or None, initial={"valid_from": today(), "enrollable": True},
                         networks=networks, targets=targets)
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
                                 targets=targets)
            chosen = {"network": network.name(_lang()),
                      "target": dict(c for group in targets[1:] for c in group[1])[form.initial["target"]]}
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
    return render(request, "networks/targeting.html", {
        "form": form, "impact": impact, "chosen": chosen, "rows": rows,
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
