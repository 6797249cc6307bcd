"""The site's shell in a browser (issue 11): front page, login, desk and profile at 1 280 px and at 375 px, each
with 0 axe violations and no page wider than the window."""

from __future__ import annotations

from typing import Any

import pytest

from joopas.access.models import Role
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import PASSWORD, UserFactory
from joopas.organisations.tests.factories import OrganisationFactory
from tests.e2e.conftest import axe_violations, describe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _check(page: Any, width: int) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{page.url} at {width} px\n{describe(violations)}"
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width} px wide at {width} px"


@pytest.mark.parametrize("width", [1280, 375])
def test_front_page_login_desk_and_profile_fit_and_pass_axe(live_server: Any, browser: Any, width: int) -> None:
    org = OrganisationFactory(name_fi="Testiyliopisto", name_sv="Testuniversitetet", name_en="Test University")
    user = UserFactory(first_name="Ville", last_name="Virkailija")
    grant(user, org, Role.OFFICER)
    context = browser.new_context(locale="fi-FI", viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        assert page.locator("h1").inner_text() == "Opiskele muissa suomalaisissa korkeakouluissa"
        assert page.locator("form.lang button[type=submit]").inner_text() == "Kieli / Språk / Language"
        _check(page, width)

        page.goto(live_server.url + "/accounts/login/")
        _check(page, width)
        page.fill("#id_username", user.email)
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
        assert page.url == live_server.url + "/accounts/desk/"  # staff land on their desk
        assert page.locator(".who-name").inner_text().strip().endswith("Ville Virkailija")
        assert page.locator(".who-org").inner_text().strip().endswith("Testiyliopisto")
        _check(page, width)

        with page.expect_navigation():
            page.locator(".who-name").click()
        assert page.locator("h1").inner_text() == "Omat tiedot"
        _check(page, width)

        page.goto(live_server.url + "/no-such-page/")
        assert page.locator("h1").inner_text() == "Emme löytäneet sivua"
        _check(page, width)
    finally:
        context.close()
