"""The officers' pages of students and study rights: list, person, new student, file import. Thin.

Who: officers, registrars and main users of the organisation (read and write); platform admins read only.
Every page that shows people records a read row (R-ACC-6); every change goes through `rights.services`.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from joopas.access.api import is_platform_admin, organisations_with_role
from joopas.accounts import api as accounts_api
from joopas.core import jobs
from joopas.core.errors import DomainError
from joopas.core.exports import csv_response
from joopas.core.models import Job
from joopas.networks import api as networks_api
from joopas.organisations import api as organisations_api
from joopas.rights import forms, hooks, importer, policies, rules, selectors, services, tasks
from joopas.rights.codes import ErrorCode
from joopas.rights.models import Person, StudyRight, StudyRightKind

# --- status → label tables (page pattern "Status badges") ------------------------------------------------

STATUS_LABELS: dict[str, tuple[Any, str]] = {
    rules.ACTIVE: (pgettext_lazy("study right status", "Active"), "success"),
    rules.OPTION: (pgettext_lazy("study right status", "Not yet taken up"), "info"),
    rules.PASSIVATED: (pgettext_lazy("study right status", "Passivated"), "warning"),
    rules.ENDED: (pgettext_lazy("study right status", "Ended"), "neutral"),
    rules.FORFEITED: (pgettext_lazy("study right status", "Forfeited"), "error"),
}
KIND_LABELS: dict[str, tuple[Any, str]] = {
    StudyRightKind.HOME: (gettext_lazy("Home study right"), "accent"),
    StudyRightKind.HOST_PROVISIONAL: (gettext_lazy("Provisional, waiting for acceptance"), "progress"),
    StudyRightKind.HOST_OFFICIAL: (gettext_lazy("Cross-study right at your institution"), "info"),
    StudyRightKind.JOO: (gettext_lazy("JOO study right at your institution"), "info"),
}
# What the status change does, in the officer's words (the select's options on a person's page).
STATUS_ACTIONS: dict[str, Any] = {
    rules.ACTIVE: gettext_lazy("Active (taken up or re-activated)"),
    rules.PASSIVATED: gettext_lazy("Passivated"),
    rules.ENDED: gettext_lazy("Ended (the right has ended)"),
    rules.FORFEITED: gettext_lazy("Forfeited (the right was lost)"),
}
JOB_STATE_LABELS: dict[str, tuple[Any, str]] = {
    "queued": (gettext_lazy("Waiting to start"), "neutral"),
    "running": (gettext_lazy("Saving"), "progress"),
    "done": (gettext_lazy("Saved"), "success"),
    "failed": (gettext_lazy("Nothing was saved"), "error"),
    "dead": (gettext_lazy("Nothing was saved"), "error"),
}
# Plain-language messages for the services' refusals that carry only a code.
CODE_MESSAGES: dict[str, Any] = {
    ErrorCode.PERMISSION_DENIED: gettext_lazy("You cannot change the students of this institution."),
    ErrorCode.PERSON_IDENTITY_REQUIRED: forms.IDENTITY_MISSING,
    ErrorCode.PERSON_NAME_REQUIRED: gettext_lazy("Give the first names and the last name."),
    ErrorCode.RIGHT_DATES: forms.DATES_REVERSED,
    ErrorCode.RIGHT_DUPLICATE: gettext_lazy("Your institution already has a study right with this identifier."),
    ErrorCode.RIGHT_ILLEGAL_TRANSITION: gettext_lazy("The study right cannot change to that status from its current one."),
    ErrorCode.RIGHT_NOT_HOME: gettext_lazy("Only your own students' home study rights can be marked eligible."),
    ErrorCode.NETWORK_UNKNOWN: gettext_lazy("One of the networks does not exist."),
    ErrorCode.NETWORK_NOT_MEMBER: gettext_lazy("Your institution is not a member of one of the networks."),
    ErrorCode.ATTENDANCE_TERM: forms.TERM_REVERSED,
}
FIELD_ALIASES = {"network_ids": "networks", "study_right": None}
PAGE_SIZE = 50
IMPORT_SALT = "joopas.rights.import"
IMPORT_MAX_AGE = 3600


def _lang() -> str:
    return (get_language() or "fi")[:2]


def _message(exc: DomainError) -> str:
    if str(exc.message) == str(type(exc).default_message) or exc.code == ErrorCode.RIGHT_ILLEGAL_TRANSITION:
        return str(CODE_MESSAGES.get(exc.code, exc.message))
    return str(exc.message)


def _form_error(form: Any, exc: DomainError) -> None:
    """A service's refusal at the field it concerns (`details.path`), or above the form; 403 stays a 403."""
    if exc.status == 403:
        raise DjangoPermissionDenied(_message(exc)) from exc
    path = exc.details.get("path", "") if isinstance(exc.details, dict) else ""
    field = FIELD_ALIASES.get(path, path)
    if not field and exc.code.startswith("identifier.hetu"):
        field = "hetu"
    elif not field and exc.code.startswith("identifier.oid"):
        field = "learner_oid"
    form.add_error(field if field in form.fields else None, _message(exc))


