"""R-JOO-8: a granted JOO right lets the student register, through the JOO agreement's network, to the realisations
of the granted study entities — not to those of a rejected one, and not after the JOO right ended; the course
panel offers the JOO network's route for a granted unit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from joopas.applications import services as application_services
from joopas.applications.tests.factories import endorsed, granted, make_world
from joopas.catalogue import api as catalogue_api
from joopas.catalogue.tests.factories import make_realisation, open_window
from joopas.core.clock import today
from joopas.core.errors import DomainError
from joopas.registrations import panel, services
from joopas.registrations import selectors as registration_selectors
from joopas.registrations.codes import ErrorCode
from joopas.registrations.forms import route_value
from joopas.registrations.models import Registration, Selection
from joopas.rights.models import StudyRight

pytestmark = pytest.mark.django_db

@pytest.fixture
def w() -> dict[str, Any]:
    return make_world()


def _register(w: dict[str, Any], realisation: Any) -> Registration:
    return services.registration_create(actor=w["student"], home_right_id=w["right"].pk,
                                        network_id=w["network"].pk, realisation_ids=[realisation.pk])


def _counts() -> tuple[int, int, int]:
    return Registration.objects.count(), Selection.objects.count(), StudyRight.objects.count()


def _options(w: dict[str, Any], unit: Any) -> panel.Options:
    ref = catalogue_api.get_course_unit_by_id(unit.pk)
    assert ref is not None
    return panel.options_for(registration_selectors.persons_of_user(w["student"]), ref)


def test_r_joo_8_registration_to_a_granted_modules_unit_works(w: dict[str, Any]) -> None:
    granted(w)  # module A granted, module B rejected
    reg = _register(w, w["real_a1"])
    assert (reg.host_organisation_id, reg.home_organisation_id, reg.network_id) == (
        w["aalto"].pk, w["hy"].pk, w["network"].pk)
    assert list(reg.selections.values_list("realisation_id", flat=True)) == [w["real_a1"].pk]


def test_r_joo_8_registration_to_a_granted_course_unit_works(w: dict[str, Any]) -> None:
    app = endorsed(w, ("course_unit", w["single"]))
    application_services.decide(actor=w["host_officer"], application_id=app.pk,
                                decisions={e.pk: ("granted", "") for e in app.entities.all()})
    real = make_realisation(w["single"], start_date=today().isoformat(),
                            end_date=(today() + dt.timedelta(days=60)).isoformat(), **open_window(timezone.now()))
    reg = _register(w, real)
    assert list(reg.selections.values_list("realisation_id", flat=True)) == [real.pk]


def test_r_joo_8_registration_to_a_rejected_modules_unit_refused(w: dict[str, Any]) -> None:
    granted(w)
    before = _counts()
    with pytest.raises(DomainError) as err:
        _register(w, w["real_b1"])
    assert err.value.code == ErrorCode.RIGHT_NOT_ELIGIBLE
    assert _counts() == before


def test_r_joo_8_registration_without_a_joo_right_refused(w: dict[str, Any]) -> None:
    endorsed(w)  # not decided yet
    before = _counts()
    with pytest.raises(DomainError) as err:
        _register(w, w["real_a1"])
    assert err.value.code == ErrorCode.RIGHT_NOT_ELIGIBLE
    assert _counts() == before


def test_r_joo_8_registration_after_the_joo_right_ended_refused(w: dict[str, Any]) -> None:
    app = granted(w)
    # the JOO right ran its course (its end passed); the home right is still in force
    StudyRight.objects.filter(pk=app.joo_right_id).update(start_date=today() - dt.timedelta(days=60),
                                                          end_date=today() - dt.timedelta(days=1))
    before = _counts()
    with pytest.raises(DomainError) as err:
        _register(w, w["real_a1"])
    assert err.value.code == ErrorCode.RIGHT_NOT_ELIGIBLE
    assert _counts() == before


def test_r_joo_8_panel_offers_the_joo_network_route_for_a_granted_unit(w: dict[str, Any]) -> None:
    before = _options(w, w["unit_a1"])
    assert before.state == "not_in_network"  # the unit is not offered in any network of the student
    assert before.shown_realisations == []
    granted(w)
    opts = _options(w, w["unit_a1"])
    assert opts.state == "ok"
    assert [v for v, _label in opts.shown_routes] == [route_value(w["right"].pk, w["network"].pk)]
    assert [v for v, _label in opts.shown_realisations] == [str(w["real_a1"].pk)]


def test_r_joo_8_panel_offers_nothing_for_a_rejected_modules_unit(w: dict[str, Any]) -> None:
    granted(w)
    opts = _options(w, w["unit_b1"])
    assert opts.state == "not_in_network"
    assert opts.shown_realisations == []
    assert route_value(w["right"].pk, w["network"].pk) not in [v for v, _label in opts.shown_routes]
