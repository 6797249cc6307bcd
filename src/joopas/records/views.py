"""Pages of the records app: the host's completion form, the home's incoming credits and conversion tables."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
