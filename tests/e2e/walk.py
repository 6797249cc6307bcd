"""Helpers for the browser walk (tests/e2e/test_walk.py) and the screenshots (tests/e2e/screenshots.py).

- `foreign_texts()`: for each language, the user-interface texts of the *other* languages (from the apps' gettext
  catalogues) that must not appear in a page of that language — e.g. the English source text of a message in a
  Finnish page means the message was not translated.
- `pattern()` / `skipped()`: which links the walk follows and how it de-duplicates them (ids normalised).
- `REPORT_JS`: what the browser reports about a page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

LANGS = ("fi", "sv", "en")
SRC = Path(__file__).resolve().parents[2] / "src" / "joopas"

# Placeholders and markup split a catalogue text into the literal pieces that can appear on a page.
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdfr]|%[sdfr]|\{\w*\}|<[^>]+>|&\w+;")
_WORDS = re.compile(r"[^\W\d_]{2,}")


def _pieces(text: str) -> Iterable[str]:
    for piece in _PLACEHOLDER.split(text):
        piece = " ".join(piece.split()).strip(" .,:;–-()[]\"'")
        if len(_WORDS.findall(piece)) >= 2:
            yield piece


def catalogue_entries(root: Path = SRC) -> list[dict[str, str]]:
    """Every translated entry of the apps' catalogues: {"en": msgid, "fi": …, "sv": …} (plural forms as extra
    entries). English is the source language: its text is the msgid (the en catalogue's msgstr when filled)."""
    import polib

    table: dict[str, dict[str, str]] = {}
    for po_path in sorted(root.glob("*/locale/*/LC_MESSAGES/django.po")):
        lang = po_path.parts[-3]
        if lang not in LANGS:
            continue
        for entry in polib.pofile(str(po_path)):
            if entry.obsolete or "fuzzy" in entry.flags:
                continue
            if entry.msgid_plural:
                forms = [(entry.msgid, entry.msgstr_plural.get(0, "")),
                         (entry.msgid_plural, entry.msgstr_plural.get(1, ""))]
            else:
                forms = [(entry.msgid, entry.msgstr)]
            for msgid, msgstr in forms:
                row = table.setdefault(msgid, {"en": msgid})
                if msgstr and lang != "en":
                    row[lang] = msgstr
    return list(table.values())


def foreign_texts(entries: list[dict[str, str]] | None = None) -> dict[str, set[str]]:
    """For each page language L: the pieces (two words or more) of other languages' texts that differ from
    every text of L — the texts whose appearance in an L page means something went untranslated."""
    entries = catalogue_entries() if entries is None else entries
    own: dict[str, set[str]] = {lang: set() for lang in LANGS}
    for row in entries:
        for lang, text in row.items():
            own[lang].update(_pieces(text))
    foreign: dict[str, set[str]] = {lang: set() for lang in LANGS}
    for row in entries:
        for page_lang in LANGS:
            if page_lang not in row:  # untranslated in the catalogue: `joopas i18n check` reports it
                continue
            for lang, text in row.items():
                if lang != page_lang and text != row[page_lang]:
                    foreign[page_lang].update(_pieces(text))
    return {lang: foreign[lang] - own[lang] for lang in LANGS}


def matcher(texts: set[str]) -> re.Pattern[str]:
    """One regex finding any of the texts as whole words, longest first."""
    alternatives = "|".join(re.escape(t) for t in sorted(texts, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


# Developer text that no catalogue lists: Pydantic's messages and identifiers (snake_case) in visible text.
DEVELOPER_TEXT = re.compile(r"\b(?:Value error|Field required|Input should be)\b|(?<![\w@./-])[a-z]+(?:_[a-z]+)+(?![\w@])")


def found(pattern: re.Pattern[str], text: str) -> list[str]:
    return sorted({m.group(0) for m in pattern.finditer(" ".join(text.split()))})


# --- which links the walk follows --------------------------------------------------------------------------

_ID_SEGMENT = re.compile(r"\d")
_KEEP_SEGMENT = re.compile(r"^v\d+$")  # /api/v1/docs
SKIP_PREFIXES = ("/admin/", "/static/", "/media/", "/i18n/", "/api/")
ALLOWED_API = ("/api/v1/docs",)
_DOWNLOAD = re.compile(r"export|download|\.(csv|json|xml|pdf|zip|xlsx)$", re.IGNORECASE)


def skipped(url: str, base: str, *, download: bool = False) -> bool:
    """GET only, same origin; no logout, exports/downloads, Django admin or JSON API (but the API docs)."""
    parts, own = urlsplit(url), urlsplit(base)
    if parts.scheme not in ("http", "https") or parts.netloc != own.netloc or download:
        return True
    path = parts.path or "/"
    if path in ALLOWED_API:
        return False
    if path.startswith(SKIP_PREFIXES) or "logout" in path or _DOWNLOAD.search(path):
        return True
    query = dict(parse_qsl(parts.query))
    return query.get("format", "").lower() in {"csv", "json", "xlsx"} or "export" in query


def pattern(url: str) -> str:
    """The path with ids normalised (any segment holding a digit: pk, OID, UUID, code) plus the query's keys:
    /catalogue/course/17/ and /catalogue/course/18/ are one page, /catalogue/?page=2 another than /catalogue/."""
    parts = urlsplit(url)
    segments = [s if not _ID_SEGMENT.search(s) or _KEEP_SEGMENT.match(s) else "{id}"
                for s in (parts.path or "/").split("/")]
    keys = sorted({k for k, _v in parse_qsl(parts.query, keep_blank_values=True)})
    return "/".join(segments) + ("?" + "&".join(keys) if keys else "")


def page_url(url: str) -> str:
    """The URL without its fragment."""
    return url.split("#", 1)[0]


# --- what the browser reports -------------------------------------------------------------------------------

# One round trip per page: its language, width, visible text, links and shape.
#
# text: what a person sees (and a screen reader reads), with the title. Left out: code samples, what people typed
# (textarea) and text marked as another language (lang="sv" on a Swedish name in a Finnish page is right, not
# untranslated). A drop-down's options count when the drop-down is visible.
#
# shape: the kinds of elements the page is made of (tag, classes, role, type, ARIA and labelling attributes),
# whatever their number or text. Two pages of one pattern with the same shape (one course page and another, the
# same page seen by two logins) get the same axe result, so axe runs once per pattern and shape.
REPORT_JS = """() => {
  const pageLang = document.documentElement.lang;
  const skip = 'script,style,noscript,template,code,pre,kbd,samp,textarea,[translate="no"]';
  const text = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest(skip)) continue;
    const marked = el.closest('[lang]');
    if (marked && marked !== document.documentElement && marked.lang.split('-')[0] !== pageLang) continue;
    const shown = el.closest('select') || el;
    if (!shown.checkVisibility()) continue;
    text.push(n.textContent);
  }
  const kinds = new Set();
  for (const el of document.querySelectorAll('body *')) {
    const attrs = Array.from(el.attributes, a => a.name).filter(n => n.startsWith('aria-') || n === 'id' ||
      n === 'for' || n === 'alt' || n === 'title' || n === 'tabindex' || n === 'lang').sort().join(',');
    kinds.add([el.tagName, el.getAttribute('class') || '', el.getAttribute('role') || '',
               el.getAttribute('type') || '', attrs].join('|'));
  }
  return {
    lang: pageLang,
    width: document.documentElement.scrollWidth,
    text: text.join(' '),
    links: Array.from(document.querySelectorAll('a[href]'), a => ({href: a.href, download: a.hasAttribute('download')})),
    shape: Array.from(kinds).sort().join('\\n'),
  };
}"""


def widest(page: Any) -> str:
    """The outermost element that sticks out furthest to the right, leaving out what sits in a scrolling box
    (a table in a .table-wrap may be wider than the screen; it scrolls, the page does not)."""
    return str(page.evaluate("""() => {
      const scrolls = el => { for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const o = getComputedStyle(a).overflowX; if (o !== 'visible' && o !== 'clip') return true; } return false; };
      let worst = null, right = document.documentElement.clientWidth;
      for (const el of document.querySelectorAll('body *')) {
        const r = el.getBoundingClientRect().right;
        if (r > right + 0.5 && !scrolls(el)) { right = r; worst = el; }
      }
      if (!worst) return 'none found';
      const id = worst.id ? '#' + worst.id : '';
      const cls = typeof worst.className === 'string' && worst.className ? '.' + worst.className.trim().split(/\\s+/).join('.') : '';
      const text = (worst.innerText || '').trim().slice(0, 40);
      return worst.tagName.toLowerCase() + id + cls + ' (' + Math.round(right) + ' px' + (text ? ', "' + text + '"' : '') + ')';
    }"""))
