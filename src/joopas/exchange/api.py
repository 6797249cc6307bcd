"""What other apps may ask of the exchange: plug message types into the transport, and send.

The exchange is a transport. It owns the envelope, idempotency (R-EXC-1), recipient checks and reply
rules (R-EXC-4), the status history (R-EXC-2), deliveries by pull feed, webhook and RabbitMQ with
retries and dead letters (R-EXC-3), and replay. The apps that own a message type's meaning register it:

    # src/joopas/<app>/messages.py — imported at start-up, nothing else to wire
    from joopas.exchange.api import Inbound, register_message_type

    def _create_thing(inbound: Inbound) -> None:       # runs in the message's transaction
        assert isinstance(inbound.payload, CreateThingRequest)
        ...                                            # raise DomainError(details={"path": …}) to refuse
        emit(sender_id=inbound.sender_id, type_name="THING_CREATED_NOTIFICATION", payload={…},
             receivers=[…], caused_by=inbound)

    register_message_type("CREATE_THING_REQUEST", CreateThingRequest, inbound=True, handler=_create_thing,
                          summary="Create things", example={…full envelope…})
    register_type_words("CREATE_THING_REQUEST", label=_("New things"),    # what the pages say (labels.py)
                        sentence=_("%(sender)s sent new things"), description=_("Create things"))

Registration happens at start-up: `ExchangeConfig.ready()` imports the `messages` module of every
installed app (`autodiscover_modules("messages")`, in INSTALLED_APPS order, the exchange's own last), so
an app adds a message type by adding it to its `messages.py`. The schema export
(`joopas exchange export-schemas`), the validator (`POST /api/v1/exchange/validate`,
`joopas exchange validate`), the guide page and the examples all iterate the registry.

Addressed types (`addressed=True`: the envelope names the `recipient`) may also register a recipient check
(`register_recipient_check(name, fn)`): the transport runs it after resolving the recipient and before the
handler, so an owner can refuse a recipient its rules do not allow (R-EXC-4; personal data only to
institutions that hold a right of the student, R-REG-7). A type whose payload names its receiver (a study
record names the home institution) is not addressed: its handler finds the receiver and calls
`forward(inbound, [receiver])`, which delivers the message itself (its forwarded copy) and makes that
receiver the one organisation whose reply is accepted. Handlers act as `inbound.actor` (a `SystemActor`
of the sending organisation); a platform-generated message that can be answered names its single
receiver with `emit(..., recipient_id=…)`.

A handler refuses a message by raising a `DomainError` with `details.path` (a path inside the payload)
or `details.errors` ([{code, path, message}], paths inside the payload); the message is refused with
those errors and nothing the handler did is kept. Payload models are built from the common vocabulary
in `joopas.exchange.data` (Strict, LocalisedString, CooperationNetwork, OrganisationReference, …).
"""

from __future__ import annotations

from django.db import transaction

from joopas.exchange.codes import ErrorCode
from joopas.exchange.data import (
    EXAMPLE,
    ExampleValues,
    Handler,
    Inbound,
    MaySend,
    MessageType,
    RecipientCheck,
    SystemActor,
)
from joopas.exchange.examples import envelope as example_envelope
from joopas.exchange.labels import register_type_words
from joopas.exchange.models import FeedCursor
from joopas.exchange.registry import (
    get_type,
    message_types,
    register_message_type,
    register_recipient_check,
    unregister_message_type,
)
from joopas.exchange.services.outbound import emit, forward, receivers_told

__all__ = ["EXAMPLE", "ErrorCode", "ExampleValues", "Handler", "Inbound", "MaySend", "MessageType", "RecipientCheck",
           "SystemActor", "emit", "example_envelope", "forward", "get_type", "locked_cursor", "message_types",
           "receivers_told", "register_message_type", "register_recipient_check", "register_type_words",
           "save_cursor", "unregister_message_type"]


def locked_cursor(name: str) -> str:
    """The value of a periodic reader's progress marker (e.g. a change log's last id), locked until the
    caller's transaction ends, so the marker moves exactly once with what was emitted. "" at first."""
    assert transaction.get_connection().in_atomic_block, "call inside transaction.atomic()"
    cursor, _created = FeedCursor.objects.select_for_update().get_or_create(name=name)
    return cursor.value


def save_cursor(name: str, value: str) -> None:
    FeedCursor.objects.filter(name=name).update(value=value)
