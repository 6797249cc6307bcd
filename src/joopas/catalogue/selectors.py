"""Reads for the catalogue pages and the API, including the one search selector (PostgreSQL full-text
+ trigram, or SQLite FTS5, over the same lemma document)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Window
from django.db.models.expressions import RawSQL
from django.utils import timezone

from joopas.catalogue import rules, search
from joopas.catalogue.models import (
    CourseUnit,
    DeclarationMode,
    ImportRun,
    JooDeclaration,
    Realisation,
    Status,
    StudyModule,
    TeachingMode,
)
from joopas.core import clock
from joopas.networks import api as networks_api

T = TypeVar("T")
SORTS = ("relevance", "name", "code", "credits", "-credits")
PER_PAGE = 20
TRGM_THRESHOLD = 0.5


@dataclass
class SearchParams:
    q: str = ""
    organisations: list[int] = field(default_factory=list)
    networks: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    modes: list[str] = field(default_factory=list)
    credits_min: Decimal | None = None
    credits_max: Decimal | None = None
    period: str = ""
    open_now: bool = False
    joo: bool = False
    sort: str = "relevance"
    page: int = 1
    per_page: int = PER_PAGE

    @classmethod
    def from_query(cls, get: Any) -> SearchParams:
        """Lenient parsing of a query string: anything odd is ignored, never an error."""
        def ints(name: str) -> list[int]:
            out = []
            for v in get.getlist(name):
                try:
                    number = int(v)
                except (TypeError, ValueError):
                    continue
                if 0 <= number < 2**63:  # a database integer; anything larger matches nothing anyway
                    out.append(number)
            return out[:50]

        def dec(name: str) -> Decimal | None:
            try:
                value = Decimal(str(get.get(name, "")).replace(",", "."))
            except (InvalidOperation, ValueError):
                return None
            return value if value.is_finite() and 0 <= value <= 999 else None

        def page() -> int:
            try:
                return max(1, min(int(get.get("page", 1)), 10_000))
            except (TypeError, ValueError):
                return 1

        return cls(
            q=str(get.get("q", ""))[:search.MAX_QUERY_CHARS],
            organisations=ints("organisation"),
            networks=[str(v)[:150] for v in get.getlist("network")][:20],
            fields=[v for v in get.getlist("field") if v in {c for c, _ in _field_choices()}],
            languages=[v for v in get.getlist("language") if v in ("fi", "sv", "en")],
            modes=[v for v in get.getlist("mode") if v in TeachingMode.values],
            credits_min=dec("credits_min"), credits_max=dec("credits_max"),
            period=str(get.get("period", ""))[:20] if rules.period_bounds(str(get.get("period", ""))[:20]) else "",
            open_now=get.get("open") in ("1", "on", "true"),
            joo=get.get("joo") in ("1", "on", "true"),
            sort=get.get("sort") if get.get("sort") in SORTS else "relevance",
            page=page(),
        )


def _field_choices() -> list[tuple[str, str]]:
    from joopas.catalogue.models import FieldOfEducation

    return [(str(c), str(label)) for c, label in FieldOfEducation.choices]


@dataclass
class SearchResult:
    items: list[CourseUnit]
    total: int
    page: int
    pages: int
    facets: dict[str, list[tuple[Any, int]]]
    cached: bool = False


def public_units(today: dt.date | None = None) -> QuerySet[CourseUnit]:
    """Marketed, active and not past their validity."""
    day = today or clock.today()
    return CourseUnit.objects.filter(marketed=True, status=Status.ACTIVE).filter(
        Q(validity_end_date__isnull=True) | Q(validity_end_date__gte=day))


# --- text search: the one selector over both backends -------------------------------------------------

def text_filter(qs: QuerySet[CourseUnit], q: str, *, fuzzy: bool = False, rank: bool = True
                ) -> tuple[QuerySet[CourseUnit], bool]:
    """Restrict to units matching the query; returns (queryset, ranked).

    Word search over the lemma document; `fuzzy` (PostgreSQL) matches the title by trigram word
    similarity instead, for typos — `search_units` falls back to it when the words find nothing. `rank=False`
    leaves out the relevance annotation (counts need none, and aggregates cannot wrap its raw SQL)."""
    terms = search.query_terms(q)
    if not terms:
        return qs, False
    if connection.vendor == "postgresql":
        if fuzzy:
            plain = search.plain(q)
            qs = qs.extra(where=["%s <%% catalogue_courseunit.search_title"], params=[plain])
            return (qs.annotate(rank=RawSQL("word_similarity(%s, catalogue_courseunit.search_title)", (plain,)))
                    if rank else qs), True
        tsq = search.tsquery(terms)
        qs = qs.extra(where=["catalogue_courseunit.search_tsv @@ to_tsquery('simple', %s)"], params=[tsq])
        return (qs.annotate(rank=RawSQL("ts_rank(catalogue_courseunit.search_tsv, to_tsquery('simple', %s))", (tsq,)))
                if rank else qs), True
    if fuzzy:
        return qs.none(), True
    fts = search.fts5_query(terms)
    qs = qs.extra(where=["catalogue_courseunit.id IN (SELECT rowid FROM catalogue_courseunit_fts "
                         "WHERE catalogue_courseunit_fts MATCH %s)"], params=[fts])
    if not rank:
        return qs, True
    qs = qs.annotate(rank=RawSQL("(SELECT -bm25(catalogue_courseunit_fts) FROM catalogue_courseunit_fts "
                                 "WHERE catalogue_courseunit_fts MATCH %s AND rowid = catalogue_courseunit.id)",
                                 (fts,)))
    return qs, True


# --- JOO offering (R-OFF-1) ---------------------------------------------------------------------------

def joo_q(on: dt.date | None = None) -> Q:
    """Units that are JOO offering in the academic year containing `on` (R-OFF-1 via rules.is_joo_offering)."""
    year = clock.academic_year_of(on or clock.today())
    q = Q(pk__in=[])
    for decl in JooDeclaration.objects.filter(academic_year=year):
        listed = Q(joo_declarations=decl) | Q(modules__joo_declarations=decl)
        listed_ids = CourseUnit.objects.filter(listed).values("pk")
        if rules.is_joo_offering(decl.mode, listed=True):
            q |= Q(organisation_id=decl.organisation_id, pk__in=listed_ids)
        if rules.is_joo_offering(decl.mode, listed=False):
            q |= Q(organisation_id=decl.organisation_id) & ~Q(pk__in=listed_ids)
    return q


def is_joo_offering(unit: CourseUnit, on: dt.date | None = None) -> bool:
    year = clock.academic_year_of(on or clock.today())
    decl = JooDeclaration.objects.filter(organisation_id=unit.organisation_id, academic_year=year).first()
    if decl is None:
        return False
    listed = decl.course_units.filter(pk=unit.pk).exists() or \
        decl.study_modules.filter(course_units=unit).exists()
    return rules.is_joo_offering(decl.mode, listed)


# --- networks (owned by the networks app, which sits below the catalogue) -----------------------------

def network_choices() -> list[tuple[str, str]]:
    """(network code, name in the active language) for the network filter."""
    return networks_api.catalogue_network_choices()


def networks_of_unit(course_unit_id: int) -> list[networks_api.NetworkRef]:
    """Networks the course unit is targeted to today (the course page lists them)."""
    return networks_api.networks_for_offering(course_unit_id=course_unit_id)


def network_units(networks: list[str]) -> dict[str, list[int]]:
    """Network code or id -> ids of the course units in its offering today; one batch for every network."""
    if not networks:
        return {}
    return networks_api.course_unit_ids_in_networks(networks)


def network_unit_ids(network: str) -> list[int]:
    return network_units([network]).get(network, [])


# --- filters -----------------------------------------------------------------------------------------

def _realisation_conds(p: SearchParams, now: dt.datetime, *, modes: list[str], open_now: bool) -> dict[str, Any]:
    """Conditions on one public realisation: teaching mode, period overlap, enrolment open now. The search
    asks for a unit with a realisation meeting all of them at once."""
    conds: dict[str, Any] = {"status": Status.ACTIVE, "marketed": True}
    if modes:
        conds["teaching_mode__in"] = modes
    bounds = rules.period_bounds(p.period) if p.period else None
    if bounds:
        conds["start_date__lte"] = bounds[1]
        conds["end_date__gte"] = bounds[0]
    if open_now:
        conds["enrolment_start__lte"] = now
        conds["enrolment_end__gt"] = now
        conds["enrolment_closed"] = False
    return conds


def _realisation_q(p: SearchParams, now: dt.datetime) -> Q | None:
    conds = _realisation_conds(p, now, modes=p.modes, open_now=p.open_now)
    if len(conds) == 2:  # no realisation filter chosen
        return None
    return Q(Exists(Realisation.objects.filter(course_unit=OuterRef("pk"), **conds)))


def apply_filters(qs: QuerySet[CourseUnit], p: SearchParams, now: dt.datetime, *, skip: str = "",
                  units_of_networks: dict[str, list[int]] | None = None) -> QuerySet[CourseUnit]:
    """`units_of_networks` (from `network_units`) spares a caller that filters many times the network reads."""
    if p.organisations and skip != "organisation":
        qs = qs.filter(organisation_id__in=p.organisations)
    if p.networks and skip != "network":
        by_network = units_of_networks if units_of_networks is not None else network_units(p.networks)
        ids: set[int] = set()
        for n in p.networks:
            ids.update(by_network.get(n) or [])
        qs = qs.filter(pk__in=ids)
    if p.fields and skip != "field":
        qs = qs.filter(field_of_education__in=p.fields)
    if p.languages and skip != "language":
        lang_q = Q()
        for lang in p.languages:
            lang_q |= Q(language_codes__contains=f"|{lang}|")
        qs = qs.filter(lang_q)
    if p.credits_min is not None:
        qs = qs.filter(credits_max__gte=p.credits_min)
    if p.credits_max is not None:
        qs = qs.filter(credits_min__lte=p.credits_max)
    if p.joo and skip != "joo":
        qs = qs.filter(joo_q(now.date()))
    rq = _realisation_q(p, now) if skip != "realisation" else None
    if rq is not None:
        qs = qs.filter(rq)
    return qs


def _order(qs: QuerySet[CourseUnit], sort: str, ranked: bool) -> QuerySet[CourseUnit]:
    from django.utils.translation import get_language

    lang = (get_language() or "fi")[:2]
    name = f"name_{lang}" if lang in ("fi", "sv", "en") else "name_fi"
    if sort == "relevance" and ranked:
        return qs.order_by(F("rank").desc(), name, "id")
    if sort == "code":
        return qs.order_by("code", "id")
    if sort == "credits":
        return qs.order_by("credits_min", name, "id")
    if sort == "-credits":
        return qs.order_by("-credits_max", name, "id")
    return qs.order_by(name, "id")


VERSION_KEY = "catalogue:version"


def catalogue_version() -> str:
    """The catalogue's current version tag; every catalogue write replaces it (services.catalogue_changed),
    so cached search results of the previous version are never served again."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY) or "0"
    return str(version)


