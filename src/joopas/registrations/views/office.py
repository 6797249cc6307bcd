"""The study offices' pages: the host's registration queue and decisions, the home's outgoing registrations.

Thin: the acting organisation's office role decides what is shown (policies), services decide and write,
every list of students writes its read row (R-ACC-6)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from joopas.access.api import acting_organisation_for
from joopas.catalogue import api as catalogue_api
from joopas.catalogue.data import CourseUnitRef, RealisationRef
from joopas.core import bulk
from joopas.core.errors import DomainError
from joopas.core.exports import csv_response
from joopas.core.formats import format_date, format_datetime
from joopas.networks import api as networks_api
from joopas.organisations import api as organisations_api
from joopas.organisations.data import OrganisationRef
from joopas.registrations import panel, policies, rules, selectors, services
from joopas.registrations.codes import ErrorCode, Event
from joopas.registrations.models import Selection
from joopas.registrations.office_forms import BULK_ACTIONS, AcceptForm, BulkForm, RejectForm
from joopas.rights import api as rights_api

PAGE_SIZE = 50


def _lang() -> str:
    return (get_language() or "fi")[:2]


def acting_office(request: HttpRequest) -> OrganisationRef | HttpResponse:
    """The organisation whose study office the user acts for (access.api.acting_organisation_for)."""
    return acting_organisation_for(request, policies.OFFICE_ROLES, _(
        "Only a study office (officer, registrar or main user) of the institution can see this page."))


class _Names:
    """Names of the things a list shows, each looked up once, in the page's language."""

    def __init__(self) -> None:
        self.lang = _lang()
        self._reals: dict[int, RealisationRef | None] = {}
        self._units: dict[int, CourseUnitRef | None] = {}

    def realisation(self, pk: int | None) -> RealisationRef | None:
        if pk is None:
            return None
        if pk not in self._reals:
            self._reals[pk] = catalogue_api.get_realisation_by_id(pk)
        return self._reals[pk]

    def unit(self, pk: int | None) -> CourseUnitRef | None:
        if pk is None:
            return None
        if pk not in self._units:
            self._units[pk] = catalogue_api.get_course_unit_by_id(pk)
        return self._units[pk]

    def course(self, sel: Selection) -> str:
        unit = self.unit(sel.course_unit_id)
        real = self.realisation(sel.realisation_id)
        name = unit.name(self.lang) if unit else (real.name(self.lang) if real else "")
        return f"{unit.code} {name}".strip() if unit else name

    def realisation_label(self, pk: int | None) -> str:
        real = self.realisation(pk)
        if real is None:
            return ""
        dates = f"{format_date(real.start_date)}–{format_date(real.end_date)}"
        return f"{real.name(self.lang)} ({dates})"


