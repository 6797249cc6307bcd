"""Records the host keeps (the master, R-REC-1) and the credited copies the home institution receives.

The credited copy names the original institution and keeps the original grade and scale beside the
converted one (R-REC-2). People, rights and offering are other apps' rows, referred to by id.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordStatus(models.TextChoices):
    RECORDED = "recorded", _("recorded")
    CORRECTED = "corrected", _("corrected")
    REMOVED = "removed", _("removed")


class CreditStatus(models.TextChoices):
    RECEIVED = "received", _("waiting for approval")
    ACCEPTED = "accepted", _("credited")
    REJECTED = "rejected", _("not credited")
    WITHDRAWN = "withdrawn", _("withdrawn by the host")


class Record(models.Model):
    organisation_id = models.BigIntegerField(_("host institution"), db_index=True)
    host_person_id = models.BigIntegerField(_("student"), db_index=True)
    realisation_id = models.BigIntegerField(_("realisation"), null=True, blank=True)
    course_unit_id = models.BigIntegerField(_("course unit"))
    completion_date = models.DateField(_("completion date"))
    credits = models.DecimalField(_("credits"), max_digits=5, decimal_places=1)
    grade = models.CharField(_("grade"), max_length=20)
    scale = models.CharField(_("grading scale"), max_length=40)
    language = models.CharField(_("language"), max_length=2, default="fi")
    assessor = models.CharField(_("assessor"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=RecordStatus.choices, default=RecordStatus.RECORDED)
    # The host system's own identifier (v9 completedCreditIdentifier); corrections and removals by message name it.
    external_id = models.CharField(_("identifier in the host's system"), max_length=150, blank=True, db_index=True)
    # The completion as the host's system last sent it (every v9 field, passed on unchanged); {} if entered here.
    source = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-completion_date", "-id"]

    def __str__(self) -> str:
        return f"{self.pk}: {self.grade} ({self.scale})"


class Credit(models.Model):
    record = models.OneToOneField(Record, on_delete=models.PROTECT, related_name="credit")
    home_organisation_id = models.BigIntegerField(_("home institution"), db_index=True)
    home_person_id = models.BigIntegerField(_("student"), db_index=True)
    original_organisation_id = models.BigIntegerField(_("original institution"))
    original_grade = models.CharField(_("original grade"), max_length=20)
    original_scale = models.CharField(_("original grading scale"), max_length=40)
    converted_grade = models.CharField(_("grade at home"), max_length=20, blank=True)
    home_scale = models.CharField(_("home grading scale"), max_length=40, blank=True)
    conversion_note = models.CharField(_("how the grade was converted"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=CreditStatus.choices, default=CreditStatus.RECEIVED)
    reason = models.CharField(_("reason"), max_length=1000, blank=True)
    # The study-record message that brought the current version home; the home's reply names it (R-REC-2).
    request_message_id = models.UUIDField(null=True, blank=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return f"{self.pk}: {self.original_grade} -> {self.converted_grade}"


class ConversionTable(models.Model):
    """A home institution's mapping from an incoming scale to its own (R-REC-2)."""

    organisation_id = models.BigIntegerField(_("home institution"), db_index=True)
    from_scale = models.CharField(_("incoming scale"), max_length=40)
    to_scale = models.CharField(_("own scale"), max_length=40)
    mapping = models.JSONField(_("grade mapping"), default=dict)

    class Meta:
        ordering = ["organisation_id", "from_scale"]
        constraints = [models.UniqueConstraint(fields=["organisation_id", "from_scale"],
                                               name="records_one_table_per_scale")]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.from_scale} -> {self.to_scale}"


class GradingScale(models.Model):
    """An institution-defined scale (the national ones live in rules.NATIONAL_SCALES)."""

    organisation_id = models.BigIntegerField(_("institution"), db_index=True)
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    grades = models.JSONField(_("grades, lowest first"), default=list)
    failing = models.JSONField(_("failing grades"), default=list)

    class Meta:
        ordering = ["organisation_id", "code"]
        constraints = [models.UniqueConstraint(fields=["organisation_id", "code"], name="records_scale_code_unique")]

    def __str__(self) -> str:
        return self.code
