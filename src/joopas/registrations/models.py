"""A registration: one student, one network, home and host institution, one or more selections.

Selections follow the reference vocabulary's three shapes (a course unit; a realisation of a course unit;
a realisation via an assessment item of a completion option) and its status numbers 0–5. People, rights,
networks and offering are other apps' rows, referred to by id.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
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
    # The vocabulary's registrationRequestId: how both institutions' systems name this registration.
    request_id = models.UUIDField(_("registration request id"), unique=True, default=uuid.uuid4, editable=False)
    # When the home system said the student enrolled (enrolmentDateTime); the creation time otherwise.
    enrolled_at = models.DateTimeField(_("enrolled at"), null=True, blank=True)
    # The CREATE_REGISTRATION_REQUEST payload as the home system sent it (None when made in Joopas' pages):
    # forwarded to the host unchanged (R-EXC-5).
    source = models.JSONField(null=True, blank=True, editable=False)

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
    # The registration's student, repeated here so the database itself refuses a second active selection of
    # one student to one realisation (R-REG-1), also when two requests arrive at the same moment.
    home_person_id = models.BigIntegerField(_("student"), db_index=True, default=0)
    completion_option_ref = models.CharField(_("completion option"), max_length=200, blank=True)
    sub_groups = models.JSONField(_("sub-group selections"), default=list, blank=True)
    status_info = models.CharField(_("status information"), max_length=1000, blank=True)

    class Meta:
        ordering = ["registration_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["home_person_id", "realisation_id"],
                                    condition=Q(status__in=[0, 1, 2], realisation_id__isnull=False),
                                    name="registrations_one_active_per_realisation"),
            models.UniqueConstraint(fields=["home_person_id", "course_unit_id"],
                                    condition=Q(status__in=[0, 1, 2], kind="course_unit"),
                                    name="registrations_one_active_per_course_unit"),
        ]

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
