"""Reads of automatic messages. Whoever shows them to a person records the read (services.inbox_read …)."""

from __future__ import annotations

from django.db.models import QuerySet

from joopas.notifications.models import Delivery, Notification


def inbox(user_id: int) -> QuerySet[Notification]:
    """The own message list, newest first."""
    return Notification.objects.filter(user_id=user_id).order_by("-created_at", "-id")


def unread_count(user_id: int) -> int:
    return Notification.objects.filter(user_id=user_id, read_at__isnull=True).count()


def own(user_id: int, pk: int) -> Notification | None:
    """One of the person's own messages, or None (another person's message is as good as absent: 404)."""
    return Notification.objects.filter(user_id=user_id, pk=pk).first()


def deliveries_of(notification_id: int) -> QuerySet[Delivery]:
    return Delivery.objects.filter(notification_id=notification_id).order_by("channel")
