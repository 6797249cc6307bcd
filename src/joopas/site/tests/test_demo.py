from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from joopas.access.demo import DEMO_PASSWORD, USERS
from joopas.access.models import Grant, Role
from joopas.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_every_role_can_log_in(client: Client) -> None:
    call_command("demo", "--no-serve")
    counts = (Organisation.objects.count(), get_user_model().objects.count(), Grant.objects.count())
    call_command("demo", "--no-serve")
    assert (Organisation.objects.count(), get_user_model().objects.count(), Grant.objects.count()) == counts
    assert Organisation.objects.filter(org_type__in=["university", "uas"], status="active").count() >= 8
    roles_in_demo = set(Grant.objects.values_list("role", flat=True))
    expected = {Role.PLATFORM_ADMIN, Role.MAIN_USER, Role.JOTPA_MAIN_USER, Role.OFFICER, Role.REGISTRAR,
                Role.CATALOGUE_EDITOR, Role.NETWORK_COORDINATOR, Role.REPORT_VIEWER, Role.HELPDESK_AGENT,
                Role.INTEGRATION_CLIENT}
    assert expected <= roles_in_demo
    for email, *_ in USERS:
        response = client.post("/accounts/login/", {"username": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, email
        assert client.get("/accounts/desk/").status_code == 200
        client.post("/accounts/logout/")


def test_demo_institutions_have_names_in_three_languages_and_valid_ids() -> None:
    from joopas.core.identifiers import is_valid_business_id, is_valid_oid

    call_command("demo", "--no-serve")
    for org in Organisation.objects.filter(org_type__in=["university", "uas"]):
        assert org.name_fi and org.name_sv and org.name_en
        assert is_valid_oid(org.oid)
        assert len(org.tk_code) == 5
        assert not org.business_id or is_valid_business_id(org.business_id)
