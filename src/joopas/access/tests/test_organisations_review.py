"""R-ORG-1/2: registration review with real grants and invitations (access wires into organisations).
(Lives in access: it needs grants, which organisations' own tests may not import - the app graph points one way.)"""

from __future__ import annotations

import dataclasses

import pytest
from django.core import mail

from joopas.access.models import Grant, Invitation
from joopas.access.services import invitation_accept
from joopas.access.tests.conftest import platform_admin, snapshot  # noqa: F401 - fixture
from joopas.accounts.models import User
from joopas.accounts.tests.factories import UserFactory
from joopas.core.errors import Conflict, IllegalTransition, PermissionDenied, ValidationFailed
from joopas.core.models import AuditEvent
from joopas.organisations import services
from joopas.organisations.models import Organisation, OrganisationRegistration
from joopas.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

DATA = services.RegistrationInput(
    org_type="other", name_fi="Koulutus Esimerkki Oy", name_sv="Utbildning Exempel Ab", name_en="", business_id="2345678-0",
    municipality="Oulu", website="", email="info@esimerkki.fi", main_user_first_name="Essi",
    main_user_last_name="Esimerkki", main_user_email="Essi@Esimerkki.fi", main_user_language="fi",
    cover_note="JOTPA-hankintakoulutus")


def test_r_org_1_registration_is_pending_with_receipt(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reg = services.registration_submit(data=DATA)
    org = reg.organisation
    assert (org.status, org.business_id, reg.status, reg.main_user_email) == (
        "pending", "2345678-0", "submitted", "essi@esimerkki.fi")
    assert org.oid.startswith("1.2.246.562.10.")
    assert [m.to for m in mail.outbox] == [["essi@esimerkki.fi"]]
    assert "Koulutus Esimerkki Oy" in mail.outbox[0].subject
    assert AuditEvent.objects.get().event == "organisations.registration.submitted"


def test_r_org_1_approval_activates_and_invites_the_main_user(platform_admin, django_capture_on_commit_callbacks):  # noqa: F811
    reg = services.registration_submit(data=DATA)
    with django_capture_on_commit_callbacks(execute=True):
        services.registrations_approve(actor=platform_admin, registration_ids=[reg.pk], link_base="http://t")
    reg.refresh_from_db()
    assert (reg.status, reg.organisation.status, reg.decided_by_id) == ("approved", "active", platform_admin.pk)
    inv = Invitation.objects.get()
    assert (inv.email, inv.roles, inv.organisation_id) == ("essi@esimerkki.fi", ["main_user"], reg.organisation_id)
    body = mail.outbox[-1].body
    token = body.split("http://t/access/invitations/")[1].split("/")[0]
    invitation_accept(token=token, password="Vahva-salasana-99")
    user = User.objects.get(email="essi@esimerkki.fi")
    assert list(Grant.objects.filter(user=user).values_list("role", "organisation_id")) == [
        ("main_user", reg.organisation_id)]
    assert list(reg.history.values_list("from_status", "to_status")) == [("", "submitted"), ("submitted", "approved")]


def test_r_org_1_several_rejected_at_once_with_reason_emailed(platform_admin, django_capture_on_commit_callbacks):  # noqa: F811
    a = services.registration_submit(data=DATA)
    b = services.registration_submit(data=dataclasses.replace(DATA, business_id="3456780-6", name_fi="Toinen Oy",
                                                              name_sv=""))
    with django_capture_on_commit_callbacks(execute=True):
        services.registrations_reject(actor=platform_admin, registration_ids=[a.pk, b.pk], reason="Ei rahoitusta")
    assert sorted(OrganisationRegistration.objects.values_list("status", "reason")) == [("rejected", "Ei rahoitusta")] * 2
    assert sorted(Organisation.objects.filter(pk__in=[a.organisation_id, b.organisation_id])
                  .values_list("status", flat=True)) == ["rejected", "rejected"]
    assert sorted(m.subject for m in mail.outbox) == ["Rekisteröitymistä ei hyväksytty: Koulutus Esimerkki Oy",
                                                  "Rekisteröitymistä ei hyväksytty: Toinen Oy"]
    assert "Ei rahoitusta" in mail.outbox[0].body


def test_r_org_1_review_is_all_or_nothing_and_only_for_platform_admins(platform_admin):  # noqa: F811
    a = services.registration_submit(data=DATA)
    b = services.registration_submit(data=dataclasses.replace(DATA, business_id="3456780-6", name_fi="Toinen Oy",
                                                              name_sv=""))
    services.registrations_reject(actor=platform_admin, registration_ids=[b.pk], reason="x")
    stranger = UserFactory()
    before = snapshot()
    with pytest.raises(IllegalTransition):
        services.registrations_approve(actor=platform_admin, registration_ids=[a.pk, b.pk])
    assert snapshot() == before
    with pytest.raises(PermissionDenied):
        services.registrations_approve(actor=stranger, registration_ids=[a.pk])
    with pytest.raises(ValidationFailed):
        services.registrations_reject(actor=platform_admin, registration_ids=[a.pk], reason=" ")
    assert snapshot() == before


def test_r_org_2_duplicate_business_id_is_refused_and_changes_nothing():
    existing = OrganisationFactory(org_type="other", business_id="2345678-0", name_fi="Vanha Oy")
    before = snapshot()
    with pytest.raises(Conflict) as exc:
        services.registration_submit(data=DATA)
    assert exc.value.details == {"oid": existing.oid, "name": "Vanha Oy"}
    assert snapshot() == before
    assert mail.outbox == []


def test_r_org_2_preloaded_university_cannot_register_again():
    hy = OrganisationFactory(name_fi="Helsingin yliopisto", name_sv="Helsingfors universitet")
    before = snapshot()
    with pytest.raises(Conflict) as exc:
        services.registration_submit(data=dataclasses.replace(DATA, org_type="university",
                                                              name_fi="Helsingin Yliopisto"))
    assert exc.value.code == "organisations.registration.duplicate"
    assert exc.value.details["oid"] == hy.oid
    assert snapshot() == before


def test_wrong_business_id_checksum_is_refused_and_changes_nothing():
    before = snapshot()
    with pytest.raises(ValidationFailed) as exc:
        services.registration_submit(data=dataclasses.replace(DATA, business_id="2345678-1"))
    assert exc.value.code == "identifier.business_id.checksum"
    assert snapshot() == before
