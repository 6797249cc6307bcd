"""The student's side in a browser, in Finnish and Swedish at 375 px: the course page's panel, a refused form
(error summary), registering, the registration's page, cancelling and "My studies" — 0 axe-core violations and
no horizontal overflow on each."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import axe_violations, describe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    from joopas.accounts.tests.factories import PASSWORD
    from joopas.registrations.tests.factories import make_world

    w = make_world()
    w["password"] = PASSWORD
    return w


def _check(page: Any) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{page.url}\n{describe(violations)}"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{page.url} overflows"


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_student_registers_follows_and_cancels(live_server: Any, browser: Any, world: dict[str, Any],
                                               lang: str) -> None:
    from joopas.registrations.models import Registration

    context = browser.new_context(locale=f"{lang}-FI", viewport={"width": 375, "height": 800})
    context.add_cookies([{"name": "joopas_language", "value": lang, "url": live_server.url}])
    page = context.new_page()
    try:
        base, unit = live_server.url, world["unit"]
        page.goto(base + f"/catalogue/course/{unit.pk}/")
        assert page.locator("#register a.button").count() == 1  # log in to register
        _check(page)
        page.goto(base + "/accounts/login/")
        page.fill("#id_username", world["student"].email)
        page.fill("#id_password", world["password"])
        with page.expect_navigation():
            page.locator("main form[method=post] button[type=submit]").first.click()
        page.goto(base + f"/catalogue/course/{unit.pk}/")
        _check(page)
        # nothing chosen: the refusal comes back to the course page as an error summary at the panel
        for box in page.locator("#register input[name=realisations]").all():
            box.uncheck()
        with page.expect_navigation():
            page.locator("#register button[type=submit]").click()
        assert page.locator("#register .error-summary").count() == 1
        _check(page)
        assert Registration.objects.count() == 0
        page.locator(f"#register input[value='{world['real'].pk}']").check()
        with page.expect_navigation():
            page.locator("#register button[type=submit]").click()
        reg = Registration.objects.get()
        assert page.url.endswith(f"/registrations/my/{reg.pk}/")
        assert page.locator("ol.timeline li").count() == 1
        _check(page)
        page.goto(base + "/registrations/my/")
        assert page.locator("main table").count() == 2  # registrations and study rights
        _check(page)
        page.goto(base + f"/registrations/my/{reg.pk}/")
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
        assert reg.selections.get().status == 4
        assert page.locator("ol.timeline li").count() == 2
        _check(page)
    finally:
        context.close()
