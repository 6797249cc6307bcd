"""The student's pages: own registrations, rights and records; registering from a course page; cancelling."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from joopas.catalogue import api as catalogue_api
from joopas.core import audit, clock
from joopas.core.errors import DomainError
from joopas.networks import api as networks_api
from joopas.organisations import api as organisations_api
from joopas.registrations import hooks, panel, rules, selectors, services
from joopas.registrations.codes import ErrorCode, Event
from joopas.registrations.models import Registration, Selection
from joopas.rights import api as rights_api
from joopas.rights.data import PersonRef

# How a study right is shown to the student: kind and status in words (status → (label, badge tone)).
RIGHT_KIND_LABELS: dict[str, Any] = {
    "home": gettext_lazy("Study right at your own university"),
    "host_provisional": gettext_lazy("Provisional study right at the host (until the host accepts you)"),
    "host_official": gettext_lazy("Study right at the host institution"),
}
RIGHT_STATUS_LABELS: dict[str, tuple[Any, str]] = {
    "active": (gettext_lazy("in force"), "success"),
    "option": (gettext_lazy("not yet taken up"), "neutral"),
    "passivated": (gettext_lazy("passivated"), "warning"),
    "ended": (gettext_lazy("ended"), "neutral"),
    "forfeited": (gettext_lazy("forfeited"), "error"),
}
# Refusals whose service message is a general one: what the student should know instead.
FRIENDLY: dict[str, Any] = {
    ErrorCode.NOT_FOUND: gettext_lazy("This course or your study right is no longer available. Reload the page and try "
                               "again."),
    ErrorCode.PERMISSION_DENIED: gettext_lazy("You can register only with your own study right."),
    ErrorCode.NO_SELECTIONS: gettext_lazy("Choose at least one realisation of this course."),
}
FIELD_OF_PATH = {"network": "route", "study_right": "route"}


def _lang() -> str:
    return panel.lang()


def _message(exc: DomainError) -> str:
    return str(FRIENDLY.get(exc.code, exc.message))


def _org_names(ids: set[int]) -> dict[int, str]:
    return {pk: ref.name(_lang()) for pk, ref in organisations_api.get_many(ids).items()}


def _persons(request: HttpRequest) -> list[PersonRef]:
    return selectors.persons_of_user(request.user)


def _read(event: str, request: HttpRequest, persons: list[PersonRef], subject: Any = None,
          extra: dict[str, Any] | None = None) -> None:
    """R-ACC-6: one read row per page that shows the student's own personal data."""
    audit.record(event, actor=request.user, subject=subject or ("rights.person", persons[0].id),
                 person_oid=persons[0].learner_oid,
                 after={"person_ids": sorted(p.id for p in persons), **(extra or {})})


def _selection_rows(regs: list[Registration]) -> list[dict[str, Any]]:
    orgs = _org_names({r.host_organisation_id for r in regs})
    networks = networks_api.get_many({r.network_id for r in regs})
    rows = []
    for reg in regs:
        for sel in reg.selections.all():
            unit = catalogue_api.get_course_unit_by_id(sel.course_unit_id) if sel.course_unit_id else None
            real = catalogue_api.get_realisation_by_id(sel.realisation_id) if sel.realisation_id else None
            network = networks.get(reg.network_id)
            rows.append({
                "selection": sel, "registration": reg, "unit": unit,
                "course": unit.name(_lang()) if unit else _("Course no longer in the catalogue"),
                "realisation": real,
                "realisation_name": real.name(_lang()) if real else "",
                "host": orgs.get(reg.host_organisation_id, ""),
                "network": network.name(_lang()) if network else "",
                "next": str(rules.STUDENT_NEXT_STEPS.get(sel.status, "")) % {"days": rules.PROVISIONAL_DAYS},
            })
    return rows


def _rights_rows(persons: list[PersonRef], regs: list[Registration]) -> list[dict[str, Any]]:
    home = [r for p in persons for r in rights_api.rights_of_person(p.id) if r.kind == "home"]
    host_persons = sorted({reg.host_person_id for reg in regs})
    # a provisional right is shown while its registration waits for the host (R-REG-2); one whose registration
    # was rejected or cancelled is only waiting to be removed (R-REG-5) and would only confuse
    waiting = {reg.host_right_id for reg in regs
               if any(s.status in (rules.NOT_ENROLLED, rules.PENDING) for s in reg.selections.all())}
    host = [r for pid in host_persons for r in rights_api.rights_of_person(pid)
            if r.kind == "host_official" or (r.kind == "host_provisional" and r.id in waiting)]
    orgs = _org_names({r.organisation_id for r in home + host})
    return [{"right": r, "organisation": orgs.get(r.organisation_id, ""), "kind": RIGHT_KIND_LABELS.get(r.kind, r.kind)}
            for r in home + host]


@login_required
def my_studies(request: HttpRequest) -> HttpResponse:
    persons = _persons(request)
    if not persons:
        return render(request, "registrations/student/my.html", {"persons": [], "rows": [], "rights": []})
    regs = selectors.registrations_of_persons(p.id for p in persons)
    rows = _selection_rows(regs)
    _read(Event.OWN_STUDIES_READ, request, persons, extra={"registration_ids": [r.pk for r in regs]})
    return render(request, "registrations/student/my.html", {
        "persons": persons, "rows": rows, "rights": _rights_rows(persons, regs),
        "sections": hooks.studies_sections(request, persons),
        "status_labels": rules.SELECTION_STATUS_LABELS, "right_status_labels": RIGHT_STATUS_LABELS})


