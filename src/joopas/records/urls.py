"""Mounted at `records/` (AppConfig.url_prefix)."""

from joopas.records import views

app_name = "records"
urlpatterns = [*views.urlpatterns]
