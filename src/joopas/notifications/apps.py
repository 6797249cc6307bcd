from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "joopas.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
    url_prefix = "notifications/"

    def ready(self) -> None:
        from joopas.notifications import checks, codes, events  # noqa: F401 - system check, audit labels, events
