"""What the student is told, by email and in their own message list (notifications), at each step of a JOO
application: received, endorsed / declined, supplement requested, reminder, decision, the JOO right ended.
Registered with `notifications.api` at start-up; every text is in the recipient's language."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from joopas.accounts import api as accounts_api
from joopas.applications import outcomes
from joopas.applications.models import Application, HostTerms
from joopas.core import formats
from joopas.notifications import api as notifications_api
from joopas.organisations import api as organisations_api
from joopas.rights import api as rights_api
from joopas.rights.data import JooRightRef

RECEIVED = "applications.received"
ENDORSED = "applications.endorsed"
DECLINED = "applications.declined"
SUPPLEMENT = "applications.supplement"
REMINDER = "applications.supplement_reminder"
DECIDED = "applications.decided"
RIGHT_ENDED = "applications.joo_right_ended"

notifications_api.register_event(
    RECEIVED,
    subject=_("We received your JOO application %(number)s"),
    body=_("Hello,\n\nwe received your application %(number)s for JOO studies at %(host)s on %(day)s.\n\n"
           "You applied for, in this order:\n%(entities)s\n\n"
           "Next your own university's study office decides whether to endorse the application. After that "
           "%(host)s decides on it. You can follow your application on the JOO applications page."),
)
notifications_api.register_event(
    ENDORSED,
    subject=_("Your JOO application %(number)s was endorsed"),
    body=_("Hello,\n\nyour own university endorsed your JOO application %(number)s. It has now been sent to "
           "%(host)s, which decides on it by %(due)s."),
)
notifications_api.register_event(
    DECLINED,
    subject=_("Your JOO application %(number)s was not endorsed"),
    body=_("Hello,\n\nyour own university did not endorse your JOO application %(number)s, so it was not sent to "
           "%(host)s.\nReason: %(reason)s\n\nIf you have questions, contact your own university's study office."),
)
notifications_api.register_event(
    SUPPLEMENT,
    subject=_("Please supplement your JOO application %(number)s"),
    body=_("Hello,\n\n%(host)s asks you to supplement your JOO application %(number)s:\n\n%(request)s\n\n"
           "Open the application, make the changes and send it again."),
)
notifications_api.register_event(
    REMINDER,
    subject=_("Reminder: your JOO application %(number)s waits for your supplement"),
    body=_("Hello,\n\n%(host)s is still waiting for the supplement to your JOO application %(number)s:\n\n"
           "%(request)s\n\nOpen the application, make the changes and send it again."),
)
notifications_api.register_event(
    DECIDED,
    subject=_("Decision on your JOO application %(number)s"),
    body=_("Hello,\n\n%(host)s has decided on your JOO application %(number)s.\n\n%(outcome)s\n\n"
           "You can see the decision and what to do next on the JOO applications page."),
)
notifications_api.register_event(
    RIGHT_ENDED,
    subject=_("Your JOO study right at %(host)s has ended"),
    body=_("Hello,\n\nyour JOO study right %(identifier)s at %(host)s ended on %(end)s, because %(why)s."),
)

LANGS = ("fi", "sv", "en")


def _users(home_person_id: int) -> list[Any]:
    identity = rights_api.identity_of_person(home_person_id)
    return list(accounts_api.get_many(accounts_api.user_ids_with_identity(identity)).values()) if identity else []


def _lang(user: Any) -> str:
    return user.language if getattr(user, "language", "") in LANGS else "fi"


def _org(organisation_id: int, lang: str) -> str:
    ref = organisations_api.get_by_id(organisation_id)
    return ref.name(lang) if ref else ""


def _send(event: str, app: Any, context: Any, *, key: str = "") -> None:
    """`context(lang)` gives the words in each recipient's language; one message per (event, student, key)."""
    for user in _users(app.home_person_id):
        lang = _lang(user)
        with translation.override(lang):
            ctx = {"number": app.number, "host": _org(app.host_organisation_id, lang), **context(lang)}
        notifications_api.notify(event, user.id, ctx, key=key or str(app.pk),
                                 link=reverse("applications:detail", args=[app.pk]))


CREDIT_UNIT = {"fi": "op", "sv": "sp", "en": "cr"}


def _entities(app: Any, lang: str) -> str:
    return "\n".join(f"{e.position}. {e.code} {e.label(lang)} ({e.credits} {CREDIT_UNIT[lang]})"
                     for e in app.entities.all())


def received(app: Any) -> None:
    _send(RECEIVED, app, lambda lang: {"day": formats.format_date(app.submitted_at.date()),
                                       "entities": _entities(app, lang)})


def endorsed(app: Any) -> None:
    _send(ENDORSED, app, lambda lang: {"due": formats.format_date(app.decision_due) if app.decision_due else ""})


def declined(app: Any) -> None:
    _send(DECLINED, app, lambda lang: {"reason": app.home_reason})


def supplement_requested(app: Any) -> None:
    _send(SUPPLEMENT, app, lambda lang: {"request": app.supplement_request},
          key=f"{app.pk}:{app.supplement_requested_at.isoformat() if app.supplement_requested_at else ''}")


def supplement_reminder(app: Any) -> None:
    _send(REMINDER, app, lambda lang: {"request": app.supplement_request},
          key=f"{app.pk}:{app.supplement_requested_at.isoformat() if app.supplement_requested_at else ''}")


def _outcome(app: Any, joo: JooRightRef | None, lang: str) -> str:
    lines = []
    for e in app.entities.all():
        if e.decision == "granted":
            lines.append(str(_("Granted: %(entity)s")) % {"entity": f"{e.code} {e.label(lang)}"})
        else:
            lines.append(str(_("Not granted: %(entity)s. Reason: %(reason)s"))
                         % {"entity": f"{e.code} {e.label(lang)}", "reason": e.reason})
    if joo is not None:
        lines.append("")
        lines.append(str(_("Your JOO study right %(identifier)s is valid from %(start)s to %(end)s. With it you "
                           "register to the courses of the granted studies on their course pages, and you get the "
                           "host's library and IT services as its own students do."))
                     % {"identifier": joo.identifier, "start": formats.format_date(joo.start_date),
                        "end": formats.format_date(joo.end_date) if joo.end_date else "–"})
        terms = HostTerms.objects.filter(organisation_id=app.host_organisation_id).first()  # R-JOO-8
        if terms is not None and terms.text("admission", lang):
            lines += ["", str(_("How to enrol to courses:")), terms.text("admission", lang)]
        if terms is not None and terms.text("services", lang):
            lines += ["", str(_("Library and IT services:")), terms.text("services", lang)]
    return "\n".join(lines)


def decided(app: Any, joo: JooRightRef | None) -> None:
    _send(DECIDED, app, lambda lang: {"outcome": _outcome(app, joo, lang)})


WHY = {"home_right_ended": _("your study right at your own university ended"),
       "host_degree": _("you became a degree student of the same university")}


def joo_right_ended(joo: JooRightRef) -> None:
    """rights.api JOO-ended listener (R-JOO-4/5): tell the student, and the institutions' systems (outcomes)."""
    app = Application.objects.filter(joo_right_id=joo.id).first()
    outcomes.right_ended(joo, app)
    if app is None:
        return
    _send(RIGHT_ENDED, app, lambda lang: {"identifier": joo.identifier,
                                          "end": formats.format_date(joo.end_date) if joo.end_date else "",
                                          "why": str(WHY.get(joo.end_reason, ""))},
          key=f"{joo.id}:{joo.end_date}")
