"""The officers' student pages in a browser: every page and its refused form with 0 axe-core violations, no
horizontal overflow at 375 px, in Finnish and Swedish; the file import from upload to the saved rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.e2e.conftest import axe_violations, describe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setup(db: Any) -> dict[str, Any]:
    from joopas.accounts.tests.factories import PASSWORD
    from joopas.core.clock import today
    from joopas.networks.tests.factories import make_network
    from joopas.organisations.tests.factories import OrganisationFactory
    from joopas.rights import services
    from joopas.rights.tests.factories import make_home_right, make_person, officer

    hy, aalto = OrganisationFactory(name_fi="Helsingin testiyliopisto"), OrganisationFactory()
    network = make_network(hy, [aalto], name_fi="Testiverkosto", code="NET-E2E")
    user = officer(hy)
    person = make_person(hy, actor=user, first_names="Aino", last_name="Virtanen")
    right = make_home_right(person, actor=user, networks=[network], end=today() + dt.timedelta(days=20))
    services.attendance_set(actor=user, right_id=right.pk, term_start=dt.date(2025, 8, 1),
                            term_end=dt.date(2025, 12, 31), present=True)
    return {"user": user, "password": PASSWORD, "hy": hy, "person": person, "right": right}


def _login(page: Any, base: str, email: str, password: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").first.click()


def _check(page: Any) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{page.url}\n{describe(violations)}"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{page.url} overflows"


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_pages_are_accessible_and_fit_a_phone(live_server: Any, browser: Any, setup: dict[str, Any],
                                              lang: str) -> None:
    context = browser.new_context(locale=f"{lang}-FI", viewport={"width": 375, "height": 800})
    context.add_cookies([{"name": "joopas_language", "value": lang, "url": live_server.url}])
    page = context.new_page()
    try:
        base, person, right = live_server.url, setup["person"], setup["right"]
        _login(page, base, setup["user"].email, setup["password"])
        for path in (f"/rights/students/?organisation={setup['hy'].pk}", f"/rights/students/{person.pk}/",
                     f"/rights/students/{person.pk}/edit/", "/rights/students/new/", "/rights/import/"):
            page.goto(base + path)
            _check(page)
        page.goto(base + f"/rights/students/{person.pk}/")
        page.locator(f"#right-{right.pk} details summary").nth(1).click()
        page.fill(f"#id_r{right.pk}-dates-end_date", "2000-01-01")
        with page.expect_navigation():
            page.locator(f"form[action$='/rights/{right.pk}/dates/'] button[type=submit]").click()
        assert page.locator(".error-summary").count() == 1
        _check(page)
        page.goto(base + "/rights/students/new/")
        with page.expect_navigation():
            page.locator("main form[method=post] button[type=submit]").last.click()
        assert page.locator(".error-summary").count() == 1
        _check(page)
    finally:
        context.close()


def test_import_from_upload_to_saved_rows(live_server: Any, page: Any, setup: dict[str, Any], tmp_path: Any) -> None:
    from joopas.core.jobs import Worker
    from joopas.rights import importer
    from joopas.rights.models import StudyRight
    from joopas.rights.tests.factories import learner_oid

    good = tmp_path / "opiskelijat.csv"
    good.write_text("\n".join([",".join(importer.COLUMNS),
                               f",{learner_oid(9001)},S1,Elias,Korhonen,,E2E-1,2024-08-01,,active,,NET-E2E"]),
                    encoding="utf-8")
    base = live_server.url
    _login(page, base, setup["user"].email, setup["password"])
    page.goto(base + "/rights/import/")
    page.set_input_files("#id_file", str(good))
    with page.expect_navigation():
        page.locator("main form[enctype] button[type=submit]").click()
    _check(page)
    with page.expect_navigation():
        page.locator("form[action$='/import/confirm/'] button[type=submit]").click()
    _check(page)
    Worker(poll_seconds=0).run_until_empty()
    page.wait_for_selector("#import-progress:not([hx-get])", timeout=10_000)
    assert StudyRight.objects.filter(identifier="E2E-1").count() == 1
    _check(page)
