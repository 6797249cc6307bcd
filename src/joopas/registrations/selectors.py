"""Reads of registrations for pages and the API."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, QuerySet

from joopas.accounts import api as accounts_api
from joopas.registrations import rules
from joopas.registrations.models import Registration, Selection, SelectionHistory
from joopas.rights import api as rights_api
from joopas.rights.data import PersonRef


def registrations_of_person(home_person_id: int) -> QuerySet[Registration]:
    return Registration.objects.filter(home_person_id=home_person_id).prefetch_related("selections")


def host_queue(host_organisation_id: int, *, status: int | None = None) -> QuerySet[Selection]:
    qs = Selection.objects.filter(registration__host_organisation_id=host_organisation_id).select_related(
        "registration")
    return qs if status is None else qs.filter(status=status)


# --- the study offices' lists (host queue, home outgoing) ------------------------------------------------------

def office_selections(*, side: str, organisation_id: int) -> QuerySet[Selection]:
    """Every selection of registrations to (`side="host"`) or from (`side="home"`) the organisation, newest
    registration first."""
    field = "registration__host_organisation_id" if side == "host" else "registration__home_organisation_id"
    return (Selection.objects.filter(**{field: organisation_id}).select_related("registration")
            .order_by("-registration__created_at", "-registration_id", "id"))


def filter_selections(qs: QuerySet[Selection], *, status: int | None = None, network_id: int | None = None,
                      realisation_id: int | None = None, other_organisation_id: int | None = None, side: str = "host",
                      person_ids: Iterable[int] | None = None, number: str = "") -> QuerySet[Selection]:
    """The list's filters; `person_ids` (from the search box) matches the student at home or at the host,
    `number` a student number given at the host."""
    if status is not None:
        qs = qs.filter(status=status)
    if network_id is not None:
        qs = qs.filter(registration__network_id=network_id)
    if realisation_id is not None:
        qs = qs.filter(realisation_id=realisation_id)
    if other_organisation_id is not None:
        other = "registration__home_organisation_id" if side == "host" else "registration__host_organisation_id"
        qs = qs.filter(**{other: other_organisation_id})
    if person_ids is not None:
        ids = list(person_ids)
        match = Q(registration__home_person_id__in=ids) | Q(registration__host_person_id__in=ids)
        if number:
            match |= Q(host_student_number__iexact=number)
        qs = qs.filter(match)
    return qs


def status_counts(qs: QuerySet[Selection]) -> dict[int, int]:
    return {row["status"]: row["n"] for row in qs.order_by().values("status").annotate(n=Count("id"))}


def distinct_values(qs: QuerySet[Selection], field: str) -> list[int]:
    return sorted({v for v in qs.order_by().values_list(field, flat=True).distinct() if v is not None})


def pending_count(*, side: str, organisation_ids: Iterable[int]) -> int:
    """What waits: selections pending at the host's decision (the desk's counts)."""
    field = "registration__host_organisation_id" if side == "host" else "registration__home_organisation_id"
    return Selection.objects.filter(**{f"{field}__in": list(organisation_ids)}, status=rules.PENDING).count()


def selection_for_page(selection_id: int) -> Selection | None:
    return Selection.objects.select_related("registration").filter(pk=selection_id).first()


def history_of(selection_id: int) -> list[SelectionHistory]:
    return list(SelectionHistory.objects.filter(selection_id=selection_id).order_by("at", "id"))


def other_selections(selection: Selection) -> list[Selection]:
    return list(Selection.objects.filter(registration_id=selection.registration_id).exclude(pk=selection.pk))


def accepted_by_realisation(host_organisation_id: int) -> dict[int, int]:
    """Realisation id → how many students the host accepted to it (the completion form's list)."""
    rows = (Selection.objects.filter(registration__host_organisation_id=host_organisation_id, status=rules.ACCEPTED,
                                     realisation_id__isnull=False).order_by().values("realisation_id")
            .annotate(n=Count("id")))
    return {row["realisation_id"]: row["n"] for row in rows if row["realisation_id"] is not None}


def accepted_to_realisation(realisation_id: int) -> list[Selection]:
    """The selections accepted to a realisation (one per student), oldest first."""
    return list(Selection.objects.filter(realisation_id=realisation_id, status=rules.ACCEPTED)
                .select_related("registration").order_by("registration__created_at", "id"))


# --- the student's own pages -----------------------------------------------------------------------------------

def persons_of_user(user: Any) -> list[PersonRef]:
    """The home records of the logged-in user: persons with a home study right whose identity (hetu digest or
    learner OID) is the one bound to the account. [] for anonymous and unbound accounts."""
    if not getattr(user, "is_authenticated", False):
        return []
    return rights_api.persons_by_identity(accounts_api.identity_of(user))


def registrations_of_persons(person_ids: Iterable[int]) -> list[Registration]:
    return list(Registration.objects.filter(home_person_id__in=list(person_ids))
                .prefetch_related("selections", "selections__history").order_by("-created_at", "-id"))


# --- the HTTP API (institutions' systems and officers) ---------------------------------------------------------

def registrations_of_organisations(organisation_ids: Iterable[int], *, side: str = "") -> QuerySet[Registration]:
    """Registrations where one of the organisations is the home (`side="home"`), the host (`"host"`) or either."""
    ids = list(organisation_ids)
    match = {"home": Q(home_organisation_id__in=ids), "host": Q(host_organisation_id__in=ids)}.get(
        side, Q(home_organisation_id__in=ids) | Q(host_organisation_id__in=ids))
    return Registration.objects.filter(match).prefetch_related("selections").order_by("-created_at", "-id")


def registration_by_request_id(request_id: Any) -> Registration | None:
    return Registration.objects.prefetch_related("selections").filter(request_id=request_id).first()
