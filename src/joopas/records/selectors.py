"""Reads of records and credits."""

from __future__ import annotations

from django.db.models import Count, QuerySet

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


# --- the study offices' pages ----------------------------------------------------------------------------------

def records_of_realisation(realisation_id: int) -> list[Record]:
    """Every record of the realisation, the removed ones too, newest first."""
    return list(Record.objects.filter(realisation_id=realisation_id).order_by("-created_at", "-id"))


def credits_for_page(organisation_id: int, *, status: str | None = None,
                     original_organisation_id: int | None = None,
                     person_ids: list[int] | None = None) -> QuerySet[Credit]:
    qs = Credit.objects.filter(home_organisation_id=organisation_id).select_related("record").order_by(
        "status", "-record__completion_date", "-id")
    if status:
        qs = qs.filter(status=status)
    if original_organisation_id is not None:
        qs = qs.filter(original_organisation_id=original_organisation_id)
    if person_ids is not None:
        qs = qs.filter(home_person_id__in=person_ids)
    return qs


def credit_status_counts(qs: QuerySet[Credit]) -> dict[str, int]:
    return {row["status"]: row["n"] for row in qs.order_by().values("status").annotate(n=Count("id"))}


def credit_origins(organisation_id: int) -> list[int]:
    return sorted(set(Credit.objects.filter(home_organisation_id=organisation_id).order_by()
                      .values_list("original_organisation_id", flat=True).distinct()))


def credits_waiting(organisation_ids: list[int]) -> int:
    """Credits received and not yet approved (the desk's count)."""
    return Credit.objects.filter(home_organisation_id__in=organisation_ids, status="received").count()


def credit_for_page(credit_id: int) -> Credit | None:
    return Credit.objects.select_related("record").filter(pk=credit_id).first()


def record_for_page(record_id: int) -> Record | None:
    return Record.objects.filter(pk=record_id).first()


def conversion_tables(organisation_id: int) -> list[ConversionTable]:
    return list(ConversionTable.objects.filter(organisation_id=organisation_id).order_by("from_scale"))


def scales_of(organisation_id: int) -> list[GradingScale]:
    return list(GradingScale.objects.filter(organisation_id=organisation_id).order_by("code"))
