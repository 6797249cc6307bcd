"""Page helpers shared by the apps' thin views."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest

from joopas.core.errors import DomainError


def run_action(request: HttpRequest, action: Callable[[], Any], success: Any) -> bool:
    """Run a service call from a form post: its DomainError becomes the page's error message.

    403 and 404 keep their HTTP meaning (the permission matrix and links rely on them); any other
    refusal is shown to the user in their language. Returns whether the action succeeded.
    """
    try:
        action()
    except DomainError as exc:
        if exc.status == 403:
            raise DjangoPermissionDenied(str(exc.message)) from exc
        if exc.status == 404:
            raise Http404(str(exc.message)) from exc
        messages.error(request, str(exc.message))
        return False
    messages.success(request, str(success))
    return True
