"""The root URLconf. Pages are assembled from the installed apps: every joopas app whose AppConfig declares
`url_prefix` has its `urls.py` mounted there (a new app is mounted without editing this file); the app with the
empty prefix (site: public pages, the desk) comes last so that its catch-all paths never shadow another app's.
The JSON API is assembled the same way from each app's `rest_api/v1.py` (config/api.py)."""

from __future__ import annotations

from django.apps import apps
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from joopas.config.api import api_v1
from joopas.site import views as site_views


def app_urlpatterns() -> list[URLResolver]:
    """`path(prefix, include("<app>.urls"))` for every joopas app with a `url_prefix`, in INSTALLED_APPS order
    with the empty prefix last."""
    mounted: list[tuple[str, str]] = []
    for config in apps.get_app_configs():
        prefix = getattr(config, "url_prefix", None)
        if config.name.startswith("joopas.") and isinstance(prefix, str):
            mounted.append((prefix, config.name))
    mounted.sort(key=lambda m: m[0] == "")  # stable: keeps INSTALLED_APPS order, "" last
    return [path(prefix, include(f"{name}.urls")) for prefix, name in mounted]


# Error pages in the site's layout, translated, with the reason the service gave and a way back (site.views).
handler400 = "joopas.site.views.bad_request"
handler403 = "joopas.site.views.permission_denied"
handler404 = "joopas.site.views.page_not_found"
handler500 = "joopas.site.views.server_error"

urlpatterns: list[URLPattern | URLResolver] = [
    path("healthz", site_views.healthz, name="healthz"),
    path("readyz", site_views.readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api_v1.urls),
    *app_urlpatterns(),
]
