"""The records pages: the host's completion form (bulk entry, per-row errors), correcting and removing a record, the
home's incoming credits (approve, change, refuse, bulk approve), conversion tables, the desk, and the permission
matrix."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from joopas.accounts.tests.factories import UserFactory
from joopas.core.clock import today
from joopas.core.models import AuditEvent
from joopas.core.tests import matrix
from joopas.core.tests.matrix import logged_in as _client
from joopas.records import services
from joopas.records.models import ConversionTable, Credit, Record
from joopas.registrations import services as registration_services
from joopas.registrations.tests.factories import accepted, make_world
from joopas.rights.tests.factories import make_home_right, make_person, officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def w() -> dict[str, Any]:
    world = make_world()
    for key, code in (("hy", "01901"), ("aalto", "10076"), ("tuni", "10122")):  # records travel with tk codes
        world[key].tk_code = code
        world[key].save(update_fields=["tk_code"])
    world["reg"] = accepted(world)
    p2 = make_person(world["hy"], actor=world["home_officer"], first_names="Toinen", last_name="Opiskelija")
    right = make_home_right(p2, actor=world["home_officer"], networks=[world["network"]])
    reg2 = registration_services.registration_create(actor=world["home_officer"], home_right_id=right.pk,
                                                     network_id=world["network"].pk,
                                                     realisation_ids=[world["real"].pk], now=world["now"])
    registration_services.selection_decide(actor=world["host_officer"], selection_id=reg2.selections.get().pk,
                                           accept=True, host_student_number="A2")
    world["reg2"], world["p2"] = reg2, p2
    return world


def _rows(w: dict[str, Any], *grades: str, scale: str = "0-5") -> dict[str, Any]:
    """The completion form's post: one row per accepted student, in the page's order."""
    data: dict[str, Any] = {"form-TOTAL_FORMS": str(len(grades)), "form-INITIAL_FORMS": str(len(grades)),
                            "form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "1000"}
    people = [w["reg"].host_person_id, w["reg2"].host_person_id]
    for i, grade in enumerate(grades):
        data.update({f"form-{i}-host_person_id": str(people[i]), f"form-{i}-grade": grade, f"form-{i}-scale": scale,
                     f"form-{i}-credits": "5", f"form-{i}-completion_date": today().isoformat(),
                     f"form-{i}-language": "fi", f"form-{i}-assessor": "Opettaja"})
    return data


def _record(w: dict[str, Any], grade: str = "4", scale: str = "0-5", reg: str = "reg") -> Record:
    return services.record_create(actor=w["host_officer"], host_person_id=w[reg].host_person_id,
                                  realisation_id=w["real"].pk, completion_date=today(), credits=Decimal("5"),
                                  grade=grade, scale=scale)


def test_realisations_list_leads_to_the_completion_form(w: dict[str, Any]) -> None:
    page = _client(w["host_officer"]).get("/records/realisations/").content.decode()
    assert f'href="/records/realisation/{w["real"].pk}/"' in page
    assert '<td class="num">2</td>' in page


def test_completion_form_has_a_row_per_accepted_student_with_defaults(w: dict[str, Any]) -> None:
    c = _client(w["host_officer"])
    page = c.get(f"/records/realisation/{w['real'].pk}/").content.decode()
    assert f"{w['p2'].last_name}, {w['p2'].first_names}" in page
    assert 'name="form-TOTAL_FORMS" value="2"' in page
    assert '<option value="0-5" selected>0–5</option>' in page
    assert 'name="form-0-credits" value="' in page
    read = AuditEvent.objects.get(event="records.completions.read")
    assert read.after is not None and len(read.after["person_oids"]) == 2


def test_r_rec_1_bulk_entry_records_every_graded_row(w: dict[str, Any]) -> None:
    """R-REC-1: rows with a grade become records with a credited copy at home; an empty grade is skipped."""
    c = _client(w["host_officer"])
    response = c.post(f"/records/realisation/{w['real'].pk}/", _rows(w, "5", ""), follow=True)
    assert "1 completion recorded." in response.content.decode()
    record = Record.objects.get()
    assert (record.host_person_id, record.grade, record.scale, record.credits, record.assessor) == (
        w["reg"].host_person_id, "5", "0-5", Decimal("5.0"), "Opettaja")
    assert Credit.objects.get().original_organisation_id == w["aalto"].pk


def test_r_rec_2_a_grade_not_in_its_scale_is_refused_at_its_row_and_nothing_is_saved(w: dict[str, Any]) -> None:
    """R-REC-2: one row's grade is not in its scale: that row shows the error, no row is saved."""
    c = _client(w["host_officer"])
    response = c.post(f"/records/realisation/{w['real'].pk}/", _rows(w, "4", "7"))
    assert response.status_code == 200
    page = response.content.decode()
    assert ('name="form-1-grade" value="7" maxlength="20" aria-invalid="true" '
            'aria-describedby="id_form-1-grade_error" id="id_form-1-grade"') in page
    assert '<ul class="errorlist" id="id_form-1-grade_error"><li>7 is not a grade' in page
    assert "7 is not a grade of the scale 0-5 (grades: 0, 1, 2, 3, 4, 5)." in page
    assert '<a href="#id_form-1-grade">' in page
    assert Record.objects.count() == 0 and Credit.objects.count() == 0


