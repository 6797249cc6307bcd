"""Networks in a browser (issue 4): a coordinator changes a membership after seeing its impact (R-NET-3), a
catalogue editor targets a realisation to a network after seeing the impact preview. 0 axe-core violations."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.e2e.conftest import axe_violations, describe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _axe(page: Any) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{page.url}\n{describe(violations)}"


def _login(page: Any, base: str, email: str, password: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").first.click()


def _click(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()


@pytest.fixture
def setup(db: Any) -> dict[str, Any]:
    from joopas.access.api import Role
    from joopas.access.tests.factories import grant
    from joopas.accounts.tests.factories import PASSWORD, UserFactory
    from joopas.catalogue.tests.factories import make_realisation, make_unit
    from joopas.networks.tests.factories import make_network, make_targeting
    from joopas.organisations.tests.factories import OrganisationFactory

    hy = OrganisationFactory(name_fi="Helsingin testiyliopisto")
    aalto = OrganisationFactory(name_fi="Aallon testiyliopisto")
    tuni = OrganisationFactory(name_fi="Tampereen testiyliopisto")
    coordinator = UserFactory(email="koordinaattori@hy.test")
    grant(coordinator, hy, Role.NETWORK_COORDINATOR)
    editor = UserFactory(email="tarjonta@aalto.test")
    grant(editor, aalto, Role.CATALOGUE_EDITOR)
    network = make_network(hy, [aalto, tuni], name_fi="Testiverkosto")
    tuni_unit = make_unit(tuni)
    make_realisation(tuni_unit)
    make_realisation(tuni_unit)
    make_targeting(network, course_unit=tuni_unit)
    real = make_realisation(make_unit(aalto, code="AALTO-STAT"), code="AALTO-STAT-1")
    return {"network": network, "tuni": tuni, "aalto": aalto, "coordinator": coordinator, "editor": editor,
            "real": real, "password": PASSWORD}


def test_r_net_3_coordinator_changes_membership_after_impact_preview(live_server: Any, page: Any,
                                                             setup: dict[str, Any]) -> None:
    from joopas.core.clock import today
    from joopas.networks.models import Membership, NetworkChange

    base, network = live_server.url, setup["network"]
    _login(page, base, setup["coordinator"].email, setup["password"])
    page.goto(f"{base}/networks/")
    _axe(page)
    _click(page, f"a[href='/networks/{network.pk}/']")
    assert page.locator("h1").inner_text() == "Testiverkosto"
    _axe(page)
    _click(page, f"a[href='/networks/{network.pk}/members/']")
    _axe(page)
    _click(page, f"a[href='?organisation={setup['tuni'].pk}#member-form']")
    end = today() + dt.timedelta(days=90)
    page.fill("#id_valid_until", end.isoformat())
    _click(page, "button[name=action][value=preview]")
    impact = page.locator("#impact")
    assert "Muutos koskee 2 toteutusta." in impact.inner_text()
    assert "3 jäsenorganisaatiota näkee muutoksen:" in impact.inner_text()
    assert page.evaluate("document.activeElement.id") == "impact-heading"
    assert Membership.objects.get(network=network, organisation_id=setup["tuni"].pk).valid_until is None
    changes_before = set(NetworkChange.objects.values_list("pk", flat=True))  # the set-up's own changes
    _axe(page)
    _click(page, "button[name=action][value=confirm]")
    assert "Jäsenyys tallennettiin. Jokainen jäsen näkee muutoksen." in page.locator(".messages").inner_text()
    assert Membership.objects.get(network=network, organisation_id=setup["tuni"].pk).valid_until == end
    assert NetworkChange.objects.exclude(pk__in=changes_before).get().kind == "member_changed"
    page.goto(f"{base}/networks/{network.pk}/changes/")
    assert "Jäsenyys muuttui" in page.locator("table").inner_text()
    _axe(page)
    page.goto(f"{base}/networks/{network.pk}/edit/")  # details, billing, validity periods, contacts
    _axe(page)
    page.goto(f"{base}/networks/{network.pk}/members/{setup['tuni'].pk}/remove/")
    assert "Muutos koskee 2 toteutusta." in page.locator("#impact").inner_text()
    _axe(page)


def test_r_net_3_editor_targets_a_realisation_with_impact_preview(live_server: Any, page: Any,
                                                         setup: dict[str, Any]) -> None:
    from playwright.sync_api import expect

    from joopas.networks.models import Targeting

    base, network, real = live_server.url, setup["network"], setup["real"]
    _login(page, base, setup["editor"].email, setup["password"])
    page.goto(f"{base}/networks/targeting/")
    _axe(page)
    page.select_option("#id_network", str(network.pk))
    page.fill("#target-q", "STAT-1")  # the list filters while typing (htmx), without reloading the page
    expect(page.locator("#target-count")).to_contain_text("1 osuma haulle ”STAT-1”")
    assert page.locator("#target-list input[name=target]").count() == 1
    page.check(f"#target-list input[value='r:{real.pk}']")
    _axe(page)
    _click(page, "button[name=action][value=preview]")
    impact = page.locator("#impact")
    assert "Muutos koskee 1 toteutusta." in impact.inner_text()
    assert "Muutos koskee 0 verkostoon oikeutettua opiskeluoikeutta." in impact.inner_text()
    assert Targeting.objects.filter(realisation_id=real.pk).count() == 0
    _axe(page)
    _click(page, "button[name=action][value=confirm]")
    assert "Kohdennus tallennettiin." in page.locator(".messages").inner_text()
    t = Targeting.objects.get(realisation_id=real.pk)
    assert (t.network_id, t.organisation_id, t.enrollable) == (network.pk, setup["aalto"].pk, True)
    assert "AALTO-STAT-1" in page.locator("main table").inner_text()
    _axe(page)
