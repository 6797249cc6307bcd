"""The student's JOO pages: own applications and JOO rights, a new application (the host's round, the requested
study entities in order, the justification, the transcript and attachments), the receipt with the decisions and,
when granted, the JOO right with the host's terms (R-JOO-8); and the attachment download for the student and the
two study offices (R-JOO-1: the host only after the endorsement). Every write goes through `services`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from joopas.applications import policies, rules, selectors, services
from joopas.applications.codes import ErrorCode, Event
from joopas.applications.forms import ApplicationForm, ChooseRoundForm, UploadForm, entity_value
from joopas.applications.models import (
    Application,
    ApplicationStatus,
    Attachment,
    AttachmentKind,
    Decision,
    RequestedEntity,
    Round,
)
from joopas.catalogue import api as catalogue_api
from joopas.core import audit, formats
from joopas.core.clock import today
from joopas.core.errors import DomainError
from joopas.organisations import api as organisations_api
from joopas.rights import api as rights_api
from joopas.rights.data import PersonRef, StudyRightRef

# status → (label, badge tone) for `{% status_badge %}`
STATUS_LABELS: dict[str, tuple[Any, str]] = {
    rules.DRAFT: (ApplicationStatus.DRAFT.label, "neutral"),
    rules.SUBMITTED: (ApplicationStatus.SUBMITTED.label, "progress"),
    rules.ENDORSED: (ApplicationStatus.ENDORSED.label, "progress"),
    rules.SUPPLEMENT: (ApplicationStatus.SUPPLEMENT.label, "warning"),
    rules.DECLINED: (ApplicationStatus.DECLINED.label, "error"),
    rules.DECIDED: (ApplicationStatus.DECIDED.label, "success"),
    rules.WITHDRAWN: (ApplicationStatus.WITHDRAWN.label, "neutral"),
}
DECISION_LABELS: dict[str, tuple[Any, str]] = {
    rules.PENDING: (Decision.PENDING.label, "neutral"),
    rules.GRANTED: (Decision.GRANTED.label, "success"),
    rules.REJECTED: (Decision.REJECTED.label, "error"),
}
RIGHT_STATUS_LABELS: dict[str, tuple[Any, str]] = {
    "active": (gettext_lazy("in force"), "success"),
    "ended": (gettext_lazy("ended"), "neutral"),
    "passivated": (gettext_lazy("passivated"), "warning"),
    "forfeited": (gettext_lazy("forfeited"), "error"),
}
END_REASONS: dict[str, Any] = {
    "home_right_ended": gettext_lazy("It ended because your study right at your own university ended."),
    "host_degree": gettext_lazy("It ended because you became a degree student of this university."),
}
NEXT_STEPS: dict[str, Any] = {
    rules.DRAFT: gettext_lazy("Finish the application and send it while the application period is open."),
    rules.SUBMITTED: gettext_lazy("Your own university's study office decides whether to endorse your application. "
                                  "After that it goes to the host university."),
    rules.ENDORSED: gettext_lazy("The host university decides on your application."),
    rules.SUPPLEMENT: gettext_lazy("The host university asks you to add information. Open the application, add "
                                   "what is asked and send it again."),
    rules.DECLINED: gettext_lazy("Your own university did not endorse the application. The reason is on the "
                                 "application's page."),
    rules.DECIDED: gettext_lazy("The host university has decided. The decision and what to do next are on the "
                                "application's page."),
    rules.WITHDRAWN: gettext_lazy("You withdrew this application."),
}
# on the application's own page, the steps that point to that page say what is below instead
NEXT_STEPS_HERE: dict[str, Any] = {
    rules.DECLINED: gettext_lazy("Your own university did not endorse the application. The reason is shown below."),
    rules.DECIDED: gettext_lazy("The host university has decided. The decision on each requested study is shown "
                                "below."),
}
WITHDRAWABLE = frozenset({rules.DRAFT, rules.SUBMITTED, rules.ENDORSED, rules.SUPPLEMENT})
# service refusals whose own message is a general one: what the student should know instead
FRIENDLY: dict[str, Any] = {
    ErrorCode.NOT_FOUND: gettext_lazy("This application, round or study right is no longer available. Reload the "
                                      "page and try again."),
    ErrorCode.PERMISSION_DENIED: gettext_lazy("You can apply only with your own study right."),
    ErrorCode.ILLEGAL_TRANSITION: gettext_lazy("This application can no longer be changed in its current status."),
}
# service error path → the field of the application form it concerns
FIELD_OF_PATH = {"entities": "modules", "justification": "justification"}
UPLOAD_HELP = gettext_lazy("PDF, PNG or JPEG, at most 5 MB. An application can have at most 10 attachments.")
TRANSCRIPT_HELP = gettext_lazy("A PDF file, at most 5 MB.")


def _lang() -> str:
    code = (get_language() or "fi")[:2]
    return code if code in ("fi", "sv", "en") else "fi"


def _message(exc: DomainError) -> str:
    if exc.code == ErrorCode.ILLEGAL_TRANSITION and _path(exc):  # the service's own sentence, not a bare transition
        return str(exc.message)
    return str(FRIENDLY.get(exc.code, exc.message))


def _path(exc: DomainError) -> str:
    details = exc.details if isinstance(exc.details, dict) else {}
    return str(details.get("path", "")).split("/", 1)[0]


def _org_names(ids: set[int]) -> dict[int, str]:
    return {pk: ref.name(_lang()) for pk, ref in organisations_api.get_many(ids).items()}


def _persons(request: HttpRequest) -> list[PersonRef]:
    return selectors.persons_of_user(request.user)


def _home_rights(persons: list[PersonRef]) -> list[StudyRightRef]:
    return [r for p in persons for r in rights_api.rights_of_person(p.id) if r.kind == "home" and r.status == "active"]


def _read(event: str, request: HttpRequest, persons: list[PersonRef], subject: Any = None,
          extra: dict[str, Any] | None = None) -> None:
    """R-ACC-6: one read row per page that shows the student's own personal data."""
    audit.record(event, actor=request.user, subject=subject or ("rights.person", persons[0].id),
                 person_oid=persons[0].learner_oid,
                 after={"person_ids": sorted(p.id for p in persons), **(extra or {})})


