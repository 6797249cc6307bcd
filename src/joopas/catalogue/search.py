"""Lemmatisation for the catalogue search (pure text processing, no database).

Texts are lemmatised in their own language with simplemma (tilastotieteen → tilastotiede,
ohjelmoinnin → ohjelmointi, kursernas → kurs); the document keeps each word's surface form and its
lemma. A query's language is unknown, so each query word becomes a set of variants (the word and
its fi/sv/en lemmas); a unit matches when every query word matches one of its variants.
"""

from __future__ import annotations

import marshal
import os
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

import simplemma
from simplemma.strategies import DefaultStrategy
from simplemma.strategies.dictionaries.dictionary_factory import (
    CachingDictionaryFactory,
    MappingStrToByteString,
    _load_dictionary_from_disk,
)

WORD = re.compile(r"[^\W_]+", re.UNICODE)
MAX_QUERY_CHARS = 300
MAX_QUERY_WORDS = 8
LANGS = ("fi", "sv", "en")


def words(text: str) -> list[str]:
    return WORD.findall((text or "").lower())


class MarshalCachedDictionaries(CachingDictionaryFactory):
    """simplemma's shipped dictionaries, decoded once and kept as marshal files (loading the compressed
    originals takes seconds per process; a marshal file loads in a fraction of that)."""

    def __init__(self, folder: Path) -> None:
        super().__init__(cache_max_size=8)
        self.folder = folder

    def _get_dictionary_uncached(self, lang: str) -> Mapping[str, str]:
        DICTIONARY_LOADS[lang] = DICTIONARY_LOADS.get(lang, 0) + 1
        version = getattr(simplemma, "__version__", "0")
        path = self.folder / f"simplemma-{version}-{lang}.marshal"
        try:
            # our own file in the service's var directory; only a dict of bytes is accepted
            data = marshal.loads(path.read_bytes())  # noqa: S302
            if not isinstance(data, dict):
                raise ValueError(path)
        except (OSError, EOFError, ValueError, TypeError):
            data = _load_dictionary_from_disk(lang)
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(f".{os.getpid()}.tmp")
                tmp.write_bytes(marshal.dumps(data))
                tmp.replace(path)
            except OSError:
                pass
        return MappingStrToByteString(data)


def _cache_folder() -> Path:
    from django.conf import settings

    return Path(getattr(settings, "VAR_DIR", Path.cwd() / "var")) / "cache"


_LEMMATIZER: simplemma.Lemmatizer | None = None
DICTIONARY_LOADS: dict[str, int] = {}  # language -> times its dictionary was read in this process (once)


def _lemmatizer() -> simplemma.Lemmatizer:
    """The process-wide lemmatiser, built on first use. Its dictionaries (tens of MB for Finnish) are read once
    per process and language and then kept (the factory's cache holds all three), so a test session or a web
    worker pays the load once; `warm_up()` pays it up front."""
    global _LEMMATIZER
    if _LEMMATIZER is None:
        _LEMMATIZER = simplemma.Lemmatizer(lemmatization_strategy=DefaultStrategy(
            dictionary_factory=MarshalCachedDictionaries(_cache_folder())))
    return _LEMMATIZER


@lru_cache(maxsize=200_000)
def lemma(word: str, lang: str) -> str:
    if len(word) > 60 or word.isdigit():
        return word
    try:
        return str(_lemmatizer().lemmatize(word, lang=lang)).lower()
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
