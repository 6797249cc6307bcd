from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("lang", "heading"), [
    ("fi", "Opiskele muissa suomalaisissa korkeakouluissa"),
    ("sv", "Studera vid andra finländska högskolor"),
    ("en", "Study at other Finnish universities"),
])
def test_front_page_in_three_languages(client: Client, lang: str, heading: str) -> None:
    client.cookies["joopas_language"] = lang
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert f"<h1>{heading}</h1>" in html
    assert 'href="#main"' in html and 'id="main"' in html  # skip link and its target


def test_front_page_defaults_to_finnish(client: Client) -> None:
    html = client.get("/").content.decode()
    assert '<html lang="fi">' in html


def test_language_switcher_sets_the_language(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "sv", "next": "/"})
    assert response.status_code == 302
    assert '<html lang="sv">' in client.get("/").content.decode()


def test_healthz_checks_the_database(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_readyz_is_ready_when_migrated(client: Client) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready"}


def test_flexible_studies_page_explains_the_rounds(client: Client) -> None:
    client.cookies["joopas_language"] = "en"
    html = client.get("/flexible-studies/").content.decode()
    assert "30 April and 31 October" in html


def test_api_docs_and_openapi_are_served(client: Client) -> None:
    assert client.get("/api/v1/docs").status_code == 200
    doc = client.get("/api/v1/openapi.json").json()
    assert doc["info"]["title"] == "Joopas API"
    assert client.get("/api/v1/health").json() == {"status": "ok", "version": "1"}


def test_admin_requires_login(client: Client) -> None:
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_project_urlconf_uses_the_site_error_pages(client: Client) -> None:
    client.cookies["joopas_language"] = "sv"
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Vi hittade inte sidan</h1>" in html and 'class="site-header"' in html
