from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from joopas.catalogue import importer
from joopas.catalogue.models import CourseUnit, Realisation, StudyModule
from joopas.catalogue.tests.factories import make_unit, module_data, realisation_data, unit_data
from joopas.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def jl(*rows: object) -> list[str]:
    return [r if isinstance(r, str) else json.dumps(r) for r in rows]


def good_rows() -> list[str]:
    return jl({"type": "study_module", **module_data(study_element_id="M1")},
              {"type": "realisation", **realisation_data("U1", realisation_id="R1")},  # before its unit: fine
              {"type": "course_unit", **unit_data(study_element_id="U1", parents=["M1"])},
              {"type": "course_unit", **unit_data(study_element_id="U2")})


def run(path: Path, *args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import-offering", str(path), "--no-progress", *args, stdout=out)
    return out.getvalue()


def test_import_applies_and_is_idempotent(tmp_path: Path) -> None:
    org = OrganisationFactory()
    f = tmp_path / "offering.jsonl"
    f.write_text("\n".join(good_rows()) + "\n")
    out = run(f, "--organisation", org.oid)
    assert out.strip() == "imported 4 rows (1 study modules, 2 course units, 1 realisations): 4 created, 0 updated."
    assert run(f, "--organisation", org.oid).strip().endswith("0 created, 4 updated.")
    assert (StudyModule.objects.count(), CourseUnit.objects.count(), Realisation.objects.count()) == (1, 2, 1)
    unit = CourseUnit.objects.get(external_id="U1")
    assert list(unit.modules.values_list("external_id", flat=True)) == ["M1"]
    assert "testikurssi" in unit.search_lemmas
    assert Realisation.objects.get().course_unit == unit


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    org = OrganisationFactory()
    f = tmp_path / "offering.jsonl"
    f.write_text("\n".join(good_rows()))
    assert run(f, "--organisation", org.oid, "--dry-run").strip() == \
        "dry run: all 4 rows are valid (1 study modules, 2 course units, 1 realisations); nothing was written."
    assert CourseUnit.objects.count() == 0


def test_every_bad_row_is_reported_with_line_and_reason_and_nothing_is_written(tmp_path: Path) -> None:
    org = OrganisationFactory()
    rows = jl(
        {"type": "course_unit", **unit_data(study_element_id="OK1")},
        {"type": "course_unit", **unit_data(study_element_id="NOLANG", teaching_languages=[])},
        {"type": "realisation", **realisation_data("OK1", realisation_id="REV", start_date="2026-12-01",
                                                   end_date="2026-09-01")},
        {"type": "course_unit", **unit_data(study_element_id="OK1")},
        '{"type": "course_unit", "study_element_id": ',
        {"type": "course_unit", **unit_data(study_element_id="BIG", description={"fi": "x" * 10_000_000})},
        {"type": "realisation", **realisation_data("GHOST", realisation_id="R-GHOST")},
        {"type": "course_unit", **unit_data(study_element_id="NET", networks=["NO-SUCH-NETWORK"])},
        {"type": "teacher"},
        {"type": "course_unit", **unit_data(study_element_id="NONAME", name={"fi": ""})},
    )
    f = tmp_path / "bad.jsonl"
    f.write_text("\n".join(rows))
    from io import StringIO

    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import-offering", str(f), "--no-progress", "--organisation", org.oid, stdout=out)
    lines = out.getvalue().splitlines()
    errors = [x for x in lines if x.startswith("line ")]
    assert [e.split(":")[0] for e in errors] == ["line 2 [NOLANG]", "line 3 [REV]", "line 4 [OK1]", "line 5",
                                                 "line 6 [BIG]", "line 7 [R-GHOST]", "line 8", "line 9",
                                                 "line 10 [NONAME]"]
    assert "teaching_languages: List should have at least 1 item" in errors[0]
    assert "end_date is before start_date" in errors[1]
    assert "catalogue.duplicate_id: the same identifier is already on line 1" in errors[2]
    assert "catalogue.malformed_json" in errors[3]
    assert "description/fi: String should have at most 20000 characters" in errors[4]
    assert "catalogue.course_unit_not_found: course unit GHOST" in errors[5]
    assert "catalogue.unknown_network: unknown network NO-SUCH-NETWORK" in errors[6]
    assert "catalogue.unknown_type" in errors[7]
    assert "name: Value error, give the name in at least one language" in errors[8]
    assert lines[-1].startswith("9 invalid rows of 10")
    assert CourseUnit.objects.count() == 0 and Realisation.objects.count() == 0


def test_unknown_network_reference_is_reported() -> None:
    org = OrganisationFactory()
    p = importer.plan(jl({"type": "course_unit", **unit_data(networks=["N1"])}), organisation_id=org.pk)
    assert [(e.line, e.code) for e in p.errors] == [(1, "catalogue.unknown_network")]


def test_reference_to_existing_unit_in_database_and_other_organisations_unit() -> None:
    org, other = OrganisationFactory(), OrganisationFactory()
    make_unit(org, study_element_id="DBU")
    make_unit(other, study_element_id="FOREIGN")
    p = importer.plan(jl({"type": "realisation", **realisation_data("DBU")},
                         {"type": "realisation", **realisation_data("FOREIGN")}), organisation_id=org.pk)
    assert [(e.line, e.code) for e in p.errors] == [(2, "catalogue.course_unit_not_found")]


def test_rows_naming_their_organisation(tmp_path: Path) -> None:
    org = OrganisationFactory()
    p = importer.plan(jl({"type": "course_unit", "organisation": org.oid, **unit_data()},
                         {"type": "course_unit", "organisation": "1.2.246.562.10.99999999999", **unit_data()},
                         {"type": "course_unit", **unit_data()}))
    assert [(e.line, e.code) for e in p.errors] == [(2, "catalogue.unknown_organisation"),
                                                    (3, "catalogue.organisation_required")]


def test_batches_commit_separately(tmp_path: Path) -> None:
    org = OrganisationFactory()
    rows = jl(*[{"type": "course_unit", **unit_data(study_element_id=f"B{i}")} for i in range(7)])
    p = importer.plan(rows, organisation_id=org.pk)
    assert importer.apply_all(rows, p, organisation_id=org.pk, batch_size=3) == {"created": 7, "updated": 0}
    assert CourseUnit.objects.count() == 7


@pytest.mark.django_db(transaction=True)
def test_pipelined_import_outside_a_transaction_writes_every_batch_in_order() -> None:
    org = OrganisationFactory()
    rows = jl(*[{"type": "realisation", **realisation_data(f"P{i}", realisation_id=f"PR{i}")} for i in range(5)],
              *[{"type": "course_unit", **unit_data(study_element_id=f"P{i}")} for i in range(5)])
    p = importer.plan(rows, organisation_id=org.pk)
    assert importer.apply_all(rows, p, organisation_id=org.pk, batch_size=2) == {"created": 10, "updated": 0}
    assert Realisation.objects.filter(course_unit__external_id="P4").count() == 1
    assert importer.apply_all(rows, p, organisation_id=org.pk, batch_size=3) == {"created": 0, "updated": 10}


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_write_referenced_batches_first() -> None:
    """Modules refer to modules of earlier batches, units to modules, realisations to units: with two writers
    and batches of two, every reference resolves and every row is written once."""
    org = OrganisationFactory()
    modules = [{"type": "study_module", **module_data(study_element_id=f"M{i}",
                                                       parents=[f"M{i - 1}"] if i else [])} for i in range(5)]
    units = [{"type": "course_unit", **unit_data(study_element_id=f"U{i}", parents=[f"M{i % 5}"])} for i in range(9)]
    reals = [{"type": "realisation", **realisation_data(f"U{i % 9}", realisation_id=f"R{i}")} for i in range(11)]
    rows = jl(*reals, *units, *modules)
    p = importer.plan(rows, organisation_id=org.pk)
    assert importer.apply_all(rows, p, organisation_id=org.pk, batch_size=2, writers=2) == \
        {"created": 25, "updated": 0}
    assert [m.parent.external_id if m.parent else None for m in StudyModule.objects.order_by("external_id")] == \
        [None, "M0", "M1", "M2", "M3"]
    assert sorted(CourseUnit.objects.values_list("external_id", "modules__external_id")) == \
        sorted((f"U{i}", f"M{i % 5}") for i in range(9))
    assert sorted(Realisation.objects.values_list("external_id", "course_unit__external_id")) == \
        sorted((f"R{i}", f"U{i % 9}") for i in range(11))


@pytest.mark.django_db(transaction=True)
def test_a_failing_batch_stops_the_import_and_is_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    from joopas.catalogue import services

    org = OrganisationFactory()
    rows = jl(*[{"type": "course_unit", **unit_data(study_element_id=f"F{i}")} for i in range(8)])
    p = importer.plan(rows, organisation_id=org.pk)
    real_batch = services.offering_import_batch

    def failing(*, actor: object, rows: list[tuple[str, int, object]]) -> dict[str, int]:
        if any(m.study_element_id == "F4" for _k, _o, m in rows):  # type: ignore[attr-defined]
            raise RuntimeError("database went away")
        return real_batch(actor=actor, rows=rows)

    monkeypatch.setattr(services, "offering_import_batch", failing)
    with pytest.raises(RuntimeError, match="database went away"):
        importer.apply_all(rows, p, organisation_id=org.pk, batch_size=2, writers=2)
    assert "F4" not in set(CourseUnit.objects.values_list("external_id", flat=True))
    assert {"F0", "F1"} <= set(CourseUnit.objects.values_list("external_id", flat=True))


@pytest.mark.pg
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("writers", [1, 2])
def test_a_large_import_refreshes_the_planner_statistics(monkeypatch: pytest.MonkeyPatch, writers: int) -> None:
    from django.db import connection

    from joopas.catalogue import services

    monkeypatch.setattr(services, "ANALYZE_AFTER_ROWS", 3)
    org = OrganisationFactory()

    def reltuples() -> float:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'catalogue_courseunit'")
            return float(cursor.fetchone()[0])

    n = 5 + 2 * writers  # a different count per case, so a count left by the other case cannot pass
    rows = jl(*[{"type": "course_unit", **unit_data(study_element_id=f"A{i}")} for i in range(n)])
    p = importer.plan(rows, organisation_id=org.pk)
    importer.apply_all(rows[:2], importer.plan(rows[:2], organisation_id=org.pk), organisation_id=org.pk,
                       writers=writers)
    assert reltuples() != 2  # below the threshold: no ANALYZE
    importer.apply_all(rows, p, organisation_id=org.pk, batch_size=2, writers=writers)
    assert reltuples() == n
