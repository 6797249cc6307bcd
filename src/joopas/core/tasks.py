"""Core periodic housekeeping."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from joopas.core import idempotency  # noqa: F401 - registers its purge task
from joopas.core.jobs import periodic, task
from joopas.core.models import Job


@task("core.purge_finished_jobs")
def purge_finished_jobs(days: int = 30) -> None:
    cutoff = timezone.now() - dt.timedelta(days=days)
    Job.objects.filter(status=Job.Status.DONE, finished_at__lt=cutoff).delete()


periodic("core.purge_finished_jobs", "core.purge_finished_jobs", every=dt.timedelta(days=1),
         offset=dt.timedelta(hours=3))
