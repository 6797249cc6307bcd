"""Issue 12: the offering messages speak the whole RIPA v9 vocabulary (R-EXC-5), partial updates, the
sender speaks only for itself (organiser, R-NET-1), plain text only, and paths inside the message."""

from __future__ import annotations

import copy
import datetime as dt
import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from joopas.catalogue import rules
from joopas.catalogue.models import CourseUnit, Realisation, StudyModule
from joopas.core import clock
from joopas.exchange.models import Delivery, Message
from joopas.exchange.registry import examples
from joopas.exchange.tests.conftest import Org, make_org, post
from joopas.networks.tests.factories import make_network

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(db: Any) -> Org:
    return make_org("01901")


@pytest.fixture
def host(db: Any) -> Org:
    return make_org("10076")


@pytest.fixture
def net(home: Org, host: Org) -> Any:
    return make_network(home.org, [host.org], code="ETELA-RISTIIN")


def ex(name: str) -> dict[str, Any]:
    env = copy.deepcopy(examples()[name])
    env["message_id"] = str(uuid.uuid4())
    return env


def unit_payload(env: dict[str, Any]) -> dict[str, Any]:
    return env["payload"]["courseUnits"][0]


def errors(r: Any) -> list[tuple[str, str]]:
    return [(e["code"], e["path"]) for e in r.json()["details"]["errors"]]


def created(client: Any, home: Org) -> None:
    r = post(client, home, ex("CREATE_COURSEUNIT_REQUEST"))
    assert r.status_code == 202, r.json()


# --- R-EXC-5: the vocabulary -----------------------------------------------------------------------

def test_r_exc_5_course_unit_with_every_v9_field_is_accepted_kept_and_passed_on(client, home, host, net) -> None:
    env = ex("CREATE_COURSEUNIT_REQUEST")
    r = post(client, home, env)
    assert r.status_code == 202, r.json()
    unit = CourseUnit.objects.get(organisation_id=home.id, external_id="TILA-101")
    kept = copy.deepcopy(unit_payload(env))
    del kept["completionOptions"][0]["assessmentItems"][0]["realisations"]  # realisations are elements of their own
    assert unit.source == kept
    assert unit.objective_fi == "Opiskelija osaa tehdä yksinkertaisia tilastollisia päätelmiä."
    note = Message.objects.get(type="COURSEUNIT_CREATED_NOTIFICATION")
    assert note.payload is not None
    assert note.payload["created"][0]["element"] == unit.source  # passed on to the network's members
    assert [d.receiver_id for d in note.deliveries.all()] == [host.id]


def test_r_exc_5_exam_realisation_refers_to_an_assessment_item(client, home, host, net) -> None:
    created(client, home)
    env = ex("CREATE_REALISATION_REQUEST")
    real = env["payload"]["realisations"][0]
    real["studyElementReferences"] = [real["studyElementReferences"][1]]  # only the ASSESSMENT_ITEM reference
    r = post(client, home, env)
    assert r.status_code == 202, r.json()
    stored = Realisation.objects.get(organisation_id=home.id, external_id="TILA-101-2027-K")
    assert stored.course_unit.external_id == "TILA-101"
    assert stored.teachers == "Maija Meikäläinen, Tilastotieteen assistentit"
    assert stored.location == "Pietari Kalmin katu 5, 00560 Helsinki"
    assert stored.source["groupQuotas"] == [{"minSeats": 0, "maxSeats": 10, "networkIdentifiers": ["ETELA-RISTIIN"]}]


def test_r_exc_5_an_unknown_assessment_item_is_refused(client, home, host, net) -> None:
    created(client, home)
    env = ex("CREATE_REALISATION_REQUEST")
    env["payload"]["realisations"][0]["studyElementReferences"][1]["referenceAssessmentItemId"] = "NO-SUCH-ITEM"
    r = post(client, home, env)
    assert r.status_code == 404
    assert errors(r) == [("exchange.not_found", "payload/realisations/0/studyElementReferences")]
    assert not Realisation.objects.exists()


def test_r_exc_5_partial_course_unit_update_changes_only_the_fields_sent(client, home, host, net) -> None:
    created(client, home)
    r = post(client, home, ex("UPDATE_COURSEUNIT_REQUEST"))
    assert r.status_code == 202, r.json()
    unit = CourseUnit.objects.get(organisation_id=home.id, external_id="TILA-101")
    assert (unit.credits_min, unit.credits_max, unit.name_fi) == (5, 6, "Tilastotieteen perusteet")
    assert unit.source["creditsDescription"] == {"values": {"fi": "5–6 op", "en": "5–6 cr"}}
    assert unit.source["content"]["values"]["en"] == "Probability, sampling, estimation and testing."


def test_r_exc_5_partial_update_may_clear_a_field_with_null(client, home, host, net) -> None:
    created(client, home)
    env = ex("UPDATE_COURSEUNIT_REQUEST")
    env["payload"] = {"courseUnit": {"studyElementId": "TILA-101", "description": None}}
    assert post(client, home, env).status_code == 202
    unit = CourseUnit.objects.get(organisation_id=home.id, external_id="TILA-101")
    assert (unit.description_fi, unit.source["description"]) == ("", None)


