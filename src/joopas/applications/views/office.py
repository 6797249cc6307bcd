"""The study offices' JOO pages: the home's endorsement queue (R-JOO-1), the host's decision queue (R-JOO-2), one
application, the dashboard per institution, the host's terms and rounds (R-JOO-8) and its JOO students (R-JOO-6).

Thin: policies decide who sees what, services decide and write, every page that shows students writes its read
row (R-ACC-6)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from joopas.access.api import acting_organisation_for
from joopas.applications import policies, rules, selectors, services
from joopas.applications.codes import ErrorCode, Event
from joopas.applications.models import Application, Round
from joopas.applications.office_forms import (
    BULK_ACTIONS,
    BulkForm,
    DecisionForm,
    DeclineForm,
    EndorseForm,
    RoundForm,
    SupplementForm,
    TermsForm,
)
from joopas.applications.selectors import QueueFilters
from joopas.catalogue import api as catalogue_api
from joopas.core import audit, bulk
from joopas.core.clock import academic_year_label, academic_year_of, today
from joopas.core.errors import DomainError
from joopas.core.exports import csv_response
from joopas.core.formats import format_date
from joopas.organisations import api as organisations_api
from joopas.organisations.data import OrganisationRef
from joopas.rights import api as rights_api
from joopas.rights.data import JooRightRef, PersonRef

PAGE_SIZE = 50
CSV_LIMIT = 10000

# the officers' words for an application's status (the student's pages use their own)
STATUS_LABELS: dict[str, tuple[Any, str]] = {
    rules.DRAFT: (gettext_lazy("draft"), "neutral"),
    rules.SUBMITTED: (gettext_lazy("waiting for endorsement"), "progress"),
    rules.DECLINED: (gettext_lazy("not endorsed"), "error"),
    rules.ENDORSED: (gettext_lazy("waiting for the host's decision"), "progress"),
    rules.SUPPLEMENT: (gettext_lazy("supplement requested"), "warning"),
    rules.DECIDED: (gettext_lazy("decided"), "success"),
    rules.WITHDRAWN: (gettext_lazy("withdrawn by the student"), "neutral"),
}
HOME_STATUSES = (rules.SUBMITTED, rules.ENDORSED, rules.SUPPLEMENT, rules.DECIDED, rules.DECLINED, rules.WITHDRAWN)
HOST_STATUSES = (rules.ENDORSED, rules.SUPPLEMENT, rules.DECIDED)
DECISION_LABELS: dict[str, tuple[Any, str]] = {
    rules.PENDING: (gettext_lazy("not decided yet"), "neutral"),
    rules.GRANTED: (gettext_lazy("granted"), "success"),
    rules.REJECTED: (gettext_lazy("rejected"), "error"),
}
ROUND_STATE_LABELS: dict[str, tuple[Any, str]] = {
    "upcoming": (gettext_lazy("upcoming"), "neutral"),
    "open": (gettext_lazy("open"), "success"),
    "closed": (gettext_lazy("closed"), "neutral"),
}
KIND_LABELS = {rules.FIXED: gettext_lazy("application period"), rules.CONTINUOUS: gettext_lazy("continuous application")}


def _lang() -> str:
    return (get_language() or "fi")[:2]


def acting_office(request: HttpRequest) -> OrganisationRef | HttpResponse:
    """The organisation whose study office the user acts for (access.api.acting_organisation_for)."""
    return acting_organisation_for(request, policies.OFFICE_ROLES, _(
        "Only a study office (officer or main user) of the institution can see this page."))


def _int(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 19 else None


def _wants_csv(request: HttpRequest) -> bool:
    return "csv" in (request.GET.get("format"), request.GET.get("export"))


def _page(request: HttpRequest, total: int, size: int = PAGE_SIZE) -> tuple[int, int]:
    pages = max(1, (total + size - 1) // size)
    return min(max(1, _int(request.GET.get("page")) or 1), pages), pages


def _base_qs(request: HttpRequest) -> str:
    query = request.GET.copy()
    for key in ("page", "format", "export"):
        query.pop(key, None)
    return query.urlencode()


def _name(person: PersonRef | None) -> str:
    return f"{person.last_name}, {person.first_names}" if person else ""


def _list_read(actor: Any, oids: Iterable[str], **extra: Any) -> None:
    """R-ACC-6: one read row naming the students a list showed."""
    wanted = sorted({o for o in oids if o})
    audit.record(Event.LIST_READ, actor=actor, person_oid=wanted[0] if len(wanted) == 1 else "",
                 after={"person_oids": wanted, **extra})


# --- the queues ------------------------------------------------------------------------------------------

def _filters(request: HttpRequest, statuses: Sequence[str]) -> QueueFilters:
    status = request.GET.get("status", "")
    return QueueFilters(status=status if status in statuses else "", q=request.GET.get("q", "")[:100].strip(),
                        overdue=request.GET.get("overdue") == "1")


def _rows(apps: list[Application], *, side: str, day: dt.date) -> list[dict[str, Any]]:
    lang = _lang()
    persons = rights_api.persons({a.home_person_id for a in apps})
    orgs = organisations_api.get_many({a.host_organisation_id if side == "home" else a.home_organisation_id
                                       for a in apps})
    rows = []
    for a in apps:
        person = persons.get(a.home_person_id)
        other = orgs.get(a.host_organisation_id if side == "home" else a.home_organisation_id)
        rows.append({"a": a, "person": person, "name": _name(person),
                     "student_number": person.student_number if person else "",
                     "other": other.name(lang) if other else "",
                     "codes": ", ".join(e.code for e in a.entities.all()),
                     "overdue": rules.is_overdue(a.status, a.decision_due, day),
                     "status_label": STATUS_LABELS.get(a.status, ("", ""))[0]})
    return rows


def _csv(rows: list[dict[str, Any]], *, side: str) -> HttpResponse:
    other = _("Host institution") if side == "home" else _("Home institution")
    header = [_("Application number"), _("Student"), _("Home student number"), other, _("Requested studies"),
              _("Submitted"), _("Status")]
    if side == "host":
        header += [_("Decision due"), _("Overdue")]
    out = []
    for r in rows:
        a = r["a"]
        row = [a.number, r["name"], r["student_number"], r["other"], r["codes"], format_date(a.submitted_at),
               r["status_label"]]
        if side == "host":
            row += [format_date(a.decision_due), _("yes") if r["overdue"] else ""]
        out.append(row)
    return csv_response("joo-applications-to-endorse.csv" if side == "home" else "joo-applications-to-decide.csv",
                        header, out)


def _queue(request: HttpRequest, *, side: str) -> HttpResponse:
    org = acting_office(request)
    if isinstance(org, HttpResponse):
        return org
    statuses = HOME_STATUSES if side == "home" else HOST_STATUSES
    day = today()
    f = _filters(request, statuses)
    if side == "home":
        f.overdue = False

    def queue(filters: QueueFilters) -> QuerySet[Application]:
        return (selectors.home_queue if side == "home" else selectors.host_queue)([org.id], filters, day)

    if side == "home" and request.method == "POST":
        return _bulk(request, org, queue(QueueFilters()))
    qs = queue(f)
    if _wants_csv(request):
        rows = _rows(list(qs[:CSV_LIMIT]), side=side, day=day)
        _list_read(request.user, (r["person"].learner_oid for r in rows if r["person"]), organisation_id=org.id,
                   queue=side, rows=len(rows), export="csv")
        return _csv(rows, side=side)
    total = qs.count()
    page, pages = _page(request, total)
    rows = _rows(list(qs[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]), side=side, day=day)
    if rows:
        _list_read(request.user, (r["person"].learner_oid for r in rows if r["person"]), organisation_id=org.id,
                   queue=side, rows=len(rows), page=page)
    counts = selectors.status_counts(queue(QueueFilters(q=f.q, overdue=f.overdue)))
    base = queue(QueueFilters())
    return render(request, f"applications/office/{side}_queue.html", {
        "org": org, "org_name": org.name(_lang()), "rows": rows, "total": total, "page": page, "pages": pages,
        "base_qs": _base_qs(request), "f": f, "filtered": bool(f.status or f.q or f.overdue), "any": base.exists(),
        "statuses": [(s, STATUS_LABELS[s][0], counts.get(s, 0)) for s in statuses], "status_labels": STATUS_LABELS,
        "overdue_count": selectors.overdue_count([org.id], day) if side == "host" else 0,
        "page_ids": [r["a"].pk for r in rows], "bulk_actions": BULK_ACTIONS})


def refusal(exc: DomainError, app: Application | None) -> str:
    """A service's refusal in words an officer understands."""
    if exc.code == ErrorCode.ILLEGAL_TRANSITION and app is not None:
        label = STATUS_LABELS.get(app.status, ("", ""))[0]
        return _("It is no longer waiting for endorsement (now: %(status)s).") % {"status": label}
    if exc.code in (ErrorCode.PERMISSION_DENIED, ErrorCode.NOT_FOUND):
        return _("It is not an application of your institution's student.")
    return str(exc.message)


