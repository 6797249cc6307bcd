"""Reads of registrations for pages and the API."""

from __future__ import annotations

from django.db.models import QuerySet

from joopas.registrations.models import Registration, Selection


def registrations_of_person(home_person_id: int) -> QuerySet[Registration]:
    return Registration.objects.filter(home_person_id=home_person_id).prefetch_related("selections")


def host_queue(host_organisation_id: int, *, status: int | None = None) -> QuerySet[Selection]:
    qs = Selection.objects.filter(registration__host_organisation_id=host_organisation_id).select_related(
        "registration")
    return qs if status is None else qs.filter(status=status)
