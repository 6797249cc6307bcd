"""Mounted at `applications/` (AppConfig.url_prefix); each views module lists its own patterns."""

from joopas.applications.views import office, public, student

app_name = "applications"
urlpatterns = [*student.urlpatterns, *office.urlpatterns, *public.urlpatterns]
