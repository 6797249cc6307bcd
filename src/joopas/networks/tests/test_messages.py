"""Network notifications through the exchange: the change log becomes NETWORK_* messages exactly once."""

from __future__ import annotations

import pytest

from joopas.exchange.models import Message
from joopas.exchange.tests.conftest import make_org
from joopas.networks import messages
from joopas.networks.models import NetworkChange
from joopas.networks.tests.factories import make_network

pytestmark = pytest.mark.django_db


def test_network_change_log_becomes_notifications_exactly_once() -> None:
    home, host = make_org("01901"), make_org("10076")
    net = make_network(home.org, [host.org], code="JOO-X")  # logs network_created and member_added
    NetworkChange.objects.create(network=net, kind="contacts_changed", affected_organisation_ids=[home.id])
    assert messages.network_changes_notify() == 2
    assert messages.network_changes_notify() == 0  # the cursor moved
    created = Message.objects.get(type="NETWORK_CREATED_NOTIFICATION")
    assert created.sender_id == home.id
    assert sorted(created.deliveries.values_list("receiver_id", flat=True)) == sorted([home.id, host.id])
    body = created.payload["network"]
    assert (body["id"], body["networkType"], [o["organisationTkCode"] for o in body["organisations"]]) == \
        ("JOO-X", "CURRICULUM_LEVEL", ["01901", "10076"])
    assert Message.objects.filter(type="NETWORK_UPDATED_NOTIFICATION").count() == 1


def test_the_network_types_are_registered_with_the_exchange() -> None:
    from joopas.exchange.api import get_type

    for name in ("NETWORK_CREATED_NOTIFICATION", "NETWORK_UPDATED_NOTIFICATION"):
        mtype = get_type(name)
        assert mtype is not None and mtype.model is messages.NetworkNotification and not mtype.inbound
