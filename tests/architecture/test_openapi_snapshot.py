"""The committed OpenAPI document must match the code: regenerate with `make openapi`."""

from __future__ import annotations

from pathlib import Path

import pytest

from joopas.site.management.commands.export_openapi import current_openapi, render

SNAPSHOT = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi-v1.json"


@pytest.mark.django_db
def test_openapi_snapshot_matches_the_code() -> None:
    assert SNAPSHOT.exists(), "docs/api/openapi-v1.json is missing: run `make openapi`"
    assert SNAPSHOT.read_text(encoding="utf-8") == render(current_openapi()), \
        "docs/api/openapi-v1.json is out of date: run `make openapi` and commit it"
