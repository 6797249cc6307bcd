"""Pages of the records app: the host's completion form, the home's incoming credits and conversion tables.

Thin: the acting organisation's study office (policies) sees its own; services write (R-REC-1–3); every list of
students writes its read row (R-ACC-6)."""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from joopas.access.api import acting_organisation_for
from joopas.catalogue import api as catalogue_api
from joopas.core import bulk
from joopas.core.clock import today
from joopas.core.errors import DomainError
from joopas.core.exports import csv_response
from joopas.core.formats import format_date
from joopas.organisations import api as organisations_api
from joopas.organisations.data import OrganisationRef
from joopas.records import forms, policies, rules, selectors, services
from joopas.records.codes import ErrorCode, Event
from joopas.records.models import Credit
from joopas.registrations import api as registrations_api
from joopas.rights import api as rights_api

PAGE_SIZE = 50


def _lang() -> str:
    return (get_language() or "fi")[:2]


def acting_office(request: HttpRequest) -> OrganisationRef | HttpResponse:
    """The organisation whose study office the user acts for (access.api.acting_organisation_for)."""
    return acting_organisation_for(request, policies.OFFICE_ROLES, _(
        "Only a study office (officer, registrar or main user) of the institution can see this page."))


def _scales(organisation_id: int) -> tuple[dict[str, rules.Scale], dict[str, str]]:
    """The scales an institution may use (the national ones and its own) and its own scales' names."""
    custom = selectors.custom_scales(organisation_id)
    names = {s.code: s.name for s in selectors.scales_of(organisation_id)}
    return {**rules.NATIONAL_SCALES, **custom}, names


def scale_label(code: str, names: dict[str, str] | None = None) -> str:
    return str(rules.SCALE_LABELS.get(code) or (names or {}).get(code) or code)


def grade_label(scale: str, grade: str) -> str:
    return str(rules.GRADE_LABELS.get((scale, grade), grade))


