"""`/api/v1/exchange/`: the institutions' integration API, authenticated by the organisation's API key.

`Authorization: Bearer jpk_…` or `X-API-Key: jpk_…`. The authenticated organisation is the sender of
every message it posts and the receiver whose feed it reads.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest, JsonResponse
from ninja import Field, Router, Schema, Status
from ninja.security import django_auth

from joopas.access.api import ApiClient, KeyBearer, KeyHeader, create_api_key
from joopas.core.errors import NotFound
from joopas.exchange import selectors
from joopas.exchange.codes import ErrorCode
from joopas.exchange.schemas import Envelope
from joopas.exchange.services import inbound, outbound, reads
from joopas.organisations.api import get_by_oid

MOUNT = "/exchange/"



router = Router(tags=["exchange"], auth=[KeyBearer(), KeyHeader()])


def _client(request: HttpRequest) -> ApiClient:
    client = request.auth  # type: ignore[attr-defined]
    assert isinstance(client, ApiClient)
    return client


class ProblemOut(Schema):
    code: str
    path: str
    message: str


class RefusedDetails(Schema):
    message_id: str | None
    errors: list[ProblemOut]


class RefusedOut(Schema):
    code: str = Field(examples=["exchange.refused"])
    message: str
    details: RefusedDetails


class AcceptedOut(Schema):
    message_id: str
    status: str = Field(examples=["accepted"])
    received_at: str


class ValidOut(Schema):
    message_id: str
    status: str = Field(examples=["valid"])


_ENVELOPE_BODY = {"requestBody": {"required": True, "content": {"application/json": {
    "schema": {k: v for k, v in Envelope.model_json_schema().items() if k not in ("title", "description")}}}}}
_REFUSALS = {400: RefusedOut, 403: RefusedOut, 404: RefusedOut, 409: RefusedOut, 413: RefusedOut, 422: RefusedOut}


def too_large_answer(request: HttpRequest) -> JsonResponse:
    """The edge's answer to a body over DATA_UPLOAD_MAX_MEMORY_SIZE under /api/v1/exchange/ (not read at all)."""
    answer = inbound.too_large(int(request.META.get("CONTENT_LENGTH") or 0))
    return JsonResponse(answer.body, status=answer.status)


@router.post("/messages", response={202: AcceptedOut, **_REFUSALS}, openapi_extra=_ENVELOPE_BODY,
             summary="Send a message (idempotent per message_id)")
def post_message(request: HttpRequest) -> JsonResponse:
    """Accepted (202) or refused with `details.errors = [{code, path, message}]`. Sending the same
    `message_id` again returns the first answer and has no second effect (R-EXC-1)."""
    answer = inbound.receive(organisation_id=_client(request).organisation_id, body=request.body)
    return JsonResponse(answer.body, status=answer.status)


@router.post("/validate", response={200: ValidOut, **_REFUSALS}, openapi_extra=_ENVELOPE_BODY,
             summary="Check a message without sending it")
def validate_message(request: HttpRequest) -> JsonResponse:
    """The same checks and errors as a real send; nothing is stored or changed."""
    answer = inbound.receive(organisation_id=_client(request).organisation_id, body=request.body, dry_run=True)
    return JsonResponse(answer.body, status=answer.status)


class FeedItem(Schema):
    cursor: int
    message_id: str
    type: str
    schema_version: str
    sent_at: str | None
    sender: str
    receiver: str
    in_reply_to: str | None
    payload: dict[str, Any] | None


class FeedOut(Schema):
    messages: list[FeedItem]
    next_cursor: int


@router.get("/feed", response=FeedOut, summary="Pull the organisation's messages after a cursor")
def get_feed(request: HttpRequest, after: int = 0, limit: int = 100) -> dict[str, Any]:
    """Oldest first. Keep `next_cursor` and pass it as `after`; acknowledge each processed message
    with an ACKNOWLEDGEMENT message."""
    client = _client(request)
    org = client.organisation_id
    after = min(max(0, after), 2**62)  # beyond any id; keeps huge cursors from overflowing the database
    rows = outbound.feed(organisation_id=org, after=after, limit=max(1, min(limit, 500)))
    items = [{"cursor": d.pk, **selectors.envelope_out(d.message, org)} for d in rows]
    next_cursor = max([after, *[d.pk for d in rows]])
    reads.feed_read(actor=reads.api_actor(client.key_id, client.name), organisation_id=org, rows=rows,
                    after=after, next_cursor=next_cursor)  # R-ACC-6
    return {"messages": items, "next_cursor": next_cursor}


