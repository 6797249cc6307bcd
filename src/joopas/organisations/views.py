"""Organisation registry pages: public list and detail, the self-registration wizard, the review queue."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from joopas.core.errors import DomainError
from joopas.organisations import policies, rules, selectors, services
from joopas.organisations.codes import ErrorCode
from joopas.organisations.forms import (
    ContactForm,
    MainUserStepForm,
    NoteStepForm,
    OrganisationStepForm,
    RegistrationDecisionForm,
    RegistrationFilterForm,
    SettingsForm,
)
from joopas.organisations.models import OrganisationType

SESSION_KEY = "organisation_registration"
STEPS = [("organisation", OrganisationStepForm), ("main_user", MainUserStepForm), ("note", NoteStepForm)]


def _link_base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def organisation_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    org_type = request.GET.get("type", "")
    return render(request, "organisations/list.html", {
        "organisations": selectors.public_organisations(q=q, org_type=org_type)[:200], "q": q, "type": org_type,
        "types": OrganisationType.choices})


def organisation_detail(request: HttpRequest, oid: str) -> HttpResponse:
    org = selectors.public_organisation(oid)
    if org is None:
        raise Http404
    return render(request, "organisations/detail.html", {
        "org": org, "contacts": [c for c in org.contacts.all() if c.is_public],
        "can_manage_contacts": policies.can_manage_contacts(request.user, org.pk),
        "can_edit_settings": policies.can_edit_settings(request.user, org.pk)})


def register(request: HttpRequest, step: str = "organisation") -> HttpResponse:
    """R-ORG-1: the public wizard. Data lives in the session until the summary is confirmed."""
    names = [s for s, _f in STEPS]
    data: dict[str, Any] = request.session.get(SESSION_KEY, {})
    if step == "summary":
        if any(s not in data for s in names):
            return redirect("organisations:register")
        merged = {k: v for s in names for k, v in data[s].items()}
        if request.method == "POST":
            try:
                reg = services.registration_submit(data=services.RegistrationInput(**merged))
            except DomainError as exc:
                return render(request, "organisations/register_summary.html",
                              {"data": merged, "error": exc, "step_no": 4, "steps": 4}, status=exc.status)
            request.session.pop(SESSION_KEY, None)
            request.session["registration_done"] = reg.organisation.name_fi
            return redirect("organisations:register_done")
        return render(request, "organisations/register_summary.html", {"data": merged, "step_no": 4, "steps": 4,
                                                                        "type_label": dict(OrganisationType.choices)
                                                                        .get(merged["org_type"], "")})
    if step not in names:
        raise Http404
    index = names.index(step)
    form_class = STEPS[index][1]
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            cleaned = form.cleaned_data
            if step == "organisation":
                existing = selectors.existing_for_duplicate_check()
                try:
                    cleaned["business_id"] = rules.clean_business_id(cleaned["business_id"])
                    rules.check_not_duplicate(cleaned["business_id"],
                                              [cleaned["name_fi"], cleaned["name_sv"], cleaned["name_en"]],
                                              existing, services.PRELOADED_TYPES,
                                              contact=getattr(settings, "SUPPORT_EMAIL", "tuki@joopas.invalid"))
                except DomainError as exc:
                    form.add_error(_duplicate_field(exc, cleaned.get("business_id", ""), existing), str(exc.message))
            if form.is_valid():
                data[step] = cleaned
                request.session[SESSION_KEY] = data
                following = names[index + 1] if index + 1 < len(names) else "summary"
                return redirect("organisations:register_step", step=following)
    else:
        form = form_class(initial=data.get(step))
    return render(request, "organisations/register_step.html", {
        "form": form, "step": step, "step_no": index + 1, "steps": 4,
        "previous": names[index - 1] if index else None})


def _duplicate_field(exc: DomainError, business_id: str, existing: list[rules.ExistingOrganisation]) -> str:
    """The field a wizard error belongs to: the business id, unless the duplicate was found by its name."""
    if exc.code == ErrorCode.REGISTRATION_DUPLICATE:
        oid = exc.details.get("oid") if isinstance(exc.details, dict) else None
        if not any(o.oid == oid and o.business_id == business_id for o in existing if business_id):
            return "name_fi"
    return "business_id"


def register_done(request: HttpRequest) -> HttpResponse:
    return render(request, "organisations/register_done.html", {"name": request.session.get("registration_done")})


def review_queue(request: HttpRequest) -> HttpResponse:
    """R-ORG-1: platform admins filter, approve or reject registrations, several at once."""
    if not request.user.is_authenticated:
        return redirect(f"/accounts/login/?next={request.path}")
    if not policies.can_review_registrations(request.user):
        raise PermissionDenied
    filters = RegistrationFilterForm(request.GET or None)
    f = filters.cleaned_data if filters.is_valid() else {}
    if request.method == "POST":
        pending = list(selectors.registrations(status="submitted"))
        form = RegistrationDecisionForm(request.POST, choices=[(r.pk, str(r.pk)) for r in pending])
        if form.is_valid():
            ids = form.cleaned_data["ids"]
            try:
                if form.cleaned_data["action"] == "approve":
                    done = services.registrations_approve(actor=request.user, registration_ids=ids,
                                                          link_base=_link_base(request))
                    messages.success(request, _("Approved %(n)d registrations. The main users were invited.")
                                     % {"n": len(done)})
                else:
                    done = services.registrations_reject(actor=request.user, registration_ids=ids,
                                                         reason=form.cleaned_data["reason"])
                    messages.success(request, _("Rejected %(n)d registrations.") % {"n": len(done)})
                return redirect("organisations:review")
            except DomainError as exc:
                messages.error(request, str(exc.message))
        else:
            messages.error(request, _("Choose registrations that are waiting for review."))
    regs = services.registrations_read(actor=request.user,  # R-ACC-6: names the first main users
                                       status=f.get("state", "submitted") if request.GET else "submitted",
                                       org_type=f.get("org_type", ""), q=f.get("q", ""))
    return render(request, "organisations/review.html", {"registrations": regs, "filters": filters})


def _contact_org_or_404(request: HttpRequest, oid: str) -> Any:
    org = selectors.organisation_by_oid(oid)
    if org is None:
        raise Http404
    if not policies.can_manage_contacts(request.user, org.pk):
        raise PermissionDenied
    return org


def _contact_data(form: ContactForm) -> rules.ContactData:
    d = form.cleaned_data
    return rules.ContactData(name=d["name"], role=d["role"], email=d["email"], phone=d["phone"],
                             is_public=d["is_public"])


def _form_error(form: ContactForm, exc: DomainError) -> None:
    field = exc.details.get("field") if isinstance(exc.details, dict) else None
    form.add_error(field if field in form.fields else None, str(exc.message))


@login_required
def contacts(request: HttpRequest, oid: str) -> HttpResponse:
    """Contact persons of an organisation: main users (and platform admins) list and add them."""
    org = _contact_org_or_404(request, oid)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_create(actor=request.user, organisation_id=org.pk, data=_contact_data(form))
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("The contact person was added."))
            return redirect("organisations:contacts", oid=org.oid)
    rows = services.contacts_read(actor=request.user, organisation_id=org.pk)  # R-ACC-6
    return render(request, "organisations/contacts.html", {"org": org, "contacts": rows, "form": form},
                  status=400 if form.errors else 200)


@login_required
def contact_edit(request: HttpRequest, oid: str, contact_id: int) -> HttpResponse:
    org = _contact_org_or_404(request, oid)
    if request.method == "POST":
        form = ContactForm(request.POST)
        if form.is_valid():
            try:
                services.contact_update(actor=request.user, organisation_id=org.pk, contact_id=contact_id,
                                        data=_contact_data(form))
            except DomainError as exc:
                if exc.status == 404:
                    raise Http404 from exc
                _form_error(form, exc)
            else:
                messages.success(request, _("The contact person was saved."))
                return redirect("organisations:contacts", oid=org.oid)
        contact = None
    else:
        try:
            contact = services.contact_get(actor=request.user, organisation_id=org.pk, contact_id=contact_id)
        except DomainError as exc:
            raise Http404 from exc
        form = ContactForm(initial={"name": contact.name, "role": contact.role, "email": contact.email,
                                    "phone": contact.phone, "is_public": contact.is_public})
    return render(request, "organisations/contact_edit.html", {"org": org, "form": form, "contact_id": contact_id,
                                                               "contact": contact},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def contact_delete(request: HttpRequest, oid: str, contact_id: int) -> HttpResponse:
    org = _contact_org_or_404(request, oid)
    try:
        services.contact_delete(actor=request.user, organisation_id=org.pk, contact_id=contact_id)
    except DomainError as exc:
        if exc.status == 404:
            raise Http404 from exc
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The contact person was removed."))
    return redirect("organisations:contacts", oid=org.oid)


@login_required
def settings_edit(request: HttpRequest, oid: str) -> HttpResponse:
    """The organisation's settings (strong identification, R-ACC-2): its main users and platform admins."""
    org = selectors.organisation_by_oid(oid)
    if org is None:
        raise Http404
    if not policies.can_edit_settings(request.user, org.pk):
        raise PermissionDenied
    form = SettingsForm(request.POST or None, initial={"strong_identification": org.strong_identification})
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_settings_update(actor=request.user, organisation_id=org.pk,
                                                  strong_identification=form.cleaned_data["strong_identification"])
        except DomainError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("The settings were saved."))
            return redirect("organisations:settings", oid=org.oid)
    return render(request, "organisations/settings.html", {"org": org, "form": form},
                  status=400 if form.errors else 200)
