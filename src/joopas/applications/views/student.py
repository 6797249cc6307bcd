"""Placeholder: the student pages helper fills this in (URL names fixed: my, new, edit, detail, attachment)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, path


def _todo(request: HttpRequest, **kwargs: int) -> HttpResponse:
    raise Http404


urlpatterns: list[URLPattern] = [
    path("", _todo, name="my"),
    path("new/", _todo, name="new"),
    path("<int:pk>/", _todo, name="detail"),
    path("<int:pk>/edit/", _todo, name="edit"),
    path("attachment/<int:pk>/", _todo, name="attachment"),
]
