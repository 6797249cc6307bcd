from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils.translation import gettext_lazy as _

from joopas.notifications import (
    registry,
    tasks,  # noqa: F401 - registers notifications.deliver
)

TEST_EVENT = "tests.notifications.decided"


@pytest.fixture
def event() -> Iterator[str]:
    """A test event with a date placeholder, email + inbox + SMS (the source text only: no translations)."""
    registry.register_event(TEST_EVENT, subject=_("Decision on %(number)s"),
                            body=_("Hello %(name)s,\n\nthe decision was made on %(day)s."),
                            channels=("email", "inbox", "sms"), sms=_("Decision on %(number)s made"))
    yield TEST_EVENT
    registry.unregister(TEST_EVENT)


@pytest.fixture
def ctx() -> dict[str, Any]:
    import datetime as dt

    return {"name": "Olli", "number": "JOO-2027-1", "day": dt.date(2027, 2, 1)}
