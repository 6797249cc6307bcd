"""The JOO application outcomes as exchange message types, registered at start-up (the exchange imports every
app's `messages` module); the payload models are in `applications/message_schemas.py`, the payloads are built and
sent by `applications/outcomes.py` in the acting institution's name.

- `JOO_APPLICATION_ENDORSEMENT_NOTIFICATION` (home → home and host; declined: the home only, R-JOO-1)
- `JOO_APPLICATION_DECISION_NOTIFICATION` (host → host and home, R-JOO-2)
- `JOO_STUDYRIGHT_GRANTED_NOTIFICATION` (host → host and home, R-JOO-3/6)
- `JOO_STUDYRIGHT_ENDED_NOTIFICATION` (host → host and home, R-JOO-4/5)

Platform-generated only (`inbound=False`): no organisation posts them.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from joopas.applications.message_schemas import (
    JooApplicationDecisionNotification,
    JooApplicationEndorsementNotification,
    JooStudyRightEndedNotification,
    JooStudyRightGrantedNotification,
)
from joopas.exchange.api import EXAMPLE, example_envelope, register_message_type, register_type_words

ENDORSEMENT = "JOO_APPLICATION_ENDORSEMENT_NOTIFICATION"
DECISION = "JOO_APPLICATION_DECISION_NOTIFICATION"
GRANTED = "JOO_STUDYRIGHT_GRANTED_NOTIFICATION"
ENDED = "JOO_STUDYRIGHT_ENDED_NOTIFICATION"

# --- examples (every field filled) --------------------------------------------------------------------------

_OID = "1.2.246.562.24.10000000003"
_STUDENT: dict[str, Any] = {"oid": _OID, "firstNames": "Olli Ilmari", "surName": "Opiskelija",
                            "homeStudentNumber": "014567890"}
_HOME_RIGHT = {"organisationTkCodeReference": EXAMPLE.hy_tk, "studyRightId": "HY-SR-2024-0042"}
_JOO_RIGHT = {"organisationTkCodeReference": EXAMPLE.aalto_tk, "studyRightId": "JOO-2026-000123"}
_MODULE: dict[str, Any] = {"type": "STUDY_MODULE", "studyElementId": "AALTO-SM-ECON-1",
                           "studyElementIdentifierCode": "ECON-M1",
                           "name": {"values": {"fi": "Taloustieteen perusopinnot", "sv": "Grundstudier i ekonomi",
                                               "en": "Basic studies in economics"}},
                           "creditsMin": 25.0, "creditsMax": 25.0}
_UNIT: dict[str, Any] = {"type": "COURSE_UNIT", "studyElementId": "AALTO-CU-DATA-100",
                         "studyElementIdentifierCode": "CS-A1110",
                         "name": {"values": {"fi": "Ohjelmointi 1", "sv": "Programmering 1",
                                             "en": "Programming 1"}},
                         "creditsMin": 5.0, "creditsMax": 5.0}
_APPLICATION: dict[str, Any] = {"applicationNumber": "JOO-2026-000123", "homeOrganisationTkCode": EXAMPLE.hy_tk,
                                "hostOrganisationTkCode": EXAMPLE.aalto_tk, "student": _STUDENT,
                                "homeStudyRightIdentifier": _HOME_RIGHT}

ENDORSEMENT_EXAMPLE = example_envelope(60, ENDORSEMENT, {
    **_APPLICATION, "status": "ENDORSED", "reason": "Sopii opiskelijan HOPSiin.",
    "decidedAt": "2026-11-23T09:30:00+02:00", "decisionDue": "2026-11-30", "paymentCommitted": True,
    "entities": [_MODULE, _UNIT]})
DECISION_EXAMPLE = example_envelope(61, DECISION, {
    **_APPLICATION, "decidedAt": "2026-11-27T14:00:00+02:00",
    "entities": [{**_MODULE, "decision": "GRANTED"},
                 {**_UNIT, "decision": "REJECTED", "reason": "Kurssi on täynnä tänä lukuvuonna."}],
    "hostStudyRightIdentifier": _JOO_RIGHT})
GRANTED_EXAMPLE = example_envelope(62, GRANTED, {
    "applicationNumber": "JOO-2026-000123", "homeOrganisationTkCode": EXAMPLE.hy_tk,
    "hostOrganisationTkCode": EXAMPLE.aalto_tk,
    "student": {**_STUDENT, "email": "olli.opiskelija@example.fi", "hostStudentNumber": "A123456"},
    "hostStudyRightIdentifier": _JOO_RIGHT, "homeStudyRightIdentifier": _HOME_RIGHT,
    "validFrom": "2026-11-27", "validUntil": "2028-07-31", "grantedEntities": [_MODULE]})
ENDED_EXAMPLE = example_envelope(63, ENDED, {
    "applicationNumber": "JOO-2026-000123", "homeOrganisationTkCode": EXAMPLE.hy_tk,
    "hostOrganisationTkCode": EXAMPLE.aalto_tk, "student": _STUDENT, "hostStudyRightIdentifier": _JOO_RIGHT,
    "homeStudyRightIdentifier": _HOME_RIGHT, "endDate": "2027-05-31", "reason": "HOME_RIGHT_ENDED"})

register_message_type(ENDORSEMENT, JooApplicationEndorsementNotification, inbound=False,
                      summary="The home institution endorsed or declined a JOO application",
                      example=ENDORSEMENT_EXAMPLE)
register_message_type(DECISION, JooApplicationDecisionNotification, inbound=False,
                      summary="The host institution decided a JOO application", example=DECISION_EXAMPLE)
register_message_type(GRANTED, JooStudyRightGrantedNotification, inbound=False,
                      summary="A JOO study right was granted", example=GRANTED_EXAMPLE)
register_message_type(ENDED, JooStudyRightEndedNotification, inbound=False,
                      summary="A JOO study right ended", example=ENDED_EXAMPLE)

# Words for people (the exchange pages and the integration guide, joopas.exchange.labels).
register_type_words(ENDORSEMENT, label=gettext_lazy("Notice: JOO application endorsed or declined"),
                    sentence=gettext_lazy("%(sender)s endorsed or declined a JOO application"),
                    description=gettext_lazy("The home institution endorsed or declined a JOO application"))
register_type_words(DECISION, label=gettext_lazy("Notice: JOO application decided"),
                    sentence=gettext_lazy("%(sender)s decided a JOO application"),
                    description=gettext_lazy("The host institution decided a JOO application"))
register_type_words(GRANTED, label=gettext_lazy("Notice: JOO study right granted"),
                    sentence=gettext_lazy("%(sender)s granted a JOO study right"),
                    description=gettext_lazy("A JOO study right was granted"))
register_type_words(ENDED, label=gettext_lazy("Notice: JOO study right ended"),
                    sentence=gettext_lazy("%(sender)s told that a JOO study right ended"),
                    description=gettext_lazy("A JOO study right ended"))
