"""Listeners that apps above rights register: told when a JOO right ends by itself (R-JOO-4, R-JOO-5), so that
the applications app can tell the institutions' systems and the student without rights importing it."""

from __future__ import annotations

from collections.abc import Callable

from joopas.rights.data import JooRightRef

JooEnded = Callable[[JooRightRef], None]
_JOO_ENDED: list[JooEnded] = []


def register_joo_ended(listener: JooEnded) -> None:
    if listener not in _JOO_ENDED:
        _JOO_ENDED.append(listener)


def joo_ended(ref: JooRightRef) -> None:
    """Run in the transaction that ended the right."""
    for listener in _JOO_ENDED:
        listener(ref)