def _bulk(request: HttpRequest, org: OrganisationRef, base: QuerySet[Application]) -> HttpResponse:
    """Bulk endorse / decline (page pattern "Bulk actions"): each application through `services.endorse` in its
    own transaction; the message says how many were done and why the others were refused."""
    back = reverse("applications:home_queue") + (f"?{request.POST.get('qs', '')}" if request.POST.get("qs") else "")
    form = BulkForm(request.POST)
    ids = bulk.selected_ids(request.POST)
    if not ids:
        messages.error(request, _("Choose at least one application first."))
        return redirect(back)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect(back)
    endorse = form.cleaned_data["bulk_action"] == "endorse"
    reason = "" if endorse else form.cleaned_data["reason"].strip()
    mine = {a.pk: a for a in base.filter(pk__in=ids)}
    persons = rights_api.persons({a.home_person_id for a in mine.values()})

    def act(pk: int) -> None:
        if pk not in mine:
            raise DomainError(code=ErrorCode.NOT_FOUND)
        services.endorse(actor=request.user, application_id=pk, endorse=endorse, reason=reason)

    def explain(pk: int, exc: DomainError) -> str:
        app = Application.objects.filter(pk=pk).first() if pk in mine else None
        person = persons.get(app.home_person_id) if app else None
        who = f"{person.first_names} {person.last_name} ({app.number})" if person and app else f"#{pk}"
        why = refusal(exc, app)
        return f"{who}: {why}" if why.endswith(".") else f"{who}: {why}."

    result = bulk.apply_each(ids, act, explain)
    if mine:
        _list_read(request.user, (p.learner_oid for p in persons.values()), organisation_id=org.id, queue="home",
                   bulk="endorse" if endorse else "decline", rows=len(ids))
    done = (ngettext("%(n)s endorsed", "%(n)s endorsed", len(result.done)) if endorse
            else ngettext("%(n)s declined", "%(n)s declined", len(result.done))) % {"n": len(result.done)}
    bulk.tell(request, result, done)
    return redirect(back)


