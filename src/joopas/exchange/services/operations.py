"""What operators do: replay a dead letter, fix its payload first, and edit an organisation's delivery settings."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import ValidationError

from joopas.core import audit
from joopas.core.errors import DomainError, PermissionDenied, ValidationFailed
from joopas.core.problems import from_pydantic, problem_details
from joopas.core.transitions import locked
from joopas.exchange import netguard, policies, rules, sealing
from joopas.exchange.codes import ErrorCode, Event
from joopas.exchange.models import Channel, Delivery, DeliveryStatus, ExchangeSettings
from joopas.exchange.registry import TYPES
from joopas.exchange.services.history import event, set_delivery_status
from joopas.exchange.services.outbound import PUSH_CHANNELS, notify_due
from joopas.organisations.api import get_by_id


def _locked_delivery(actor: Any, delivery_id: int) -> Delivery:
    d = locked(Delivery.objects.select_related("message"), not_found_code=ErrorCode.DELIVERY_NOT_FOUND,
               pk=delivery_id)
    if not policies.can_operate_delivery(actor, d):
        raise PermissionDenied()
    return d


def replay(*, actor: Any, delivery_id: int) -> Delivery:
    """Dead-letter replay: the delivery is due again with a fresh retry budget."""
    with transaction.atomic():
        d = _locked_delivery(actor, delivery_id)
        rules.check_delivery_transition(d.status, DeliveryStatus.PENDING)
        if d.message.payload is None:
            raise DomainError(_("The payload has been purged; the message cannot be replayed."),
                              code=ErrorCode.PAYLOAD_PURGED, status=409)
        before = {"status": d.status, "attempts": d.attempts}
        d.next_attempt_at, d.lease_until = timezone.now(), None
        d.max_attempts = d.attempts + max(1, d.max_attempts)
        set_delivery_status(d, DeliveryStatus.PENDING, _("replayed by %(who)s") % {"who": actor.email},
                            extra_fields=["next_attempt_at", "lease_until", "max_attempts"])
        if d.channel in PUSH_CHANNELS:
            notify_due()
        audit.record(Event.DELIVERY_REPLAYED, actor=actor, subject=d, before=before,
                     after={"status": d.status, "max_attempts": d.max_attempts})
    return d


def edit_dead_payload(*, actor: Any, delivery_id: int, payload: dict[str, Any]) -> Delivery:
    """An operator fixes a dead message's payload before replaying it (audited, schema-checked)."""
    with transaction.atomic():
        d = _locked_delivery(actor, delivery_id)
        if d.status != DeliveryStatus.DEAD:
            raise DomainError(_("Only a dead message can be edited."), code=ErrorCode.NOT_DEAD, status=409)
        mtype = TYPES.get(d.message.type)
        if mtype is None:
            raise ValidationFailed(code=ErrorCode.UNKNOWN_TYPE)
        try:
            mtype.model.model_validate_json(json.dumps(payload), strict=True)
        except ValidationError as exc:
            raise ValidationFailed(details=problem_details(from_pydantic(exc))) from exc
        before = d.message.payload
        d.message.payload = payload
        d.message.save(update_fields=["payload"])
        event(d.message, DeliveryStatus.DEAD, _("payload edited by %(who)s") % {"who": actor.email}, delivery=d)
        audit.record(Event.PAYLOAD_EDITED, actor=actor, subject=d.message, before=before, after=payload)
    return d


@dataclass(frozen=True)
class SettingsSaved:
    """The saved settings and, when a signing secret was created or rotated, the new secret: shown to the
    main user this once (it is stored sealed and never rendered again)."""

    settings: ExchangeSettings
    new_secret: str = ""


def overlap_hours() -> float:
    """How long the previous secret stays valid after a rotation (both sign webhook requests meanwhile)."""
    return float(getattr(settings, "EXCHANGE_WEBHOOK_SECRET_OVERLAP_HOURS", 24))


