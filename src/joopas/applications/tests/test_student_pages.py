"""The student's JOO pages: the list, a new application (round → form), the form's actions (save, send, transcript,
uploads, remove), the receipt with the decision and the JOO right (R-JOO-3, R-JOO-8), withdrawing, and the
attachment download for the student and the two study offices (R-JOO-1: the host only after the endorsement).
Refusals are shown translated and change nothing; someone else's application is 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from joopas.accounts.tests.factories import UserFactory
from joopas.applications import services
from joopas.applications.codes import Event
from joopas.applications.models import Application, ApplicationHistory, Attachment, RequestedEntity
from joopas.applications.tests.factories import (
    PDF,
    PNG,
    draft,
    endorsed,
    granted,
    make_round,
    make_world,
    pdf,
)
from joopas.core.clock import today
from joopas.core.models import AuditEvent
from joopas.core.tests.matrix import logged_in as _client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_files(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Attachments go to a temporary directory, not the development files."""
    monkeypatch.setattr(Attachment._meta.get_field("file"), "storage", FileSystemStorage(location=tmp_path))


@pytest.fixture
def w() -> dict[str, Any]:
    return make_world()


def _en(text: str) -> str:
    """The text as the English page shows it (a template's own text is not escaped)."""
    with translation.override("en"):
        return str(translation.gettext(text))


def _state() -> tuple[Any, ...]:
    return (list(Application.objects.values_list("id", "status", "number", "justification", "round_id")),
            list(RequestedEntity.objects.values_list("id", "entity_kind", "entity_id", "position", "decision")),
            list(Attachment.objects.values_list("id", "kind", "original_name")), ApplicationHistory.objects.count())


def _new_post(w: dict[str, Any], *entities: tuple[str, Any], action: str = "save", justification: str = "HOPS: minor",
              orders: dict[str, str] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"round": w["round"].pk, "right": w["right"].pk, "action": action,
                            "justification": justification, "modules": [], "units": []}
    for kind, row in entities:
        if kind == "study_module":
            data["modules"].append(f"m{row.pk}")
        else:
            data["units"].append(f"u{row.pk}")
    data.update(orders or {})
    return data


def _edit(app: Application) -> str:
    return reverse("applications:edit", args=[app.pk])


# --- rendering and access ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_pages_render_for_the_student_in_each_language(w: dict[str, Any], lang: str) -> None:
    app = draft(w)
    c = _client(w["student"], lang)
    urls = [reverse("applications:my"), reverse("applications:new"),
            reverse("applications:new") + f"?round={w['round'].pk}&right={w['right'].pk}",
            _edit(app), reverse("applications:detail", args=[app.pk])]
    for url in urls:
        response = c.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{lang}">' in response.content.decode()


