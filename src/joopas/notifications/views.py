"""The own message list: /notifications/ (newest first, unread marked), one message, mark all read.

Thin: services read and record (R-ACC-6); another person's message is a 404 and nothing changes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from joopas.core.errors import NotFound
from joopas.notifications import selectors, services
from joopas.notifications.rules import READ_LABELS

PAGE_SIZE = 20


def _page(request: HttpRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("page", "1")), 10_000))
    except ValueError:
        return 1


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    page = _page(request)
    rows, total = services.inbox_read(actor=user, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    pages = max(1, (total + PAGE_SIZE - 1) // PAGE_SIZE)
    return render(request, "notifications/inbox.html", {
        "rows": rows, "total": total, "unread": selectors.unread_count(user.pk), "page": page, "pages": pages,
        "base_qs": "", "read_labels": READ_LABELS})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        n = services.notification_read(actor=request.user, pk=pk)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    return render(request, "notifications/detail.html", {"n": n})


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(actor=request.user)
    if count:
        messages.success(request, _("All your messages are now marked as read."))
    return redirect("notifications:inbox")
