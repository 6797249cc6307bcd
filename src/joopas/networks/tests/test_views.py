"""Pages: reading, coordinator management with the R-NET-3 preview/confirm steps, targeting, permissions."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client

from joopas.core.clock import today
from joopas.core.models import AuditEvent
from joopas.networks.models import Membership, Network, NetworkChange, Targeting
from joopas.networks.tests.factories import make_realisation, make_targeting, make_unit

pytestmark = pytest.mark.django_db
TODAY = today()


def client_for(user: Any = None, lang: str = "fi") -> Client:
    c = Client()
    c.cookies["joopas_language"] = lang
    if user is not None:
        c.force_login(user)
    return c


def state() -> tuple[Any, ...]:
    return (Network.objects.count(), Targeting.objects.count(), NetworkChange.objects.count(),
            AuditEvent.objects.count(),
            list(Membership.objects.order_by("id").values_list("organisation_id", "valid_from", "valid_until",
                                                                "is_coordinator")),
            list(Network.objects.order_by("id").values_list("name_fi", "eligibility_fi")))


def token_of(html: str) -> str:
    match = re.search(r'name="token" value="([0-9a-f]{32})"', html)
    assert match, "no confirmation token on the page"
    return match.group(1)


@pytest.mark.parametrize(("lang", "heading"), [("fi", "<h1>Verkostot</h1>"), ("sv", "<h1>Nätverk</h1>"),
                                               ("en", "<h1>Networks</h1>")])
def test_list_and_detail_in_three_languages(world: Any, lang: str, heading: str) -> None:
    html = client_for(lang=lang).get("/networks/").content.decode()
    assert heading in html
    name = {"fi": world.network.name_fi, "sv": world.network.name_sv, "en": world.network.name_en}[lang]
    assert f'href="/networks/{world.network.pk}/">{name}</a>' in html
    detail = client_for(lang=lang).get(f"/networks/{world.network.pk}/")
    assert detail.status_code == 200
    assert f"<h1>{name}</h1>" in detail.content.decode()
    assert world.hy.name_fi in detail.content.decode() if lang == "fi" else True


def test_anonymous_sees_no_management_links(world: Any) -> None:
    html = client_for().get(f"/networks/{world.network.pk}/").content.decode()
    assert f"/networks/{world.network.pk}/members/" not in html
    assert f"/networks/{world.network.pk}/changes/" not in html
    html = client_for(world.coordinator).get(f"/networks/{world.network.pk}/").content.decode()
    assert f"/networks/{world.network.pk}/members/" in html and f"/networks/{world.network.pk}/changes/" in html


@pytest.mark.parametrize("url", ["/networks/{pk}/members/", "/networks/{pk}/edit/", "/networks/{pk}/changes/",
                                 "/networks/targeting/", "/networks/new/"])
def test_anonymous_is_sent_to_login(world: Any, url: str) -> None:
    r = client_for().get(url.format(pk=world.network.pk))
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(("who", "status"), [("coordinator", 200), ("other_coordinator", 403), ("editor", 403),
                                             ("no_role", 403)])
def test_permission_matrix_member_page(world: Any, who: str, status: int) -> None:
    assert client_for(getattr(world, who)).get(f"/networks/{world.network.pk}/members/").status_code == status
    assert client_for(getattr(world, who)).get(f"/networks/{world.network.pk}/edit/").status_code == status


@pytest.mark.parametrize("who", ["other_coordinator", "editor", "no_role"])
def test_denied_member_post_changes_nothing(world: Any, who: str) -> None:
    before = state()
    r = client_for(getattr(world, who)).post(f"/networks/{world.network.pk}/members/", {
        "organisation_id": world.outsider.pk, "valid_from": str(TODAY), "action": "confirm", "token": "x" * 32})
    assert r.status_code == 403
    r = client_for(getattr(world, who)).post(f"/networks/{world.network.pk}/edit/", {
        "name_fi": "Kaapattu", "network_type": "curriculum_level", "pricing_basis": "free"})
    assert r.status_code == 403
    assert state() == before


def test_r_net_3_coordinator_previews_then_confirms_a_membership(world: Any) -> None:
    unit = make_unit(world.tuni)
    make_realisation(unit)
    make_realisation(unit)
    make_targeting(world.network, course_unit=unit)
    c = client_for(world.coordinator)
    url = f"/networks/{world.network.pk}/members/"
    data = {"organisation_id": world.tuni.pk, "valid_from": str(TODAY - dt.timedelta(days=100)),
            "valid_until": str(TODAY + dt.timedelta(days=60)), "action": "preview"}
    before = state()
    html = c.post(url, data).content.decode()
    assert "Muutos koskee 2 toteutusta." in html
    assert "Muutos koskee 0 verkostoon oikeutettua opiskeluoikeutta." in html
    assert state() == before  # the preview saves nothing
    r = c.post(url, {**data, "action": "confirm", "token": token_of(html)})
    assert r.status_code == 302
    m = Membership.objects.get(network=world.network, organisation_id=world.tuni.pk)
    assert m.valid_until == TODAY + dt.timedelta(days=60)
    assert world.changes().last().kind == "member_changed"  # type: ignore[union-attr]


def test_membership_confirm_with_a_stale_token_is_refused(world: Any) -> None:
    c = client_for(world.coordinator)
    before = state()
    html = c.post(f"/networks/{world.network.pk}/members/", {
        "organisation_id": world.outsider.pk, "valid_from": str(TODAY), "action": "confirm",
        "token": "0" * 32}).content.decode()
    assert "Muutoksen vaikutus on muuttunut tarkistuksen jälkeen. Tarkista se uudelleen." in html
    assert state() == before


def test_membership_end_before_start_is_reported(world: Any) -> None:
    before = state()
    html = client_for(world.coordinator, "en").post(f"/networks/{world.network.pk}/members/", {
        "organisation_id": world.outsider.pk, "valid_from": str(TODAY),
        "valid_until": str(TODAY - dt.timedelta(days=1)), "action": "preview"}).content.decode()
    assert "The end date cannot be before the start date." in html
    assert state() == before


def test_member_remove_flow(world: Any) -> None:
    c = client_for(world.coordinator)
    url = f"/networks/{world.network.pk}/members/{world.tuni.pk}/remove/"
    html = c.get(url).content.decode()
    assert c.post(url, {"token": token_of(html)}).status_code == 302
    assert not Membership.objects.filter(organisation_id=world.tuni.pk).exists()


def test_create_and_edit_network_pages(world: Any) -> None:
    c = client_for(world.coordinator)
    r = c.post("/networks/new/", {"code": "SIVU", "name_fi": "Sivuverkosto", "network_type": "freedom_of_choice",
                                  "coordinating_organisation_id": world.hy.pk, "valid_from": str(TODAY),
                                  "pricing_basis": "euro_per_credit", "price_per_credit": "12.5"})
    assert r.status_code == 302
    n = Network.objects.get(code="SIVU")
    assert (n.price_per_credit, n.coordinating_organisation_id) == (12.5, world.hy.pk)
    r = c.post(f"/networks/{n.pk}/edit/", {"name_fi": "Sivuverkosto", "network_type": "freedom_of_choice",
                                           "pricing_basis": "free", "eligibility_fi": "Kaikki tutkinto-opiskelijat"})
    assert r.status_code == 302
    n.refresh_from_db()
    assert (n.pricing_basis, n.price_per_credit, n.eligibility_fi) == ("free", None, "Kaikki tutkinto-opiskelijat")
    c.post(f"/networks/{n.pk}/contacts/", {"name": "Kaisa Koordinaattori", "email": "kaisa@example.fi"})
    assert list(n.contacts.values_list("name", flat=True)) == ["Kaisa Koordinaattori"]
    r = c.post(f"/networks/{n.pk}/periods/", {"start": str(TODAY + dt.timedelta(days=400))})
    assert n.periods.count() == 1  # overlaps the open-ended first period: refused, at the start date
    assert re.search(r'<ul class="errorlist" id="period-new-start_error"><li>Jakso on päällekkäin',
                     r.content.decode())


def test_create_page_refuses_a_coordinator_for_another_organisation(world: Any) -> None:
    before = state()
    r = client_for(world.other_coordinator).post("/networks/new/", {
        "code": "X", "name_fi": "X", "network_type": "freedom_of_choice",
        "coordinating_organisation_id": world.hy.pk, "valid_from": str(TODAY), "pricing_basis": "free"})
    assert r.status_code == 200  # the organisation is not among the choices
    assert "Valitse oikea vaihtoehto." in r.content.decode()
    assert client_for(world.editor).get("/networks/new/").status_code == 403
    assert state() == before


def test_r_net_3_editor_targets_a_realisation_with_impact_preview(world: Any) -> None:
    real = make_realisation(make_unit(world.aalto, code="AALTO-1"), code="AALTO-1-R1")
    c = client_for(world.editor)
    page = c.get("/networks/targeting/").content.decode()
    assert f'value="r:{real.pk}"' in page and f'<option value="{world.network.pk}"' in page
    data = {"network": world.network.pk, "target": f"r:{real.pk}", "valid_from": str(TODAY), "enrollable": "on",
            "action": "preview"}
    before = state()
    html = c.post("/networks/targeting/", data).content.decode()
    assert "Muutos koskee 1 toteutusta." in html
    assert "3 jäsenorganisaatiota näkee muutoksen:" in html
    assert state() == before
    assert c.post("/networks/targeting/", {**data, "action": "confirm", "token": token_of(html)}).status_code == 302
    t = Targeting.objects.get()
    assert (t.realisation_id, t.organisation_id, t.enrollable) == (real.pk, world.aalto.pk, True)
    listing = c.get("/networks/targeting/").content.decode()
    assert "AALTO-1-R1" in listing
    remove_url = f"/networks/{world.network.pk}/targeting/r/{real.pk}/remove/"
    html = c.get(remove_url).content.decode()
    assert c.post(remove_url, {"token": token_of(html)}).status_code == 302
    assert Targeting.objects.count() == 0


def test_targeting_page_needs_an_offering_role(world: Any) -> None:
    assert client_for(world.coordinator).get("/networks/targeting/").status_code == 403
    assert client_for(world.no_role).get("/networks/targeting/").status_code == 403


def test_targeting_another_organisations_offering_is_not_offered_and_refused(world: Any) -> None:
    foreign = make_realisation(make_unit(world.tuni))
    c = client_for(world.editor)
    assert f'value="r:{foreign.pk}"' not in c.get("/networks/targeting/").content.decode()
    before = state()
    r = c.post("/networks/targeting/", {"network": world.network.pk, "target": f"r:{foreign.pk}",
                                        "valid_from": str(TODAY), "action": "preview"})
    assert r.status_code == 200 and state() == before


def test_change_log_page_for_members(world: Any) -> None:
    from joopas.networks import services

    services.network_update(actor=world.coordinator, network=world.network, eligibility_fi="Kaikki")
    url = f"/networks/{world.network.pk}/changes/"
    html = client_for(world.editor).get(url).content.decode()
    assert "Verkoston tiedot muuttuivat" in html and "Keitä opiskelijoita verkosto koskee (suomeksi)" in html
    assert client_for(world.outsider_editor).get(url).status_code == 403


def test_detail_shows_the_network_offering(world: Any) -> None:
    unit = make_unit(world.aalto)
    make_targeting(world.network, course_unit=unit)
    make_targeting(world.network, realisation=make_realisation(make_unit(world.tuni)))
    html = client_for().get(f"/networks/{world.network.pk}/").content.decode()
    assert "1 opintojakso · 1 yksittäinen toteutus" in html
    assert "/networks/targeting/" not in html
    assert "/networks/targeting/" in client_for(world.editor).get(f"/networks/{world.network.pk}/").content.decode()


def test_coordinator_ends_a_validity_period(world: Any) -> None:
    period = world.network.periods.get()
    c = client_for(world.coordinator)
    end = TODAY + dt.timedelta(days=30)
    r = c.post(f"/networks/{world.network.pk}/periods/{period.pk}/", {"start": str(period.start), "end": str(end)})
    assert r.status_code == 302
    period.refresh_from_db()
    assert period.end == end
    assert world.changes().get().kind == "validity_changed"
    before = state()
    c.post(f"/networks/{world.network.pk}/periods/{period.pk}/", {"start": str(period.start),
                                                                  "end": str(period.start - dt.timedelta(days=1))})
    period.refresh_from_db()
    assert period.end == end and state() == before
    r = client_for(world.editor).post(f"/networks/{world.network.pk}/periods/{period.pk}/",
                                      {"start": str(period.start), "end": ""})
    assert r.status_code == 403
    period.refresh_from_db()
    assert period.end == end
