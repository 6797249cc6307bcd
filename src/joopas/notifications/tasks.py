from __future__ import annotations

from django.conf import settings

from joopas.core.jobs import task
from joopas.notifications import services


@task(services.DELIVER_TASK, max_attempts=settings.NOTIFICATIONS_MAX_ATTEMPTS, queue="default")
def deliver(delivery_id: int) -> None:
    """Send one email or SMS of a notification; retried with back-off, failed for good after the last attempt."""
    services.deliver(delivery_id)
