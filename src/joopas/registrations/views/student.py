"""The student's pages: own registrations, rights and records; registering from a course page; cancelling."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
