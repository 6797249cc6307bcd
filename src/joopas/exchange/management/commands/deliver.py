from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from joopas.exchange.worker import DeliveryWorker


class Command(BaseCommand):
    help = "Deliver exchange messages by webhook and RabbitMQ (claims batches with FOR UPDATE SKIP LOCKED)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=500, help="deliveries claimed per round")
        parser.add_argument("--lease", type=int, default=60, help="seconds a claimed batch stays ours")
        parser.add_argument("--poll", type=float, default=0.1, help="seconds between polls when idle")
        parser.add_argument("--burst", action="store_true", help="deliver what is due, then exit")

    def handle(self, *args: Any, **opts: Any) -> None:
        worker = DeliveryWorker(batch=opts["batch"], lease_seconds=opts["lease"], poll_seconds=opts["poll"])
        if opts["burst"]:
            self.stdout.write(f"delivered {worker.run_until_empty()} message(s)")
            return
        worker.install_signal_handlers()
        worker.run_forever()
