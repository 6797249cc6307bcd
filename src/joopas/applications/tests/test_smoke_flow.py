"""The JOO loop through the services, end to end (R-JOO-1, R-JOO-2, R-JOO-3, R-JOO-4, R-JOO-8)."""

from __future__ import annotations

import datetime as dt

import pytest

from joopas.applications.tests.factories import granted, make_world
from joopas.core.clock import today
from joopas.registrations import services as registration_services
from joopas.rights import api as rights_api
from joopas.rights import services as rights_services

pytestmark = pytest.mark.django_db


def test_r_joo_loop_grant_register_and_end_with_home_right() -> None:
    w = make_world()
    app = granted(w)
    assert app.status == "decided"
    joo = rights_api.get_joo_right(app.joo_right_id)
    assert joo is not None and joo.host_organisation_id == w["aalto"].pk
    assert [(g.entity_kind, g.entity_id) for g in joo.granted] == [("study_module", w["module_a"].pk)]
    # R-JOO-8: the granted module's course unit is open to register through the JOO network
    reg = registration_services.registration_create(actor=w["student"], home_right_id=w["right"].pk,
                                                    network_id=w["network"].pk, realisation_ids=[w["real_a1"].pk])
    assert reg.host_organisation_id == w["aalto"].pk
    # R-JOO-4: the home right ends, the JOO right ends the same day
    rights_services.right_status_change(actor=w["home_officer"], right_id=w["right"].pk, to="ended")
    joo = rights_api.get_joo_right(app.joo_right_id)
    assert joo is not None and joo.end_date == today() and joo.end_reason == "home_right_ended"
    assert joo.end_date <= today() + dt.timedelta(days=1)
