"""Issue 13: the cross-study loop in a browser, in Finnish and in Swedish, every person in their own session on a
375 px phone — the student registers from the host's course page, the host's study office accepts and records
a grade, the home's study office approves the credit, and the student sees it at home with the host's grade and
scale beside the converted one. Each page has 0 axe-core violations and no horizontal overflow
(R-REG-1, R-REG-3, R-REC-1, R-REC-2)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import axe_violations, describe, phone_session

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _check(page: Any) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{page.url}\n{describe(violations)}"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{page.url} overflows"


def _submit(page: Any, form: str) -> None:
    with page.expect_navigation():
        page.locator(f"{form} button[type=submit]").first.click()


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_course_page_to_credited_completion(live_server: Any, browser: Any, lang: str) -> None:
    from joopas.accounts.tests.factories import PASSWORD
    from joopas.records.models import Credit, Record
    from joopas.records.services import conversion_table_set
    from joopas.registrations.models import Registration, Selection
    from joopas.registrations.tests.factories import make_world

    w = make_world()
    for key, code in (("hy", "01901"), ("aalto", "10076"), ("tuni", "10122")):
        w[key].tk_code = code
        w[key].save(update_fields=["tk_code"])
    conversion_table_set(actor=w["home_officer"], organisation_id=w["hy"].pk, from_scale="0-5", to_scale="0-5",
                         mapping={g: g for g in ("0", "1", "2", "3", "4", "5")})
    base = live_server.url

    student = phone_session(browser, base, lang, w["student"].email, PASSWORD)
    student.goto(base + f"/catalogue/course/{w['unit'].pk}/")
    _check(student)
    student.locator(f"#register input[value='{w['real'].pk}']").check()
    _submit(student, "#register")
    reg = Registration.objects.get()
    selection = Selection.objects.get(registration=reg)
    assert (selection.status, student.url.endswith(f"/registrations/my/{reg.pk}/")) == (1, True)
    _check(student)

    host = phone_session(browser, base, lang, w["host_officer"].email, PASSWORD)
    host.goto(base + "/registrations/queue/")
    _check(host)
    host.goto(base + f"/registrations/queue/{selection.pk}/")
    _check(host)
    _submit(host, "form:has(input[name=action][value=accept])")
    selection.refresh_from_db()
    assert selection.status == 2
    _check(host)
    host.goto(base + f"/records/realisation/{w['real'].pk}/")
    _check(host)
    host.fill("#id_form-0-grade", "4")
    _submit(host, "main form[method=post]")
    record = Record.objects.get()
    assert (record.grade, record.scale) == ("4", "0-5")
    _check(host)

    home = phone_session(browser, base, lang, w["home_officer"].email, PASSWORD)
    home.goto(base + "/records/credits/")
    _check(home)
    credit = Credit.objects.get(record=record)
    home.goto(base + f"/records/credits/{credit.pk}/")
    _check(home)
    _submit(home, "form:has(input[name=action][value=approve])")
    credit.refresh_from_db()
    assert (credit.status, credit.original_grade, credit.converted_grade) == ("accepted", "4", "4")
    _check(home)

    student.goto(base + "/registrations/my/")
    row = student.locator("section:has(#credits-heading) tbody tr")
    assert row.count() == 1
    cells = [c.strip() for c in row.locator("td").all_inner_texts()]
    assert cells[1] == getattr(w["aalto"], f"name_{lang}") or cells[1] == w["aalto"].name_fi  # names the host
    assert cells[3].startswith("4") and cells[4].startswith("4"), cells  # host grade and the converted one
    _check(student)
    for page in (student, host, home):
        page.context.close()
