import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from joopas.core.models import AuditEvent
from joopas.networks.tests.factories import make_network
from joopas.organisations.tests.factories import OrganisationFactory
from joopas.rights import importer
from joopas.rights.models import Eligibility, Person, StudyRight
from joopas.rights.tests.factories import hetu, learner_oid, officer

pytestmark = pytest.mark.django_db

HEADER = ",".join(importer.COLUMNS)


def _line(**v: str) -> str:
    values = {"hetu": "", "learner_oid": "", "student_number": "", "first_names": "Aino", "last_name": "Virtanen",
              "email": "", "right_identifier": "SR-1", "start_date": "2024-08-01", "end_date": "2028-07-31",
              "status": "active", "degree_programme": "Kandiohjelma", "networks": ""}
    values.update(v)
    return ",".join(values[c] for c in importer.COLUMNS)


@pytest.fixture
def world() -> dict[str, Any]:
    hy, aalto = OrganisationFactory(), OrganisationFactory()
    network = make_network(hy, [aalto], code="NET-IMPORT")
    return {"hy": hy, "network": network, "officer": officer(hy)}


def test_every_invalid_row_is_reported_with_its_line_and_nothing_is_written(world: dict[str, Any]) -> None:
    text = "\n".join([HEADER,
                      _line(hetu=hetu(1), right_identifier="SR-1", networks="NET-IMPORT"),
                      _line(hetu="010101A123X", right_identifier="SR-2"),  # wrong check character
                      _line(learner_oid=learner_oid(3), right_identifier="SR-1"),  # same right twice
                      _line(learner_oid=learner_oid(4), right_identifier="SR-4", end_date="2020-01-01"),
                      _line(right_identifier="SR-5"),  # no identity at all
                      _line(learner_oid=learner_oid(6), right_identifier="SR-6", networks="NOPE"),
                      _line(learner_oid=learner_oid(7), right_identifier="SR-7", start_date="1.8.2024")])
    checked = importer.plan(text, organisation_id=world["hy"].pk)
    assert [(e.line, e.code) for e in checked.errors] == [
        (3, "identifier.hetu.checksum"), (4, "rights.import.duplicate"), (5, "rights.study_right.dates"),
        (6, "rights.person.identity_required"), (7, "rights.import.network"), (8, "rights.import.date")]
    with pytest.raises(ValueError):
        importer.apply(checked, actor=world["officer"], organisation_id=world["hy"].pk)
    assert (Person.objects.count(), StudyRight.objects.count()) == (0, 0)


def test_a_valid_file_is_written_through_the_services_and_a_rerun_is_idempotent(world: dict[str, Any]) -> None:
    text = "\n".join([HEADER, _line(hetu=hetu(11), right_identifier="SR-11", networks="NET-IMPORT"),
                      _line(learner_oid=learner_oid(12), right_identifier="SR-12")])
    seen: list[int] = []
    result = importer.apply(importer.plan(text, organisation_id=world["hy"].pk), actor=world["officer"],
                            organisation_id=world["hy"].pk, progress=seen.append)
    assert (result.persons, result.rights_created, result.rights_updated) == (2, 2, 0)
    assert seen == [2]
    assert list(Eligibility.objects.values_list("study_right__identifier", "network_id")) == \
        [("SR-11", world["network"].pk)]
    audited = AuditEvent.objects.filter(event__startswith="rights.").count()
    again = importer.apply(importer.plan(text.replace("2028-07-31", "2029-07-31"), organisation_id=world["hy"].pk),
                           actor=world["officer"], organisation_id=world["hy"].pk)
    assert (again.rights_created, again.rights_updated) == (0, 2)
    assert (Person.objects.count(), StudyRight.objects.count()) == (2, 2)
    assert sorted(StudyRight.objects.values_list("end_date__year", flat=True)) == [2029, 2029]
    assert AuditEvent.objects.filter(event__startswith="rights.").count() > audited


def test_the_command_checks_and_imports(world: dict[str, Any], tmp_path: Any) -> None:
    path = tmp_path / "students.csv"
    path.write_text("\n".join([HEADER, _line(hetu=hetu(21), right_identifier="SR-21")]), encoding="utf-8")
    out = io.StringIO()
    args = [str(path), "--organisation", world["hy"].oid, "--actor", world["officer"].email]
    call_command("import-students", *args, "--dry-run", stdout=out)
    assert out.getvalue().strip() == "1 rows are valid (dry run: nothing written)."
    assert StudyRight.objects.count() == 0
    call_command("import-students", *args, stdout=out, stderr=io.StringIO())
    assert StudyRight.objects.get().identifier == "SR-21"
    path.write_text("first_names\nAino\n", encoding="utf-8")
    with pytest.raises(CommandError) as err:
        call_command("import-students", *args, stdout=io.StringIO())
    assert str(err.value) == "1 invalid rows; nothing was written."
