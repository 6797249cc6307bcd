"""Login listeners: what happens after a password login is decided by the apps above accounts.

The login view (`accounts.views.LoginView`) is the one place every password login passes; it calls the
listeners here instead of importing access. The access app registers its listeners in
`AccessConfig.ready()` (R-ACC-6: one audit row per attempt; the acting organisation is chosen when the user
has roles in exactly one). Listeners run in registration order, inside the request.
"""

from __future__ import annotations

from typing import Protocol

from django.http import HttpRequest

from joopas.accounts.models import User


class LoginListener(Protocol):
    def __call__(self, request: HttpRequest, user: User) -> None: ...


class FailedLoginListener(Protocol):
    def __call__(self, request: HttpRequest, *, email: str, locked: bool) -> None: ...


_on_login: list[LoginListener] = []
_on_failed_login: list[FailedLoginListener] = []


def register_login_listener(listener: LoginListener) -> None:
    if listener not in _on_login:
        _on_login.append(listener)


def register_failed_login_listener(listener: FailedLoginListener) -> None:
    if listener not in _on_failed_login:
        _on_failed_login.append(listener)


def login_succeeded(request: HttpRequest, user: User) -> None:
    for listener in list(_on_login):
        listener(request, user)


def login_failed(request: HttpRequest, *, email: str, locked: bool) -> None:
    for listener in list(_on_failed_login):
        listener(request, email=email, locked=locked)
