"""Background work of accounts: the password-reset mail is sent by the worker, never inside the request."""

from __future__ import annotations

from joopas.accounts import services
from joopas.core.jobs import task


@task(services.PASSWORD_RESET_TASK)
def send_password_reset(*, email: str, domain: str, use_https: bool, language: str = "fi") -> None:
    services.password_reset_send(email=email, domain=domain, use_https=use_https, language=language)
