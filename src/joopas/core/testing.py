"""pytest plugin (`-p joopas.core.testing`), loaded before Django is configured.

Sets test defaults the settings module reads at import: the development key is allowed, a fast
password hasher, plain cookies and an in-memory mail outbox. Explicit environment values win.
"""

from __future__ import annotations

import os

for _name, _value in {
    "JOOPAS_ALLOW_DEV_KEY": "1",
    "JOOPAS_FAST_HASHER": "1",
    "SECURE_COOKIES": "0",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
}.items():
    os.environ.setdefault(_name, _value)
