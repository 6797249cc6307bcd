from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    """Study records (opintosuoritus) at the host and their credited copies (hyväksiluku) at home."""

    name = "joopas.records"
    label = "records"
    url_prefix = "records/"
    verbose_name = _("Study records")
