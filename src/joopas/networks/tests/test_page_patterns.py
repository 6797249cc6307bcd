"""Issue 11 in the network pages: the searchable targeting list (works without JavaScript, and with htmx),
the membership preview's own text, organisation names in the page's language, the list page (search,
filters with counts, CSV), the form pattern and Helsinki times in the change log."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from joopas.core.clock import today
from joopas.networks import services
from joopas.networks.tests.factories import make_network, make_realisation, make_unit

pytestmark = pytest.mark.django_db
TODAY = today()
TARGETING_WARNING = "Väärä kohdennus"  # the start of the targeting page's warning in Finnish


def client_for(user: Any = None, lang: str = "fi") -> Client:
    c = Client()
    c.cookies["joopas_language"] = lang
    if user is not None:
        c.force_login(user)
    return c


def radios(html: str) -> list[str]:
    return re.findall(r'<input type="radio" name="target" value="([^"]+)"', html)


def test_targeting_search_without_javascript_filters_the_choices(world: Any) -> None:
    units = [make_unit(world.aalto, code=f"AALTO-{i:03d}", name=f"Kemia {i}") for i in range(40)]
    stats = make_unit(world.aalto, code="AALTO-TILASTO", name="Tilastotiede")
    real = make_realisation(stats, code="AALTO-TILASTO-R1", name="Tilastotiede syksy")
    c = client_for(world.editor)
    html = c.get("/networks/targeting/").content.decode()
    assert len(radios(html)) == 30  # at most 30 at a time
    assert "42 opintojaksoa ja toteutusta – näytetään 30 ensimmäistä. Hae löytääksesi loput." in html
    assert '<form method="get" action="/networks/targeting/" role="search"' in html
    html = c.get("/networks/targeting/", {"q": "tilasto"}).content.decode()
    assert radios(html) == [f"cu:{stats.pk}", f"r:{real.pk}"]
    assert "2 osumaa haulle ”tilasto”" in html
    html = c.get("/networks/targeting/", {"q": "ei löydy"}).content.decode()
    assert radios(html) == [] and "Hakua vastaavaa opintojaksoa tai toteutusta ei löytynyt." in html
    html = c.get("/networks/targeting/", {"q": "aalto-039"}).content.decode()
    assert radios(html) == [f"cu:{units[39].pk}"]


def test_targeting_search_with_htmx_returns_only_the_list(world: Any) -> None:
    stats = make_unit(world.aalto, code="AALTO-TILASTO", name="Tilastotiede")
    other = make_unit(world.aalto, code="AALTO-KEMIA", name="Kemia")
    c = client_for(world.editor)
    r = c.get("/networks/targeting/", {"q": "kemia", "target": f"cu:{stats.pk}"}, headers={"HX-Request": "true"})
    html = r.content.decode()
    assert "<html" not in html and '<div id="target-list">' in html
    assert '<p class="muted" id="target-count" role="status" hx-swap-oob="true">' in html
    # the choice made before the search stays on the list, checked
    assert radios(html) == [f"cu:{stats.pk}", f"cu:{other.pk}"]
    assert f'value="cu:{stats.pk}" id="id_target_0" checked' in html
    page = c.get("/networks/targeting/").content.decode()
    assert 'hx-get="/networks/targeting/"' in page and 'hx-target="#target-list"' in page


def test_targeting_chosen_from_a_search_is_kept_through_the_preview(world: Any) -> None:
    for i in range(35):
        make_unit(world.aalto, code=f"AALTO-{i:03d}")
    late = make_unit(world.aalto, code="AALTO-ZZZ", name="Viimeinen")
    c = client_for(world.editor)
    html = c.post("/networks/targeting/?q=viimeinen", {
        "network": world.network.pk, "target": f"cu:{late.pk}", "valid_from": str(TODAY), "enrollable": "on",
        "action": "preview"}).content.decode()
    assert "Muutoksen vaikutus" in html
    assert f'value="cu:{late.pk}" id="id_target_0" checked' in html


def test_targeting_without_a_choice_marks_the_list_invalid(world: Any) -> None:
    make_unit(world.aalto)
    html = client_for(world.editor).post("/networks/targeting/", {
        "network": world.network.pk, "valid_from": str(TODAY), "action": "preview"}).content.decode()
    assert '<fieldset id="id_target" class="field field-invalid" aria-describedby="id_target_error">' in html
    assert '<ul class="errorlist" id="id_target_error"><li>Tämä kenttä vaaditaan.</li></ul>' in html
    assert 'aria-invalid="true" required>' in html
    assert '<a href="#id_target">Opintojakso tai toteutus: Tämä kenttä vaaditaan.</a>' in html


def test_membership_preview_has_its_own_text(world: Any) -> None:
    c = client_for(world.coordinator)
    html = c.post(f"/networks/{world.network.pk}/members/", {
        "organisation_id": world.outsider.pk, "valid_from": str(TODAY), "action": "preview"}).content.decode()
    assert "Jäsenyys ratkaisee, kenen opiskelijat voivat opiskella verkoston tarjontaa." in html
    assert TARGETING_WARNING not in html
    html = c.get(f"/networks/{world.network.pk}/members/{world.tuni.pk}/remove/").content.decode()
    assert "Jäsenyys ratkaisee" in html and TARGETING_WARNING not in html
    make_unit(world.aalto)
    targeting_page = client_for(world.editor).post("/networks/targeting/", {
        "network": world.network.pk, "target": radios(client_for(world.editor).get(
            "/networks/targeting/").content.decode())[0], "valid_from": str(TODAY), "action": "preview"})
    assert TARGETING_WARNING in targeting_page.content.decode()


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_staff_pages_show_organisation_names_in_the_page_language(world: Any, lang: str) -> None:
    name = {"fi": world.tuni.name_fi, "sv": world.tuni.name_sv, "en": world.tuni.name_en}[lang]
    other = {"fi": world.tuni.name_sv, "sv": world.tuni.name_fi, "en": world.tuni.name_fi}[lang]
    assert name != other
    c = client_for(world.coordinator, lang)
    for url in (f"/networks/{world.network.pk}/members/", f"/networks/{world.network.pk}/",
                f"/networks/{world.network.pk}/members/{world.tuni.pk}/remove/"):
        html = c.get(url).content.decode()
        assert name in html, url
        assert other not in html, url


def test_member_form_follows_the_form_pattern(world: Any) -> None:
    html = client_for(world.coordinator, "en").post(f"/networks/{world.network.pk}/members/", {
        "organisation_id": world.outsider.pk, "valid_from": str(TODAY),
        "valid_until": str(TODAY - dt.timedelta(days=1)), "action": "preview"}).content.decode()
    assert '<ul class="errorlist" id="id_valid_until_error"><li>The end date cannot be before the start date.' \
        in html
    assert re.search(r'<input[^>]*aria-invalid="true"[^>]*id="id_valid_until"|<input[^>]*id="id_valid_until"'
                     r'[^>]*aria-invalid="true"', html)
    assert '<a href="#id_valid_until">Member until: The end date cannot be before the start date.</a>' in html
    assert re.search(r'<label for="id_valid_from">Member from <span class="required">\(required\)</span></label>',
                     html)


def test_network_list_search_filters_counts_and_csv(world: Any) -> None:
    make_network(world.tuni, [world.aalto], code="KEMIA-NET", name_fi="Kemian verkosto",
                 network_type="freedom_of_choice")
    c = client_for()
    html = c.get("/networks/").content.decode()
    assert "<strong>2 verkostoa</strong>" in html
    html = c.get("/networks/", {"q": "kemian"}).content.decode()
    assert "<strong>1 verkosto</strong>" in html and "Kemian verkosto" in html
    assert world.network.name_fi not in html
    assert re.search(r'<option value="freedom_of_choice" >Vapaa verkosto \(1\)</option>', html)
    r = c.get("/networks/", {"q": "kemian", "export": "csv"})
    rows = list(csv.reader(io.StringIO(r.content.decode())))
    assert rows[0] == ["Verkosto", "Tunniste", "Tyyppi", "Koordinaattori", "Jäsenet", "Voimassa tänään"]
    assert rows[1][:2] == ["Kemian verkosto", "KEMIA-NET"] and len(rows) == 2
    html = c.get("/networks/", {"q": "ei-ole"}).content.decode()
    assert '<div class="empty"><p>Rajauksia vastaavaa verkostoa ei ole.</p>' in html


def test_change_log_speaks_in_words_with_helsinki_times(world: Any) -> None:
    services.network_update(actor=world.coordinator, network=world.network, eligibility_fi="Kaikki")
    change = world.changes().last()
    local = timezone.localtime(change.at, ZoneInfo("Europe/Helsinki"))
    html = client_for(world.editor).get(f"/networks/{world.network.pk}/changes/").content.decode()
    assert f"<td>{local.day}.{local.month}.{local.year} klo {local.hour:02d}.{local.minute:02d}</td>" in html
    assert "Muutettu: Keitä opiskelijoita verkosto koskee (suomeksi)" in html
    assert "eligibility_fi" not in html


def test_period_and_contact_forms_show_errors_at_their_fields(world: Any) -> None:
    c = client_for(world.coordinator)
    period = world.network.periods.get()
    before = (period.start, period.end)
    r = c.post(f"/networks/{world.network.pk}/periods/{period.pk}/", {
        "start": str(period.start), "end": str(period.start - dt.timedelta(days=1))})
    html = r.content.decode()
    assert r.status_code == 200
    assert (f'<ul class="errorlist" id="period-{period.pk}-end_error"><li>Päättymispäivä ei voi olla ennen '
            "alkamispäivää.</li></ul>") in html
    assert f'<a href="#period-{period.pk}-end">Voimassa asti: Päättymispäivä ei voi olla ennen alkamispäivää.</a>' \
        in html
    period.refresh_from_db()
    assert (period.start, period.end) == before
    html = c.post(f"/networks/{world.network.pk}/contacts/", {"name": "", "email": "ei-osoite"}).content.decode()
    assert re.search(r'<input[^>]*aria-invalid="true"[^>]*id="contact-name"', html)
    assert re.search(r'<input[^>]*aria-invalid="true"[^>]*id="contact-email"', html)
    assert world.network.contacts.count() == 0
    assert client_for(world.editor).post(f"/networks/{world.network.pk}/periods/", {"start": "x"}).status_code == 403
