from __future__ import annotations

import importlib
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from joopas.core.jobs import Worker, discover


class Command(BaseCommand):
    help = "Run background jobs (claims due rows with FOR UPDATE SKIP LOCKED)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--import", action="append", dest="imports", default=[],
                            help="extra module(s) that register tasks (used by tests)")
        parser.add_argument("--queue", action="append", dest="queues", help="queue(s) to serve (default: default)")
        parser.add_argument("--burst", action="store_true", help="run due jobs, then exit")
        parser.add_argument("--lease", type=int, default=None, help="lease seconds per job")
        parser.add_argument("--poll", type=float, default=None, help="seconds between polls when idle")

    def handle(self, *args: Any, **opts: Any) -> None:
        discover()
        for module in opts["imports"]:
            importlib.import_module(module)
        worker = Worker(queues=tuple(opts["queues"] or ["default"]))
        if opts["lease"]:
            worker.lease_seconds = opts["lease"]
        if opts["poll"]:
            worker.poll_seconds = opts["poll"]
        if opts["burst"]:
            n = worker.run_until_empty()
            self.stdout.write(f"ran {n} job(s)")
            return
        worker.install_signal_handlers()
        worker.run_forever()
