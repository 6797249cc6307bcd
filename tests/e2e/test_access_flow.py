"""Issue 3 in a browser: register an organisation, approve it, accept the invitation from the email,
invite a second user, grant and renew a role, fail to grant oneself, see the audit trail.
Every page visited has 0 axe-core violations."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail

from tests.e2e.conftest import axe_violations, describe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Vahva-salasana-2026"


def _axe(page: Any, visited: list[str]) -> None:
    visited.append(page.url)
    violations = axe_violations(page)
    assert violations == [], f"{page.url}\n{describe(violations)}"


def _submit(page: Any, selector: str = "main form[method=post] button[type=submit]") -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()


def _link_from_last_mail(to: str) -> str:
    message = [m for m in mail.outbox if m.to == [to]][-1]
    match = re.search(r"https?://\S+/access/invitations/\S+/", message.body)
    assert match, message.body
    return match.group(0)


def _login(page: Any, base: str, email: str, password: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    _submit(page)


def test_access_flow(live_server: Any, browser: Any) -> None:
    from joopas.access.demo import DEFAULT_GRANT_LINKS
    from joopas.access.models import Grant, GrantLink, Role
    from joopas.access.tests.factories import grant
    from joopas.accounts.tests.factories import UserFactory
    from joopas.organisations.tests.factories import OrganisationFactory

    # Which role may grant which, as migration 0003 seeds it: an earlier transactional test's flush removed it.
    if not GrantLink.objects.exists():
        GrantLink.objects.bulk_create([GrantLink(granter_role=g, grantable_role=r)
                                       for g, roles in DEFAULT_GRANT_LINKS.items() for r in roles])
    base = live_server.url
    visited: list[str] = []
    admin = UserFactory(email="admin@joopas.test", password=PASSWORD)
    admin.set_password(PASSWORD)
    admin.save()
    grant(admin, OrganisationFactory(name_fi="Palveluntuottaja"), Role.PLATFORM_ADMIN)

    # 1. A representative registers the organisation (public wizard).
    rep = browser.new_context(locale="fi-FI").new_page()
    rep.goto(base + "/organisations/register/")
    _axe(rep, visited)
    rep.select_option("#id_org_type", "other")
    rep.fill("#id_name_fi", "Selain Koulutus Oy")
    rep.fill("#id_name_sv", "Webbläsare Utbildning Ab")
    rep.fill("#id_business_id", "2345678-0")
    _submit(rep)
    _axe(rep, visited)
    rep.fill("#id_main_user_first_name", "Paula")
    rep.fill("#id_main_user_last_name", "Pääkäyttäjä")
    rep.fill("#id_main_user_email", "paula@selain.test")
    _submit(rep)
    _axe(rep, visited)
    rep.fill("#id_cover_note", "JOTPA-hankintakoulutus")
    _submit(rep)
    assert "Selain Koulutus Oy" in rep.locator("main").inner_text()
    _axe(rep, visited)
    _submit(rep)
    assert rep.locator("h1").inner_text() == "Rekisteröityminen lähetetty"
    _axe(rep, visited)
    assert [m.to for m in mail.outbox] == [["paula@selain.test"]]

    # 2. The platform admin approves it in the review queue.
    adm = browser.new_context(locale="fi-FI").new_page()
    _login(adm, base, "admin@joopas.test", PASSWORD)
    adm.goto(base + "/organisations/registrations/")
    _axe(adm, visited)
    adm.get_by_label("Valitse Selain Koulutus Oy").check()
    _submit(adm, "button[name=action][value=approve]")
    assert "Hyväksyttiin 1 rekisteröitymistä" in adm.locator(".messages").inner_text()
    _axe(adm, visited)

    # 3. The main user accepts the invitation from the email and lands with the main-user role.
    main = browser.new_context(locale="fi-FI").new_page()
    main.goto(_link_from_last_mail("paula@selain.test"))
    _axe(main, visited)
    main.fill("#id_password1", PASSWORD)
    main.fill("#id_password2", PASSWORD)
    _submit(main)
    assert main.url == base + "/accounts/desk/"
    assert "pääkäyttäjä" in main.locator("main table").inner_text()
    _axe(main, visited)
    with main.expect_navigation():
        main.get_by_role("link", name="Hallinnoi käyttöoikeuksia: Selain Koulutus Oy").click()
    org_url = main.url
    assert "Organisaatiolla on vain 1 aktiivinen pääkäyttäjä." in main.locator("main").inner_text()  # R-ACC-3
    _axe(main, visited)

    # 4. She invites a second user, who accepts.
    with main.expect_navigation():
        main.get_by_role("link", name="Kutsu uusi käyttäjä").click()
    _axe(main, visited)
    main.fill("#id_email", "ville@selain.test")
    main.fill("#id_first_name", "Ville")
    main.fill("#id_last_name", "Varapää")
    main.check("input[name=roles][value=main_user]")
    _submit(main)
    assert "Kutsu lähetettiin osoitteeseen ville@selain.test." in main.locator(".messages").inner_text()
    second = browser.new_context(locale="fi-FI").new_page()
    second.goto(_link_from_last_mail("ville@selain.test"))
    second.fill("#id_password1", PASSWORD)
    second.fill("#id_password2", PASSWORD)
    _submit(second)
    assert second.url == base + "/accounts/desk/"

    # 5. She grants him a role and renews it.
    main.goto(org_url)
    assert "aktiivinen pääkäyttäjä" not in main.locator("main").inner_text()  # two main users now
    main.fill("#id_email", "ville@selain.test")
    main.select_option("#id_role", "registrar")
    _submit(main, "form[action$='/grants/'] button[type=submit]")
    assert "Rooli myönnettiin." in main.locator(".messages").inner_text()
    _axe(main, visited)
    with main.expect_navigation():
        main.get_by_role("button", name="Jatka roolia suoritusrekisterin ylläpitäjä: Ville Varapää").click()
    assert "Rooli uusittiin." in main.locator(".messages").inner_text()
    registrar = Grant.objects.get(user__email="ville@selain.test", role="registrar")
    assert registrar.status == "renewed"
    assert list(registrar.history.values_list("to_status", flat=True)) == ["granted", "renewed"]

    # 6. Granting herself is refused and changes nothing (R-ACC-2).
    grants_before = list(Grant.objects.order_by("id").values_list("id", "status", "valid_until"))
    main.fill("#id_email", "paula@selain.test")
    main.select_option("#id_role", "officer")
    _submit(main, "form[action$='/grants/'] button[type=submit]")
    assert "Et voi myöntää, uusia tai sulkea omia käyttöoikeuksiasi." in main.locator(".messages").inner_text()
    _axe(main, visited)
    assert list(Grant.objects.order_by("id").values_list("id", "status", "valid_until")) == grants_before

    # 7. The audit trail shows who did what.
    with main.expect_navigation():
        main.get_by_role("link", name="Lokitiedot").click()
    trail = main.locator("main table").inner_text()
    for event in ("Myönsi roolin", "Jatkoi roolin voimassaoloa", "Lähetti kutsun", "Hyväksyi kutsun",
                  "Hyväksyi organisaation rekisteröinnin"):  # issue 11: in words, the codes in each row's details
        assert event in trail, event
    assert "paula@selain.test" in trail
    _axe(main, visited)
    assert len(visited) == 14
