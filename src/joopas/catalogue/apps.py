import os

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "joopas.catalogue"
    label = "catalogue"
    verbose_name = _("Catalogue")
    url_prefix = "catalogue/"

    def ready(self) -> None:
        from joopas.catalogue import targeting

        targeting.register()  # networks' offering source and its search-cache listener
        if os.environ.get("JOOPAS_PRELOAD_LEMMAS") == "1":
            from joopas.catalogue import search

            search.warm_up()
