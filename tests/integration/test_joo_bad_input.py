"""No input causes a 500 on the JOO pages and APIs: odd ids, query strings and form posts from the student and
both study offices get a 2xx/3xx/4xx answer, and a refused post changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from joopas.applications.models import Application, ApplicationHistory, Attachment, RequestedEntity
from joopas.applications.tests import factories as joo

pytestmark = pytest.mark.django_db

ODD = ["", "0", "-1", "abc", "9" * 30, "1.5", "%00", "<script>", "ä" * 300, "1 OR 1=1"]


def _state() -> tuple[Any, ...]:
    return (list(Application.objects.order_by("pk").values_list("pk", "status", "justification")),
            RequestedEntity.objects.count(), ApplicationHistory.objects.count(), Attachment.objects.count())


@pytest.fixture
def world() -> dict[str, Any]:
    w = joo.make_world()
    w["app"] = joo.endorsed(w)
    w["draft"] = joo.draft(w, ("course_unit", w["single"]))
    return w


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.mark.parametrize("who", ["student", "home_officer", "host_officer", "tuni_officer"])
def test_odd_query_strings_and_ids_never_cause_a_500(world: dict[str, Any], who: str) -> None:
    c = _client(world[who])
    pk = world["app"].pk
    for odd in ODD:
        for url in (f"/applications/?q={odd}", f"/applications/new/?round={odd}&right={odd}",
                    f"/applications/office/endorse/?status={odd}&q={odd}&page={odd}",
                    f"/applications/office/decide/?status={odd}&overdue={odd}&format={odd}",
                    f"/applications/office/joo-students/?page={odd}&format={odd}",
                    f"/applications/office/overview/?x={odd}", f"/applications/office/terms/?x={odd}",
                    f"/api/v1/joo-students?on={odd}", f"/api/v1/joo-applications?side={odd}&status={odd}",
                    f"/applications/{pk}/?x={odd}", f"/applications/office/{pk}/?x={odd}"):
            response = c.get(url)
            assert response.status_code < 500, (url, response.status_code)
    for path in ("/applications/99999999/", "/applications/99999999/edit/", "/applications/office/99999999/",
                 "/applications/attachment/99999999/", "/applications/office/rounds/99999999/"):
        assert c.get(path).status_code in (403, 404), path  # 403: only study offices have office pages


@pytest.mark.parametrize("who", ["student", "home_officer", "host_officer", "tuni_officer"])
def test_odd_posts_never_cause_a_500_and_change_nothing(world: dict[str, Any], who: str) -> None:
    c = _client(world[who])
    before = _state()
    app, draft = world["app"], world["draft"]
    posts: list[tuple[str, dict[str, Any]]] = [
        (f"/applications/office/{app.pk}/", {"action": "decide", f"decide-d{9 ** 9}": "granted"}),
        (f"/applications/office/{app.pk}/", {"action": "decide", "decide-dabc": "maybe"}),
        (f"/applications/office/{app.pk}/", {"action": "supplement", "text": ""}),
        (f"/applications/office/{app.pk}/", {"action": "nonsense"}),
        (f"/applications/office/{app.pk}/", {"action": "decline", "reason": ""}),
        ("/applications/office/endorse/", {"bulk_action": "decline", "selected": ["x", "-1", str(app.pk)],
                                           "reason": ""}),
        (f"/applications/{draft.pk}/edit/", {"action": "save", "modules": ["abc"], "units": [str(9 ** 20)],
                                             "justification": "<script>alert(1)</script>"}),
        (f"/applications/{draft.pk}/edit/", {"action": "upload", "kind": "weird"}),
        (f"/applications/{draft.pk}/edit/", {"action": "remove", "attachment": "abc"}),
        (f"/applications/{app.pk}/withdraw/", {"confirm": ""}),
        ("/applications/new/", {"round": "abc", "right": "-1"}),
        ("/applications/office/terms/", {"action": "round", "kind": "weird", "opens_on": "2026-02-31"}),
        ("/applications/office/terms/", {"action": "terms", "reminder_days": "-5"}),
    ]
    for url, data in posts:
        response = c.post(url, data)
        assert response.status_code < 500, (url, data, response.status_code)
    assert _state() == before
