"""What other apps may ask of registrations (records will ask whether a student was accepted)."""

from __future__ import annotations

from joopas.registrations import rules
from joopas.registrations.models import Selection

__all__ = ["accepted_at_host"]


def accepted_at_host(*, host_person_id: int, realisation_id: int) -> bool:
    """A record may be sent only for a student the host accepted to the realisation (R-REC-1)."""
    return Selection.objects.filter(registration__host_person_id=host_person_id, realisation_id=realisation_id,
                                    status=rules.ACCEPTED).exists()