def test_r_exc_5_partial_realisation_update_closes_enrolment(client, home, host, net) -> None:
    created(client, home)
    assert post(client, home, ex("CREATE_REALISATION_REQUEST")).status_code == 202
    r = post(client, home, ex("UPDATE_REALISATION_REQUEST"))
    assert r.status_code == 202, r.json()
    real = Realisation.objects.get(organisation_id=home.id, external_id="TILA-101-2027-K")
    assert (real.max_seats, real.enrolment_closed, real.name_fi) == (60, True, "Tilastotieteen perusteet, kevät 2027")
    inside = real.enrolment_start + dt.timedelta(days=1)
    assert rules.enrolment_open(real, inside) is False


def test_r_exc_5_update_of_an_element_without_a_v9_form_needs_the_missing_fields(client, home, host, net) -> None:
    created(client, home)
    CourseUnit.objects.filter(external_id="TILA-101").update(source={})  # entered in Joopas by hand
    r = post(client, home, ex("UPDATE_COURSEUNIT_REQUEST"))
    assert r.status_code == 422
    assert sorted(errors(r)) == [("schema.missing", "payload/courseUnit/name"),
                                 ("schema.missing", "payload/courseUnit/organisationReferences"),
                                 ("schema.missing", "payload/courseUnit/type")]


def test_r_exc_5_study_module_sub_elements_are_created_as_its_children(client, home, host, net) -> None:
    r = post(client, home, ex("CREATE_STUDYMODULE_REQUEST"))
    assert r.status_code == 202, r.json()
    module = StudyModule.objects.get(organisation_id=home.id, external_id="TILA-MOD")
    child = CourseUnit.objects.get(organisation_id=home.id, external_id="TILA-102")
    assert list(child.modules.all()) == [module]
    assert module.source["subElements"][0]["studyElementId"] == "TILA-102"
    assert module.source["studyModuleType"] == "BASIC_STUDIES"
    r = post(client, home, ex("UPDATE_STUDYMODULE_REQUEST"))
    assert r.status_code == 202, r.json()
    module.refresh_from_db()
    assert (module.source["studyModuleType"], module.credits_min) == ("SUBJECT_STUDIES", 25)


def test_r_exc_5_a_field_the_vocabulary_does_not_have_is_refused(client, home, host, net) -> None:
    env = ex("CREATE_COURSEUNIT_REQUEST")
    unit_payload(env)["lecturer"] = "Maija"
    r = post(client, home, env)
    assert r.status_code == 422
    assert errors(r) == [("schema.unknown_field", "payload/courseUnits/0/lecturer")]


# --- trust ---------------------------------------------------------------------------------------

def test_the_main_organiser_must_be_the_sender(client, home, host, net) -> None:
    env = ex("CREATE_COURSEUNIT_REQUEST")
    unit_payload(env)["organisationReferences"] = [{"organisationRole": 1, "target": {"organisationTkCode": "10076"}}]
    r = post(client, home, env)
    assert r.status_code == 403
    assert errors(r) == [("exchange.not_organiser",
                          "payload/courseUnits/0/organisationReferences/0/target/organisationTkCode")]
    assert not CourseUnit.objects.exists()


def test_r_net_1_an_outsider_cannot_offer_in_a_network(client, home, host, net) -> None:
    outsider = make_org("02000")
    env = ex("CREATE_COURSEUNIT_REQUEST")
    unit_payload(env)["organisationReferences"] = [{"organisationRole": 1, "target": {"organisationTkCode": "02000"}}]
    r = post(client, outsider, env)
    assert r.status_code == 403
    assert errors(r) == [("exchange.not_network_member", "payload/courseUnits/0/cooperationNetworks/0/id")]
    assert not CourseUnit.objects.exists()
    assert not Delivery.objects.exists()


def test_r_net_1_membership_must_be_valid_on_the_day(client, home, host) -> None:
    make_network(home.org, [host.org], code="ETELA-RISTIIN", start=clock.today() + dt.timedelta(days=30))
    env = ex("CREATE_COURSEUNIT_REQUEST")
    unit_payload(env)["cooperationNetworks"] = [{"id": "ETELA-RISTIIN"}]
    r = post(client, home, env)
    assert r.status_code == 403
    assert errors(r) == [("exchange.not_network_member", "payload/courseUnits/0/cooperationNetworks/0/id")]
    start = (clock.today() + dt.timedelta(days=40)).isoformat()
    unit_payload(env)["cooperationNetworks"] = [{"id": "ETELA-RISTIIN", "validityStartDate": start}]
    env["message_id"] = str(uuid.uuid4())
    assert post(client, home, env).status_code == 202