def _cache_key(p: SearchParams, facets: bool) -> str:
    """The normalised query (the words the search uses) + filters + language + day."""
    from django.utils.translation import get_language

    parts = [search.plain(p.q), sorted(set(p.organisations)), sorted(set(p.networks)), sorted(set(p.fields)),
             sorted(set(p.languages)), sorted(set(p.modes)), str(p.credits_min), str(p.credits_max), p.period,
             p.open_now, p.joo, p.sort, p.page, p.per_page, facets, (get_language() or "fi")[:2],
             clock.today().isoformat()]
    digest = hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:32]
    return f"catalogue:search:{digest}"


def _cached(key: str) -> tuple[str, Any]:
    """(current catalogue version, the value cached under `key` for that version or None), in one cache
    round trip: an entry is stored with the version it was computed from and counts only while that
    version is current."""
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:
        return catalogue_version(), None
    entry = found.get(key)
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == version:
        return str(version), entry[1]
    return str(version), None


def search_cache_seconds() -> int:
    from django.conf import settings

    return int(getattr(settings, "CATALOGUE_SEARCH_CACHE_SECONDS", 0))


def cached_search_rendering(p: SearchParams, *, facets: bool, kind: str,
                            render: Callable[[SearchResult], T]) -> tuple[T, bool]:
    """`render(search result)` for this search, reused from the cache like `search_units` (same key, same
    invalidation); for a page or an API response whose rendering costs as much as the search. (value, hit)"""
    seconds = search_cache_seconds()
    if seconds <= 0:
        return render(_search_uncached(p, facets=facets, now=None)), False
    key = f"{_cache_key(p, facets)}:{kind}"
    version, hit = _cached(key)
    if hit is not None:
        return hit, True
    value = render(_search_uncached(p, facets=facets, now=None))
    cache.set(key, (version, value), seconds)
    return value, False


