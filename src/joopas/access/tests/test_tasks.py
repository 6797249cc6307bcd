from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from joopas.access import tasks  # noqa: F401 - registers the periodic tasks
from joopas.access.models import Role
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import UserFactory
from joopas.core.clock import today
from joopas.core.jobs import Scheduler, Worker, registered_periodic

# Not transactional: a transactional test flushes the tables at its end, which would also remove the grant links
# seeded by migration 0003 for every later test in the run (the browser flow then finds no grantable roles).
pytestmark = pytest.mark.django_db


def test_r_acc_1_daily_jobs_are_scheduled_and_run_through_the_worker(org, django_capture_on_commit_callbacks):
    assert {"access.expire_grants", "access.send_grant_reminders", "access.lapse_open_items"} <= set(
        registered_periodic())
    assert registered_periodic()["access.expire_grants"].every == dt.timedelta(days=1)
    old = grant(UserFactory(), org, Role.OFFICER, valid_from=today() - dt.timedelta(days=400),
                valid_until=today() - dt.timedelta(days=2))
    soon = grant(UserFactory(email="soon@oma.fi"), org, Role.OFFICER, valid_from=today() - dt.timedelta(days=300),
                 valid_until=today() + dt.timedelta(days=7))
    with django_capture_on_commit_callbacks(execute=True):
        fired = Scheduler(name="test").tick()
        assert {"access.expire_grants", "access.send_grant_reminders"} <= set(fired)
        Worker().run_until_empty()
    old.refresh_from_db()
    soon.refresh_from_db()
    assert (old.status, soon.reminders_sent) == ("expired", [7])
    assert [m.to for m in mail.outbox] == [["soon@oma.fi"]]
