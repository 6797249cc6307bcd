"""The officers' student pages: permission matrix, masking, audit, status transitions, R-NET-2, R-REG-6, import."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client

from joopas.accounts.tests.factories import UserFactory
from joopas.core.clock import today
from joopas.core.jobs import Worker
from joopas.core.models import AuditEvent, Job
from joopas.core.tests.matrix import ACTORS, assert_allowed, assert_denied, client_for, fill, send
from joopas.networks.tests.factories import make_network
from joopas.organisations.tests.factories import OrganisationFactory
from joopas.rights import importer, services
from joopas.rights.models import Attendance, Eligibility, Person, StudyRight, StudyRightHistory
from joopas.rights.tests.factories import hetu, learner_oid, make_home_right, make_person, officer

pytestmark = pytest.mark.django_db
HETU = hetu(4242)


@pytest.fixture
def world() -> SimpleNamespace:
    hy, aalto, tuni = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    network = make_network(hy, [aalto], code="NET-PAGES")
    outside = make_network(aalto, [tuni], code="NET-OUTSIDE")
    own = officer(hy)
    person = make_person(hy, actor=own, hetu=HETU, first_names="Aino", last_name="Virtanen",
                         student_number="HY-100")
    right = make_home_right(person, actor=own, networks=[network])
    return SimpleNamespace(hy=hy, aalto=aalto, network=network, outside=outside, own=own, other=officer(aalto),
                           no_role=UserFactory(), admin=UserFactory(is_superuser=True), person=person, right=right)


def users(w: SimpleNamespace) -> dict[str, Any]:
    return {"own": w.own, "other": w.other, "no_role": w.no_role}


def values(w: SimpleNamespace) -> dict[str, Any]:
    return {"org": w.hy.pk, "person": w.person.pk, "right": w.right.pk, "network": w.network.pk}


def snapshot() -> tuple[Any, ...]:
    return (list(Person.objects.order_by("id").values_list("first_names", "last_name", "email", "phone")),
            list(StudyRight.objects.order_by("id").values_list("identifier", "status", "start_date", "end_date")),
            list(Eligibility.objects.order_by("id").values_list("study_right_id", "network_id")),
            Attendance.objects.count(), StudyRightHistory.objects.count(), Job.objects.count(),
            AuditEvent.objects.exclude(event="rights.person.read").count())


def client(user: Any = None, lang: str = "fi") -> Client:
    c = Client()
    c.cookies["joopas_language"] = lang
    if user is not None:
        c.force_login(user)
    return c


PAGES = ["/rights/students/?organisation={org}", "/rights/students/{person}/", "/rights/students/{person}/edit/",
         "/rights/students/new/?organisation={org}", "/rights/import/?organisation={org}"]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("url", PAGES)
def test_matrix_pages(world: SimpleNamespace, actor: str, url: str) -> None:
    """Anonymous to the login page; the own organisation's officer sees it; another's officer and a user
    without a role are refused."""
    before = snapshot()
    response = send(client_for(actor, users(world)), method="get", url=fill(url, values(world)))
    if actor == "own":
        assert_allowed(response, url, statuses=(200,))
    else:
        assert_denied(response, url, actor=actor, api=False)
        assert snapshot() == before


POSTS = [
    ("/rights/students/{person}/rights/{right}/status/", {"r{right}-status-to": "passivated"}),
    ("/rights/students/{person}/rights/{right}/dates/", {"r{right}-dates-start_date": "2024-08-01",
                                                         "r{right}-dates-end_date": "2030-07-31"}),
    ("/rights/students/{person}/rights/{right}/eligibility/", {"r{right}-elig-networks": []}),
    ("/rights/students/{person}/rights/{right}/attendance/", {"r{right}-att-term_start": "2025-08-01",
                                                              "r{right}-att-term_end": "2025-12-31",
                                                              "r{right}-att-present": "1"}),
    ("/rights/students/{person}/edit/", {"first_names": "Changed", "last_name": "Name"}),
    ("/rights/students/new/", {"organisation": "{org}", "learner_oid": learner_oid(777), "first_names": "New",
                               "last_name": "Person", "identifier": "SR-NEW", "start_date": "2025-08-01",
                               "status": "active"}),
]


@pytest.mark.parametrize("actor", ["anonymous", "other", "no_role"])
@pytest.mark.parametrize(("url", "data"), POSTS)
def test_matrix_denied_posts_change_nothing(world: SimpleNamespace, actor: str, url: str,
                                            data: dict[str, Any]) -> None:
    before = snapshot()
    v = values(world)
    body = {k.format(**v): fill(val, v) for k, val in data.items()}
    response = send(client_for(actor, users(world)), method="post", url=fill(url, v), data=body)
    assert_denied(response, url, actor=actor, api=False)
    assert snapshot() == before


@pytest.mark.parametrize(("url", "data"), POSTS)
def test_matrix_own_officer_posts_are_saved(world: SimpleNamespace, url: str, data: dict[str, Any]) -> None:
    before = snapshot()
    v = values(world)
    body = {k.format(**v): fill(val, v) for k, val in data.items()}
    response = send(client_for("own", users(world)), method="post", url=fill(url, v), data=body)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert snapshot() != before


def test_platform_admin_reads_but_cannot_change(world: SimpleNamespace) -> None:
    c = client(world.admin)
    listing = c.get(f"/rights/students/?organisation={world.hy.pk}")
    assert listing.status_code == 200
    assert "Virtanen, Aino" in listing.content.decode()
    html = c.get(f"/rights/students/{world.person.pk}/").content.decode()
    assert "Virtanen" in html and "/status/" not in html and "/edit/" not in html
    before = snapshot()
    r = c.post(f"/rights/students/{world.person.pk}/rights/{world.right.pk}/status/",
               {f"r{world.right.pk}-status-to": "ended"})
    assert r.status_code == 403
    assert c.get(f"/rights/students/new/?organisation={world.hy.pk}").status_code == 403
    assert snapshot() == before


def test_another_organisations_list_is_refused_but_its_own_is_shown(world: SimpleNamespace) -> None:
    c = client(world.other)
    assert c.get(f"/rights/students/?organisation={world.hy.pk}").status_code == 403
    html = c.get("/rights/students/").content.decode()
    assert "Virtanen" not in html and "<h1>Opiskelijat</h1>" in html


# --- hetu masking and audit ------------------------------------------------------------------------------

def test_hetu_is_never_shown_unmasked(world: SimpleNamespace) -> None:
    c = client(world.own)
    masked = HETU[:7] + "****"
    pages = [c.get(f"/rights/students/?organisation={world.hy.pk}"), c.get(f"/rights/students/{world.person.pk}/"),
             c.get(f"/rights/students/{world.person.pk}/edit/"),
             c.get(f"/rights/students/?organisation={world.hy.pk}&export=csv")]
    for response in pages:
        text = response.content.decode()
        assert response.status_code == 200
        assert HETU not in text and HETU[7:] not in text
    assert masked in pages[0].content.decode() and masked in pages[1].content.decode()
    assert masked in pages[3].content.decode()
    preview = _upload(c, world, "\n".join([",".join(importer.COLUMNS), _line(hetu=HETU, right_identifier="SR-X")]))
    assert HETU not in preview.content.decode() and masked in preview.content.decode()


def test_r_acc_6_the_list_and_the_person_page_record_a_read_row(world: SimpleNamespace) -> None:
    c = client(world.own)
    c.get(f"/rights/students/?organisation={world.hy.pk}&q=Virtanen")
    row = AuditEvent.objects.filter(event="rights.person.read").latest("id")
    assert row.actor_id == world.own.pk and row.organisation_oid == world.hy.oid
    assert row.after["person_ids"] == [world.person.pk] and row.after["filters"]["q"] == "Virtanen"
    c.get(f"/rights/students/{world.person.pk}/")
    row = AuditEvent.objects.filter(event="rights.person.read").latest("id")
    assert (row.subject_type, row.subject_id) == ("rights.person", str(world.person.pk))
    c.get(f"/rights/students/?organisation={world.hy.pk}&export=csv")
    row = AuditEvent.objects.filter(event="rights.person.read").latest("id")
    assert row.after["export"] is True and row.after["person_ids"] == [world.person.pk]
    before = AuditEvent.objects.filter(event="rights.person.read").count()
    client(world.other).get(f"/rights/students/{world.person.pk}/")
    assert AuditEvent.objects.filter(event="rights.person.read").count() == before  # a denied read records nothing


# --- list: search, filters, counts, CSV ------------------------------------------------------------------

def test_search_filters_counts_pages_and_csv(world: SimpleNamespace) -> None:
    other_person = make_person(world.hy, actor=world.own, first_names="Elias", last_name="Korhonen",
                               student_number="HY-200")
    right = make_home_right(other_person, actor=world.own)
    services.right_status_change(actor=world.own, right_id=right.pk, to="passivated")
    c = client(world.own)
    base = f"/rights/students/?organisation={world.hy.pk}"
    html = c.get(base).content.decode()
    assert "2 opiskelijaa" in html
    assert re.search(r'<option value="active" >Voimassa \(1\)</option>', html)
    assert re.search(r'<option value="passivated" >Passivoitu \(1\)</option>', html)
    assert f'<option value="{world.network.pk}" >' in html
    assert "Korhonen" in c.get(base + "&q=HY-200").content.decode()
    assert "Virtanen" not in c.get(base + "&q=HY-200").content.decode()
    assert "Virtanen" in c.get(base + f"&q={world.person.learner_oid}").content.decode()
    only_passive = c.get(base + "&status=passivated").content.decode()
    assert "Korhonen" in only_passive and "Virtanen" not in only_passive
    eligible = c.get(base + f"&network={world.network.pk}").content.decode()
    assert "Virtanen" in eligible and "Korhonen" not in eligible
    assert "1 opiskelija" in c.get(base + "&q=nobody+Virtanen&q=Virtanen").content.decode()
    csv_text = c.get(base + "&status=passivated&export=csv").content.decode()
    lines = csv_text.strip().splitlines()
    assert len(lines) == 2 and lines[1].startswith("Korhonen,Elias,HY-200,")
    for bad in ("&page=x", "&network=abc", "&status=<script>", "&page=999"):
        assert c.get(base + bad).status_code == 200


def test_rights_ending_within_30_days_are_counted_on_the_desk_and_filtered(world: SimpleNamespace) -> None:
    soon = make_person(world.hy, actor=world.own, first_names="Sofia", last_name="Mäkinen")
    make_home_right(soon, actor=world.own, end=today() + dt.timedelta(days=10))
    c = client(world.own)
    html = c.get(f"/rights/students/?organisation={world.hy.pk}&ending=30").content.decode()
    assert "Mäkinen" in html and "Virtanen" not in html
    desk = c.get("/accounts/desk/").content.decode()
    assert "Opiskelijat ja opinto-oikeudet" in desk
    assert re.search(r"Alle 30 päivän päästä päättyvät opinto-oikeudet.*?>1<", desk, re.S)


def test_a_person_with_only_a_provisional_host_right_is_not_listed(world: SimpleNamespace) -> None:
    """R-REG-2: a provisional right is seen only in the registration register."""
    ghost = services.host_person_for(home_person_id=world.person.pk, host_organisation_id=world.aalto.pk)
    services.provisional_right_create(host_person_id=ghost.pk, identifier="PROV-1", start_date=today(),
                                      end_date=None, home_right_id=world.right.pk)
    c = client(world.other)
    assert "Virtanen" not in c.get(f"/rights/students/?organisation={world.aalto.pk}").content.decode()
    assert c.get(f"/rights/students/{ghost.pk}/").status_code == 404


# --- the person page -------------------------------------------------------------------------------------

def test_only_legal_status_transitions_are_offered_and_an_illegal_one_is_refused(world: SimpleNamespace) -> None:
    c = client(world.own)
    html = c.get(f"/rights/students/{world.person.pk}/").content.decode()
    select = re.search(r'<select name="r\d+-status-to".*?</select>', html, re.S)
    assert select is not None
    assert re.findall(r'value="(\w+)"', select.group(0)) == ["passivated", "ended", "forfeited"]
    before = snapshot()
    url = f"/rights/students/{world.person.pk}/rights/{world.right.pk}/status/"
    refused = c.post(url, {f"r{world.right.pk}-status-to": "option"})
    assert refused.status_code == 422
    assert snapshot() == before
    done = c.post(url, {f"r{world.right.pk}-status-to": "ended", f"r{world.right.pk}-status-reason": "Valmistui"})
    assert done.status_code == 302
    world.right.refresh_from_db()
    assert world.right.status == "ended"
    page = c.get(f"/rights/students/{world.person.pk}/").content.decode()
    assert "Tila muuttui: ”Voimassa” → ”Päättynyt”. Syy: Valmistui" in page
    assert '<span class="badge badge-neutral">Päättynyt</span>' in page
    assert "-status-to" not in page
    again = c.post(url, {f"r{world.right.pk}-status-to": "active"})
    assert again.status_code == 422
    world.right.refresh_from_db()
    assert world.right.status == "ended"


def test_r_net_2_eligibility_is_marked_over_the_organisations_networks(world: SimpleNamespace) -> None:
    c = client(world.own)
    html = c.get(f"/rights/students/{world.person.pk}/").content.decode()
    assert f'name="r{world.right.pk}-elig-networks" value="{world.network.pk}"' in html
    assert f'value="{world.outside.pk}"' not in html  # hy is not a member of it
    url = f"/rights/students/{world.person.pk}/rights/{world.right.pk}/eligibility/"
    before = snapshot()
    refused = c.post(url, {f"r{world.right.pk}-elig-networks": [str(world.outside.pk)]})
    assert refused.status_code == 422
    assert snapshot() == before
    assert c.post(url, {}).status_code == 302
    assert not Eligibility.objects.filter(study_right=world.right).exists()
    assert c.post(url, {f"r{world.right.pk}-elig-networks": [str(world.network.pk)]}).status_code == 302
    assert list(Eligibility.objects.filter(study_right=world.right).values_list("network_id", flat=True)) == \
        [world.network.pk]


def test_dates_and_attendance_with_errors_at_their_fields(world: SimpleNamespace) -> None:
    c = client(world.own)
    p = f"r{world.right.pk}"
    base = f"/rights/students/{world.person.pk}/rights/{world.right.pk}"
    before = snapshot()
    bad = c.post(f"{base}/dates/", {f"{p}-dates-start_date": "2025-08-01", f"{p}-dates-end_date": "2024-01-01"})
    assert bad.status_code == 422
    assert 'aria-invalid="true"' in bad.content.decode()
    assert "Päättymispäivä ei voi olla ennen alkamispäivää." in bad.content.decode()
    bad = c.post(f"{base}/attendance/", {f"{p}-att-term_start": "2025-08-01", f"{p}-att-term_end": "nonsense",
                                         f"{p}-att-present": "1"})
    assert bad.status_code == 422
    assert snapshot() == before
    ok = c.post(f"{base}/attendance/", {f"{p}-att-term_start": "2025-08-01", f"{p}-att-term_end": "2025-12-31",
                                        f"{p}-att-present": "0"})
    assert ok.status_code == 302
    assert list(Attendance.objects.values_list("present", flat=True)) == [False]
    assert "poissa" in c.get(f"/rights/students/{world.person.pk}/").content.decode()


def test_person_edit_saves_and_a_person_without_oid_needs_the_identity_code(world: SimpleNamespace) -> None:
    c = client(world.own)
    r = c.post(f"/rights/students/{world.person.pk}/edit/", {"first_names": "Aino Maria", "last_name": "Virtanen",
                                                             "email": "aino@example.fi", "city": "Helsinki"})
    assert r.status_code == 302
    world.person.refresh_from_db()
    assert (world.person.first_names, world.person.email, world.person.address) == \
        ("Aino Maria", "aino@example.fi", {"city": "Helsinki"})
    no_oid = make_person(world.hy, actor=world.own, learner_oid="", hetu=hetu(4343))
    url = f"/rights/students/{no_oid.pk}/edit/"
    assert 'name="hetu"' in c.get(url).content.decode()
    assert c.post(url, {"first_names": "X", "last_name": "Y"}).status_code == 422
    wrong = c.post(url, {"first_names": "X", "last_name": "Y", "hetu": hetu(4344)})
    assert wrong.status_code == 422 and "Tämä ei ole tämän henkilön henkilötunnus." in wrong.content.decode()
    assert c.post(url, {"first_names": "X", "last_name": "Y", "hetu": hetu(4343)}).status_code == 302
    no_oid.refresh_from_db()
    assert (no_oid.first_names, Person.objects.count()) == ("X", 2)


# --- a new student ---------------------------------------------------------------------------------------

def test_r_reg_6_a_known_person_is_reused_and_the_page_says_so(world: SimpleNamespace) -> None:
    c = client(world.own)
    data = {"organisation": world.hy.pk, "hetu": HETU, "first_names": "Aino", "last_name": "Virtanen",
            "identifier": "SR-SECOND", "start_date": "2025-08-01", "status": "option",
            "networks": [str(world.network.pk)]}
    r = c.post("/rights/students/new/", data, follow=True)
    assert r.status_code == 200
    assert "Oppilaitoksesi tunsi tämän henkilön jo" in r.content.decode()
    assert Person.objects.filter(organisation_id=world.hy.pk).count() == 1
    second = StudyRight.objects.get(identifier="SR-SECOND")
    assert (second.person_id, second.status) == (world.person.pk, "option")
    assert list(second.eligibility.values_list("network_id", flat=True)) == [world.network.pk]
    fresh = c.post("/rights/students/new/", {**data, "hetu": "", "learner_oid": learner_oid(888),
                                             "identifier": "SR-THIRD"}, follow=True)
    assert "Opiskelija ja opinto-oikeus tallennettiin." in fresh.content.decode()
    assert Person.objects.filter(organisation_id=world.hy.pk).count() == 2


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"hetu": "", "learner_oid": ""}, "hetu", "Anna henkilötunnus tai oppijanumero."),
    ({"hetu": "010101A123X"}, "hetu", None),
    ({"learner_oid": "1.2.3"}, "learner_oid", None),
    ({"end_date": "2020-01-01"}, "end_date", "Päättymispäivä ei voi olla ennen alkamispäivää."),
    ({"identifier": "{identifier}"}, "identifier", "Oppilaitoksellasi on jo opinto-oikeus tällä tunnisteella."),
])
def test_new_student_refusals_are_at_their_fields_and_change_nothing(world: SimpleNamespace, change: dict[str, str],
                                                                     field: str | None, message: str | None) -> None:
    data = {"organisation": world.hy.pk, "learner_oid": learner_oid(999), "first_names": "Uusi",
            "last_name": "Opiskelija", "identifier": "SR-NEW", "start_date": "2025-08-01", "status": "active"}
    data.update({k: v.format(identifier=world.right.identifier) for k, v in change.items()})
    before = snapshot()
    r = client(world.own).post("/rights/students/new/", data)
    html = r.content.decode()
    assert r.status_code == 422
    assert 'role="alert"' in html
    if field:
        tag = re.search(rf'<input[^>]*id="id_{field}"[^>]*>', html)
        assert tag is not None and 'aria-invalid="true"' in tag.group(0)
    if message:
        assert message in html
    assert snapshot() == before


# --- file import -----------------------------------------------------------------------------------------

def _line(**v: str) -> str:
    values_ = {"hetu": "", "learner_oid": "", "student_number": "", "first_names": "Elias", "last_name": "Korhonen",
               "email": "", "right_identifier": "SR-1", "start_date": "2024-08-01", "end_date": "2028-07-31",
               "status": "active", "degree_programme": "Kandiohjelma", "networks": ""}
    values_.update(v)
    return ",".join(values_[c] for c in importer.COLUMNS)


def _upload(c: Client, w: SimpleNamespace, text: str, name: str = "students.csv") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return c.post(f"/rights/import/?organisation={w.hy.pk}",
                  {"organisation": w.hy.pk, "file": SimpleUploadedFile(name, text.encode(), "text/csv")})


def test_import_dry_run_writes_nothing_and_errors_are_line_numbered(world: SimpleNamespace) -> None:
    c = client(world.own)
    text = "\n".join([",".join(importer.COLUMNS), _line(learner_oid=learner_oid(501), right_identifier="SR-501"),
                      _line(hetu="010101A123X", right_identifier="SR-502"),
                      _line(learner_oid=learner_oid(503), right_identifier="SR-503", start_date="1.8.2024")])
    before = snapshot()
    r = _upload(c, world, text)
    html = r.content.decode()
    assert r.status_code == 422
    assert "2 ongelmaa tiedostossa. Mitään ei tallennettu" in html
    assert re.search(r"<td>3</td><td>[^<]+<span class=\"muted\">\(identifier\.hetu\.checksum\)</span>", html)
    assert re.search(r"<td>4</td><td>[^<]+<span class=\"muted\">\(rights\.import\.date\)</span>", html)
    assert 'name="payload"' not in html
    assert snapshot() == before
    good = _upload(c, world, "\n".join([",".join(importer.COLUMNS),
                                        _line(learner_oid=learner_oid(501), right_identifier="SR-501",
                                              networks="NET-PAGES")]))
    assert good.status_code == 200
    assert "Rivi on kelvollinen. Mitään ei ole vielä tallennettu." in good.content.decode()
    assert snapshot() == before  # the check (dry run) wrote nothing


def test_import_confirm_writes_every_row_in_the_background_with_progress(world: SimpleNamespace) -> None:
    c = client(world.own)
    text = "\n".join([",".join(importer.COLUMNS),
                      _line(learner_oid=learner_oid(601), right_identifier="SR-601", networks="NET-PAGES"),
                      _line(hetu=hetu(602), first_names="Leo", last_name="Nieminen", right_identifier="SR-602")])
    preview = _upload(c, world, text).content.decode()
    payload = re.search(r'name="payload" value="([^"]+)"', preview)
    assert payload is not None
    r = c.post("/rights/import/confirm/", {"organisation": world.hy.pk, "payload": payload.group(1)})
    assert r.status_code == 302
    status_url = r["Location"]
    assert StudyRight.objects.filter(identifier__in=["SR-601", "SR-602"]).count() == 0  # not before the job
    waiting = c.get(status_url).content.decode()
    assert 'hx-get="' + status_url + '"' in waiting and "Odottaa" in waiting
    assert client(world.other).get(status_url).status_code == 403
    Worker(poll_seconds=0).run_until_empty()
    assert StudyRight.objects.filter(identifier__in=["SR-601", "SR-602"]).count() == 2
    assert list(Eligibility.objects.filter(study_right__identifier="SR-601").values_list("network_id", flat=True)) \
        == [world.network.pk]
    job = Job.objects.get(task="rights.import_students")
    assert "text" not in job.args and job.args["outcome"]["state"] == "done"  # the file is not kept
    done = c.get(status_url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-get" not in done and "2 / 2 riviä tallennettu" in done
    assert "Kaikki rivit tallennettiin: 2 opiskelijaa, 2 uutta opinto-oikeutta, 0 päivitettyä." in done
    assert 'value="100"' in done


def test_import_refused_at_write_time_leaves_nothing_and_names_the_line(world: SimpleNamespace) -> None:
    """All or nothing: a row whose study right belongs to another person fails the whole file."""
    c = client(world.own)
    text = "\n".join([",".join(importer.COLUMNS),
                      _line(learner_oid=learner_oid(701), right_identifier="SR-701"),
                      _line(learner_oid=learner_oid(702), right_identifier=world.right.identifier)])
    preview = _upload(c, world, text).content.decode()
    payload = re.search(r'name="payload" value="([^"]+)"', preview)
    assert payload is not None
    before = snapshot()
    status_url = c.post("/rights/import/confirm/", {"organisation": world.hy.pk,
                                                    "payload": payload.group(1)})["Location"]
    Worker(poll_seconds=0).run_until_empty()
    assert not StudyRight.objects.filter(identifier="SR-701").exists()
    assert snapshot()[:4] == before[:4]
    html = c.get(status_url).content.decode()
    assert "Mitään ei tallennettu. Korjaa tiedosto ja tuo se uudelleen." in html
    assert "<td>3</td>" in html and "rights.import.other_person" in html


def test_import_payload_cannot_be_forged_or_moved(world: SimpleNamespace) -> None:
    c = client(world.own)
    before = snapshot()
    r = c.post("/rights/import/confirm/", {"organisation": world.hy.pk, "payload": "forged"}, follow=True)
    assert "Tarkistettu tiedosto on vanhentunut tai sitä on muutettu." in r.content.decode()
    text = "\n".join([",".join(importer.COLUMNS), _line(learner_oid=learner_oid(801), right_identifier="SR-801")])
    payload = re.search(r'name="payload" value="([^"]+)"', _upload(c, world, text).content.decode())
    assert payload is not None
    other_officer = client(world.other)
    assert other_officer.post("/rights/import/confirm/", {"organisation": world.hy.pk,
                                                          "payload": payload.group(1)}).status_code == 403
    assert snapshot() == before


def test_import_page_has_the_template_and_rejects_what_is_not_a_csv(world: SimpleNamespace) -> None:
    c = client(world.own)
    template = c.get("/rights/import/template.csv")
    assert template["Content-Type"].startswith("text/csv")
    assert template.content.decode().splitlines()[0] == ",".join(importer.COLUMNS)
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = c.post(f"/rights/import/?organisation={world.hy.pk}",
               {"file": SimpleUploadedFile("x.csv", b"\xff\xfe\x00bad", "text/csv")})
    assert r.status_code == 422 and "Tiedosto ei ole UTF-8-tekstiä." in r.content.decode()
    empty = _upload(c, world, "first_names\nAino\n")
    assert empty.status_code == 422 and "rights.import.columns" in empty.content.decode()


# --- languages -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "heading", "status"), [("fi", "Opiskelijat", "Voimassa"),
                                                         ("sv", "Studerande", "Giltig"),
                                                         ("en", "Students", "Active")])
def test_pages_in_three_languages(world: SimpleNamespace, lang: str, heading: str, status: str) -> None:
    c = client(world.own, lang)
    assert f"<h1>{heading}</h1>" in c.get(f"/rights/students/?organisation={world.hy.pk}").content.decode()
    assert f'<span class="badge badge-success">{status}</span>' in \
        c.get(f"/rights/students/{world.person.pk}/").content.decode()
    for url in ("/rights/students/new/", "/rights/import/"):
        assert c.get(url).status_code == 200