def _int(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 19 else None


def _person_name(person: Any) -> str:
    return f"{person.last_name}, {person.first_names}" if person else ""


def _course(unit_id: int | None, lang: str) -> str:
    unit = catalogue_api.get_course_unit_by_id(unit_id) if unit_id else None
    return f"{unit.code} {unit.name(lang)}" if unit else ""


# --- the host: realisations with accepted students, the completion form -------------------------------------

@login_required
def realisations(request: HttpRequest) -> HttpResponse:
    """The host's realisations that have accepted students: where completions are recorded."""
    org = acting_office(request)
    if isinstance(org, HttpResponse):
        return org
    lang = _lang()
    counts = registrations_api.accepted_counts_by_realisation(org.id)
    rows: list[dict[str, Any]] = []
    for pk, n in counts.items():
        real = catalogue_api.get_realisation_by_id(pk)
        if real is None or real.organisation_id != org.id:
            continue
        recorded = selectors.records_of_host(org.id).filter(realisation_id=pk).exclude(status="removed").count()
        rows.append({"real": real, "course": _course(real.course_unit_id, lang), "name": real.name(lang),
                     "accepted": n, "recorded": recorded, "missing": max(0, n - recorded)})
    rows.sort(key=lambda r: (r["real"].end_date, r["course"]))
    return render(request, "records/realisations.html", {"rows": rows, "org_name": org.name(lang)})


def _realisation_or_404(pk: int) -> Any:
    real = catalogue_api.get_realisation_by_id(pk)
    if real is None:
        raise Http404(_("The course was not found."))
    return real


@login_required
def completion(request: HttpRequest, pk: int) -> HttpResponse:
    """The completion form (bulk entry): one row per accepted student; a row with a grade becomes a record
    (R-REC-1) — all rows or none; a grade not in its scale is refused at its row (R-REC-2). Existing records
    are listed with their correct / remove actions (R-REC-3)."""
    real = _realisation_or_404(pk)
    if not policies.can_record(request.user, real.organisation_id):
        raise DjangoPermissionDenied(_("Only the study office of the course's institution can record completions."))
    lang = _lang()
    unit = catalogue_api.get_course_unit_by_id(real.course_unit_id)
    scales, scale_names = _scales(real.organisation_id)
    students = registrations_api.accepted_students(real.id)
    persons = rights_api.persons({s.host_person_id for s in students} | {s.home_person_id for s in students})
    existing = selectors.records_of_realisation(real.id)
    active = {r.host_person_id for r in existing if r.status != "removed"}
    open_students = [s for s in students if s.host_person_id not in active]
    default_scale = unit.assessment_scale if unit and unit.assessment_scale in scales else "0-5"
    initial = [{"host_person_id": s.host_person_id, "scale": default_scale,
                "credits": unit.credits_max if unit else None, "completion_date": min(real.end_date, today()),
                "language": lang if lang in ("fi", "sv", "en") else "fi"} for s in open_students]
    row_formset = django_forms.formset_factory(forms.CompletionRowForm, extra=0, max_num=len(open_students),
                                               validate_max=True)
    kwargs: dict[str, Any] = {"scales": scales, "scale_names": scale_names}
    if request.method == "POST":
        formset = row_formset(request.POST, initial=initial, form_kwargs=kwargs)
        allowed = {s.host_person_id for s in open_students}
        if formset.is_valid():
            chosen = [f for f in formset.forms if f.cleaned_data.get("grade")]
            if any(f.cleaned_data["host_person_id"] not in allowed for f in chosen):
                raise Http404(_("The student is not accepted to this course."))
            if not chosen:
                messages.error(request, _("Give a grade to at least one student."))
            elif _save_rows(request, real.id, chosen):
                messages.success(request, ngettext("%(n)s completion recorded.", "%(n)s completions recorded.",
                                                   len(chosen)) % {"n": len(chosen)})
                return redirect("records:completion", pk=real.id)
    else:
        formset = row_formset(initial=initial, form_kwargs=kwargs)
    by_person = {s.host_person_id: s for s in students}
    rows = []
    for form in formset.forms:
        pid = _int(str(form["host_person_id"].value()))
        student = by_person.get(pid or 0)
        home = persons.get(student.home_person_id) if student else None
        rows.append({"form": form, "name": _person_name(home or persons.get(pid or 0)),
                     "number": student.host_student_number if student else ""})
    records = [{"r": r, "name": _person_name(persons.get(r.host_person_id)),
                "scale": scale_label(r.scale, scale_names), "grade": grade_label(r.scale, r.grade)}
               for r in existing]
    services.people_read(Event.COMPLETIONS_READ, actor=request.user,
                         person_oids=[p.learner_oid for p in persons.values()],
                         extra={"realisation_id": real.id, "rows": len(students)})
    return render(request, "records/completion.html", {
        "real": real, "course": _course(real.course_unit_id, lang), "name": real.name(lang), "formset": formset,
        "rows": rows, "records": records, "students": len(students),
        "status_labels": rules.RECORD_STATUS_LABELS,
        "scale_help": [(scale_label(c, scale_names), ", ".join(grade_label(c, g) for g in s.grades))
                       for c, s in scales.items()]})


FIELD_OF = {"grade": "grade", "scale": "scale", "credits": "credits", "student": "grade"}


def _save_rows(request: HttpRequest, realisation_id: int, chosen: list[Any]) -> bool:
    """Every chosen row through `record_create`, all in one transaction: a refusal puts its reason at its row
    and nothing is saved."""
    failed = False
    try:
        with transaction.atomic():
            for form in chosen:
                data = form.cleaned_data
                try:
                    services.record_create(actor=request.user, host_person_id=data["host_person_id"],
                                           realisation_id=realisation_id, completion_date=data["completion_date"],
                                           credits=data["credits"], grade=data["grade"], scale=data["scale"],
                                           language=data["language"], assessor=data["assessor"].strip())
                except DomainError as exc:
                    if exc.status == 403:
                        raise DjangoPermissionDenied(str(exc.message)) from exc
                    path_ = exc.details.get("path", "") if isinstance(exc.details, dict) else ""
                    form.add_error(FIELD_OF.get(str(path_)), str(exc.message))
                    failed = True
            if failed:
                raise _RollBack
    except _RollBack:
        return False
    return True


class _RollBack(Exception):
    """Undo the rows saved before a refused one."""


@login_required
def record_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One record at the host: correct it or remove it (R-REC-3); the home copy follows."""
    record = selectors.record_for_page(pk)
    if record is None:
        raise Http404(_("The completion was not found."))
    if not policies.can_record(request.user, record.organisation_id):
        raise DjangoPermissionDenied(_("Only the study office of the course's institution can change completions."))
    scales, scale_names = _scales(record.organisation_id)
    kwargs: dict[str, Any] = {"scales": scales, "scale_names": scale_names}
    initial = {"grade": record.grade, "scale": record.scale, "credits": record.credits,
               "completion_date": record.completion_date}
    correct_form = forms.CorrectForm(initial=initial, prefix="correct", **kwargs)
    remove_form = forms.RemoveForm(prefix="remove")
    if request.method == "POST" and record.status != "removed":
        action = request.POST.get("action")
        try:
            if action == "correct":
                correct_form = forms.CorrectForm(request.POST, initial=initial, prefix="correct", **kwargs)
                if correct_form.is_valid():
                    d = correct_form.cleaned_data
                    services.record_correct(actor=request.user, record_id=record.pk, grade=d["grade"].strip(),
                                            scale=d["scale"], credits=d["credits"],
                                            completion_date=d["completion_date"])
                    messages.success(request, _("The completion was corrected. The home institution is told."))
                    return redirect("records:record", pk=record.pk)
            elif action == "remove":
                remove_form = forms.RemoveForm(request.POST, prefix="remove")
                if remove_form.is_valid():
                    services.record_remove(actor=request.user, record_id=record.pk,
                                           reason=remove_form.cleaned_data["reason"].strip())
                    messages.success(request, _("The completion was removed. The home institution is told."))
                    return redirect("records:completion", pk=record.realisation_id) if record.realisation_id \
                        else redirect("records:realisations")
            else:
                raise Http404
        except DomainError as exc:
            if exc.status == 403:
                raise DjangoPermissionDenied(str(exc.message)) from exc
            target = correct_form if action == "correct" else remove_form
            path_ = exc.details.get("path", "") if isinstance(exc.details, dict) else ""
            target.add_error(path_ if path_ in target.fields else None, str(exc.message))
    person = rights_api.get_person(record.host_person_id)
    services.people_read(Event.COMPLETIONS_READ, actor=request.user, subject=record,
                         person_oids=[person.learner_oid] if person else [])
    return render(request, "records/record.html", {
        "record": record, "name": _person_name(person), "course": _course(record.course_unit_id, _lang()),
        "scale": scale_label(record.scale, scale_names), "grade": grade_label(record.scale, record.grade),
        "correct_form": correct_form, "remove_form": remove_form, "status_labels": rules.RECORD_STATUS_LABELS})


# --- the home: incoming credits ------------------------------------------------------------------------------

def derivation(credit: Credit, names: dict[str, str] | None = None) -> str:
    """How the grade at home was derived, in words (R-REC-2)."""
    note = credit.conversion_note
    source = f"{scale_label(credit.original_scale, names)} {grade_label(credit.original_scale, credit.original_grade)}"
    target = f"{scale_label(credit.home_scale, names)} {grade_label(credit.home_scale, credit.converted_grade)}"
    if not credit.converted_grade:
        return _("No conversion table for %(scale)s: approving keeps the original grade, or give the grade at your "
                 "institution.") % {"scale": scale_label(credit.original_scale, names)}
    if note.endswith("(conversion table)"):
        return _("Converted with your conversion table: %(source)s → %(target)s.") % {"source": source,
                                                                                      "target": target}
    if note == "original grade kept":
        return _("The original grade was kept: %(source)s.") % {"source": source}
    if "(set by" in note:
        return _("Set by your study office: %(source)s → %(target)s.") % {"source": source, "target": target}
    return _("%(source)s → %(target)s.") % {"source": source, "target": target}


def _credit_rows(credits: list[Credit], names: dict[str, str], lang: str) -> list[dict[str, Any]]:
    persons = rights_api.persons({c.home_person_id for c in credits})
    orgs = organisations_api.get_many({c.original_organisation_id for c in credits})
    units: dict[int, str] = {}
    rows = []
    for c in credits:
        if c.record.course_unit_id not in units:
            units[c.record.course_unit_id] = _course(c.record.course_unit_id, lang)
        org = orgs.get(c.original_organisation_id)
        rows.append({"c": c, "person": persons.get(c.home_person_id),
                     "name": _person_name(persons.get(c.home_person_id)), "course": units[c.record.course_unit_id],
                     "origin": org.name(lang) if org else "", "origin_oid": org.oid if org else "",
                     "original": f"{grade_label(c.original_scale, c.original_grade)} "
                                 f"({scale_label(c.original_scale, names)})",
                     "converted": f"{grade_label(c.home_scale, c.converted_grade)} ({scale_label(c.home_scale, names)})"
                     if c.converted_grade else "–",
                     "derivation": derivation(c, names),
                     "status_label": rules.CREDIT_STATUS_LABELS.get(c.status, ("", ""))[0]})
    return rows


@login_required
def credits_list(request: HttpRequest) -> HttpResponse:
    """Credits received for the home's students (page pattern "Queue/list page" with "Bulk actions")."""
    org = acting_office(request)
    if isinstance(org, HttpResponse):
        return org
    lang = _lang()
    _all_scales, names = _scales(org.id)
    if request.method == "POST":
        return _bulk_approve(request, org)
    status = request.GET.get("status", "")
    status = status if status in rules.CREDIT_STATUS_LABELS else ""
    origin = _int(request.GET.get("organisation"))
    q = request.GET.get("q", "")[:100].strip()
    person_ids = rights_api.person_ids_matching(q, [org.id]) if q else None
    f = {"q": q, "status": status, "organisation": origin}
    qs = selectors.credits_for_page(org.id, status=status or None, original_organisation_id=origin,
                                    person_ids=person_ids)
    if request.GET.get("export") == "csv":
        rows = _credit_rows(list(qs[:10000]), names, lang)
        services.people_read(Event.CREDITS_READ, actor=request.user,
                             person_oids=[r["person"].learner_oid for r in rows if r["person"]],
                             extra={"rows": len(rows), "export": "csv"})
        return csv_response("credits.csv", [_("Student"), _("Student number"), _("Course"), _("Original institution"),
                                            _("Completion date"), _("Credits"), _("Original grade"),
                                            _("Grade at your institution"), _("How it was derived"), _("Status")],
                            ([r["name"], r["person"].student_number if r["person"] else "", r["course"], r["origin"],
                              format_date(r["c"].record.completion_date), r["c"].record.credits, r["original"],
                              r["converted"], r["derivation"], r["status_label"]] for r in rows))
    total = qs.count()
    pages = max(1, (total + PAGE_SIZE - 1) // PAGE_SIZE)
    page = min(max(1, _int(request.GET.get("page")) or 1), pages)
    rows = _credit_rows(list(qs[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]), names, lang)
    if rows:
        services.people_read(Event.CREDITS_READ, actor=request.user,
                             person_oids=[r["person"].learner_oid for r in rows if r["person"]],
                             extra={"rows": len(rows), "page": page})
    counts = selectors.credit_status_counts(selectors.credits_for_page(org.id, original_organisation_id=origin,
                                                                       person_ids=person_ids))
    origins = organisations_api.get_many(selectors.credit_origins(org.id))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    return render(request, "records/credits.html", {
        "org_name": org.name(lang), "rows": rows, "total": total, "page": page, "pages": pages,
        "base_qs": query.urlencode(), "f": f, "filtered": bool(q or status or origin),
        "any": bool(origins), "statuses": [(v, label, counts.get(v, 0))
                                           for v, (label, _t) in rules.CREDIT_STATUS_LABELS.items()],
        "status_labels": rules.CREDIT_STATUS_LABELS,
        "origins": sorted(((o.id, o.name(lang)) for o in origins.values()), key=lambda c: c[1]),
        "page_ids": [r["c"].pk for r in rows if r["c"].status == "received"],
        "bulk_actions": [("approve", _("Approve the grade shown"))]})


def _bulk_approve(request: HttpRequest, org: OrganisationRef) -> HttpResponse:
    back = reverse("records:credits") + (f"?{request.POST.get('qs', '')}" if request.POST.get("qs") else "")
    ids = bulk.selected_ids(request.POST)
    if request.POST.get("bulk_action") != "approve":
        raise Http404
    if not ids:
        messages.error(request, _("Choose at least one credit first."))
        return redirect(back)
    mine = {c.pk: c for c in selectors.credits_for_page(org.id).filter(pk__in=ids)}

    def approve(pk: int) -> None:
        if pk not in mine:
            raise DomainError(code=ErrorCode.NOT_FOUND)
        services.credit_decide(actor=request.user, credit_id=pk, accept=True)

    def explain(pk: int, exc: DomainError) -> str:
        credit = mine.get(pk)
        if credit is None or exc.code in (ErrorCode.NOT_FOUND, ErrorCode.PERMISSION_DENIED):
            return _("#%(id)s: it is not a credit of your institution.") % {"id": pk}
        credit.refresh_from_db()
        label = rules.CREDIT_STATUS_LABELS.get(credit.status, ("", ""))[0]
        why = _("it no longer waits for approval (now: %(status)s)") % {"status": label} \
            if exc.code == ErrorCode.ILLEGAL_TRANSITION else str(exc.message)
        return f"#{pk}: {why}."

    result = bulk.apply_each(ids, approve, explain)
    done = ngettext("%(n)s approved", "%(n)s approved", len(result.done)) % {"n": len(result.done)}
    bulk.tell(request, result, done)
    return redirect(back)


@login_required
def credit_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One credit: the original grade and scale, the converted grade with its derivation; approve (or change the
    grade) or refuse with a reason (R-REC-2)."""
    credit = selectors.credit_for_page(pk)
    if credit is None:
        raise Http404(_("The credit was not found."))
    if not policies.can_credit(request.user, credit.home_organisation_id):
        raise DjangoPermissionDenied(_("Only the study office of the student's home institution can credit."))
    scales, names = _scales(credit.home_organisation_id)
    kwargs: dict[str, Any] = {"scales": scales, "scale_names": names}
    initial = {"converted_grade": credit.converted_grade, "home_scale": credit.home_scale}
    approve_form = forms.CreditApproveForm(initial=initial, prefix="approve", **kwargs)
    reject_form = forms.CreditRejectForm(prefix="reject")
    if request.method == "POST":
        action = request.POST.get("action")
        form: Any
        if action == "approve":
            form = approve_form = forms.CreditApproveForm(request.POST, initial=initial, prefix="approve", **kwargs)
        elif action == "reject":
            form = reject_form = forms.CreditRejectForm(request.POST, prefix="reject")
        else:
            raise Http404
        if form.is_valid():
            try:
                if action == "approve":
                    services.credit_decide(actor=request.user, credit_id=credit.pk, accept=True,
                                           converted_grade=(form.cleaned_data["converted_grade"] or "").strip(),
                                           home_scale=form.cleaned_data["home_scale"] or "")
                else:
                    services.credit_decide(actor=request.user, credit_id=credit.pk, accept=False,
                                           reason=form.cleaned_data["reason"])
            except DomainError as exc:
                if exc.status == 403:
                    raise DjangoPermissionDenied(str(exc.message)) from exc
                if exc.code == ErrorCode.ILLEGAL_TRANSITION:
                    form.add_error(None, _("This credit no longer waits for a decision."))
                else:
                    path_ = exc.details.get("path", "") if isinstance(exc.details, dict) else ""
                    field = {"grade": "converted_grade", "reason": "reason"}.get(str(path_))
                    form.add_error(field if field in form.fields else None, str(exc.message))
            else:
                messages.success(request, _("The credit was approved.") if action == "approve"
                                 else _("The credit was refused. The student sees the reason."))
                return redirect("records:credit", pk=credit.pk)
    lang = _lang()
    row = _credit_rows([credit], names, lang)[0]
    services.people_read(Event.CREDIT_READ, actor=request.user, subject=credit,
                         person_oids=[row["person"].learner_oid] if row["person"] else [])
    return render(request, "records/credit.html", {
        "row": row, "credit": credit, "record": credit.record, "approve_form": approve_form,
        "reject_form": reject_form, "status_labels": rules.CREDIT_STATUS_LABELS,
        "waiting": credit.status == "received"})


# --- the home: conversion tables ----------------------------------------------------------------------------

@login_required
def conversions(request: HttpRequest) -> HttpResponse:
    """The home's conversion tables, from an incoming scale to its own (R-REC-2)."""
    org = acting_office(request)
    if isinstance(org, HttpResponse):
        return org
    scales, names = _scales(org.id)
    tables = [{"t": t, "from": scale_label(t.from_scale, names), "to": scale_label(t.to_scale, names),
               "pairs": [(grade_label(t.from_scale, g), grade_label(t.to_scale, str(t.mapping.get(g, ""))))
                         for g in (scales[t.from_scale].grades if t.from_scale in scales else list(t.mapping))]}
              for t in selectors.conversion_tables(org.id)]
    return render(request, "records/conversions.html", {
        "org_name": org.name(_lang()), "tables": tables,
        "scales": [(c, scale_label(c, names)) for c in scales]})


@login_required
def conversion_edit(request: HttpRequest) -> HttpResponse:
    org = acting_office(request)
    if isinstance(org, HttpResponse):
        return org
    if not policies.can_credit(request.user, org.id):
        raise DjangoPermissionDenied
    scales, names = _scales(org.id)
    src, dst = request.GET.get("from", ""), request.GET.get("to", "")
    if src not in scales or dst not in scales:
        messages.error(request, _("Choose both grading scales."))
        return redirect("records:conversions")
    current = {t.from_scale: t for t in selectors.conversion_tables(org.id)}.get(src)
    initial = dict(current.mapping) if current and current.to_scale == dst else {}
    form = forms.ConversionForm(request.POST or None, source=scales[src], target=scales[dst], initial_mapping=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.conversion_table_set(actor=request.user, organisation_id=org.id, from_scale=src, to_scale=dst,
                                          mapping=form.mapping())
        except DomainError as exc:
            if exc.status == 403:
                raise DjangoPermissionDenied(str(exc.message)) from exc
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("The conversion table was saved. It is used for credits received from now "
                                        "on."))
            return redirect("records:conversions")
    return render(request, "records/conversion_form.html", {
        "form": form, "from": scale_label(src, names), "to": scale_label(dst, names), "replaces": current is not None
        and current.to_scale != dst, "old_to": scale_label(current.to_scale, names) if current else ""})


urlpatterns: list[URLPattern] = [
    path("realisations/", realisations, name="realisations"),
    path("realisation/<int:pk>/", completion, name="completion"),
    path("record/<int:pk>/", record_page, name="record"),
    path("credits/", credits_list, name="credits"),
    path("credits/<int:pk>/", credit_page, name="credit"),
    path("conversions/", conversions, name="conversions"),
    path("conversions/edit/", conversion_edit, name="conversion_edit"),
]