def round_when(rnd: Round, day: dt.date) -> str:
    """The round's dates in words: "open until 30.4.2027", "opens 1.4.2027 and closes 30.4.2027", "continuous"."""
    state = rules.round_state(rnd.opens_on, rnd.closes_on, day)
    opens, closes = formats.format_date(rnd.opens_on), formats.format_date(rnd.closes_on)
    if rnd.closes_on is None:
        if state == "upcoming":
            return _("continuous application, opens %(opens)s") % {"opens": opens}
        return _("continuous application")
    if state == "upcoming":
        return _("opens %(opens)s and closes %(closes)s") % {"opens": opens, "closes": closes}
    if state == "closed":
        return _("closed on %(closes)s") % {"closes": closes}
    if rnd.kind == rules.CONTINUOUS:
        return _("continuous application, open until %(closes)s") % {"closes": closes}
    return _("open until %(closes)s") % {"closes": closes}


def _next_step(app: Application, here: bool = False) -> str:
    if here and app.status in NEXT_STEPS_HERE:
        return str(NEXT_STEPS_HERE[app.status])
    if app.status == rules.ENDORSED and app.decision_due:
        return _("The host university decides on your application by %(due)s.") % {
            "due": formats.format_date(app.decision_due)}
    return str(NEXT_STEPS.get(app.status, ""))


def _history_sentence(from_status: str, to_status: str, host: str) -> str:
    if to_status == rules.DRAFT:
        return _("You started the application.")
    if to_status == rules.SUBMITTED:
        return _("You sent the application to your own university.")
    if to_status == rules.ENDORSED and from_status == rules.SUPPLEMENT:
        return _("You sent the supplemented application to %(host)s.") % {"host": host}
    if to_status == rules.ENDORSED:
        return _("Your own university endorsed the application and sent it to %(host)s.") % {"host": host}
    if to_status == rules.DECLINED:
        return _("Your own university did not endorse the application.")
    if to_status == rules.SUPPLEMENT:
        return _("%(host)s asked you to supplement the application.") % {"host": host}
    if to_status == rules.DECIDED:
        return _("%(host)s decided on the application.") % {"host": host}
    if to_status == rules.WITHDRAWN:
        return _("You withdrew the application.")
    return str(STATUS_LABELS.get(to_status, ("", ""))[0])


