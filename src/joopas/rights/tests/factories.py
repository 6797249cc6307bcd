"""Persons and study rights for tests, built through the services (as an officer of the organisation)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from joopas.access.api import Role
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import UserFactory
from joopas.core.clock import today
from joopas.core.identifiers import hetu_check_char, make_oid
from joopas.rights import services
from joopas.rights.models import Person, StudyRight

_seq = itertools.count(1)


def officer(organisation: Any) -> Any:
    user = UserFactory()
    grant(user, organisation, Role.OFFICER)
    return user


def hetu(n: int | None = None) -> str:
    """A valid personal identity code (born 1.1.2000 + n days, 21st century separator A)."""
    n = next(_seq) if n is None else n
    born = dt.date(2000, 1, 1) + dt.timedelta(days=n % 3000)
    birth6, individual = born.strftime("%d%m%y"), f"{200 + n % 700:03d}"
    return f"{birth6}A{individual}{hetu_check_char(birth6, individual)}"


def learner_oid(n: int | None = None) -> str:
    return make_oid(24, 10_000_000_000 + (next(_seq) if n is None else n))


def person_input(**overrides: Any) -> services.PersonInput:
    n = next(_seq)
    values: dict[str, Any] = {"first_names": f"Testi {n}", "last_name": f"Opiskelija {n}", "hetu": hetu(n),
                              "learner_oid": learner_oid(n), "student_number": f"S{n:06d}",
                              "email": f"student{n}@example.fi"}
    values.update(overrides)
    return services.PersonInput(**values)


def make_person(organisation: Any, *, actor: Any = None, **overrides: Any) -> Person:
    return services.person_upsert(actor=actor or officer(organisation), organisation_id=organisation.pk,
                                  data=person_input(**overrides))


def make_home_right(person: Person, *, actor: Any = None, networks: list[Any] = (),  # type: ignore[assignment]
                    start: dt.date | None = None, end: dt.date | None = None, status: str = "active") -> StudyRight:
    from joopas.organisations.api import get_by_id

    org = get_by_id(person.organisation_id)
    actor = actor or officer(org)
    right = services.home_right_create(actor=actor, person_id=person.pk, identifier=f"SR-{next(_seq)}",
                                       start_date=start or today() - dt.timedelta(days=365), end_date=end,
                                       status=status, right_type="bachelor", degree_programme="Tietojenkäsittely")
    if networks:
        services.eligibility_set(actor=actor, right_id=right.pk, network_ids=[n.pk for n in networks])
    return right
