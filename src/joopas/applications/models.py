"""JOO applications and the hosts' application rounds and terms (seed 001, SPEC §5).

An application is one student, one host institution, one round, one or more requested study entities in the
student's order of preference. The home institution endorses (puolto) before the host sees it (R-JOO-1); the
host decides per entity or asks for a supplement (täydennyspyyntö, R-JOO-2); a grant creates the JOO right in
the rights app (R-JOO-3). Persons, rights and offering are other apps' rows, referred to by id.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _


class PrivateStorage(FileSystemStorage):
    """Where attachments are kept: settings.PRIVATE_FILES_DIR, read when used (so a test or a deployment may set
    it after start-up), never under a public URL."""

    @property  # type: ignore[override]
    def base_location(self) -> str:
        return str(settings.PRIVATE_FILES_DIR)

    @property  # type: ignore[override]
    def location(self) -> str:
        return os.path.abspath(self.base_location)


def private_storage() -> FileSystemStorage:
    return PrivateStorage(base_url=None)


class RoundKind(models.TextChoices):
    FIXED = "fixed", _("application period")
    CONTINUOUS = "continuous", _("continuous application")


class HostTerms(models.Model):
    """What a host publishes for JOO students (R-JOO-8, seed 001 §5): the application guidance, how JOO students
    are admitted to courses and enrol, and which student services (library, IT) they get and how."""

    organisation_id = models.BigIntegerField(_("host institution"), unique=True)
    guidance_fi = models.TextField(_("application guidance (Finnish)"), blank=True)
    guidance_sv = models.TextField(_("application guidance (Swedish)"), blank=True)
    guidance_en = models.TextField(_("application guidance (English)"), blank=True)
    admission_fi = models.TextField(_("admission to courses and enrolment (Finnish)"), blank=True)
    admission_sv = models.TextField(_("admission to courses and enrolment (Swedish)"), blank=True)
    admission_en = models.TextField(_("admission to courses and enrolment (English)"), blank=True)
    services_fi = models.TextField(_("library and IT services (Finnish)"), blank=True)
    services_sv = models.TextField(_("library and IT services (Swedish)"), blank=True)
    services_en = models.TextField(_("library and IT services (English)"), blank=True)
    reminder_days = models.PositiveSmallIntegerField(_("days before a supplement reminder"), default=14)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("JOO terms")

    def __str__(self) -> str:
        return f"JOO terms {self.organisation_id}"

    def text(self, name: str, lang: str) -> str:
        return str(getattr(self, f"{name}_{lang}", "") or getattr(self, f"{name}_fi", "")
                   or getattr(self, f"{name}_en", ""))


class Round(models.Model):
    """One application round of a host: a period ending 30.4 or 31.10 by default, or continuous application."""

    organisation_id = models.BigIntegerField(_("host institution"), db_index=True)
    academic_year = models.PositiveSmallIntegerField(_("academic year (starting year)"))
    kind = models.CharField(_("kind"), max_length=12, choices=RoundKind.choices, default=RoundKind.FIXED)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"), null=True, blank=True)  # continuous: may stay open
    studies_start = models.DateField(_("granted studies start on"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation_id", "-opens_on", "id"]
        constraints = [models.UniqueConstraint(fields=["organisation_id", "opens_on", "kind"],
                                               name="applications_round_unique")]

    def __str__(self) -> str:
        return f"{self.organisation_id}:{self.opens_on}–{self.closes_on or ''}"


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("waiting for your home university")
    DECLINED = "declined", _("not endorsed by the home university")
    ENDORSED = "endorsed", _("waiting for the host's decision")
    SUPPLEMENT = "supplement", _("supplement requested")
    DECIDED = "decided", _("decided")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Application(models.Model):
    number = models.CharField(_("application number"), max_length=30, blank=True, db_index=True)
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="applications")
    host_organisation_id = models.BigIntegerField(_("host institution"), db_index=True)
    home_organisation_id = models.BigIntegerField(_("home institution"), db_index=True)
    home_person_id = models.BigIntegerField(_("student"), db_index=True)
    home_right_id = models.BigIntegerField(_("home study right"))
    status = models.CharField(_("status"), max_length=12, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.DRAFT, db_index=True)
    justification = models.TextField(_("justification"), blank=True)
    transcript = models.JSONField(_("transcript"), default=list, blank=True)  # generated: rows as of submission
    transcript_generated_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    endorsed_at = models.DateTimeField(null=True, blank=True)
    endorsed_by = models.CharField(max_length=200, blank=True)
    payment_committed = models.BooleanField(_("home commits to pay"), default=False)  # R-JOO-1, for billing
    home_reason = models.CharField(_("reason"), max_length=1000, blank=True)
    decision_due = models.DateField(_("decision due"), null=True, blank=True, db_index=True)
    supplement_request = models.TextField(_("what to supplement"), blank=True)
    supplement_requested_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.CharField(max_length=200, blank=True)
    joo_right_id = models.BigIntegerField(_("JOO study right"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["host_organisation_id", "status"], name="applications_host_status"),
                   models.Index(fields=["home_organisation_id", "status"], name="applications_home_status")]

    def __str__(self) -> str:
        return self.number or f"draft {self.pk}"


class Decision(models.TextChoices):
    PENDING = "pending", _("not decided yet")
    GRANTED = "granted", _("granted")
    REJECTED = "rejected", _("rejected")


class RequestedEntity(models.Model):
    """A requested study entity (module or course unit) in the student's order; the host's decision on it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="entities")
    position = models.PositiveSmallIntegerField(_("order"))
    entity_kind = models.CharField(_("kind"), max_length=20)  # study_module | course_unit
    entity_id = models.BigIntegerField(_("study entity"))
    code = models.CharField(_("code"), max_length=60, blank=True)
    name = models.JSONField(_("name"), default=dict)  # {"fi": …, "sv": …, "en": …} as when applied
    credits = models.CharField(_("credits"), max_length=20, blank=True)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING)
    reason = models.CharField(_("reason"), max_length=1000, blank=True)

    class Meta:
        ordering = ["application_id", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["application", "entity_kind", "entity_id"],
                                               name="applications_entity_once")]

    def __str__(self) -> str:
        return f"{self.application_id}:{self.position}:{self.code}"

    def label(self, lang: str) -> str:
        return str(self.name.get(lang) or self.name.get("fi") or self.name.get("en") or self.code)


class AttachmentKind(models.TextChoices):
    TRANSCRIPT = "transcript", _("transcript of records")
    STUDY_PLAN = "study_plan", _("personal study plan (HOPS)")
    OTHER = "other", _("other attachment")


class Attachment(models.Model):
    """A file the student attached. Stored outside the public files and given out only through a view that
    checks the reader is the student or an officer of one of the two institutions (R-JOO-1: the host only after
    endorsement)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=12, choices=AttachmentKind.choices)
    file = models.FileField(upload_to="applications/%Y/%m/", storage=private_storage)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application_id", "id"]

    def __str__(self) -> str:
        return self.original_name


class ApplicationHistory(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    reason = models.CharField(max_length=1000, blank=True)
    actor_label = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_status} -> {self.to_status}"
