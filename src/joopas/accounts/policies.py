"""Who may do what with accounts.

Roles are granted in the access app, above accounts, so accounts decides nothing by role. Accounts' own pages
are login, logout and password reset, open to everyone (axes throttles login, R-ACC-6). A rule that depends
on the account alone (e.g. an inactive account may not log in) goes here as `can_<verb>_<entity>(actor, obj)`.
"""

from __future__ import annotations

from typing import Any


def can_log_in(user: Any) -> bool:
    """Only active accounts log in (Django's ModelBackend enforces the same)."""
    return bool(getattr(user, "is_active", False))
