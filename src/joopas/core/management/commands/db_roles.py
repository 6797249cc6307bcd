"""`joopas db_roles RUNTIME_ROLE`: give the runtime role its rights, connected as the migration owner."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections, transaction

from joopas.core.db_roles import runtime_grants


class Command(BaseCommand):
    help = ("PostgreSQL: grant RUNTIME_ROLE what the web, worker, scheduler and deliver processes need (rows of "
            "every table; only SELECT and INSERT on the audit log; no DDL, TRUNCATE or trigger rights). Run it "
            "connected as the migration owner, after `joopas migrate`. See docs/deploy.md.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("runtime_role")
        parser.add_argument("--create", action="store_true",
                            help="create the role too (LOGIN, no password: set it with psql's \\password)")
        parser.add_argument("--sql", action="store_true", help="print the SQL instead of running it")
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[options["database"]]
        if connection.vendor != "postgresql":
            raise CommandError("db_roles is for PostgreSQL; SQLite has no roles.")
        statements = runtime_grants(connection, options["runtime_role"], create=options["create"])
        if options["sql"]:
            self.stdout.write(";\n".join(statements) + ";")
            return
        with transaction.atomic(using=options["database"]), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(f"granted the runtime rights to {options['runtime_role']}")
