"""Cooperation networks (yhteistyöverkosto): members, billing terms, contacts and targeted offering.

Vocabulary follows RIPA v9 `network/network.json` and `common/cooperationNetwork.json`:
a network has localised names, a type, validity, member organisations each with their own
validity and an `isCoordinator` flag, and offering is targeted to it with validity and an
`enrollable` flag. Other apps reference course units and realisations by id only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from joopas.core.models import TimeStampedModel


class NetworkType(models.TextChoices):
    JOO_AGREEMENT = "joo_agreement", _("national JOO agreement")
    CURRICULUM = "curriculum_level", _("curriculum network")
    FREE = "freedom_of_choice", _("free network")


class PricingBasis(models.TextChoices):
    FREE = "free", _("free of charge")
    EURO_PER_CREDIT = "euro_per_credit", _("price per credit")


class Network(TimeStampedModel):
    code = models.CharField(_("identifier"), max_length=40, unique=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=30, blank=True)
    network_type = models.CharField(_("type"), max_length=20, choices=NetworkType.choices)
    description_fi = models.TextField(_("description in Finnish"), blank=True)
    description_sv = models.TextField(_("description in Swedish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    coordinating_organisation_id = models.BigIntegerField(_("coordinating organisation"), db_index=True)
    # R-OFF-2: one eligibility rule for the whole network; there is no per-realisation eligibility anywhere.
    eligibility_fi = models.TextField(_("eligible students (Finnish)"), blank=True)
    eligibility_sv = models.TextField(_("eligible students (Swedish)"), blank=True)
    eligibility_en = models.TextField(_("eligible students (English)"), blank=True)
    pricing_basis = models.CharField(_("billing"), max_length=20, choices=PricingBasis.choices,
                                     default=PricingBasis.FREE)
    price_per_credit = models.DecimalField(_("price per credit (EUR)"), max_digits=8, decimal_places=2, null=True,
                                           blank=True)

    class Meta:
        ordering = ["name_fi", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(pricing_basis="free", price_per_credit__isnull=True)
                           | models.Q(pricing_basis="euro_per_credit", price_per_credit__gte=0)),
                name="networks_network_price_matches_basis"),
        ]

    def __str__(self) -> str:
        return self.name_fi

    def name(self, lang: str = "fi") -> str:
        return str(getattr(self, f"name_{lang}", "") or self.name_fi)

    def eligibility(self, lang: str = "fi") -> str:
        return str(getattr(self, f"eligibility_{lang}", "") or self.eligibility_fi)

    def description(self, lang: str = "fi") -> str:
        return str(getattr(self, f"description_{lang}", "") or self.description_fi)


class ValidityPeriod(models.Model):
    """One period during which the network is valid; `end` empty = indefinitely (RIPA INDEFINITELY)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="periods")
    start = models.DateField(_("valid from"))
    end = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["network_id", "start", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                                   name="networks_period_dates_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.network_id}: {self.start}–{self.end or ''}"


class Membership(TimeStampedModel):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    organisation_id = models.BigIntegerField(_("organisation"), db_index=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    is_coordinator = models.BooleanField(_("coordinator"), default=False)

    class Meta:
        ordering = ["network_id", "organisation_id"]
        constraints = [
            models.UniqueConstraint(fields=["network", "organisation_id"], name="networks_one_membership_per_org"),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=models.F("valid_from")),
                name="networks_membership_dates_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.network_id}/{self.organisation_id}"


class ContactPerson(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    organisation_id = models.BigIntegerField(_("organisation"), null=True, blank=True)

    class Meta:
        ordering = ["network_id", "name", "id"]

    def __str__(self) -> str:
        return self.name


class Targeting(TimeStampedModel):
    """Offering of the host (organiser) targeted to a network: a course unit or one realisation.

    Deliberately carries no eligibility (R-OFF-2): who may study is the network's single rule.
    """

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="targetings")
    organisation_id = models.BigIntegerField(_("organiser"), db_index=True)
    course_unit_id = models.BigIntegerField(_("course unit"), null=True, blank=True, db_index=True)
    realisation_id = models.BigIntegerField(_("realisation"), null=True, blank=True, db_index=True)
    # For a realisation: its course unit, so that the catalogue's network filter is one query.
    realisation_unit_id = models.BigIntegerField(null=True, blank=True, db_index=True, editable=False)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    enrollable = models.BooleanField(_("enrollable"), default=True)

    class Meta:
        ordering = ["network_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(course_unit_id__isnull=False, realisation_id__isnull=True)
                           | models.Q(course_unit_id__isnull=True, realisation_id__isnull=False)),
                name="networks_targeting_one_target"),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=models.F("valid_from")),
                name="networks_targeting_dates_in_order"),
            models.UniqueConstraint(fields=["network", "course_unit_id"], condition=models.Q(course_unit_id__isnull=False),
                                    name="networks_targeting_unique_unit"),
            models.UniqueConstraint(fields=["network", "realisation_id"], condition=models.Q(realisation_id__isnull=False),
                                    name="networks_targeting_unique_realisation"),
        ]

    def __str__(self) -> str:
        target = f"cu:{self.course_unit_id}" if self.course_unit_id else f"r:{self.realisation_id}"
        return f"{self.network_id} ← {target}"


class ChangeKind(models.TextChoices):
    NETWORK_CREATED = "network_created", _("network created")
    NETWORK_UPDATED = "network_updated", _("network details changed")
    VALIDITY_CHANGED = "validity_changed", _("network validity changed")
    MEMBER_ADDED = "member_added", _("member added")
    MEMBER_CHANGED = "member_changed", _("membership changed")
    MEMBER_REMOVED = "member_removed", _("member removed")
    TARGETING_ADDED = "targeting_added", _("offering targeted")
    TARGETING_CHANGED = "targeting_changed", _("targeting changed")
    TARGETING_REMOVED = "targeting_removed", _("targeting removed")
    CONTACTS_CHANGED = "contacts_changed", _("contact persons changed")


class NetworkChangeQuerySet(models.QuerySet["NetworkChange"]):
    def update(self, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError("Network changes are append-only.")

    def delete(self):  # type: ignore[no-untyped-def]
        raise PermissionError("Network changes are append-only.")


class NetworkChange(models.Model):
    """Append-only change log of a network (R-NET-3: visible to every member).

    The exchange reads it through `networks.api.changes_since(cursor)` to notify the affected members.
    """

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="changes")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=30, choices=ChangeKind.choices)
    affected_organisation_ids = models.JSONField(default=list)
    details = models.JSONField(default=dict)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", db_constraint=False)
    actor_label = models.CharField(max_length=255, blank=True)

    objects = NetworkChangeQuerySet.as_manager()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.network_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise PermissionError("Network changes are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError("Network changes are append-only.")