# --- whose students ----------------------------------------------------------------------------------------

def _organisations(request: HttpRequest) -> list[tuple[int, str]]:
    """The organisations whose students the user may see: their own (officer, registrar, main user), or every
    active one for a platform admin (read only)."""
    user: Any = request.user
    ids = set(organisations_with_role(user, *policies.STUDENT_DATA_ROLES))
    if is_platform_admin(user):
        refs = organisations_api.list_active()
    else:
        refs = list(organisations_api.get_many(ids).values())
    if not refs:
        raise DjangoPermissionDenied(_("Only your institution's study office can see its students."))
    return sorted(((r.id, r.name(_lang())) for r in refs), key=lambda x: x[1])


def _chosen(request: HttpRequest, orgs: list[tuple[int, str]]) -> int:
    names = dict(orgs)
    raw = request.GET.get("organisation") or request.POST.get("organisation") or ""
    if raw:
        try:
            chosen = int(raw)
        except ValueError:
            chosen = 0
        if chosen not in names:
            raise DjangoPermissionDenied(_("You cannot see the students of that institution."))
        return chosen
    acting = request.session.get("acting_organisation")
    ref = organisations_api.get_by_oid(acting) if acting else None
    if ref is not None and ref.id in names:
        return ref.id
    user: Any = request.user
    own = [pk for pk, _n in orgs if policies.can_manage_students(user, pk)]
    return own[0] if own else orgs[0][0]


def _person(request: HttpRequest, pk: int, *, manage: bool = False) -> Person:
    person = selectors.person_for_page(pk)
    if person is None or _is_ghost(person):
        raise Http404
    user: Any = request.user
    allowed = policies.can_manage_students(user, person.organisation_id) if manage else \
        policies.can_view_students(user, person.organisation_id)
    if not allowed:
        raise DjangoPermissionDenied(_("Only the study office of the student's institution can see this."))
    return person


def _is_ghost(person: Person) -> bool:
    """R-REG-2: a person known only through provisional host rights is in the registration register only."""
    kinds = {r.kind for r in person.study_rights.all()}
    return bool(kinds) and kinds == {StudyRightKind.HOST_PROVISIONAL}


def _network_choices(organisation_id: int) -> list[tuple[int, str]]:
    lang = _lang()
    return sorted(((n.id, n.name(lang)) for n in networks_api.networks_of_organisation(organisation_id)),
                  key=lambda x: x[1])


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", 1)))
    except ValueError:
        return 1


# --- the list --------------------------------------------------------------------------------------------

def _filters(request: HttpRequest) -> selectors.StudentFilters:
    status = request.GET.get("status", "")
    try:
        network = int(request.GET.get("network", "") or 0) or None
    except ValueError:
        network = None
    return selectors.StudentFilters(q=request.GET.get("q", "")[:100].strip(),
                                    status=status if status in STATUS_LABELS else "", network_id=network,
                                    ending_soon=request.GET.get("ending") == "30")


def _csv_rows(persons: list[Person], rights: dict[int, list[StudyRight]],
              network_names: dict[int, str]) -> Any:
    """One line per study right (a person without one gets a line of their own); identity codes masked."""
    for p in persons:
        person = [p.last_name, p.first_names, p.student_number, p.learner_oid, p.hetu_masked]
        shown = [r for r in rights[p.pk] if r.kind != StudyRightKind.HOST_PROVISIONAL]
        if not shown:
            yield [*person, "", "", "", "", "", ""]
        for r in shown:
            yield [*person, r.identifier, str(STATUS_LABELS.get(r.status, (r.status,))[0]), r.start_date.isoformat(),
                   r.end_date.isoformat() if r.end_date else "", r.degree_programme,
                   "; ".join(network_names.get(e.network_id, str(e.network_id)) for e in r.eligibility.all())]