def search_units(p: SearchParams, *, facets: bool = True, now: dt.datetime | None = None) -> SearchResult:
    """Search results, reused for CATALOGUE_SEARCH_CACHE_SECONDS from the cache when the same normalised
    search was made against the same catalogue version (a write invalidates at once; the time limit bounds
    how stale "enrolment open now" and network targeting may be). An explicit `now` bypasses the cache."""
    seconds = search_cache_seconds()
    if now is not None or seconds <= 0:
        return _search_uncached(p, facets=facets, now=now)
    key = _cache_key(p, facets)
    version, hit = _cached(key)
    if isinstance(hit, SearchResult):
        hit.cached = True
        return hit
    result = _search_uncached(p, facets=facets, now=None)
    cache.set(key, (version, result), seconds)
    return result


@dataclass(frozen=True)
class NetworkData:
    """What one search needs of networks, read once in a fixed number of queries however many networks exist:
    the filter's choices (when facets are counted) and the course units of every chosen or listed network."""

    choices: list[tuple[str, str]]
    units: dict[str, list[int]]


def network_data(p: SearchParams, *, facets: bool) -> NetworkData:
    choices = network_choices() if facets else []
    return NetworkData(choices, network_units(list(dict.fromkeys([*p.networks, *(c for c, _ in choices)]))))


