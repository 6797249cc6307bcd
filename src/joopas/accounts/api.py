"""What other apps may ask of user accounts: frozen snapshots, never the model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from joopas.accounts.models import User
from joopas.core.errors import Conflict, ValidationFailed


@dataclass(frozen=True)
class UserRef:
    id: int
    email: str
    first_name: str
    last_name: str
    language: str
    is_active: bool

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.email


def _ref(u: User) -> UserRef:
    return UserRef(u.pk, u.email, u.first_name, u.last_name, u.language, u.is_active)


def get_by_id(pk: int) -> UserRef | None:
    u = User.objects.filter(pk=pk).first()
    return _ref(u) if u else None


def get_by_email(email: str) -> UserRef | None:
    u = User.objects.filter(email__iexact=(email or "").strip()).first()
    return _ref(u) if u else None


def get_many(ids: list[int]) -> dict[int, UserRef]:
    return {u.pk: _ref(u) for u in User.objects.filter(pk__in=ids)}


def check_password_strength(password: str, *, email: str = "", first_name: str = "", last_name: str = "") -> None:
    """Django's password validators; a weak password is a ValidationFailed with their messages."""
    probe = User(email=email, first_name=first_name, last_name=last_name)
    try:
        password_validation.validate_password(password, user=probe)
    except ValidationError as exc:
        raise ValidationFailed(" ".join(exc.messages), code="accounts.password.weak",
                               details={"field": "password", "messages": list(exc.messages)}) from exc


def user_create(*, email: str, password: str, first_name: str, last_name: str, language: str) -> UserRef:
    """A new account with a checked password (called by the access app when an invitation is accepted)."""
    email = User.objects.normalize_email((email or "").strip()).lower()
    check_password_strength(password, email=email, first_name=first_name, last_name=last_name)
    with transaction.atomic():
        if User.objects.filter(email__iexact=email).exists():
            raise Conflict(_("An account with this email already exists. Log in first."),
                           code="accounts.user.exists")
        user = User.objects.create_user(email, password, first_name=first_name, last_name=last_name,
                                        language=language if language in ("fi", "sv", "en") else "fi")
    return _ref(user)


def display(user: Any) -> str:
    return getattr(user, "full_name", "") or getattr(user, "email", "") or ""
