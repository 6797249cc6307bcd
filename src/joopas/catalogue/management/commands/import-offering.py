"""`joopas import-offering FILE [--dry-run] [--organisation OID]`: bulk offering import from JSON Lines."""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from joopas.catalogue import importer
from joopas.organisations import api as organisations_api


class Command(BaseCommand):
    help = "Import course units, study modules and realisations from a JSON Lines file (one per line)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="JSON Lines file ('-' for standard input)")
        parser.add_argument("--dry-run", action="store_true", help="only check the file and report invalid rows")
        parser.add_argument("--organisation", help="organiser OID for every row (otherwise each row names one)")
        parser.add_argument("--batch-size", type=int, default=importer.BATCH_SIZE)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **opts: Any) -> None:
        org_id = None
        if opts["organisation"]:
            ref = organisations_api.get_by_oid(opts["organisation"])
            if ref is None:
                raise CommandError(f"unknown organisation {opts['organisation']}")
            org_id = ref.id
        try:
            if opts["file"] == "-":
                lines = sys.stdin.read().split("\n")
            else:
                with open(opts["file"], encoding="utf-8", errors="strict") as fh:
                    lines = fh.read().split("\n")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot read {opts['file']}: {exc}") from None
        if lines and lines[-1] == "":
            lines.pop()
        quiet = opts["no_progress"]
        started = time.perf_counter()
        with tqdm(total=len(lines), desc="checking", unit="row", disable=quiet, file=sys.stderr) as bar:
            last = [0]

            def checked(n: int) -> None:
                bar.update(n - last[0])
                last[0] = n

            plan = importer.plan(lines, organisation_id=org_id, progress=checked)
        checked_s = time.perf_counter() - started
        for note in plan.notes:
            self.stdout.write(f"note: {note}")
        for err in plan.errors:
            self.stdout.write(str(err))
        summary = ", ".join(f"{n} {k.replace('_', ' ')}s" for k, n in plan.counts.items())
        if not plan.ok:
            self.stdout.write(f"{len(plan.errors)} invalid rows of {plan.total}; valid: {summary}. Nothing was written.")
            raise CommandError("invalid rows", returncode=1)
        if opts["dry_run"]:
            self.stdout.write(f"dry run: all {plan.total} rows are valid ({summary}); nothing was written.")
            return
        started = time.perf_counter()
        with tqdm(total=len(plan.order), desc="importing", unit="row", disable=quiet, file=sys.stderr) as bar:
            totals = importer.apply_all(lines, plan, organisation_id=org_id, progress=bar.update,
                                        batch_size=opts["batch_size"])
        if opts["verbosity"] >= 2:
            self.stdout.write(f"checked in {checked_s:.1f} s, written in {time.perf_counter() - started:.1f} s")
        self.stdout.write(f"imported {len(plan.order)} rows ({summary}): {totals['created']} created, "
                          f"{totals['updated']} updated.")
