"""Query budget of one inbound offering message (issue 9): exchange → the catalogue's registered handler
→ back to the exchange's `emit`.

Measured on SQLite with CaptureQueriesContext around the client POST (savepoints included), cold process
memos: 57 statements before the exchange became a transport, 51 after (the sender's TK code read once and
only when needed, network members read from the network already fetched, once per message). Measured
here after a first message, so that the count does not depend on test order: the catalogue's memo of
organisation OIDs is warm and the API key's last-use stamp (written at most once a minute) is fresh: 49.
Issue 12 (R-NET-1 membership and organiser checks, the element kept and passed on; the network is read once
for the check and the audience together, the assessment items of a unit created in the same message are not
read back): 50. Issue 12, `cooperationNetworks` target the elements (R-OFF-2, R-NET-1 again on the targeting's
first day): per course unit or realisation its offer, its current targetings and the organiser, the named networks
locked with their periods and members (one read for the rules and the audience), the targeting row, its audit row
and its change-log row, in a savepoint: 74.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from joopas.exchange.models import Message
from joopas.exchange.registry import examples
from joopas.exchange.tests.conftest import make_org, post
from joopas.networks.tests.factories import make_network

pytestmark = pytest.mark.django_db


def test_create_course_unit_with_realisation_query_count(client: Any) -> None:
    home, host, third = make_org("01901"), make_org("10076"), make_org("02000")
    make_network(home.org, [host.org, third.org], code="ETELA-RISTIIN")
    env = copy.deepcopy(examples()["CREATE_COURSEUNIT_REQUEST"])
    env["payload"]["courseUnits"][0]["realisations"] = [
        examples()["CREATE_REALISATION_REQUEST"]["payload"]["realisations"][0]]
    # A first message warms the process-wide memos and stamps the key's last use (see the docstring).
    assert post(client, home, examples()["CREATE_STUDYMODULE_REQUEST"]).status_code == 202
    with CaptureQueriesContext(connection) as ctx:
        r = post(client, home, env)
    assert r.status_code == 202, r.json()
    assert sorted(Message.objects.filter(inbound=False, caused_by__type="CREATE_COURSEUNIT_REQUEST")
                  .values_list("type", flat=True)) == ["COURSEUNIT_CREATED_NOTIFICATION", "REALISATION_CREATED_NOTIFICATION"]
    assert len(ctx.captured_queries) == 74, "\n".join(q["sql"][:160] for q in ctx.captured_queries)
