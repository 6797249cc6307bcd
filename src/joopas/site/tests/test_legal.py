"""The accessibility statement (Act on the Provision of Digital Services 306/2019) and the privacy notices (GDPR
art. 13) in fi/sv/en, linked from the footer and from the registration form (issue 11, item 7)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _get(path: str, lang: str) -> str:
    client = Client()
    client.cookies["joopas_language"] = lang
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    return html


TRAFICOM = ('<a href="https://www.saavutettavuusvaatimukset.fi">www.saavutettavuusvaatimukset.fi</a>',
            '<a href="mailto:saavutettavuus@traficom.fi">saavutettavuus@traficom.fi</a>', "029 534 5000")


@pytest.mark.parametrize(("lang", "heading", "date", "status", "feedback", "authority"), [
    ("fi", "Saavutettavuusseloste", "Seloste on laadittu 30.11.2026", "täyttää <strong>osittain</strong> WCAG 2.1",
     "Anna palautetta saavutettavuudesta", "Valvontaviranomainen"),
    ("sv", "Tillgänglighetsutlåtande", "Utlåtandet har utarbetats 30.11.2026",
     "uppfyller <strong>delvis</strong> tillgänglighetskraven på nivå AA i WCAG 2.1",
     "Ge respons om tillgängligheten", "Tillsynsmyndighet"),
    ("en", "Accessibility statement", "The statement was prepared on 30 November 2026",
     "<strong>partially</strong> meets the level AA accessibility requirements of WCAG 2.1",
     "Give feedback on accessibility", "Supervisory authority"),
])
def test_accessibility_statement_has_what_the_law_expects(lang: str, heading: str, date: str, status: str,
                                                          feedback: str, authority: str) -> None:
    html = _get("/accessibility/", lang)
    assert f"<h1>{heading}</h1>" in html
    assert "306/2019" in html and date in html and status in html
    assert f"<h2>{feedback}</h2>" in html and 'href="mailto:tuki@joopas.invalid"' in html
    assert f"<h2>{authority}</h2>" in html and "Traficom" in html
    for contact in TRAFICOM:
        assert contact in html
    assert 'href="/api/v1/docs"' in html  # a known problem, said honestly: the Swagger UI parts


@pytest.mark.parametrize(("path", "lang", "heading", "sections"), [
    ("/privacy/staff/", "fi", "Tietosuojaseloste: henkilökunnan käyttäjätilit",
     ["Rekisterinpitäjä ja yhteystiedot", "Mihin tietoja käytetään", "Käsittelyn oikeusperuste", "Kuka tietoja näkee",
      "Kuinka kauan tietoja säilytetään", "Oikeutesi"]),
    ("/privacy/staff/", "sv", "Dataskyddsbeskrivning: personalens användarkonton",
     ["Personuppgiftsansvarig och kontaktuppgifter", "Vad uppgifterna används till",
      "Rättslig grund för behandlingen", "Vem som ser uppgifterna", "Hur länge uppgifterna sparas",
      "Dina rättigheter"]),
    ("/privacy/staff/", "en", "Privacy notice: staff accounts",
     ["Controller and contact details", "What the data are used for", "Legal basis", "Who sees the data",
      "How long the data are kept", "Your rights"]),
    ("/privacy/registration/", "fi", "Tietosuojaseloste: organisaation rekisteröityminen",
     ["Rekisterinpitäjä ja yhteystiedot", "Mihin tietoja käytetään", "Käsittelyn oikeusperuste", "Kuka tietoja näkee",
      "Kuinka kauan tietoja säilytetään", "Oikeutesi"]),
    ("/privacy/registration/", "sv", "Dataskyddsbeskrivning: registrering av en organisation",
     ["Personuppgiftsansvarig och kontaktuppgifter", "Vad uppgifterna används till",
      "Rättslig grund för behandlingen", "Vem som ser uppgifterna", "Hur länge uppgifterna sparas",
      "Dina rättigheter"]),
    ("/privacy/registration/", "en", "Privacy notice: registering an organisation",
     ["Controller and contact details", "What the data are used for", "Legal basis", "Who sees the data",
      "How long the data are kept", "Your rights"]),
])
def test_privacy_notices_have_the_gdpr_article_13_sections(path: str, lang: str, heading: str,
                                                           sections: list[str]) -> None:
    html = _get(path, lang)
    assert f"<h1>{heading}</h1>" in html
    for section in sections:
        assert f"<h2>{section}</h2>" in html
    assert 'href="mailto:tuki@joopas.invalid"' in html and "tietosuoja.fi" in html


def test_operator_and_contact_addresses_come_from_settings(settings) -> None:
    settings.SERVICE_OPERATOR = "Opetushallitus"
    settings.PRIVACY_CONTACT_EMAIL = "tietosuoja@example.fi"
    html = _get("/privacy/staff/", "fi")
    assert "<p>Opetushallitus." in html and 'href="mailto:tietosuoja@example.fi"' in html


@pytest.mark.parametrize(("lang", "links"), [
    ("fi", ["Saavutettavuusseloste", "Tietosuojaseloste: organisaation rekisteröityminen",
            "Tietosuojaseloste: henkilökunnan käyttäjätilit"]),
    ("en", ["Accessibility statement", "Privacy notice: organisation registration",
            "Privacy notice: staff accounts"]),
])
def test_footer_links_to_the_legal_pages(lang: str, links: list[str]) -> None:
    html = _get("/", lang).split('<footer class="site-footer">')[1]
    for href, text in zip(("/accessibility/", "/privacy/registration/", "/privacy/staff/"), links, strict=True):
        assert f'<a href="{href}">{text}</a>' in html


def test_registration_form_links_to_its_privacy_notice() -> None:
    client = Client()
    client.cookies["joopas_language"] = "en"
    step = client.post("/organisations/register/", {
        "org_type": "other", "name_fi": "Koulutus Esimerkki Oy", "name_sv": "", "name_en": "",
        "business_id": "2345678-0", "municipality": "Oulu", "website": "", "email": ""})
    assert step["Location"] == "/organisations/register/main_user/"  # the step that asks for personal data
    html = client.get(step["Location"]).content.decode().split('<footer class="site-footer">')[0]
    assert 'href="/privacy/registration/"' in html
