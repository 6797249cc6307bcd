"""The service refuses to start with the development key, or a weak key, when DEBUG is off."""

from __future__ import annotations

import os
import subprocess
import sys


def _run(env_overrides: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"JOOPAS_ALLOW_DEV_KEY", "SECRET_KEY", "DEBUG"}}
    env.update(env_overrides)
    return subprocess.run([sys.executable, "-m", "joopas.cli", "check"], env=env, capture_output=True, text=True,
                          timeout=120)


def test_dev_key_is_refused_without_debug() -> None:
    result = _run({"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY is the development key" in result.stderr


STRONG_KEY = "k7#Vq2!xZp9@Lm4$Rt6^Wy8&Bn3*Dc5(Fg1)Hj0-Ks2+Qe4=Ua6_Io8"


def test_real_key_is_accepted_without_debug() -> None:
    result = _run({"DEBUG": "0", "SECRET_KEY": STRONG_KEY})
    assert result.returncode == 0, result.stderr


def test_short_key_is_refused_without_debug() -> None:
    result = _run({"DEBUG": "0", "SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr


def test_key_with_few_distinct_characters_is_refused_without_debug() -> None:
    result = _run({"DEBUG": "0", "SECRET_KEY": "abcd" * 20})
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr


def test_short_key_is_allowed_in_the_demo_with_debug() -> None:
    result = _run({"DEBUG": "1", "SECRET_KEY": "short"})
    assert result.returncode == 0, result.stderr


def _database_options(env_overrides: dict[str, str]) -> str:
    script = "from django.conf import settings; print(settings.DATABASES['default'].get('OPTIONS'))"
    env = {k: v for k, v in os.environ.items() if k != "DB_PARALLEL_WORKERS_PER_QUERY"}
    env.update({"JOOPAS_ALLOW_DEV_KEY": "1", "DJANGO_SETTINGS_MODULE": "joopas.config.settings", **env_overrides})
    result = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {script}"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_postgres_sessions_run_serial_plans_and_keep_the_url_options() -> None:
    url = "postgres://joopas@db.example:5432/joopas?sslmode=require&options=-c%20statement_timeout%3D5000"
    assert _database_options({"DATABASE_URL": url}) == \
        "{'sslmode': 'require', 'options': '-c statement_timeout=5000 -c max_parallel_workers_per_gather=0'}"
    assert _database_options({"DATABASE_URL": url, "DB_PARALLEL_WORKERS_PER_QUERY": "2"}) == \
        "{'sslmode': 'require', 'options': '-c statement_timeout=5000 -c max_parallel_workers_per_gather=2'}"
    # empty: nothing added (behind PgBouncer the role's own setting applies)
    assert _database_options({"DATABASE_URL": url, "DB_PARALLEL_WORKERS_PER_QUERY": ""}) == \
        "{'sslmode': 'require', 'options': '-c statement_timeout=5000'}"