granted_units = selectors.granted_units


def _joo_rows(persons: list[PersonRef]) -> list[dict[str, Any]]:
    joo = [j for p in persons for j in rights_api.joo_rights_of_home_person(p.id)]
    orgs = _org_names({j.host_organisation_id for j in joo})
    return [{"right": j, "host": orgs.get(j.host_organisation_id, ""), "end_reason": END_REASONS.get(j.end_reason, ""),
             "units": granted_units(j)} for j in joo]


# --- the list ------------------------------------------------------------------------------------------------

@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    persons = _persons(request)
    if not persons:
        return render(request, "applications/student/my.html", {"persons": []})
    apps = selectors.applications_of_persons(p.id for p in persons)
    orgs = _org_names({a.host_organisation_id for a in apps})
    day = today()
    rows = [{"application": a, "host": orgs.get(a.host_organisation_id, ""), "next": _next_step(a),
             "round": round_when(a.round, day), "editable": a.status in rules.EDITABLE_BY_STUDENT,
             "entities": [e.label(_lang()) for e in a.entities.all()]} for a in apps]
    joo = _joo_rows(persons)
    _read(Event.LIST_READ, request, persons, extra={"application_ids": [a.pk for a in apps]})
    return render(request, "applications/student/my.html", {
        "persons": persons, "rows": rows, "joo_rights": joo, "status_labels": STATUS_LABELS,
        "right_status_labels": RIGHT_STATUS_LABELS, "can_apply": bool(_home_rights(persons))})


# --- a new application: the round, then the form -------------------------------------------------------------

def _round_choices(persons: list[PersonRef]) -> list[tuple[int, str]]:
    """Rounds open now or later at universities other than the student's own."""
    own = {p.organisation_id for p in persons}
    rounds = [r for r in selectors.rounds_for_applying() if r.organisation_id not in own]
    orgs = _org_names({r.organisation_id for r in rounds})
    day = today()
    # a continuous round's studies start with the decision; a period's on its own date
    out = [(r.pk, _("%(host)s: %(when)s.") % {"host": orgs.get(r.organisation_id, ""), "when": round_when(r, day)}
            if r.kind == "continuous" else
            _("%(host)s: %(when)s. The studies start on %(start)s.") % {
                "host": orgs.get(r.organisation_id, ""), "when": round_when(r, day),
                "start": formats.format_date(r.studies_start)}) for r in rounds]
    return sorted(out, key=lambda item: item[1])


def _right_choices(rights: list[StudyRightRef]) -> list[tuple[int, str]]:
    orgs = _org_names({r.organisation_id for r in rights})
    return [(r.id, f"{orgs.get(r.organisation_id, '')}, {r.identifier}") for r in rights]


@login_required
def new_application(request: HttpRequest) -> HttpResponse:
    persons = _persons(request)
    rights = _home_rights(persons)
    if not persons or not rights:
        return render(request, "applications/student/new.html", {"persons": persons, "no_right": True})
    choose = ChooseRoundForm(request.POST if request.method == "POST" else
                             (request.GET if "round" in request.GET else None),
                             rounds=_round_choices(persons), rights=_right_choices(rights))
    if not choose.is_bound or not choose.is_valid():
        if request.method == "POST":
            messages.error(request, _("Choose the round again."))
        return render(request, "applications/student/new.html", {"persons": persons, "form": choose})
    rnd = Round.objects.filter(pk=choose.cleaned_data["round"]).first()
    if rnd is None:
        raise Http404
    right_id = int(choose.cleaned_data["right"])
    return _application_form(request, persons, app=None, rnd=rnd, right_id=right_id)


# --- the application form (new and edit) ---------------------------------------------------------------------

def _offering(rnd: Round) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    modules, units = catalogue_api.joo_offering(rnd.organisation_id, rnd.studies_start)
    lang = _lang()

    def label(ref: Any) -> str:
        credits = formats.format_credits(ref.credits_min, ref.credits_max)
        return _("%(code)s %(name)s, %(credits)s credits") % {"code": ref.code, "name": ref.name(lang),
                                                             "credits": credits}

    return ([(entity_value(rules.MODULE, m.id), label(m)) for m in modules],
            [(entity_value(rules.COURSE_UNIT, u.id), label(u)) for u in units])


