from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from joopas.exchange.registry import examples, json_schemas
from joopas.exchange.services.inbound import receive
from joopas.exchange.validation import parse
from joopas.organisations.api import get_by_oid

SCHEMA_DIR = Path(settings.PROJECT_DIR) / "docs" / "api" / "messages" / "v1"


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


class Command(BaseCommand):
    help = ("Exchange tools: `export-schemas [--check]` writes docs/api/messages/v1/*.json; "
            "`validate FILE --organisation OID` checks a message file exactly as POST /api/v1/exchange/validate "
            "does (without --organisation: the schema checks only).")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        exp = sub.add_parser("export-schemas")
        exp.add_argument("--check", action="store_true", help="fail if the committed files differ")
        exp.add_argument("--out", default=str(SCHEMA_DIR))
        val = sub.add_parser("validate")
        val.add_argument("file")
        val.add_argument("--organisation", default="",
                         help="the sender's OID: run every check of POST /api/v1/exchange/validate (database "
                              "included, e.g. unknown elements and an already used message_id), nothing stored")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["action"] == "export-schemas":
            out = Path(opts["out"])
            schemas = {name: render(s) for name, s in json_schemas().items()}
            schemas |= {f"examples/{t.lower()}.json": render(env) for t, env in examples().items()}
            if opts["check"]:
                drift = [n for n, text in schemas.items()
                         if not (out / n).exists() or (out / n).read_text() != text]
                extra = [str(p.relative_to(out)) for p in out.rglob("*.json")
                         if str(p.relative_to(out)) not in schemas] if out.exists() else []
                if drift or extra:
                    raise CommandError(f"message schemas drifted: {', '.join(drift + extra)}; "
                                       "run `joopas exchange export-schemas`")
                self.stdout.write(f"{len(schemas)} schemas and examples up to date")
                return
            (out / "examples").mkdir(parents=True, exist_ok=True)
            for p in out.rglob("*.json"):
                if str(p.relative_to(out)) not in schemas:
                    p.unlink()
            for name, text in schemas.items():
                (out / name).write_text(text)
            self.stdout.write(f"wrote {len(schemas)} schemas to {out}")
            return
        body = Path(opts["file"]).read_bytes()
        if opts["organisation"]:
            sender = get_by_oid(opts["organisation"])
            if sender is None:
                raise CommandError(f"unknown organisation {opts['organisation']!r} (give its OID)")
            answer = receive(organisation_id=sender.id, body=body, dry_run=True)
            self.stdout.write(json.dumps(answer.body, indent=None if answer.status < 300 else 2))
            if answer.status >= 300:
                raise CommandError("the message is not valid")
            return
        parsed = parse(body)
        if parsed.ok:
            self.stdout.write(json.dumps({"message_id": str(parsed.message_id), "status": "valid"}))
            return
        self.stdout.write(json.dumps({"message_id": str(parsed.message_id) if parsed.message_id else None,
                                      "errors": [p.as_dict() for p in parsed.problems]}, indent=2))
        raise CommandError("the message is not valid")
