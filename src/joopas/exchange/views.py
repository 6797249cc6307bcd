"""Officer pages: message list and status history (R-EXC-2), dead letters, delivery settings."""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from joopas.access.api import Role, is_platform_admin, organisations_with_role
from joopas.core.errors import DomainError, PermissionDenied
from joopas.exchange import labels, policies, sealing, selectors
from joopas.exchange.forms import FilterForm, PayloadForm, SettingsForm
from joopas.exchange.registry import TYPES, examples
from joopas.exchange.services import operations, reads


def _orgs(request: HttpRequest) -> list[int] | None:
    """Organisation ids whose messages the user sees; None = all (platform admin)."""
    if is_platform_admin(request.user):
        return None
    orgs = policies.viewable_organisations(request.user)
    if not orgs:
        raise PermissionDenied()
    return orgs


def _denied(request: HttpRequest) -> HttpResponse:
    return render(request, "exchange/denied.html", status=403)


@login_required
def message_list(request: HttpRequest) -> HttpResponse:
    try:
        orgs = _orgs(request)
    except PermissionDenied:
        return _denied(request)
    form = FilterForm(request.GET or None)
    f = form.cleaned_data if form.is_valid() else {}
    from joopas.exchange.models import Message

    qs = selectors.messages_for(orgs, direction=f.get("direction") or "all", status=f.get("status") or "",
                                type_=f.get("type") or "", q=f.get("q") or "") if orgs is not None else \
        Message.objects.order_by("-received_at", "-id")
    page = Paginator(qs.select_related("in_reply_to"), 50).get_page(request.GET.get("page"))
    dels_of = {m.pk: selectors.deliveries(m) for m in page}
    names = selectors.organisation_names([m.sender_id for m in page]
                                         + [d.receiver_id for ds in dels_of.values() for d in ds])
    rows = []
    for m in page:
        dels = dels_of[m.pk]
        status = selectors.summary_status(m, dels)
        sender = names.get(m.sender_id)
        rows.append({"m": m, "status": status, "status_label": labels.status_label(status),
                     "badge": labels.status_badge(status), "sender": sender,
                     "sentence": labels.message_sentence(
                         m.type, sender.name if sender else "",
                         original_type=m.in_reply_to.type if m.in_reply_to_id and m.in_reply_to else None),
                     "receivers": [names[d.receiver_id] for d in dels if d.receiver_id in names]})
    return render(request, "exchange/message_list.html", {"form": form, "page": page, "rows": rows,
                                                          "query": _query_without_page(request),
                                                          "settings_orgs": _settings_orgs(request)})


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _settings_orgs(request: HttpRequest) -> list[dict[str, Any]]:
    return [{"id": o, "name": selectors.organisation_name(o)}
            for o in organisations_with_role(request.user, Role.MAIN_USER)]


@login_required
def message_detail(request: HttpRequest, message_id: uuid.UUID) -> HttpResponse:
    try:
        orgs = _orgs(request)
    except PermissionDenied:
        return _denied(request)
    msg = selectors.message_by_uuid(message_id, orgs)
    if msg is None:
        raise Http404
    dels = selectors.deliveries(msg)
    if orgs is not None and msg.sender_id not in orgs:
        dels = [d for d in dels if d.receiver_id in orgs]  # a receiver sees its own deliveries only
    visible = {d.pk for d in dels}
    events = [e for e in selectors.history(msg) if e.delivery_id is None or e.delivery_id in visible]
    reads.message_read(actor=request.user, msg=msg, channel="page",  # R-ACC-6
                       organisation_id=reads.reader_organisation(msg, [d.receiver_id for d in dels], orgs))
    names = selectors.organisation_names([msg.sender_id, *(d.receiver_id for d in dels),
                                          *(e.receiver_id for e in events)])
    sender = names.get(msg.sender_id)
    status = selectors.summary_status(msg, dels)
    original = msg.in_reply_to
    return render(request, "exchange/message_detail.html", {
        "m": msg, "status": status, "status_label": labels.status_label(status), "badge": labels.status_badge(status),
        "type_label": labels.type_label(msg.type), "sender": sender,
        "sentence": labels.message_sentence(msg.type, sender.name if sender else "",
                                            original_type=original.type if original else None),
        "original_label": labels.type_label(original.type) if original else "",
        "caused_by_label": labels.type_label(msg.caused_by.type) if msg.caused_by else "",
        "events": [{"e": e, "sentence": labels.history_sentence(
                        e.status, inbound=msg.inbound,
                        receiver=names[e.receiver_id].name if e.receiver_id in names else ""),
                    "badge": labels.status_badge(e.status), "status_label": labels.status_label(e.status)}
                   for e in events],
        "deliveries": [{"d": d, "receiver": names.get(d.receiver_id), "status_label": labels.status_label(d.status),
                        "badge": labels.status_badge(d.status),
                        "can_operate": policies.can_operate_delivery(request.user, d)} for d in dels],
        "payload": json.dumps(msg.payload, indent=2, ensure_ascii=False) if msg.payload is not None else None,
    })


