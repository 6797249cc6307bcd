"""Writes of the notifications app: create a message once, deliver it by a job, record reads (R-ACC-6).

`notify()` runs in the caller's transaction: the message, its deliveries and their jobs commit together with the
caller's change or not at all (core.jobs is an outbox). The job sends after commit, retries with back-off and on
its final attempt marks the delivery failed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from joopas.accounts import api as accounts_api
from joopas.core import audit, jobs
from joopas.core.errors import NotAuthenticated, NotFound
from joopas.core.models import Job
from joopas.notifications import policies, registry, rules, selectors, sms
from joopas.notifications.codes import ErrorCode, Event, Status
from joopas.notifications.models import Delivery, Notification

log = logging.getLogger("joopas.notifications")

DELIVER_TASK = "notifications.deliver"


@dataclass(frozen=True)
class Address:
    """A recipient without an account: an email address and/or a phone number, and the language to write in."""

    email: str = ""
    phone: str = ""
    language: str = "fi"


@dataclass(frozen=True)
class _Resolved:
    user_id: int | None
    email: str
    phone: str
    language: str
    active: bool = True


def _resolve(recipient: Any) -> _Resolved:
    if isinstance(recipient, Address):
        if not recipient.email and not recipient.phone:
            raise rules.TemplateError("an Address needs an email or a phone number")
        return _Resolved(None, recipient.email.strip().lower(), rules.normalise_phone(recipient.phone),
                         rules.language_of(recipient.language))
    pk = recipient if isinstance(recipient, int) else getattr(recipient, "pk", None) or getattr(recipient, "id", None)
    user = accounts_api.get_by_id(pk) if pk else None
    if user is None:
        raise rules.TemplateError(f"notify(): unknown recipient {recipient!r}: give a user or an Address")
    return _Resolved(user.id, user.email, "", rules.language_of(user.language), user.is_active)


def notify(event: str, recipient: Any, context: dict[str, Any], *, key: str = "", link: str = "",
           actor: Any = None) -> Notification | None:
    """Create the message once per (event, recipient, key) and queue its email/SMS; None when it existed already.

    A missing placeholder or an unknown event raises TemplateError here, in the caller, never in the job."""
    spec = registry.get(event)
    missing = rules.missing_placeholders(spec.placeholders, context)
    if missing:
        raise rules.TemplateError(f"notify({event!r}): the context lacks {', '.join(missing)}")
    r = _resolve(recipient)
    ref = rules.recipient_ref(user_id=r.user_id, email=r.email, phone=r.phone)
    key = str(key)[:200]
    if Notification.objects.filter(event=event, recipient_ref=ref, key=key).exists():
        return None
    with translation.override(r.language):
        subject = rules.render(str(spec.subject), context, r.language, single_line=True)[:300]
        body = rules.render(str(spec.body), context, r.language)
        sms_text = rules.render(str(spec.sms), context, r.language) if spec.sms else ""
    try:
        with transaction.atomic():  # a savepoint: a lost race leaves the caller's transaction usable
            n = Notification.objects.create(event=event, key=key, recipient_ref=ref, user_id=r.user_id,
                                            email=r.email, phone=r.phone, language=r.language, subject=subject,
                                            body=body, sms_text=sms_text, link=rules.safe_link(link))
    except IntegrityError:
        return None  # the same message was created by a concurrent call: nothing more to do
    channels = rules.channels_for(spec.channels, email=r.email if r.active else "", phone=r.phone,
                                  is_user=r.user_id is not None)
    for channel in channels:
        address = r.email if channel == "email" else r.phone
        d = Delivery.objects.create(notification=n, channel=channel, address=address)
        job = jobs.enqueue(DELIVER_TASK, args={"delivery_id": d.pk}, unique_key=f"{DELIVER_TASK}:{d.pk}",
                           max_attempts=settings.NOTIFICATIONS_MAX_ATTEMPTS)
        d.job_id = job.pk
        d.save(update_fields=["job_id"])
    audit.record(Event.CREATED, actor=actor, subject=n,
                 after={"event": event, "key": key, "user_id": r.user_id, "email": r.email,
                        "phone": r.phone[-3:] if r.phone else "", "channels": ["inbox", *channels]
                        if r.user_id else channels})
    return n


def _send(d: Delivery) -> None:
    n = d.notification
    if d.channel == Delivery.Channel.SMS:
        sms.get_backend().send(d.address, n.sms_text)
        return
    body = n.body
    if n.link:
        body = f"{body}\n\n{settings.SITE_URL.rstrip('/')}{n.link}"
    message = EmailMultiAlternatives(n.subject, body, None, [d.address])
    message.attach_alternative(rules.html_paragraphs(body), "text/html")
    message.send(fail_silently=False)


def deliver(delivery_id: int) -> str:
    """Send one delivery (the job `notifications.deliver`). A failure raises so the job retries with back-off;
    the final attempt's failure marks the delivery failed (and the job finishes) instead. Returns the status."""
    d = Delivery.objects.select_for_update().select_related("notification").filter(pk=delivery_id).first()
    if d is None or d.status != Status.QUEUED:
        return d.status if d else ""
    job = Job.objects.filter(pk=d.job_id).first() if d.job_id else None
    attempt = job.attempts if job else 1
    final = job is None or attempt >= job.max_attempts
    try:
        _send(d)
    except Exception as exc:
        if not final:
            raise
        d.status, d.attempts, d.last_error = Status.FAILED, attempt, f"{type(exc).__name__}: {exc}"[:2000]
        d.save(update_fields=["status", "attempts", "last_error"])
        audit.record(Event.FAILED, subject=d.notification,
                     after={"channel": d.channel, "attempts": attempt, "error": d.last_error})
        log.warning("notification %s %s failed for good after %s attempts", d.notification_id, d.channel, attempt)
        return d.status
    d.status, d.attempts, d.sent_at, d.last_error = Status.SENT, attempt, timezone.now(), ""
    d.save(update_fields=["status", "attempts", "sent_at", "last_error"])
    audit.record(Event.SENT, subject=d.notification, after={"channel": d.channel, "attempts": attempt})
    return d.status