def _initial(app: Application) -> dict[str, Any]:
    entities = list(app.entities.all())
    data: dict[str, Any] = {
        "justification": app.justification,
        "modules": [entity_value(e.entity_kind, e.entity_id) for e in entities if e.entity_kind == rules.MODULE],
        "units": [entity_value(e.entity_kind, e.entity_id) for e in entities if e.entity_kind == rules.COURSE_UNIT]}
    if len(entities) > 1:
        for e in entities:
            data[f"order_{entity_value(e.entity_kind, e.entity_id)}"] = str(e.position)
    return data


def _transcript_rows(app: Application | None) -> list[dict[str, Any]]:
    """The generated transcript as rows for the page: the course name in the page's language, the date a date."""
    lang, out = _lang(), []
    for row in (app.transcript if app else []):
        names = row.get("name") or {}
        try:
            day: dt.date | None = dt.date.fromisoformat(str(row.get("date", "")))
        except ValueError:
            day = None
        out.append({**row, "label": str(names.get(lang) or names.get("fi") or names.get("en") or ""), "day": day})
    return out


def _transcript_form(data: Any = None, files: Any = None) -> UploadForm:
    return UploadForm(data, files, prefix="transcript", kinds=[(AttachmentKind.TRANSCRIPT.value,
                                                                AttachmentKind.TRANSCRIPT.label)],
                      help_text=TRANSCRIPT_HELP, accept=".pdf,application/pdf")


