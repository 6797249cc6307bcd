"""Issue 10, item 7: webhook signing secrets stored sealed (encrypted and authenticated), with a rotation's
overlap window. Existing plain-text secrets are sealed in place (receivers keep their secret), then the
plain-text column is dropped. Item 2: receiver answer bodies kept in failure texts are cut to the status.

`_seal` is a frozen copy of `joopas.exchange.sealing.seal` (a migration imports no app code); keep the two
in step.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from typing import Any

from django.conf import settings
from django.db import migrations, models

_SALT = b"joopas.exchange.webhook-secret"


def _hkdf(material: bytes, info: bytes) -> bytes:
    prk = hmac.new(_SALT, material, hashlib.sha256).digest()
    return hmac.new(prk, info + b"\x01", hashlib.sha256).digest()


def _seal(secret: str) -> str:
    if not secret:
        return ""
    material = str(getattr(settings, "EXCHANGE_SECRET_KEY", "") or settings.SECRET_KEY).encode()
    enc, mac = _hkdf(material, b"s1 enc"), _hkdf(material, b"s1 mac")
    nonce = secrets.token_bytes(16)
    data = secret.encode()
    ct = bytearray()
    for i in range(0, len(data), 32):
        block = hmac.new(enc, nonce + (i // 32).to_bytes(4, "big"), hashlib.sha256).digest()
        ct += bytes(a ^ b for a, b in zip(data[i:i + 32], block, strict=False))
    tag = hmac.new(mac, b"s1" + nonce + bytes(ct), hashlib.sha256).digest()
    return "s1." + base64.urlsafe_b64encode(nonce + bytes(ct) + tag).decode()


def seal_existing(apps: Any, schema_editor: Any) -> None:
    ExchangeSettings = apps.get_model("exchange", "ExchangeSettings")
    for conf in ExchangeSettings.objects.exclude(webhook_secret="").only("pk", "webhook_secret"):
        ExchangeSettings.objects.filter(pk=conf.pk).update(webhook_secret_sealed=_seal(conf.webhook_secret))


_ECHO = re.compile(r"(HTTP [0-9]{3}): .*", re.DOTALL)


def scrub_receiver_bodies(apps: Any, schema_editor: Any) -> None:
    """Failures recorded before kept up to 300 characters of the receiver's answer ("HTTP 500: <body>"),
    shown to the sender; keep the status only."""
    for model, field in (("Delivery", "last_error"), ("DeliveryAttempt", "error"), ("StatusEvent", "reason")):
        Model = apps.get_model("exchange", model)
        for pk, text in Model.objects.filter(**{f"{field}__contains": "HTTP "}).values_list("pk", field).iterator():
            clean = _ECHO.sub(r"\1", text)
            if clean != text:
                Model.objects.filter(pk=pk).update(**{field: clean})


class Migration(migrations.Migration):
    dependencies = [("exchange", "0004_delivery_fillfactor")]

    operations = [
        migrations.AddField(
            model_name="exchangesettings", name="webhook_secret_sealed",
            field=models.TextField(blank=True, verbose_name="webhook signing secret (encrypted)")),
        migrations.AddField(
            model_name="exchangesettings", name="previous_secret_sealed",
            field=models.TextField(blank=True, verbose_name="previous webhook signing secret (encrypted)")),
        migrations.AddField(
            model_name="exchangesettings", name="previous_secret_until",
            field=models.DateTimeField(blank=True, null=True, verbose_name="previous secret valid until")),
        migrations.RunPython(seal_existing, migrations.RunPython.noop, elidable=False),
        migrations.RemoveField(model_name="exchangesettings", name="webhook_secret"),
        migrations.RunPython(scrub_receiver_bodies, migrations.RunPython.noop, elidable=True),
    ]
