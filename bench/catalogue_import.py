"""P4: importing 50 000 course units and 200 000 realisations from JSON Lines takes ≤ 60 s.

Fresh bench database (migrated, demo organisations), the file generated beforehand (not timed), then
`joopas import-offering FILE` timed as a child process: rows/s and the child's peak RSS. The baseline,
in the same run: the rows the import wrote, copied out and loaded back with one raw `COPY` per table into
empty tables with the same columns and indexes (the database's own bulk-load time for this data, without
any parsing, validation, lemmatisation or upsert) — reported as import time / raw COPY time.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from bench import catalogue_data as data

TABLES = ("catalogue_courseunit", "catalogue_realisation")

TARGET_SECONDS = 60.0


def run(args: argparse.Namespace) -> dict[str, Any]:
    units = 5_000 if getattr(args, "quick", False) else 50_000
    started = time.perf_counter()
    rows = data.generate(units=units)
    generate_s = time.perf_counter() - started
    data.fresh_database()
    first = data.import_file()
    counts = data.psql("SELECT (SELECT count(*) FROM catalogue_courseunit) || ' ' || "
                       "(SELECT count(*) FROM catalogue_realisation)")
    raw = raw_copy_seconds()
    return {
        "rows": rows, "course_units_and_realisations_in_db": counts, "generate_seconds": round(generate_s, 1),
        "import_seconds": first["seconds"], "rows_per_second": round(rows / first["seconds"]),
        "peak_rss_mb": first["peak_rss_mb"], "raw_copy_seconds": raw,
        "import_to_raw_copy_ratio": round(first["seconds"] / raw, 2) if raw else None,
        "target_seconds": TARGET_SECONDS,
        "meets_target": first["seconds"] <= TARGET_SECONDS, "import_output": first["output"],
    }


def raw_copy_seconds() -> float:
    """Copy the imported rows out (not timed), then load them with one COPY per table into empty copies of
    the tables (same columns, defaults, generated column and indexes, no foreign keys); the timed part is
    the two COPY statements and their commit."""
    import psycopg

    url = data.DATABASE_URL.replace("postgres://", "postgresql://")
    with psycopg.connect(url, autocommit=True) as conn:
        dumps: dict[str, tuple[list[str], bytes]] = {}
        for table in TABLES:
            cols = [r[0] for r in conn.execute(
                "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped "
                "AND attgenerated = '' ORDER BY attnum", (table,))]
            col_list = ", ".join(f'"{c}"' for c in cols)
            buf = bytearray()
            with conn.cursor().copy(f'COPY {table} ({col_list}) TO STDOUT') as copy:
                for chunk in copy:
                    buf += chunk
            conn.execute(f"DROP TABLE IF EXISTS bench_raw_{table}")
            conn.execute(f"CREATE TABLE bench_raw_{table} (LIKE {table} INCLUDING ALL)")
            dumps[table] = (cols, bytes(buf))
        started = time.perf_counter()
        with conn.transaction():
            for table, (cols, payload) in dumps.items():
                col_list = ", ".join(f'"{c}"' for c in cols)
                with conn.cursor().copy(f"COPY bench_raw_{table} ({col_list}) FROM STDIN") as copy:
                    for start in range(0, len(payload), 1 << 20):
                        copy.write(payload[start:start + (1 << 20)])
        seconds = time.perf_counter() - started
        for table in TABLES:
            conn.execute(f"DROP TABLE bench_raw_{table}")
    return round(seconds, 2)
