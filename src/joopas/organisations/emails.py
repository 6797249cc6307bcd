"""Outgoing mail of the organisations app: rendered in the recipient's language, sent after commit."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation


def send_after_commit(to: str, template: str, context: dict[str, Any], language: str = "fi") -> None:
    with translation.override(language if language in ("fi", "sv", "en") else "fi"):
        ctx = {"site_url": settings.SITE_URL, **context}
        subject = " ".join(render_to_string(f"organisations/email/{template}_subject.txt", ctx).split())
        body = render_to_string(f"organisations/email/{template}_body.txt", ctx)
    transaction.on_commit(lambda: send_mail(subject, body, None, [to]))
