"""What other apps get of an organisation: a frozen snapshot, never the model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class OrganisationRef:
    id: int
    oid: str
    name_fi: str
    name_sv: str
    name_en: str
    org_type: str
    status: str
    tk_code: str
    strong_identification: bool = False  # R-ACC-2: invitations must name the person (hetu or learner OID)

    def name(self, lang: str = "fi") -> str:
        return getattr(self, f"name_{lang}", "") or self.name_fi


@dataclass(frozen=True)
class RegistrationApproved:
    """R-ORG-1: a platform admin approved an organisation's registration; its named main user is to be invited."""

    actor: Any
    organisation_id: int
    email: str
    first_name: str
    last_name: str
    language: str
    link_base: str | None = None