@login_required
def home_queue(request: HttpRequest) -> HttpResponse:
    return _queue(request, side="home")


@login_required
def host_queue(request: HttpRequest) -> HttpResponse:
    return _queue(request, side="host")


# --- one application -------------------------------------------------------------------------------------

def history_sentence(from_status: str, to_status: str, reason: str) -> str:
    """A history row in words (page pattern "Detail page with a history timeline")."""
    if to_status == rules.DRAFT:
        return _("The student started the application.")
    if to_status == rules.SUBMITTED:
        return _("The student sent the application to the home university.")
    if to_status == rules.DECLINED:
        return _("The home university did not endorse the application. Reason: %(reason)s") % {"reason": reason}
    if to_status == rules.ENDORSED and from_status == rules.SUPPLEMENT:
        return _("The student sent the supplemented application to the host.")
    if to_status == rules.ENDORSED:
        return (_("The home university endorsed the application. Note: %(note)s") % {"note": reason} if reason
                else _("The home university endorsed the application."))
    if to_status == rules.SUPPLEMENT:
        return _("The host asked for a supplement: %(text)s") % {"text": reason}
    if to_status == rules.DECIDED:
        return _("The host decided on the application.")
    if to_status == rules.WITHDRAWN:
        return _("The student withdrew the application.")
    return _("The application was saved.")


