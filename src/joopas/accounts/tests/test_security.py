"""Issue 10, items 9 and 10: password reset (queued, the same answer for every address, throttled) and soft
login throttling per IP and per (account, IP) instead of an account lock strangers can trigger."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from joopas.accounts import tasks  # noqa: F401 - registers the task (the worker autodiscovers tasks.py)
from joopas.accounts.tests.factories import PASSWORD, UserFactory
from joopas.core.jobs import Worker
from joopas.core.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def _no_tokens(page: str) -> str:
    return re.sub(r'(csrfmiddlewaretoken" value=|X-CSRFToken": )"[^"]*"', "", page)


def _reset(c: Client, email: str, ip: str = "10.0.0.1") -> tuple[int, str, str]:
    r = c.post("/accounts/password-reset/", {"email": email}, REMOTE_ADDR=ip)
    return r.status_code, r.get("Location", ""), r.content.decode() if r.status_code != 302 else ""


def test_password_reset_is_queued_not_sent_inline_and_the_worker_sends_it() -> None:
    UserFactory(email="tunnettu@oma.fi")
    assert _reset(Client(), "tunnettu@oma.fi")[:2] == (302, "/accounts/password-reset/sent/")
    assert mail.outbox == []
    job = Job.objects.get()
    assert (job.task, job.args["email"]) == ("accounts.send_password_reset", "tunnettu@oma.fi")
    Worker().run_until_empty()
    assert [m.to for m in mail.outbox] == [["tunnettu@oma.fi"]]
    assert "/accounts/password-reset/" in mail.outbox[0].body


def test_password_reset_answers_the_same_for_known_and_unknown_addresses() -> None:
    UserFactory(email="tunnettu@oma.fi")
    known = _reset(Client(), "tunnettu@oma.fi", ip="10.0.0.1")
    unknown = _reset(Client(), "tuntematon@oma.fi", ip="10.0.0.2")
    assert known == unknown == (302, "/accounts/password-reset/sent/", "")
    assert sorted(Job.objects.values_list("task", "args__email")) == [  # the same work: one job each
        ("accounts.send_password_reset", "tunnettu@oma.fi"), ("accounts.send_password_reset", "tuntematon@oma.fi")]
    Worker().run_until_empty()
    assert [m.to for m in mail.outbox] == [["tunnettu@oma.fi"]]


def test_password_reset_is_throttled_per_address() -> None:
    UserFactory(email="kohde@oma.fi")
    answers = [_reset(Client(), "kohde@oma.fi", ip=f"10.0.1.{i}")[0] for i in range(5)]
    assert answers == [302, 302, 302, 429, 429]
    Worker().run_until_empty()
    assert len(mail.outbox) == 3


def test_password_reset_is_throttled_per_ip_with_a_translated_message() -> None:
    statuses = [_reset(Client(), f"osoite{i}@oma.fi", ip="10.0.2.1") for i in range(11)]
    assert [s[0] for s in statuses] == [302] * 10 + [429]
    assert "Liian monta uuden salasanan pyyntöä" in statuses[-1][2]
    assert Job.objects.count() == 10


def test_throttled_answer_is_the_same_for_known_and_unknown_addresses() -> None:
    UserFactory(email="tunnettu@oma.fi")
    for i in range(3):
        _reset(Client(), "tunnettu@oma.fi", ip=f"10.0.3.{i}")
        _reset(Client(), "tuntematon@oma.fi", ip=f"10.0.4.{i}")
    known, unknown = _reset(Client(), "tunnettu@oma.fi", ip="10.0.3.9"), _reset(Client(), "tuntematon@oma.fi",
                                                                                 ip="10.0.4.9")
    assert known[0] == unknown[0] == 429
    assert _no_tokens(known[2]).replace("tunnettu", "X") == _no_tokens(unknown[2]).replace("tuntematon", "X")


# --- item 10: login throttling --------------------------------------------------------------------------------

def _login(c: Client, email: str, password: str, ip: str) -> int:
    return c.post("/accounts/login/", {"username": email, "password": password}, REMOTE_ADDR=ip).status_code


def test_password_spraying_from_one_ip_is_throttled() -> None:
    users = [UserFactory(email=f"kayttaja{i}@oma.fi") for i in range(8)]
    answers = [_login(Client(), u.email, f"Arvaus-{n}", "203.0.113.5") for n in range(4) for u in users]
    assert answers[:20] == [200] * 20  # wrong passwords: the form again
    assert set(answers[20:]) == {429}  # the IP is refused for a while
    assert _login(Client(), users[0].email, PASSWORD, "203.0.113.5") == 429  # even with the right password
    assert _login(Client(), users[0].email, PASSWORD, "198.51.100.7") == 302  # the owner elsewhere is not locked


def test_a_stranger_cannot_lock_the_owner_out() -> None:
    owner = UserFactory(email="omistaja@oma.fi")
    for _ in range(10):
        _login(Client(), owner.email, "vaara-salasana", "203.0.113.66")
    assert _login(Client(), owner.email, "vaara-salasana", "203.0.113.66") == 429  # the stranger is refused
    c = Client()
    assert _login(c, owner.email, PASSWORD, "192.0.2.10") == 302  # the owner's own IP still logs in
    assert c.session["_auth_user_id"] == str(owner.pk)


def test_repeated_failures_for_one_account_from_one_ip_are_refused_for_a_while() -> None:
    UserFactory(email="lukko@oma.fi")
    answers = [_login(Client(), "lukko@oma.fi", "vaara-salasana", "192.0.2.20") for _ in range(6)]
    assert answers == [200, 200, 200, 200, 429, 429]
