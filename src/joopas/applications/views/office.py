"""Placeholder: filled by the pages work."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
