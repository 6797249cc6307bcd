"""What the student is told, by email and in their own message list (notifications), when the host decides on a
registration. Registered with `notifications.api` at start-up; each outcome is its own event so that its words
are in the student's language."""

from __future__ import annotations

from collections.abc import Mapping

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from joopas.accounts import api as accounts_api
from joopas.notifications import api as notifications_api

ACCEPTED = "registrations.notice.accepted"
REJECTED = "registrations.notice.rejected"

notifications_api.register_event(
    ACCEPTED,
    subject=_("You were accepted to %(course)s"),
    body=_("Hello,\n\n%(host)s has accepted your registration to %(course)s. You now have a study right there "
           "for this course; the host tells you how the teaching starts.\n\n"
           "You can follow your registrations on the My studies page."),
)
notifications_api.register_event(
    REJECTED,
    subject=_("Your registration to %(course)s was not accepted"),
    body=_("Hello,\n\n%(host)s did not accept your registration to %(course)s.\nReason: %(reason)s\n\n"
           "If you have questions, contact the study office of %(host)s. You can see your registrations on the "
           "My studies page."),
)


def tell_student(*, person_identity: str, registration_id: int, selection_id: int, accepted: bool,
                 course: Mapping[str, str], host: Mapping[str, str], reason: str = "") -> None:
    """Notify every account bound to the student's identity, once per selection and outcome (idempotent).
    `course` and `host` are names by language code; each account gets them in its own language."""
    users = accounts_api.get_many(accounts_api.user_ids_with_identity(person_identity))
    for user in users.values():
        lang = user.language if user.language in ("fi", "sv", "en") else "fi"
        notifications_api.notify(
            ACCEPTED if accepted else REJECTED, user.id,
            {"course": course.get(lang) or course.get("fi", ""), "host": host.get(lang) or host.get("fi", ""),
             "reason": reason},
            key=str(selection_id), link=reverse("registrations:my_registration", args=[registration_id]))
