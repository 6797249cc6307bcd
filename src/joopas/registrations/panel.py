"""The registration panel on the catalogue's course page (registered with `catalogue.api.register_course_panel`).

For a logged-in student with a home study right it names the networks through which they may register to the
course (R-NET-2 eligibility, R-NET-1 membership of both institutions, the offering targeted to the network)
and offers the realisations whose enrolment is open now; for everyone else it says plainly what to do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from joopas.catalogue import api as catalogue_api
from joopas.catalogue.data import CourseUnitRef, RealisationRef
from joopas.core import clock, formats
from joopas.networks import api as networks_api
from joopas.registrations import policies, rules, selectors
from joopas.registrations.forms import RegisterForm, route_value
from joopas.registrations.models import Selection
from joopas.rights import api as rights_api
from joopas.rights.data import PersonRef

SESSION_KEY = "registrations.register.%s"  # a refused registration's form and reason, shown once on the panel


def lang() -> str:
    return (get_language() or "fi")[:2]


@dataclass
class Options:
    """What the student may choose on a course page. `state` says why there is nothing to choose."""

    state: str  # anonymous | no_person | own | not_in_network | not_eligible | none_open | ok
    routes: list[tuple[str, str]] = field(default_factory=list)
    shown_routes: list[tuple[str, str]] = field(default_factory=list)
    realisations: list[tuple[str, str]] = field(default_factory=list)
    shown_realisations: list[tuple[str, str]] = field(default_factory=list)
    closed: list[RealisationRef] = field(default_factory=list)

    def form(self, data: Any = None) -> RegisterForm:
        return RegisterForm(data, routes=self.routes, shown_routes=self.shown_routes, realisations=self.realisations,
                            shown_realisations=self.shown_realisations)


def _realisation_label(r: RealisationRef) -> str:
    return f"{r.name(lang())}, {formats.format_date_range(r.start_date, r.end_date)}"


def _joo_networks(home: Sequence[PersonRef], unit: CourseUnitRef, day: dt.date) -> set[int]:
    """R-JOO-8: the JOO agreement networks of the host through which the student's granted JOO right lets them
    register to this course unit (empty without such a right)."""
    if not any(rights_api.joo_covered_units(home_person_id=p.id, host_organisation_id=unit.organisation_id,
                                            course_unit_ids=[unit.id], day=day) for p in home):
        return set()
    return {n.id for n in networks_api.networks_of_organisation(unit.organisation_id, day)
            if n.network_type == "joo_agreement"}


def options_for(persons: Sequence[PersonRef], unit: CourseUnitRef, now: dt.datetime | None = None,
                authenticated: bool = True, registered: frozenset[int] = frozenset()) -> Options:
    """`registered`: realisations the student already has an active registration to (not offered again; the
    service would refuse them as duplicates)."""
    now = now or clock.now()
    day = timezone.localtime(now).date()
    if not authenticated:
        return Options("anonymous")
    if not persons:
        return Options("no_person")
    home = [p for p in persons if p.organisation_id != unit.organisation_id]
    if not home:
        return Options("own")
    reals = [r for i in catalogue_api.realisation_ids_for_units([unit.id]).get(unit.id, [])
             if (r := catalogue_api.get_realisation_by_id(i)) is not None and r.status == "ACTIVE"]
    in_network = {r.id: {n.id for n in networks_api.networks_for_offering(realisation_id=r.id, on=day)} for r in reals}
    network_ids = {n.id for n in networks_api.networks_for_offering(course_unit_id=unit.id, on=day)}
    network_ids.update(*in_network.values())
    joo = _joo_networks(home, unit, day)  # R-JOO-8: a granted JOO right opens the JOO agreement's network
    network_ids.update(joo)
    for r in reals:
        in_network[r.id] |= joo
    networks = networks_api.get_many(network_ids)
    rights = [r for p in home for r in rights_api.rights_of_person(p.id) if r.kind == "home"]
    opts = Options("ok")
    several = len(rights) > 1
    allowed_networks: set[int] = set()
    for right in rights:
        for nid in sorted(network_ids):
            if nid not in networks:
                continue
            label = networks[nid].name(lang()) + (f" ({right.identifier})" if several else "")
            value = route_value(right.id, nid)
            opts.routes.append((value, label))
            if not networks_api.registration_allowed_on(nid, right.organisation_id, unit.organisation_id, day):
                continue
            allowed_networks.add(nid)
            if rights_api.is_eligible(right.id, nid, day) or nid in joo:
                opts.shown_routes.append((value, label))
    opts.realisations = [(str(r.id), _realisation_label(r)) for r in reals]
    if not allowed_networks:
        opts.state = "not_in_network"
        return opts
    if not opts.shown_routes:
        opts.state = "not_eligible"
        return opts
    usable = {int(v.split("-", 1)[1]) for v, _label in opts.shown_routes}
    registered_open = False
    for r in reals:
        if r.id in registered:
            registered_open = registered_open or catalogue_api.enrolment_open(r, now)
            continue
        if in_network[r.id] & usable and catalogue_api.enrolment_open(r, now):
            opts.shown_realisations.append((str(r.id), _realisation_label(r)))
        else:
            opts.closed.append(r)
    if not opts.shown_realisations:
        opts.state = "registered" if registered_open else "none_open"
    return opts


def _existing(persons: Sequence[PersonRef], unit: CourseUnitRef) -> list[Selection]:
    return list(Selection.objects.filter(registration__home_person_id__in=[p.id for p in persons],
                                         course_unit_id=unit.id).select_related("registration").order_by("-id"))


def course_panel(request: Any, unit: CourseUnitRef) -> str:
    user = request.user
    authenticated = bool(getattr(user, "is_authenticated", False))
    persons = selectors.persons_of_user(user) if authenticated else []
    existing = _existing(persons, unit) if persons else []
    registered = frozenset(s.realisation_id for s in existing if s.status in rules.ACTIVE and s.realisation_id)
    opts = options_for(persons, unit, authenticated=authenticated, registered=registered)
    form = None
    if opts.state == "ok":
        refused = request.session.pop(SESSION_KEY % unit.id, None) if hasattr(request, "session") else None
        if refused:
            form = opts.form(refused.get("data") or {})
            if form.is_valid():
                form.add_error(refused.get("field") or "realisations", refused.get("message") or "")
        else:
            form = opts.form()
    course_url = reverse("catalogue:course", args=[unit.id])
    networks = [label for _value, label in opts.shown_routes]
    office_url = reverse("registrations:register_for_student", args=[unit.id]) \
        if authenticated and policies.may_register_for_students_at(user, unit.organisation_id) else ""
    html = render_to_string("registrations/student/panel.html", {
        "unit": unit, "state": opts.state, "form": form, "networks": networks, "closed": opts.closed,
        "login_url": f"{reverse('accounts:login')}?next={course_url}",
        "existing": [(s, rules.SELECTION_STATUS_LABELS) for s in existing],
        "status_labels": rules.SELECTION_STATUS_LABELS, "office_url": office_url,
    }, request=request)
    return SafeString(html)
