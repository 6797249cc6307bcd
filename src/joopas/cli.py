"""The `joopas` command: `joopas demo | serve | worker | scheduler | <any manage.py command>`."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joopas.config.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    if len(argv) > 1 and argv[1] == "demo":
        # The demo's mail goes to the local mailbox var/mail (EMAIL_FILE_PATH), one file per message.
        os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
    if len(argv) > 1 and argv[1] == "serve":
        # Production serving is gunicorn's job (docs/deploy.md); `serve` is the local equivalent.
        argv[1:2] = ["runserver", "--noreload"]
    execute_from_command_line(["joopas", *argv[1:]])


if __name__ == "__main__":
    main()
