"""What apps above rights register: listeners told when a JOO right ends by itself (R-JOO-4, R-JOO-5), so that
the applications app can tell the institutions' systems and the student without rights importing it; and links
from a host's study right on the person page to what it was granted on (a registration, a JOO application)."""

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


# (study right id, kind) → [(label, url)]: where the right came from, for the study office's person page
RightLinks = Callable[[int, str], list[tuple[str, str]]]
_RIGHT_LINKS: list[RightLinks] = []


def register_right_links(links: RightLinks) -> None:
    if links not in _RIGHT_LINKS:
        _RIGHT_LINKS.append(links)


def right_links(right_id: int, kind: str) -> list[tuple[str, str]]:
    return [link for source in _RIGHT_LINKS for link in source(right_id, kind)]
