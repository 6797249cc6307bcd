"""notify(): once per (event, recipient, key), rendered in the recipient's language, delivered by the job."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connection, transaction
from django.utils import timezone

from joopas.accounts.tests.factories import UserFactory
from joopas.core.jobs import Worker
from joopas.core.models import AuditEvent, Job
from joopas.notifications import api, sms
from joopas.notifications.codes import Event, Status
from joopas.notifications.models import Delivery, Notification
from joopas.notifications.rules import TemplateError

pytestmark = pytest.mark.django_db


class FlakyBackend(LocmemBackend):
    """Fails while `failures` is above zero, then sends to the locmem outbox."""

    failures = 0

    def send_messages(self, messages: Any) -> int:
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            raise ConnectionError("SMTP server not reachable")
        return super().send_messages(messages)


@pytest.fixture
def flaky(settings: Any) -> type[FlakyBackend]:
    settings.EMAIL_BACKEND = "joopas.notifications.tests.test_notify.FlakyBackend"
    FlakyBackend.failures = 0
    return FlakyBackend


def test_same_event_recipient_and_key_twice_makes_one_message_and_one_email(event, ctx) -> None:
    user = UserFactory(email="olli@example.fi")
    api.notify(event, user, ctx, key="app-1")
    api.notify(event, user, ctx, key="app-1")
    assert Notification.objects.count() == 1
    assert Job.objects.filter(task="notifications.deliver").count() == 1
    Worker().run_until_empty()
    assert [m.to for m in mail.outbox] == [["olli@example.fi"]]
    api.notify(event, user, ctx, key="app-2")  # another key is another message
    assert Notification.objects.count() == 2


def test_the_message_is_stored_only_when_the_callers_transaction_commits(event, ctx) -> None:
    user = UserFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        api.notify(event, user, ctx, key="k")
        raise RuntimeError("the caller's change failed")
    assert (Notification.objects.count(), Job.objects.count(), Delivery.objects.count()) == (0, 0, 0)


def test_a_missing_placeholder_or_an_unknown_event_fails_in_the_caller_not_in_the_job(event, ctx) -> None:
    user = UserFactory()
    with pytest.raises(TemplateError, match="lacks day, name"):
        api.notify(event, user, {"number": "1"})
    with pytest.raises(TemplateError, match="unknown notification event"):
        api.notify("tests.no.such.event", user, ctx)
    assert Notification.objects.count() == 0


@pytest.mark.parametrize(("language", "subject", "first_line"), [
    ("fi", "Tervetuloa Joopasiin, Olli", "Hei Olli,"),
    ("sv", "Välkommen till Joopas, Olli", "Hej Olli,"),
    ("en", "Welcome to Joopas, Olli", "Hello Olli,"),
])
def test_the_message_is_rendered_in_the_recipients_language(language, subject, first_line) -> None:
    user = UserFactory(email=f"olli.{language}@example.fi", language=language)
    api.notify("notifications.welcome", user, {"name": "Olli"})
    n = Notification.objects.get()
    assert (n.language, n.subject, n.body.splitlines()[0]) == (language, subject, first_line)
    Worker().run_until_empty()
    assert [(m.subject, m.body.splitlines()[0]) for m in mail.outbox] == [(subject, first_line)]


def test_an_address_recipient_gets_email_and_sms_in_its_language_and_dates_in_its_format(event, ctx) -> None:
    sms.LogBackend.sent.clear()
    api.notify(event, api.Address(email="Hakija@Example.fi", phone="+358 40 123 4567", language="en"), ctx,
               link="/registrations/1/")
    n = Notification.objects.get()
    assert (n.user_id, n.email, n.phone, n.recipient_ref) == (None, "hakija@example.fi", "+358401234567",
                                                               "address:hakija@example.fi|+358401234567")
    assert n.body == "Hello Olli,\n\nthe decision was made on 1 Feb 2027."
    Worker().run_until_empty()
    assert sorted(Delivery.objects.values_list("channel", "status")) == [("email", "sent"), ("sms", "sent")]
    assert sms.LogBackend.sent == [("+358401234567", "Decision on JOO-2027-1 made")]
    (message,) = mail.outbox
    assert message.body.endswith("\n\nhttp://127.0.0.1:8000/registrations/1/")
    assert message.alternatives[0][1] == "text/html"


def test_html_part_of_the_email_escapes_the_values(event, ctx) -> None:
    api.notify(event, UserFactory(), {**ctx, "name": "<img src=x onerror=alert(1)>"})
    Worker().run_until_empty()
    html = mail.outbox[0].alternatives[0][0]
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<img" not in html


def test_delivery_retries_through_the_job_after_a_failing_backend(event, ctx, flaky) -> None:
    flaky.failures = 1
    user = UserFactory(email="retry@example.fi")
    api.notify(event, user, ctx)
    worker = Worker(name="w1")
    assert worker.run_once() is True
    d = Delivery.objects.get()
    job = Job.objects.get(pk=d.job_id)
    assert (d.status, job.status, job.attempts) == (Status.QUEUED, Job.Status.QUEUED, 1)
    assert "ConnectionError: SMTP server not reachable" in job.last_error
    assert mail.outbox == []
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=30), tick=False):
        assert worker.run_once() is True
    d.refresh_from_db()
    job.refresh_from_db()
    assert (d.status, d.attempts, job.status) == (Status.SENT, 2, Job.Status.DONE)
    assert [m.to for m in mail.outbox] == [["retry@example.fi"]]
    assert AuditEvent.objects.filter(event=Event.SENT, subject_id=str(d.notification_id)).count() == 1


def test_the_last_failed_attempt_marks_the_delivery_failed(event, ctx, flaky, settings) -> None:
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 2
    flaky.failures = 99
    api.notify(event, UserFactory(), ctx)
    worker = Worker(name="w1")
    worker.run_once()
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=30), tick=False):
        worker.run_once()
    d = Delivery.objects.get()
    assert (d.status, d.attempts, d.last_error) == (Status.FAILED, 2, "ConnectionError: SMTP server not reachable")
    assert Job.objects.get(pk=d.job_id).status == Job.Status.DONE  # no more retries
    assert mail.outbox == []
    assert AuditEvent.objects.filter(event=Event.FAILED, subject_id=str(d.notification_id)).count() == 1
    with time_machine.travel(timezone.now() + dt.timedelta(hours=2), tick=False):
        assert worker.run_once() is False


def test_r_com_6_a_user_always_keeps_the_message_in_the_own_list_even_without_email() -> None:
    """R-COM-6: the own account always keeps a copy (here an inbox-only event)."""
    from django.utils.translation import gettext_lazy as _

    from joopas.notifications import registry

    registry.register_event("tests.inbox_only", subject=_("Hi"), body=_("Body"), channels=("inbox",))
    try:
        user = UserFactory()
        api.notify("tests.inbox_only", user, {})
        assert Notification.objects.filter(user=user).count() == 1
        assert Delivery.objects.count() == 0
        assert api.unread_count(user.pk) == 1
    finally:
        registry.unregister("tests.inbox_only")


def test_r_acc_6_notify_writes_an_audit_row_with_whom_and_what(event, ctx) -> None:
    user = UserFactory(email="audit@example.fi")
    api.notify(event, user, ctx, key="7")
    row = AuditEvent.objects.get(event=Event.CREATED)
    n = Notification.objects.get()
    assert (row.subject_type, row.subject_id) == ("notifications.notification", str(n.pk))
    assert row.after == {"event": event, "key": "7", "user_id": user.pk, "email": "audit@example.fi",
                         "phone": "", "channels": ["inbox", "email"]}


@pytest.mark.pg
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_calls_make_one_message_on_postgresql(event, ctx) -> None:
    user = UserFactory()
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def call() -> None:
        try:
            with transaction.atomic():
                barrier.wait(timeout=10)
                api.notify(event, user.pk, ctx, key="race")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=call) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == []
    assert Notification.objects.filter(key="race").count() == 1
    assert Delivery.objects.count() == 1
