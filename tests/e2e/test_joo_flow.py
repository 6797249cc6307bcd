"""Issue 14: the JOO loop in a browser, in Finnish, every person in their own session on a 375 px phone — the
student applies for two study modules at another university in its open round, makes and uploads the transcript
and sends the application; the home study office endorses it (R-JOO-1); the host's study office grants one module
and rejects the other with a reason (R-JOO-2); the student sees the JOO right with its end date (R-JOO-3) on the
application's page (also in Swedish), the messages in /notifications/ and in the mailbox, and registers to a
course of the granted module from its course page (R-JOO-8); the home office ends the home study right and the JOO
right ends the same day (R-JOO-4). Each page has 0 axe-core violations and no horizontal overflow."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import axe_violations, describe, phone_session

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


class Pages:
    """Every page visited: its axe-core violations and whether it overflows a 375 px screen. Collected, so that
    one run names every page with a problem; the test fails at the end if there was any."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.visited = 0

    def check(self, page: Any) -> None:
        self.visited += 1
        violations = axe_violations(page)
        if violations:
            self.problems.append(f"{page.url}\n{describe(violations)}")
        if not page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"):
            self.problems.append(f"{page.url} overflows 375 px")


def _click(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()


def _main_text(page: Any) -> str:
    return " ".join(str(page.locator("main").inner_text()).split())


def test_r_joo_1_to_8_apply_endorse_decide_register_and_end_in_a_browser(live_server: Any, browser: Any) -> None:
    from django.core import mail
    from django.utils import translation

    from joopas.accounts.tests.factories import PASSWORD
    from joopas.applications.models import Application, Attachment
    from joopas.applications.tests.factories import PDF, make_world
    from joopas.applications.views.student import END_REASONS
    from joopas.core.clock import today
    from joopas.core.formats import format_date
    from joopas.core.jobs import Worker, discover
    from joopas.notifications.models import Notification
    from joopas.registrations.models import Registration, Selection
    from joopas.rights import api as rights_api

    discover()  # the tasks the worker runs (notifications.deliver)
    w = make_world()
    pages = Pages()
    _check = pages.check
    base, rnd = live_server.url, w["round"]
    module_a, module_b = w["module_a"], w["module_b"]

    # --- the student: the round, two modules in order, the justification, the transcript, send ---------------
    student = phone_session(browser, base, "fi", w["student"].email, PASSWORD)
    student.goto(base + "/applications/")
    _check(student)
    student.goto(base + "/applications/new/")
    _check(student)
    student.locator(f"input[name=round][value='{rnd.pk}']").check()
    _click(student, "main form[method=get] button[type=submit]")
    _check(student)
    student.locator(f"input[name=modules][value='m{module_a.pk}']").check()
    student.locator(f"input[name=modules][value='m{module_b.pk}']").check()
    student.select_option(f"#app_order_m{module_a.pk}", "1")
    student.select_option(f"#app_order_m{module_b.pk}", "2")
    student.fill("#app_justification", "HOPS: sivuaine, tilastotieteen menetelmät tukevat pääainettani.")
    _click(student, "#application-form button[name=action][value=save]")
    app = Application.objects.get()
    assert (app.status, student.url.endswith(f"/applications/{app.pk}/edit/")) == ("draft", True)
    assert [e.entity_id for e in app.entities.order_by("position")] == [module_a.pk, module_b.pk]
    _check(student)
    _click(student, "form:has(input[name=action][value=transcript]) button[type=submit]")
    student.set_input_files("#id_transcript-file", files=[{"name": "opintosuoritusote.pdf",
                                                            "mimeType": "application/pdf", "buffer": PDF}])
    _click(student, "form:has(input[name=action][value=upload_transcript]) button[type=submit]")
    assert list(Attachment.objects.values_list("kind", "original_name")) == [("transcript", "opintosuoritusote.pdf")]
    _check(student)
    _click(student, "button[form=application-form][name=action][value=send]")
    app.refresh_from_db()
    assert (app.status, app.number != "", app.transcript_generated_at is not None) == ("submitted", True, True)
    assert student.url.endswith(f"/applications/{app.pk}/")
    _check(student)

    # --- the home study office endorses on the application's page (R-JOO-1) -------------------------------------
    home = phone_session(browser, base, "fi", w["home_officer"].email, PASSWORD)
    home.goto(base + "/applications/office/endorse/")
    assert app.number in _main_text(home)
    _check(home)
    home.goto(base + f"/applications/office/{app.pk}/")
    _check(home)
    _click(home, "form:has(input[name=action][value=endorse]) button[type=submit]")
    app.refresh_from_db()
    assert (app.status, app.payment_committed) == ("endorsed", True)
    _check(home)

    # --- the host study office grants module A and rejects module B with a reason (R-JOO-2) ---------------------
    host = phone_session(browser, base, "fi", w["host_officer"].email, PASSWORD)
    host.goto(base + "/applications/office/decide/")
    assert app.number in _main_text(host)
    _check(host)
    host.goto(base + f"/applications/office/{app.pk}/")
    _check(host)
    first, second = list(app.entities.order_by("position"))
    host.locator(f"input[name='decide-d{first.pk}'][value=granted]").check()
    host.locator(f"input[name='decide-d{second.pk}'][value=rejected]").check()
    host.fill(f"textarea[name='decide-r{second.pk}']", "Opintokokonaisuus on tänä lukuvuonna täynnä.")
    _click(host, "form:has(input[name=action][value=decide]) button[type=submit]")
    app.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (app.status, first.decision, second.decision, second.reason) == (
        "decided", "granted", "rejected", "Opintokokonaisuus on tänä lukuvuonna täynnä.")
    joo = rights_api.get_joo_right(app.joo_right_id or 0)
    assert joo is not None and joo.end_date is not None and joo.status == "active"
    assert [(g.entity_kind, g.entity_id) for g in joo.granted] == [("study_module", module_a.pk)]
    _check(host)

    # --- the student sees the JOO right with its end date, the messages and the mail (R-JOO-3) ------------------
    student.goto(base + f"/applications/{app.pk}/")
    text = _main_text(student)
    assert joo.identifier in text and format_date(joo.end_date, "fi") in text, text
    assert "Opintokokonaisuus on tänä lukuvuonna täynnä." in text
    _check(student)
    Worker().run_until_empty()  # the worker sends the queued emails
    notes = list(Notification.objects.filter(user_id=w["student"].pk, event__startswith="applications.")
                 .order_by("id"))
    assert [n.event for n in notes] == ["applications.received", "applications.endorsed", "applications.decided"]
    mailed = [m.subject for m in mail.outbox if m.to == [w["student"].email]]
    assert [n.subject for n in notes] == [s for s in mailed if s in {n.subject for n in notes}]
    assert len(mailed) >= 3
    student.goto(base + "/notifications/")
    inbox = _main_text(student)
    assert all(n.subject in inbox for n in notes), inbox
    _check(student)

    # --- the Swedish application page ------------------------------------------------------------------------
    swedish = phone_session(browser, base, "sv", w["student"].email, PASSWORD)
    swedish.goto(base + f"/applications/{app.pk}/")
    assert swedish.locator("html").get_attribute("lang") == "sv"
    assert format_date(joo.end_date, "sv") in _main_text(swedish)
    _check(swedish)
    swedish.context.close()

    # --- R-JOO-8: the student registers to a course of the granted module from its course page -----------------
    student.goto(base + f"/catalogue/course/{w['unit_a1'].pk}/")
    _check(student)
    student.locator(f"#register input[value='{w['real_a1'].pk}']").check()
    _click(student, "#register button[type=submit]")
    reg = Registration.objects.get()
    assert (reg.host_organisation_id, reg.network_id) == (w["aalto"].pk, w["network"].pk)
    assert Selection.objects.get(registration=reg).realisation_id == w["real_a1"].pk
    _check(student)

    # --- R-JOO-4: the home office ends the home study right; the JOO right ends the same day -------------------
    right = w["right"]
    home.goto(base + f"/rights/students/{w['person'].pk}/")
    _check(home)
    home.locator(f"#right-{right.pk} details summary").first.click()
    home.select_option(f"#id_r{right.pk}-status-to", "ended")
    home.fill(f"#id_r{right.pk}-status-reason", "Valmistunut")
    _click(home, f"form[action$='/rights/{right.pk}/status/'] button[type=submit]")
    _check(home)
    granted_end = joo.end_date
    joo = rights_api.get_joo_right(joo.id)
    assert joo is not None and (joo.end_date, joo.end_reason) == (today(), "home_right_ended")
    student.goto(base + f"/applications/{app.pk}/")
    section = " ".join(str(student.locator("section:has(#joo-heading)").inner_text()).split())
    with translation.override("fi"):
        ended = str(END_REASONS["home_right_ended"])
    assert ended in section and format_date(granted_end, "fi") not in section, section
    _check(student)
    Worker().run_until_empty()
    assert Notification.objects.filter(user_id=w["student"].pk, event="applications.joo_right_ended").count() == 1
    for page in (student, host, home):
        page.context.close()
    assert pages.problems == [], "\n\n".join(pages.problems)
    assert pages.visited == 20


def test_demo_data_gives_the_offices_work_and_the_student_an_open_round(live_server: Any, browser: Any) -> None:
    """`joopas demo`: the study offices find JOO applications waiting on their desk (R-JOO-1 endorsement at home,
    R-JOO-2 decision and an overdue one at the host), every status exists, and the Helsinki student can start an
    application to Aalto's continuous round today with a choice of study modules."""
    from django.core.management import call_command

    from joopas.access.demo import DEMO_PASSWORD
    from joopas.applications.models import Application, Round
    from joopas.organisations import api as organisations_api

    call_command("demo", "--no-serve")
    pages = Pages()
    assert sorted(Application.objects.values_list("status", flat=True)) == [
        "decided", "declined", "draft", "endorsed", "endorsed", "submitted", "submitted", "supplement"]
    aalto = organisations_api.get_by_oid("1.2.246.562.10.56753942459")
    assert aalto is not None
    overdue = Application.objects.get(host_organisation_id=aalto.id, status="endorsed")
    base = live_server.url

    host = phone_session(browser, base, "fi", "virkailija@aalto.demo", DEMO_PASSWORD)
    host.goto(base + "/accounts/desk/")
    assert host.locator("main a[href$='/applications/office/decide/?overdue=1']").count() == 1
    pages.check(host)
    host.goto(base + "/applications/office/decide/?overdue=1")
    assert overdue.number in _main_text(host)
    pages.check(host)
    host.goto(base + f"/applications/office/{overdue.pk}/")
    pages.check(host)
    host.context.close()

    home = phone_session(browser, base, "fi", "virkailija@hy.demo", DEMO_PASSWORD)
    home.goto(base + "/applications/office/endorse/?status=submitted")
    hy = organisations_api.get_by_oid("1.2.246.562.10.39218317368")
    assert hy is not None
    waiting = Application.objects.get(status="submitted", home_organisation_id=hy.id)
    assert waiting.number in _main_text(home)
    pages.check(home)
    home.context.close()

    student = phone_session(browser, base, "fi", "opiskelija@hy.demo", DEMO_PASSWORD)
    student.goto(base + "/applications/")
    pages.check(student)
    continuous = Round.objects.get(organisation_id=aalto.id, kind="continuous")
    student.goto(base + "/applications/new/")
    student.locator(f"input[name=round][value='{continuous.pk}']").check()
    _click(student, "main form[method=get] button[type=submit]")
    assert student.locator("input[name=modules]").count() >= 2
    pages.check(student)
    student.context.close()
    assert pages.problems == [], "\n\n".join(pages.problems)