def _search_uncached(p: SearchParams, *, facets: bool, now: dt.datetime | None) -> SearchResult:
    """One query for the page and the total (COUNT(*) OVER ()); a separate count only past the last page."""
    now = now or clock.now()
    networks = network_data(p, facets=facets)
    result = _search(p, now, facets=facets, fuzzy=False, networks=networks)
    if result.total == 0 and connection.vendor == "postgresql" and search.query_terms(p.q):
        result = _search(p, now, facets=facets, fuzzy=True, networks=networks)
    return result


LISTING_DEFER = ("description_fi", "description_sv", "description_en", "objective_fi", "objective_sv", "objective_en",
                 "search_lemmas", "search_title")


def _search(p: SearchParams, now: dt.datetime, *, facets: bool, fuzzy: bool, networks: NetworkData) -> SearchResult:
    """The page's ids and the total in one narrow query (PostgreSQL sorts and counts only ids and sort keys,
    not whole rows: 5 ms instead of 8 ms on 50 000 units), then the page's units by id."""
    base, ranked = text_filter(public_units(), p.q, fuzzy=fuzzy)
    qs = apply_filters(base, p, now, units_of_networks=networks.units)
    ordered = _order(qs.annotate(search_total=Window(Count("id"))), p.sort, ranked)

    def page_of(page: int) -> list[tuple[int, int]]:
        # search_total is the Window annotation above, which django-stubs cannot see through _order()
        ids = ordered.values_list("pk", "search_total")  # type: ignore[misc]
        return list(ids[(page - 1) * p.per_page:page * p.per_page])

    page = p.page
    rows = page_of(page)
    if rows:
        total = int(rows[0][1])
    else:
        total = qs.count() if page > 1 else 0
        if total:
            page = (total + p.per_page - 1) // p.per_page
            rows = page_of(page)
    units = CourseUnit.objects.defer(*LISTING_DEFER).in_bulk([pk for pk, _ in rows])
    items = [units[pk] for pk, _ in rows if pk in units]
    pages = max(1, (total + p.per_page - 1) // p.per_page)
    facet_base = text_filter(public_units(), p.q, fuzzy=fuzzy, rank=False)[0] if facets else base
    return SearchResult(items, total, min(page, pages), pages, compute_facets(facet_base, p, now, networks=networks) if facets else {})


def _counts(qs: QuerySet[CourseUnit], conditions: dict[str, Q]) -> dict[str, int]:
    """How many units of `qs` (no annotations) meet each condition, in one pass (FILTER on PostgreSQL, CASE
    on SQLite)."""
    return qs.order_by().aggregate(**{name: Count("id", filter=cond) for name, cond in conditions.items()})


def compute_facets(base: QuerySet[CourseUnit], p: SearchParams, now: dt.datetime, *,
                   networks: NetworkData | None = None) -> dict[str, list[tuple[Any, int]]]:
    """Counts per filter value: how many results the search would have with that value chosen instead of
    the filter's own selection, the other filters kept. Realisation filters (mode, period, open now) hold
    for one and the same realisation, so their counts come from the realisations of the units that pass
    the other filters, one grouped query each."""
    data = networks if networks is not None else network_data(p, facets=True)

    def filtered(skip: str) -> QuerySet[CourseUnit]:
        return apply_filters(base, p, now, skip=skip, units_of_networks=data.units)

    out: dict[str, list[tuple[Any, int]]] = {}
    qs = filtered("organisation")
    out["organisation"] = [(r["organisation_id"], r["n"]) for r in
                           qs.order_by().values("organisation_id").annotate(n=Count("id"))]
    qs = filtered("field")
    out["field"] = [(r["field_of_education"], r["n"]) for r in
                    qs.order_by().values("field_of_education").annotate(n=Count("id")) if r["field_of_education"]]
    qs = filtered("language")
    langs = _counts(qs, {lang: Q(language_codes__contains=f"|{lang}|") for lang in ("fi", "sv", "en")})
    out["language"] = [(lang, langs[lang]) for lang in ("fi", "sv", "en")]
    units = filtered("realisation").order_by()

    def through_realisations(conds: dict[str, Any]) -> QuerySet[CourseUnit]:
        # one filter() call: every condition holds for the same joined realisation
        return units.filter(**{f"realisations__{k}": v for k, v in conds.items()})

    by_mode = dict(through_realisations(_realisation_conds(p, now, modes=[], open_now=p.open_now))
                   .values_list("realisations__teaching_mode").annotate(n=Count("id", distinct=True)))
    out["mode"] = [(m, by_mode.get(m, 0)) for m in TeachingMode.values]
    out["open"] = [(True, through_realisations(_realisation_conds(p, now, modes=p.modes, open_now=True))
                    .aggregate(n=Count("id", distinct=True))["n"])]
    qs = filtered("joo")
    out["joo"] = [(True, qs.filter(joo_q(now.date())).count())]
    choices = data.choices
    if choices:
        qs = filtered("network")
        counts = _counts(qs, {f"n{i}": Q(pk__in=data.units.get(code) or []) for i, (code, _) in enumerate(choices)})
        out["network"] = [(code, counts[f"n{i}"]) for i, (code, _) in enumerate(choices)]
    return out


# --- pages -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Listing:
    """What one search result shows besides the unit: its teaching periods (period keys of realisations not
    yet ended), whether enrolment is open now for one of them, and whether it is JOO offering (R-OFF-1)."""

    periods: tuple[str, ...] = ()
    open_now: bool = False
    joo: bool = False


def listings(unit_ids: list[int], now: dt.datetime | None = None) -> dict[int, Listing]:
    """Listings for one page of results, in three queries whatever the page size."""
    now = now or clock.now()
    day = timezone.localdate(now)
    periods: dict[int, set[str]] = {pk: set() for pk in unit_ids}
    open_ids: set[int] = set()
    for r in Realisation.objects.filter(course_unit_id__in=unit_ids, status=Status.ACTIVE, marketed=True,
                                        end_date__gte=day).only("course_unit_id", "start_date", "enrolment_start",
                                                                "enrolment_end", "status", "enrolment_closed"):
        periods[r.course_unit_id].add(rules.period_of(max(r.start_date, day)))
        if rules.enrolment_open(r, now):
            open_ids.add(r.course_unit_id)
    joo_ids = set(CourseUnit.objects.filter(pk__in=unit_ids).filter(joo_q(day)).values_list("pk", flat=True))
    return {pk: Listing(tuple(sorted(periods[pk], key=_period_sort)), pk in open_ids, pk in joo_ids)
            for pk in unit_ids}


def _period_sort(key: str) -> tuple[int, int]:
    year, season = key.split("-", 1)
    return int(year), {"spring": 0, "summer": 1, "autumn": 2}.get(season, 3)


def public_unit(pk: int) -> CourseUnit | None:
    return public_units().filter(pk=pk).first()


def public_realisations(unit: CourseUnit) -> list[Realisation]:
    return list(unit.realisations.filter(status=Status.ACTIVE, marketed=True).order_by("start_date", "id"))


def period_choices(today: dt.date | None = None) -> list[str]:
    day = today or clock.today()
    keys: list[str] = []
    cursor = day
    for _ in range(4):
        key = rules.period_of(cursor)
        if key not in keys:
            keys.append(key)
        bounds = rules.period_bounds(key)
        assert bounds is not None
        cursor = bounds[1] + dt.timedelta(days=1)
    return keys


def editor_units(organisation_ids: list[int] | None, *, q: str = "", status: str = "", marketed: str = "",
                 organisation: int | None = None) -> QuerySet[CourseUnit]:
    qs = CourseUnit.objects.all()
    if organisation_ids is not None:
        qs = qs.filter(organisation_id__in=organisation_ids)
    if organisation:
        qs = qs.filter(organisation_id=organisation)
    if q:
        qs = qs.filter(Q(code__icontains=q) | Q(external_id__icontains=q) | Q(name_fi__icontains=q)
                       | Q(name_sv__icontains=q) | Q(name_en__icontains=q))
    if status in Status.values:
        qs = qs.filter(status=status)
    if marketed in ("1", "0"):
        qs = qs.filter(marketed=marketed == "1")
    return qs.order_by("code", "id")


def editor_status_counts(organisation_ids: list[int] | None, *, q: str = "", marketed: str = "",
                         organisation: int | None = None) -> dict[str, int]:
    """How many units the editor list would show with each status chosen, the other filters kept."""
    qs = editor_units(organisation_ids, q=q, marketed=marketed, organisation=organisation).order_by()
    return dict(qs.values_list("status").annotate(n=Count("id")))


def import_runs(organisation_ids: list[int] | None, *, state: str = "") -> QuerySet[ImportRun]:
    """Import runs of these organisations (None: all), newest first, without the uploaded file."""
    qs = ImportRun.objects.defer("content", "errors").order_by("-created_at", "-id")
    if organisation_ids is not None:
        qs = qs.filter(organisation_id__in=organisation_ids)
    if state in ImportRun.State.values:
        qs = qs.filter(state=state)
    return qs


def declaration(organisation_id: int, academic_year: int) -> JooDeclaration | None:
    return JooDeclaration.objects.filter(organisation_id=organisation_id, academic_year=academic_year).first()


def organisation_units(organisation_id: int) -> QuerySet[CourseUnit]:
    return CourseUnit.objects.filter(organisation_id=organisation_id).exclude(status=Status.ARCHIVED) \
        .order_by("code", "id")


def editor_modules(organisation_ids: list[int] | None) -> list[StudyModule]:
    """The study modules the editor may change (None: every organisation's), each with `unit_count`."""
    qs = StudyModule.objects.all() if organisation_ids is None else \
        StudyModule.objects.filter(organisation_id__in=organisation_ids)
    return list(qs.annotate(unit_count=Count("course_units")).order_by("organisation_id", "code", "id"))


def organisation_modules(organisation_id: int) -> QuerySet[StudyModule]:
    return StudyModule.objects.filter(organisation_id=organisation_id).exclude(status=Status.ARCHIVED) \
        .order_by("code", "id")


def declaration_modes() -> list[tuple[str, str]]:
    return [(str(c), str(label)) for c, label in DeclarationMode.choices]


_ORG_NAMES: dict[int, tuple[float, dict[str, str]]] = {}
ORG_NAME_TTL = 60.0


def organisation_names(ids: set[int]) -> dict[int, dict[str, str]]:
    """Names of organisations in fi/sv/en, memoised per process for a minute (names change rarely)."""
    import time

    from joopas.organisations import api as organisations_api

    now = time.monotonic()
    out: dict[int, dict[str, str]] = {}
    for pk in ids:
        hit = _ORG_NAMES.get(pk)
        if hit is None or now - hit[0] > ORG_NAME_TTL:
            ref = organisations_api.get_by_id(pk)
            names = {"fi": ref.name_fi, "sv": ref.name_sv or ref.name_fi, "en": ref.name_en or ref.name_fi} if ref \
                else {"fi": "", "sv": "", "en": ""}
            hit = (now, names)
            _ORG_NAMES[pk] = hit
        out[pk] = hit[1]
    return out
