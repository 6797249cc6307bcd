"""Issue 11: the audit page shows every event in words. Every app registers a translated label for every audit
event it writes (core.event_labels, from each app's codes.py) — checked for every installed joopas app, so a new
app's events are covered from its first commit."""

from __future__ import annotations

import importlib
from importlib.util import find_spec

import pytest
from django.apps import apps
from django.utils import translation

from joopas.core.event_labels import event_label, registered_labels


def _all_events() -> list[str]:
    out: list[str] = []
    for config in apps.get_app_configs():
        if config.name.startswith("joopas.") and find_spec(f"{config.name}.codes"):
            event = getattr(importlib.import_module(f"{config.name}.codes"), "Event", None)
            out += [str(e) for e in event or []]
    return out


def test_the_apps_write_events_with_labels() -> None:
    events = _all_events()
    assert {e.split(".")[0] for e in events} >= {"access", "accounts", "catalogue", "exchange", "networks",
                                                 "notifications", "organisations", "records", "registrations",
                                                 "rights"}


@pytest.mark.parametrize("event", _all_events(), ids=str)
def test_every_event_has_a_label_translated_in_fi_and_sv(event: str) -> None:
    assert str(event) in registered_labels()
    with translation.override("en"):
        english = event_label(str(event))
    assert english != str(event)
    for lang in ("fi", "sv"):
        with translation.override(lang):
            assert event_label(str(event)) not in (english, str(event)), lang


def test_labels_read_as_words() -> None:
    with translation.override("fi"):
        assert event_label("catalogue.course_unit_created") == "Loi opintojakson"
        assert event_label("networks.member_added") == "Lisäsi verkostoon jäsenen"
    with translation.override("sv"):
        assert event_label("exchange.delivery_replayed") == "Skickade ett meddelande på nytt"
    assert event_label("no.such.event") == "no.such.event"


def test_catalogue_message_types_read_as_sentences_in_fi_and_sv() -> None:
    """The exchange pages say what happened with the catalogue's message types (joopas.exchange.labels)."""
    from joopas.exchange.labels import message_sentence, type_label

    with translation.override("fi"):
        assert message_sentence("UPDATE_COURSEUNIT_REQUEST", "Helsingin yliopisto") == \
            "Helsingin yliopisto lähetti opintojakson päivityksen"
        assert message_sentence("ACKNOWLEDGEMENT", "Aalto-yliopisto",
                                original_type="COURSEUNIT_CREATED_NOTIFICATION") == \
            "Aalto-yliopisto kuittasi viestin ”Ilmoitus: uusi opintojakso”"
        assert type_label("DELETE_REALISATION_REQUEST") == "Toteutuksen poisto"
    with translation.override("sv"):
        assert message_sentence("UPDATE_COURSEUNIT_REQUEST", "Helsingfors universitet") == \
            "Helsingfors universitet skickade en uppdatering av ett studieavsnitt"
        assert message_sentence("STUDYMODULE_CREATED_NOTIFICATION", "Aalto-universitetet") == \
            "Aalto-universitetet meddelade nätverket om en ny studiehelhet"
    with translation.override("en"):
        assert message_sentence("ACKNOWLEDGEMENT", "Aalto University",
                                original_type="COURSEUNIT_UPDATED_NOTIFICATION") == \
            "Aalto University acknowledged the message “Notice: course unit changed”"
