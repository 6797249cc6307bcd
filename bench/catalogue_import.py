"""P4: importing 50 000 course units and 200 000 realisations from JSON Lines takes ≤ 60 s.

Fresh bench database (migrated, demo organisations), the file generated beforehand (not timed), then
`joopas import-offering FILE` timed as a child process: rows/s and the child's peak RSS. A second run of
the same file checks idempotence (every row an update, no new rows).
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from bench import catalogue_data as data

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
    return {
        "rows": rows, "course_units_and_realisations_in_db": counts, "generate_seconds": round(generate_s, 1),
        "import_seconds": first["seconds"], "rows_per_second": round(rows / first["seconds"]),
        "peak_rss_mb": first["peak_rss_mb"], "target_seconds": TARGET_SECONDS,
        "meets_target": first["seconds"] <= TARGET_SECONDS, "import_output": first["output"],
    }