def _require_user(actor: Any) -> None:
    if not getattr(actor, "is_authenticated", False):
        raise NotAuthenticated(code=ErrorCode.NOT_AUTHENTICATED)


def inbox_read(*, actor: Any, offset: int = 0, limit: int = 20) -> tuple[list[Notification], int]:
    """R-ACC-6: one page of the own message list, recorded as a read of one's own data."""
    _require_user(actor)
    qs = selectors.inbox(actor.pk)
    total = qs.count()
    rows = list(qs[offset:offset + limit])
    audit.record(Event.INBOX_READ, actor=actor, subject=("accounts.user", actor.pk),
                 after={"shown": [n.pk for n in rows], "total": total})
    return rows, total


@transaction.atomic
def notification_read(*, actor: Any, pk: int) -> Notification:
    """R-ACC-6: open one own message (it becomes read); another person's message is not found and nothing
    changes."""
    _require_user(actor)
    n = Notification.objects.select_for_update().filter(pk=pk).first()
    if n is None or not policies.can_read(actor, n):
        raise NotFound(code=ErrorCode.NOT_FOUND)
    if n.read_at is None:
        n.read_at = timezone.now()
        n.save(update_fields=["read_at"])
    audit.record(Event.READ, actor=actor, subject=n, after={"event": n.event})
    return n


@transaction.atomic
def mark_all_read(*, actor: Any) -> int:
    """Mark every unread own message read; returns how many."""
    _require_user(actor)
    ids = list(selectors.inbox(actor.pk).filter(read_at__isnull=True).values_list("pk", flat=True))
    if ids:
        Notification.objects.filter(pk__in=ids).update(read_at=timezone.now())
        audit.record(Event.MARKED_READ, actor=actor, subject=("accounts.user", actor.pk), after={"ids": ids})
    return len(ids)
