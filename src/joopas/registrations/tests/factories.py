"""A registration world for tests: home and host universities in a network, an open realisation at the
host targeted to it, a student with an eligible home right and a login bound to that person."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from joopas.accounts import api as accounts_api
from joopas.accounts.tests.factories import UserFactory
from joopas.catalogue.tests.factories import make_realisation, make_unit
from joopas.core.clock import today
from joopas.networks.tests.factories import make_network, make_targeting
from joopas.organisations.tests.factories import OrganisationFactory
from joopas.registrations import services
from joopas.registrations.models import Registration
from joopas.rights.tests.factories import make_home_right, make_person, officer


def window(now: dt.datetime, *, start_days: int = -10, end_days: int = 10) -> dict[str, str]:
    return {"enrolment_start_date_time": (now + dt.timedelta(days=start_days)).isoformat(),
            "enrolment_end_date_time": (now + dt.timedelta(days=end_days)).isoformat()}


def make_world() -> dict[str, Any]:
    now = timezone.now()
    hy, aalto, tuni = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    network = make_network(hy, [aalto])
    unit = make_unit(aalto)
    ends = today() + dt.timedelta(days=60)
    real = make_realisation(unit, start_date=today().isoformat(), end_date=ends.isoformat(), **window(now))
    other = make_realisation(unit, start_date=today().isoformat(), end_date=ends.isoformat(), **window(now))
    make_targeting(network, course_unit=unit)
    home_officer = officer(hy)
    person = make_person(hy, actor=home_officer)
    right = make_home_right(person, actor=home_officer, networks=[network], end=today() + dt.timedelta(days=900))
    student = UserFactory()
    accounts_api.identity_bind(user_id=student.pk, key=person.hetu_key)
    return {"now": now, "hy": hy, "aalto": aalto, "tuni": tuni, "network": network, "unit": unit, "real": real,
            "other": other, "person": person, "right": right, "student": student, "host_officer": officer(aalto),
            "home_officer": home_officer}


def register(w: dict[str, Any], *reals: Any, actor: Any = None, now: dt.datetime | None = None) -> Registration:
    return services.registration_create(actor=actor or w["student"], home_right_id=w["right"].pk,
                                        network_id=w["network"].pk,
                                        realisation_ids=[r.pk for r in reals or [w["real"]]], now=now)


def accepted(w: dict[str, Any], real: Any = None) -> Registration:
    reg = register(w, real or w["real"])
    services.selection_decide(actor=w["host_officer"], selection_id=reg.selections.get().pk, accept=True,
                              host_student_number="A1")
    return reg
