"""Demo organisations: real Finnish higher-education institutions (names, TK codes, OIDs)."""

from __future__ import annotations

from typing import Any

from joopas.organisations.models import ContactPerson, Organisation, OrganisationStatus, OrganisationType

U, UAS = OrganisationType.UNIVERSITY, OrganisationType.UAS

# (oid, type, fi, sv, en, abbreviation, TK code, business id, website, municipality)
INSTITUTIONS: list[tuple[str, str, str, str, str, str, str, str, str, str]] = [
    ("1.2.246.562.10.39218317368", U, "Helsingin yliopisto", "Helsingfors universitet", "University of Helsinki",
     "HY", "01901", "0313471-7", "https://www.helsinki.fi", "Helsinki"),
    ("1.2.246.562.10.56753942459", U, "Aalto-yliopisto", "Aalto-universitetet", "Aalto University",
     "AALTO", "10076", "2228357-4", "https://www.aalto.fi", "Espoo"),
    ("1.2.246.562.10.72255864398", U, "Tampereen yliopisto", "Tammerfors universitet", "Tampere University",
     "TUNI", "10122", "2844561-8", "https://www.tuni.fi", "Tampere"),
    ("1.2.246.562.10.77055527103", U, "Jyväskylän yliopisto", "Jyväskylä universitet", "University of Jyväskylä",
     "JYU", "01906", "0245894-7", "https://www.jyu.fi", "Jyväskylä"),
    ("1.2.246.562.10.38515028629", U, "Itä-Suomen yliopisto", "Östra Finlands universitet",
     "University of Eastern Finland", "UEF", "10088", "", "https://www.uef.fi", "Joensuu"),
    ("1.2.246.562.10.31112217018", U, "Turun yliopisto", "Åbo universitet", "University of Turku",
     "UTU", "10089", "0245896-3", "https://www.utu.fi", "Turku"),
    ("1.2.246.562.10.25619624254", UAS, "Yrkeshögskolan Arcada", "Yrkeshögskolan Arcada",
     "Arcada University of Applied Sciences", "ARCADA", "02535", "", "https://www.arcada.fi", "Helsinki"),
    ("1.2.246.562.10.27756776996", UAS, "Lahden ammattikorkeakoulu", "Lahtis yrkeshögskola",
     "Lahti University of Applied Sciences", "LAMK", "02470", "", "https://www.lab.fi", "Lahti"),
]

# A continuous-learning provider for the JOTPA flows (not a real company; business id checksum-valid).
PROVIDER = ("1.2.246.562.10.10000000009", OrganisationType.OTHER, "Demo Koulutus Oy", "Demo Utbildning Ab",
            "Demo Training Ltd", "DEMO", "", "1234567-1", "", "Helsinki")


def load(stdout: Any = None) -> None:
    for oid, kind, fi, sv, en, abbr, tk, bid, web, town in [*INSTITUTIONS, PROVIDER]:
        org, _ = Organisation.objects.update_or_create(oid=oid, defaults={
            "org_type": kind, "name_fi": fi, "name_sv": sv, "name_en": en, "abbreviation": abbr,
            "tk_code": tk, "business_id": bid, "website": web, "municipality": town,
            "status": OrganisationStatus.ACTIVE,
            "guidance_url": f"{web}/joustava-opinto-oikeus" if web else "",
        })
        if not org.contacts.exists():
            ContactPerson.objects.create(organisation=org, name=f"{abbr} opintopalvelut", role="JOO-yhteyshenkilö",
                                         email=f"joo@{abbr.lower()}.demo.invalid", phone="+358 29 000 0000")
    _operator()
    _pending_registration()
    if stdout:
        stdout.write(f"  organisations: {len(INSTITUTIONS) + 2} (+1 registration waiting for review)")


# The service's own operator: the platform admins and the helpdesk act for it, not for any institution.
OPERATOR = ("1.2.246.562.10.10000000025", "Joopas-palvelun ylläpito", "Joopas-tjänstens förvaltning",
            "Joopas service administration")


def _operator() -> None:
    oid, fi, sv, en = OPERATOR
    Organisation.objects.update_or_create(oid=oid, defaults={
        "org_type": OrganisationType.OTHER, "name_fi": fi, "name_sv": sv, "name_en": en, "abbreviation": "JOOPAS",
        "municipality": "Helsinki", "status": OrganisationStatus.ACTIVE})


def _pending_registration() -> None:
    """A self-registration waiting in the platform admin's review queue (R-ORG-1)."""
    from joopas.organisations.models import OrganisationRegistration, OrganisationRegistrationHistory

    oid = "1.2.246.562.10.10000000017"
    org, created = Organisation.objects.get_or_create(oid=oid, defaults={
        "org_type": OrganisationType.OTHER, "name_fi": "Esimerkki Osaaminen Oy", "name_sv": "Exempel Kompetens Ab",
        "name_en": "Example Skills Ltd", "business_id": "2345678-0", "municipality": "Oulu",
        "status": OrganisationStatus.PENDING})
    if created or not hasattr(org, "registration"):
        reg = OrganisationRegistration.objects.create(organisation=org, main_user_first_name="Essi",
                                          main_user_last_name="Esimerkki", main_user_email="essi@esimerkki.demo",
                                          cover_note="JOTPA:n hankintakoulutus, aloitus keväällä.")
        OrganisationRegistrationHistory.objects.create(registration=reg, to_status=reg.status, by_label=reg.main_user_email)
