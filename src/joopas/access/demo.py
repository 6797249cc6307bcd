"""Demo users: one for every role of the spec, all with the same printed password."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model

from joopas.access.models import Grant, GrantHistory, GrantLink, GrantStatus, Role
from joopas.core.clock import today
from joopas.organisations.api import get_by_oid

DEMO_PASSWORD = "joopas-demo-2026"  # noqa: S105 - printed for the demo on purpose
HY, AALTO, TUNI, PROVIDER = ("1.2.246.562.10.39218317368", "1.2.246.562.10.56753942459",
                             "1.2.246.562.10.72255864398", "1.2.246.562.10.10000000009")
OPERATOR = "1.2.246.562.10.10000000025"  # the service's operator (organisations/demo.py): not an institution

# (email, first, last, language, [(org oid, role)], note)
USERS: list[tuple[str, str, str, str, list[tuple[str, str]], str]] = [
    ("admin@joopas.demo", "Pia", "Palveluntuottaja", "fi", [(OPERATOR, Role.PLATFORM_ADMIN)],
     "platform admin (+ Django admin)"),
    ("paakayttaja@hy.demo", "Maija", "Pääkäyttäjä", "fi", [(HY, Role.MAIN_USER)], "main user, Helsinki"),
    ("paakayttaja2@hy.demo", "Matti", "Varapääkäyttäjä", "fi", [(HY, Role.MAIN_USER)], "second main user, Helsinki"),
    ("paakayttaja@aalto.demo", "Anna", "Admin", "en", [(AALTO, Role.MAIN_USER)], "main user, Aalto"),
    ("virkailija@hy.demo", "Ville", "Virkailija", "fi", [(HY, Role.OFFICER)], "officer (home), Helsinki"),
    ("virkailija@tuni.demo", "Tiina", "Tarkastaja", "fi", [(TUNI, Role.OFFICER)], "officer (host), Tampere"),
    ("rekisteri@hy.demo", "Reijo", "Rekisteri", "fi", [(HY, Role.REGISTRAR)], "registrar, Helsinki"),
    ("tarjonta@aalto.demo", "Tuomas", "Tarjonta", "sv", [(AALTO, Role.CATALOGUE_EDITOR)], "catalogue editor, Aalto"),
    ("tarjonta@hy.demo", "Taina", "Tarjonta", "fi", [(HY, Role.CATALOGUE_EDITOR)], "catalogue editor, Helsinki"),
    ("koordinaattori@hy.demo", "Kaisa", "Koordinaattori", "fi", [(HY, Role.NETWORK_COORDINATOR)],
     "network coordinator, Helsinki"),
    ("raportit@tuni.demo", "Raili", "Raportti", "fi", [(TUNI, Role.REPORT_VIEWER)], "report viewer, Tampere"),
    ("asiakaspalvelu@joopas.demo", "Aino", "Asiakaspalvelija", "fi", [(OPERATOR, Role.HELPDESK_AGENT)],
     "helpdesk agent"),
    ("integraatio@hy.demo", "Iida", "Integraatio", "fi", [(HY, Role.INTEGRATION_CLIENT)],
     "integration client, Helsinki"),
    ("jotpa@demo-koulutus.demo", "Jussi", "Jotpa", "fi", [(PROVIDER, Role.JOTPA_MAIN_USER)],
     "JOTPA main user, training provider"),
    ("virkailija@aalto.demo", "Veera", "Virkailija", "sv", [(AALTO, Role.OFFICER)], "officer (host), Aalto"),
    ("opiskelija@hy.demo", "Olli", "Opiskelija", "fi", [], "student (home Helsinki)"),
    ("opiskelija@aalto.demo", "Alma", "Opiskelija", "sv", [], "student (home Aalto)"),
    ("opiskelija@tuni.demo", "Toni", "Opiskelija", "en", [], "student (home Tampere)"),
    ("hakija@example.demo", "Hanna", "Hakija", "sv", [], "applicant"),
]


# Which role may grant which, as migration 0003 installs it. The demo restores it because a database that was
# emptied (a test run that flushes between tests) has lost the migration's rows, and without them no main user
# could manage access.
DEFAULT_GRANT_LINKS = {
    "main_user": ["main_user", "officer", "registrar", "catalogue_editor", "network_coordinator", "report_viewer",
                  "integration_client", "helpdesk_agent"],
    "jotpa_main_user": ["jotpa_main_user", "registry_main_user", "curriculum_main_user", "offering_editor"],
    "platform_admin": ["platform_admin", "helpdesk_agent", "main_user", "jotpa_main_user"],
}


def load(stdout: Any = None) -> None:
    if not GrantLink.objects.exists():
        GrantLink.objects.bulk_create([GrantLink(granter_role=g, grantable_role=r)
                                       for g, roles in DEFAULT_GRANT_LINKS.items() for r in roles])
    User = get_user_model()
    start = today() - dt.timedelta(days=30)
    for email, first, last, lang, roles, _note in USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, first_name=first, last_name=last, language=lang)
        if email == "admin@joopas.demo" and not user.is_superuser:
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        for oid, role in roles:
            org = get_by_oid(oid)
            if org is None or Grant.objects.filter(user=user, organisation_id=org.id, role=role,
                                                   status__in=[GrantStatus.GRANTED, GrantStatus.RENEWED]).exists():
                continue
            grant = Grant.objects.create(user=user, organisation_id=org.id, role=role, valid_from=start,
                                         valid_until=start + dt.timedelta(days=365))
            GrantHistory.objects.create(grant=grant, to_status=GrantStatus.GRANTED, valid_from=grant.valid_from,
                                        valid_until=grant.valid_until, reason="demo data")
    if stdout:
        stdout.write(f"  users: {len(USERS)}")


def logins() -> list[tuple[str, str]]:
    return [(email, note) for email, *_rest, note in USERS]
