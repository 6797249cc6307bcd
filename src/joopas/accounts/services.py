"""Writers of user accounts: the only code that creates accounts (other apps call `accounts.api.user_create`)."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from joopas.accounts import rules
from joopas.accounts.codes import ErrorCode
from joopas.accounts.models import User
from joopas.core.errors import Conflict, ValidationFailed


def check_password_strength(password: str, *, email: str = "", first_name: str = "", last_name: str = "") -> None:
    """Django's password validators; a weak password is a ValidationFailed with their messages."""
    probe = User(email=email, first_name=first_name, last_name=last_name)
    try:
        password_validation.validate_password(password, user=probe)
    except ValidationError as exc:
        raise ValidationFailed(" ".join(exc.messages), code=ErrorCode.PASSWORD_WEAK,
                               details={"field": "password", "messages": list(exc.messages)}) from exc


def user_create(*, email: str, password: str, first_name: str, last_name: str, language: str,
                is_staff: bool = False, is_superuser: bool = False, is_active: bool = True,
                check_password: bool = True) -> User:
    """A new account; the password is checked against Django's validators unless `check_password` is False
    (test data, demo)."""
    email = rules.normalise_email(User.objects.normalize_email((email or "").strip()))
    if check_password:
        check_password_strength(password, email=email, first_name=first_name, last_name=last_name)
    with transaction.atomic():
        if User.objects.filter(email__iexact=email).exists():
            raise Conflict(_("An account with this email already exists. Log in first."),
                           code=ErrorCode.USER_EXISTS)
        return User.objects.create_user(email, password, first_name=first_name, last_name=last_name,
                                        language=rules.language_or_default(language), is_staff=is_staff,
                                        is_superuser=is_superuser, is_active=is_active)
