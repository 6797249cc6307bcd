"""`joopas exchange validate FILE` gives the same schema errors as a real send."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from joopas.exchange.registry import examples
from joopas.exchange.tests.conftest import envelope, post, student_update


def test_validate_command_accepts_an_example(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "m.json"
    f.write_text(json.dumps(examples()["UPDATE_STUDENT_REQUEST"]))
    call_command("exchange", "validate", str(f))
    assert json.loads(capsys.readouterr().out) == {"message_id": "5f0c6a1e-3b1d-4c8e-9a57-000000000021",
                                                   "status": "valid"}


@pytest.mark.django_db
def test_validate_command_reports_the_same_errors_as_a_send(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                           client, home, host) -> None:
    env = envelope("UPDATE_STUDENT_REQUEST", {**student_update(), "firstNames": 5, "extra": 1},
                   recipient=host.org.oid)
    f = tmp_path / "bad.json"
    f.write_text(json.dumps(env))
    with pytest.raises(CommandError):
        call_command("exchange", "validate", str(f))
    cli_errors = json.loads(capsys.readouterr().out)["errors"]
    api_errors = post(client, home, env).json()["details"]["errors"]
    assert cli_errors == api_errors
    assert sorted(e["code"] for e in cli_errors) == ["schema.string_type", "schema.unknown_field"]
