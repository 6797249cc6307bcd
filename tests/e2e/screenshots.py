"""Screenshots of the main page patterns for docs/screenshots/: the front page, search results, a course page,
the desk, a queue (registrations to review), and a form with errors, each at 1280 px and 375 px, full page.

    .venv/bin/python -m tests.e2e.screenshots            # own demo database + server, PNGs into docs/screenshots/
    .venv/bin/python -m tests.e2e.screenshots --base http://127.0.0.1:8000   # a running `make demo` instead

Without --base it loads the demo data into a throw-away SQLite database (`joopas demo --no-serve`), serves it on
a free port, takes the pictures in Finnish and stops the server. Needs Chromium (JOOPAS_CHROMIUM, default
/usr/bin/chromium), as the browser tests do."""

from __future__ import annotations

import argparse
import os
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "screenshots"
WIDTHS = (1280, 375)
CHROMIUM = os.environ.get("JOOPAS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic", "--font-render-hinting=none"]
ADMIN, EDITOR = "admin@joopas.demo", "tarjonta@hy.demo"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def demo_server() -> Iterator[str]:
    """A demo server of its own: throw-away SQLite database with the demo data, on a free port."""
    with tempfile.TemporaryDirectory(prefix="joopas-shots-") as tmp:
        env = {**os.environ, "JOOPAS_VAR_DIR": tmp, "DATABASE_URL": f"sqlite:///{tmp}/demo.sqlite3",
               "JOOPAS_ALLOW_DEV_KEY": "1", "SECURE_COOKIES": "0", "DEBUG": "0", "JOOPAS_FAST_HASHER": "1",
               "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
               "DJANGO_SETTINGS_MODULE": "joopas.config.settings"}
        cli = [sys.executable, "-m", "joopas.cli"]
        subprocess.run([*cli, "demo", "--no-serve"], env=env, check=True, stdout=subprocess.DEVNULL)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([*cli, "serve", f"127.0.0.1:{port}"], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                        if r.status == 200:
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the demo server did not start")
                time.sleep(0.3)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=10)


def recompress(png: bytes) -> bytes:
    """The same picture with its pixel data deflated at the highest level (smaller files in git)."""
    pos, chunks, idat = 8, [], b""
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos:pos + 4])
        kind = png[pos + 4:pos + 8]
        data = png[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IDAT":
            idat += data
        else:
            chunks.append((kind, data))
    packed = zlib.compress(zlib.decompress(idat), 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    out = [png[:8]]
    for kind, data in chunks:
        if kind == b"IEND":
            out.append(chunk(b"IDAT", packed))
        out.append(chunk(kind, data))
    smaller = b"".join(out)
    return smaller if len(smaller) < len(png) else png


def _submit(page: Any, selector: str = "main form[method=post] button[type=submit]") -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()


def log_in(page: Any, base: str, email: str, password: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    _submit(page)
    if "/accounts/login/" in page.url:
        raise RuntimeError(f"could not log in as {email}")


def front(page: Any, base: str) -> None:
    page.goto(base + "/")


def search(page: Any, base: str) -> None:
    page.goto(base + "/catalogue/?q=tilastotiede+perusteet")


def course(page: Any, base: str) -> None:
    page.goto(base + "/catalogue/?q=tilastotiede+perusteet")
    with page.expect_navigation():
        page.locator("main a[href*='/catalogue/course/']").first.click()


def desk(page: Any, base: str) -> None:
    page.goto(base + "/accounts/desk/")


def queue(page: Any, base: str) -> None:
    page.goto(base + "/organisations/registrations/")


def cross_study_queue(page: Any, base: str) -> None:
    """The host's registration queue with its filters, counts and bulk actions (issue 13)."""
    page.goto(base + "/registrations/queue/")


def my_studies(page: Any, base: str) -> None:
    page.goto(base + "/registrations/my/")


def form_errors(page: Any, base: str) -> None:
    """The organisation registration's first step sent with a malformed business id and no names."""
    page.goto(base + "/organisations/register/")
    if page.locator("#id_business_id").count():
        page.fill("#id_business_id", "123456-7")
    _submit(page)


# (file name, who is logged in or None, what to open)
SHOTS: list[tuple[str, str | None, Callable[[Any, str], None]]] = [
    ("front-page", None, front),
    ("search-results", None, search),
    ("course-page", None, course),
    ("form-with-errors", None, form_errors),
    ("desk", ADMIN, desk),
    ("queue-registrations", ADMIN, queue),
    ("queue-cross-study", "virkailija@tuni.demo", cross_study_queue),
    ("my-studies", "opiskelija@hy.demo", my_studies),
]


def take(base: str, out: Path, password: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for width in WIDTHS:
            contexts: dict[str | None, Any] = {}
            for name, who, open_page in SHOTS:
                if who not in contexts:
                    context = browser.new_context(viewport={"width": width, "height": 900}, locale="fi-FI",
                                                  device_scale_factor=1)
                    context.add_cookies([{"name": "joopas_language", "value": "fi", "url": base}])
                    if who:
                        login_page = context.new_page()
                        log_in(login_page, base, who, password)
                        login_page.close()
                    contexts[who] = context
                page = contexts[who].new_page()
                open_page(page, base)
                page.wait_for_load_state("networkidle")
                path = out / f"{name}-{width}.png"
                path.write_bytes(recompress(page.screenshot(full_page=True, animations="disabled", caret="hide")))
                written.append(path)
                page.close()
            for context in contexts.values():
                context.close()
        browser.close()
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", help="a running demo server (default: start one of our own)")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--password", default="joopas-demo-2026", help="the demo logins' password")
    args = parser.parse_args(argv)
    if args.base:
        written = take(args.base.rstrip("/"), args.out, args.password)
    else:
        with demo_server() as base:
            written = take(base, args.out, args.password)
    for path in written:
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}  {path.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
