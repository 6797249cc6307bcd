from django.contrib import admin
from django.urls import include, path

from joopas.config.api import api_v1
from joopas.site import views as site_views

urlpatterns = [
    path("healthz", site_views.healthz, name="healthz"),
    path("readyz", site_views.readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api_v1.urls),
    path("accounts/", include("joopas.accounts.urls")),
    path("organisations/", include("joopas.organisations.urls")),
    path("access/", include("joopas.access.urls")),
    path("catalogue/", include("joopas.catalogue.urls")),
    path("networks/", include("joopas.networks.urls")),
    path("exchange/", include("joopas.exchange.urls")),
    path("", include("joopas.site.urls")),
]

