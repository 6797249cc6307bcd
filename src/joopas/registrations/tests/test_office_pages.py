"""The study offices' registration pages: the host's queue (filters, search, counts, export, bulk accept / reject),
the decision page, the home's outgoing list, the desk's counts, and the permission matrix."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from joopas.accounts.tests.factories import UserFactory
from joopas.core.models import AuditEvent
from joopas.core.tests import matrix
from joopas.core.tests.matrix import logged_in as _client
from joopas.registrations import rules, services
from joopas.registrations.models import Selection, SelectionHistory
from joopas.registrations.tests.factories import accepted, make_world, register
from joopas.rights import api as rights_api
from joopas.rights.tests.factories import make_home_right, make_person, officer

pytestmark = pytest.mark.django_db


def _second_student(w: dict[str, Any], **person: Any) -> Any:
    """Another student of the home university, eligible for the network, registered by the home office."""
    p = make_person(w["hy"], actor=w["home_officer"], **person)
    right = make_home_right(p, actor=w["home_officer"], networks=[w["network"]])
    reg = services.registration_create(actor=w["home_officer"], home_right_id=right.pk, network_id=w["network"].pk,
                                       realisation_ids=[w["real"].pk], now=w["now"])
    return p, reg


@pytest.fixture
def w() -> dict[str, Any]:
    return make_world()


def _statuses() -> dict[int, int]:
    return dict(Selection.objects.values_list("pk", "status"))


def test_queue_lists_the_registrations_with_counts_and_writes_a_read_row(w: dict[str, Any]) -> None:
    """R-ACC-6: the queue shows the students and records who was shown."""
    reg = register(w)
    sel = reg.selections.get()
    c = _client(w["host_officer"])
    page = c.get("/registrations/queue/").content.decode()
    person = w["person"]
    assert f"{person.last_name}, {person.first_names}" in page
    assert f'href="/registrations/queue/{sel.pk}/"' in page
    assert '<span class="badge badge-progress">waiting for the host&#x27;s decision</span> 1' in page
    assert "1 registration" in page
    assert 'name="select_all"' in page and f'name="page_ids" value="{sel.pk}"' in page
    assert '<script src="/static/core/bulk_actions.js" defer></script>' in page
    row = AuditEvent.objects.filter(event="registrations.queue.read").get()
    assert row.person_oid == person.learner_oid
    assert row.after == {"person_oids": [person.learner_oid], "organisation_id": w["aalto"].pk, "rows": 1, "page": 1}


def test_queue_filters_and_search(w: dict[str, Any]) -> None:
    register(w)
    _other, reg2 = _second_student(w, first_names="Ville", last_name="Vierailija", student_number="H777")
    services.selection_decide(actor=w["host_officer"], selection_id=reg2.selections.get().pk, accept=False,
                              reason="Kurssi on täynnä.")
    c = _client(w["host_officer"])
    assert "2 registrations" in c.get("/registrations/queue/").content.decode()
    by_name = c.get("/registrations/queue/?q=vierailija").content.decode()
    assert "1 registration" in by_name and "Vierailija, Ville" in by_name
    by_number = c.get("/registrations/queue/?q=H777").content.decode()
    assert "1 registration" in by_number and "Vierailija, Ville" in by_number
    pending = c.get(f"/registrations/queue/?status={rules.PENDING}").content.decode()
    assert "1 registration" in pending and "Vierailija" not in pending
    none = c.get(f"/registrations/queue/?organisation={w['tuni'].pk}").content.decode()
    assert "No registration matches the filters." in none
    bad = c.get("/registrations/queue/?status=x&network=-1&page=abc")
    assert bad.status_code == 200


def test_queue_export_is_the_filtered_list_as_safe_csv(w: dict[str, Any]) -> None:
    register(w)
    _second_student(w, first_names="=HYPERLINK(1)", last_name="Excel")
    c = _client(w["host_officer"])
    response = c.get("/registrations/queue/?q=Excel&export=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Registered", "Student", "Home institution"]
    assert len(rows) == 2
    assert rows[1][1] == "Excel, =HYPERLINK(1)"  # starts with a letter: safe as it is
    assert rows[1][7] == "waiting for the host's decision"
    assert AuditEvent.objects.filter(event="registrations.queue.read", after__export="csv").count() == 1


def test_decision_page_shows_the_student_masked_and_the_history_in_words(w: dict[str, Any]) -> None:
    reg = register(w)
    sel = reg.selections.get()
    page = _client(w["host_officer"]).get(f"/registrations/queue/{sel.pk}/").content.decode()
    person = rights_api.get_person(w["person"].pk)
    assert person is not None and person.hetu_masked
    assert person.hetu_masked in page
    assert w["person"].hetu_key not in page
    assert "The student registered. The registration waits for the host&#x27;s decision." in page
    assert "Accept the registration" in page and "Reject the registration" in page
    read = AuditEvent.objects.get(event="registrations.selection.read")
    assert (read.subject_id, read.person_oid) == (str(sel.pk), w["person"].learner_oid)


def test_r_reg_3_accept_on_the_decision_page_makes_the_host_right_official(w: dict[str, Any]) -> None:
    """R-REG-3: acceptance with the host student number; the host right identifier is shown afterwards."""
    reg = register(w)
    sel = reg.selections.get()
    c = _client(w["host_officer"])
    response = c.post(f"/registrations/queue/{sel.pk}/", {"action": "accept", "accept-host_student_number": "AA-123"})
    assert response.status_code == 302
    sel.refresh_from_db()
    assert (sel.status, sel.host_student_number) == (rules.ACCEPTED, "AA-123")
    right = rights_api.get_right(reg.host_right_id or 0)
    assert right is not None and right.kind == "host_official"
    page = c.get(f"/registrations/queue/{sel.pk}/").content.decode()
    assert "The registration was accepted." in page
    assert f"<dt>Study right at the host</dt><dd>{right.identifier}" in page
    assert "The host accepted the registration." in page
    assert "Accept the registration" not in page


def test_reject_needs_a_reason_and_changes_nothing_without_one(w: dict[str, Any]) -> None:
    reg = register(w)
    sel = reg.selections.get()
    c = _client(w["host_officer"])
    response = c.post(f"/registrations/queue/{sel.pk}/", {"action": "reject", "reject-reason": "  "})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'aria-invalid="true"' in page and "Give the reason for the rejection; the student sees it." in page
    sel.refresh_from_db()
    assert sel.status == rules.PENDING
    assert SelectionHistory.objects.filter(selection=sel).count() == 1
    c.post(f"/registrations/queue/{sel.pk}/", {"action": "reject", "reject-reason": "Esitiedot puuttuvat."})
    sel.refresh_from_db()
    assert (sel.status, sel.reason) == (rules.REJECTED, "Esitiedot puuttuvat.")
    assert "The host rejected the registration. Reason: Esitiedot puuttuvat." in \
        c.get(f"/registrations/queue/{sel.pk}/").content.decode()


def test_bulk_accept_applies_each_and_reports_the_refused_one_with_its_reason(w: dict[str, Any]) -> None:
    """Two pending selections and one already rejected: 2 accepted, 1 refused — nothing partial in any."""
    first = register(w).selections.get()
    _p2, reg2 = _second_student(w)
    _p3, reg3 = _second_student(w, first_names="Reetta", last_name="Refused")
    second, third = reg2.selections.get(), reg3.selections.get()
    services.selection_decide(actor=w["host_officer"], selection_id=third.pk, accept=False, reason="Täynnä.")
    history_before = SelectionHistory.objects.filter(selection=third).count()
    c = _client(w["host_officer"])
    response = c.post("/registrations/queue/", {"selected": [first.pk, second.pk, third.pk], "bulk_action": "accept",
                                                "reason": "", "qs": "status=1"}, follow=True)
    assert response.redirect_chain[-1][0] == "/registrations/queue/?status=1"
    page = response.content.decode()
    unit = w["unit"]
    assert ("2 accepted, 1 refused: Reetta Refused, "
            f"{unit.code} {unit.name_en or unit.name_fi}: It is no longer waiting for a decision (now: rejected).") \
        in page.replace("&#x27;", "'")
    assert _statuses() == {first.pk: rules.ACCEPTED, second.pk: rules.ACCEPTED, third.pk: rules.REJECTED}
    assert SelectionHistory.objects.filter(selection=third).count() == history_before
    third.refresh_from_db()
    assert third.reason == "Täynnä."


def test_bulk_select_all_on_the_page_works_without_javascript(w: dict[str, Any]) -> None:
    first = register(w).selections.get()
    _p2, reg2 = _second_student(w)
    second = reg2.selections.get()
    c = _client(w["host_officer"])
    c.post("/registrations/queue/", {"select_all": "1", "page_ids": [first.pk, second.pk], "bulk_action": "reject",
                                     "reason": "Kurssi peruttiin."})
    assert _statuses() == {first.pk: rules.REJECTED, second.pk: rules.REJECTED}
    assert set(Selection.objects.values_list("reason", flat=True)) == {"Kurssi peruttiin."}


def test_bulk_reject_without_a_reason_or_without_rows_changes_nothing(w: dict[str, Any]) -> None:
    sel = register(w).selections.get()
    c = _client(w["host_officer"])
    page = c.post("/registrations/queue/", {"selected": [sel.pk], "bulk_action": "reject", "reason": ""},
                  follow=True).content.decode()
    assert "Give the reason for the rejection; the student sees it." in page.replace("&#x27;", "'")
    page = c.post("/registrations/queue/", {"bulk_action": "accept"}, follow=True).content.decode()
    assert "Choose at least one registration first." in page
    assert _statuses() == {sel.pk: rules.PENDING}


def test_bulk_cannot_touch_another_institutions_registration(w: dict[str, Any]) -> None:
    sel = register(w).selections.get()
    tuni_officer = officer(w["tuni"])
    page = _client(tuni_officer).post("/registrations/queue/", {"selected": [sel.pk], "bulk_action": "accept"},
                                      follow=True).content.decode()
    assert f"0 accepted, 1 refused: #{sel.pk}: It is not a registration to your institution." in page
    assert _statuses() == {sel.pk: rules.PENDING}


def test_outgoing_lists_the_home_students_registrations(w: dict[str, Any]) -> None:
    reg = accepted(w)
    c = _client(w["home_officer"])
    page = c.get("/registrations/outgoing/").content.decode()
    assert f"{w['person'].last_name}, {w['person'].first_names}" in page
    assert '<span class="badge badge-success">accepted</span>' in page
    assert AuditEvent.objects.filter(event="registrations.outgoing.read").count() == 1
    rows = list(csv.reader(io.StringIO(c.get("/registrations/outgoing/?export=csv").content.decode())))
    assert rows[0][2] == "Host institution" and rows[1][7] == "accepted" and rows[1][8] == "A1"
    # the home office reads the decision page but cannot decide
    sel = reg.selections.get()
    detail = c.get(f"/registrations/queue/{sel.pk}/")
    assert detail.status_code == 200 and "Accept the registration" not in detail.content.decode()
    assert c.post(f"/registrations/queue/{sel.pk}/", {"action": "reject", "reject-reason": "x"}).status_code == 403


def test_outgoing_of_the_host_is_empty_and_says_what_happens(w: dict[str, Any]) -> None:
    register(w)
    page = _client(w["host_officer"]).get("/registrations/outgoing/").content.decode()
    assert "None of your students has registered to another institution's courses yet." in page


def test_desk_counts_registrations_waiting_for_a_decision(w: dict[str, Any]) -> None:
    register(w)
    _second_student(w)
    host = _client(w["host_officer"]).get("/accounts/desk/").content.decode()
    assert ('<a href="/registrations/queue/?status=1">Registrations waiting for your decision</a> '
            '<span class="count">2') in host
    home = _client(w["home_officer"]).get("/accounts/desk/").content.decode()
    assert "Outgoing registrations (2 waiting for the host&#x27;s decision)" in home


def test_pages_are_translated(w: dict[str, Any]) -> None:
    register(w)
    fi = _client(w["host_officer"], "fi").get("/registrations/queue/").content.decode()
    sv = _client(w["host_officer"], "sv").get("/registrations/queue/").content.decode()
    assert "Registrations to your institution" not in fi
    assert "Registrations to your institution" not in sv


# --- permission matrix ----------------------------------------------------------------------------------------

CASES = [
    ("queue", "get", "/registrations/queue/", None),
    ("decide page", "get", "/registrations/queue/{sel}/", None),
    ("decide accept", "post", "/registrations/queue/{sel}/", {"action": "accept"}),
    ("bulk accept", "post", "/registrations/queue/", {"selected": "{sel}", "bulk_action": "accept"}),
    ("outgoing", "get", "/registrations/outgoing/", None),
]


@pytest.mark.parametrize("actor", matrix.ACTORS)
@pytest.mark.parametrize(("name", "method", "url", "data"), CASES)
def test_permission_matrix(w: dict[str, Any], actor: str, name: str, method: str, url: str,
                           data: dict[str, Any] | None) -> None:
    """Anonymous: the login page; a user without an office role: 403; an officer of another institution: 403 on
    the decision page, their own (empty) lists, every bulk row refused; the own office: allowed. A denial changes
    nothing."""
    sel = register(w).selections.get()
    own = w["home_officer"] if name == "outgoing" else w["host_officer"]
    users = {"own": own, "other": officer(w["tuni"]), "no_role": UserFactory()}
    world = {"sel": sel.pk}
    before = (_statuses(), SelectionHistory.objects.count())
    response = matrix.send(matrix.client_for(actor, users), method=method, url=matrix.fill(url, world),
                           data=matrix.fill(data, world) if data else None)
    if actor == "own":
        matrix.assert_allowed(response, name)
        return
    if name in ("queue", "outgoing") and actor == "other":
        assert response.status_code == 200  # an office elsewhere sees its own list, without this student
        assert w["person"].last_name not in response.content.decode()
    elif name == "bulk accept" and actor == "other":
        assert response.status_code == 302  # an officer elsewhere: every row refused
    else:
        matrix.assert_denied(response, name, actor=actor, api=False)
    assert (_statuses(), SelectionHistory.objects.count()) == before


def test_bulk_choice_reads_ticked_rows_or_the_whole_page_and_ignores_garbage() -> None:
    from django.http import QueryDict

    from joopas.core.bulk import selected_ids

    assert selected_ids(QueryDict("selected=3&selected=x&selected=3&selected=-1&page_ids=9")) == [3]
    assert selected_ids(QueryDict("select_all=1&selected=3&page_ids=9&page_ids=10")) == [9, 10]
    assert selected_ids(QueryDict("")) == []
