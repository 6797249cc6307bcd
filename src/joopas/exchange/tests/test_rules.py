"""Pure exchange rules (no database): transition tables, order keys, replies, signatures, the retry policy."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from joopas.core import leases
from joopas.core.errors import IllegalTransition
from joopas.exchange import rules
from joopas.exchange.codes import ErrorCode

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


def test_r_exc_2_status_transition_tables() -> None:
    rules.check_message_transition("received", "validated")
    rules.check_message_transition("received", "refused")
    rules.check_delivery_transition("pending", "delivered")
    rules.check_delivery_transition("failed", "dead")
    rules.check_delivery_transition("delivered", "delivered")  # a pull feed may hand a message out again
    rules.check_delivery_transition("dead", "pending")
    rules.check_delivery_transition("dead", "acknowledged")
    with pytest.raises(IllegalTransition) as exc:
        rules.check_message_transition("refused", "validated")
    assert exc.value.code == ErrorCode.ILLEGAL_STATUS == "exchange.illegal_status"
    assert exc.value.details == {"from": "refused", "to": "validated"}
    with pytest.raises(IllegalTransition) as exc:
        rules.check_delivery_transition("acknowledged", "pending")
    assert exc.value.code == "exchange.illegal_delivery_status"
    with pytest.raises(IllegalTransition):
        rules.check_delivery_transition("delivered", "dead")
    with pytest.raises(IllegalTransition):
        rules.check_message_transition("validated", "refused")


def test_r_exc_2_every_status_is_in_the_tables() -> None:
    from joopas.exchange.models import DeliveryStatus, MessageStatus

    assert set(rules.MESSAGE_TRANSITIONS) == set(MessageStatus.values)
    assert set(rules.DELIVERY_TRANSITIONS) == set(DeliveryStatus.values)
    for table in (rules.MESSAGE_TRANSITIONS, rules.DELIVERY_TRANSITIONS):
        assert all(targets <= set(table) for targets in table.values())
    assert rules.DELIVERY_TRANSITIONS["acknowledged"] == set()  # final


def test_r_exc_3_order_keys() -> None:
    assert rules.order_key("UPDATE_STUDENT_REQUEST", {"oid": "1.2.246.562.24.1"}) == "student:1.2.246.562.24.1"
    assert rules.order_key("UPDATE_STUDENT_STUDYRIGHT_REQUEST", {"personId": "010190-123F"}) == "student:010190-123F"
    assert rules.order_key("UPDATE_STUDENT_REQUEST", {}) == ""
    assert rules.order_key("UPDATE_STUDENT_REPLY_REQUEST", {"oid": "x"}) == ""  # replies take the original's key
    assert rules.order_key("COURSEUNIT_CREATED_NOTIFICATION", {"created": [
        {"type": "COURSE_UNIT", "referenceOrganizer": "01901", "referenceIdentifier": "A"}]}) == "COURSE_UNIT:01901:A"
    assert rules.order_key("REALISATION_DELETED_NOTIFICATION", {"deleted": [
        {"type": "REALISATION", "referenceOrganizer": "-", "referenceIdentifier": "R"}]}) == "REALISATION:-:R"
    two = [{"type": "COURSE_UNIT", "referenceOrganizer": "01901", "referenceIdentifier": x} for x in "AB"]
    assert rules.order_key("COURSEUNIT_UPDATED_NOTIFICATION", {"updated": two}) == ""  # several: unordered
    assert rules.order_key("NETWORK_UPDATED_NOTIFICATION", {"network": {"id": "JOO-X"}}) == "network:JOO-X"
    assert rules.order_key("ACKNOWLEDGEMENT", {}) == ""
    assert rules.order_key("CREATE_COURSEUNIT_REQUEST", {"courseUnits": []}) == ""


def test_r_exc_4_only_the_addressed_organisation_may_reply() -> None:
    assert rules.reply_allowed(original_recipient_id=7, replier_id=7)
    assert not rules.reply_allowed(original_recipient_id=7, replier_id=8)
    assert not rules.reply_allowed(original_recipient_id=None, replier_id=7)


def test_signature_rules() -> None:
    sig = rules.signature("s3cret", 1_700_000_000, b'{"a":1}')
    assert sig.startswith("v1=") and len(sig) == 3 + 64
    assert rules.verify_signature("s3cret", 1_700_000_000, b'{"a":1}', sig, now=1_700_000_100)
    assert not rules.verify_signature("s3cret", 1_700_000_000, b'{"a":2}', sig, now=1_700_000_100)
    assert not rules.verify_signature("other", 1_700_000_000, b'{"a":1}', sig, now=1_700_000_100)
    assert not rules.verify_signature("s3cret", 1_700_000_000, b'{"a":1}', sig, now=1_700_000_301)  # replay
    assert not rules.verify_signature("s3cret", 1_700_000_000, b'{"a":1}', sig, now=1_699_999_699)  # from the future


def test_r_exc_3_backoff_grows_exponentially_with_jitter() -> None:
    rng = random.Random(1)
    policy = rules.retry_policy(2)
    delays = [policy.backoff_seconds(n, rng) for n in range(1, 6)]
    for n, d in enumerate(delays, start=1):
        assert 2 ** n / 2 <= d <= 2 ** n
    assert rules.retry_policy(10).backoff_seconds(30, random.Random(2)) <= 3600  # capped at an hour
    assert policy == leases.RetryPolicy(base=2, cap=3600.0)  # the one back-off implementation: core.leases


def test_r_exc_3_dead_after_the_receivers_attempt_limit() -> None:
    assert rules.is_dead(10, 10) and not rules.is_dead(9, 10)
    policy = rules.retry_policy(2)
    retry = policy.after_failure(attempts=3, max_attempts=10, now=NOW, rng=random.Random(3))
    assert not retry.dead and retry.retry_at is not None
    assert NOW + dt.timedelta(seconds=2) <= retry.retry_at <= NOW + dt.timedelta(seconds=8)
    assert policy.after_failure(attempts=10, max_attempts=10, now=NOW) == leases.Retry(dead=True, retry_at=None)


def test_message_body_limit() -> None:
    assert rules.MAX_BODY_BYTES == 1_000_000
