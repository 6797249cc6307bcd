"""What a student wants to read of an element as its institution's system sent it (R-EXC-5): the descriptive
texts, completion options with their assessment items, the people responsible and the keywords, picked
from the kept RIPA v9 `source` in the reader's language. Pure: a dict in, plain values out (the templates
escape them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

_ORDER = ("fi", "en", "sv")
ITEM_TYPES = {"EXAM": _("exam"), "INDEPENDENT_WORK": _("independent work"),
              "TEACHING_PARTICIPATION": _("taking part in teaching")}


def text(value: Any, lang: str) -> str:
    """A LocalisedString's text in `lang`, falling back to fi, en, sv."""
    values = value.get("values") if isinstance(value, dict) else None
    if not isinstance(values, dict):
        return ""
    for code in (lang, *_ORDER):
        if isinstance(values.get(code), str) and values[code].strip():
            return str(values[code]).strip()
    return ""


def person(ref: Any) -> str:
    if not isinstance(ref, dict):
        return ""
    p: dict[str, Any] = ref["person"] if isinstance(ref.get("person"), dict) else {}
    name = " ".join(x for x in (p.get("givenName") or p.get("firstNames"), p.get("surName")) if isinstance(x, str) and x)
    return name or (ref.get("definition") if isinstance(ref.get("definition"), str) else "") or ""


def _credits(lo: Any, hi: Any) -> str:
    nums = [f"{v:g}" for v in (lo, hi) if isinstance(v, int | float) and not isinstance(v, bool)]
    return "–".join(dict.fromkeys(nums))


@dataclass(frozen=True)
class Item:
    name: str
    kind: Any  # a translated word (exam, independent work, …) or ""
    credits: str


@dataclass(frozen=True)
class Option:
    name: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Details:
    content: str = ""
    preconditions: str = ""
    further_information: str = ""
    credits_description: str = ""
    options: tuple[Option, ...] = ()
    people: tuple[str, ...] = ()
    keywords: tuple[str, ...] = field(default=())

    def __bool__(self) -> bool:
        return any((self.content, self.preconditions, self.further_information, self.credits_description,
                    self.options, self.people, self.keywords))


def of_element(source: Any, lang: str) -> Details:
    if not isinstance(source, dict) or not source:
        return Details()
    options = []
    for o in source.get("completionOptions") or []:
        if not isinstance(o, dict):
            continue
        items = tuple(Item(text(a.get("name"), lang) or str(a.get("assessmentItemId", "")),
                           ITEM_TYPES.get(str(a.get("type")), ""), _credits(a.get("creditsMin"), a.get("creditsMax")))
                      for a in o.get("assessmentItems") or [] if isinstance(a, dict))
        options.append(Option(text(o.get("name"), lang) or str(o.get("description") or ""), items))
    people = tuple(dict.fromkeys(x for x in (person(r) for r in source.get("personReferences") or []) if x))
    keywords = tuple(dict.fromkeys(x for x in (text(k.get("value"), lang) or str(k.get("key", ""))
                                                for k in source.get("keywords") or [] if isinstance(k, dict)) if x))
    return Details(text(source.get("content"), lang), text(source.get("preconditions"), lang),
                   text(source.get("furtherInformation"), lang), text(source.get("creditsDescription"), lang),
                   tuple(options), people, keywords)
