"""A registration: one student, one network, home and host institution, one or more selections.

Selections follow the reference vocabulary's three shapes (a course unit; a realisation of a course unit;
a realisation via an assessment item of a completion option) and its status numbers 0–5. People, rights,
networks and offering are other apps' rows, referred to by id.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SelectionStatus(models.IntegerChoices):
    NOT_ENROLLED = 0, _("not enrolled")
    PENDING = 1, _("waiting for the host's decision")
    ACCEPTED = 2, _("accepted")
    REJECTED = 3, _("rejected")
    ABORTED_BY_STUDENT = 4, _("cancelled by the student")
    ABORTED_BY_TEACHER = 5, _("cancelled by the host")


class SelectionKind(models.TextChoices):
    COURSE_UNIT = "course_unit", _("course unit")
    REALISATION = "realisation", _("realisation")
    ASSESSMENT_ITEM = "assessment_item", _("realisation via an assessment item")


class Registration(models.Model):
    network_id = models.BigIntegerField(_("network"), db_index=True)
    home_organisation_id = models.BigIntegerField(_("home institution"), db_index=True)
    host_organisation_id = models.BigIntegerField(_("host institution"), db_index=True)
    home_person_id = models.BigIntegerField(_("student"), db_index=True)
    home_right_id = models.BigIntegerField(_("home study right"))
    host_person_id = models.BigIntegerField(_("student at the host"), db_index=True)
    host_right_id = models.BigIntegerField(_("host study right"), null=True, blank=True)
    registered_by = models.CharField(_("registered by"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.pk}: {self.home_person_id} -> {self.host_organisation_id}"


class Selection(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="selections")
    kind = models.CharField(_("kind"), max_length=20, choices=SelectionKind.choices)
    course_unit_id = models.BigIntegerField(_("course unit"), null=True, blank=True)
    realisation_id = models.BigIntegerField(_("realisation"), null=True, blank=True, db_index=True)
    assessment_item_ref = models.CharField(_("assessment item"), max_length=200, blank=True)
    status = models.PositiveSmallIntegerField(_("status"), choices=SelectionStatus.choices,
                                              default=SelectionStatus.PENDING)
    reason = models.CharField(_("reason"), max_length=1000, blank=True)
    host_student_number = models.CharField(_("student number at the host"), max_length=40, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["registration_id", "id"]

    def __str__(self) -> str:
        return f"{self.registration_id}/{self.pk}: {self.status}"


class SelectionHistory(models.Model):
    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="history")
    from_status = models.PositiveSmallIntegerField(null=True, blank=True)
    to_status = models.PositiveSmallIntegerField()
    reason = models.CharField(max_length=1000, blank=True)
    actor_label = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["selection_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.selection_id}: {self.from_status} -> {self.to_status}"