def test_anonymous_is_sent_to_log_in(w: dict[str, Any]) -> None:
    app = draft(w)
    services.attachment_add(actor=w["student"], application_id=app.pk, kind="transcript", upload=pdf())
    att = Attachment.objects.get()
    before = _state()
    c = Client()
    for url in [reverse("applications:my"), reverse("applications:new"), _edit(app),
                reverse("applications:detail", args=[app.pk]), reverse("applications:attachment", args=[att.pk])]:
        response = c.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")), url
    response = c.post(_edit(app), {"action": "save", "justification": "x"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert _state() == before


def test_someone_elses_application_is_404_and_nothing_changes(w: dict[str, Any]) -> None:
    app = draft(w)
    before = _state()
    for user in (UserFactory(), w["home_officer"], w["host_officer"]):
        c = _client(user)
        assert c.get(reverse("applications:detail", args=[app.pk])).status_code == 404
        assert c.get(_edit(app)).status_code == 404
        assert c.post(_edit(app), {"action": "save", "modules": [f"m{w['module_a'].pk}"],
                                   "justification": "changed"}).status_code == 404
        assert c.post(reverse("applications:withdraw", args=[app.pk]), {"confirm": "yes"}).status_code == 404
    assert _state() == before
    assert _client(w["student"]).get(reverse("applications:detail", args=[999999])).status_code == 404
    assert _client(w["student"]).get(reverse("applications:attachment", args=[999999])).status_code == 404


def test_a_user_without_a_home_person_gets_a_plain_explanation_and_no_read_row(w: dict[str, Any]) -> None:
    c = _client(UserFactory())
    response = c.get(reverse("applications:my"))
    assert response.status_code == 200
    assert _en("Your account is not linked to a study right at any university in Joopas yet, so you cannot apply "
               "for a flexible study right (JOO) here.") in response.content.decode()
    response = c.get(reverse("applications:new"))
    assert response.status_code == 200
    assert not AuditEvent.objects.filter(event=Event.LIST_READ).exists()


def test_the_list_shows_applications_rights_and_writes_the_read_row(w: dict[str, Any]) -> None:
    app = draft(w)
    response = _client(w["student"]).get(reverse("applications:my"))
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("applications:detail", args=[app.pk]) in html
    assert reverse("applications:new") in html
    assert _en("Finish the application and send it while the application period is open.") in html
    row = AuditEvent.objects.get(event=Event.LIST_READ)
    assert row.actor_id == w["student"].pk and row.after["application_ids"] == [app.pk]


def test_new_lists_only_other_universities_rounds_with_their_dates(w: dict[str, Any]) -> None:
    own = make_round(w["hy"])
    later = make_round(w["tuni"], opens=today() + dt.timedelta(days=5), closes=today() + dt.timedelta(days=30))
    html = _client(w["student"]).get(reverse("applications:new")).content.decode()
    assert f'value="{w["round"].pk}"' in html and f'value="{later.pk}"' in html
    assert f'value="{own.pk}"' not in html
    assert f"open until {w['round'].closes_on.day} " in html
    assert f"opens {later.opens_on.day} " in html


def test_new_with_a_bad_round_shows_the_choice_again(w: dict[str, Any]) -> None:
    response = _client(w["student"]).get(reverse("applications:new") + "?round=abc&right=1")
    assert response.status_code == 200
    assert _en("That round is not open for applications. Choose one of the rounds shown.") in \
        response.content.decode()


# --- the flow ---------------------------------------------------------------------------------------------------

def test_full_flow_draft_upload_transcript_send(w: dict[str, Any]) -> None:
    c = _client(w["student"])
    response = c.post(reverse("applications:new"),
                      _new_post(w, ("study_module", w["module_a"]), ("study_module", w["module_b"]),
                                orders={f"order_m{w['module_a'].pk}": "2", f"order_m{w['module_b'].pk}": "1"}))
    app = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == _edit(app)
    assert app.status == "draft" and app.number == "" and app.justification == "HOPS: minor"
    # the preference order: module B first
    assert list(app.entities.values_list("entity_id", "position")) == [(w["module_b"].pk, 1), (w["module_a"].pk, 2)]
    response = c.post(_edit(app), {"transcript-kind": "transcript", "transcript-file": pdf(),
                                   "action": "upload_transcript"})
    assert response.status_code == 302
    att = Attachment.objects.get()
    assert (att.kind, att.original_name, att.content_type) == ("transcript", "transcript.pdf", "application/pdf")
    response = c.post(_edit(app), {"action": "send", "modules": [f"m{w['module_a'].pk}", f"m{w['module_b'].pk}"],
                                   f"order_m{w['module_a'].pk}": "2", f"order_m{w['module_b'].pk}": "1",
                                   "justification": "HOPS: minor"})
    app.refresh_from_db()
    assert response.status_code == 302 and response["Location"] == reverse("applications:detail", args=[app.pk])
    assert app.status == "submitted" and app.number == f"JOO-{today().year}-{app.pk:06d}"
    receipt = c.get(response["Location"]).content.decode()
    assert app.number in receipt and w["module_b"].code in receipt
    assert receipt.index(w["module_b"].code) < receipt.index(w["module_a"].code)


def test_save_without_entities_shows_the_error_and_creates_nothing(w: dict[str, Any]) -> None:
    response = _client(w["student"]).post(reverse("applications:new"), _new_post(w))
    assert response.status_code == 200
    assert _en("Choose at least one study module or course.") in response.content.decode()
    assert not Application.objects.exists()


def test_entity_not_in_the_offering_is_refused(w: dict[str, Any]) -> None:
    response = _client(w["student"]).post(reverse("applications:new"),
                                          _new_post(w, ("course_unit", w["not_offered"])))
    assert response.status_code == 200
    assert "That study module or course is not in this university" in response.content.decode()
    assert not Application.objects.exists()


def test_markup_in_the_justification_is_shown_at_the_field(w: dict[str, Any]) -> None:
    app = draft(w)
    before = _state()
    response = _client(w["student"]).post(_edit(app), {"action": "save", "modules": [f"m{w['module_a'].pk}"],
                                                       "justification": "<script>x</script>"})
    assert response.status_code == 200
    assert "Plain text only" in response.content.decode()
    assert _state() == before


def test_only_single_courses_shows_the_module_nudge(w: dict[str, Any]) -> None:
    app = draft(w, ("course_unit", w["single"]))
    html = _client(w["student"]).get(_edit(app)).content.decode()
    assert _en("You chose only single courses. The agreement asks you to apply for a whole study module rather than "
               "single courses where you can. Consider choosing a study module instead.") in html
    html = _client(w["student"]).get(_edit(draft(w))).content.decode()
    assert "You chose only single courses" not in html


def test_transcript_is_generated_and_shown_empty_with_the_explanation(w: dict[str, Any]) -> None:
    app = services.draft_save(actor=w["student"], home_right_id=w["right"].pk, round_id=w["round"].pk,
                              entities=[services.EntityChoice("study_module", w["module_a"].pk)], justification="x")
    c = _client(w["student"])
    response = c.post(_edit(app), {"action": "transcript"})
    app.refresh_from_db()
    assert response.status_code == 302 and app.transcript_generated_at is not None
    html = c.get(_edit(app)).content.decode()
    assert _en("There are no completions in the service yet. Your home university's study office sees your records "
               "in its own system.") in html
    assert AuditEvent.objects.filter(event=Event.TRANSCRIPT_GENERATED).count() == 1


@pytest.mark.parametrize(("name", "content", "message"), [
    ("virus.exe", b"MZ" + b"\x00" * 20, "This file type is not accepted."),
    ("big.pdf", b"%PDF-" + b"\x00" * (5 * 1024 * 1024 + 1 - 5), "The file is too large: at most 5 MB."),
    ("image.pdf", PNG, "The file's content does not match its name (.pdf)."),
])
def test_bad_attachment_is_refused_with_the_message_and_no_row(w: dict[str, Any], name: str, content: bytes,
                                                               message: str) -> None:
    app = draft(w)
    before = _state()
    c = _client(w["student"])
    for data in ({"action": "upload", "attachment-kind": "other",
                  "attachment-file": SimpleUploadedFile(name, content)},
                 {"action": "upload_transcript", "transcript-kind": "transcript",
                  "transcript-file": SimpleUploadedFile(name, content)}):
        response = c.post(_edit(app), data)
        assert response.status_code == 200
        assert escape(message) in response.content.decode()
    assert not Attachment.objects.exists()
    assert _state() == before
    assert not AuditEvent.objects.filter(event=Event.ATTACHMENT_ADDED).exists()


def test_upload_without_a_file_shows_the_field_error(w: dict[str, Any]) -> None:
    app = draft(w)
    response = _client(w["student"]).post(_edit(app), {"action": "upload", "attachment-kind": "other"})
    assert response.status_code == 200
    assert _en("Choose a file to upload.") in response.content.decode()
    assert not Attachment.objects.exists()


def test_attachment_is_added_and_removed(w: dict[str, Any]) -> None:
    app = draft(w)
    c = _client(w["student"])
    response = c.post(_edit(app), {"action": "upload", "attachment-kind": "study_plan",
                                   "attachment-file": SimpleUploadedFile("hops.png", PNG)})
    assert response.status_code == 302
    att = Attachment.objects.get()
    assert (att.kind, att.content_type) == ("study_plan", "image/png")
    assert "hops.png" in c.get(_edit(app)).content.decode()
    assert c.post(_edit(app), {"action": "remove", "attachment": "abc"}).status_code == 404
    assert c.post(_edit(app), {"action": "remove", "attachment": str(att.pk + 1000)}).status_code == 404
    response = c.post(_edit(app), {"action": "remove", "attachment": str(att.pk)})
    assert response.status_code == 302 and not Attachment.objects.exists()


def test_send_after_the_round_closed_shows_the_error_and_stays_draft(w: dict[str, Any]) -> None:
    w["round"] = make_round(w["aalto"], opens=today() - dt.timedelta(days=30), closes=today() - dt.timedelta(days=1))
    app = draft(w)
    before = _state()
    response = _client(w["student"]).post(_edit(app), {"action": "send", "modules": [f"m{w['module_a'].pk}"],
                                                       "justification": "HOPS: changed"})
    assert response.status_code == 200
    assert "The application period closed on" in response.content.decode()
    app.refresh_from_db()
    assert app.status == "draft" and app.number == ""
    assert _state() == before  # the save before the send is rolled back too


def test_a_round_not_yet_open_saves_but_does_not_send(w: dict[str, Any]) -> None:
    w["round"] = make_round(w["aalto"], opens=today() + dt.timedelta(days=3), closes=today() + dt.timedelta(days=40))
    c = _client(w["student"])
    response = c.post(reverse("applications:new"), _new_post(w, ("study_module", w["module_a"])))
    assert response.status_code == 302
    app = Application.objects.get()
    c.post(_edit(app), {"action": "transcript"})
    response = c.post(_edit(app), {"action": "send", "modules": [f"m{w['module_a'].pk}"], "justification": "x"})
    assert response.status_code == 200
    assert "The application period has not started yet." in response.content.decode()
    app.refresh_from_db()
    assert app.status == "draft"


def test_supplement_request_is_shown_and_the_student_resubmits(w: dict[str, Any]) -> None:
    app = endorsed(w)
    services.request_supplement(actor=w["host_officer"], application_id=app.pk, text="Lisää HOPS.")
    c = _client(w["student"])
    html = c.get(_edit(app)).content.decode()
    assert "Lisää HOPS." in html and _en("Send the supplemented application") in html
    response = c.post(_edit(app), {"action": "send", "modules": [f"m{w['module_a'].pk}", f"m{w['module_b'].pk}"],
                                   "justification": "HOPS: sivuaine, lisätty"})
    app.refresh_from_db()
    assert response.status_code == 302
    assert app.status == "endorsed" and app.justification == "HOPS: sivuaine, lisätty"


def test_a_sent_application_cannot_be_edited_from_the_page(w: dict[str, Any]) -> None:
    app = services.submit(actor=w["student"], application_id=draft(w).pk)
    before = _state()
    c = _client(w["student"])
    assert c.get(_edit(app))["Location"] == reverse("applications:detail", args=[app.pk])
    response = c.post(_edit(app), {"action": "save", "modules": [f"m{w['module_a'].pk}"], "justification": "x"})
    assert response.status_code == 302
    assert _state() == before


# --- the receipt -------------------------------------------------------------------------------------------------

def test_receipt_writes_the_read_row_and_shows_the_due_date(w: dict[str, Any]) -> None:
    app = endorsed(w)
    html = _client(w["student"]).get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert app.number in html and _en("Decision due by") in html
    assert AuditEvent.objects.filter(event=Event.READ, subject_id=str(app.pk), actor=w["student"]).count() == 1


def test_r_joo_8_granted_receipt_shows_the_right_terms_and_course_links(w: dict[str, Any]) -> None:
    services.terms_save(actor=w["host_officer"], organisation_id=w["aalto"].pk,
                        values={"admission_en": "Enrol in Sisu.", "services_en": "Library card at the desk."})
    app = granted(w)
    html = _client(w["student"]).get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert "Enrol in Sisu." in html and "Library card at the desk." in html
    assert _en("Your JOO study right") in html and "Ei tilaa" in html
    for unit in (w["unit_a1"], w["unit_a2"]):
        assert reverse("catalogue:course", args=[unit.pk]) in html
    assert reverse("catalogue:course", args=[w["unit_b1"].pk]) not in html
    assert _en("Withdraw application") not in html
    my = _client(w["student"]).get(reverse("applications:my")).content.decode()
    assert app.number in my and reverse("catalogue:course", args=[w["unit_a1"].pk]) in my


def test_withdraw_needs_the_confirmation(w: dict[str, Any]) -> None:
    app = draft(w)
    c = _client(w["student"])
    c.post(reverse("applications:withdraw", args=[app.pk]), {})
    app.refresh_from_db()
    assert app.status == "draft"
    c.post(reverse("applications:withdraw", args=[app.pk]), {"confirm": "yes"})
    app.refresh_from_db()
    assert app.status == "withdrawn"
    assert c.get(reverse("applications:withdraw", args=[app.pk])).status_code == 405


# --- attachments (R-JOO-1) ----------------------------------------------------------------------------------------

def test_r_joo_1_attachment_download_by_the_student_and_the_two_offices(w: dict[str, Any]) -> None:
    app = draft(w)
    att = services.attachment_add(actor=w["student"], application_id=app.pk, kind="transcript", upload=pdf())
    url = reverse("applications:attachment", args=[att.pk])
    response = _client(w["student"]).get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="transcript.pdf"'
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    # the home office does not see a draft; the host sees nothing before the endorsement
    assert _client(w["home_officer"]).get(url).status_code == 404
    assert _client(w["host_officer"]).get(url).status_code == 404
    services.submit(actor=w["student"], application_id=app.pk)
    assert _client(w["home_officer"]).get(url).status_code == 200
    assert _client(w["host_officer"]).get(url).status_code == 404
    services.endorse(actor=w["home_officer"], application_id=app.pk, endorse=True)
    assert _client(w["host_officer"]).get(url).status_code == 200
    assert _client(w["tuni_officer"]).get(url).status_code == 404
    assert _client(UserFactory()).get(url).status_code == 404
    reads = AuditEvent.objects.filter(event=Event.ATTACHMENT_READ, subject_id=str(app.pk))
    assert sorted(reads.values_list("actor_id", flat=True)) == sorted(
        [w["student"].pk, w["home_officer"].pk, w["host_officer"].pk])


def test_new_refuses_a_tampered_round_or_right_and_creates_nothing(w: dict[str, Any]) -> None:
    own = make_round(w["hy"])
    other_right = make_world()["right"]
    c = _client(w["student"])
    for changes in ({"round": own.pk}, {"right": other_right.pk}, {"round": "x"}):
        data = {**_new_post(w, ("study_module", w["module_a"])), **changes}
        response = c.post(reverse("applications:new"), data)
        assert response.status_code == 200
        assert _en("Choose the round again.") in response.content.decode()
    response = c.post(reverse("applications:new"), _new_post(w, ("study_module", w["module_a"]), action="upload"))
    assert response.status_code == 200
    assert _en("Save the draft first. Then you can add your transcript and attachments.") in response.content.decode()
    assert not Application.objects.exists()