def test_completion_form_refuses_a_student_not_accepted(w: dict[str, Any]) -> None:
    data = _rows(w, "4")
    data["form-0-host_person_id"] = str(w["p2"].pk)  # a home person: never accepted at the host
    response = _client(w["host_officer"]).post(f"/records/realisation/{w['real'].pk}/", data)
    assert response.status_code == 404
    assert Record.objects.count() == 0


def test_r_rec_3_correct_and_remove_reach_the_home_copy(w: dict[str, Any]) -> None:
    """R-REC-3: a correction reopens the home copy; a removal withdraws it."""
    record = _record(w)
    c = _client(w["host_officer"])
    bad = c.post(f"/records/record/{record.pk}/", {"action": "correct", "correct-grade": "A", "correct-scale": "0-5",
                                                   "correct-credits": "5", "correct-completion_date": "2026-01-10"})
    assert bad.status_code == 200 and "A is not a grade of the scale 0-5" in bad.content.decode()
    c.post(f"/records/record/{record.pk}/", {"action": "correct", "correct-grade": "A", "correct-scale": "ects",
                                             "correct-credits": "6", "correct-completion_date": "2026-01-10"})
    record.refresh_from_db()
    assert (record.status, record.grade, record.scale, record.credits) == ("corrected", "A", "ects", Decimal("6.0"))
    assert Credit.objects.get().original_grade == "A"
    c.post(f"/records/record/{record.pk}/", {"action": "remove", "remove-reason": "Väärä opiskelija."})
    record.refresh_from_db()
    credit = Credit.objects.get()
    assert (record.status, credit.status, credit.reason) == ("removed", "withdrawn", "Väärä opiskelija.")
    page = c.get(f"/records/realisation/{w['real'].pk}/").content.decode()
    assert '<span class="badge badge-neutral">removed</span>' in page


def test_credits_page_shows_the_original_and_the_converted_grade_with_the_derivation(w: dict[str, Any]) -> None:
    """R-REC-2: the converted grade is beside the original, with how it was derived."""
    services.conversion_table_set(actor=w["home_officer"], organisation_id=w["hy"].pk, from_scale="0-5",
                                  to_scale="pass-fail", mapping={"0": "HYL", **dict.fromkeys("12345", "HYV")})
    _record(w, "3")
    c = _client(w["home_officer"])
    page = c.get("/records/credits/").content.decode()
    assert "<td>3 (0–5)</td>" in page
    assert "pass (pass / fail)" in page
    assert "Converted with your conversion table: 0–5 3 → pass / fail pass." in page
    assert AuditEvent.objects.filter(event="records.credits.read").count() == 1


def test_credit_approve_change_and_refuse(w: dict[str, Any]) -> None:
    _record(w, "B", "ects")
    credit = Credit.objects.get()
    c = _client(w["home_officer"])
    page = c.get(f"/records/credits/{credit.pk}/").content.decode()
    assert "No conversion table for ECTS A–F" in page
    bad = c.post(f"/records/credits/{credit.pk}/", {"action": "approve", "approve-converted_grade": "9",
                                                    "approve-home_scale": "0-5"})
    assert bad.status_code == 200 and "9 is not a grade of the scale 0-5" in bad.content.decode()
    credit.refresh_from_db()
    assert credit.status == "received"
    c.post(f"/records/credits/{credit.pk}/", {"action": "approve", "approve-converted_grade": "4",
                                              "approve-home_scale": "0-5"})
    credit.refresh_from_db()
    assert (credit.status, credit.converted_grade, credit.home_scale) == ("accepted", "4", "0-5")
    assert "Set by your study office: ECTS A–F B → 0–5 4." in c.get(f"/records/credits/{credit.pk}/").content.decode()
    late = c.post(f"/records/credits/{credit.pk}/", {"action": "reject", "reject-reason": "Myöhässä."})
    assert late.status_code == 200 and "This credit no longer waits for a decision." in late.content.decode()
    credit.refresh_from_db()
    assert (credit.status, credit.reason) == ("accepted", "")


def test_credit_refused_with_a_reason_only(w: dict[str, Any]) -> None:
    _record(w, "2", reg="reg2")
    credit = Credit.objects.get()
    c = _client(w["home_officer"])
    empty = c.post(f"/records/credits/{credit.pk}/", {"action": "reject", "reject-reason": " "})
    assert empty.status_code == 200
    assert 'aria-invalid="true"' in empty.content.decode() and "Give the reason; the student sees it." in \
        empty.content.decode()
    credit.refresh_from_db()
    assert credit.status == "received"
    c.post(f"/records/credits/{credit.pk}/", {"action": "reject", "reject-reason": "Sisältyy jo tutkintoon."})
    credit.refresh_from_db()
    assert (credit.status, credit.reason) == ("rejected", "Sisältyy jo tutkintoon.")
    assert "This credit has been decided." in c.get(f"/records/credits/{credit.pk}/").content.decode()


