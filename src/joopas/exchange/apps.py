from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from joopas.core.edge import register_own_body_policy


class ExchangeConfig(AppConfig):
    name = "joopas.exchange"
    label = "exchange"
    verbose_name = _("Exchange")
    url_prefix = "exchange/"

    def ready(self) -> None:
        # Every app's `messages` module registers its message types (joopas.exchange.api), in
        # INSTALLED_APPS order; the exchange's own (acknowledgements, student updates) come last.
        autodiscover_modules("messages")
        # The exchange answers bad text in a message itself (422 exchange.invalid_text with its path),
        # the stable code institutions already handle; the edge's generic 400 stays out of its way.
        # A body too large for the edge to read is refused in the exchange's own shape too (413
        # exchange.refused with an exchange.too_large problem), never Django's bare 400.
        from joopas.exchange.rest_api.v1 import too_large_answer

        register_own_body_policy("/api/v1/exchange/", too_large=too_large_answer)
