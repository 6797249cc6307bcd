from __future__ import annotations

from joopas.catalogue import services
from joopas.core.jobs import task


@task("catalogue.import_step", max_attempts=3)
def import_step(run_id: int, offset: int = -1) -> None:
    """One step of an officer upload: offset -1 checks the file, then each step writes one batch."""
    services.import_run_step(run_id=run_id, offset=offset)
