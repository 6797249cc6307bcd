"""The service refuses to start with the development key when DEBUG is off."""

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


def test_real_key_is_accepted_without_debug() -> None:
    result = _run({"DEBUG": "0", "SECRET_KEY": "x" * 60})
    assert result.returncode == 0, result.stderr
