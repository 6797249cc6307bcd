from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ActiveRole:
    organisation_id: int
    role: str


@dataclass(frozen=True)
class ApiClient:
    """The authenticated integration: the sender of every message it posts."""

    key_id: int
    organisation_id: int
    name: str
