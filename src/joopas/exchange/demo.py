"""Demo: delivery settings for the two demo institutions of the exchange walk-through (docs/exchange.md)."""

from __future__ import annotations

from typing import Any

from joopas.exchange.models import ExchangeSettings
from joopas.exchange.services import operations
from joopas.organisations.api import get_by_oid

DEMO = [("1.2.246.562.10.39218317368", "integraatio@hy.demo"), ("1.2.246.562.10.56753942459", "integraatio@aalto.demo")]


def load(stdout: Any = None) -> None:
    for oid, contact in DEMO:
        org = get_by_oid(oid)
        if org is None:
            continue
        if ExchangeSettings.objects.filter(organisation_id=org.id).exists():
            continue
        operations.ensure_settings(organisation_id=org.id, channel="pull", contact_email=contact)
    if stdout:
        stdout.write(f"  exchange: pull delivery for {len(DEMO)} institutions (walk-through: docs/exchange.md)")
