"""The header (issue 11): the service, the logged-in person and their acting organisation in the page language, a
language switcher that reads "Kieli / Språk / Language", and a search box on the front page."""

from __future__ import annotations

import pytest
from django.test import Client

from joopas.access.models import Role
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import PASSWORD, UserFactory
from joopas.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

SWITCHER = ('<button type="submit" class="secondary small"><span><span lang="fi">Kieli</span> / '
            '<span lang="sv">Språk</span> / <span lang="en">Language</span></span></button>')


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_language_switcher_button_reads_kieli_sprak_language_in_every_language(client: Client, lang: str) -> None:
    client.cookies["joopas_language"] = lang
    html = client.get("/").content.decode()
    assert SWITCHER in html
    assert "Muokkaa" not in html


def test_anonymous_header_offers_login_and_no_desk(client: Client) -> None:
    client.cookies["joopas_language"] = "en"
    html = client.get("/").content.decode()
    assert 'href="/accounts/login/"' in html
    assert 'href="/accounts/desk/"' not in html and 'href="/profile/"' not in html


def test_front_page_has_a_search_box_that_searches_the_catalogue(client: Client) -> None:
    client.cookies["joopas_language"] = "fi"
    html = client.get("/").content.decode()
    assert '<form class="front-search" role="search" method="get" action="/catalogue/">' in html
    assert '<label for="front-q">Hae opintojaksoja kaikista korkeakouluista</label>' in html
    assert '<input type="search" id="front-q" name="q"' in html


def test_header_shows_the_person_and_the_acting_organisation_in_the_page_language() -> None:
    org = OrganisationFactory(name_fi="Testiyliopisto", name_sv="Testuniversitetet", name_en="Test University")
    user = UserFactory(first_name="Ville", last_name="Virkailija")
    grant(user, org, Role.OFFICER)  # one organisation: it becomes the acting one at login
    client = Client()
    client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
    client.cookies["joopas_language"] = "sv"
    html = client.get("/").content.decode()
    assert ('<a class="who-name" href="/profile/"><span class="icon icon-user" aria-hidden="true"></span>'
            '<span class="visually-hidden">Din profil: </span>Ville Virkailija</a>') in html
    assert '<span class="who-org"><span class="visually-hidden">Agerar för: </span>Testuniversitetet</span>' in html
    assert 'href="/accounts/desk/"' in html


def test_current_page_is_marked_in_the_main_navigation(client: Client) -> None:
    html = client.get("/flexible-studies/").content.decode()
    assert 'href="/flexible-studies/" aria-current="page"' in html
    assert 'href="/" aria-current="page"' not in html


def test_pages_load_the_suomifi_tokens_fonts_and_styles_from_our_own_host(client: Client) -> None:
    html = client.get("/").content.decode()
    head = html.split("</head>")[0]
    for sheet in ("site/tokens.css", "site/fonts.css", "site/joopas.css"):
        assert f'<link rel="stylesheet" href="/static/{sheet}">' in head
    assert "https://" not in head and "http://" not in head
