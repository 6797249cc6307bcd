"""Room on each page of exchange_delivery (PostgreSQL) so the claim's lease update (attempts, worker,
lease_until: no indexed column) is a heap-only update that writes no index entries (ADR 0004)."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def set_fillfactor(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE exchange_delivery SET (fillfactor = 70)")


def reset_fillfactor(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE exchange_delivery RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [("exchange", "0003_delivery_open_index")]

    operations = [migrations.RunPython(set_fillfactor, reset_fillfactor)]
