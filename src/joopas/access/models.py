"""Access rights (käyttöoikeus): roles granted per organisation with validity, and API keys."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from joopas.core.models import TimeStampedModel


class Role(models.TextChoices):
    MAIN_USER = "main_user", _("main user")
    JOTPA_MAIN_USER = "jotpa_main_user", _("JOTPA main user")
    REGISTRY_MAIN_USER = "registry_main_user", _("registry main user")
    CURRICULUM_MAIN_USER = "curriculum_main_user", _("curriculum tool main user")
    OFFERING_EDITOR = "offering_editor", _("offering editor")
    OFFICER = "officer", _("officer")
    REGISTRAR = "registrar", _("registrar")
    CATALOGUE_EDITOR = "catalogue_editor", _("catalogue editor")
    NETWORK_COORDINATOR = "network_coordinator", _("network coordinator")
    REPORT_VIEWER = "report_viewer", _("report viewer")
    HELPDESK_AGENT = "helpdesk_agent", _("helpdesk agent")
    PLATFORM_ADMIN = "platform_admin", _("platform admin")
    INTEGRATION_CLIENT = "integration_client", _("integration client")


class GrantStatus(models.TextChoices):
    GRANTED = "granted", _("granted")
    RENEWED = "renewed", _("renewed")
    CLOSED = "closed", _("closed")
    EXPIRED = "expired", _("expired")


ACTIVE_STATUSES = (GrantStatus.GRANTED, GrantStatus.RENEWED)


class Grant(TimeStampedModel):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants")
    organisation_id = models.BigIntegerField(db_index=True)  # organisations.Organisation, via its api
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(_("status"), max_length=10, choices=GrantStatus.choices, default=GrantStatus.GRANTED)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    # Reminders already sent for the current period (days before the end: 28, 7); reset on renewal.
    reminders_sent = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["organisation_id", "role", "user_id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(valid_until__gte=models.F("valid_from")),
                                   name="access_grant_dates_in_order"),
            models.UniqueConstraint(fields=["user", "organisation_id", "role"],
                                    condition=models.Q(status__in=["granted", "renewed"]),
                                    name="access_grant_one_open_per_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.organisation_id}:{self.role}"


class GrantHistory(models.Model):
    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+")
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    valid_from = models.DateField()
    valid_until = models.DateField()
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["grant_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.grant_id}: {self.from_status} → {self.to_status}"


class GrantLink(models.Model):
    """Which role may grant which (data, not code): e.g. main user → officer."""

    granter_role = models.CharField(max_length=30, choices=Role.choices)
    grantable_role = models.CharField(max_length=30, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["granter_role", "grantable_role"], name="access_grantlink_once")]

    def __str__(self) -> str:
        return f"{self.granter_role} → {self.grantable_role}"


class ApiKey(TimeStampedModel):
    """An organisation's integration credential. Only a hash is stored; the key is shown once."""

    organisation_id = models.BigIntegerField(db_index=True)
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    key_hash = models.CharField(max_length=128)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation_id", "-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class InvitationStatus(models.TextChoices):
    OPEN = "open", _("open")
    ACCEPTED = "accepted", _("accepted")
    EXPIRED = "expired", _("expired")
    CANCELLED = "cancelled", _("cancelled")


class Invitation(TimeStampedModel):
    """A one-time, expiring link by which a person creates an account and receives roles (kutsu)."""

    organisation_id = models.BigIntegerField(db_index=True)
    email = models.EmailField(_("email"))
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    language = models.CharField(_("language"), max_length=2, default="fi")
    roles = models.JSONField(_("roles"), default=list)
    valid_until = models.DateField(_("rights valid until"), null=True, blank=True)
    # R-ACC-2 (issue 10): the person the invitation names (hetu as a keyed hash, or learner OID); bound to the
    # account on acceptance. The label is what may be shown and audited (a masked hetu or the OID).
    identity_key = models.CharField(max_length=80, blank=True, editable=False)
    identity_label = models.CharField(max_length=64, blank=True, editable=False)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("link expires"))
    status = models.CharField(_("status"), max_length=10, choices=InvitationStatus.choices,
                             default=InvitationStatus.OPEN)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation_id} ({self.status})"


class AccessRequestStatus(models.TextChoices):
    OPEN = "open", _("open")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    LAPSED = "lapsed", _("lapsed")


class AccessRequest(TimeStampedModel):
    """R-ACC-4: a request for a main-user right when every main user of the organisation has expired."""

    organisation_id = models.BigIntegerField(db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_requests")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=AccessRequestStatus.choices,
                             default=AccessRequestStatus.OPEN)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.CharField(_("reason for the decision"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation_id", "role"], condition=models.Q(status="open"),
                                    name="access_application_one_open"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.organisation_id}:{self.role} ({self.status})"
