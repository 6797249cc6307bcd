"""Templates carry nothing the Content-Security-Policy (joopas.core.headers) would block: no inline `<script>` with
content (JSON data blocks excepted), no `on*=` event handler attributes, no `style=` attributes, no `<style>`."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "joopas"
DATA_TYPES = {"application/json", "application/ld+json"}


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._script: tuple[int, bool] | None = None  # (line, is a data block)
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        for name, _value in attrs:
            if name.startswith("on"):
                self.problems.append(f"line {line}: <{tag} {name}=…> event handler attribute")
            elif name == "style":
                self.problems.append(f"line {line}: <{tag} style=…> inline style")
        if tag == "style":
            self.problems.append(f"line {line}: <style> element")
        if tag == "script":
            self._script = (line, (dict(attrs).get("type") or "").strip().lower() in DATA_TYPES)
            self._text = ""

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            line, is_data = self._script
            if self._text.strip() and not is_data:
                self.problems.append(f"line {line}: inline <script> with content")
            self._script = None


def problems_in(text: str) -> list[str]:
    finder = _Finder()
    finder.feed(text)
    finder.close()
    return finder.problems


def test_the_finder_catches_what_the_policy_blocks() -> None:
    assert problems_in('<script>document.getElementById("x").focus();</script>') == \
        ["line 1: inline <script> with content"]
    assert problems_in('<button onclick="go()">Go</button>') == ["line 1: <button onclick=…> event handler attribute"]
    assert problems_in('<label class="check" style="font-weight:400">x</label>') == \
        ["line 1: <label style=…> inline style"]
    assert problems_in("<style>p { color: red }</style>") == ["line 1: <style> element"]
    assert problems_in('<script src="/static/site/js/focus.js" defer></script>'
                       '<script type="application/json" id="s">{"a": 1}</script>') == []


def test_no_template_has_inline_script_handlers_or_styles() -> None:
    templates = sorted(SRC.rglob("templates/**/*.html"))
    assert len(templates) > 20
    found = {str(p.relative_to(SRC)): problems for p in templates if (problems := problems_in(p.read_text()))}
    assert found == {}
