"""`/api/v1/registrations`: create (home), list and read (own side only, audited), decide per selection (host),
cancel (home / student); errors `{code, message, details: {errors: [{code, path, message}]}}`, translated."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from joopas.core.models import AuditEvent
from joopas.registrations.models import Registration, Selection
from joopas.registrations.tests.messaging import delivered, headers, make_keyed_world

pytestmark = pytest.mark.django_db
URL = "/api/v1/registrations/"


@pytest.fixture
def w() -> dict[str, Any]:
    return make_keyed_world()


def _body(w: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    return {"host": w["aalto"].oid, "network": w["network"].code, "study_right": w["right"].identifier,
            "selections": [{"realisation": w["real"].external_id}], **overrides}


def _post(client: Client, key: str | None, url: str, body: Any, **extra: Any) -> Any:
    auth = headers(key) if key else {}
    return client.post(url, data=json.dumps(body), content_type="application/json", **auth, **extra)


def _create(client: Client, w: dict[str, Any], **overrides: Any) -> Any:
    return _post(client, w["hy_key"], URL, _body(w, **overrides))


def test_the_home_system_registers_and_the_host_system_gets_the_request(client: Client, w: dict[str, Any]) -> None:
    answer = _create(client, w)
    assert answer.status_code == 201, answer.json()
    out = answer.json()
    reg = Registration.objects.get()
    assert (out["request_id"], out["home"], out["host"], out["network"], out["study_right"]) == (
        str(reg.request_id), w["hy"].oid, w["aalto"].oid, w["network"].code, w["right"].identifier)
    assert [(s["realisation"], s["status"], s["kind"]) for s in out["selections"]] == [
        (w["real"].external_id, 1, "realisation")]
    assert [m.message_id for m in delivered(w["aalto"], "CREATE_REGISTRATION_REQUEST")] == [reg.request_id]


def test_r_reg_1_refusals_by_the_api_name_their_field(client: Client, w: dict[str, Any]) -> None:
    _create(client, w)
    dup = _create(client, w)
    assert dup.status_code == 409
    assert [(e["code"], e["path"]) for e in dup.json()["details"]["errors"]] == [
        ("registrations.duplicate", "selections/0")]
    bad_right = _create(client, w, study_right="NOPE")
    assert (bad_right.status_code, bad_right.json()["details"]["errors"][0]["path"]) == (422, "study_right")
    bad_real = _create(client, w, selections=[{"realisation": "NOPE"}])
    assert (bad_real.status_code, bad_real.json()["details"]["errors"][0]["path"]) == (404, "selections/0/realisation")
    markup = _create(client, w, study_right="<b>x</b>")
    assert markup.status_code == 422
    assert markup.json()["details"]["errors"][0]["path"] == "study_right"
    assert Registration.objects.count() == 1


def test_errors_are_translated(client: Client, w: dict[str, Any]) -> None:
    _create(client, w)
    fi = _post(client, w["hy_key"], URL, _body(w), HTTP_ACCEPT_LANGUAGE="fi").json()
    sv = _post(client, w["hy_key"], URL, _body(w), HTTP_ACCEPT_LANGUAGE="sv").json()
    en = _post(client, w["hy_key"], URL, _body(w), HTTP_ACCEPT_LANGUAGE="en").json()
    assert en["message"] == "You have already registered to this course."
    assert len({fi["message"], sv["message"], en["message"]}) == 3


def test_r_exc_4_an_api_key_acts_only_for_its_own_organisation(client: Client, w: dict[str, Any]) -> None:
    other_home = _post(client, w["aalto_key"], URL, _body(w, home=w["hy"].oid))
    assert (other_home.status_code, other_home.json()["code"]) == (403, "registrations.not_home_institution")
    not_its_right = _post(client, w["tuni_key"], URL, _body(w))
    assert (not_its_right.status_code, not_its_right.json()["code"]) == (422, "registrations.unknown_study_right")
    reg = _create(client, w).json()
    # Tampere is neither party: the registration does not exist for it
    assert client.get(f"{URL}{reg['request_id']}", **headers(w["tuni_key"])).status_code == 404
    assert client.get(URL, **headers(w["tuni_key"])).json() == {"total": 0, "items": []}
    # the home cannot decide, the host cannot cancel
    decide = _post(client, w["hy_key"], f"{URL}{reg['request_id']}/decisions",
                   {"decisions": [{"realisation": w["real"].external_id, "status": 2}]})
    assert decide.status_code == 403
    cancel = _post(client, w["aalto_key"], f"{URL}{reg['request_id']}/cancel", {})
    assert cancel.status_code == 403
    assert Selection.objects.get().status == 1
    assert client.get(URL).status_code == 401


def test_r_acc_6_lists_and_reads_are_audited_and_show_own_side_only(client: Client, w: dict[str, Any]) -> None:
    reg = _create(client, w).json()
    listing = client.get(f"{URL}?side=host", **headers(w["aalto_key"])).json()
    assert [r["request_id"] for r in listing["items"]] == [reg["request_id"]]
    assert client.get(f"{URL}?side=home", **headers(w["aalto_key"])).json()["total"] == 0
    one = client.get(f"{URL}{reg['request_id']}", **headers(w["hy_key"]))
    assert one.status_code == 200
    reads = list(AuditEvent.objects.filter(event="registrations.api.read").order_by("id"))
    assert [(r.person_oid, r.after["what"]) for r in reads] == [(w["person"].learner_oid, "list"),
                                                               (w["person"].learner_oid, "registration")]
    assert client.get(f"{URL}not-a-uuid", **headers(w["hy_key"])).status_code == 404


def test_the_host_decides_and_the_home_system_gets_the_reply(client: Client, w: dict[str, Any]) -> None:
    reg = _create(client, w).json()
    url = f"{URL}{reg['request_id']}/decisions"
    no_reason = _post(client, w["aalto_key"], url, {"decisions": [{"realisation": w["real"].external_id, "status": 3}]})
    assert (no_reason.status_code, no_reason.json()["details"]["errors"][0]["path"]) == (422, "decisions/0/status")
    ok = _post(client, w["aalto_key"], url, {"decisions": [{"realisation": w["real"].external_id, "status": 2}],
                                             "host_student_number": "A9"})
    assert ok.status_code == 200, ok.json()
    assert [(s["status"], s["host_student_number"]) for s in ok.json()["selections"]] == [(2, "A9")]
    replies = delivered(w["hy"], "REGISTRATION_REPLY_REQUEST")
    assert [(r.payload["registrationRequestId"], r.payload["selections"][0]["selectionItemStatus"]) for r in replies] \
        == [(reg["request_id"], 2)]
    illegal = _post(client, w["aalto_key"], url, {"decisions": [{"realisation": w["real"].external_id, "status": 3,
                                                                 "reason": "x"}]})
    assert (illegal.status_code, illegal.json()["code"]) == (409, "registrations.selection.illegal_transition")


def test_r_reg_4_the_home_cancels_and_the_host_system_gets_status_4(client: Client, w: dict[str, Any]) -> None:
    reg = _create(client, w).json()
    answer = _post(client, w["hy_key"], f"{URL}{reg['request_id']}/cancel",
                   {"selections": [{"realisation": w["real"].external_id}]})
    assert answer.status_code == 200, answer.json()
    assert [s["status"] for s in answer.json()["selections"]] == [4]
    sent = delivered(w["aalto"], "CREATE_REGISTRATION_REQUEST")
    assert [m.payload["selections"][0]["selectionItemStatus"] for m in sent] == [1, 4]


def test_an_officer_with_a_session_decides(client: Client, w: dict[str, Any]) -> None:
    reg = _create(client, w).json()
    client.force_login(w["host_officer"])
    answer = _post(client, None, f"{URL}{reg['request_id']}/decisions",
                   {"decisions": [{"realisation": w["real"].external_id, "status": 2}]})
    assert answer.status_code == 200, answer.json()
    assert client.get(URL).json()["total"] == 1
    client.force_login(w["student"])  # the student reads and cancels their own registration
    assert client.get(f"{URL}{reg['request_id']}").status_code == 200