def _attachment_form(data: Any = None, files: Any = None) -> UploadForm:
    return UploadForm(data, files, prefix="attachment",
                      kinds=[(k.value, k.label) for k in (AttachmentKind.STUDY_PLAN, AttachmentKind.OTHER)],
                      help_text=UPLOAD_HELP, accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg")


def _render_form(request: HttpRequest, persons: list[PersonRef], *, app: Application | None, rnd: Round,
                 right_id: int, form: ApplicationForm | None = None, transcript_form: UploadForm | None = None,
                 attachment_form: UploadForm | None = None, top_error: str = "") -> HttpResponse:
    modules, units = _offering(rnd)
    if form is None:
        form = ApplicationForm(initial=_initial(app) if app else None, modules=modules, units=units)
    kinds = ([e.entity_kind for e in app.entities.all()] if app else [])
    if form.is_bound and form.is_valid():
        kinds = [c.kind for c in form.entity_choices()]
    attachments = list(app.attachments.all()) if app else []
    host = _org_names({rnd.organisation_id}).get(rnd.organisation_id, "")
    if app is not None:
        _read(Event.READ, request, persons, subject=app, extra={"page": "edit"})
    return render(request, "applications/student/edit.html", {
        "application": app, "round": rnd, "right_id": right_id, "host": host, "form": form,
        "module_rows": form.rows("modules"), "unit_rows": form.rows("units"),
        "units_open": bool(form["units"].value()) or not modules,
        "round_when": round_when(rnd, today()), "suggest_module": rules.suggests_module(kinds, len(modules)),
        "transcript": _transcript_rows(app),
        "transcript_form": transcript_form or _transcript_form(),
        "attachment_form": attachment_form or _attachment_form(),
        "transcripts": [a for a in attachments if a.kind == AttachmentKind.TRANSCRIPT],
        "others": [a for a in attachments if a.kind != AttachmentKind.TRANSCRIPT],
        "attachment_limit_reached": len(attachments) >= rules.MAX_ATTACHMENTS,
        "kind_labels": dict(AttachmentKind.choices), "status_labels": STATUS_LABELS, "top_error": top_error,
        "max_attachments": rules.MAX_ATTACHMENTS})


def _application_form(request: HttpRequest, persons: list[PersonRef], *, app: Application | None, rnd: Round,
                      right_id: int) -> HttpResponse:
    """GET shows the form; POST runs one action (each one service call; sending saves the draft first, both in
    one transaction so that a refusal changes nothing)."""
    if request.method != "POST":
        return _render_form(request, persons, app=app, rnd=rnd, right_id=right_id)
    action = request.POST.get("action", "")
    if action in ("save", "send"):
        modules, units = _offering(rnd)
        form = ApplicationForm(request.POST, modules=modules, units=units)
        if not form.is_valid():
            return _render_form(request, persons, app=app, rnd=rnd, right_id=right_id, form=form)
        try:
            with transaction.atomic():
                saved = services.draft_save(actor=request.user, home_right_id=right_id, round_id=rnd.pk,
                                            entities=form.entity_choices(),
                                            justification=form.cleaned_data["justification"],
                                            application_id=app.pk if app else None)
                if action == "send" and app is not None and app.status == rules.SUPPLEMENT:
                    saved = services.resubmit(actor=request.user, application_id=saved.pk)
                elif action == "send":
                    saved = services.submit(actor=request.user, application_id=saved.pk)
        except DomainError as exc:
            field = FIELD_OF_PATH.get(_path(exc))
            form.add_error(field, _message(exc))
            return _render_form(request, persons, app=app, rnd=rnd, right_id=right_id, form=form)
        if action == "save":
            messages.success(request, _("Your draft is saved. You can come back to it later."))
            return redirect("applications:edit", pk=saved.pk)
        if saved.status == rules.SUBMITTED:
            messages.success(request, _("Your application %(number)s is sent to your own university's study "
                                        "office.") % {"number": saved.number})
        else:
            messages.success(request, _("Your supplemented application is sent to the host university."))
        return redirect("applications:detail", pk=saved.pk)
    if app is None:  # files and the transcript need a saved draft first
        messages.error(request, _("Save the draft first. Then you can add your transcript and attachments."))
        return _render_form(request, persons, app=app, rnd=rnd, right_id=right_id)
    if action == "transcript":
        try:
            services.transcript_generate(actor=request.user, application_id=app.pk)
        except DomainError as exc:
            return _render_form(request, persons, app=app, rnd=rnd, right_id=right_id, top_error=_message(exc))
        messages.success(request, _("Your transcript is made from your records."))
        return redirect(reverse("applications:edit", args=[app.pk]) + "#transcript-heading")
    if action in ("upload_transcript", "upload"):
        upload = _transcript_form(request.POST, request.FILES) if action == "upload_transcript" else \
            _attachment_form(request.POST, request.FILES)
        is_transcript = action == "upload_transcript"
        if upload.is_valid():
            try:
                added = services.attachment_add(actor=request.user, application_id=app.pk,
                                                kind=upload.cleaned_data["kind"], upload=upload.cleaned_data["file"])
            except DomainError as exc:
                upload.add_error("kind" if _path(exc) == "kind" else "file", _message(exc))
        if upload.errors:
            return _render_form(request, persons, app=app, rnd=rnd, right_id=right_id,
                                transcript_form=upload if is_transcript else None,
                                attachment_form=None if is_transcript else upload)
        messages.success(request, _("The file %(name)s is attached.") % {"name": added.original_name})
        anchor = "#transcript-heading" if is_transcript else "#attachments-heading"
        return redirect(reverse("applications:edit", args=[app.pk]) + anchor)
    if action == "remove":
        try:
            att_id = int(request.POST.get("attachment", ""))
        except ValueError:
            raise Http404 from None
        att = Attachment.objects.filter(pk=att_id, application=app).first()
        if att is None:
            raise Http404
        try:
            services.attachment_remove(actor=request.user, attachment_id=att.pk)
        except DomainError as exc:
            return _render_form(request, persons, app=app, rnd=rnd, right_id=right_id, top_error=_message(exc))
        messages.success(request, _("The file %(name)s is removed.") % {"name": att.original_name})
        return redirect(reverse("applications:edit", args=[app.pk]) + "#attachments-heading")
    messages.error(request, _("Nothing was changed. Use the buttons on the page."))
    return redirect("applications:edit", pk=app.pk)


def _own_application(request: HttpRequest, pk: int) -> tuple[Application, list[PersonRef]]:
    """The application when it is the logged-in student's own; 404 otherwise (another student's application is
    not confirmed to exist)."""
    persons = _persons(request)
    app = selectors.application(pk)
    if app is None or app.home_person_id not in {p.id for p in persons}:
        raise Http404
    return app, persons


@login_required
def edit_application(request: HttpRequest, pk: int) -> HttpResponse:
    app, persons = _own_application(request, pk)
    if app.status not in rules.EDITABLE_BY_STUDENT:
        if request.method == "POST":
            messages.error(request, _("This application can no longer be changed."))
        return redirect("applications:detail", pk=app.pk)
    return _application_form(request, persons, app=app, rnd=app.round, right_id=app.home_right_id)


# --- the receipt -----------------------------------------------------------------------------------------------

def _entity_link(e: RequestedEntity) -> str:
    return reverse("catalogue:course", args=[e.entity_id]) if e.entity_kind == rules.COURSE_UNIT else ""


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    app, persons = _own_application(request, pk)
    lang = _lang()
    host = _org_names({app.host_organisation_id}).get(app.host_organisation_id, "")
    entities = [{"entity": e, "label": e.label(lang), "link": _entity_link(e),
                 "kind": _("study module") if e.entity_kind == rules.MODULE else _("course")}
                for e in app.entities.all()]
    history = [(h, _history_sentence(h.from_status, h.to_status, host)) for h in app.history.all()]
    joo = rights_api.get_joo_right(app.joo_right_id) if app.joo_right_id else None
    terms = selectors.terms_of(app.host_organisation_id) if joo else None
    _read(Event.READ, request, persons, subject=app)
    return render(request, "applications/student/detail.html", {
        "application": app, "host": host, "entities": entities, "history": history, "joo": joo,
        "joo_end_reason": END_REASONS.get(joo.end_reason, "") if joo else "",
        "admission": terms.text("admission", lang) if terms else "",
        "services_text": terms.text("services", lang) if terms else "",
        "granted_units": granted_units(joo), "attachments": list(app.attachments.all()),
        "kind_labels": dict(AttachmentKind.choices), "round_when": round_when(app.round, today()),
        "status_labels": STATUS_LABELS, "decision_labels": DECISION_LABELS,
        "right_status_labels": RIGHT_STATUS_LABELS, "next": _next_step(app, here=True),
        "waiting_for_host": app.status in rules.WAITING_FOR_HOST,
        "can_withdraw": app.status in WITHDRAWABLE, "can_edit": app.status in rules.EDITABLE_BY_STUDENT})


@login_required
@require_POST
def withdraw_application(request: HttpRequest, pk: int) -> HttpResponse:
    app = _own_application(request, pk)[0]
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that you want to withdraw the application. Nothing was "
                                  "changed."))
        return redirect("applications:detail", pk=app.pk)
    try:
        services.withdraw(actor=request.user, application_id=app.pk)
    except DomainError as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(request, _("Your application is withdrawn."))
    return redirect("applications:detail", pk=app.pk)


