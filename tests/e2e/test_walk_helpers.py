"""The browser walk's own rules (tests/e2e/walk.py), without a browser: which links it follows, how it
de-duplicates them, and which texts count as untranslated."""

from __future__ import annotations

from tests.e2e import walk

BASE = "http://localhost:8081"


def test_pattern_normalises_ids_and_keeps_query_keys() -> None:
    assert walk.pattern(BASE + "/catalogue/course/17/") == walk.pattern(BASE + "/catalogue/course/9051/")
    assert walk.pattern(BASE + "/catalogue/course/17/") == "/catalogue/course/{id}/"
    assert walk.pattern(BASE + "/organisations/1.2.246.562.10.39218317368/") == "/organisations/{id}/"
    assert walk.pattern(BASE + "/exchange/messages/0b5e6f0e-1d1c-4c8e-9a51-3f0f3b1e2a11/") == \
        "/exchange/messages/{id}/"
    assert walk.pattern(BASE + "/api/v1/docs") == "/api/v1/docs"
    assert walk.pattern(BASE + "/catalogue/?q=tilasto&page=2") == "/catalogue/?page&q"
    assert walk.pattern(BASE + "/catalogue/?page=3&q=x") == "/catalogue/?page&q"
    assert walk.pattern(BASE + "/catalogue/") != walk.pattern(BASE + "/catalogue/?page=2")


def test_skipped_keeps_the_walk_to_our_own_pages_that_a_get_may_open() -> None:
    assert not walk.skipped(BASE + "/catalogue/course/1/", BASE)
    assert not walk.skipped(BASE + "/api/v1/docs", BASE)
    assert walk.skipped("https://www.helsinki.fi/", BASE)
    assert walk.skipped("mailto:joo@hy.demo.invalid", BASE)
    assert walk.skipped(BASE + "/accounts/logout/", BASE)
    assert walk.skipped(BASE + "/admin/", BASE)
    assert walk.skipped(BASE + "/api/v1/catalogue/units", BASE)
    assert walk.skipped(BASE + "/catalogue/edit/export.csv", BASE)
    assert walk.skipped(BASE + "/access/audit/?format=csv", BASE)
    assert walk.skipped(BASE + "/static/site/joopas.css", BASE)
    assert walk.skipped(BASE + "/i18n/setlang/", BASE)
    assert walk.skipped(BASE + "/catalogue/", BASE, download=True)


def test_foreign_texts_are_other_languages_texts_that_differ_from_the_page_language() -> None:
    entries = [
        {"en": "Log in", "fi": "Kirjaudu sisään", "sv": "Logga in"},
        {"en": "Joopas API", "fi": "Joopas API", "sv": "Joopas API"},  # the same in every language: allowed
        {"en": "Course %(code)s is full for now", "fi": "Opintojakso %(code)s on nyt täynnä",
         "sv": "Kursen %(code)s är full för tillfället"},
        {"en": "Save", "fi": "Tallenna", "sv": "Spara"},  # one word: too likely in names to judge
    ]
    foreign = walk.foreign_texts(entries)
    assert foreign["fi"] == {"Log in", "Logga in", "is full for now", "är full för tillfället"}
    assert foreign["en"] == {"Kirjaudu sisään", "Logga in", "on nyt täynnä", "är full för tillfället"}
    fi = walk.matcher(foreign["fi"])
    assert walk.found(fi, "Etusivu  Log\n in  Kieli") == ["Log in"]
    assert walk.found(fi, "Kirjaudu sisään · Blogging in") == []  # whole words only
    assert walk.found(fi, "Opintojakso MAT-101 is full for now.") == ["is full for now"]


def test_the_real_catalogues_give_english_texts_for_finnish_pages() -> None:
    foreign = walk.foreign_texts()
    assert "Skip to content" in foreign["fi"]
    assert "Skip to content" in foreign["sv"]
    assert "Skip to content" not in foreign["en"]


def test_developer_text_catches_pydantic_messages_and_identifiers_but_not_addresses() -> None:
    text = ("Value error, end_date is before start_date · enrolment_end_date_time · joo@hy.demo.invalid · "
            "https://example.fi/a_b · Tila: odottaa")
    assert walk.found(walk.DEVELOPER_TEXT, text) == ["Value error", "end_date", "enrolment_end_date_time",
                                                     "start_date"]
