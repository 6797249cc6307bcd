from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    name = "joopas.site"
    label = "joopas_site"
    verbose_name = _("Site")
    url_prefix = ""  # public pages and the desk; mounted last

    def ready(self) -> None:
        from joopas.accounts.api import register_login_listener
        from joopas.site.services import login_listener

        register_login_listener(login_listener)  # the profile lists the person's sessions
