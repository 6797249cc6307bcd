"""Issue 11: the exchange pages speak in words — sentences instead of codes, names instead of OIDs, statuses as
translated badges, the payload behind a disclosure, the guide translated — in fi, sv and en."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from joopas.access.api import Role, create_api_key
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import UserFactory
from joopas.exchange import labels
from joopas.exchange.registry import TYPES
from joopas.exchange.tests.conftest import Org, envelope, post, student_update
from joopas.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _org(tk: str, fi: str, sv: str, en: str) -> Org:
    org = OrganisationFactory(tk_code=tk, name_fi=fi, name_sv=sv, name_en=en)
    user = UserFactory()
    grant(user, org, Role.MAIN_USER)
    _key, raw = create_api_key(actor=user, organisation_id=org.pk, name="SIS")
    return Org(org, raw, user)


@pytest.fixture
def hy(db: Any) -> Org:
    return _org("01901", "Helsingin yliopisto", "Helsingfors universitet", "University of Helsinki")


@pytest.fixture
def aalto(db: Any) -> Org:
    return _org("10076", "Aalto-yliopisto", "Aalto-universitetet", "Aalto University")


@pytest.fixture
def acknowledged(client: Any, hy: Org, aalto: Org) -> dict[str, str]:
    """Helsinki sends a student update to Aalto; Aalto acknowledges it."""
    env = envelope("UPDATE_STUDENT_REQUEST", student_update(), recipient=aalto.org.oid)
    assert post(client, hy, env).status_code == 202
    ack = envelope("ACKNOWLEDGEMENT", {"requestId": env["message_id"], "receivingOrganisationTkCode": "01901"})
    assert post(client, aalto, ack).status_code == 202
    return {"update": str(env["message_id"]), "ack": str(ack["message_id"])}


def _officer(org: Org, lang: str) -> Client:
    user = UserFactory()
    grant(user, org.org, Role.OFFICER)
    c = Client(HTTP_ACCEPT_LANGUAGE=lang)
    c.force_login(user)
    return c


def _text(html: str) -> str:
    """The visible text of a page: no tags, no attribute values (a `title` may carry an OID)."""
    html = re.sub(r"<details.*?</details>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_message_list_sentences_in_finnish_and_swedish(acknowledged: dict[str, str], hy: Org, aalto: Org) -> None:
    fi = _officer(aalto, "fi").get("/exchange/").content.decode()
    assert "Helsingin yliopisto lähetti opiskelijan tietojen päivityksen" in fi
    assert "Aalto-yliopisto kuittasi viestin ”Opiskelijan tietojen päivitys”" in fi
    assert '<span class="badge badge-success status-acknowledged">Kuitattu</span>' in fi
    sv = _officer(aalto, "sv").get("/exchange/").content.decode()
    assert "Helsingfors universitet skickade en uppdatering av en students uppgifter" in sv
    assert "Aalto-universitetet kvitterade meddelandet ”Uppdatering av studentuppgifter”" in sv
    assert '<span class="badge badge-success status-acknowledged">Kvitterat</span>' in sv
    en = _officer(aalto, "en").get("/exchange/").content.decode()
    assert "Aalto University acknowledged the message “Student update”" in en
    for page in (fi, sv, en):
        text = _text(page)
        assert "UPDATE_STUDENT_REQUEST" not in text and "ACKNOWLEDGEMENT" not in text
        assert "acknowledged</span>" not in page and ">pending<" not in page
        assert hy.org.oid not in text and aalto.org.oid not in text  # OIDs only in title attributes
        assert f'title="{hy.org.oid}"' in page


def test_message_detail_in_words_oid_in_details_payload_behind_disclosure(
        acknowledged: dict[str, str], hy: Org, aalto: Org) -> None:
    page = _officer(hy, "fi").get(f"/exchange/messages/{acknowledged['update']}/").content.decode()
    assert "<h1>Opiskelijan tietojen päivitys</h1>" in page
    assert '<p class="lead" id="message-sentence">Helsingin yliopisto lähetti opiskelijan tietojen päivityksen</p>' \
        in page
    assert "Aalto-yliopisto kuittasi viestin." in page  # the history, a sentence per step (technical reason hidden)
    assert "<details><summary>Tekniset tiedot</summary><p>acknowledged by message" in page
    assert "Vastaanottaja Aalto-yliopisto" not in page
    history = page.split('id="message-history"')[1].split("</ol>")[0]
    assert [re.sub(r"<[^>]+>", "", re.sub(r"<details>.*?</details>", "", li, flags=re.S)).split(" – ", 1)[1].strip()
            for li in re.findall(r"<li>(.*?)</li>", history, flags=re.S)] == [
        "Viesti vastaanotettiin.", "Viesti tarkistettiin ja hyväksyttiin.", "Aalto-yliopisto kuittasi viestin."]
    text = _text(page)
    assert hy.org.oid not in text and "UPDATE_STUDENT_REQUEST" not in text
    technical = page.split('<details class="technical">')[1].split("</details>")[0]
    assert f"<code>{hy.org.oid}</code>" in technical and "<code>UPDATE_STUDENT_REQUEST</code>" in technical
    payload = page.split('<details class="payload">')[1].split("</details>")[0]
    assert "Olli Ilmari" in payload
    sv = _officer(hy, "sv").get(f"/exchange/messages/{acknowledged['update']}/").content.decode()
    assert "Aalto-universitetet kvitterade meddelandet." in sv
    assert "<h1>Uppdatering av studentuppgifter</h1>" in sv


def test_filter_offers_translated_statuses_and_types(acknowledged: dict[str, str], aalto: Org) -> None:
    page = _officer(aalto, "sv").get("/exchange/").content.decode()
    assert '<option value="dead">Inte levererat</option>' in page
    assert '<option value="ACKNOWLEDGEMENT">Kvittering</option>' in page
    only_acks = _officer(aalto, "fi").get("/exchange/?type=ACKNOWLEDGEMENT").content.decode()
    assert "Aalto-yliopisto kuittasi viestin" in only_acks
    assert "lähetti opiskelijan tietojen päivityksen" not in only_acks


def test_page_title_matches_the_desk_link(aalto: Org) -> None:
    c = _officer(aalto, "fi")
    desk = c.get(reverse("site:desk")).content.decode()
    page = c.get("/exchange/").content.decode()
    link = re.search(r'<a href="/exchange/"[^>]*>(.*?)</a>', desk, flags=re.S)
    assert link is not None and "Korkeakoulujen väliset viestit" in link.group(1)
    assert "<h1>Korkeakoulujen väliset viestit</h1>" in page
    assert "<title>Korkeakoulujen väliset viestit" in page


def test_every_registered_type_has_words_translated_in_fi_and_sv() -> None:
    """Every type registered by any app (catalogue, networks, the exchange) has a label, a sentence and a
    guide description, and each is translated: no English type names on Finnish or Swedish pages."""
    missing = [name for name in TYPES if labels.type_words(name) is None and name != "CREATE_THING_REQUEST"]
    assert missing == []
    for name in TYPES:
        words = labels.type_words(name)
        if words is None:
            continue
        with translation.override("en"):
            english = (str(words.label), str(words.sentence), str(words.description))
        for lang in ("fi", "sv"):
            with translation.override(lang):
                local = (str(words.label), str(words.sentence), str(words.description))
            assert all(a != b for a, b in zip(english, local, strict=True)), (name, lang, local)
            assert "%(sender)s" in local[1]


def test_status_labels_are_translated() -> None:
    for status in labels.STATUS_LABELS:
        with translation.override("en"):
            english = labels.status_label(status)
        with translation.override("fi"):
            assert labels.status_label(status) != english, status
        assert labels.status_badge(status) in {"progress", "success", "warning", "error"}


def test_guide_descriptions_translated(client: Any) -> None:
    fi = Client(HTTP_ACCEPT_LANGUAGE="fi").get("/exchange/guide/").content.decode()
    assert "Kotikorkeakoulu päivittää opiskelijan tietoja" in fi
    assert "Home institution updates a student's details" not in fi
    assert "<details><summary>" in fi  # examples behind a disclosure
    sv = Client(HTTP_ACCEPT_LANGUAGE="sv").get("/exchange/guide/").content.decode()
    assert "Mottagaren bekräftar att den har behandlat ett meddelande" in sv
