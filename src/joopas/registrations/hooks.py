"""Sections that apps above registrations add to the student's own page ("My studies").

The records app shows the student's credited completions there without registrations importing records:
records registers `section(request, persons) -> safe HTML or ""` at start-up (its AppConfig.ready).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from joopas.rights.data import PersonRef

StudiesSection = Callable[[Any, Sequence[PersonRef]], str]
_SECTIONS: list[StudiesSection] = []


def register_studies_section(section: StudiesSection) -> None:
    if section not in _SECTIONS:
        _SECTIONS.append(section)


def studies_sections(request: Any, persons: Sequence[PersonRef]) -> list[str]:
    """The registered sections' HTML for these (home) persons of the logged-in student, empty ones left out."""
    return [html for section in _SECTIONS if (html := section(request, persons))]
