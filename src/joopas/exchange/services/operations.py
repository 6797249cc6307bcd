"""What operators do: replay a dead letter, fix its payload first, and edit an organisation's delivery settings."""

from __future__ import annotations

import json
import secrets
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
from joopas.exchange import policies, rules
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


def settings_update(*, actor: Any, organisation_id: int, channel: str, webhook_url: str = "",
                    contact_email: str = "", max_attempts: int = 10, new_secret: bool = False) -> ExchangeSettings:
    if not policies.can_edit_settings(actor, organisation_id):
        raise PermissionDenied()
    if channel not in Channel.values:
        raise ValidationFailed(code=ErrorCode.UNKNOWN_CHANNEL, details={"path": "channel"})
    if channel == Channel.WEBHOOK:
        allowed = ("https://", "http://") if settings.EXCHANGE_WEBHOOK_ALLOW_HTTP else ("https://",)
        if not webhook_url.startswith(allowed):
            raise ValidationFailed(_("A webhook address must start with https://."),
                                   code=ErrorCode.WEBHOOK_HTTPS_REQUIRED, details={"path": "webhook_url"})
    if not 1 <= max_attempts <= 50:
        raise ValidationFailed(code=ErrorCode.MAX_ATTEMPTS_RANGE, details={"path": "max_attempts"})
    with transaction.atomic():
        conf, _created = ExchangeSettings.objects.select_for_update().get_or_create(organisation_id=organisation_id)
        before = {"channel": conf.channel, "webhook_url": conf.webhook_url, "contact_email": conf.contact_email,
                  "max_attempts": conf.max_attempts}
        conf.channel, conf.webhook_url = channel, webhook_url
        conf.contact_email, conf.max_attempts = contact_email, max_attempts
        if new_secret or (channel == Channel.WEBHOOK and not conf.webhook_secret):
            conf.webhook_secret = secrets.token_hex(32)
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
                                           "secret_rotated": new_secret})
    return conf


def ensure_settings(*, organisation_id: int, channel: str = Channel.PULL, webhook_url: str = "",
                    contact_email: str = "") -> ExchangeSettings:
    """For the demo and tests: settings without an acting user."""
    conf, _created = ExchangeSettings.objects.update_or_create(
        organisation_id=organisation_id,
        defaults={"channel": channel, "webhook_url": webhook_url, "contact_email": contact_email})
    if channel == Channel.WEBHOOK and not conf.webhook_secret:
        conf.webhook_secret = secrets.token_hex(32)
        conf.save(update_fields=["webhook_secret"])
    return conf
