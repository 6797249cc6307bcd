"""Writers of user accounts: the only code that creates accounts (other apps call `accounts.api.user_create`)."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from joopas.accounts import rules, throttle
from joopas.accounts.codes import ErrorCode
from joopas.accounts.models import User
from joopas.core import jobs
from joopas.core.errors import Conflict, ValidationFailed
from joopas.core.identifiers import mask_hetu, validate_hetu, validate_person_oid


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


def user_set_language(*, user_id: int, language: str) -> str:
    """The language the person chose on their profile: pages after login and the mail the service sends them.
    Returns the stored language (one of the service languages)."""
    language = rules.language_or_default(language)
    User.objects.filter(pk=user_id).update(language=language)
    return language


# --- Identity (R-ACC-2, issue 10) ------------------------------------------------------------------------------------

def identity_key(*, hetu: str = "", person_oid: str = "") -> tuple[str, str]:
    """The identity a person is known by, and a label safe to show and audit: a hetu (checked, kept only as a
    keyed hash, shown masked) or else a learner OID (checked). ("", "") when neither is given."""
    hetu, person_oid = (hetu or "").strip().upper(), (person_oid or "").strip()
    if hetu:
        hetu = validate_hetu(hetu)
        digest = hmac.new(settings.SECRET_KEY.encode(), f"joopas.identity.hetu:{hetu}".encode(),
                          hashlib.sha256).hexdigest()
        return f"hetu:{digest[:64]}", mask_hetu(hetu)
    if person_oid:
        person_oid = validate_person_oid(person_oid)
        return f"oid:{person_oid}", person_oid
    return "", ""


def identity_bind(*, user_id: int, key: str, person_oid: str = "") -> None:
    """Bind an identity to an account (an accepted invitation named the person). An account already bound to
    another identity is refused: one account is one person."""
    if not key:
        return
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user_id)
        if user.identity_key and user.identity_key != key:
            raise Conflict(_("This account belongs to another person than the one named in the invitation."),
                           code=ErrorCode.IDENTITY_MISMATCH)
        fields = []
        if user.identity_key != key:
            user.identity_key = key
            fields.append("identity_key")
        if person_oid and not user.person_oid:
            user.person_oid = person_oid
            fields.append("person_oid")
        if fields:
            user.save(update_fields=fields)


# --- Password reset (issue 10, item 9): queued, constant-time, throttled ------------------------------------------

PASSWORD_RESET_TASK = "accounts.send_password_reset"  # noqa: S105 - a task name


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def password_reset_request(*, email: str, ip: str | None, domain: str, use_https: bool, language: str) -> bool:
    """Ask for a password-reset link. The answer and the work are the same whether or not the address has an
    account: no user look-up here, one job row either way; the worker looks the address up and sends (or not).

    Throttled per address and per IP (`PASSWORD_RESET_LIMIT_PER_ADDRESS`, default 3, and
    `PASSWORD_RESET_LIMIT_PER_IP`, default 10, per `PASSWORD_RESET_WINDOW_SECONDS`, default 3600): over the
    limit, nothing is queued and False is returned.
    """
    address = rules.normalise_email(email)
    window = _setting("PASSWORD_RESET_WINDOW_SECONDS", 3600)
    over = (throttle.exceeded("reset-address", address, limit=_setting("PASSWORD_RESET_LIMIT_PER_ADDRESS", 3))
            or throttle.exceeded("reset-ip", ip or "-", limit=_setting("PASSWORD_RESET_LIMIT_PER_IP", 10)))
    throttle.hit("reset-address", address, window_seconds=window)
    throttle.hit("reset-ip", ip or "-", window_seconds=window)
    if over:
        return False
    with transaction.atomic():
        jobs.enqueue(PASSWORD_RESET_TASK, args={"email": address, "domain": domain, "use_https": use_https,
                                                "language": rules.language_or_default(language)})
    return True


def password_reset_send(*, email: str, domain: str, use_https: bool, language: str) -> int:
    """The job: send Django's reset link to every active account with this address (none for an unknown one).
    Returns how many mails were sent."""
    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        return 0
    users = list(form.get_users(email))
    if not users:
        return 0
    with translation.override(rules.language_or_default(language)):
        form.save(domain_override=domain, use_https=use_https,
                  subject_template_name="registration/password_reset_subject.txt",
                  email_template_name="accounts/password_reset_email.txt")
    return len(users)
