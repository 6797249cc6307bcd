"""Messages of Django's password validators that Django's own Finnish catalogue lacks.

Listed here only so that `makemessages` extracts them into this app's catalogue, which Django
consults before its own (INSTALLED_APPS order). The validator itself produces the text.
"""

from django.utils.translation import ngettext_lazy

PASSWORD_TOO_SHORT = ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    "min_length",
)