@login_required
def student_list(request: HttpRequest) -> HttpResponse:
    """The institution's students (page pattern "Queue/list page"): search, filters with counts, pages, CSV."""
    orgs = _organisations(request)
    org = _chosen(request, orgs)
    user: Any = request.user
    f = _filters(request)
    networks = _network_choices(org)
    network_names = dict(networks)
    qs = selectors.students(org, f)
    if request.GET.get("export") == "csv":
        persons = list(qs)
        rights = selectors.rights_by_person([p.pk for p in persons])
        selectors.students_read(actor=user, organisation_id=org, persons=persons, filters=f, export=True)
        header = [_("Last name"), _("First names"), _("Student number"), _("Learner OID"),
                  _("Personal identity code"), _("Study right"), _("Status"), _("Start date"), _("End date"),
                  _("Degree programme"), _("Eligible for networks")]
        return csv_response("students.csv", header, _csv_rows(persons, rights, network_names))
    total = qs.count()
    pages = max(1, (total + PAGE_SIZE - 1) // PAGE_SIZE)
    page = min(_page_number(request), pages)
    persons = list(qs[(page - 1) * PAGE_SIZE:page * PAGE_SIZE])
    rights = selectors.rights_by_person([p.pk for p in persons])
    selectors.students_read(actor=user, organisation_id=org, persons=persons, filters=f)
    by_status = selectors.student_status_counts(org, f)
    by_network = selectors.student_network_counts(org, f)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    rows = [{"p": p, "rights": [r for r in rights[p.pk] if r.kind != StudyRightKind.HOST_PROVISIONAL]}
            for p in persons]
    return render(request, "rights/students.html", {
        "orgs": orgs, "org": org, "org_name": dict(orgs)[org], "f": f, "rows": rows, "total": total,
        "page": page, "pages": pages, "base_qs": query.urlencode(), "filtered": f.active,
        "statuses": [(v, label, by_status.get(v, 0)) for v, (label, _t) in STATUS_LABELS.items()],
        "networks": [(pk, name, by_network.get(pk, 0)) for pk, name in networks],
        "status_labels": STATUS_LABELS, "kind_labels": KIND_LABELS,
        "can_manage": policies.can_manage_students(user, org),
        "read_only": not policies.can_manage_students(user, org),
        "ending": selectors.ending_soon(org).count(),
    })


# --- one person ------------------------------------------------------------------------------------------

def _history_words(h: Any) -> str:
    """A history row as a sentence."""
    label = {k: str(v[0]) for k, v in STATUS_LABELS.items()}
    if not h.from_status:
        text = _("The study right was recorded with the status “%(status)s”.") % {
            "status": label.get(h.to_status, h.to_status)}
    elif h.from_status == h.to_status:
        if h.reason == "official":
            return _("The registration was accepted: the study right became official.")
        if h.reason == "provisional":
            return _("A provisional study right was made for a registration.")
        if h.reason.startswith("home study right"):
            return _("The student's home study right changed, and this right followed it.")
        text = _("The study right was changed.")
    else:
        text = _("The status changed from “%(old)s” to “%(new)s”.") % {
            "old": label.get(h.from_status, h.from_status), "new": label.get(h.to_status, h.to_status)}
    if h.reason and h.reason != "import":
        text += " " + _("Reason: %(reason)s") % {"reason": h.reason}
    elif h.reason == "import":
        text += " " + _("(from a file import)")
    return text


def _right_context(right: StudyRight, *, manage: bool, networks: list[tuple[int, str]],
                   bound: dict[str, Any]) -> dict[str, Any]:
    prefix = f"r{right.pk}"
    allowed = sorted(rules.STATUS_TRANSITIONS.get(right.status, set()), key=list(STATUS_ACTIONS).index)
    ctx: dict[str, Any] = {
        "r": right, "eligible": [n for pk, n in networks if pk in {e.network_id for e in right.eligibility.all()}],
        "other_eligible": [e.network_id for e in right.eligibility.all() if e.network_id not in dict(networks)],
        "attendance": list(right.attendance.all()),
        "history": [(h, _history_words(h)) for h in right.history.all()],
    }
    if right.kind != StudyRightKind.HOME:
        ctx["links"] = hooks.right_links(right.pk, right.kind)  # the registration or JOO application behind it
        origin = right.home_right
        if origin is not None:
            ref = organisations_api.get_by_id(origin.organisation_id)
            ctx["origin"] = {"institution": ref.name(_lang()) if ref else "", "identifier": origin.identifier}
        return ctx
    if manage:
        ctx["status_form"] = bound.get("status") or _status_form(right, None, prefix, allowed)
        ctx["dates_form"] = bound.get("dates") or forms.DatesForm(
            prefix=f"{prefix}-dates", initial={"start_date": right.start_date, "end_date": right.end_date})
        ctx["eligibility_form"] = bound.get("eligibility") or forms.EligibilityForm(
            prefix=f"{prefix}-elig", networks=networks,
            initial={"networks": [e.network_id for e in right.eligibility.all()]})
        ctx["attendance_form"] = bound.get("attendance") or forms.AttendanceForm(prefix=f"{prefix}-att")
    return ctx


def _status_form(right: StudyRight, data: Any, prefix: str, allowed: list[str] | None = None) -> forms.StatusForm:
    allowed = allowed if allowed is not None else sorted(rules.STATUS_TRANSITIONS.get(right.status, set()),
                                                         key=list(STATUS_ACTIONS).index)
    form = forms.StatusForm(data, prefix=f"{prefix}-status")
    form.fields["to"].choices = [(s, STATUS_ACTIONS[s]) for s in allowed]  # type: ignore[attr-defined]
    return form


def _render_person(request: HttpRequest, person: Person, *, bound_right: int | None = None,
                   bound: dict[str, Any] | None = None, person_form: Any = None, status: int = 200) -> HttpResponse:
    user: Any = request.user
    manage = policies.can_manage_students(user, person.organisation_id)
    networks = _network_choices(person.organisation_id)
    selectors.person_read(actor=user, person=person)
    rights = [r for r in person.study_rights.all() if r.kind != StudyRightKind.HOST_PROVISIONAL]
    home = [_right_context(r, manage=manage, networks=networks, bound=(bound or {}) if r.pk == bound_right else {})
            for r in rights if r.kind == StudyRightKind.HOME]
    host = [_right_context(r, manage=False, networks=networks, bound={}) for r in rights
            if r.kind != StudyRightKind.HOME]
    follows_home = person.home_person_id is not None
    return render(request, "rights/person.html", {
        "person": person, "home": home, "host": host, "manage": manage, "follows_home": follows_home,
        "status_labels": STATUS_LABELS, "kind_labels": KIND_LABELS,
        "person_form": person_form, "address": person.address or {},
        "org_name": (organisations_api.get_by_id(person.organisation_id) or None),
        "networks_exist": bool(networks),
    }, status=status)


@login_required
def student_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_person(request, _person(request, pk))


def _person_form(person: Person, data: Any = None) -> forms.PersonForm:
    a = person.address or {}
    initial = {"first_names": person.first_names, "last_name": person.last_name,
               "date_of_birth": person.date_of_birth, "email": person.email, "phone": person.phone,
               "street": a.get("street", ""), "postal_code": a.get("postal_code", ""), "city": a.get("city", "")}
    return forms.PersonForm(data, initial=initial, needs_hetu=not person.learner_oid, hetu_key=person.hetu_key)


@login_required
def student_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Personal and contact data; the change reaches every host holding a right of the student (R-REG-7)."""
    person = _person(request, pk, manage=True)
    if person.home_person_id is not None:
        raise DjangoPermissionDenied(_("The student's home institution keeps these data."))
    form = _person_form(person, request.POST if request.method == "POST" else None)
    if request.method != "POST":
        selectors.person_read(actor=request.user, person=person)  # the form shows the person's data
    if request.method == "POST" and form.is_valid():
        try:
            services.person_upsert(actor=request.user, organisation_id=person.organisation_id,
                                   data=form.to_input(learner_oid=person.learner_oid))
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("The personal data were saved."))
            return redirect("rights:student", pk=person.pk)
    return render(request, "rights/person_form.html", {"person": person, "form": form},
                  status=422 if form.errors else 200)


def _right_action(request: HttpRequest, pk: int, right_pk: int, kind: str) -> HttpResponse:
    person = _person(request, pk, manage=True)
    right = next((r for r in person.study_rights.all() if r.pk == right_pk and r.kind == StudyRightKind.HOME), None)
    if right is None:
        raise Http404
    prefix = f"r{right.pk}"
    user: Any = request.user
    form: Any
    success: Any
    if kind == "status":
        form = _status_form(right, request.POST, prefix)
        success = _("The status was changed.")

        def act() -> None:
            services.right_status_change(actor=user, right_id=right.pk, to=form.cleaned_data["to"],
                                         reason=form.cleaned_data["reason"])
    elif kind == "dates":
        form = forms.DatesForm(request.POST, prefix=f"{prefix}-dates")
        success = _("The dates were saved.")

        def act() -> None:
            services.right_dates_update(actor=user, right_id=right.pk, start_date=form.cleaned_data["start_date"],
                                        end_date=form.cleaned_data["end_date"])
    elif kind == "eligibility":
        form = forms.EligibilityForm(request.POST, prefix=f"{prefix}-elig",
                                     networks=_network_choices(person.organisation_id))
        success = _("The networks were saved.")

        def act() -> None:
            services.eligibility_set(actor=user, right_id=right.pk, network_ids=form.cleaned_data["networks"])
    else:
        form = forms.AttendanceForm(request.POST, prefix=f"{prefix}-att")
        success = _("The attendance was saved.")

        def act() -> None:
            services.attendance_set(actor=user, right_id=right.pk, term_start=form.cleaned_data["term_start"],
                                    term_end=form.cleaned_data["term_end"], present=form.cleaned_data["present"])
    if form.is_valid():
        try:
            act()
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, success)
            return redirect(reverse("rights:student", args=[person.pk]) + f"#right-{right.pk}")
    person = _person(request, pk, manage=True)  # fresh, after the refused change
    return _render_person(request, person, bound_right=right.pk, bound={kind: form}, status=422)


@login_required
@require_POST
def right_status(request: HttpRequest, pk: int, right_pk: int) -> HttpResponse:
    return _right_action(request, pk, right_pk, "status")


@login_required
@require_POST
def right_dates(request: HttpRequest, pk: int, right_pk: int) -> HttpResponse:
    return _right_action(request, pk, right_pk, "dates")


@login_required
@require_POST
def right_eligibility(request: HttpRequest, pk: int, right_pk: int) -> HttpResponse:
    """R-NET-2: the home institution marks the networks the right is eligible for."""
    return _right_action(request, pk, right_pk, "eligibility")


@login_required
@require_POST
def right_attendance(request: HttpRequest, pk: int, right_pk: int) -> HttpResponse:
    return _right_action(request, pk, right_pk, "attendance")


# --- a new student ---------------------------------------------------------------------------------------

def _manageable(request: HttpRequest) -> tuple[list[tuple[int, str]], int]:
    user: Any = request.user
    orgs = [(pk, name) for pk, name in _organisations(request) if policies.can_manage_students(user, pk)]
    if not orgs:
        raise DjangoPermissionDenied(_("Only your institution's study office can add students."))
    return orgs, _chosen(request, orgs)


def _status_choices() -> list[tuple[str, Any]]:
    return [(rules.ACTIVE, STATUS_LABELS[rules.ACTIVE][0]), (rules.OPTION, STATUS_LABELS[rules.OPTION][0])]


@login_required
def student_new(request: HttpRequest) -> HttpResponse:
    """A person and a home study right; a person already known by identity code or learner OID is reused
    (R-REG-6) and the page says so."""
    orgs, org = _manageable(request)
    networks = _network_choices(org)
    user: Any = request.user
    form = forms.NewStudentForm(request.POST if request.method == "POST" else None, networks=networks,
                                status_choices=_status_choices(), initial={"status": rules.ACTIVE})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        hetu_key = accounts_api.identity_key(hetu=d["hetu"])[0] if d["hetu"] else ""
        known = selectors.known_person(org, hetu_key=hetu_key, learner_oid=d["learner_oid"])
        try:
            with transaction.atomic():
                person = services.person_upsert(actor=user, organisation_id=org, data=form.to_input())
                right = services.home_right_create(actor=user, person_id=person.pk, identifier=d["identifier"],
                                                   start_date=d["start_date"], end_date=d["end_date"],
                                                   status=d["status"], right_type=d["right_type"],
                                                   degree_programme=d["degree_programme"])
                if d.get("networks"):
                    services.eligibility_set(actor=user, right_id=right.pk, network_ids=d["networks"])
        except DomainError as exc:
            _form_error(form, exc)
        else:
            if known is not None:
                messages.success(request, _("Your institution already knew this person (same identity code or "
                                            "learner OID), so the study right was added to the existing record "
                                            "and no second person was made. Their details were updated."))
            else:
                messages.success(request, _("The student and the study right were saved."))
            return redirect("rights:student", pk=person.pk)
    return render(request, "rights/new.html", {"form": form, "orgs": orgs, "org": org,
                                               "org_name": dict(orgs)[org]},
                  status=422 if form.errors else 200)


# --- file import -----------------------------------------------------------------------------------------

def _masked_rows(checked: importer.Plan, limit: int = 20) -> list[dict[str, Any]]:
    out = []
    for row in checked.rows[:limit]:
        masked = accounts_api.identity_key(hetu=row.person.hetu)[1] if row.person.hetu else ""
        out.append({"line": row.line, "name": f"{row.person.last_name}, {row.person.first_names}",
                    "identity": masked or row.person.learner_oid, "student_number": row.person.student_number,
                    "identifier": row.identifier, "start": row.start_date, "end": row.end_date,
                    "status": row.status, "networks": len(row.network_ids)})
    return out


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload a CSV file; it is checked at once (nothing is written) and the rows and every invalid line shown.
    A valid file is then confirmed and written in the background, all rows or none."""
    orgs, org = _manageable(request)
    preview: dict[str, Any] | None = None
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["file"]
        checked = importer.plan(text, organisation_id=org)
        preview = {"ok": checked.ok, "errors": checked.errors, "count": len(checked.rows),
                   "rows": _masked_rows(checked), "filename": getattr(request.FILES.get("file"), "name", "")}
        if checked.ok:
            existing = selectors.existing_identifiers(org, [r.identifier for r in checked.rows])
            preview["updates"] = len(existing)
            preview["token"] = signing.dumps({"org": org, "user": request.user.pk, "text": text}, salt=IMPORT_SALT,
                                             compress=True)
    return render(request, "rights/import.html", {"form": form, "orgs": orgs, "org": org,
                                                  "org_name": dict(orgs)[org], "preview": preview,
                                                  "status_labels": STATUS_LABELS, "columns": importer.COLUMNS},
                  status=422 if form.errors or (preview and not preview["ok"]) else 200)


def _job_key(token: str) -> str:
    return f"rights.import:{token}"


@login_required
@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    _orgs, org = _manageable(request)
    try:
        payload = signing.loads(request.POST.get("payload", ""), salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE)
    except signing.BadSignature:
        messages.error(request, _("The checked file has expired or was changed. Upload it again."))
        return redirect(f"{reverse('rights:import')}?organisation={org}")
    if payload.get("org") != org or payload.get("user") != request.user.pk:
        raise DjangoPermissionDenied(_("You cannot import students to that institution."))
    token = uuid.uuid4().hex
    jobs.enqueue("rights.import_students", unique_key=_job_key(token),
                 args={"token": token, "organisation_id": org, "actor_id": request.user.pk,
                       "text": payload["text"]})
    return redirect("rights:import_status", token=token)


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    """The CSV template: the header row and one example row (a test person)."""
    example = ["010203A9998", "", "2024001", "Aino", "Virtanen", "aino.virtanen@example.fi", "OO-2024001",
               "2024-08-01", "2028-07-31", rules.ACTIVE, "Tietojenkäsittelytieteen kandiohjelma", ""]
    return csv_response("students-template.csv", importer.COLUMNS, [example])


@login_required
def import_status(request: HttpRequest, token: str) -> HttpResponse:
    job = Job.objects.filter(unique_key=_job_key(token), task="rights.import_students").first()
    if job is None:
        raise Http404
    user: Any = request.user
    org = int(job.args.get("organisation_id", 0))
    if not policies.can_manage_students(user, org) or job.args.get("actor_id") != user.pk:
        raise DjangoPermissionDenied(_("Only the person who started the import can follow it."))
    outcome = job.args.get("outcome") or {}
    state = outcome.get("state") or (job.status if job.status != Job.Status.DONE else "done")
    progress = tasks.progress(token)
    total = int(outcome.get("total") or progress.get("total") or 0)
    done = int(outcome.get("written") or progress.get("written") or 0)
    finished = state in ("done", "failed", "dead")
    ctx = {"token": token, "state": state, "finished": finished, "total": total, "done": done,
           "percent": int(100 * done / total) if total else (100 if state == "done" else 0),
           "errors": outcome.get("errors", []), "result": outcome.get("result", {}),
           "job_state_labels": JOB_STATE_LABELS, "started": job.created_at, "org": org}
    template = "rights/_import_progress.html" if request.headers.get("HX-Request") else "rights/import_status.html"
    return render(request, template, ctx)