class DeliveryOut(Schema):
    receiver: str
    channel: str
    status: str
    attempts: int
    delivered_at: str | None
    acknowledged_at: str | None
    last_error: str


class EventOut(Schema):
    status: str
    at: str
    receiver: str | None
    reason: str


class CausedOut(Schema):
    message_id: str
    type: str
    status: str = Field(description="the least advanced of its deliveries (acknowledged when every receiver has)")
    deliveries: list[DeliveryOut]


class StatusOut(Schema):
    message_id: str
    type: str
    sender: str
    status: str
    received_at: str
    errors: list[ProblemOut]
    deliveries: list[DeliveryOut]
    history: list[EventOut]
    caused: list[CausedOut] = Field(
        description="For the sender: the notifications the message caused, each receiver's delivery and "
                    "acknowledgement (follow a message to 'acknowledged').")


def _delivery(d: Any) -> dict[str, Any]:
    return {"receiver": selectors.organisation_oid(d.receiver_id), "channel": d.channel, "status": d.status,
            "attempts": d.attempts, "delivered_at": d.delivered_at.isoformat() if d.delivered_at else None,
            "acknowledged_at": d.acknowledged_at.isoformat() if d.acknowledged_at else None,
            "last_error": d.last_error}


@router.get("/messages/{message_id}", response=StatusOut, summary="Status and history of a message (R-EXC-2)")
def message_status(request: HttpRequest, message_id: uuid.UUID) -> dict[str, Any]:
    """Visible to the sending organisation and to the receiving ones (each sees its own deliveries)."""
    client = _client(request)
    org = client.organisation_id
    msg = selectors.sent_message(message_id, org) or selectors.message_by_uuid(message_id, [org])
    if msg is None:
        raise NotFound(code=ErrorCode.MESSAGE_NOT_FOUND)
    reads.message_read(actor=reads.api_actor(client.key_id, client.name), msg=msg, organisation_id=org,
                       channel="api")  # R-ACC-6
    dels = [d for d in selectors.deliveries(msg) if msg.sender_id == org or d.receiver_id == org]
    caused = selectors.caused_by(msg) if msg.sender_id == org else []
    events = [e for e in selectors.history(msg)
              if e.receiver_id is None or msg.sender_id == org or e.receiver_id == org]
    return {
        "message_id": str(msg.message_id), "type": msg.type, "sender": selectors.organisation_oid(msg.sender_id),
        "status": selectors.summary_status(msg, dels), "received_at": msg.received_at.isoformat(),
        "errors": msg.errors,
        "deliveries": [_delivery(d) for d in dels],
        "caused": [{"message_id": str(c.message_id), "type": c.type,
                    "status": selectors.summary_status(c, list(c.deliveries.all())),
                    "deliveries": [_delivery(d) for d in c.deliveries.all()]} for c in caused],
        "history": [{"status": e.status, "at": e.at.isoformat(),
                     "receiver": selectors.organisation_oid(e.receiver_id) or None, "reason": e.reason}
                    for e in events],
    }


class ApiKeyIn(Schema):
    organisation: str = Field(max_length=64, description="OID of the organisation the key sends and receives for")
    name: str = Field(min_length=1, max_length=100, description="A name for the key, e.g. the SIS's name")


class ApiKeyOut(Schema):
    organisation: str
    name: str
    key: str = Field(description="The key (jpk_…). Shown only in this answer: store it in the SIS's settings.")


@router.post("/api-keys", response={201: ApiKeyOut}, auth=django_auth,
             summary="Create an API key (a main user of the organisation, or a platform admin)")
def create_key(request: HttpRequest, body: ApiKeyIn) -> Status:
    """Logged in (session and CSRF token) as a main user of the organisation or a platform admin, e.g. for an
    organisation that has no key yet. The same keys as under *Access → API keys*; only a hash is stored."""
    org = get_by_oid(body.organisation)
    if org is None:
        raise NotFound(code=ErrorCode.UNKNOWN_ORGANISATION)
    client, raw = create_api_key(actor=request.user, organisation_id=org.id, name=body.name)
    return Status(201, {"organisation": org.oid, "name": client.name, "key": raw})
