from __future__ import annotations

import pytest

from tests.e2e.conftest import axe_violations, describe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("lang", "heading"), [
    ("fi", "Opiskele muissa suomalaisissa korkeakouluissa"),
    ("sv", "Studera vid andra finländska högskolor"),
    ("en", "Study at other Finnish universities"),
])
def test_front_page_in_each_language_has_no_axe_violations(live_server, page, lang: str, heading: str) -> None:
    page.goto(live_server.url + "/")
    if lang != "fi":
        page.select_option("#language-select", lang)
        with page.expect_navigation():
            page.locator("form.lang button[type=submit]").click()
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("h1").inner_text() == heading
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_skip_link_moves_focus_to_main(live_server, page) -> None:
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
