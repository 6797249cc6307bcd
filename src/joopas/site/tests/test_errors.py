"""Error pages 400/403/404/500 (issue 11, item 5): in the layout, translated, with the reason the service gave and
a way back; the 500 page never touches the database."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client, RequestFactory

from joopas.accounts.tests.factories import PASSWORD, UserFactory
from joopas.site import views

pytestmark = [pytest.mark.django_db, pytest.mark.urls("joopas.site.tests.urls_errors")]


def _client(lang: str, **kwargs: Any) -> Client:
    client = Client(**kwargs)
    client.cookies["joopas_language"] = lang
    return client


@pytest.mark.parametrize(("lang", "title", "back"), [
    ("fi", "Emme löytäneet sivua", "Siirry etusivulle"),
    ("sv", "Vi hittade inte sidan", "Gå till startsidan"),
    ("en", "We could not find the page", "Go to the front page"),
])
def test_404_is_in_the_layout_translated_with_a_way_back(lang: str, title: str, back: str) -> None:
    response = _client(lang).get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert f'<html lang="{lang}">' in html
    assert f"<h1>{title}</h1>" in html
    assert f'<a href="/">{back}</a>' in html
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert '<a href="/catalogue/">' in html  # search the catalogue instead


def test_403_shows_the_reason_the_view_gave_in_the_page_language() -> None:
    response = _client("fi").get("/test-errors/403-reason/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Et voi avata tätä sivua</h1>" in html
    assert "<p>Sinulla ei ole oikeutta tähän.</p>" in html


def test_403_shows_the_message_of_the_domain_error_behind_it() -> None:
    html = _client("sv").get("/test-errors/403-domain/").content.decode()
    assert "<p>Logga in först.</p>" in html


def test_403_without_a_reason_says_so_in_general_and_offers_login_to_the_anonymous() -> None:
    response = _client("en").get("/test-errors/403/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "<p>You do not have permission to do this.</p>" in html
    assert '<a href="/accounts/login/?next=/test-errors/403/">Log in</a>' in html


def test_403_for_a_logged_in_person_links_to_their_desk_not_to_login() -> None:
    user = UserFactory()
    client = _client("en")
    client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
    html = client.get("/test-errors/403/").content.decode()
    assert '<a href="/accounts/desk/">Go to your desk</a>' in html
    assert "?next=/test-errors/403/" not in html


def test_400_is_in_the_layout() -> None:
    response = _client("en").get("/test-errors/400/")
    assert response.status_code == 400
    assert "<h1>The request could not be understood</h1>" in response.content.decode()


def test_500_is_in_the_layout_and_translated() -> None:
    response = _client("fi", raise_request_exception=False).get("/test-errors/500/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Jotain meni vikaan meidän päässämme</h1>" in html
    assert '<a href="/">Siirry etusivulle</a>' in html and 'class="site-header"' in html


def test_500_page_renders_without_the_database() -> None:
    def refuse(*args: Any) -> Any:
        raise AssertionError("the 500 page queried the database")

    request = RequestFactory().get("/")  # no session, no user: the page must not need them
    with connection.execute_wrapper(refuse):
        response = views.server_error(request)
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode() or "Jotain meni vikaan" in \
        response.content.decode()


def test_api_errors_stay_json() -> None:
    response = Client().get("/api/v1/no-such-endpoint")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_an_expired_form_is_explained_in_the_layout() -> None:
    client = _client("fi", enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "sv"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Lomake oli vanhentunut</h1>" in html and 'class="site-header"' in html
    assert '<a href="/">Siirry etusivulle</a>' in html