def _transcript_rows(app: Application, lang: str) -> list[dict[str, Any]]:
    rows = []
    for r in app.transcript or []:
        if not isinstance(r, dict):
            continue
        names = r.get("name") or {}
        name = (names.get(lang) or names.get("fi") or names.get("en") or "") if isinstance(names, dict) else ""
        try:
            done = dt.date.fromisoformat(str(r.get("date") or ""))
        except ValueError:
            done = None
        rows.append({"code": r.get("code", ""), "name": name, "credits": r.get("credits", ""),
                     "grade": r.get("grade", ""), "scale": r.get("scale", ""), "date": done,
                     "credited": bool(r.get("credited"))})
    return rows


def _handle_home_post(request: HttpRequest, app: Application, forms: dict[str, Any]) -> HttpResponse | None:
    action = request.POST.get("action")
    if action not in ("endorse", "decline"):
        raise Http404
    form = forms[action] = (EndorseForm if action == "endorse" else DeclineForm)(request.POST, prefix=action)
    if not form.is_valid():
        return None
    try:
        services.endorse(actor=request.user, application_id=app.pk, endorse=action == "endorse",
                         reason=form.cleaned_data["note" if action == "endorse" else "reason"])
    except DomainError as exc:
        app.refresh_from_db()
        form.add_error(None, refusal(exc, app))
        return None
    messages.success(request, _("The application was endorsed. It is now with the host.") if action == "endorse"
                     else _("The application was not endorsed. The student sees the reason."))
    return redirect("applications:office_detail", pk=app.pk)


def _handle_host_post(request: HttpRequest, app: Application, forms: dict[str, Any]) -> HttpResponse | None:
    action = request.POST.get("action")
    if action == "decide":
        form = forms["decide"] = DecisionForm(request.POST, prefix="decide", entities=list(app.entities.all()),
                                              lang=_lang())
        if not form.is_valid():
            return None
        try:
            services.decide(actor=request.user, application_id=app.pk, decisions=form.decisions())
        except DomainError as exc:
            app.refresh_from_db()
            form.add_error(None, _("It is no longer waiting for a decision.") if
                           exc.code == ErrorCode.ILLEGAL_TRANSITION else str(exc.message))
            return None
        messages.success(request, _("The decision was saved. The student and the home university get it."))
        return redirect("applications:office_detail", pk=app.pk)
    if action == "supplement":
        sform = forms["supplement"] = SupplementForm(request.POST, prefix="supplement")
        if not sform.is_valid():
            return None
        try:
            services.request_supplement(actor=request.user, application_id=app.pk, text=sform.cleaned_data["text"])
        except DomainError as exc:
            app.refresh_from_db()
            sform.add_error(None, _("A supplement cannot be asked for now.") if
                            exc.code == ErrorCode.ILLEGAL_TRANSITION else str(exc.message))
            return None
        messages.success(request, _("The student was asked for a supplement."))
        return redirect("applications:office_detail", pk=app.pk)
    raise Http404


