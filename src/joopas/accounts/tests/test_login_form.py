"""Issue 11: the login form follows the form pattern — an empty form says what is missing, on the field that is
missing (aria-invalid, the message linked by aria-describedby, an error summary linking to the fields), and
required fields are marked."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _field(html: str, name: str) -> str:
    return html.split(f'for="id_{name}"')[1].split("</div>")[0]


@pytest.mark.parametrize(("lang", "email_missing", "password_missing", "required"), [
    ("fi", "Anna sähköpostiosoitteesi.", "Anna salasanasi.", "(pakollinen)"),
    ("sv", "Ange din e-postadress.", "Ange ditt lösenord.", "(obligatorisk)"),
    ("en", "Give your email address.", "Give your password.", "(required)"),
])
def test_empty_login_says_what_is_missing(lang: str, email_missing: str, password_missing: str,
                                          required: str) -> None:
    r = Client(HTTP_ACCEPT_LANGUAGE=lang).post("/accounts/login/", {"username": "", "password": ""})
    assert r.status_code == 200
    html = r.content.decode()
    summary = html.split('class="error-summary')[1].split("</div>")[0]
    assert '<a href="#id_username">' in summary and email_missing in summary
    assert '<a href="#id_password">' in summary and password_missing in summary
    for name, message in (("username", email_missing), ("password", password_missing)):
        field = _field(html, name)
        assert message in field
        assert required in field
        widget = re.search(rf'<input[^>]*name="{name}"[^>]*>', field)
        assert widget is not None
        assert 'aria-invalid="true"' in widget.group(0)
        assert f"id_{name}_error" in widget.group(0)  # aria-describedby names the message


def test_login_form_unchanged_when_filled() -> None:
    html = Client(HTTP_ACCEPT_LANGUAGE="fi").get("/accounts/login/").content.decode()
    assert "error-summary" not in html
    assert 'autocomplete="email"' in html and 'autocomplete="current-password"' in html
    assert 'aria-invalid' not in html
