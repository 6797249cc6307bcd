"""The student's JOO rights and applications on "My studies" (registered with
`registrations.api.register_studies_section`): each JOO right with its validity and the granted studies (R-JOO-3,
R-JOO-8), and the applications with their status, linking to the JOO applications page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from joopas.applications import selectors
from joopas.applications.models import ApplicationStatus
from joopas.organisations import api as organisations_api
from joopas.rights import api as rights_api
from joopas.rights.data import PersonRef


def section(request: Any, persons: Sequence[PersonRef]) -> str:
    joo = [j for p in persons for j in rights_api.joo_rights_of_home_person(p.id)]
    apps = selectors.applications_of_persons(p.id for p in persons)
    lang = (get_language() or "fi")[:2]
    orgs = organisations_api.get_many({j.host_organisation_id for j in joo} | {a.host_organisation_id for a in apps})
    html = render_to_string("applications/student/section.html", {
        "joo_rights": [{"right": j, "host": orgs[j.host_organisation_id].name(lang)
                        if j.host_organisation_id in orgs else "", "units": selectors.granted_units(j)} for j in joo],
        "applications": [{"application": a, "host": orgs[a.host_organisation_id].name(lang)
                          if a.host_organisation_id in orgs else "",
                          "status": ApplicationStatus(a.status).label} for a in apps],
    }, request=request)
    return SafeString(html)
