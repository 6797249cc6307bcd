"""The own message list: permissions (anonymous, the recipient, another person), reads recorded, mark read."""

from __future__ import annotations

import pytest
from django.test import Client

from joopas.access.models import Role
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import UserFactory
from joopas.core.desk import DeskContext, registered_sections
from joopas.core.models import AuditEvent
from joopas.notifications import api
from joopas.notifications.codes import Event
from joopas.notifications.models import Notification
from joopas.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def mine(event, ctx):
    user = UserFactory(email="olli@example.fi")
    api.notify(event, user, ctx, key="1", link="/catalogue/")
    api.notify(event, user, {**ctx, "number": "JOO-2027-2"}, key="2")
    return user, list(Notification.objects.filter(user=user).order_by("pk"))


def test_anonymous_is_sent_to_the_login_page_and_nothing_is_recorded(mine) -> None:
    _user, (first, _second) = mine
    before = AuditEvent.objects.count()
    for url in ("/notifications/", f"/notifications/{first.pk}/"):
        r = Client().get(url)
        assert r.status_code == 302
        assert r["Location"].startswith("/accounts/login/?next=")
    assert Client().post("/notifications/read-all/").status_code == 302
    assert AuditEvent.objects.count() == before
    assert Notification.objects.filter(read_at__isnull=False).count() == 0


def test_r_acc_6_the_list_shows_own_messages_newest_first_and_records_the_read(mine) -> None:
    user, (first, second) = mine
    other = UserFactory()
    api.notify("notifications.welcome", other, {"name": "Toinen"})
    page = _client(user).get("/notifications/").content.decode()
    assert page.index("JOO-2027-2") < page.index("JOO-2027-1")  # newest first
    assert "Toinen" not in page
    assert "2 lukematonta" in page
    row = AuditEvent.objects.get(event=Event.INBOX_READ)
    assert (row.actor_id, row.subject_id, row.after) == (user.pk, str(user.pk),
                                                         {"shown": [second.pk, first.pk], "total": 2})


def test_r_acc_6_opening_a_message_marks_it_read_and_records_the_read(mine) -> None:
    user, (first, _second) = mine
    r = _client(user).get(f"/notifications/{first.pk}/")
    assert r.status_code == 200
    page = r.content.decode()
    assert "Hello Olli," in page and 'href="/catalogue/"' in page
    first.refresh_from_db()
    assert first.read_at is not None
    assert AuditEvent.objects.filter(event=Event.READ, actor=user, subject_id=str(first.pk)).count() == 1
    assert api.unread_count(user.pk) == 1


def test_another_user_cannot_read_my_message_404_and_nothing_changes(mine) -> None:
    _user, (first, _second) = mine
    intruder = UserFactory()
    before = AuditEvent.objects.count()
    assert _client(intruder).get(f"/notifications/{first.pk}/").status_code == 404
    assert _client(intruder).get("/notifications/999999/").status_code == 404
    first.refresh_from_db()
    assert first.read_at is None
    assert AuditEvent.objects.count() == before
    _client(intruder).post("/notifications/read-all/")  # marks only the intruder's own (none)
    assert Notification.objects.filter(read_at__isnull=False).count() == 0


def test_mark_all_read(mine) -> None:
    user, _rows = mine
    c = _client(user)
    assert c.get("/notifications/read-all/").status_code == 405
    r = c.post("/notifications/read-all/")
    assert (r.status_code, r["Location"]) == (302, "/notifications/")
    assert api.unread_count(user.pk) == 0
    assert AuditEvent.objects.filter(event=Event.MARKED_READ, actor=user).count() == 1


def test_bad_page_numbers_do_not_fail(mine) -> None:
    user, _rows = mine
    c = _client(user)
    assert [c.get(f"/notifications/?page={p}").status_code for p in ("x", "-3", "99999999999")] == [200, 200, 200]


def test_empty_list_says_what_happens_next() -> None:
    page = _client(UserFactory()).get("/notifications/").content.decode()
    assert "Sinulla ei ole vielä viestejä." in page


def test_the_desk_shows_the_unread_count(mine) -> None:
    user, _rows = mine
    section = next(s for s in registered_sections() if s.key == "notifications")
    ctx = DeskContext(user=user, acting_organisation_id=None, roles=frozenset(), is_platform_admin=False)
    (item,) = section.items(ctx)
    assert (item.url, item.count) == ("/notifications/", 2)
    officer = UserFactory()
    grant(officer, OrganisationFactory(), Role.OFFICER)
    api.notify("notifications.welcome", officer, {"name": "Ville"})
    page = _client(officer).get("/accounts/desk/").content.decode()
    assert 'href="/notifications/"' in page
    assert "Lukemattomat viestit" in page


def test_the_demo_student_has_a_welcome_message() -> None:
    from joopas.access import demo as access_demo
    from joopas.notifications import demo

    access_demo.load()
    demo.load()
    demo.load()  # idempotent
    student = Notification.objects.filter(user__email="opiskelija@hy.demo")
    assert list(student.values_list("event", "subject")) == [("notifications.welcome", "Tervetuloa Joopasiin, Olli")]


def test_a_student_without_roles_finds_the_messages_on_the_desk_only_when_there_are_some() -> None:
    student = UserFactory()
    section = next(s for s in registered_sections() if s.key == "notifications")
    ctx = DeskContext(user=student, acting_organisation_id=None, roles=frozenset(), is_platform_admin=False)
    assert section.items(ctx) == []  # the desk keeps its empty state
    api.notify("notifications.welcome", student, {"name": "Olli"})
    assert [(i.url, i.count) for i in section.items(ctx)] == [("/notifications/", 1)]
    _client(student).get(f"/notifications/{Notification.objects.get(user=student).pk}/")
    assert [(i.url, i.count) for i in section.items(ctx)] == [("/notifications/", None)]  # read: still listed