def _int(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 19 else None


def _filters(request: HttpRequest) -> dict[str, Any]:
    status = _int(request.GET.get("status"))
    return {"q": request.GET.get("q", "")[:100].strip(),
            "status": status if status in rules.SELECTION_STATUS_LABELS else None,
            "network": _int(request.GET.get("network")), "realisation": _int(request.GET.get("realisation")),
            "organisation": _int(request.GET.get("organisation"))}


def _apply(base: QuerySet[Selection], f: dict[str, Any], *, side: str, org_id: int,
           skip_status: bool = False) -> QuerySet[Selection]:
    person_ids = None
    if f["q"]:
        other = "registration__home_organisation_id" if side == "host" else "registration__host_organisation_id"
        orgs = [org_id, *selectors.distinct_values(base, other)]
        person_ids = rights_api.person_ids_matching(f["q"], orgs)
    return selectors.filter_selections(base, status=None if skip_status else f["status"], network_id=f["network"],
                                       realisation_id=f["realisation"], other_organisation_id=f["organisation"],
                                       side=side, person_ids=person_ids, number=f["q"])


def _page(request: HttpRequest, total: int) -> tuple[int, int]:
    pages = max(1, (total + PAGE_SIZE - 1) // PAGE_SIZE)
    return min(max(1, _int(request.GET.get("page")) or 1), pages), pages


def _rows(selections: list[Selection], names: _Names, *, side: str) -> list[dict[str, Any]]:
    persons = rights_api.persons({s.registration.home_person_id for s in selections})
    orgs = organisations_api.get_many({s.registration.home_organisation_id for s in selections}
                                      | {s.registration.host_organisation_id for s in selections})
    networks = networks_api.get_many({s.registration.network_id for s in selections})
    rows = []
    for s in selections:
        reg = s.registration
        person = persons.get(reg.home_person_id)
        other = orgs.get(reg.home_organisation_id if side == "host" else reg.host_organisation_id)
        network = networks.get(reg.network_id)
        rows.append({"s": s, "reg": reg, "person": person,
                     "name": f"{person.last_name}, {person.first_names}" if person else "",
                     "other": other.name(names.lang) if other else "", "other_oid": other.oid if other else "",
                     "course": names.course(s), "realisation": names.realisation_label(s.realisation_id),
                     "network": network.name(names.lang) if network else "",
                     "status_label": rules.SELECTION_STATUS_LABELS.get(s.status, ("", ""))[0]})
    return rows


def _choices(base: QuerySet[Selection], names: _Names, *, side: str) -> dict[str, list[tuple[int, str]]]:
    other_field = "registration__home_organisation_id" if side == "host" else "registration__host_organisation_id"
    orgs = organisations_api.get_many(selectors.distinct_values(base, other_field))
    networks = networks_api.get_many(selectors.distinct_values(base, "registration__network_id"))
    reals = [(pk, names.realisation(pk)) for pk in selectors.distinct_values(base, "realisation_id")]
    real_choices = []
    for pk, real in reals:
        unit = names.unit(real.course_unit_id) if real else None
        real_choices.append((pk, f"{unit.code + ' ' if unit else ''}{names.realisation_label(pk)}"))
    return {"organisations": sorted(((o.id, o.name(names.lang)) for o in orgs.values()), key=lambda c: c[1]),
            "networks": sorted(((n.id, n.name(names.lang)) for n in networks.values()), key=lambda c: c[1]),
            "realisations": sorted(real_choices, key=lambda c: c[1])}


def _csv(rows: list[dict[str, Any]], filename: str, *, side: str) -> HttpResponse:
    other = _("Home institution") if side == "host" else _("Host institution")
    header = [_("Registered"), _("Student"), other, _("Home student number"), _("Course"), _("Realisation"),
              _("Network"), _("Status"), _("Student number at the host"), _("Reason")]
    return csv_response(filename, header, ([
        format_datetime(r["reg"].created_at), r["name"], r["other"], r["person"].student_number if r["person"] else "",
        r["course"], r["realisation"], r["network"], r["status_label"], r["s"].host_student_number, r["s"].reason]
        for r in rows))


def _list_page(request: HttpRequest, *, side: str) -> HttpResponse:
    """The queue (host) and the outgoing list (home): page pattern "Queue/list page"."""
    org = acting_office(request)
    if isinstance(org, HttpResponse):
        return org
    f = _filters(request)
    base = selectors.office_selections(side=side, organisation_id=org.id)
    names = _Names()
    if side == "host" and request.method == "POST":
        return _bulk(request, org, base)
    qs = _apply(base, f, side=side, org_id=org.id)
    event = Event.QUEUE_READ if side == "host" else Event.OUTGOING_READ
    if request.GET.get("export") == "csv":
        rows = _rows(list(qs[:10000]), names, side=side)
        services.people_read(event, actor=request.user, person_oids=[r["person"].learner_oid for r in rows
                                                                     if r["person"]],
                             extra={"organisation_id": org.id, "rows": len(rows), "export": "csv"})
        return csv_response_for(rows, side=side)
    total = qs.count()
    page, pages = _page(request, total)
    rows = _rows(list(qs[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]), names, side=side)
    if rows:
        services.people_read(event, actor=request.user, person_oids=[r["person"].learner_oid for r in rows
                                                                     if r["person"]],
                             extra={"organisation_id": org.id, "rows": len(rows), "page": page})
    counts = selectors.status_counts(_apply(base, f, side=side, org_id=org.id, skip_status=True))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    return render(request, f"registrations/office/{'queue' if side == 'host' else 'outgoing'}.html", {
        "org": org, "org_name": org.name(names.lang), "rows": rows, "total": total, "page": page, "pages": pages,
        "base_qs": query.urlencode(), "f": f, "filtered": any(v not in (None, "") for v in f.values()),
        "any": base.exists(), "statuses": [(v, label, counts.get(v, 0))
                                           for v, (label, _tone) in rules.SELECTION_STATUS_LABELS.items()],
        "status_labels": rules.SELECTION_STATUS_LABELS, "choices": _choices(base, names, side=side),
        "page_ids": [r["s"].pk for r in rows], "bulk_actions": BULK_ACTIONS,
        "bulk_form": BulkForm(), "pending": counts.get(rules.PENDING, 0)})


def csv_response_for(rows: list[dict[str, Any]], *, side: str) -> HttpResponse:
    return _csv(rows, "registrations-queue.csv" if side == "host" else "registrations-outgoing.csv", side=side)


def refusal(exc: DomainError, sel: Selection | None) -> str:
    """A service's refusal in words an officer understands."""
    if exc.code == ErrorCode.ILLEGAL_TRANSITION and sel is not None:
        label = rules.SELECTION_STATUS_LABELS.get(sel.status, ("", ""))[0]
        return _("It is no longer waiting for a decision (now: %(status)s).") % {"status": label}
    if exc.code in (ErrorCode.PERMISSION_DENIED, ErrorCode.NOT_FOUND):
        return _("It is not a registration to your institution.")
    return str(exc.message)


def _bulk(request: HttpRequest, org: OrganisationRef, base: QuerySet[Selection]) -> HttpResponse:
    """Bulk accept / reject (page pattern "Bulk actions"): each selection through `selection_decide` in its own
    transaction; the result says how many were done and why the others were refused."""
    back = reverse("registrations:queue") + (f"?{request.POST.get('qs', '')}" if request.POST.get("qs") else "")
    form = BulkForm(request.POST)
    ids = bulk.selected_ids(request.POST)
    if not ids:
        messages.error(request, _("Choose at least one registration first."))
        return redirect(back)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect(back)
    accept = form.cleaned_data["bulk_action"] == "accept"
    reason = form.cleaned_data["reason"] or ""
    mine = {s.pk: s for s in base.filter(pk__in=ids)}
    names = _Names()
    persons = rights_api.persons({s.registration.home_person_id for s in mine.values()})

    def decide(pk: int) -> None:
        if pk not in mine:
            raise DomainError(code=ErrorCode.NOT_FOUND)
        services.selection_decide(actor=request.user, selection_id=pk, accept=accept,
                                  reason="" if accept else reason)

    def explain(pk: int, exc: DomainError) -> str:
        sel = Selection.objects.select_related("registration").filter(pk=pk).first() if pk in mine else None
        person = persons.get(sel.registration.home_person_id) if sel else None
        who = f"{person.first_names} {person.last_name}, {names.course(sel)}" if person and sel else f"#{pk}"
        why = refusal(exc, sel)
        return f"{who}: {why}" if why.endswith(".") else f"{who}: {why}."

    result = bulk.apply_each(ids, decide, explain)
    if mine:
        services.people_read(Event.QUEUE_READ, actor=request.user,
                             person_oids=[p.learner_oid for p in persons.values()],
                             extra={"organisation_id": org.id, "bulk": "accept" if accept else "reject",
                                    "rows": len(ids)})
    done = (ngettext("%(n)s accepted", "%(n)s accepted", len(result.done)) if accept
            else ngettext("%(n)s rejected", "%(n)s rejected", len(result.done))) % {"n": len(result.done)}
    bulk.tell(request, result, done)
    return redirect(back)


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    return _list_page(request, side="host")


@login_required
def outgoing(request: HttpRequest) -> HttpResponse:
    return _list_page(request, side="home")


def history_sentence(to_status: int, reason: str) -> str:
    """A history row in words (page pattern "Detail page with a history timeline")."""
    if to_status == rules.PENDING:
        return _("The student registered. The registration waits for the host's decision.")
    if to_status == rules.ACCEPTED:
        return _("The host accepted the registration.")
    if to_status == rules.REJECTED:
        return _("The host rejected the registration. Reason: %(reason)s") % {"reason": reason}
    if to_status == rules.ABORTED_BY_STUDENT:
        return _("The registration was cancelled on the student's behalf.")
    if to_status == rules.ABORTED_BY_TEACHER:
        return _("The host cancelled the registration.")
    return _("The registration was saved but not yet sent.")


@login_required
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """One selection: the student, the course, the history in words; the host's office accepts or rejects."""
    sel = selectors.selection_for_page(pk)
    if sel is None:
        raise Http404(_("The registration was not found."))
    reg = sel.registration
    person = rights_api.get_person(reg.home_person_id)
    if not policies.can_view(request.user, reg, None, ""):
        raise DjangoPermissionDenied(_("Only the study offices of the two institutions can see this registration."))
    can_decide = policies.can_decide(request.user, reg.host_organisation_id)
    accept_form, reject_form = AcceptForm(prefix="accept"), RejectForm(prefix="reject")
    if request.method == "POST":
        if not can_decide:
            raise DjangoPermissionDenied(_("Only the host institution's study office can decide."))
        action = request.POST.get("action")
        form: AcceptForm | RejectForm
        if action == "accept":
            form = accept_form = AcceptForm(request.POST, prefix="accept")
        elif action == "reject":
            form = reject_form = RejectForm(request.POST, prefix="reject")
        else:
            raise Http404
        if form.is_valid():
            try:
                services.selection_decide(
                    actor=request.user, selection_id=sel.pk, accept=action == "accept",
                    reason=form.cleaned_data.get("reason", ""),
                    host_student_number=form.cleaned_data.get("host_student_number", ""))
            except DomainError as exc:
                if exc.status == 403:
                    raise DjangoPermissionDenied(str(exc.message)) from exc
                sel.refresh_from_db()
                form.add_error(None, refusal(exc, sel))
            else:
                messages.success(request, _("The registration was accepted.") if action == "accept"
                                 else _("The registration was rejected. The student sees the reason."))
                return redirect("registrations:decide", pk=sel.pk)
    names = _Names()
    orgs = organisations_api.get_many([reg.home_organisation_id, reg.host_organisation_id])
    network = networks_api.get_network(reg.network_id)
    host_right = rights_api.get_right(reg.host_right_id) if reg.host_right_id else None
    home_right = rights_api.get_right(reg.home_right_id)
    services.people_read(Event.SELECTION_READ, actor=request.user, subject=sel,
                         person_oids=[person.learner_oid] if person else [])
    history = [{"h": h, "sentence": history_sentence(h.to_status, h.reason)} for h in selectors.history_of(sel.pk)]
    home, host = orgs.get(reg.home_organisation_id), orgs.get(reg.host_organisation_id)
    return render(request, "registrations/office/decide.html", {
        "sel": sel, "reg": reg, "person": person, "home": home.name(names.lang) if home else "",
        "host": host.name(names.lang) if host else "", "network": network.name(names.lang) if network else "",
        "course": names.course(sel), "realisation": names.realisation_label(sel.realisation_id),
        "home_right": home_right, "host_right": host_right, "official": host_right is not None and
        host_right.kind == "host_official", "history": history, "can_decide": can_decide,
        "pending": sel.status == rules.PENDING, "accept_form": accept_form, "reject_form": reject_form,
        "status_labels": rules.SELECTION_STATUS_LABELS,
        "others": [{"s": o, "course": names.course(o)} for o in selectors.other_selections(sel)],
        "is_host": can_decide})


@login_required
def register_for_student(request: HttpRequest, unit_pk: int) -> HttpResponse:
    """R-EXC-6: the home institution's study office registers its student to another institution's course, as its
    system can with CREATE_REGISTRATION_REQUEST. The student is found by the study right's identifier at the
    acting institution; the choices are the student's own (the course page's panel) and the service is the
    same, so every R-REG-1 refusal reads as it would for the student, and nothing changes."""
    office = acting_office(request)
    if isinstance(office, HttpResponse):
        return office
    unit = catalogue_api.get_course_unit_by_id(unit_pk)
    if unit is None:
        raise Http404(_("The course was not found."))
    identifier = (request.POST.get("study_right") or request.GET.get("study_right") or "").strip()[:100]
    right = rights_api.find_right(organisation_id=office.id, identifier=identifier) if identifier else None
    if right is not None and right.kind != "home":
        right = None
    person = rights_api.get_person(right.person_id) if right is not None else None
    opts, form, names = None, None, _Names()
    if person is not None:
        services.people_read(Event.ON_BEHALF_READ, actor=request.user, person_oids=[person.learner_oid],
                             extra={"course_unit_id": unit.id})
        registered = selectors.active_realisations_of(person.id, unit.id)
        opts = panel.options_for([person], unit, registered=registered)
        form = opts.form(request.POST if request.method == "POST" else None)
        if request.method == "POST" and opts.state == "ok" and form.is_valid():
            right_id, network_id = form.route_ids()
            try:
                services.registration_create(actor=request.user, home_right_id=right_id,
                                                   network_id=network_id, realisation_ids=form.realisation_ids())
            except DomainError as exc:
                if exc.status == 403:
                    raise DjangoPermissionDenied(str(exc.message)) from exc
                where = str((exc.details or {}).get("path", "")) if isinstance(exc.details, dict) else ""
                message = _("The student is already registered to this course.") \
                    if exc.code == ErrorCode.DUPLICATE else str(exc.message)
                form.add_error("route" if where in ("network", "study_right") else "realisations", message)
            else:
                messages.success(request, _("%(student)s is registered to %(course)s. The host institution decides "
                                            "on the registration; the student sees it on their page “My studies”.")
                                 % {"student": f"{person.first_names} {person.last_name}",
                                    "course": unit.name(names.lang)})
                query = urlencode({"q": person.student_number or person.last_name})
                return redirect(f"{reverse('registrations:outgoing')}?{query}")
    elif request.method == "POST":
        raise Http404
    host = organisations_api.get_by_id(unit.organisation_id)
    return render(request, "registrations/office/register.html", {
        "unit": unit, "course": unit.name(names.lang), "host": host.name(names.lang) if host else "",
        "office": office.name(names.lang), "own": unit.organisation_id == office.id, "identifier": identifier,
        "not_found": bool(identifier) and person is None, "person": person, "right": right,
        "state": opts.state if opts else "", "form": form,
        "networks": [label for _value, label in opts.shown_routes] if opts else []})


urlpatterns: list[URLPattern] = [
    path("register-student/<int:unit_pk>/", register_for_student, name="register_for_student"),
    path("queue/", queue, name="queue"),
    path("queue/<int:pk>/", decide, name="decide"),
    path("outgoing/", outgoing, name="outgoing"),
]
