from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "joopas.access"
    label = "access"
    verbose_name = _("Access rights")
    url_prefix = "access/"

    def ready(self) -> None:
        # access sits above accounts and organisations in the app graph; it plugs into their seams here.
        from joopas.access import policies, services, views
        from joopas.accounts import api as accounts_api
        from joopas.organisations import api as organisations_api

        accounts_api.register_login_listener(views.on_login)
        accounts_api.register_failed_login_listener(views.on_login_failed)
        organisations_api.register_access_checker(policies.OrganisationAccess())
        organisations_api.register_on_registration_approved(services.registration_approved)
