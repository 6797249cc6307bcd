"""Placeholder: the public JOO page (hosts' rounds and terms, R-JOO-8)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, path


def _todo(request: HttpRequest, **kwargs: int) -> HttpResponse:
    raise Http404


urlpatterns: list[URLPattern] = [
    path("joo/", _todo, name="public"),
]
