"""Test accounts, created through `accounts.services.user_create` like every other account."""

from __future__ import annotations

import itertools
from typing import Any

from joopas.accounts import services
from joopas.accounts.models import User

PASSWORD = "test-password-123"

_seq = itertools.count()


class UserFactory:
    """`UserFactory(**fields)` -> a saved User; every field has a default, the password is `PASSWORD`."""

    def __new__(cls, *, email: str | None = None, password: str = PASSWORD, first_name: str = "Testi",
                last_name: str | None = None, language: str = "fi", is_staff: bool = False,
                is_superuser: bool = False, is_active: bool = True, **extra: Any) -> User:  # type: ignore[misc]
        n = next(_seq)
        user = services.user_create(email=email or f"user{n}@example.fi", password=password, first_name=first_name,
                                    last_name=last_name if last_name is not None else f"Käyttäjä{n}",
                                    language=language, is_staff=is_staff, is_superuser=is_superuser,
                                    is_active=is_active, check_password=False)
        if extra:  # fields the service does not set (person_oid …)
            for field, value in extra.items():
                setattr(user, field, value)
            user.save(update_fields=list(extra))
        return user
