"""Lemmatisation for the catalogue search (pure text processing, no database).

Texts are lemmatised in their own language with simplemma (tilastotieteen → tilastotiede,
ohjelmoinnin → ohjelmointi, kursernas → kurs); the document keeps each word's surface form and its
lemma. A query's language is unknown, so each query word becomes a set of variants (the word and
its fi/sv/en lemmas); a unit matches when every query word matches one of its variants.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import simplemma

WORD = re.compile(r"[^\W_]+", re.UNICODE)
MAX_QUERY_CHARS = 300
MAX_QUERY_WORDS = 8
LANGS = ("fi", "sv", "en")


def words(text: str) -> list[str]:
    return WORD.findall((text or "").lower())


@lru_cache(maxsize=200_000)
def lemma(word: str, lang: str) -> str:
    if len(word) > 60 or word.isdigit():
        return word
    try:
        return str(simplemma.lemmatize(word, lang=lang)).lower()
    except Exception:  # simplemma is robust, but a search must never fail on odd input
        return word


def lemmatise(text: str, lang: str) -> list[str]:
    out: list[str] = []
    for w in words(text):
        out.append(w)
        lem = lemma(w, lang)
        if lem != w:
            out.extend(words(lem))
    return out


def document(texts: Iterable[tuple[str, str]]) -> str:
    """`texts` = (language, text) pairs → the space-separated lemma document (deduplicated, ordered)."""
    seen: dict[str, None] = {}
    for lang, text in texts:
        for token in lemmatise(text, lang):
            seen.setdefault(token, None)
    return " ".join(seen)


def query_terms(q: str) -> list[list[str]]:
    """Query → per word the variants to look for. Empty for an empty or wordless query."""
    terms: list[list[str]] = []
    for w in words((q or "")[:MAX_QUERY_CHARS])[:MAX_QUERY_WORDS]:
        variants = dict.fromkeys([w, *(t for lang in LANGS for t in words(lemma(w, lang))[:1])])
        terms.append(list(variants))
    return terms


def tsquery(terms: list[list[str]]) -> str:
    """PostgreSQL to_tsquery('simple', …) text: prefix match on each variant, AND across words."""
    return " & ".join("(" + " | ".join(f"{v}:*" for v in variants) + ")" for variants in terms)


def fts5_query(terms: list[list[str]]) -> str:
    """SQLite FTS5 MATCH text with the same meaning as `tsquery`."""
    return " AND ".join("(" + " OR ".join(f'"{v}"*' for v in variants) + ")" for variants in terms)


def plain(q: str) -> str:
    return " ".join(words((q or "")[:MAX_QUERY_CHARS])[:MAX_QUERY_WORDS])


def warm_up() -> None:
    """Load the three lemma dictionaries now (seconds, a few hundred MB) instead of on the first search.
    With `gunicorn --preload` and JOOPAS_PRELOAD_LEMMAS=1 the workers share the loaded dictionaries."""
    for lang in LANGS:
        lemma("kurssi", lang)
