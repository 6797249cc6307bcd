"""The study offices' pages: the host's registration queue and decisions, the home's outgoing registrations."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
