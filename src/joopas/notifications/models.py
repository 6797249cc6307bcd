"""Automatic messages (notifications) and their deliveries.

A `Notification` is one message to one recipient, rendered in the recipient's language when `notify()` ran; it is
unique per (event, recipient, key), which makes `notify()` idempotent even when two transactions race (the second
insert waits for the first and then fails on the constraint). A user recipient always keeps it in the own message
list (SPEC §9, R-COM-6). Each outside channel (email, SMS) gets a `Delivery`, sent by a job after commit.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from joopas.notifications.codes import Status


class Notification(models.Model):
    event = models.CharField(max_length=100)
    key = models.CharField(max_length=200, blank=True, default="")
    # "user:<id>" or "address:<email>|<phone>": the identity the uniqueness is about
    recipient_ref = models.CharField(max_length=400)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="notifications")
    email = models.EmailField(blank=True, default="")
    phone = models.CharField(max_length=32, blank=True, default="")
    language = models.CharField(max_length=2, default="fi")
    subject = models.CharField(max_length=300)
    body = models.TextField()
    sms_text = models.TextField(blank=True, default="")
    link = models.CharField(max_length=500, blank=True, default="")  # a path in the service ("/…"), or ""
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "recipient_ref", "key"],
                                               name="notification_once_per_event_recipient_key")]
        indexes = [models.Index(fields=["user", "-created_at"], name="notification_inbox"),
                   models.Index(fields=["user", "read_at"], name="notification_unread")]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.event} → {self.recipient_ref}"


class Delivery(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", "email"
        SMS = "sms", "SMS"

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    address = models.CharField(max_length=254)
    status = models.CharField(max_length=10, default=Status.QUEUED,
                              choices=[(s.value, s.value) for s in Status])
    job_id = models.BigIntegerField(null=True, blank=True)  # core.Job that sends it (retries, back-off)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True, default="")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["notification", "channel"],
                                               name="delivery_once_per_channel")]

    def __str__(self) -> str:
        return f"{self.notification_id}/{self.channel}: {self.status}"
