"""What other apps may ask of JOO applications (reporting and billing will: who committed to pay, R-JOO-1)."""

from __future__ import annotations

from django.utils import timezone

from joopas.applications.data import ApplicationRef
from joopas.applications.models import Application

__all__ = ["ApplicationRef", "application_of_joo_right"]


def _ref(a: Application) -> ApplicationRef:
    return ApplicationRef(a.pk, a.number, a.status, a.home_organisation_id, a.host_organisation_id,
                          a.home_person_id, a.payment_committed,
                          timezone.localtime(a.endorsed_at).date() if a.endorsed_at else None, a.joo_right_id)


def application_of_joo_right(right_id: int) -> ApplicationRef | None:
    """The application a JOO right was granted on: its number and the endorsement that commits the home
    institution to pay for the studies (R-JOO-1, R-BIL-1)."""
    a = Application.objects.filter(joo_right_id=right_id).first()
    return _ref(a) if a else None
