from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    """Persons and study rights (opiskeluoikeus): home rights, host (cross-study) rights, eligibility."""

    name = "joopas.rights"
    label = "rights"
    verbose_name = _("Study rights")
    url_prefix = "rights/"

    def ready(self) -> None:
        # R-NET-3 previews count the study rights a network change affects (R-NET-2 eligibility lives here).
        from joopas.networks import api as networks_api
        from joopas.rights import selectors

        networks_api.register_eligible_rights_counter(selectors.eligible_rights_count)
