"""Core tables: the append-only audit log and the durable background-work machinery."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError("The audit log is append-only.")

    def delete(self):  # type: ignore[no-untyped-def]
        raise PermissionError("The audit log is append-only.")


class AuditEvent(models.Model):
    """One row per security-relevant act (R-ACC-6). Append-only: no updates, no deletes."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    event = models.CharField(max_length=80, db_index=True)
    # The acting user. DO_NOTHING: removing a user must not touch the log (SET NULL would be an UPDATE, which
    # the append-only trigger refuses); once the user is gone the id dangles and `actor_ref` identifies them.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.DO_NOTHING,
                              related_name="+", db_constraint=False)
    actor_ref = models.CharField(max_length=64, blank=True, db_index=True)  # core.audit.actor_ref: keyed pseudonym
    actor_label = models.CharField(max_length=255, blank=True)  # kept when the user is gone
    organisation_oid = models.CharField(max_length=64, blank=True, db_index=True)  # the organisation concerned
    acting_organisation_oid = models.CharField(max_length=64, blank=True)  # whose role the actor used
    subject_type = models.CharField(max_length=80, blank=True)
    subject_id = models.CharField(max_length=64, blank=True, db_index=True)
    person_oid = models.CharField(max_length=64, blank=True, db_index=True)  # whose data, if a person's
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["organisation_oid", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.event} {self.actor_label}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError("The audit log is append-only.")


class IdempotencyRecord(models.Model):
    """The first answer to a POST that carried an `Idempotency-Key`, replayed for repeats of that key."""

    scope = models.CharField(max_length=64)  # hash of the caller's identity (user or API credential)
    key = models.CharField(max_length=200)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)  # null while the first is in progress
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="core_idempotency_once")]

    def __str__(self) -> str:
        return f"{self.method} {self.path} [{self.key}]"


class Job(models.Model):
    """A unit of background work written in the same transaction as the change that caused it.

    The worker sees it only after that transaction commits (outbox). It claims due rows with
    SELECT … FOR UPDATE SKIP LOCKED, runs the task and marks the row done in the task's own
    transaction, so a crash in the middle leaves nothing half-done and the row is claimed again
    once its lease runs out.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        DEAD = "dead", _("dead")

    task = models.CharField(max_length=120, db_index=True)
    args = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    queue = models.CharField(max_length=40, default="default")
    priority = models.SmallIntegerField(default=0)
    run_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    max_attempts = models.PositiveIntegerField(default=8)
    lease_until = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=120, blank=True)
    last_error = models.TextField(blank=True)
    unique_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["status", "queue", "run_at"], name="core_job_due"),
            models.Index(fields=["status", "lease_until"], name="core_job_lease"),
        ]

    def __str__(self) -> str:
        return f"{self.task}#{self.pk} ({self.status})"


class JobAttempt(models.Model):
    """History row per attempt: when, by which worker, and how it ended."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="history")
    number = models.PositiveIntegerField()
    worker = models.CharField(max_length=120)
    started_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=10, blank=True)  # done / retry / dead / lost
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["job_id", "number"]

    def __str__(self) -> str:
        return f"{self.job_id}/{self.number} {self.outcome}"


class SchedulerLease(models.Model):
    """A single row per scheduler name; the holder of an unexpired lease is the only firing scheduler."""

    name = models.CharField(max_length=40, primary_key=True)
    holder = models.CharField(max_length=120, blank=True)
    expires_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.name} → {self.holder}"


class PeriodicRun(models.Model):
    """One row per (periodic task, time slot): the unique constraint makes a slot fire at most once."""

    name = models.CharField(max_length=80)
    slot = models.DateTimeField()
    fired_at = models.DateTimeField(default=timezone.now)
    fired_by = models.CharField(max_length=120)
    job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "slot"], name="core_periodicrun_once")]
        ordering = ["-slot"]

    def __str__(self) -> str:
        return f"{self.name}@{self.slot:%Y-%m-%d %H:%M:%S}"