def check_webhook_url(webhook_url: str) -> None:
    """The address a main user saves: https (http only where allowed), a public address after resolution,
    an allowed port (`netguard`). A translated 422 naming `webhook_url`."""
    https_required = ValidationFailed(_("A webhook address must start with https://."),
                                      code=ErrorCode.WEBHOOK_HTTPS_REQUIRED, details={"path": "webhook_url"})
    if not webhook_url.startswith(("https://", "http://")):
        raise https_required
    try:
        netguard.check_url(webhook_url)
    except netguard.Refused as exc:
        if exc.reason == netguard.HTTP_NOT_ALLOWED:
            raise https_required from exc
        if exc.reason == netguard.PORT_NOT_ALLOWED:
            ports = ", ".join(str(p) for p in netguard.allowed_ports())
            raise ValidationFailed(_("A webhook address may use only these ports: %(ports)s.") % {"ports": ports},
                                   code=ErrorCode.WEBHOOK_PORT_NOT_ALLOWED, details={"path": "webhook_url"}) from exc
        raise ValidationFailed(_("A webhook address must be a public internet address, not a local, private or "
                                 "reserved one."),
                               code=ErrorCode.WEBHOOK_ADDRESS_NOT_ALLOWED, details={"path": "webhook_url"}) from exc


def settings_update(*, actor: Any, organisation_id: int, channel: str, webhook_url: str = "",
                    contact_email: str = "", max_attempts: int = 10, new_secret: bool = False) -> SettingsSaved:
    if not policies.can_edit_settings(actor, organisation_id):
        raise PermissionDenied()
    if channel not in Channel.values:
        raise ValidationFailed(code=ErrorCode.UNKNOWN_CHANNEL, details={"path": "channel"})
    if channel == Channel.WEBHOOK:
        check_webhook_url(webhook_url)
    if not 1 <= max_attempts <= 50:
        raise ValidationFailed(code=ErrorCode.MAX_ATTEMPTS_RANGE, details={"path": "max_attempts"})
    revealed = ""
    with transaction.atomic():
        conf, _created = ExchangeSettings.objects.select_for_update().get_or_create(organisation_id=organisation_id)
        before = {"channel": conf.channel, "webhook_url": conf.webhook_url, "contact_email": conf.contact_email,
                  "max_attempts": conf.max_attempts}
        conf.channel, conf.webhook_url = channel, webhook_url
        conf.contact_email, conf.max_attempts = contact_email, max_attempts
        rotated = bool(new_secret and conf.webhook_secret_sealed)
        if new_secret or (channel == Channel.WEBHOOK and not conf.webhook_secret_sealed):
            revealed = _new_secret(conf, overlap=rotated)
        conf.save()
        # Deliveries not yet out go by the new channel.
        Delivery.objects.filter(receiver_id=organisation_id,
                                status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED]) \
            .update(channel=channel)
        if channel in PUSH_CHANNELS:
            notify_due()
        org = get_by_id(organisation_id)
        audit.record(Event.SETTINGS_UPDATED, actor=actor, organisation=org.oid if org else "", subject=conf,
                     before=before, after={**before, "channel": channel, "webhook_url": webhook_url,
                                           "contact_email": contact_email, "max_attempts": max_attempts,
                                           "secret_rotated": new_secret,
                                           "previous_secret_until": conf.previous_secret_until if rotated else None})
    return SettingsSaved(conf, revealed)


def _new_secret(conf: ExchangeSettings, *, overlap: bool) -> str:
    """A fresh signing secret, sealed; on a rotation the old one stays valid for the overlap window."""
    secret = secrets.token_hex(32)
    if overlap:
        conf.previous_secret_sealed = conf.webhook_secret_sealed
        conf.previous_secret_until = timezone.now() + dt.timedelta(hours=overlap_hours())
    conf.webhook_secret_sealed = sealing.seal(secret)
    return secret


def ensure_settings(*, organisation_id: int, channel: str = Channel.PULL, webhook_url: str = "",
                    contact_email: str = "") -> ExchangeSettings:
    """For the demo and tests: settings without an acting user (the address is not checked)."""
    conf, _created = ExchangeSettings.objects.update_or_create(
        organisation_id=organisation_id,
        defaults={"channel": channel, "webhook_url": webhook_url, "contact_email": contact_email})
    if channel == Channel.WEBHOOK and not conf.webhook_secret_sealed:
        _new_secret(conf, overlap=False)
        conf.save(update_fields=["webhook_secret_sealed"])
    return conf
