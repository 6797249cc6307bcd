"""R-EXC-6: anything an institution's system can do through the exchange, its officers can also do in the
service's own pages (for institutions whose systems cannot connect).

Every inbound message type is either mapped here to the pages that do the same, or named as one that does
nothing a person would do in a page (with the reason). A new inbound type without either fails this test. What
each page does is tested in its app; the doubtful ones are walked here as an officer of the right institution."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import get_resolver

from joopas.exchange.api import message_types

PAGES: dict[str, tuple[str, ...]] = {
    "CREATE_COURSEUNIT_REQUEST": ("catalogue:unit_new", "catalogue:import"),
    "UPDATE_COURSEUNIT_REQUEST": ("catalogue:unit_edit", "catalogue:import"),
    "DELETE_COURSEUNIT_REQUEST": ("catalogue:unit_archive",),
    "CREATE_STUDYMODULE_REQUEST": ("catalogue:import",),
    "UPDATE_STUDYMODULE_REQUEST": ("catalogue:import",),
    "DELETE_STUDYMODULE_REQUEST": ("catalogue:module_delete",),
    "CREATE_REALISATION_REQUEST": ("catalogue:realisation_new", "catalogue:import"),
    "UPDATE_REALISATION_REQUEST": ("catalogue:realisation_edit", "catalogue:realisation_extend"),
    "DELETE_REALISATION_REQUEST": ("catalogue:realisation_archive",),
    "CREATE_NETWORK_REQUEST": ("networks:create",),
    "UPDATE_NETWORK_REQUEST": ("networks:edit", "networks:members", "networks:period_add"),
    "UPDATE_STUDENT_REQUEST": ("rights:student_edit",),
    "UPDATE_STUDENT_STUDYRIGHT_REQUEST": ("rights:right_status", "rights:right_dates", "rights:right_attendance"),
    "CREATE_REGISTRATION_REQUEST": ("registrations:register_for_student",),
    "REGISTRATION_REPLY_REQUEST": ("registrations:decide", "registrations:queue"),
    "CREATE_STUDYRECORD_REQUEST": ("records:completion",),
    "STUDYRECORD_REPLY_REQUEST": ("records:credit", "records:credits"),
}

NOT_FOR_PAGES: dict[str, str] = {
    "ACKNOWLEDGEMENT": "a system confirms it received a message; a page shows the message itself",
    "UPDATE_STUDENT_REPLY_REQUEST": "the host system's answer to the home system's update; Joopas applies the "
                                    "update itself (R-REG-7), so a change made in a page needs no answer",
    "UPDATE_STUDENT_STUDYRIGHT_REPLY_REQUEST": "as UPDATE_STUDENT_REPLY_REQUEST, for a study-right update",
}


def _url_names() -> set[str]:
    names: set[str] = set()

    def walk(resolver: Any, namespace: str) -> None:
        for p in resolver.url_patterns:
            if hasattr(p, "url_patterns"):
                walk(p, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif p.name:
                names.add(f"{namespace}{p.name}")

    walk(get_resolver(), "")
    return names


def test_r_exc_6_every_inbound_message_type_has_its_pages_or_a_reason() -> None:
    inbound = {t.name for t in message_types() if t.inbound}
    assert inbound - set(PAGES) - set(NOT_FOR_PAGES) == set()  # a new type: name its pages or say why none
    assert (set(PAGES) | set(NOT_FOR_PAGES)) - inbound == set()  # no stale entries
    assert set(PAGES).isdisjoint(NOT_FOR_PAGES)


def test_r_exc_6_the_named_pages_exist() -> None:
    names = _url_names()
    assert {n for pages in PAGES.values() for n in pages} - names == set()


@pytest.mark.django_db
def test_r_exc_6_a_home_office_finds_the_page_to_register_its_student_from_the_course_page() -> None:
    """CREATE_REGISTRATION_REQUEST, the newest of the pages: linked from the course page for an office of another
    institution and usable there (the flow itself: registrations/tests/test_register_for_student.py)."""
    from joopas.registrations.tests.factories import make_world

    w = make_world()
    c = Client()
    c.force_login(w["home_officer"])
    course = c.get(f"/catalogue/course/{w['unit'].pk}/").content.decode()
    url = f"/registrations/register-student/{w['unit'].pk}/"
    assert f'href="{url}"' in course
    page = c.get(f"{url}?study_right={w['right'].identifier}")
    assert page.status_code == 200 and 'name="realisations"' in page.content.decode()
