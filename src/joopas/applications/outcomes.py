"""Application outcomes to the institutions' systems through the exchange (part 7 of the JOO issue): endorsed or
declined, decided, JOO right granted, JOO right ended. Each is a registered notification type (messages.py) sent
to the home and the host institution in the acting institution's name, in the caller's transaction."""

from __future__ import annotations

from typing import Any

from joopas.rights.data import JooRightRef


def endorsement(app: Any) -> None:
    """R-JOO-1: the home endorsed or declined."""


def decision(app: Any, joo: JooRightRef | None) -> None:
    """R-JOO-2/3: the host decided; a granted JOO right with it."""


def right_ended(joo: JooRightRef, application: Any | None) -> None:
    """R-JOO-4/5: the JOO right ended by itself."""
