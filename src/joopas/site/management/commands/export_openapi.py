"""Write the OpenAPI document exactly as `/api/v1/openapi.json` serves it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test import Client


def current_openapi() -> dict[str, Any]:
    response = Client(HTTP_HOST="testserver").get("/api/v1/openapi.json", secure=True)  # also when https is required
    if response.status_code != 200:
        raise CommandError(f"/api/v1/openapi.json answered {response.status_code}")
    data: dict[str, Any] = response.json()
    return data


def render(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = "Export the /api/v1 OpenAPI document (committed under docs/api/)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", default="docs/api/openapi-v1.json")

    def handle(self, *args: Any, **opts: Any) -> None:
        path = Path(opts["output"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(current_openapi()), encoding="utf-8")
        self.stdout.write(f"wrote {path}")
