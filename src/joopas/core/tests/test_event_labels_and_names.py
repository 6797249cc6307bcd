"""Issue 11: the audit label registry (core.event_labels) and the page-language name filter (joopas_names)."""

from __future__ import annotations

from dataclasses import dataclass

from django.template import Context, Template
from django.utils import translation
from django.utils.translation import gettext_lazy

from joopas.core import event_labels
from joopas.core.templatetags.joopas_names import local_name_of


def test_registered_label_is_shown_in_the_active_language_and_unknown_codes_stay_codes() -> None:
    event_labels.register_labels({"test.thing.done": gettext_lazy("Log in")})
    try:
        with translation.override("en"):
            assert event_labels.event_label("test.thing.done") == "Log in"
        with translation.override("fi"):
            assert event_labels.event_label("test.thing.done") == "Kirjaudu sisään"
        assert event_labels.event_label("test.thing.unknown") == "test.thing.unknown"
    finally:
        event_labels._LABELS.pop("test.thing.done", None)


@dataclass
class _Org:
    name_fi: str
    name_sv: str = ""
    name_en: str = ""


def test_local_name_in_page_language_falls_back_to_finnish() -> None:
    org = _Org("Helsingin yliopisto", "Helsingfors universitet", "University of Helsinki")
    template = Template("{% load joopas_names %}{{ org|local_name }}")
    for lang, expected in (("fi", "Helsingin yliopisto"), ("sv", "Helsingfors universitet"),
                           ("en", "University of Helsinki")):
        with translation.override(lang):
            assert template.render(Context({"org": org})) == expected
    with translation.override("sv"):
        assert local_name_of(_Org("Vain suomeksi Oy")) == "Vain suomeksi Oy"
    assert local_name_of(None) == ""
