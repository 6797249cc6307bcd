"""The bulk-action pattern of list pages (docs/development.md "Page patterns: Bulk actions").

A list page puts a checkbox in front of each row (`name="selected"`, the row's id) and a "select all on this
page" checkbox (`name="select_all"`) with the page's ids in hidden `page_ids` inputs, so that the page works without
JavaScript; `core/static/core/bulk_actions.js` only ticks the boxes and counts them. The view reads the choice
with `selected_ids` and applies the action to each row with `apply_each`: every row in its own transaction
(savepoint), so one refused row changes nothing of its own and does not undo the others.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, QueryDict
from django.utils.translation import ngettext

from joopas.core.errors import DomainError

MAX_ROWS = 500  # one post never touches more rows than this


def _ints(values: Iterable[str]) -> list[int]:
    out: list[int] = []
    for v in values:
        v = str(v).strip()
        if v.isdigit() and len(v) < 19 and int(v) not in out:
            out.append(int(v))
    return out


def selected_ids(post: QueryDict) -> list[int]:
    """The ids the user ticked — or every id of the page when they ticked "select all" — in page order;
    anything that is not an id is ignored."""
    ids = _ints(post.getlist("page_ids")) if post.get("select_all") else _ints(post.getlist("selected"))
    return ids[:MAX_ROWS]


@dataclass
class BulkResult:
    done: list[int] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)  # (id, the service's translated reason)


def apply_each(ids: Iterable[int], action: Callable[[int], Any],
               explain: Callable[[int, DomainError], str] | None = None) -> BulkResult:
    """Run `action(id)` for each id in its own transaction; a DomainError refuses that row only, with its reason
    (the error's translated message, or what `explain(id, error)` makes of it). A permission error is a refusal
    like any other: the row is left as it was."""
    result = BulkResult()
    for pk in ids:
        try:
            with transaction.atomic():
                action(pk)
        except DomainError as exc:
            result.refused.append((pk, explain(pk, exc) if explain else str(exc.message)))
        else:
            result.done.append(pk)
    return result


def tell(request: HttpRequest, result: BulkResult, done: str) -> None:
    """The outcome as one message on the next page: `done` (e.g. "3 accepted") alone when nothing was refused,
    otherwise with the number refused and each refused row's reason (a warning, or an error when nothing was
    done)."""
    if not result.refused:
        messages.success(request, done + ".")
        return
    refused = ngettext("%(n)s refused", "%(n)s refused", len(result.refused)) % {"n": len(result.refused)}
    (messages.warning if result.done else messages.error)(
        request, f"{done}, {refused}: " + " ".join(why for _pk, why in result.refused))
