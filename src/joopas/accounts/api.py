"""What other apps may ask of user accounts: frozen snapshots, never the model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from joopas.accounts import services
from joopas.accounts.codes import ErrorCode
from joopas.accounts.hooks import (
    FailedLoginListener,
    LoginListener,
    register_failed_login_listener,
    register_login_listener,
)
from joopas.accounts.models import User
from joopas.accounts.services import check_password_strength, identity_bind, identity_key, user_set_language

__all__ = ["ErrorCode", "FailedLoginListener", "LoginListener", "UserRef", "check_password_strength", "display",
           "get_by_email", "get_by_id", "get_many", "identity_bind", "identity_key", "identity_of",
           "register_failed_login_listener", "register_login_listener",
           "user_create", "user_ids_with_identity", "user_set_language"]


@dataclass(frozen=True)
class UserRef:
    id: int
    email: str
    first_name: str
    last_name: str
    language: str
    is_active: bool
    identity_key: str = ""  # R-ACC-2: "" until an accepted invitation named the person

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.email


def _ref(u: User) -> UserRef:
    return UserRef(u.pk, u.email, u.first_name, u.last_name, u.language, u.is_active, u.identity_key)


def get_by_id(pk: int) -> UserRef | None:
    u = User.objects.filter(pk=pk).first()
    return _ref(u) if u else None


def get_by_email(email: str) -> UserRef | None:
    u = User.objects.filter(email__iexact=(email or "").strip()).first()
    return _ref(u) if u else None


def get_many(ids: list[int]) -> dict[int, UserRef]:
    return {u.pk: _ref(u) for u in User.objects.filter(pk__in=ids)}


def user_create(*, email: str, password: str, first_name: str, last_name: str, language: str) -> UserRef:
    """A new account with a checked password (called by the access app when an invitation is accepted)."""
    return _ref(services.user_create(email=email, password=password, first_name=first_name, last_name=last_name,
                                     language=language))


def identity_of(user: Any) -> str:
    """The identity key of a user object or id ("" for anonymous or unbound accounts)."""
    pk = user if isinstance(user, int) else getattr(user, "pk", None)
    if not pk:
        return ""
    return User.objects.filter(pk=pk).values_list("identity_key", flat=True).first() or ""


def user_ids_with_identity(identity: str) -> list[int]:
    """The active accounts bound to this identity key (one person may have several mailboxes, R-ACC-2)."""
    if not identity:
        return []
    return list(User.objects.filter(identity_key=identity, is_active=True).order_by("pk").values_list("pk", flat=True))


def display(user: Any) -> str:
    return getattr(user, "full_name", "") or getattr(user, "email", "") or ""
