from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from joopas.access.models import Role
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import UserFactory
from joopas.catalogue import api, services
from joopas.catalogue.models import CourseUnit, JooDeclaration, Realisation, StudyModule
from joopas.catalogue.tests.factories import (
    make_module,
    make_realisation,
    make_unit,
    module_data,
    realisation_data,
    unit_data,
)
from joopas.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from joopas.core.models import AuditEvent
from joopas.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_upsert_creates_then_updates_by_the_institutions_own_id() -> None:
    org = OrganisationFactory()
    ref = api.upsert_course_unit(organisation_id=org.pk, data=unit_data(study_element_id="X1", code="A"))
    again = api.upsert_course_unit(organisation_id=org.pk, data=unit_data(study_element_id="X1", code="B"))
    assert again.id == ref.id
    assert CourseUnit.objects.get(pk=ref.id).code == "B"
    assert list(AuditEvent.objects.filter(subject_id=str(ref.id)).values_list("event", flat=True).order_by("id")) \
        == ["catalogue.course_unit_created", "catalogue.course_unit_updated"]


def test_same_external_id_in_two_organisations_are_two_units() -> None:
    a, b = OrganisationFactory(), OrganisationFactory()
    ra = api.upsert_course_unit(organisation_id=a.pk, data=unit_data(study_element_id="SAME"))
    rb = api.upsert_course_unit(organisation_id=b.pk, data=unit_data(study_element_id="SAME"))
    assert ra.id != rb.id


@pytest.mark.parametrize(("override", "path"), [
    ({"teaching_languages": []}, "teaching_languages"),
    ({"name": {"fi": "", "sv": " "}}, "name"),
    ({"credits_min": "-1"}, "credits_min"),
    ({"credits_min": "5", "credits_max": "3"}, ""),
    ({"validity_start_date": "2027-01-01", "validity_end_date": "2026-01-01"}, ""),
    ({"description": {"fi": "x" * 20_001}}, "description/fi"),
    ({"bogus": 1}, "bogus"),
])
def test_invalid_course_unit_is_refused_and_nothing_written(override: dict, path: str) -> None:
    org = OrganisationFactory()
    with pytest.raises(ValidationFailed) as exc:
        api.upsert_course_unit(organisation_id=org.pk, data=unit_data(**override))
    assert exc.value.code == "catalogue.invalid"
    assert [e["path"] for e in exc.value.details["errors"]] == [path]
    assert CourseUnit.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_realisation_reversed_dates_refused() -> None:
    org = OrganisationFactory()
    unit = make_unit(org)
    with pytest.raises(ValidationFailed) as exc:
        api.upsert_realisation(organisation_id=org.pk, data=realisation_data(
            unit.external_id, start_date="2026-10-01", end_date="2026-09-01"))
    assert exc.value.details["errors"][0] == {"code": "schema.value_error", "path": "",
                                              "message": "end_date is before start_date"}
    with pytest.raises(ValidationFailed):
        api.upsert_realisation(organisation_id=org.pk, data=realisation_data(
            unit.external_id, enrolment_start_date_time="2026-08-31T00:00:00+03:00",
            enrolment_end_date_time="2026-08-01T00:00:00+03:00"))
    assert Realisation.objects.count() == 0


def test_realisation_must_belong_to_a_unit_of_the_same_organiser() -> None:
    mine, other = OrganisationFactory(), OrganisationFactory()
    foreign = make_unit(other)
    with pytest.raises(NotFound) as exc:
        api.upsert_realisation(organisation_id=mine.pk, data=realisation_data(foreign.external_id))
    assert exc.value.code == "catalogue.course_unit_not_found"
    assert Realisation.objects.count() == 0


def test_realisation_upsert_and_refs() -> None:
    org = OrganisationFactory()
    unit = make_unit(org)
    ref = api.upsert_realisation(organisation_id=org.pk, data=realisation_data(unit.external_id, realisation_id="R9",
                                                                                max_seats=12))
    assert ref.study_element_id == unit.external_id
    assert ref.max_seats == 12
    assert api.get_realisation(organisation_id=org.pk, external_id="R9") == ref
    assert api.realisation_ids_for_units([unit.pk]) == {unit.pk: [ref.id]}
    assert api.get_realisation(organisation_id=org.pk + 1000, external_id="R9") is None


