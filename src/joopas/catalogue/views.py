"""Catalogue pages: the public catalogue (no login) and the officers' catalogue editor. Thin."""

from __future__ import annotations

import csv
import json
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from joopas.catalogue import api, details, forms, rules, selectors, services
from joopas.catalogue.models import (
    CourseUnit,
    FieldOfEducation,
    ImportRun,
    Realisation,
    StudyModule,
    TeachingMode,
)
from joopas.catalogue.policies import can_edit_offering, editable_organisations
from joopas.core import clock
from joopas.core.errors import DomainError
from joopas.core.exports import csv_response, csv_safe
from joopas.core.problems import from_domain_error
from joopas.organisations import api as organisations_api

LANG_NAMES = {"fi": "Finnish", "sv": "Swedish", "en": "English"}
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def _lang() -> str:
    return (get_language() or "fi")[:2]


def _org_name(pk: int, cache: dict[int, str]) -> str:
    if pk not in cache:
        ref = organisations_api.get_by_id(pk)
        cache[pk] = ref.name(_lang()) if ref else "?"
    return cache[pk]


# --- public ------------------------------------------------------------------------------------------

def search(request: HttpRequest) -> HttpResponse:
    params = selectors.SearchParams.from_query(request.GET)
    result = selectors.search_units(params)
    names: dict[int, str] = {}
    field_names = dict(FieldOfEducation.choices)
    mode_names = dict(TeachingMode.choices)
    lang_names = {"fi": _("Finnish"), "sv": _("Swedish"), "en": _("English")}
    network_counts = dict(result.facets.get("network", []))
    networks = [(code, name, network_counts.get(code, 0)) for code, name in selectors.network_choices()]
    facets = {
        "organisation": sorted(((str(pk), _org_name(pk, names), n) for pk, n in result.facets["organisation"]),
                               key=lambda x: x[1]),
        "field": [(code, field_names.get(code, code), n) for code, n in sorted(result.facets["field"])],
        "language": [(code, lang_names[code], n) for code, n in result.facets["language"]],
        "mode": [(code, mode_names[code], n) for code, n in result.facets["mode"]],
    }
    query = request.GET.copy()
    query.pop("page", None)
    base_qs = query.urlencode()
    listings = selectors.listings([u.pk for u in result.items])
    credits_reversed = params.credits_min is not None and params.credits_max is not None \
        and params.credits_min > params.credits_max
    ctx = {
        "p": params, "result": result, "facets": facets, "org_names": names,
        "open_count": result.facets["open"][0][1], "joo_count": result.facets["joo"][0][1],
        "networks": networks, "periods": [(k, _period_label(k)) for k in selectors.period_choices()],
        "sorts": [("relevance", _("Best match")), ("name", _("Name")), ("code", _("Code")),
                  ("credits", _("Credits, smallest first")), ("-credits", _("Credits, largest first"))],
        "base_qs": base_qs,
        "items": [(u, _org_name(u.organisation_id, names), listings[u.pk],
                   [_period_label(k) for k in listings[u.pk].periods]) for u in result.items],
        "credits_error": _("The credits “at least” are more than “at most”, so no course can match. Swap the "
                           "numbers or change one of them.") if credits_reversed else "",
        "prev_url": f"?{base_qs}&page={result.page - 1}" if result.page > 1 else "",
        "next_url": f"?{base_qs}&page={result.page + 1}" if result.page < result.pages else "",
    }
    return render(request, "catalogue/search.html", ctx)


def _period_label(key: str) -> str:
    year, season = key.split("-", 1)
    label = {"autumn": _("Autumn"), "spring": _("Spring"), "summer": _("Summer")}[season]
    return f"{label} {year}"


