from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    name = "joopas.site"
    label = "joopas_site"
    verbose_name = _("Site")
    url_prefix = ""  # public pages and the desk; mounted last
