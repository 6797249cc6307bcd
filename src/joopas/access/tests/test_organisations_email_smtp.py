"""Mail leaves through Django's SMTP backend: a real local SMTP server (aiosmtpd) receives it.
(Lives in access: it needs grants, which organisations' own tests may not import - the app graph points one way.)"""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.test import override_settings

from joopas.access.models import Invitation
from joopas.access.tests.conftest import platform_admin  # noqa: F401 - fixture
from joopas.access.tests.test_organisations_review import DATA
from joopas.organisations import services

pytestmark = pytest.mark.django_db


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), msg))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[Inbox]:
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1",
                               EMAIL_PORT=port, EMAIL_USE_TLS=False, EMAIL_HOST_USER="", EMAIL_HOST_PASSWORD=""):
            yield inbox
    finally:
        controller.stop()


def test_r_org_1_receipt_and_invitation_go_through_a_real_smtp_server(smtp, platform_admin,  # noqa: F811
                                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reg = services.registration_submit(data=DATA)
    with django_capture_on_commit_callbacks(execute=True):
        services.registrations_approve(actor=platform_admin, registration_ids=[reg.pk], link_base="https://joopas.test")
    assert [(frm, to) for frm, to, _m in smtp.messages] == [
        ("noreply@joopas.invalid", ["essi@esimerkki.fi"]), ("noreply@joopas.invalid", ["essi@esimerkki.fi"])]
    receipt, invitation = smtp.messages[0][2], smtp.messages[1][2]
    assert receipt["Subject"].strip() == "Rekisteröityminen vastaanotettu: Koulutus Esimerkki Oy"
    assert "Y-tunnus 2345678-0" in receipt.get_content()
    assert invitation["Subject"].strip() == "Kutsu Joopakseen: Koulutus Esimerkki Oy"
    body = invitation.get_content()
    token = body.split("https://joopas.test/access/invitations/")[1].split("/")[0]
    inv = Invitation.objects.get()
    from joopas.access.services import invitation_check

    assert invitation_check(token).pk == inv.pk
