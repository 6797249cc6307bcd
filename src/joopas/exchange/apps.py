from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "joopas.exchange"
    label = "exchange"
    verbose_name = _("Exchange")
    url_prefix = "exchange/"

    def ready(self) -> None:
        # Every app's `messages` module registers its message types (joopas.exchange.api), in
        # INSTALLED_APPS order; the exchange's own (acknowledgements, student updates) come last.
        autodiscover_modules("messages")
