"""Issue 11: the browser walk. With the demo data loaded, every demo login (access.api.demo_logins()) and an
anonymous visitor follow every same-origin link reachable from the front page and the desk (GET only,
breadth-first, one page per path pattern, at most CAP pages per login and language) in Finnish, Swedish and
English (in Swedish and English a path pattern is loaded once across logins), on a 375 px wide phone screen. It fails on

- a 4xx/5xx answer or a page that does not load;
- a page whose <html lang> is not the language chosen;
- a page wider than the screen (document.documentElement.scrollWidth > 375), and, once per path pattern in
  Finnish, wider than a 1 280 px desktop screen (wide tables scroll inside their region on a desktop too);
- untranslated text: a user-interface text of another language from the apps' catalogues (e.g. the English
  source text of a message in a Finnish page), or developer text ("Value error", snake_case identifiers);
- an axe-core violation (in Finnish: the markup is the same in every language; once per path pattern and page
  shape, i.e. the same kinds of elements, unless JOOPAS_WALK_AXE=all).

Every failure is reported with the login, the language and the URL."""

from __future__ import annotations

import os
import time
from collections import deque
from typing import Any

import pytest

from tests.e2e import walk
from tests.e2e.conftest import axe_violations, describe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTH = 375
DESKTOP = 1280
CAP = int(os.environ.get("JOOPAS_WALK_CAP", "60"))
AXE_EVERY_PAGE = os.environ.get("JOOPAS_WALK_AXE") == "all"  # default: once per path pattern and page shape
LOG = os.environ.get("JOOPAS_WALK_LOG")  # a file: one line per page load (login, language, status, seconds, URL)
ANONYMOUS = "anonymous"


def load_demo() -> None:
    from django.db import transaction

    from joopas.site.management.commands.demo import demo_modules

    for module in demo_modules():
        with transaction.atomic():
            module.load(None)


def log_in(page: Any, base: str, email: str, password: str) -> str | None:
    """Log in through the login page; None when it worked, else what went wrong."""
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").first.click()
    if "/accounts/login/" in page.url:
        return f"login failed, still at {page.url}"
    return None


