"""Placeholder: the office pages helper fills this in."""

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, path


def _todo(request: HttpRequest, **kwargs: int) -> HttpResponse:
    raise Http404


urlpatterns: list[URLPattern] = [
    path("office/endorse/", _todo, name="home_queue"),
    path("office/decide/", _todo, name="host_queue"),
    path("office/<int:pk>/", _todo, name="office_detail"),
    path("office/overview/", _todo, name="overview"),
    path("office/terms/", _todo, name="terms"),
    path("office/joo-students/", _todo, name="joo_students"),
]
