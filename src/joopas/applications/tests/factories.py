"""A JOO world for tests: a home university (HY) and a host (Aalto) in the national JOO agreement network, the
host's JOO offering (two modules with course units, a single course unit, one study not offered), an open
application round and one not yet open, a student with a home degree right and a login bound to that person,
and officers of both universities."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from joopas.accounts import api as accounts_api
from joopas.accounts.tests.factories import UserFactory
from joopas.applications import services
from joopas.applications.models import Application, Round
from joopas.applications.services import EntityChoice
from joopas.catalogue import services as catalogue_services
from joopas.catalogue.tests.factories import make_module, make_realisation, make_unit, open_window
from joopas.core.clock import academic_year_of, today
from joopas.networks.tests.factories import make_network
from joopas.organisations.tests.factories import OrganisationFactory
from joopas.rights.tests.factories import make_home_right, make_person, officer

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name: str = "transcript.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def make_round(host: Any, *, kind: str = "fixed", opens: dt.date | None = None, closes: dt.date | None = None,
               studies_start: dt.date | None = None) -> Round:
    """An open round by default: opened 10 days ago, closes in 20 days, studies start in 60 days."""
    d = today()
    opens = opens or d - dt.timedelta(days=10)
    if kind == "fixed":
        closes = closes or d + dt.timedelta(days=20)
    studies_start = studies_start or (closes or d) + dt.timedelta(days=40)
    return Round.objects.create(organisation_id=host.pk, academic_year=academic_year_of(studies_start), kind=kind,
                                opens_on=opens, closes_on=closes, studies_start=studies_start)


def make_world(*, home_end_days: int = 1200) -> dict[str, Any]:
    now = timezone.now()
    hy, aalto, tuni = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    network = make_network(hy, [aalto, tuni], network_type="joo_agreement")
    module_a = make_module(aalto)
    module_b = make_module(aalto)
    unit_a1 = make_unit(aalto, parents=[module_a.external_id])
    unit_a2 = make_unit(aalto, parents=[module_a.external_id])
    unit_b1 = make_unit(aalto, parents=[module_b.external_id])
    single = make_unit(aalto)
    not_offered = make_unit(aalto)
    real_a1 = make_realisation(unit_a1, start_date=today().isoformat(),
                               end_date=(today() + dt.timedelta(days=90)).isoformat(), **open_window(now))
    real_b1 = make_realisation(unit_b1, start_date=today().isoformat(),
                               end_date=(today() + dt.timedelta(days=90)).isoformat(), **open_window(now))
    host_officer, home_officer = officer(aalto), officer(hy)
    rnd = make_round(aalto)
    for year in {academic_year_of(today()), academic_year_of(rnd.studies_start)}:
        catalogue_services.joo_declaration_set(actor=None, organisation_id=aalto.pk, academic_year=year,
                                               mode="exclusion", course_unit_ids=[not_offered.pk])
    person = make_person(hy, actor=home_officer)
    right = make_home_right(person, actor=home_officer, end=today() + dt.timedelta(days=home_end_days))
    student = UserFactory()
    accounts_api.identity_bind(user_id=student.pk, key=person.hetu_key)
    return {"now": now, "hy": hy, "aalto": aalto, "tuni": tuni, "network": network, "module_a": module_a,
            "module_b": module_b, "unit_a1": unit_a1, "unit_a2": unit_a2, "unit_b1": unit_b1, "single": single,
            "not_offered": not_offered, "real_a1": real_a1, "real_b1": real_b1, "round": rnd, "person": person,
            "right": right, "student": student, "host_officer": host_officer, "home_officer": home_officer,
            "tuni_officer": officer(tuni)}


def draft(w: dict[str, Any], *choices: tuple[str, Any], justification: str = "HOPS: sivuaine") -> Application:
    """A draft for module A and module B (or the given (kind, row) choices) with a generated transcript."""
    picked = choices or (("study_module", w["module_a"]), ("study_module", w["module_b"]))
    app = services.draft_save(actor=w["student"], home_right_id=w["right"].pk, round_id=w["round"].pk,
                              entities=[EntityChoice(k, r.pk) for k, r in picked], justification=justification)
    return services.transcript_generate(actor=w["student"], application_id=app.pk)


def submitted(w: dict[str, Any], *choices: tuple[str, Any]) -> Application:
    return services.submit(actor=w["student"], application_id=draft(w, *choices).pk)


def endorsed(w: dict[str, Any], *choices: tuple[str, Any]) -> Application:
    app = submitted(w, *choices)
    return services.endorse(actor=w["home_officer"], application_id=app.pk, endorse=True)


def granted(w: dict[str, Any]) -> Application:
    """Module A granted, module B rejected."""
    app = endorsed(w)
    a, b = list(app.entities.order_by("position"))
    return services.decide(actor=w["host_officer"], application_id=app.pk,
                           decisions={a.pk: ("granted", ""), b.pk: ("rejected", "Ei tilaa")})


def upload(content: bytes, name: str) -> io.BytesIO:
    return SimpleUploadedFile(name, content)  # type: ignore[return-value]
