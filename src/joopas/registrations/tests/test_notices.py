"""The student hears of the host's decision by email and in their own message list, in their own language, once
per selection (notifications; issue 13: "registers in two clicks, and follows the status")."""

from __future__ import annotations

import pytest

from joopas.notifications import api as notifications_api
from joopas.registrations import services
from joopas.registrations.tests.factories import make_world, register

pytestmark = pytest.mark.django_db


def test_acceptance_is_told_to_the_student_in_their_language_once() -> None:
    w = make_world()
    w["student"].language = "sv"
    w["student"].save(update_fields=["language"])
    sel = register(w).selections.get()
    assert notifications_api.subjects_of(w["student"].pk) == []
    services.selection_decide(actor=w["host_officer"], selection_id=sel.pk, accept=True)
    unit = w["unit"]
    assert notifications_api.subjects_of(w["student"].pk) == [f"Du antogs till {unit.name_sv or unit.name_fi}"]


def test_rejection_is_told_with_its_reason() -> None:
    w = make_world()
    sel = register(w).selections.get()
    services.selection_decide(actor=w["host_officer"], selection_id=sel.pk, accept=False, reason="Kurssi on täynnä.")
    unit = w["unit"]
    assert notifications_api.subjects_of(w["student"].pk) == [
        f"Ilmoittautumistasi opintojaksolle {unit.name_fi} ei hyväksytty"]