# --- attachments -----------------------------------------------------------------------------------------------

@login_required
def attachment_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The student, the home office (not a draft) and the host office (only after the endorsement, R-JOO-1);
    anyone else gets 404. The file is always a download, never shown inline."""
    att = Attachment.objects.select_related("application").filter(pk=pk).first()
    if att is None:
        raise Http404
    app = att.application
    person = rights_api.get_person(app.home_person_id)
    oid = person.learner_oid if person else ""
    if not policies.can_view(request.user, app, rights_api.identity_of_person(app.home_person_id), oid):
        raise Http404
    try:
        handle = att.file.open("rb")
    except (FileNotFoundError, OSError, ValueError):
        raise Http404 from None
    audit.record(Event.ATTACHMENT_READ, actor=request.user, subject=app, person_oid=oid,
                 after={"attachment": att.pk, "name": att.original_name, "sha256": att.sha256})
    response = FileResponse(handle, as_attachment=True, filename=att.original_name, content_type=att.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns: list[URLPattern] = [
    path("", my_applications, name="my"),
    path("new/", new_application, name="new"),
    path("<int:pk>/", application_detail, name="detail"),
    path("<int:pk>/edit/", edit_application, name="edit"),
    path("<int:pk>/withdraw/", withdraw_application, name="withdraw"),
    path("attachment/<int:pk>/", attachment_download, name="attachment"),
]