def test_bulk_approve_reports_the_refused_one(w: dict[str, Any]) -> None:
    _record(w, "4")
    _record(w, "2", reg="reg2")
    first, second = Credit.objects.order_by("pk")
    services.credit_decide(actor=w["home_officer"], credit_id=second.pk, accept=False, reason="Ei kelpaa.")
    c = _client(w["home_officer"])
    page = c.post("/records/credits/", {"selected": [first.pk, second.pk], "bulk_action": "approve"},
                  follow=True).content.decode()
    assert f"1 approved, 1 refused: #{second.pk}: it no longer waits for approval (now: not credited)." in page
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.converted_grade, second.status) == ("accepted", "4", "rejected")


def test_conversion_tables_are_set_on_the_page(w: dict[str, Any]) -> None:
    c = _client(w["home_officer"])
    form = c.get("/records/conversions/edit/?from=ects&to=0-5").content.decode()
    assert "Incoming grade A" in form
    incomplete = c.post("/records/conversions/edit/?from=ects&to=0-5", {"g0": "0", "g1": "1"})
    assert incomplete.status_code == 200 and ConversionTable.objects.count() == 0
    c.post("/records/conversions/edit/?from=ects&to=0-5",
           {f"g{i}": g for i, g in enumerate(["0", "1", "2", "3", "4", "5"])})
    table = ConversionTable.objects.get()
    assert (table.from_scale, table.to_scale, table.mapping) == ("ects", "0-5", {"F": "0", "E": "1", "D": "2",
                                                                                 "C": "3", "B": "4", "A": "5"})
    page = c.get("/records/conversions/").content.decode()
    assert "ECTS A–F → 0–5" in page
    assert c.get("/records/conversions/edit/?from=nope&to=0-5").status_code == 302


def test_desk_counts_credits_waiting_for_approval(w: dict[str, Any]) -> None:
    _record(w)
    page = _client(w["home_officer"]).get("/accounts/desk/").content.decode()
    assert '<a href="/records/credits/?status=received">Credits waiting for approval</a> <span class="count">1' in page


# --- permission matrix ----------------------------------------------------------------------------------------

CASES = [
    ("completion form", "get", "/records/realisation/{real}/", None, "host"),
    ("completion save", "post", "/records/realisation/{real}/", "rows", "host"),
    ("record correct", "post", "/records/record/{record}/", {"action": "remove", "remove-reason": "x"}, "host"),
    ("credits", "get", "/records/credits/", None, "home"),
    ("credit page", "get", "/records/credits/{credit}/", None, "home"),
    ("credit approve", "post", "/records/credits/{credit}/", {"action": "approve"}, "home"),
    ("conversions", "get", "/records/conversions/", None, "home"),
]


def _snapshot() -> tuple[Any, ...]:
    return (sorted(Record.objects.values_list("pk", "status", "grade")),
            sorted(Credit.objects.values_list("pk", "status", "converted_grade")), ConversionTable.objects.count())


@pytest.mark.parametrize("actor", matrix.ACTORS)
@pytest.mark.parametrize(("name", "method", "url", "data", "side"), CASES)
def test_permission_matrix(w: dict[str, Any], actor: str, name: str, method: str, url: str, data: Any,
                           side: str) -> None:
    """Anonymous: the login page; a user without an office role: 403; an officer of another institution: 403 on
    this realisation, record and credit, their own (empty) lists; the own study office: allowed. A denial changes
    nothing."""
    record = _record(w, reg="reg2")
    own = w["host_officer"] if side == "host" else w["home_officer"]
    users = {"own": own, "other": officer(w["tuni"]), "no_role": UserFactory()}
    world = {"real": w["real"].pk, "record": record.pk, "credit": Credit.objects.get().pk}
    post = _rows(w, "3") if data == "rows" else (matrix.fill(data, world) if data else None)
    before = _snapshot()
    response = matrix.send(matrix.client_for(actor, users), method=method, url=matrix.fill(url, world), data=post)
    if actor == "own":
        matrix.assert_allowed(response, name)
        return
    if name in ("credits", "conversions") and actor == "other":
        assert response.status_code == 200  # an office elsewhere sees its own list, without this student
        assert w["p2"].last_name not in response.content.decode()
    else:
        matrix.assert_denied(response, name, actor=actor, api=False)
    assert _snapshot() == before


def test_bad_numbers_and_dates_are_refused_at_their_fields(w: dict[str, Any]) -> None:
    data = _rows(w, "4")
    data.update({"form-0-credits": "abc", "form-0-completion_date": "31.31.2026"})
    response = _client(w["host_officer"]).post(f"/records/realisation/{w['real'].pk}/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'aria-invalid="true" aria-describedby="id_form-0-credits_error" id="id_form-0-credits"' in page
    assert 'aria-invalid="true" aria-describedby="id_form-0-completion_date_error"' in page
    assert Record.objects.count() == 0
