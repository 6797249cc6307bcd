"""Organisation registry (organisaatio): institutions, providers and their units."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from joopas.core.identifiers import business_id_validator, organisation_oid_validator
from joopas.core.models import TimeStampedModel


class OrganisationType(models.TextChoices):
    UNIVERSITY = "university", _("university")
    UAS = "uas", _("university of applied sciences")
    VST = "vst", _("liberal adult education maintainer")
    VOCATIONAL = "vocational", _("vocational education provider")
    OTHER = "other", _("company or other provider")


# Types whose organisations are preloaded and may not self-register (R-ORG-2).
PRELOADED_TYPES = frozenset({OrganisationType.UNIVERSITY, OrganisationType.UAS, OrganisationType.VST,
                             OrganisationType.VOCATIONAL})


class OrganisationStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    ACTIVE = "active", _("active")
    PASSIVE = "passive", _("passive")
    REJECTED = "rejected", _("rejected")


class Organisation(TimeStampedModel):
    oid = models.CharField(_("OID"), max_length=64, unique=True, validators=[organisation_oid_validator])
    org_type = models.CharField(_("type"), max_length=20, choices=OrganisationType.choices)
    name_fi = models.CharField(_("name (Finnish)"), max_length=255)
    name_sv = models.CharField(_("name (Swedish)"), max_length=255, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=20, blank=True)
    business_id = models.CharField(_("business ID"), max_length=9, blank=True, db_index=True,
                                   validators=[business_id_validator])
    tk_code = models.CharField(_("Statistics Finland code"), max_length=5, blank=True, db_index=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
                               verbose_name=_("parent organisation"))
    status = models.CharField(_("status"), max_length=10, choices=OrganisationStatus.choices,
                              default=OrganisationStatus.PENDING)
    website = models.URLField(_("website"), blank=True)
    guidance_url = models.URLField(_("guidance for flexible studies"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    # R-ACC-2 (issue 10): the organisation identifies people strongly; an invitation to one of its roles must
    # name the person by hetu or learner OID (checked), so that one person's two mailboxes are one identity.
    strong_identification = models.BooleanField(_("uses strong identification"), default=False)

    class Meta:
        ordering = ["name_fi"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        lang = (get_language() or "fi")[:2]
        return getattr(self, f"name_{lang}", "") or self.name_fi


class ContactPerson(TimeStampedModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_public = models.BooleanField(_("shown publicly"), default=True)

    class Meta:
        ordering = ["organisation_id", "name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self) -> str:
        return self.name


class RegistrationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("waiting for review")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class OrganisationRegistration(TimeStampedModel):
    """R-ORG-1: an organisation's self-registration, reviewed by a platform admin."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="registration")
    main_user_first_name = models.CharField(_("first name"), max_length=150)
    main_user_last_name = models.CharField(_("last name"), max_length=150)
    main_user_email = models.EmailField(_("email"))
    main_user_language = models.CharField(_("language"), max_length=2, default="fi")
    cover_note = models.TextField(_("cover note"), max_length=4000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RegistrationStatus.choices,
                             default=RegistrationStatus.SUBMITTED, db_index=True)
    decided_by_id = models.BigIntegerField(null=True, blank=True)
    decided_by_label = models.CharField(max_length=255, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=1000, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")

    def __str__(self) -> str:
        return f"{self.organisation_id} ({self.status})"


class OrganisationRegistrationHistory(models.Model):
    registration = models.ForeignKey(OrganisationRegistration, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField(auto_now_add=True)
    by_label = models.CharField(max_length=255, blank=True)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    reason = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["registration_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.registration_id}: {self.from_status} → {self.to_status}"
