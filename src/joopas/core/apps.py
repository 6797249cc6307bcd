from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "joopas.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from joopas.core import checks  # noqa: F401  (registers the system checks)

        # Registries filled by the apps above core: each app's desk.py contributes its desk section.
        autodiscover_modules("desk")
        # ... and each app's codes.py registers the translated labels of its audit events (core.audit).
        autodiscover_modules("codes")
