"""`joopas demo`: migrate, load demo data (idempotent), print logins, serve web + worker + scheduler + deliver."""

from __future__ import annotations

import importlib
import os
import signal
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction


def demo_modules() -> list[Any]:
    modules = []
    for app in settings.INSTALLED_APPS:
        if app.startswith("joopas."):
            try:
                modules.append(importlib.import_module(f"{app}.demo"))
            except ModuleNotFoundError as exc:
                if exc.name != f"{app}.demo":
                    raise
    return modules


class Command(BaseCommand):
    help = "Bring up the demo: migrate, load demo data, print logins, run web, worker and scheduler."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="load the data and exit")
        parser.add_argument("--addr", default="127.0.0.1:8000")

    def handle(self, *args: Any, **opts: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("i18n", "compile", verbosity=0)
        self.stdout.write("Loading demo data…")
        for module in demo_modules():
            with transaction.atomic():
                module.load(self.stdout)
        self.print_logins()
        if opts["no_serve"]:
            return
        self.serve(opts["addr"])

    def print_logins(self) -> None:
        from joopas.access import api as access_api

        password, logins = access_api.demo_logins()
        self.stdout.write(self.style.SUCCESS(f"\nDemo logins (password for all: {password})"))
        for email, note in logins:
            self.stdout.write(f"  {email:32} {note}")
        self.stdout.write("  Django admin: /admin/ as admin@joopas.demo\n")

    def serve(self, addr: str) -> None:
        env = {**os.environ}
        base = [sys.executable, "-m", "joopas.cli"]
        children = [subprocess.Popen([*base, name], env=env) for name in ("worker", "scheduler", "deliver")]
        # SIGTERM (a process manager, `kill`) stops the children too, as Ctrl-C does
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        self.stdout.write(self.style.SUCCESS(
            f"Serving on http://{addr}/  (Ctrl-C stops web, worker, scheduler and the exchange delivery loop)"))
        try:
            call_command("runserver", addr, use_reloader=False)
        finally:
            for child in children:
                child.terminate()
            for child in children:
                child.wait(timeout=10)
