"""What other apps get of an organisation: a frozen snapshot, never the model."""

from __future__ import annotations

from dataclasses import dataclass


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

    def name(self, lang: str = "fi") -> str:
        return getattr(self, f"name_{lang}", "") or self.name_fi