class Walk:
    def __init__(self, base: str, language_cookie: str) -> None:
        self.base = base
        self.language_cookie = language_cookie
        foreign = walk.foreign_texts()
        self.foreign = {lang: walk.matcher(texts) for lang, texts in foreign.items()}
        self.failures: list[str] = []
        self.loads = 0
        self.axe_runs = 0
        self.axe_done: set[tuple[str, int]] = set()
        self.desktop_done: set[str] = set()
        self.translated_seen: set[tuple[str, str]] = set()
        self.same_for_all: set[tuple[str, str]] = set()  # (language, pattern) of the API docs, walked once

    def fail(self, who: str, lang: str, url: str, what: str) -> None:
        self.failures.append(f"{who} [{lang}] {url.removeprefix(self.base)}: {what}")

    def run(self, context: Any, who: str, starts: list[str]) -> None:
        page = context.new_page()
        for lang in walk.LANGS:
            context.add_cookies([{"name": self.language_cookie, "value": lang, "url": self.base}])
            self.crawl(page, who, lang, starts)
        page.close()

    def crawl(self, page: Any, who: str, lang: str, starts: list[str]) -> None:
        queue: deque[str] = deque(self.base + s for s in starts)
        seen = {walk.pattern(u) for u in queue}
        firsts = set(queue)
        visited = 0
        while queue and visited < CAP:
            url = queue.popleft()
            if lang != "fi" and url not in firsts:
                # Swedish and English: a path pattern another login has already shown in this language is not
                # loaded again (the Finnish walk stays complete per login; this keeps the walk within CI's time).
                key = (lang, walk.pattern(url))
                if key in self.translated_seen:
                    continue
                self.translated_seen.add(key)
            visited += 1
            self.loads += 1
            began = time.monotonic()
            try:
                response = page.goto(url, wait_until="load")
                if walk.pattern(page.url) in walk.ALLOWED_API:  # Swagger UI draws the page after loading
                    page.locator(".swagger-ui .opblock-tag-section").first.wait_for()
            except Exception as exc:  # a download, a timeout, a crash: all failures of the page
                self.fail(who, lang, url, f"did not load: {str(exc).splitlines()[0]}")
                continue
            status = response.status if response is not None else 0
            if LOG:
                with open(LOG, "a", encoding="utf-8") as log:
                    log.write(f"{who}\t{lang}\t{status}\t{time.monotonic() - began:.2f}\t{url.removeprefix(self.base)}\n")
            if status >= 400 or status == 0:
                self.fail(who, lang, url, f"HTTP {status}")
                continue
            if walk.skipped(page.url, self.base):  # redirected off the walk (e.g. to another site)
                continue
            report = page.evaluate(walk.REPORT_JS)
            self.check(page, who, lang, url, report)
            for link in report["links"]:
                target = walk.page_url(link["href"])
                if walk.skipped(target, self.base, download=link["download"]):
                    continue
                key = walk.pattern(target)
                if key in walk.ALLOWED_API:  # the API docs are the same for every login: once per language
                    if (lang, key) in self.same_for_all:
                        continue
                    self.same_for_all.add((lang, key))
                if key not in seen:
                    seen.add(key)
                    queue.append(target)

    def check(self, page: Any, who: str, lang: str, url: str, report: dict[str, Any]) -> None:
        if report["lang"] != lang:
            self.fail(who, lang, url, f'<html lang="{report["lang"]}">')
        if report["width"] > WIDTH:
            self.fail(who, lang, url, f"{report['width']} px wide at {WIDTH} px, widest: {walk.widest(page)}")
        other = walk.found(self.foreign[lang], report["text"])
        if other:
            self.fail(who, lang, url, f"text in another language: {other}")
        developer = walk.found(walk.DEVELOPER_TEXT, report["text"])
        if developer and walk.pattern(page.url) not in walk.ALLOWED_API:  # API docs name parameters, rightly
            self.fail(who, lang, url, f"developer text: {developer}")
        if lang == "fi" and walk.pattern(page.url) not in self.desktop_done:
            self.desktop_done.add(walk.pattern(page.url))
            page.set_viewport_size({"width": DESKTOP, "height": 800})
            try:
                wide = page.evaluate("document.documentElement.scrollWidth")
                if wide > DESKTOP:
                    self.fail(who, lang, url, f"{wide} px wide at {DESKTOP} px, widest: {walk.widest(page)}")
            finally:
                page.set_viewport_size({"width": WIDTH, "height": 800})
        if lang == "fi":
            key = (walk.pattern(page.url), hash(report["shape"]))
            if key in self.axe_done and not AXE_EVERY_PAGE:
                return
            self.axe_done.add(key)
            self.axe_runs += 1
            violations = axe_violations(page)
            if violations:
                self.fail(who, lang, url, "axe: " + describe(violations).replace("\n", "\n    "))


def test_every_demo_login_walks_every_page_in_fi_sv_en_without_errors(live_server: Any, browser: Any) -> None:
    from django.conf import settings
    from django.urls import reverse

    from joopas.access.api import demo_logins

    started = time.monotonic()
    load_demo()
    password, logins = demo_logins()
    assert len(logins) >= 16
    base = live_server.url
    w = Walk(base, settings.LANGUAGE_COOKIE_NAME)
    for who in [ANONYMOUS, *(email for email, _note in logins)]:
        context = browser.new_context(viewport={"width": WIDTH, "height": 800}, locale="fi-FI")
        context.set_default_timeout(20_000)
        try:
            if who == ANONYMOUS:
                w.run(context, who, ["/"])
            else:
                page = context.new_page()
                problem = log_in(page, base, who, password)
                page.close()
                if problem:
                    w.fail(who, "fi", "/accounts/login/", problem)
                    continue
                w.run(context, who, ["/", reverse("site:desk")])
        finally:
            context.close()
    took = time.monotonic() - started
    print(f"walk: {len(logins) + 1} visitors, {w.loads} page loads, {w.axe_runs} axe runs, {took:.0f} s")
    if w.failures:
        pytest.fail(f"{len(w.failures)} problems in the walk:\n" + "\n".join(w.failures), pytrace=False)
