"""The dependency locks: runtime and development split, every pin hashed; `make audit-deps` tells a vulnerability,
a clean audit and an unreachable advisory database apart (security review, issue 10 item 15)."""

from __future__ import annotations

import json
import re
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEV_TOOLS = {"pytest", "pytest-django", "pytest-xdist", "factory-boy", "hypothesis", "time-machine", "playwright",
             "axe-playwright-python", "ruff", "mypy", "django-stubs", "import-linter", "aiosmtpd", "schemathesis",
             "pip-audit"}


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(lock: str) -> dict[str, list[str]]:
    """name -> the hashes of its pin; fails on any requirement that is not `name==version` with hashes."""
    text = (ROOT / lock).read_text().replace("\\\n", " ")
    pins: dict[str, list[str]] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)==(\S+)((?:\s+--hash=sha256:[0-9a-f]{64})+)", line)
        assert match, f"{lock}: not an exact pin with hashes: {line}"
        pins[_norm(match[1])] = re.findall(r"sha256:([0-9a-f]{64})", match[3])
    return pins


def test_both_locks_pin_every_package_with_hashes() -> None:
    for lock in ("requirements.lock", "requirements-dev.lock"):
        pins = _pins(lock)
        assert pins and all(pins.values()), lock


def test_the_runtime_lock_has_the_runtime_dependencies_and_no_test_tools() -> None:
    runtime = _pins("requirements.lock")
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    for requirement in declared:
        assert _norm(re.split(r"[\[<>=!~ ]", requirement)[0]) in runtime, requirement
    assert not DEV_TOOLS & set(runtime)
    assert set(_pins("requirements-dev.lock")) >= DEV_TOOLS


def _audit(tmp_path: Path, *, stdout_report: dict | None, stderr: str = "", status: int = 0) -> subprocess.CompletedProcess[str]:
    fake = tmp_path / "pip-audit"
    report = json.dumps(stdout_report) if stdout_report is not None else ""
    fake.write_text("#!/usr/bin/env bash\n"
                    'while [ $# -gt 0 ]; do if [ "$1" = --output ]; then out=$2; fi; shift; done\n'
                    f"printf '%s' '{report}' > \"$out\"\n"
                    f"printf '%s' '{stderr}' >&2\n"
                    f"exit {status}\n")
    fake.chmod(0o755)
    return subprocess.run(["bash", str(ROOT / ".ci" / "audit-deps")], env={"PATH": "/usr/bin:/bin",
                          "PIP_AUDIT": str(fake)}, capture_output=True, text=True, timeout=60)


@pytest.mark.slow
def test_audit_deps_fails_on_a_known_vulnerability(tmp_path: Path) -> None:
    report = {"dependencies": [{"name": "django", "version": "5.2.19", "vulns": [
        {"id": "PYSEC-0000-1", "fix_versions": ["5.2.20"], "description": "x"}]}], "fixes": []}
    result = _audit(tmp_path, stdout_report=report, status=1)
    assert result.returncode == 1
    assert "VULNERABLE django==5.2.19: PYSEC-0000-1 (fixed in: 5.2.20)" in result.stdout


@pytest.mark.slow
def test_audit_deps_passes_a_clean_audit(tmp_path: Path) -> None:
    report = {"dependencies": [{"name": "django", "version": "5.2.19", "vulns": []}], "fixes": []}
    result = _audit(tmp_path, stdout_report=report)
    assert (result.returncode, result.stdout.strip()) == (
        0, "audit-deps: no known vulnerabilities in 1 audited package(s) of requirements.lock")


@pytest.mark.slow
def test_audit_deps_says_plainly_when_the_database_is_unreachable(tmp_path: Path) -> None:
    result = _audit(tmp_path, stdout_report=None, status=1,
                    stderr="requests.exceptions.ConnectionError: Max retries exceeded with url: /pypi/django/json")
    assert result.returncode == 0
    assert "COULD NOT RUN: the advisory database is unreachable; requirements.lock was NOT audited." in result.stdout
    report = {"dependencies": [{"name": "django", "skip_reason": "Dependency not found on PyPI"}], "fixes": []}
    result = _audit(tmp_path, stdout_report=report)
    assert result.returncode == 0
    assert "COULD NOT RUN" in result.stdout


@pytest.mark.slow
def test_audit_deps_fails_when_pip_audit_breaks_otherwise(tmp_path: Path) -> None:
    result = _audit(tmp_path, stdout_report=None, status=2, stderr="usage: pip-audit: unknown option")
    assert result.returncode == 1
