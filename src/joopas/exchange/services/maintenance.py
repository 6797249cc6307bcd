"""Housekeeping: payload retention (SPEC §12) and the daily failure digest to each organisation's contact."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from joopas.exchange.models import (
    Delivery,
    DeliveryStatus,
    ExchangeSettings,
    Message,
    MessageStatus,
    StatusEvent,
)


def purge_payloads(*, now: dt.datetime | None = None) -> int:
    """Retention (SPEC §12): payloads older than EXCHANGE_PAYLOAD_RETENTION_DAYS are removed; status stays.

    Messages with a delivery still on its way keep their payload until it is delivered or dead.
    """
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.EXCHANGE_PAYLOAD_RETENTION_DAYS)
    open_ = Delivery.objects.filter(message=OuterRef("pk"),
                                    status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED])
    with transaction.atomic():
        return Message.objects.filter(received_at__lt=cutoff, payload__isnull=False) \
            .filter(~Exists(open_)).update(payload=None, payload_purged_at=now)


def failure_digest(*, since: dt.datetime | None = None, now: dt.datetime | None = None) -> int:
    """Daily email to each organisation's exchange contact: its failed and dead deliveries and refusals."""
    now = now or timezone.now()
    since = since or now - dt.timedelta(days=1)
    sent = 0
    for conf in ExchangeSettings.objects.exclude(contact_email=""):
        failures = list(StatusEvent.objects.filter(at__gte=since, at__lt=now, status__in=["failed", "dead"])
                        .filter(Q(receiver_id=conf.organisation_id) | Q(message__sender_id=conf.organisation_id))
                        .select_related("message").order_by("at")[:200])
        refused = list(Message.objects.filter(sender_id=conf.organisation_id, status=MessageStatus.REFUSED,
                                              received_at__gte=since, received_at__lt=now)[:200])
        if not failures and not refused:
            continue
        lines = [_("Exchange failures in the last 24 hours:"), ""]
        lines += [f"{e.at:%Y-%m-%d %H:%M} {e.status} {e.message.type} {e.message.message_id}: {e.reason[:200]}"
                  for e in failures]
        lines += [f"{m.received_at:%Y-%m-%d %H:%M} refused {m.type} {m.message_id}: {m.status_reason[:200]}"
                  for m in refused]
        lines += ["", f"{settings.SITE_URL}/exchange/"]
        send_mail(_("Joopas exchange: %(n)d problem(s)") % {"n": len(failures) + len(refused)}, "\n".join(lines),
                  None, [conf.contact_email])
        sent += 1
    return sent
