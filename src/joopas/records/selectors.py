"""Reads of records and credits."""

from __future__ import annotations

from django.db.models import QuerySet

from joopas.records import rules
from joopas.records.models import ConversionTable, Credit, GradingScale, Record


def custom_scales(organisation_id: int) -> dict[str, rules.Scale]:
    return rules.custom_scales([(s.code, s.grades, s.failing)
                                for s in GradingScale.objects.filter(organisation_id=organisation_id)])


def conversion_for(organisation_id: int, from_scale: str) -> tuple[str, dict[str, str]] | None:
    row = ConversionTable.objects.filter(organisation_id=organisation_id, from_scale=from_scale).first()
    return (row.to_scale, dict(row.mapping)) if row else None


def records_of_host(organisation_id: int) -> QuerySet[Record]:
    return Record.objects.filter(organisation_id=organisation_id)


def credits_of_home(organisation_id: int, *, status: str | None = None) -> QuerySet[Credit]:
    qs = Credit.objects.filter(home_organisation_id=organisation_id).select_related("record")
    return qs if status is None else qs.filter(status=status)
