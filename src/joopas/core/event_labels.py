"""What the audit page shows for an event code: a translated label registered by the app that writes it.

Each app's `codes.py` registers a label for every `Event` it writes, next to the enum:

    EVENT_LABELS: dict[str, Any] = {Event.GRANT_GRANTED: gettext_lazy("Granted a role"), ...}
    register_labels(EVENT_LABELS)

so the audit page (in access) shows words for every app's events without importing the apps above it.
Pure (no ORM): `rules.py` modules import `codes.py`. `core.apps` autodiscovers every app's `codes`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_LABELS: dict[str, Any] = {}


def register_labels(labels: Mapping[str, Any]) -> None:
    """Add (or replace) event code -> (lazy) translated label."""
    _LABELS.update({str(code): label for code, label in labels.items()})


def event_label(code: str) -> str:
    """The translated label of an event code, in the active language; the code itself when none is registered."""
    label = _LABELS.get(code)
    return str(label) if label is not None else code


def registered_labels() -> dict[str, Any]:
    return dict(_LABELS)
