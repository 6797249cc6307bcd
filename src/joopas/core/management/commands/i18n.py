"""Compile and check gettext catalogues without GNU gettext (polib), so a fresh machine needs none."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

LANGS = ("fi", "sv", "en")


def catalogues(apps: list[str] | None = None) -> list[Path]:
    root = Path(settings.BASE_DIR)
    found = sorted(root.glob("*/locale/*/LC_MESSAGES/django.po"))
    return [p for p in found if not apps or p.parts[-5] in apps]


class Command(BaseCommand):
    help = ("compile: build .mo files; check: fail on missing, untranslated or fuzzy entries; "
            "fill-en: English catalogues take the source text (msgids are English).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["compile", "check", "fill-en", "apply"])
        parser.add_argument("file", nargs="?", help='with apply: JSON {"msgid": {"fi": "…", "sv": "…"}}')
        parser.add_argument("--app", action="append", default=[],
                            help="with apply/fill-en: only these apps' catalogues (default: all)")
        parser.add_argument("--force", action="store_true",
                            help="with apply: overwrite entries that are already translated")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["action"] == "apply":
            import json

            if not opts["file"]:
                raise CommandError("apply needs a JSON file")
            table = json.loads(Path(opts["file"]).read_text(encoding="utf-8"))
            filled = 0
            for po_path in catalogues(opts["app"]):
                lang = po_path.parts[-3]
                po = polib.pofile(str(po_path))
                for entry in po:
                    text = table.get(entry.msgid, {}).get(lang)
                    if not text or (entry.translated() and "fuzzy" not in entry.flags and not opts["force"]):
                        continue
                    if entry.msgid_plural:
                        plural = table[entry.msgid].get(f"{lang}_plural", text)
                        entry.msgstr_plural = {0: text, 1: plural}
                    else:
                        entry.msgstr = text
                    if "fuzzy" in entry.flags:
                        entry.flags.remove("fuzzy")
                    filled += 1
                po.save()
            self.stdout.write(f"filled {filled} entries")
            return
        if opts["action"] == "fill-en":
            for po_path in catalogues(opts["app"]):
                if po_path.parts[-3] != "en":
                    continue
                po = polib.pofile(str(po_path))
                for entry in po:
                    if entry.msgid_plural:
                        entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
                    else:
                        entry.msgstr = entry.msgid
                    if "fuzzy" in entry.flags:
                        entry.flags.remove("fuzzy")
                po.save()
            return
        if opts["action"] == "compile":
            for po_path in catalogues():
                polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
            self.stdout.write(f"compiled {len(catalogues())} catalogue(s)")
            return
        problems: list[str] = []
        apps = {p.parents[3] for p in catalogues()}
        for app_dir in sorted(apps):
            for lang in LANGS:
                po_path = app_dir / "locale" / lang / "LC_MESSAGES" / "django.po"
                if not po_path.exists():
                    problems.append(f"{po_path}: missing catalogue")
                    continue
                po = polib.pofile(str(po_path))
                for entry in po:
                    if entry.obsolete:
                        continue
                    if "fuzzy" in entry.flags:
                        problems.append(f"{po_path}:{entry.linenum}: fuzzy: {entry.msgid[:60]!r}")
                    elif not entry.translated():
                        problems.append(f"{po_path}:{entry.linenum}: untranslated: {entry.msgid[:60]!r}")
        if problems:
            for line in problems:
                self.stderr.write(line)
            raise CommandError(f"{len(problems)} translation problem(s)")
        self.stdout.write(f"translations complete in {len(apps)} app(s) x {len(LANGS)} languages")
