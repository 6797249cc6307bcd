import pytest

from joopas.core.errors import IllegalTransition, NotFound
from joopas.core.models import AuditEvent, Job
from joopas.core.transitions import locked, transition

pytestmark = pytest.mark.django_db

TABLE = {"queued": {"running"}, "running": {"done", "queued"}, "done": set()}


def test_transition_saves_writes_history_and_audit() -> None:
    job = Job.objects.create(task="probe.noop", status="queued", max_attempts=3)
    seen: list[tuple[str, str]] = []
    old = transition(locked(Job.objects, pk=job.pk), to="running", table=TABLE, code="job.illegal",
                     event="probe.started", history=lambda a, b: seen.append((a, b)), audit_after={"by": "test"})
    assert old == "queued"
    assert Job.objects.get(pk=job.pk).status == "running"
    assert seen == [("queued", "running")]
    row = AuditEvent.objects.get(event="probe.started")
    assert (row.subject_type, row.subject_id) == ("core.job", str(job.pk))
    assert row.before == {"status": "queued"}
    assert row.after == {"status": "running", "by": "test"}


def test_illegal_transition_is_refused_and_changes_nothing() -> None:
    job = Job.objects.create(task="probe.noop", status="done", max_attempts=3)
    with pytest.raises(IllegalTransition) as err:
        transition(job, to="running", table=TABLE, code="job.illegal", event="probe.started")
    assert err.value.code == "job.illegal"
    assert err.value.details == {"from": "done", "to": "running"}
    assert Job.objects.get(pk=job.pk).status == "done"
    assert not AuditEvent.objects.filter(event="probe.started").exists()


def test_locked_raises_not_found_with_the_given_code() -> None:
    with pytest.raises(NotFound) as err:
        locked(Job.objects, not_found_code="job.not_found", pk=999999)
    assert err.value.code == "job.not_found"