def course(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.public_unit(pk)
    if unit is None:
        raise Http404
    now = clock.now()
    realisations = [(r, rules.enrolment_open(r, now)) for r in selectors.public_realisations(unit)]
    profile = organisations_api.public_profile(unit.organisation_id) or {}
    ctx = {"unit": unit, "realisations": realisations, "organisation": _org_name(unit.organisation_id, {}),
           "profile": profile, "joo": selectors.is_joo_offering(unit),
           "description": unit.text("description"), "objective": unit.text("objective"),
           "field": dict(FieldOfEducation.choices).get(unit.field_of_education, ""),
           "languages": [LANG_NAMES[c] for c in unit.teaching_languages if c in LANG_NAMES],
           "networks": _unit_networks(unit), "details": details.of_element(unit.source, _lang()),
           "periods": [_period_label(k) for k in selectors.listings([unit.pk], now)[unit.pk].periods],
           "panels": api.course_panels(request, unit)}
    return render(request, "catalogue/course.html", ctx)


def _unit_networks(unit: CourseUnit) -> list[str]:
    return [n.name(_lang()) for n in selectors.networks_of_unit(unit.pk)]


def institutions(request: HttpRequest) -> HttpResponse:
    rows = []
    for ref in sorted(organisations_api.list_active(), key=lambda r: r.name(_lang())):
        if ref.org_type not in ("university", "uas"):
            continue
        rows.append({"ref": ref, "name": ref.name(_lang()), "profile": organisations_api.public_profile(ref.id) or {},
                     "search_url": "?" + urlencode({"organisation": ref.id})})
    return render(request, "catalogue/institutions.html", {"rows": rows})


# --- officers ----------------------------------------------------------------------------------------

def _editable(request: HttpRequest) -> list[tuple[int, str]]:
    ids = editable_organisations(request.user)
    refs = organisations_api.list_active() if ids is None else \
        [r for r in (organisations_api.get_by_id(i) for i in ids) if r is not None]
    if not refs:
        raise DjangoPermissionDenied
    return sorted(((r.id, r.name(_lang())) for r in refs), key=lambda x: x[1])


def _unit_for_edit(request: HttpRequest, pk: int) -> CourseUnit:
    unit = get_object_or_404(CourseUnit, pk=pk)
    if not can_edit_offering(request.user, unit.organisation_id):
        raise DjangoPermissionDenied
    return unit


PAGE_SIZE = 50


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", 1)))
    except ValueError:
        return 1


@login_required
def editor(request: HttpRequest) -> HttpResponse:
    """The officers' list of course units (page pattern "Queue/list page"): filters, search, counts per status,
    pagination and a CSV export of exactly the filtered list."""
    orgs = _editable(request)
    ids = editable_organisations(request.user)
    try:
        org_filter = int(request.GET.get("organisation", "") or 0) or None
    except ValueError:
        org_filter = None
    q, status, marketed = request.GET.get("q", "")[:100], request.GET.get("status", ""), request.GET.get("marketed", "")
    names = dict(orgs)
    if request.GET.get("export") == "csv":
        rows = selectors.editor_units(ids, q=q, status=status, marketed=marketed, organisation=org_filter)
        return csv_response("course-units.csv", [_("Code"), _("Name"), _("Institution"), _("Status"), _("Public")], (
            [u.code, u.name, names.get(u.organisation_id, ""), rules.STATUS_LABELS.get(u.status, (u.status,))[0],
             _("Shown publicly") if u.marketed else _("Not shown")] for u in rows.iterator(chunk_size=1000)))
    qs = selectors.editor_units(ids, q=q, status=status, marketed=marketed, organisation=org_filter)
    total = qs.count()
    by_status = selectors.editor_status_counts(ids, q=q, marketed=marketed, organisation=org_filter)
    pages = max(1, (total + PAGE_SIZE - 1) // PAGE_SIZE)
    page = min(_page_number(request), pages)
    units = list(qs[(page - 1) * PAGE_SIZE:page * PAGE_SIZE])
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    return render(request, "catalogue/editor.html", {
        "orgs": orgs, "units": [(u, names.get(u.organisation_id, "")) for u in units], "total": total,
        "page": page, "pages": pages, "has_next": page < pages, "base_qs": query.urlencode(), "q": q,
        "status": status, "marketed": marketed, "org_filter": org_filter,
        "filtered": bool(q or status or marketed or org_filter),
        "statuses": [(value, label, by_status.get(value, 0)) for value, (label, _tone) in rules.STATUS_LABELS.items()],
        "status_labels": rules.STATUS_LABELS,
    })


def _initial_unit(unit: CourseUnit) -> dict[str, Any]:
    data = {f: getattr(unit, f) for f in ("code", "name_fi", "name_sv", "name_en", "description_fi", "description_sv",
                                          "description_en", "credits_min", "credits_max", "teaching_languages",
                                          "assessment_scale", "field_of_education", "validity_start_date",
                                          "validity_end_date", "status", "marketed")}
    data.update(organisation=unit.organisation_id, study_element_id=unit.external_id)
    return data


def _form_errors(form: Any, exc: DomainError) -> None:
    """The service's problems (`joopas.core.problems`) on the form, translated: at their field, or above it."""
    details = exc.details if isinstance(exc.details, dict) else {}
    if not details.get("errors"):
        form.add_error(None, str(exc.message))
        return
    forms.add_problems(form, from_domain_error(exc))


@login_required
def unit_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    orgs = _editable(request)
    unit = _unit_for_edit(request, pk) if pk else None
    if request.method == "POST":
        data = request.POST.copy()
        if unit is not None:
            data["organisation"] = str(unit.organisation_id)
            data["study_element_id"] = unit.external_id
        form = forms.CourseUnitForm(data, organisations=orgs)
        if form.is_valid():
            try:
                saved, _created = services.course_unit_upsert(actor=request.user,
                                                              organisation_id=form.cleaned_data["organisation"],
                                                              data=form.to_data(), create_only=unit is None)
            except DomainError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("The course unit was saved."))
                return redirect("catalogue:unit_edit", pk=saved.pk)
    else:
        form = forms.CourseUnitForm(initial=_initial_unit(unit) if unit else {"status": "ACTIVE", "marketed": True},
                                    organisations=orgs)
    if unit is not None:
        form.fields["organisation"].disabled = True
        form.fields["study_element_id"].disabled = True
    return render(request, "catalogue/unit_form.html", {
        "form": form, "unit": unit,
        "realisations": list(unit.realisations.order_by("start_date", "id")) if unit else [],
        "network_hook": _network_hook(unit), "status_labels": rules.STATUS_LABELS,
    })


def _network_hook(unit: CourseUnit | None) -> str:
    """A link to the networks app's targeting page, when it offers one."""
    if unit is None:
        return ""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("networks:targeting")
    except NoReverseMatch:
        return ""


@login_required
@require_POST
def unit_archive(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit_for_edit(request, pk)
    try:
        services.course_unit_archive(actor=request.user, unit=unit)
        messages.success(request, _("The course unit was archived."))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("catalogue:unit_edit", pk=unit.pk)


@login_required
@require_POST
def unit_marketed(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit_for_edit(request, pk)
    try:
        services.course_unit_set_marketed(actor=request.user, unit=unit, marketed=request.POST.get("marketed") == "1")
        messages.success(request, _("Saved."))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    next_url = str(request.POST.get("next", ""))
    return redirect(next_url if next_url.startswith("/catalogue/") else "catalogue:editor")


@login_required
def modules(request: HttpRequest) -> HttpResponse:
    """The officers' study modules (R-EXC-6: what a system does with the study-module messages, in the pages):
    listed with their course units; added and changed by import, deleted here."""
    orgs = _editable(request)
    names = dict(orgs)
    rows = selectors.editor_modules(editable_organisations(request.user))
    return render(request, "catalogue/modules.html", {
        "rows": [(m, names.get(m.organisation_id, "")) for m in rows], "total": len(rows)})


@login_required
def module_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first (GET), then deletes (POST), as DELETE_STUDYMODULE_REQUEST does: the module goes, its course
    units stay."""
    module = get_object_or_404(StudyModule, pk=pk)
    if not can_edit_offering(request.user, module.organisation_id):
        raise DjangoPermissionDenied
    if request.method == "POST":
        try:
            services.study_module_delete(actor=request.user, organisation_id=module.organisation_id,
                                         external_id=module.external_id)
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("The study module %(module)s was deleted. Its course units stay in the "
                                        "catalogue.") % {"module": str(module)})
        return redirect("catalogue:modules")
    return render(request, "catalogue/module_delete.html", {"module": module,
                                                            "units": module.course_units.count()})


def _initial_realisation(r: Realisation) -> dict[str, Any]:
    from django.utils import timezone

    data = {f: getattr(r, f) for f in ("code", "name_fi", "name_sv", "name_en", "start_date", "end_date",
                                       "teaching_mode", "teaching_languages", "location", "max_seats", "credits_min",
                                       "credits_max", "teachers", "status", "marketed")}
    data.update(realisation_id=r.external_id, enrolment_start=timezone.localtime(r.enrolment_start),
                enrolment_end=timezone.localtime(r.enrolment_end))
    return data


@login_required
def realisation_edit(request: HttpRequest, unit_pk: int, pk: int | None = None) -> HttpResponse:
    unit = _unit_for_edit(request, unit_pk)
    real = get_object_or_404(Realisation, pk=pk, course_unit=unit) if pk else None
    if request.method == "POST":
        data = request.POST.copy()
        if real is not None:
            data["realisation_id"] = real.external_id
        form = forms.RealisationForm(data)
        if form.is_valid():
            try:
                services.realisation_upsert(actor=request.user, organisation_id=unit.organisation_id,
                                            data=form.to_data(unit.external_id), create_only=real is None)
            except DomainError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("The realisation was saved."))
                return redirect("catalogue:unit_edit", pk=unit.pk)
    else:
        form = forms.RealisationForm(initial=_initial_realisation(real) if real else {
            "status": "ACTIVE", "marketed": True, "teaching_languages": unit.teaching_languages,
            "credits_min": unit.credits_min, "credits_max": unit.credits_max})
    if real is not None:
        form.fields["realisation_id"].disabled = True
    return render(request, "catalogue/realisation_form.html", {
        "form": form, "unit": unit, "real": real, "extend_form": forms.ExtendEnrolmentForm() if real else None,
        "open": rules.enrolment_open(real, clock.now()) if real else False})


@login_required
@require_POST
def realisation_extend(request: HttpRequest, unit_pk: int, pk: int) -> HttpResponse:
    unit = _unit_for_edit(request, unit_pk)
    real = get_object_or_404(Realisation, pk=pk, course_unit=unit)
    form = forms.ExtendEnrolmentForm(request.POST)
    if form.is_valid():
        try:
            services.realisation_extend_enrolment(actor=request.user, realisation=real,
                                                  new_end=form.cleaned_data["new_end"])
            messages.success(request, _("The enrolment period was extended."))
        except DomainError as exc:
            messages.error(request, str(exc.message))
    else:
        messages.error(request, _("Give the new end of the enrolment period."))
    return redirect("catalogue:realisation_edit", unit_pk=unit.pk, pk=real.pk)


@login_required
@require_POST
def realisation_archive(request: HttpRequest, unit_pk: int, pk: int) -> HttpResponse:
    unit = _unit_for_edit(request, unit_pk)
    real = get_object_or_404(Realisation, pk=pk, course_unit=unit)
    try:
        services.realisation_archive(actor=request.user, realisation=real)
        messages.success(request, _("The realisation was archived."))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("catalogue:unit_edit", pk=unit.pk)


def _chosen_org(request: HttpRequest, orgs: list[tuple[int, str]]) -> int:
    try:
        chosen = int(request.GET.get("organisation") or request.POST.get("organisation") or orgs[0][0])
    except ValueError:
        chosen = orgs[0][0]
    if chosen not in dict(orgs):
        raise DjangoPermissionDenied
    return chosen


@login_required
def joo_declaration(request: HttpRequest) -> HttpResponse:
    orgs = _editable(request)
    org = _chosen_org(request, orgs)
    this_year = clock.academic_year_of(clock.today())
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or this_year)
    except ValueError:
        year = this_year
    decl = selectors.declaration(org, year)
    units = [(str(u.pk), f"{u.code} {u.name}".strip()) for u in selectors.organisation_units(org)]
    modules = [(str(m.pk), f"{m.code} {m.name}".strip()) for m in selectors.organisation_modules(org)]
    if request.method == "POST":
        form = forms.DeclarationForm(request.POST, units=units, modules=modules)
        if form.is_valid():
            try:
                services.joo_declaration_set(actor=request.user, organisation_id=org, academic_year=year,
                                             mode=form.cleaned_data["mode"],
                                             course_unit_ids=[int(x) for x in form.cleaned_data["course_units"]],
                                             study_module_ids=[int(x) for x in form.cleaned_data["study_modules"]])
            except DomainError as exc:
                form.add_error(None, str(exc.message))
            else:
                messages.success(request, _("The JOO offering was saved."))
                return redirect(f"{request.path}?{urlencode({'organisation': org, 'year': year})}")
    else:
        initial = {"mode": decl.mode, "course_units": [str(x) for x in decl.course_units.values_list("pk", flat=True)],
                   "study_modules": [str(x) for x in decl.study_modules.values_list("pk", flat=True)]} if decl \
            else {"mode": "list"}
        form = forms.DeclarationForm(initial=initial, units=units, modules=modules)
    years = [(y, clock.academic_year_label(y)) for y in (this_year - 1, this_year, this_year + 1)]
    return render(request, "catalogue/joo.html", {"form": form, "orgs": orgs, "org": org, "year": year,
                                                  "years": years, "decl": decl})


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    orgs = _editable(request)
    if request.method == "POST":
        form = forms.ImportForm(request.POST, request.FILES, organisations=orgs)
        if form.is_valid():
            f = form.cleaned_data["file"]
            if f.size > MAX_UPLOAD_BYTES:
                form.add_error("file", _("The file is too large for an upload (at most 20 MB); use the command."))
            else:
                try:
                    content = f.read().decode("utf-8")
                except UnicodeDecodeError:
                    form.add_error("file", _("The file is not UTF-8 text."))
                else:
                    try:
                        run = services.import_run_start(actor=request.user,
                                                        organisation_id=form.cleaned_data["organisation"],
                                                        filename=f.name, content=content,
                                                        dry_run=form.cleaned_data["dry_run"])
                    except DomainError as exc:
                        form.add_error(None, str(exc.message))
                    else:
                        return redirect("catalogue:import_status", pk=run.pk)
    else:
        form = forms.ImportForm(organisations=orgs)
    names = dict(orgs)
    state = request.GET.get("state", "")
    runs = selectors.import_runs(list(names), state=state)
    total = runs.count()
    pages = max(1, (total + PAGE_SIZE - 1) // PAGE_SIZE)
    page = min(_page_number(request), pages)
    return render(request, "catalogue/import.html", {
        "form": form, "state": state, "total": total, "page": page, "pages": pages,
        "runs": [(r, names.get(r.organisation_id, "")) for r in runs[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]],
        "states": list(rules.IMPORT_STATE_LABELS.items()), "state_labels": rules.IMPORT_STATE_LABELS,
        "base_qs": urlencode({"state": state}) if state else ""})


@login_required
def import_status(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(ImportRun, pk=pk)
    if not can_edit_offering(request.user, run.organisation_id):
        raise DjangoPermissionDenied
    percent = int(100 * run.processed_rows / run.total_rows) if run.total_rows else 0
    template = "catalogue/_import_progress.html" if request.headers.get("HX-Request") else "catalogue/import_status.html"
    return render(request, template, {"run": run, "percent": percent, "state_labels": rules.IMPORT_STATE_LABELS,
                                      "finished": run.state in (ImportRun.State.DONE, ImportRun.State.FAILED)})


EXPORT_FIELDS = ["type", "study_element_id", "realisation_id", "code", "name_fi", "name_sv", "name_en",
                 "credits_min", "credits_max", "teaching_languages", "start_date", "end_date",
                 "enrolment_start_date_time", "enrolment_end_date_time", "teaching_mode", "status", "marketed"]


def _export_rows(organisation_id: int) -> Any:
    from joopas.catalogue.models import StudyModule

    def loc(o: Any, f: str) -> dict[str, str]:
        return {lang: getattr(o, f"{f}_{lang}") for lang in ("fi", "sv", "en") if getattr(o, f"{f}_{lang}")}

    def element(o: Any, kind: str, parents: list[str]) -> dict[str, Any]:
        return {"type": kind, "study_element_id": o.external_id, "code": o.code, "name": loc(o, "name"),
                "description": loc(o, "description"), "objective": loc(o, "objective"),
                "credits_min": str(o.credits_min), "credits_max": str(o.credits_max),
                "teaching_languages": o.teaching_languages, "assessment_scale": o.assessment_scale,
                "field_of_education": o.field_of_education,
                "validity_start_date": o.validity_start_date.isoformat() if o.validity_start_date else None,
                "validity_end_date": o.validity_end_date.isoformat() if o.validity_end_date else None,
                "status": o.status, "marketed": o.marketed, "parents": parents}

    for m in StudyModule.objects.filter(organisation_id=organisation_id).select_related("parent").order_by("id"):
        yield element(m, "study_module", [m.parent.external_id] if m.parent else [])
    for u in CourseUnit.objects.filter(organisation_id=organisation_id).prefetch_related("modules").order_by("id") \
            .iterator(chunk_size=1000):
        yield element(u, "course_unit", [m.external_id for m in u.modules.all()])
    for r in Realisation.objects.filter(organisation_id=organisation_id).select_related("course_unit") \
            .order_by("id").iterator(chunk_size=1000):
        yield {"type": "realisation", "realisation_id": r.external_id, "code": r.code,
               "study_element_id": r.course_unit.external_id, "name": loc(r, "name"),
               "description": loc(r, "description"), "start_date": r.start_date.isoformat(),
               "end_date": r.end_date.isoformat(), "enrolment_start_date_time": r.enrolment_start.isoformat(),
               "enrolment_end_date_time": r.enrolment_end.isoformat(), "teaching_mode": r.teaching_mode,
               "teaching_languages": r.teaching_languages, "location": r.location, "min_seats": r.min_seats,
               "max_seats": r.max_seats, "credits_min": str(r.credits_min), "credits_max": str(r.credits_max),
               "teachers": r.teachers, "schedule": r.schedule, "status": r.status, "marketed": r.marketed}


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
def export(request: HttpRequest, fmt: str) -> StreamingHttpResponse:
    orgs = _editable(request)
    org = _chosen_org(request, orgs)
    rows = _export_rows(org)
    if fmt == "jsonl":
        response = StreamingHttpResponse((json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                                         content_type="application/jsonl; charset=utf-8")
    else:
        writer = csv.writer(_Echo())

        def csv_rows() -> Any:
            yield writer.writerow(EXPORT_FIELDS)
            for r in rows:
                name = r.get("name", {})
                flat = {**r, "name_fi": name.get("fi", ""), "name_sv": name.get("sv", ""),
                        "name_en": name.get("en", ""), "teaching_languages": " ".join(r.get("teaching_languages", []))}
                yield writer.writerow([csv_safe(flat.get(f)) for f in EXPORT_FIELDS])

        response = StreamingHttpResponse(csv_rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="offering-{org}.{fmt}"'
    return response
