"""Shared by the export tests: a project copy holding hostile names, and headless Chromium."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

XSS_NAME = "<img src=x onerror=alert(1)>"
JINJA_NAME = "{{ 7*7 }}"
XSS_UID = "cq.biocity"
JINJA_UID = "cq.banan-cluster"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
TILE_HOST = "tile.openstreetmap.org"


def add_hostile_names(path: Path) -> None:
    """Rename two parks (and a clause quote) to markup and template code, as bad data would."""
    from gisplanner.store.gpkg_sql import connect_writer

    conn = connect_writer(path)
    with conn:
        conn.execute("UPDATE parks SET name_zh = ? WHERE uid = ?", [XSS_NAME, XSS_UID])
        conn.execute("UPDATE parks SET name_zh = ?, name_en = ? WHERE uid = ?", [JINJA_NAME, "{% raw %}x", JINJA_UID])
    conn.close()


@dataclass
class PageLog:
    requests: list[str] = field(default_factory=list)
    console_errors: list[tuple[str, str]] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    @property
    def non_tile_requests(self) -> list[str]:
        return [u for u in self.requests if TILE_HOST not in u]

    @property
    def errors_not_about_tiles(self) -> list[tuple[str, str]]:
        return [(t, u) for t, u in self.console_errors if TILE_HOST not in u]


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def open_offline(browser, html: Path, width: int = 1400, height: int = 900, frame: int = 0):
    """A page on ``html`` with every request other than file:/data: aborted and logged; waits
    until the map in the page (``frame`` 0) or in its n-th frame is drawn."""
    page = browser.new_page(viewport={"width": width, "height": height})
    log = PageLog()

    def route(r):
        url = r.request.url
        if url.startswith(("file:", "data:")):
            r.continue_()
        else:
            log.requests.append(url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: log.console_errors.append((m.text, m.location.get("url", "")))
            if m.type == "error" else None)
    page.on("pageerror", lambda e: log.page_errors.append(str(e)))

    def on_dialog(d):
        log.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    page.goto(html.as_uri())
    page.frames[frame].wait_for_function("window.gisplanner && gisplanner.ready", timeout=120_000)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    return page, log
