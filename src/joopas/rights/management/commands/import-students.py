"""`joopas import-students FILE --organisation OID --actor EMAIL [--dry-run]`: students and home study rights
from CSV (columns in `rights.importer.COLUMNS`); line-numbered errors, all or nothing."""

from __future__ import annotations

import sys
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from joopas.core.errors import DomainError
from joopas.organisations import api as organisations_api
from joopas.rights import importer


class Command(BaseCommand):
    help = "Import students and their home study rights from a CSV file (all rows or none)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="CSV file with a header line ('-' for standard input)")
        parser.add_argument("--organisation", required=True, help="OID of the home institution")
        parser.add_argument("--actor", required=True, help="email of the officer the writes are audited as")
        parser.add_argument("--dry-run", action="store_true", help="only check the file")

    def handle(self, *args: Any, **opts: Any) -> None:
        org = organisations_api.get_by_oid(opts["organisation"])
        if org is None:
            raise CommandError(f"unknown organisation {opts['organisation']}")
        actor = get_user_model().objects.filter(email__iexact=opts["actor"].strip(), is_active=True).first()
        if actor is None:
            raise CommandError(f"unknown user {opts['actor']}")
        try:
            if opts["file"] == "-":
                text = sys.stdin.read()
            else:
                with open(opts["file"], encoding="utf-8-sig", errors="strict") as fh:
                    text = fh.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot read {opts['file']}: {exc}") from None
        checked = importer.plan(text, organisation_id=org.id)
        for err in checked.errors:
            self.stdout.write(str(err))
        if not checked.ok:
            raise CommandError(f"{len(checked.errors)} invalid rows; nothing was written.")
        if opts["dry_run"]:
            self.stdout.write(f"{len(checked.rows)} rows are valid (dry run: nothing written).")
            return
        try:
            result = importer.apply(checked, actor=actor, organisation_id=org.id,
                                    progress=lambda n: self.stderr.write(f"{n}/{len(checked.rows)} rows written"))
        except DomainError as exc:
            raise CommandError(f"{exc.code}: {exc.message}; nothing was written.") from None
        self.stdout.write(f"{result.persons} rows: {result.rights_created} study rights created, "
                          f"{result.rights_updated} updated.")