def _own_registration(request: HttpRequest, pk: int) -> tuple[Registration, list[PersonRef]]:
    """The registration when it is the logged-in student's own; 404 otherwise (another student's registration
    is not confirmed to exist)."""
    persons = _persons(request)
    reg = Registration.objects.filter(pk=pk, home_person_id__in=[p.id for p in persons]).first()
    if reg is None:
        raise Http404
    return reg, persons


def _history_sentence(entry: Any, host: str, me: str) -> str:
    to = entry.to_status
    if entry.from_status is None and entry.actor_label and entry.actor_label != me:
        return _("Your university registered you. The registration was sent to %(host)s.") % {"host": host}
    if entry.from_status is None:
        return _("You registered. The registration was sent to %(host)s.") % {"host": host}
    if to == rules.ACCEPTED:
        return _("%(host)s accepted your registration.") % {"host": host}
    if to == rules.REJECTED:
        return _("%(host)s did not accept your registration.") % {"host": host}
    if to == rules.ABORTED_BY_STUDENT:
        return _("The registration was cancelled.")
    if to == rules.ABORTED_BY_TEACHER:
        return _("%(host)s cancelled your participation.") % {"host": host}
    if to == rules.PENDING:
        return _("The registration was sent to %(host)s.") % {"host": host}
    return str(rules.SELECTION_STATUS_LABELS.get(to, ("", ""))[0])


def _cancel_state(sel: Selection, real: Any) -> tuple[bool, str]:
    """R-REG-4 for the page: (may cancel here, the reason shown when not)."""
    if sel.status not in rules.ACTIVE:
        return False, ""
    open_now = bool(real and catalogue_api.enrolment_open(real, clock.now()))
    try:
        rules.check_cancellation(sel.status, enrolment_open_now=open_now)
    except DomainError as exc:
        return False, str(exc.message)
    return True, ""


@login_required
def registration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    reg, persons = _own_registration(request, pk)
    rows = _selection_rows([reg])
    host = rows[0]["host"] if rows else ""
    for row in rows:
        sel = row["selection"]
        me = getattr(request.user, "email", "")
        row["history"] = [(h, _history_sentence(h, host, me)) for h in sel.history.all()]
        row["can_cancel"], row["cancel_refusal"] = _cancel_state(sel, row["realisation"])
    _read(Event.OWN_REGISTRATION_READ, request, persons, subject=reg)
    profile = organisations_api.public_profile(reg.host_organisation_id) or {}
    network = networks_api.get_network(reg.network_id)
    return render(request, "registrations/student/detail.html", {
        "registration": reg, "rows": rows, "host": host, "profile": profile,
        "network": network.name(_lang()) if network else "",
        "status_labels": rules.SELECTION_STATUS_LABELS})


@login_required
@require_POST
def selection_cancel(request: HttpRequest, pk: int, selection_pk: int) -> HttpResponse:
    reg = _own_registration(request, pk)[0]
    if not Selection.objects.filter(pk=selection_pk, registration=reg).exists():
        raise Http404
    try:
        services.selection_cancel(actor=request.user, selection_id=selection_pk)
    except DomainError as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect("registrations:my_registration", pk=reg.pk)


@login_required
@require_POST
def register(request: HttpRequest, unit_pk: int) -> HttpResponse:
    """From the course page's panel: R-REG-1 in the service; a refusal goes back to the course page with the
    form as it was sent and the reason at the field it concerns, nothing changed."""
    unit = catalogue_api.get_course_unit_by_id(unit_pk)
    if unit is None:
        raise Http404
    course_url = reverse("catalogue:course", args=[unit.id]) + "#register"
    opts = panel.options_for(_persons(request), unit)
    data = {"route": request.POST.get("route", ""), "realisations": request.POST.getlist("realisations")}
    form = opts.form(data)
    if opts.state != "ok" and not form.is_valid():
        messages.error(request, _("You cannot register to this course. The course page says why."))
        return redirect(course_url)
    if not form.is_valid():
        request.session[panel.SESSION_KEY % unit.id] = {"data": data}
        return redirect(course_url)
    right_id, network_id = form.route_ids()
    try:
        reg = services.registration_create(actor=request.user, home_right_id=right_id, network_id=network_id,
                                           realisation_ids=form.realisation_ids())
    except DomainError as exc:
        where = str((exc.details or {}).get("path", "")) if isinstance(exc.details, dict) else ""
        if opts.state != "ok":
            messages.error(request, _message(exc))
        else:
            request.session[panel.SESSION_KEY % unit.id] = {
                "data": data, "field": FIELD_OF_PATH.get(where, "realisations"), "message": _message(exc)}
        return redirect(course_url)
    messages.success(request, _("You registered to %(course)s. The host institution decides on your registration; "
                                "you will see the decision on this page.") % {"course": unit.name(_lang())})
    return redirect("registrations:my_registration", pk=reg.pk)


urlpatterns: list[URLPattern] = [
    path("my/", my_studies, name="my_studies"),
    path("my/<int:pk>/", registration_detail, name="my_registration"),
    path("my/<int:pk>/cancel/<int:selection_pk>/", selection_cancel, name="my_cancel"),
    path("register/<int:unit_pk>/", register, name="register"),
]
