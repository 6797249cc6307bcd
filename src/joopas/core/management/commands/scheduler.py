from __future__ import annotations

import importlib
import signal
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from joopas.core.jobs import Scheduler, discover


class Command(BaseCommand):
    help = "Enqueue periodic jobs; a lease row makes only one scheduler fire at a time."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--import", action="append", dest="imports", default=[],
                            help="extra module(s) that register tasks (used by tests)")
        parser.add_argument("--once", action="store_true", help="one tick, then exit")
        parser.add_argument("--interval", type=float, default=1.0)
        parser.add_argument("--lease", type=int, default=None)

    def handle(self, *args: Any, **opts: Any) -> None:
        discover()
        for module in opts["imports"]:
            importlib.import_module(module)
        sched = Scheduler()
        if opts["lease"]:
            sched.lease_seconds = opts["lease"]
        if opts["once"]:
            self.stdout.write("fired: " + ", ".join(sched.tick()))
            return

        def stop(signum: int, frame: Any) -> None:
            sched.stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            sched.run_forever(opts["interval"])
        finally:
            sched.release()
