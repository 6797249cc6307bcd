"""Registrations through the exchange and the HTTP API, for tests: the registration world of `factories` with
Statistics Finland codes and API keys, request and reply payloads in the v9 vocabulary, and posting."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from joopas.access.api import Role, create_api_key
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import UserFactory
from joopas.exchange.models import Delivery, Message
from joopas.organisations.tests.factories import OrganisationFactory
from joopas.registrations.tests.factories import make_world

TK = {"hy": "01901", "aalto": "10076", "tuni": "10122"}


def api_key(org: Any) -> str:
    user = UserFactory()
    grant(user, org, Role.MAIN_USER)
    _client, raw = create_api_key(actor=user, organisation_id=org.pk, name="SIS")
    return raw


def make_keyed_world() -> dict[str, Any]:
    w = make_world()
    model = OrganisationFactory._meta.model
    for name, tk in TK.items():
        model.objects.filter(pk=w[name].pk).update(tk_code=tk)
        w[name].refresh_from_db()
        w[f"{name}_key"] = api_key(w[name])
    return w


def headers(key: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def envelope(type_: str, payload: dict[str, Any], message_id: str | None = None) -> dict[str, Any]:
    return {"message_id": message_id or str(uuid.uuid4()), "type": type_, "schema_version": "1",
            "sent_at": dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC).isoformat(), "payload": payload}


def realisation_item(real: Any, unit: Any, status: int = 1) -> dict[str, Any]:
    return {"selectionItemId": real.external_id, "selectionItemType": "REALISATION", "selectionItemStatus": status,
            "parent": {"selectionItemId": unit.external_id, "selectionItemType": "COURSE_UNIT", "parent": None}}


def request(w: dict[str, Any], *selections: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    right, person = w["right"], w["person"]
    payload: dict[str, Any] = {
        "sendingOrganisationTkCode": TK["hy"], "receivingOrganisationTkCode": TK["aalto"],
        "enrolmentDateTime": w["now"].isoformat(),
        "student": {"oid": person.learner_oid, "firstNames": person.first_names, "surName": person.last_name,
                    "homeStudyRight": {
                        "identifiers": {"organisationTkCodeReference": TK["hy"], "studyRightId": right.identifier},
                        "studyRightStatus": {"studyRightStatusValue": 1, "startDate": right.start_date.isoformat(),
                                             "endDate": right.end_date.isoformat() if right.end_date else None}},
                    "dateOfBirth": "2000-01-01", "gender": 9, "countryOfCitizenship": None, "motherTongue": "fi"},
        "networkIdentifier": w["network"].code,
        "selections": list(selections) or [realisation_item(w["real"], w["unit"])],
    }
    payload.update(overrides)
    return payload


def reply(request_id: str, *items: dict[str, Any], status: str = "REGISTERED", **overrides: Any) -> dict[str, Any]:
    return {"registrationRequestId": request_id, "status": status, "selections": list(items), **overrides}


def reply_item(real: Any, status: int, info: str | None = None) -> dict[str, Any]:
    return {"selectionItemId": real.external_id, "selectionItemType": "REALISATION", "selectionItemStatus": status,
            **({"selectionItemStatusInfo": info} if info else {})}


def post(client: Any, key: str, body: Any, path: str = "/api/v1/exchange/messages") -> Any:
    return client.post(path, data=json.dumps(body), content_type="application/json", **headers(key))


def delivered(organisation: Any, type_: str) -> list[Message]:
    """Messages of a type delivered (or waiting in the feed) to the organisation, oldest first."""
    ids = Delivery.objects.filter(receiver_id=organisation.pk, message__type=type_).values_list("message_id", flat=True)
    return list(Message.objects.filter(pk__in=list(ids)).order_by("id"))