@login_required
def dead_letters(request: HttpRequest) -> HttpResponse:
    try:
        orgs = _orgs(request)
    except PermissionDenied:
        return _denied(request)
    page = Paginator(selectors.dead_letters(orgs), 50).get_page(request.GET.get("page"))
    names = selectors.organisation_names([d.receiver_id for d in page] + [d.message.sender_id for d in page])
    rows = [{"d": d, "receiver": names.get(d.receiver_id), "sender": names.get(d.message.sender_id),
             "type_label": labels.type_label(d.message.type)} for d in page]
    return render(request, "exchange/dead_letters.html", {"page": page, "rows": rows, "query": "",
                                                          "settings_orgs": _settings_orgs(request)})


@login_required
def delivery_detail(request: HttpRequest, pk: int) -> HttpResponse:
    d = selectors.delivery(pk)
    if d is None or not policies.can_operate_delivery(request.user, d):
        raise Http404
    form = PayloadForm(request.POST or None, initial={
        "payload": json.dumps(d.message.payload, indent=2, ensure_ascii=False) if d.message.payload else ""})
    if request.method == "POST" and form.is_valid():
        try:
            operations.edit_dead_payload(actor=request.user, delivery_id=d.pk, payload=form.cleaned_data["payload"])
        except DomainError as exc:
            errors = exc.details.get("errors") if isinstance(exc.details, dict) else None
            form.add_error("payload", "; ".join(f"{e['path']}: {e['message']}" for e in errors) if errors
                           else str(exc.message))
        else:
            messages.success(request, _("The payload was saved. Replay the message to send it again."))
            return redirect("exchange:delivery", pk=d.pk)
    orgs = None if is_platform_admin(request.user) else policies.viewable_organisations(request.user)
    reads.delivery_read(actor=request.user, delivery=d,  # R-ACC-6: the page shows the payload
                        organisation_id=reads.reader_organisation(d.message, [d.receiver_id], orgs))
    names = selectors.organisation_names([d.receiver_id, d.message.sender_id])
    return render(request, "exchange/delivery_detail.html", {
        "d": d, "form": form, "type_label": labels.type_label(d.message.type),
        "status_label": labels.status_label(d.status), "badge": labels.status_badge(d.status),
        "attempts": [{"a": a, "outcome_label": labels.status_label(a.outcome), "badge": labels.status_badge(a.outcome)}
                     for a in d.attempt_rows.order_by("number")],
        "receiver": names.get(d.receiver_id), "sender": names.get(d.message.sender_id)})


@login_required
@require_POST
def delivery_replay(request: HttpRequest, pk: int) -> HttpResponse:
    d = selectors.delivery(pk)
    if d is None or not policies.can_operate_delivery(request.user, d):
        raise Http404
    try:
        operations.replay(actor=request.user, delivery_id=d.pk)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The message will be delivered again."))
    return redirect("exchange:delivery", pk=d.pk)


@login_required
def settings_edit(request: HttpRequest, organisation_id: int) -> HttpResponse:
    if not policies.can_edit_settings(request.user, organisation_id):
        return _denied(request)
    conf = selectors.settings_for(organisation_id)
    initial = {"channel": conf.channel, "webhook_url": conf.webhook_url, "contact_email": conf.contact_email,
               "max_attempts": conf.max_attempts} if conf else {"channel": "pull", "max_attempts": 10}
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = operations.settings_update(actor=request.user, organisation_id=organisation_id,
                                               **form.cleaned_data)
        except DomainError as exc:
            path = exc.details.get("path") if isinstance(exc.details, dict) else None
            form.add_error(path if path in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("The delivery settings were saved."))
            if saved.new_secret:  # shown once, on the page the redirect leads to; kept sealed until then
                request.session[_SECRET_FLASH] = [organisation_id, sealing.seal(saved.new_secret)]
            return redirect("exchange:settings", organisation_id=organisation_id)
    return render(request, "exchange/settings.html", {
        "form": form, "conf": conf, "org_name": selectors.organisation_name(organisation_id),
        "queue": f"{selectors.organisation_oid(organisation_id)}",
        "new_secret": _secret_once(request, organisation_id) if request.method == "GET" else ""})


_SECRET_FLASH = "exchange.new_webhook_secret"  # noqa: S105 — the session key's name, not a secret


def _secret_once(request: HttpRequest, organisation_id: int) -> str:
    """The secret just created or rotated, taken out of the session: shown on this page load only."""
    flash = request.session.pop(_SECRET_FLASH, None)
    if not flash or flash[0] != organisation_id:
        return ""
    try:
        return sealing.open_sealed(str(flash[1]))
    except sealing.Unreadable:
        return ""


def guide(request: HttpRequest) -> HttpResponse:
    """Public integration guide: every message type with an example."""
    items = [{"name": name, "label": labels.type_label(name),
              "summary": labels.type_description(name, TYPES[name].summary), "inbound": TYPES[name].inbound,
              "json": json.dumps(env, indent=2, ensure_ascii=False)} for name, env in examples().items()]
    return render(request, "exchange/guide.html", {"items": items})
