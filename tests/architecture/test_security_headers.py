"""Production settings (DEBUG=0, a real key, allowed hosts, SECURE_COOKIES=1) send the security headers and
secure cookies, redirect plain http to https, and `check --deploy` has nothing to warn about (issue 10, item 6).

Django runs in a subprocess with exactly the production environment (the pytest plugin's test defaults, such as
SECURE_COOKIES=0, are removed), against a throw-away SQLite database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PRODUCTION_KEY = "pX7#vQ2!zL9@mR4$tW6^yB8&nD3*cF5(gH1)jK0-sE2+uA4=iO6_qZ8~xV3"
HOST = "joopas.example.fi"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
# settings the tests' plugin (joopas.core.testing) or a developer's shell may have set
_CLEARED = {"DEBUG", "SECRET_KEY", "JOOPAS_ALLOW_DEV_KEY", "SECURE_COOKIES", "SECURE_SSL_REDIRECT",
            "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "TRUST_X_FORWARDED_PROTO",
            "CSP_REPORT_ONLY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "DATABASE_URL", "DJANGO_SETTINGS_MODULE",
            "EMAIL_BACKEND", "DJANGO_ALLOW_ASYNC_UNSAFE"}  # the browser tests set the last one for their process


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _CLEARED}
    env.update({"DEBUG": "0", "SECRET_KEY": PRODUCTION_KEY, "ALLOWED_HOSTS": HOST, "SECURE_COOKIES": "1",
                "DJANGO_SETTINGS_MODULE": "joopas.config.settings", "JOOPAS_VAR_DIR": str(tmp_path),
                "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
                "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend", **extra})
    return env


SCRIPT = r"""
import json, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.contrib.auth import get_user_model
from django.test import Client
get_user_model().objects.create_user("tarkastaja@example.fi", "Pitka-ja-vahva-salasana-42")
c = Client(HTTP_HOST="joopas.example.fi")
plain = c.get("/")
health = c.get("/healthz")
page = c.get("/", secure=True)
login = c.post("/accounts/login/", {"username": "tarkastaja@example.fi", "password": "Pitka-ja-vahva-salasana-42"},
               secure=True)
proxied = Client(HTTP_HOST="joopas.example.fi", HTTP_X_FORWARDED_PROTO="https").get("/")
def cookie(name):
    m = login.cookies[name]
    return {"secure": bool(m["secure"]), "httponly": bool(m["httponly"]), "samesite": m["samesite"]}
print(json.dumps({
    "plain": [plain.status_code, plain.headers.get("Location")],
    "health": health.status_code,
    "page": page.status_code,
    "headers": {k: page.headers.get(k) for k in ("Content-Security-Policy", "Content-Security-Policy-Report-Only",
        "Strict-Transport-Security", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options",
        "Cross-Origin-Opener-Policy")},
    "login": [login.status_code, login.headers.get("Location")],
    "sessionid": cookie("sessionid"),
    "csrftoken": cookie("csrftoken"),
    "proxied": proxied.status_code,
}))
"""


def run_production(tmp_path: Path, **extra: str) -> dict[str, object]:
    result = subprocess.run([sys.executable, "-c", SCRIPT], env=production_env(tmp_path, **extra),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    data: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return data


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    return run_production(tmp_path_factory.mktemp("production"))


def test_production_pages_send_csp_hsts_and_the_other_security_headers(production: dict[str, object]) -> None:
    assert production["page"] == 200
    assert production["headers"] == {
        "Content-Security-Policy": CSP,
        "Content-Security-Policy-Report-Only": None,
        "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
    }


def test_production_redirects_plain_http_to_https_except_health_probes(production: dict[str, object]) -> None:
    assert production["plain"] == [301, f"https://{HOST}/"]
    assert production["health"] == 200
    # behind the TLS-terminating proxy, X-Forwarded-Proto: https counts as https (no redirect loop)
    assert production["proxied"] == 200


def test_production_session_and_csrf_cookies_are_secure_httponly_and_samesite(production: dict[str, object]) -> None:
    assert production["login"] == [302, "/accounts/welcome/"]  # LOGIN_REDIRECT_URL: desk for staff, else front page
    assert production["sessionid"] == {"secure": True, "httponly": True, "samesite": "Lax"}
    assert production["csrftoken"] == {"secure": True, "httponly": True, "samesite": "Lax"}


def test_csp_report_only_sends_the_policy_as_report_only(tmp_path: Path) -> None:
    data = run_production(tmp_path, CSP_REPORT_ONLY="1")
    headers = data["headers"]
    assert isinstance(headers, dict)
    assert (headers["Content-Security-Policy"], headers["Content-Security-Policy-Report-Only"]) == (None, CSP)


def test_check_deploy_prints_no_warning_with_production_settings(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "joopas.cli", "check", "--deploy", "--fail-level", "WARNING"],
                            env=production_env(tmp_path), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr
