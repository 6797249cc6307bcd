"""Who may act on a JOO application (R-JOO-1, R-JOO-2): for endorse, decide, request_supplement, draft_save,
submit, withdraw and attachment_add — anonymous / own organisation's officer / other organisation's officer /
a user without a role (and the student) — allowed only where it should be, and every denial changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile

from joopas.accounts.tests.factories import UserFactory
from joopas.applications import services
from joopas.applications.models import Application, ApplicationHistory, Attachment, RequestedEntity
from joopas.applications.services import EntityChoice
from joopas.applications.tests.factories import PDF, draft, endorsed, make_world, submitted
from joopas.core.errors import NotFound, PermissionDenied
from joopas.core.models import AuditEvent
from joopas.notifications.models import Notification
from joopas.rights.models import StudyRight

pytestmark = pytest.mark.django_db

# who: anonymous | student | home (the student's own university's officer) | host (the host's officer) |
# third (an officer of a third university) | no_role (a logged-in user without a role or an identity)
ACTORS = ["anonymous", "student", "home", "host", "third", "no_role"]


@pytest.fixture
def w(settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    settings.PRIVATE_FILES_DIR = tmp_path
    monkeypatch.setattr(Attachment._meta.get_field("file"), "storage", FileSystemStorage(location=tmp_path))
    world = make_world()
    world["tmp"] = tmp_path
    return world


def _actor(w: dict[str, Any], who: str) -> Any:
    return {"anonymous": AnonymousUser(), "student": w["student"], "home": w["home_officer"],
            "host": w["host_officer"], "third": w["tuni_officer"], "no_role": UserFactory()}[who]


def _state(app: Application | None) -> tuple[Any, ...]:
    row: tuple[Any, ...] = ()
    if app is not None:
        a = Application.objects.get(pk=app.pk)
        row = (a.status, a.number, a.justification, a.endorsed_at, a.payment_committed, a.supplement_request,
               a.decided_at, a.joo_right_id,
               list(a.entities.values_list("entity_kind", "entity_id", "decision", "reason")))
    return (row, Application.objects.count(), ApplicationHistory.objects.count(), RequestedEntity.objects.count(),
            Attachment.objects.count(), AuditEvent.objects.count(), Notification.objects.count(),
            StudyRight.objects.count())


def _entities(app: Application, decision: str = "granted") -> dict[int, tuple[str, str]]:
    return {e.pk: (decision, "") for e in app.entities.all()}


# action name → (the application it needs, the call, who may do it)
Setup = Callable[[dict[str, Any]], Application | None]
Call = Callable[[dict[str, Any], Any, Application | None], Any]


def _draft_new(w: dict[str, Any], actor: Any, app: Application | None) -> Any:
    return services.draft_save(actor=actor, home_right_id=w["right"].pk, round_id=w["round"].pk,
                               entities=[EntityChoice("study_module", w["module_a"].pk)], justification="HOPS")


def _draft_change(w: dict[str, Any], actor: Any, app: Application | None) -> Any:
    assert app is not None
    return services.draft_save(actor=actor, home_right_id=w["right"].pk, round_id=w["round"].pk,
                               application_id=app.pk, justification="Muutettu",
                               entities=[EntityChoice("study_module", w["module_b"].pk)])


ACTIONS: dict[str, tuple[Setup, Call, set[str]]] = {
    "endorse": (submitted, lambda w, a, app: services.endorse(actor=a, application_id=app.pk, endorse=True),
                {"home"}),
    "decline": (submitted, lambda w, a, app: services.endorse(actor=a, application_id=app.pk, endorse=False,
                                                              reason="Ei HOPSissa"), {"home"}),
    "decide": (endorsed, lambda w, a, app: services.decide(actor=a, application_id=app.pk,
                                                           decisions=_entities(app)), {"host"}),
    "request_supplement": (endorsed, lambda w, a, app: services.request_supplement(
        actor=a, application_id=app.pk, text="Lisää HOPS"), {"host"}),
    "draft_save (new)": (lambda w: None, _draft_new, {"student"}),
    "draft_save (change)": (draft, _draft_change, {"student"}),
    "submit": (draft, lambda w, a, app: services.submit(actor=a, application_id=app.pk), {"student"}),
    "withdraw": (submitted, lambda w, a, app: services.withdraw(actor=a, application_id=app.pk), {"student"}),
    "attachment_add": (draft, lambda w, a, app: services.attachment_add(
        actor=a, application_id=app.pk, kind="other", upload=SimpleUploadedFile("a.pdf", PDF)), {"student"}),
    "transcript_generate": (draft, lambda w, a, app: services.transcript_generate(actor=a, application_id=app.pk),
                            {"student"}),
}


@pytest.mark.parametrize("who", ACTORS)
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_r_joo_permissions_matrix(w: dict[str, Any], action: str, who: str) -> None:
    setup, call, allowed = ACTIONS[action]
    app = setup(w)
    actor = _actor(w, who)
    files_before = sorted(w["tmp"].rglob("*"))
    before = _state(app)
    if who in allowed:
        call(w, actor, app)
        assert _state(app) != before
        return
    with pytest.raises(PermissionDenied):
        call(w, actor, app)
    assert _state(app) == before
    assert sorted(w["tmp"].rglob("*")) == files_before


@pytest.mark.parametrize("who", ["home", "third", "student", "anonymous", "no_role"])
def test_r_joo_1_others_than_the_host_get_permission_denied_not_not_found(w: dict[str, Any], who: str) -> None:
    """Before endorsement the host gets NotFound (R-JOO-1); anyone else who is not the host is denied."""
    app = submitted(w)
    before = _state(app)
    with pytest.raises(PermissionDenied):
        services.decide(actor=_actor(w, who), application_id=app.pk, decisions=_entities(app))
    assert _state(app) == before


def test_r_joo_1_host_before_endorsement_gets_not_found(w: dict[str, Any]) -> None:
    app = submitted(w)
    before = _state(app)
    with pytest.raises(NotFound):
        services.decide(actor=w["host_officer"], application_id=app.pk, decisions=_entities(app))
    with pytest.raises(NotFound):
        services.request_supplement(actor=w["host_officer"], application_id=app.pk, text="Lisää")
    assert _state(app) == before


def test_another_student_cannot_touch_the_application(w: dict[str, Any]) -> None:
    """A second student (own login, own identity) of the same home university is not the applicant."""
    from joopas.accounts import api as accounts_api
    from joopas.rights.tests.factories import make_person

    other_person = make_person(w["hy"], actor=w["home_officer"])
    other = UserFactory()
    accounts_api.identity_bind(user_id=other.pk, key=other_person.hetu_key)
    app = draft(w)
    before = _state(app)
    for call in (lambda: services.submit(actor=other, application_id=app.pk),
                 lambda: services.withdraw(actor=other, application_id=app.pk),
                 lambda: _draft_change(w, other, app),
                 lambda: _draft_new(w, other, None),  # with the first student's home right
                 lambda: services.attachment_add(actor=other, application_id=app.pk, kind="other",
                                                 upload=SimpleUploadedFile("a.pdf", PDF))):
        with pytest.raises(PermissionDenied):
            call()
    assert _state(app) == before
