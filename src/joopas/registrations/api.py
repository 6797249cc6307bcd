"""What other apps may ask of registrations (records will ask whether a student was accepted)."""

from __future__ import annotations

from dataclasses import dataclass

from joopas.registrations import rules
from joopas.registrations.models import Selection

__all__ = ["AcceptedRegistration", "accepted_at_host", "accepted_registration"]


def accepted_at_host(*, host_person_id: int, realisation_id: int) -> bool:
    """A record may be sent only for a student the host accepted to the realisation (R-REC-1)."""
    return Selection.objects.filter(registration__host_person_id=host_person_id, realisation_id=realisation_id,
                                    status=rules.ACCEPTED).exists()


@dataclass(frozen=True)
class AcceptedRegistration:
    registration_id: int
    home_organisation_id: int
    home_person_id: int
    host_organisation_id: int


def accepted_registration(*, host_person_id: int, realisation_id: int) -> AcceptedRegistration | None:
    """The registration under which the host accepted this student to the realisation (R-REC-1), if any."""
    sel = (Selection.objects.filter(registration__host_person_id=host_person_id, realisation_id=realisation_id,
                                    status=rules.ACCEPTED).select_related("registration").order_by("-id").first())
    if sel is None:
        return None
    reg = sel.registration
    return AcceptedRegistration(reg.pk, reg.home_organisation_id, reg.home_person_id, reg.host_organisation_id)
