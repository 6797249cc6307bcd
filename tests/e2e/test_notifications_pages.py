"""The own message list in a browser: 0 axe-core violations, no sideways scrolling at 375 px (fi, sv, en)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import axe_violations, describe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_message_list_and_message_are_accessible_on_a_phone(live_server: Any, browser: Any,
                                                            language: str) -> None:
    from joopas.accounts.tests.factories import PASSWORD, UserFactory
    from joopas.notifications import api
    from joopas.notifications.models import Notification

    user = UserFactory(email=f"opiskelija.{language}@example.fi", language=language)
    api.notify("notifications.welcome", user, {"name": "Olli <b>Opiskelija</b>"}, link="/")
    n = Notification.objects.get(user=user)
    context = browser.new_context(locale={"fi": "fi-FI", "sv": "sv-FI", "en": "en-GB"}[language],
                                  viewport={"width": 375, "height": 800})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/accounts/login/")
        page.fill("#id_username", user.email)
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.locator("main form[method=post] button[type=submit]").first.click()
        for path in ("/notifications/", f"/notifications/{n.pk}/"):
            page.goto(live_server.url + path)
            assert page.locator("html").get_attribute("lang") == language
            violations = axe_violations(page)
            assert violations == [], f"{page.url}\n{describe(violations)}"
            assert page.evaluate("document.documentElement.scrollWidth") <= 375
        assert "Olli <b>Opiskelija</b>" in page.locator("h1").inner_text()  # shown as text, not markup
    finally:
        context.close()
