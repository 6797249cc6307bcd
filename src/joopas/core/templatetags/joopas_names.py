"""`{% load joopas_names %}`: names of things that have one per language, in the page's language.

    {{ org|local_name }}    -> "Helsingfors universitet" on a Swedish page, "University of Helsinki" in English

Works for anything with `name_fi` / `name_sv` / `name_en` (an OrganisationRef, an Organisation, …); falls
back to the Finnish name when the page's language has none.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

register = template.Library()


def local_name_of(obj: Any, lang: str | None = None) -> str:
    if obj is None or obj == "":
        return ""
    code = (lang or get_language() or "fi")[:2]
    return str(getattr(obj, f"name_{code}", "") or getattr(obj, "name_fi", "") or "")


@register.filter(name="local_name")
def local_name(obj: Any) -> str:
    return local_name_of(obj)
