"""Mounted at `registrations/` (AppConfig.url_prefix); each views module lists its own patterns."""

from joopas.registrations.views import office, student

app_name = "registrations"
urlpatterns = [*student.urlpatterns, *office.urlpatterns]
