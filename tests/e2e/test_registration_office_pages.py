"""The study offices' pages in a browser: the host's queue with bulk accept, the decision page, the completion
form and the home's credits — 0 axe-core violations, and no page wider than a 375 px phone."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import axe_violations, describe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser: Any) -> Any:
    context = browser.new_context(locale="fi-FI", viewport={"width": 375, "height": 800})
    yield context.new_page()
    context.close()


def _check(page: Any) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{page.url}\n{describe(violations)}"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, (page.url, width)


def _login(page: Any, base: str, email: str, password: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").first.click()


def test_office_pages_on_a_phone_are_accessible(live_server: Any, phone: Any) -> None:
    from joopas.accounts.tests.factories import PASSWORD
    from joopas.registrations.models import Selection
    from joopas.registrations.tests.factories import make_world, register

    w = make_world()
    for key, code in (("hy", "01901"), ("aalto", "10076"), ("tuni", "10122")):
        w[key].tk_code = code
        w[key].save(update_fields=["tk_code"])
    first = register(w).selections.get()
    second = register(w, w["other"]).selections.get()
    base = live_server.url
    _login(phone, base, w["host_officer"].email, PASSWORD)
    phone.goto(base + "/registrations/queue/")
    _check(phone)
    phone.check(f"#queue-{first.pk}")
    phone.check(f"#queue-{second.pk}")
    assert phone.locator("[data-bulk-count]").inner_text() == "2 riviä valittu."
    with phone.expect_navigation():
        phone.locator("form[data-bulk] button[type=submit]").click()
    assert "2 hyväksytty." in phone.locator(".messages").inner_text()
    assert set(Selection.objects.values_list("status", flat=True)) == {2}
    _check(phone)
    phone.goto(base + f"/registrations/queue/{first.pk}/")
    _check(phone)
    phone.goto(base + f"/records/realisation/{w['real'].pk}/")
    _check(phone)
    phone.fill("#id_form-0-grade", "9")
    with phone.expect_navigation():
        phone.locator("main form[method=post] button[type=submit]").click()
    assert phone.locator(".error-summary a[href='#id_form-0-grade']").count() == 1
    assert phone.locator("#id_form-0-grade").get_attribute("aria-invalid") == "true"
    _check(phone)
    phone.fill("#id_form-0-grade", "4")
    with phone.expect_navigation():
        phone.locator("main form[method=post] button[type=submit]").click()
    assert "1 suoritus kirjattu." in phone.locator(".messages").inner_text()
    _check(phone)
    phone.context.clear_cookies()
    _login(phone, base, w["home_officer"].email, PASSWORD)
    for path in ("/registrations/outgoing/", "/records/credits/", "/records/conversions/",
                 "/records/conversions/edit/?from=ects&to=0-5"):
        phone.goto(base + path)
        _check(phone)