@login_required
def office_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One application for the home office (endorse / decline, R-JOO-1) or the host office (decide per entity or
    ask for a supplement, R-JOO-2). Anyone else — and the host before endorsement — gets 404."""
    app = selectors.application(pk)
    if app is None:
        raise Http404(_("The application was not found."))
    is_home = policies.can_endorse(request.user, app) and app.status != rules.DRAFT
    is_host = policies.can_decide(request.user, app) and policies.host_may_see(app)
    if not (is_home or is_host):
        raise Http404(_("The application was not found."))
    lang = _lang()
    entities = list(app.entities.all())
    forms: dict[str, Any] = {"endorse": EndorseForm(prefix="endorse"), "decline": DeclineForm(prefix="decline"),
                             "decide": DecisionForm(prefix="decide", entities=entities, lang=lang),
                             "supplement": SupplementForm(prefix="supplement")}
    may_endorse = is_home and app.status == rules.SUBMITTED
    may_decide = is_host and app.status in rules.WAITING_FOR_HOST
    may_supplement = is_host and app.status == rules.ENDORSED
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in ("endorse", "decline", "decide", "supplement"):
            raise Http404
        if action in ("endorse", "decline"):
            if not is_home:
                raise DjangoPermissionDenied(_("Only the student's home university can endorse."))
            done = _handle_home_post(request, app, forms)
        else:
            if not is_host:
                raise DjangoPermissionDenied(_("Only the host university can decide."))
            done = _handle_host_post(request, app, forms)
        if done is not None:
            return done
        app = selectors.application(pk) or app
        entities = list(app.entities.all())
    person = rights_api.get_person(app.home_person_id)
    home_right = rights_api.get_right(app.home_right_id)
    orgs = organisations_api.get_many([app.home_organisation_id, app.host_organisation_id])
    home, host = orgs.get(app.home_organisation_id), orgs.get(app.host_organisation_id)
    joo = rights_api.get_joo_right(app.joo_right_id) if app.joo_right_id else None
    audit.record(Event.READ, actor=request.user, subject=app, person_oid=person.learner_oid if person else "",
                 after={"side": "home" if is_home else "host"})
    return render(request, "applications/office/detail.html", {
        "app": app, "person": person, "home_right": home_right, "joo": joo,
        "home": home.name(lang) if home else "", "host": host.name(lang) if host else "",
        "entities": [{"e": e, "label": e.label(lang)} for e in entities],
        "transcript": _transcript_rows(app, lang), "attachments": list(app.attachments.all()),
        "history": [{"h": h, "sentence": history_sentence(h.from_status, h.to_status, h.reason)}
                    for h in app.history.all()],
        "is_home": is_home, "is_host": is_host, "may_endorse": may_endorse, "may_decide": may_decide,
        "may_supplement": may_supplement, "overdue": rules.is_overdue(app.status, app.decision_due, today()),
        "status_labels": STATUS_LABELS, "decision_labels": DECISION_LABELS, "round_kind": KIND_LABELS.get(
            app.round.kind, ""), **{f"{k}_form": v for k, v in forms.items()}})


# --- the dashboard ---------------------------------------------------------------------------------------

@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """R-JOO-2 dashboard: counts per institution, no personal data."""
    if not policies.can_see_overview(request.user):
        raise DjangoPermissionDenied(_("Only platform administrators and study offices can see this page."))
    rows = selectors.overview(today())
    orgs = organisations_api.get_many([r.organisation_id for r in rows])
    lang = _lang()
    out = [{"r": r, "name": orgs[r.organisation_id].name(lang) if r.organisation_id in orgs else str(r.organisation_id)}
           for r in rows]
    totals = {k: sum(getattr(r, k) for r in rows)
              for k in ("waiting_endorsement", "waiting_decision", "overdue", "decided")}
    return render(request, "applications/office/overview.html", {"rows": out, "totals": totals})


# --- the host's terms and rounds (R-JOO-8) ---------------------------------------------------------------

def _terms_initial(org_id: int) -> dict[str, Any]:
    terms = selectors.terms_of(org_id)
    if terms is None:
        return {"reminder_days": 14}
    return {"reminder_days": terms.reminder_days, **{k: getattr(terms, k) for k in services.TERMS_FIELDS}}


def _default_years(day: dt.date) -> list[int]:
    year = academic_year_of(day)
    return [year, year + 1]


def _round_rows(org_id: int, day: dt.date) -> list[dict[str, Any]]:
    return [{"r": r, "state": rules.round_state(r.opens_on, r.closes_on, day), "kind": KIND_LABELS.get(r.kind, ""),
             "year": academic_year_label(r.academic_year)} for r in selectors.rounds_of_host(org_id)]


def _save_round(request: HttpRequest, org: OrganisationRef, form: RoundForm, round_id: int | None) -> bool:
    if not form.is_valid():
        return False
    d = form.cleaned_data
    try:
        services.round_save(actor=request.user, organisation_id=org.id, kind=d["kind"], opens_on=d["opens_on"],
                            closes_on=d["closes_on"], studies_start=d["studies_start"], round_id=round_id)
    except DomainError as exc:
        field = (exc.details or {}).get("path") if isinstance(exc.details, dict) else None
        form.add_error(field if field in form.fields else None, str(exc.message))
        return False
    return True


@login_required
def terms(request: HttpRequest) -> HttpResponse:
    org = acting_office(request)
    if isinstance(org, HttpResponse):
        return org
    day = today()
    years = _default_years(day)
    terms_form = TermsForm(prefix="terms", initial=_terms_initial(org.id))
    round_form = RoundForm(prefix="round")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "terms":
            terms_form = TermsForm(request.POST, prefix="terms")
            if terms_form.is_valid():
                try:
                    services.terms_save(actor=request.user, organisation_id=org.id, values=terms_form.cleaned_data)
                except DomainError as exc:
                    path_ = exc.details.get("path") if isinstance(exc.details, dict) else None
                    terms_form.add_error(path_ if path_ in terms_form.fields else None, str(exc.message))
                else:
                    messages.success(request, _("The JOO terms were saved. Students see them on your "
                                                "institution's application page."))
                    return redirect("applications:terms")
        elif action == "round":
            round_form = RoundForm(request.POST, prefix="round")
            if _save_round(request, org, round_form, None):
                messages.success(request, _("The round was added."))
                return redirect("applications:terms")
        elif action == "defaults":
            year = _int(request.POST.get("academic_year"))
            if year not in years:
                messages.error(request, _("Choose one of the academic years offered."))
                return redirect("applications:terms")
            try:
                made = services.default_rounds_create(actor=request.user, organisation_id=org.id,
                                                      academic_year=year)  # type: ignore[arg-type]
            except DomainError as exc:
                messages.error(request, str(exc.message))
            else:
                label = academic_year_label(year)  # type: ignore[arg-type]
                if made:
                    messages.success(request, ngettext(
                        "%(n)s application period was added for the academic year %(year)s.",
                        "%(n)s application periods were added for the academic year %(year)s.",
                        len(made)) % {"n": len(made), "year": label})
                else:
                    messages.info(request, _("The agreement's periods for the academic year %(year)s already "
                                             "exist.") % {"year": label})
            return redirect("applications:terms")
        else:
            raise Http404
    return render(request, "applications/office/terms.html", {
        "org": org, "org_name": org.name(_lang()), "terms_form": terms_form, "round_form": round_form,
        "rounds": _round_rows(org.id, day), "state_labels": ROUND_STATE_LABELS,
        "default_years": [(y, academic_year_label(y)) for y in years]})


@login_required
def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    org = acting_office(request)
    if isinstance(org, HttpResponse):
        return org
    rnd = Round.objects.filter(pk=pk, organisation_id=org.id).first()
    if rnd is None:
        raise Http404(_("The round was not found."))
    form = RoundForm(prefix="round", initial={"kind": rnd.kind, "opens_on": rnd.opens_on, "closes_on": rnd.closes_on,
                                              "studies_start": rnd.studies_start})
    if request.method == "POST":
        form = RoundForm(request.POST, prefix="round")
        if _save_round(request, org, form, rnd.pk):
            messages.success(request, _("The round was saved."))
            return redirect("applications:terms")
    return render(request, "applications/office/round_edit.html", {
        "org": org, "org_name": org.name(_lang()), "rnd": rnd, "form": form,
        "state": rules.round_state(rnd.opens_on, rnd.closes_on, today()), "state_labels": ROUND_STATE_LABELS})


# --- the host's JOO students (R-JOO-6) -------------------------------------------------------------------

def _granted_codes(rights: list[JooRightRef]) -> dict[int, str]:
    units = catalogue_api.course_units_by_ids({g.entity_id for r in rights for g in r.granted
                                               if g.entity_kind == rules.COURSE_UNIT})
    modules = catalogue_api.study_modules_by_ids({g.entity_id for r in rights for g in r.granted
                                                  if g.entity_kind == rules.MODULE})
    out = {}
    for r in rights:
        codes = []
        for g in r.granted:
            ref = units.get(g.entity_id) if g.entity_kind == rules.COURSE_UNIT else modules.get(g.entity_id)
            codes.append(ref.code if ref else f"#{g.entity_id}")
        out[r.id] = ", ".join(codes)
    return out


@login_required
def joo_students(request: HttpRequest) -> HttpResponse:
    """R-JOO-6: the host's JOO students in force today, with what identity management needs to open library and
    IT accounts; a CSV of the same."""
    org = acting_office(request)
    if isinstance(org, HttpResponse):
        return org
    lang = _lang()
    rights = rights_api.joo_rights_of_host(org.id, day=today())
    csv_wanted = _wants_csv(request)
    total = len(rights)
    page, pages = (1, 1) if csv_wanted else _page(request, total)
    chosen = rights[:CSV_LIMIT] if csv_wanted else rights[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]
    homes = organisations_api.get_many({r.home_organisation_id for r in chosen})
    codes = _granted_codes(chosen)

    def home(r: JooRightRef) -> str:
        ref = homes.get(r.home_organisation_id)
        return ref.name(lang) if ref else ""

    if csv_wanted:
        _list_read(request.user, (r.learner_oid for r in chosen), organisation_id=org.id, list="joo_students",
                   rows=len(chosen), export="csv")
        return csv_response("joo-students.csv", [
            _("Last name"), _("First names"), _("Learner number (OID)"), _("Email"), _("Student number at the host"),
            _("Home institution"), _("JOO study right"), _("Valid from"), _("Valid until"), _("Granted studies")],
            ([r.last_name, r.first_names, r.learner_oid, r.email, r.host_student_number, home(r), r.identifier,
              r.start_date.isoformat(), r.end_date.isoformat() if r.end_date else "", codes.get(r.id, "")]
             for r in chosen))
    if chosen:
        _list_read(request.user, (r.learner_oid for r in chosen), organisation_id=org.id, list="joo_students",
                   rows=len(chosen), page=page)
    rows = [{"r": r, "name": f"{r.last_name}, {r.first_names}", "codes": codes.get(r.id, ""), "home": home(r)}
            for r in chosen]
    return render(request, "applications/office/joo_students.html", {
        "org": org, "org_name": org.name(lang), "rows": rows, "total": total, "page": page, "pages": pages,
        "base_qs": _base_qs(request), "day": today()})


urlpatterns: list[URLPattern] = [
    path("office/endorse/", home_queue, name="home_queue"),
    path("office/decide/", host_queue, name="host_queue"),
    path("office/<int:pk>/", office_detail, name="office_detail"),
    path("office/overview/", overview, name="overview"),
    path("office/terms/", terms, name="terms"),
    path("office/rounds/<int:pk>/", round_edit, name="round_edit"),
    path("office/joo-students/", joo_students, name="joo_students"),
]
