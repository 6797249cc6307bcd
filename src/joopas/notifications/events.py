"""The notifications app's own events (registered at start-up from apps.ready)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from joopas.notifications.registry import register_event

WELCOME = "notifications.welcome"

register_event(
    WELCOME,
    subject=_("Welcome to Joopas, %(name)s"),
    body=_("Hello %(name)s,\n\n"
           "this is your own message list in Joopas. The service sends you a message here, and by email, when "
           "something happens to your applications and registrations: when an application is received, when "
           "your home institution has endorsed it, when more information is needed and when a decision is "
           "made.\n\n"
           "You can read all your messages at any time on the Messages page."),
    channels=("email", "inbox"),
)
