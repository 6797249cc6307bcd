"""Issue 11: staff pages for people — the audit log in words with names, organisation names in the page's
language, the grant history and its buttons in words, the organisation wizard's three findings, and demo
users of the platform not tied to a university. (In access: the pages need grants.)"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from joopas.access.models import Grant, GrantHistory, Role
from joopas.access.tests.conftest import snapshot
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import UserFactory
from joopas.core import audit, context
from joopas.core.event_labels import registered_labels
from joopas.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

ORG_STEP = {"org_type": "other", "name_fi": "Koulutus Esimerkki Oy", "name_sv": "", "name_en": "",
            "business_id": "2345678-0", "municipality": "Oulu", "website": "", "email": ""}


def _client(user: Any, lang: str = "fi") -> Client:
    c = Client(HTTP_ACCEPT_LANGUAGE=lang)
    c.force_login(user)
    return c


@pytest.fixture
def hy(db: Any) -> Any:
    return OrganisationFactory(name_fi="Helsingin yliopisto", name_sv="Helsingfors universitet",
                               name_en="University of Helsinki")


@pytest.fixture
def maija(hy: Any) -> Any:
    user = UserFactory(email="maija@hy.fi", first_name="Maija", last_name="Pääkäyttäjä")
    grant(user, hy, Role.MAIN_USER)
    return user


# --- audit log ------------------------------------------------------------------------------------------------

def test_r_acc_6_audit_log_in_words_with_names_in_fi_and_sv(hy: Any, maija: Any) -> None:
    token = context.set_current(context.RequestContext(request_id="r1", ip="10.0.0.1", organisation_oid=hy.oid))
    try:
        audit.record("auth.login.succeeded", actor=maija, organisation=hy.oid)
        audit.record("access.grant.granted", actor=maija, organisation=hy.oid)
    finally:
        context.reset(token)
    url = f"/access/organisations/{hy.pk}/audit/?event=a"
    fi = _client(maija, "fi").get(url).content.decode()
    assert "<h1>Lokitiedot: Helsingin yliopisto</h1>" in fi
    assert re.findall(r'<td class="audit-event">(.*?)</td>', fi) == ["Myönsi roolin", "Kirjautui sisään"]
    assert "<td>Maija Pääkäyttäjä<br><span class=\"muted\">maija@hy.fi</span></td>" in fi
    assert f'<span title="{hy.oid}">Helsingin yliopisto</span>' in fi
    visible = re.sub(r"<details>.*?</details>", "", fi, flags=re.S)
    assert "auth.login.succeeded" not in visible and hy.oid not in re.sub(r'title="[^"]*"', "", visible)
    assert "<dt>Tapahtuman koodi</dt><dd><code>auth.login.succeeded</code></dd>" in fi
    sv = _client(maija, "sv").get(url).content.decode()
    assert "<h1>Granskningslogg: Helsingfors universitet</h1>" in sv
    assert re.findall(r'<td class="audit-event">(.*?)</td>', sv) == [  # the Finnish search above is itself logged
        "Sökte i granskningsloggen", "Beviljade en roll", "Loggade in"]
    assert f'<span title="{hy.oid}">Helsingfors universitet</span>' in sv
    assert '<div class="table-wrap" tabindex="0" role="region"' in sv  # scrolls on phones


def test_every_event_of_the_lower_apps_has_a_translated_label() -> None:
    """accounts, organisations and access register a label for every audit event they write, in fi and sv."""
    from joopas.access.codes import Event as AccessEvent
    from joopas.accounts.codes import Event as AccountsEvent
    from joopas.organisations.codes import Event as OrganisationsEvent

    labels = registered_labels()
    for event in [*AccessEvent, *AccountsEvent, *OrganisationsEvent]:
        assert event.value in labels, event
        with translation.override("en"):
            english = str(labels[event.value])
        for lang in ("fi", "sv"):
            with translation.override(lang):
                assert str(labels[event.value]) != english, (event, lang)


# --- organisation names in the page's language ------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "title"), [("fi", "Käyttöoikeudet: Helsingin yliopisto"),
                                             ("sv", "Användarrättigheter: Helsingfors universitet"),
                                             ("en", "Access rights: University of Helsinki")])
def test_staff_pages_show_the_organisation_name_in_the_page_language(hy: Any, maija: Any, lang: str,
                                                                    title: str) -> None:
    c = _client(maija, lang)
    page = c.get(f"/access/organisations/{hy.pk}/").content.decode()
    assert f"<h1>{title}</h1>" in page
    home = c.get("/access/").content.decode()
    name = title.split(": ")[1]
    assert f'<a href="/access/organisations/{hy.pk}/">{name}</a>' in home
    if lang != "fi":
        assert "Helsingin yliopisto" not in page and "Helsingin yliopisto" not in home


# --- grants: history in words, buttons that say what they do ------------------------------------------------------

def test_grant_history_in_words(hy: Any, maija: Any) -> None:
    ville = UserFactory(email="ville@hy.fi", first_name="Ville", last_name="Virkailija")
    g = Grant.objects.create(user=ville, organisation_id=hy.pk, role=Role.OFFICER, valid_from=dt.date(2026, 9, 1),
                             valid_until=dt.date(2027, 8, 31))
    GrantHistory.objects.create(grant=g, by=maija, to_status="granted", valid_from=g.valid_from,
                                valid_until=g.valid_until)
    GrantHistory.objects.create(grant=g, by=maija, from_status="granted", to_status="closed", reason="Siirtyi muualle",
                                valid_from=g.valid_from, valid_until=g.valid_until)
    GrantHistory.objects.filter(grant=g).update(at=dt.datetime(2026, 9, 1, 10, 0, tzinfo=dt.UTC))
    fi = _client(maija, "fi").get(f"/access/grants/{g.pk}/").content.decode()
    history = fi.split('id="grant-history"')[1].split("</ol>")[0]
    assert "Maija Pääkäyttäjä myönsi roolin 1.9.2026, voimassa 1.9.2026–31.8.2027" in history
    assert "Maija Pääkäyttäjä päätti roolin 1.9.2026" in history
    assert "Syy: Siirtyi muualle" in history
    assert "→" not in history and "granted" not in history
    sv = _client(maija, "sv").get(f"/access/grants/{g.pk}/").content.decode()
    assert "Beviljad av Maija Pääkäyttäjä 1.9.2026, giltig 1.9.2026–31.8.2027" in sv
    en = _client(maija, "en").get(f"/access/grants/{g.pk}/").content.decode()
    assert "Granted by Maija Pääkäyttäjä on 1 Sep 2026, valid 1 Sep 2026–31 Aug 2027" in en
    assert "Ended by Maija Pääkäyttäjä on 1 Sep 2026" in en


@pytest.mark.parametrize(("lang", "renew", "end"), [("fi", "Jatka roolia", "Päätä rooli"),
                                                   ("sv", "Förnya rollen", "Avsluta rollen"),
                                                   ("en", "Renew the role", "End the role")])
def test_grant_buttons_say_renew_and_end(hy: Any, maija: Any, lang: str, renew: str, end: str) -> None:
    colleague = UserFactory(email="matti@hy.fi", first_name="Matti", last_name="Varapää")
    grant(colleague, hy, Role.MAIN_USER)
    page = _client(maija, lang).get(f"/access/organisations/{hy.pk}/").content.decode()
    assert page.count(f">{renew}</button>") == 2 and page.count(f">{end}</button>") == 2  # Maija's and Matti's
    assert ">Uusi</button>" not in page and ">Sulje</button>" not in page


# --- the organisation wizard ----------------------------------------------------------------------------------

def test_r_org_1_wizard_preselects_no_type() -> None:
    page = Client(HTTP_ACCEPT_LANGUAGE="fi").get("/organisations/register/").content.decode()
    select = page.split('name="org_type"')[1].split("</select>")[0]
    assert re.findall(r'<option value="([^"]*)"[^>]*selected', select) in ([], [""])  # no type chosen for them
    assert re.search(r'<option value=""[^>]*>Valitse tyyppi</option>', select)
    before = snapshot()
    html = Client(HTTP_ACCEPT_LANGUAGE="fi").post("/organisations/register/", {**ORG_STEP, "org_type": ""}
                                                  ).content.decode()
    field = html.split('for="id_org_type"')[1].split("</div>")[0]
    assert "Tämä kenttä vaaditaan." in field and 'aria-invalid="true"' in field
    assert snapshot() == before


def test_r_org_2_duplicate_business_id_error_shown_once_on_its_field() -> None:
    existing = OrganisationFactory(org_type="other", business_id="2345678-0", name_fi="Vanha Oy")
    html = Client(HTTP_ACCEPT_LANGUAGE="fi").post("/organisations/register/", ORG_STEP).content.decode()
    message = f"Organisaatio on jo rekisterissä nimellä Vanha Oy ({existing.oid})."
    # once in the summary (a link to the field) and once at the field: never twice as a form-wide error
    assert html.count(message) == 2
    assert f'<a href="#id_business_id">Y-tunnus: {message}' in html
    field = html.split('for="id_business_id"')[1].split("</div>")[0]
    assert message in field and 'aria-invalid="true"' in field


def test_r_org_2_pending_registration_says_it_is_being_reviewed(settings: Any) -> None:
    settings.SUPPORT_EMAIL = "tuki@joopas.example"
    OrganisationFactory(org_type="other", business_id="2345678-0", name_fi="Odottava Oy", status="pending")
    before = snapshot()
    html = Client(HTTP_ACCEPT_LANGUAGE="fi").post("/organisations/register/", ORG_STEP).content.decode()
    assert ("Odottava Oy on jo rekisteröity, ja rekisteröinti on käsiteltävänä. Siinä nimetty pääkäyttäjä saa "
            "sähköpostia, kun asia on ratkaistu; rekisteröintiä ei tarvitse tehdä uudelleen. Lisätietoja: "
            "tuki@joopas.example") in html
    assert "pääkäyttäjältä" not in html.split("Odottava Oy")[1][:400]  # no "ask its main user"
    assert snapshot() == before


# --- demo ------------------------------------------------------------------------------------------------------

def test_demo_platform_admin_and_helpdesk_act_for_the_operator_not_a_university() -> None:
    from joopas.access import demo as access_demo
    from joopas.organisations.api import get_by_oid
    from joopas.organisations.demo import load as load_organisations

    load_organisations()
    access_demo.load()
    for email, role in (("admin@joopas.demo", Role.PLATFORM_ADMIN), ("asiakaspalvelu@joopas.demo",
                                                                      Role.HELPDESK_AGENT)):
        grants = list(Grant.objects.filter(user__email=email).values_list("organisation_id", "role"))
        operator = get_by_oid(access_demo.OPERATOR)
        assert operator is not None and operator.org_type == "other"
        assert grants == [(operator.id, role)], email
