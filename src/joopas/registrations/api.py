"""What other apps may ask of registrations (records will ask whether a student was accepted)."""

from __future__ import annotations

from dataclasses import dataclass

from joopas.registrations import hooks, rules, selectors
from joopas.registrations.models import Selection

__all__ = ["AcceptedRegistration", "AcceptedStudent", "accepted_at_host", "accepted_counts_by_realisation",
           "accepted_registration", "accepted_students", "register_studies_section"]

register_studies_section = hooks.register_studies_section  # records adds the student's completions to "My studies"


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


@dataclass(frozen=True)
class AcceptedStudent:
    host_person_id: int
    home_person_id: int
    home_organisation_id: int
    host_student_number: str


def accepted_students(realisation_id: int) -> list[AcceptedStudent]:
    """Every student the host accepted to the realisation, once each (the completion form's rows, R-REC-1)."""
    seen: dict[int, AcceptedStudent] = {}
    for sel in selectors.accepted_to_realisation(realisation_id):
        reg = sel.registration
        seen.setdefault(reg.host_person_id, AcceptedStudent(reg.host_person_id, reg.home_person_id,
                                                            reg.home_organisation_id, sel.host_student_number))
    return list(seen.values())


def accepted_counts_by_realisation(host_organisation_id: int) -> dict[int, int]:
    """Realisation id → how many students the host has accepted to it."""
    return selectors.accepted_by_realisation(host_organisation_id)
