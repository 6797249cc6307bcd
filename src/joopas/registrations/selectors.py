"""Reads of registrations for pages and the API."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Count, Q, QuerySet

from joopas.accounts import api as accounts_api
from joopas.catalogue import api as catalogue_api
from joopas.networks import api as networks_api
from joopas.organisations import api as organisations_api
from joopas.registrations import rules
from joopas.registrations.models import Registration, Selection, SelectionHistory
from joopas.rights import api as rights_api
from joopas.rights.data import PersonRef, StudyRightRef


class Lookups:
    """One request's reads of other apps' records (home right, person, network, realisations, course units,
    organisations), each read once however many steps need it: the HTTP API's checks, the service's R-REG-1
    facts, the message to the host and the answer (P1: one registration used to read the same network five
    times). Only for the length of one request or service call — never kept across requests."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, Any], Any] = {}

    def _get(self, kind: str, key: Any, load: Callable[[], Any]) -> Any:
        if (kind, key) not in self._cache:
            self._cache[(kind, key)] = load()
        return self._cache[(kind, key)]

    def put(self, kind: str, key: Any, value: Any) -> None:
        self._cache[(kind, key)] = value

    def put_right(self, right: StudyRightRef, person: PersonRef, identity: str) -> None:
        self.put("right", right.id, right)
        self.put("person", person.id, person)
        self.put("identity", person.id, identity)

    def _load_right(self, right_id: int) -> StudyRightRef | None:
        found = rights_api.right_and_person(right_id)
        if found is None:
            return None
        self.put_right(*found)
        return found[0]

    def right(self, right_id: int) -> StudyRightRef | None:
        return self._get("right", right_id, lambda: self._load_right(right_id))  # type: ignore[no-any-return]

    def person(self, person_id: int) -> PersonRef | None:
        return self._get("person", person_id, lambda: rights_api.get_person(person_id))  # type: ignore[no-any-return]

    def identity(self, person_id: int) -> str:
        return str(self._get("identity", person_id, lambda: rights_api.identity_of_person(person_id)))

    def network(self, network_id: int) -> Any:
        return self._get("network", network_id, lambda: networks_api.get_network(network_id))

    def _load_realisation(self, realisation_id: int) -> Any:
        found = catalogue_api.realisation_with_unit(pk=realisation_id)
        if found is None:
            return None
        self.put("unit", found[1].id, found[1])
        return found[0]

    def realisation(self, realisation_id: int) -> Any:
        return self._get("realisation", realisation_id, lambda: self._load_realisation(realisation_id))

    def put_realisation(self, realisation: Any, unit: Any) -> None:
        self.put("realisation", realisation.id, realisation)
        self.put("unit", unit.id, unit)

    def unit(self, course_unit_id: int) -> Any:
        return self._get("unit", course_unit_id, lambda: catalogue_api.get_course_unit_by_id(course_unit_id))

    def organisations(self, ids: Iterable[int]) -> dict[int, Any]:
        wanted = [i for i in dict.fromkeys(ids) if i is not None]
        missing = [i for i in wanted if ("organisation", i) not in self._cache]
        if missing:
            found = organisations_api.get_many(missing)
            for i in missing:
                self.put("organisation", i, found.get(i))
        return {i: self._cache[("organisation", i)] for i in wanted if self._cache[("organisation", i)] is not None}

    def organisation(self, organisation_id: int) -> Any:
        return self.organisations([organisation_id]).get(organisation_id)

    def selections(self, reg: Registration) -> list[Selection]:
        """The registration's selections: as the service just wrote them, or as prefetched with it."""
        return self._get("selections", reg.pk, lambda: list(reg.selections.all()))  # type: ignore[no-any-return]

    def prime_registrations(self, regs: Iterable[Registration]) -> None:
        """The persons, networks and organisations of a page of registrations, in one query each."""
        regs = list(regs)
        persons = rights_api.persons({r.home_person_id for r in regs} - {k for (t, k) in self._cache if t == "person"})
        for pid, ref in persons.items():
            self.put("person", pid, ref)
        nets = networks_api.get_many({r.network_id for r in regs})
        for nid, net in nets.items():
            self.put("network", nid, net)
        self.organisations([o for r in regs for o in (r.home_organisation_id, r.host_organisation_id)])


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

def active_realisations_of(home_person_id: int, course_unit_id: int) -> frozenset[int]:
    """The course unit's realisations the student has an active registration to (not offered again)."""
    ids = Selection.objects.filter(home_person_id=home_person_id, course_unit_id=course_unit_id,
                                   status__in=rules.ACTIVE).values_list("realisation_id", flat=True)
    return frozenset(i for i in ids if i is not None)


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
