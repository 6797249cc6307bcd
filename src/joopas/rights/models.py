"""Persons (henkilö) and their study rights (opiskeluoikeus) at one organisation.

A person is an identity *at an organisation*, as in the institutions' own systems: the home
institution's record of a student and a host's record of the same student are two rows, matched on the
national person id or the learner OID (R-REG-6). The national person id is kept only as a keyed digest
(for matching) and a masked form (for the owner's staff); never in full.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class StudyRightStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    OPTION = "option", _("option")  # granted, not yet taken up (ilmoittautumatta)
    PASSIVATED = "passivated", _("passivated")
    ENDED = "ended", _("ended")
    FORFEITED = "forfeited", _("forfeited")


class StudyRightKind(models.TextChoices):
    HOME = "home", _("home study right")
    HOST_PROVISIONAL = "host_provisional", _("provisional host study right")  # R-REG-2
    HOST_OFFICIAL = "host_official", _("host study right")  # R-REG-3
    JOO = "joo", _("JOO study right")  # R-JOO-3..6: granted on a JOO application (joustava opinto-oikeus)


class EndReason(models.TextChoices):
    """Why a right ended before its own end date (kept for billing, R-BIL-2)."""

    HOME_RIGHT_ENDED = "home_right_ended", _("the home study right ended")  # R-JOO-4
    HOST_DEGREE = "host_degree", _("became a degree student of the host")  # R-JOO-5


class Person(models.Model):
    organisation_id = models.BigIntegerField(_("organisation"), db_index=True)
    student_number = models.CharField(_("student number"), max_length=40, blank=True)
    learner_oid = models.CharField(_("learner OID"), max_length=60, blank=True)
    hetu_key = models.CharField(_("personal identity code (digest)"), max_length=80, blank=True)
    hetu_masked = models.CharField(_("personal identity code"), max_length=11, blank=True)
    first_names = models.CharField(_("first names"), max_length=200)
    last_name = models.CharField(_("last name"), max_length=200)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.JSONField(_("address"), default=dict, blank=True)
    # A host's record made from a home record (R-REG-2/6) follows that home record (R-REG-7); a record the
    # host already had of its own student has none and stays the host's.
    home_person = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="host_copies", verbose_name=_("home record"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation_id", "last_name", "first_names", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation_id", "learner_oid"], condition=~Q(learner_oid=""),
                                    name="rights_person_one_per_oid"),
            models.UniqueConstraint(fields=["organisation_id", "hetu_key"], condition=~Q(hetu_key=""),
                                    name="rights_person_one_per_hetu"),
            models.UniqueConstraint(fields=["organisation_id", "student_number"], condition=~Q(student_number=""),
                                    name="rights_person_one_per_student_number"),
        ]

    def __str__(self) -> str:
        return f"{self.last_name}, {self.first_names}"


class StudyRight(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="study_rights")
    organisation_id = models.BigIntegerField(_("organisation"), db_index=True)
    identifier = models.CharField(_("identifier"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=StudyRightKind.choices, default=StudyRightKind.HOME)
    status = models.CharField(_("status"), max_length=20, choices=StudyRightStatus.choices,
                              default=StudyRightStatus.ACTIVE)
    right_type = models.CharField(_("type"), max_length=60, blank=True)  # e.g. bachelor's degree
    degree_programme = models.CharField(_("degree programme"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    # A host right follows the home right it was granted on (R-REG-3 end, R-REG-7 changes).
    home_right = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="host_rights", verbose_name=_("home study right"))
    end_reason = models.CharField(_("why it ended"), max_length=20, choices=EndReason.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation_id", "identifier"]
        constraints = [models.UniqueConstraint(fields=["organisation_id", "identifier"],
                                               name="rights_studyright_unique_identifier")]

    def __str__(self) -> str:
        return self.identifier


class Attendance(models.Model):
    """Present / absent per term (läsnä / poissa), kept by the home institution (R-REG-7)."""

    study_right = models.ForeignKey(StudyRight, on_delete=models.CASCADE, related_name="attendance")
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"))
    present = models.BooleanField(_("present"))

    class Meta:
        ordering = ["study_right_id", "term_start"]
        constraints = [models.UniqueConstraint(fields=["study_right", "term_start"],
                                               name="rights_attendance_one_per_term")]

    def __str__(self) -> str:
        return f"{self.study_right_id}:{self.term_start}"


class Eligibility(models.Model):
    """R-NET-2: the home institution marks the networks a study right may register in."""

    study_right = models.ForeignKey(StudyRight, on_delete=models.CASCADE, related_name="eligibility")
    network_id = models.BigIntegerField(_("network"), db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["study_right_id", "network_id"]
        constraints = [models.UniqueConstraint(fields=["study_right", "network_id"],
                                               name="rights_eligibility_unique")]

    def __str__(self) -> str:
        return f"{self.study_right_id}:{self.network_id}"


class StudyRightHistory(models.Model):
    study_right = models.ForeignKey(StudyRight, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    reason = models.CharField(max_length=500, blank=True)
    actor_label = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["study_right_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.study_right_id}: {self.from_status} -> {self.to_status}"


class GrantedStudy(models.Model):
    """A study entity a JOO right was granted for (R-JOO-8: the student may register to its realisations)."""

    study_right = models.ForeignKey(StudyRight, on_delete=models.CASCADE, related_name="granted_studies")
    entity_kind = models.CharField(_("kind"), max_length=20)  # course_unit | study_module
    entity_id = models.BigIntegerField(_("study entity"))

    class Meta:
        ordering = ["study_right_id", "id"]
        constraints = [models.UniqueConstraint(fields=["study_right", "entity_kind", "entity_id"],
                                               name="rights_granted_study_unique")]

    def __str__(self) -> str:
        return f"{self.study_right_id}:{self.entity_kind}:{self.entity_id}"