@pytest.mark.parametrize("name", ["<b>Tilasto</b>", "Tilasto<script>alert(1)</script>", "<!-- x -->", "bell\x07"])
def test_markup_in_a_name_is_refused_with_its_path(client, home, host, net, name: str) -> None:
    env = ex("CREATE_COURSEUNIT_REQUEST")
    unit_payload(env)["name"]["values"]["fi"] = name
    r = post(client, home, env)
    assert r.status_code == 422
    assert errors(r) == [("schema.markup", "payload/courseUnits/0/name/values/fi")]


def test_a_lone_less_than_sign_is_plain_text(client, home, host, net) -> None:
    env = ex("CREATE_COURSEUNIT_REQUEST")
    unit_payload(env)["description"]["values"]["fi"] = "Kun p < 0,05, hylätään."
    assert post(client, home, env).status_code == 202


def test_markup_is_refused_by_the_catalogue_api_too(client, home) -> None:
    body = {"study_element_id": "X-1", "name": {"fi": "<i>x</i>"}, "credits_min": 5, "teaching_languages": ["fi"]}
    r = client.put("/api/v1/catalogue/course-units/by-id/X-1", data=json.dumps(body), content_type="application/json",
                   HTTP_X_API_KEY=home.key)
    assert r.status_code == 422
    assert [(e["code"], e["path"]) for e in r.json()["details"]["errors"]] == [("markup", "name/fi")]


# --- paths inside the message ------------------------------------------------------------------------

def test_a_long_name_answers_string_too_long_at_its_path(client, home, host, net) -> None:
    env = ex("CREATE_COURSEUNIT_REQUEST")
    unit_payload(env)["name"]["values"]["fi"] = "x" * 600_000
    r = post(client, home, env)
    assert r.status_code == 422
    assert errors(r) == [("schema.string_too_long", "payload/courseUnits/0/name/values/fi")]


def test_a_catalogue_refusal_names_the_message_field(client, home, host, net) -> None:
    created(client, home)
    env = ex("CREATE_REALISATION_REQUEST")
    del env["payload"]["realisations"][0]["enrollmentStartDateTime"]
    r = post(client, home, env)
    assert r.status_code == 422
    assert [p for _c, p in errors(r)] == ["payload/realisations/0/enrollmentStartDateTime"]


# --- following a message --------------------------------------------------------------------------

def test_the_sender_follows_its_message_to_acknowledged(client, home, host, net) -> None:
    env = ex("CREATE_COURSEUNIT_REQUEST")
    post(client, home, env)
    status = client.get(f"/api/v1/exchange/messages/{env['message_id']}", **home.headers()).json()
    [caused] = status["caused"]
    assert (caused["type"], caused["status"]) == ("COURSEUNIT_CREATED_NOTIFICATION", "pending")
    assert [d["receiver"] for d in caused["deliveries"]] == [host.org.oid]
    ack = {"message_id": str(uuid.uuid4()), "type": "ACKNOWLEDGEMENT", "schema_version": "1",
           "sent_at": "2026-11-23T10:00:00+02:00", "payload": {"requestId": caused["message_id"]}}
    assert post(client, host, ack).status_code == 202
    status = client.get(f"/api/v1/exchange/messages/{env['message_id']}", **home.headers()).json()
    assert status["caused"][0]["status"] == "acknowledged"
    assert status["caused"][0]["deliveries"][0]["acknowledged_at"] is not None
    other = client.get(f"/api/v1/exchange/messages/{env['message_id']}", **host.headers())
    assert other.status_code == 404 or other.json()["caused"] == []


def test_validate_of_an_already_sent_message_answers_as_a_resend(client, home, host, net) -> None:
    env = ex("CREATE_COURSEUNIT_REQUEST")
    first = post(client, home, env)
    again = post(client, home, env, path="/api/v1/exchange/validate")
    assert (again.status_code, again.json()) == (first.status_code, first.json())


def test_validate_command_runs_the_database_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str], client,
                                                   home, host, net) -> None:
    env = ex("DELETE_REALISATION_REQUEST")
    f = tmp_path / "delete.json"
    f.write_text(json.dumps(env))
    call_command("exchange", "validate", str(f))  # schema level only: valid
    capsys.readouterr()
    with pytest.raises(CommandError):
        call_command("exchange", "validate", str(f), "--organisation", home.org.oid)
    cli = json.loads(capsys.readouterr().out)
    api = post(client, home, env, path="/api/v1/exchange/validate").json()
    assert cli == api
    assert [e["code"] for e in cli["details"]["errors"]] == ["exchange.not_found"]


def test_search_api_names_organisations_by_oid(client, home, host, net) -> None:
    created(client, home)
    mine = client.get("/api/v1/catalogue/search", {"organisation": home.org.oid}).json()
    other = client.get("/api/v1/catalogue/search", {"organisation": host.org.oid}).json()
    unknown = client.get("/api/v1/catalogue/search", {"organisation": "1.2.246.562.10.00000000001"}).json()
    assert ([i["study_element_id"] for i in mine["items"]], other["total"], unknown["total"]) == (["TILA-101"], 0, 0)
