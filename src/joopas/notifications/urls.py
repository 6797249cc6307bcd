"""Mounted at `notifications/` (AppConfig.url_prefix)."""

from django.urls import path

from joopas.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
    path("<int:pk>/", views.detail, name="detail"),
]
