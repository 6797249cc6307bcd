"""Reads of user accounts for pages and the API. Other apps read accounts through `accounts.api` (frozen
`UserRef`s); this module holds the queries the accounts app's own pages need."""

from __future__ import annotations

from joopas.accounts.models import User


def active_user_by_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=(email or "").strip(), is_active=True).first()