def test_module_hierarchy_and_parents() -> None:
    org = OrganisationFactory()
    top = make_module(org, study_element_id="TOP")
    sub = make_module(org, study_element_id="SUB", parents=["TOP"])
    assert sub.parent == top
    unit = make_unit(org, parents=["SUB"])
    assert list(unit.modules.all()) == [sub]
    with pytest.raises(ValidationFailed) as exc:
        services.study_module_upsert(actor=None, organisation_id=org.pk,
                                     data=module_data(study_element_id="TOP", parents=["SUB"]))
    assert exc.value.code == "catalogue.cycle"
    assert StudyModule.objects.get(pk=top.pk).parent is None
    with pytest.raises(NotFound) as exc2:
        make_unit(org, parents=["NOPE"])
    assert exc2.value.code == "catalogue.parent_not_found"


def test_delete_unit_with_realisations_conflicts() -> None:
    org = OrganisationFactory()
    unit = make_unit(org)
    real = make_realisation(unit)
    with pytest.raises(Conflict):
        api.delete_course_unit(organisation_id=org.pk, external_id=unit.external_id)
    api.delete_realisation(organisation_id=org.pk, external_id=real.external_id)
    api.delete_course_unit(organisation_id=org.pk, external_id=unit.external_id)
    assert CourseUnit.objects.count() == 0
    with pytest.raises(NotFound):
        api.delete_study_module(organisation_id=org.pk, external_id="none")


def test_archive_hides_unit_and_realisations() -> None:
    org = OrganisationFactory()
    editor = UserFactory()
    grant(editor, org, Role.CATALOGUE_EDITOR)
    unit = make_unit(org)
    make_realisation(unit)
    services.course_unit_archive(actor=editor, unit=unit)
    unit.refresh_from_db()
    assert (unit.status, unit.marketed) == ("ARCHIVED", False)
    assert list(unit.realisations.values_list("status", flat=True)) == ["ARCHIVED"]
    with pytest.raises(Conflict):
        services.course_unit_archive(actor=editor, unit=unit)


def test_other_organisations_editor_is_denied_and_nothing_changes() -> None:
    org, other = OrganisationFactory(), OrganisationFactory()
    outsider = UserFactory()
    grant(outsider, other, Role.CATALOGUE_EDITOR)
    unit = make_unit(org)
    count = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        services.course_unit_archive(actor=outsider, unit=unit)
    with pytest.raises(PermissionDenied):
        services.course_unit_upsert(actor=outsider, organisation_id=org.pk,
                                    data=unit_data(study_element_id=unit.external_id, code="HACK"))
    unit.refresh_from_db()
    assert (unit.status, unit.code) == ("ACTIVE", unit.code)
    assert unit.code != "HACK"
    assert AuditEvent.objects.count() == count


def test_r_off_4_extend_enrolment_period_is_the_way_to_late_enrolment() -> None:
    org = OrganisationFactory()
    editor = UserFactory()
    grant(editor, org, Role.MAIN_USER)
    now = timezone.now()
    unit = make_unit(org)
    real = make_realisation(unit, start_date=(now - dt.timedelta(days=40)).date().isoformat(),
                            end_date=(now + dt.timedelta(days=60)).date().isoformat(),
                            enrolment_start_date_time=(now - dt.timedelta(days=30)).isoformat(),
                            enrolment_end_date_time=(now - dt.timedelta(days=1)).isoformat())
    assert api.enrolment_open(api.get_realisation_by_id(real.pk), now) is False  # type: ignore[arg-type]
    services.realisation_extend_enrolment(actor=editor, realisation=real, new_end=now + dt.timedelta(days=3))
    assert api.enrolment_open(api.get_realisation_by_id(real.pk), now) is True  # type: ignore[arg-type]
    assert AuditEvent.objects.filter(event="catalogue.enrolment_extended").count() == 1


def test_r_off_1_declaration_replaces_previous_and_rejects_foreign_units() -> None:
    org, other = OrganisationFactory(), OrganisationFactory()
    u1, u2 = make_unit(org), make_unit(org)
    foreign = make_unit(other)
    services.joo_declaration_set(actor=None, organisation_id=org.pk, academic_year=2026, mode="list",
                                 course_unit_ids=[u1.pk])
    decl = services.joo_declaration_set(actor=None, organisation_id=org.pk, academic_year=2026, mode="exclusion",
                                        course_unit_ids=[u2.pk])
    assert JooDeclaration.objects.count() == 1
    assert (decl.mode, list(decl.course_units.all())) == ("exclusion", [u2])
    with pytest.raises(ValidationFailed) as exc:
        services.joo_declaration_set(actor=None, organisation_id=org.pk, academic_year=2026, mode="list",
                                     course_unit_ids=[foreign.pk])
    assert exc.value.code == "catalogue.foreign_study"
    decl.refresh_from_db()
    assert decl.mode == "exclusion"
