"""R-ACC-6: every page and endpoint that shows other people's data writes exactly one `*.read` audit row
(who, whose data, which organisation); a denied or anonymous request writes none."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from joopas.access import services
from joopas.access.models import AccessRequest, Role
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import UserFactory
from joopas.core.models import AuditEvent
from joopas.organisations import services as org_services
from joopas.organisations.tests.factories import ContactPersonFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class ReadCase:
    name: str
    url: str  # formatted with the world
    event: str
    reader: str  # main | admin
    org_scoped: bool  # True: the row carries the organisation's OID


CASES = [
    ReadCase("access page", "/access/organisations/{org}/", "access.organisation.read", "main", True),
    ReadCase("grant page", "/access/grants/{grant}/", "access.grant.read", "main", True),
    ReadCase("organisation audit page", "/access/organisations/{org}/audit/", "access.audit.read", "main", True),
    ReadCase("whole audit page", "/access/audit/", "access.audit.read", "admin", False),
    ReadCase("applications page", "/access/applications/", "access.applications.read", "admin", True),
    ReadCase("review queue", "/organisations/registrations/", "organisations.registrations.read", "admin", True),
    ReadCase("contacts page", "/organisations/{org_oid}/contacts/", "organisations.contacts.read", "main", True),
    ReadCase("contact edit page", "/organisations/{org_oid}/contacts/{contact}/", "organisations.contact.read",
             "main", True),
    ReadCase("api grants", "/api/v1/access/organisations/{org}/grants", "access.grants.read", "main", True),
    ReadCase("api organisation audit", "/api/v1/access/audit?organisation_id={org}", "access.audit.read", "main",
             True),
    ReadCase("api whole audit", "/api/v1/access/audit", "access.audit.read", "admin", False),
    ReadCase("api registrations", "/api/v1/organisations/registrations", "organisations.registrations.read",
             "admin", True),
    ReadCase("api contacts", "/api/v1/organisations/{org_oid}/contacts", "organisations.contacts.read", "main",
             True),
]


def _world() -> dict[str, Any]:
    org, other = OrganisationFactory(), OrganisationFactory()
    main = UserFactory(email="paa@oma.fi")
    grant(main, org, Role.MAIN_USER)
    target = UserFactory(email="kohde@oma.fi", person_oid="1.2.246.562.24.10000000008")
    g = grant(target, org, Role.OFFICER)
    outsider = UserFactory(email="paa@toinen.fi")
    grant(outsider, other, Role.MAIN_USER)
    admin = UserFactory(email="admin@joopas.fi")
    grant(admin, OrganisationFactory(), Role.PLATFORM_ADMIN)
    services.invitation_create(actor=main, organisation_id=org.pk, email="Kutsuttu@Oma.fi", first_name="K",
                               last_name="U", roles=[Role.OFFICER])
    AccessRequest.objects.create(organisation_id=org.pk, user=target, role=Role.MAIN_USER)
    reg = org_services.registration_submit(data=org_services.RegistrationInput(
        org_type="other", name_fi="Uusi Oy", name_sv="", name_en="", business_id="2345678-0", municipality="",
        website="", email="", main_user_first_name="U", main_user_last_name="U", main_user_email="u@uusi.fi",
        main_user_language="fi"))
    contact = ContactPersonFactory(organisation=org, email="yhteys@oma.fi", is_public=False)
    return {"org": org.pk, "org_oid": org.oid, "grant": g.pk, "contact": contact.pk, "reg_oid": reg.organisation.oid,
            "main": main, "target": target, "admin": admin, "outsider": outsider,
            "no_role": UserFactory(email="ei@example.fi")}


def _expected(case: ReadCase, w: dict[str, Any]) -> tuple[str, str, str, dict[str, Any]]:
    """(organisation_oid, subject, person_oid, after) of the one read row."""
    org_subject = f"organisations.organisation:{w['org']}"
    main, target = w["main"].pk, w["target"].pk
    if case.event == "access.organisation.read":
        return w["org_oid"], org_subject, "", {"user_ids": sorted([main, target]), "emails": ["kutsuttu@oma.fi"]}
    if case.event == "access.grants.read":
        return w["org_oid"], org_subject, "", {"user_ids": sorted([main, target]), "emails": []}
    if case.event == "access.grant.read":
        return (w["org_oid"], f"access.grant:{w['grant']}", "1.2.246.562.24.10000000008",
                {"user_ids": [target], "emails": []})
    if case.event == "access.applications.read":
        return w["org_oid"], "access.accessrequest:", "", {"user_ids": [target], "emails": [],
                                                                "organisations": [w["org_oid"]]}
    if case.event == "organisations.registrations.read":
        return w["reg_oid"], "organisations.organisationregistration:", "", {"user_ids": [], "emails": ["u@uusi.fi"],
                                                                  "organisations": [w["reg_oid"]]}
    if case.event == "organisations.contacts.read":
        return w["org_oid"], org_subject, "", {"user_ids": [], "emails": ["yhteys@oma.fi"],
                                               "contact_ids": [w["contact"]]}
    if case.event == "organisations.contact.read":
        return (w["org_oid"], f"organisations.contactperson:{w['contact']}", "",
                {"user_ids": [], "emails": ["yhteys@oma.fi"]})
    assert case.event == "access.audit.read"
    # the log holds the invitation (by the main user) and the registration (by the applicant's email)
    if case.org_scoped:
        return w["org_oid"], "core.auditevent:", "", {"user_ids": [main], "emails": [], "filters": {}, "rows": 1}
    return "", "core.auditevent:", "", {"user_ids": [main], "emails": ["u@uusi.fi"], "filters": {}, "rows": 2}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_r_acc_6_read_of_personal_data_writes_exactly_one_row(case: ReadCase) -> None:
    w = _world()
    reader = w[case.reader]
    client = Client()
    client.force_login(reader)
    first_new = (AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    response = client.get(case.url.format(**w))
    assert response.status_code == 200, response.status_code
    new = list(AuditEvent.objects.filter(id__gte=first_new))
    assert [e.event for e in new] == [case.event]
    row = new[0]
    organisation_oid, subject, person_oid, after = _expected(case, w)
    assert (row.actor_id, row.actor_label, row.organisation_oid, f"{row.subject_type}:{row.subject_id}",
            row.person_oid, row.after) == (reader.pk, reader.email, organisation_oid, subject, person_oid, after)


@pytest.mark.parametrize("actor", ["anonymous", "outsider", "no_role"])
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_r_acc_6_denied_read_writes_no_row(case: ReadCase, actor: str) -> None:
    w = _world()
    client = Client()
    if actor != "anonymous":
        client.force_login(w[actor])
    before = AuditEvent.objects.count()
    response = client.get(case.url.format(**w))
    expected = (401 if case.url.startswith("/api/") else 302) if actor == "anonymous" else 403
    assert response.status_code == expected
    assert AuditEvent.objects.count() == before


def test_r_acc_6_csv_export_is_recorded_once_as_an_export() -> None:
    w = _world()
    client = Client()
    client.force_login(w["main"])
    before = AuditEvent.objects.count()
    response = client.get(f"/access/organisations/{w['org']}/audit/?format=csv")
    assert response.status_code == 200
    new = list(AuditEvent.objects.order_by("id")[before:])
    assert [(e.event, e.organisation_oid, e.after) for e in new] == [
        ("access.audit.exported", w["org_oid"], {"user_ids": [w["main"].pk], "emails": [], "filters": {},
                                                 "rows": 1})]


def test_r_acc_6_acting_organisation_of_a_read_comes_from_the_session() -> None:
    w = _world()
    client = Client()
    client.force_login(w["main"])
    session = client.session
    session["acting_organisation"] = w["org_oid"]
    session.save()
    client.get(f"/access/organisations/{w['org']}/")
    row = AuditEvent.objects.get(event="access.organisation.read")
    assert (row.acting_organisation_oid, row.organisation_oid) == (w["org_oid"], w["org_oid"])
