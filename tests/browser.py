"""Headless Chromium for tests: one browser per session, pages with the network cut off.

Uses Debian's ``chromium`` through Playwright (no browser download). Every page opened
with :func:`open_page` aborts any request that is not ``file:`` or ``data:`` and records
it, records dialogs (``alert``/``confirm``/``prompt``: dismissed, a sign that injected
script ran), uncaught page errors and console errors.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from kg.export.html import CHROMIUM_ARGS

LOCAL_SCHEMES = ("file:", "data:", "about:")


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass
class PageWatch:
    """What a page tried to do that a self-contained, inert page never should."""

    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.requests == [], f"page tried to fetch: {self.requests}"
        assert self.dialogs == [], f"page opened dialogs (script ran): {self.dialogs}"
        assert self.errors == [], f"uncaught page errors: {self.errors}"
        assert self.console_errors == [], f"console errors: {self.console_errors}"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole test session."""
    exe = chromium_path()
    assert exe is not None, "Debian 'chromium' is not installed (.ci/run installs it: apt-get install chromium)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def open_page(browser: Any, html_path: Path, *, width: int = 1280, height: int = 800,
              wait_ready: bool = True, timeout_ms: int = 120_000) -> tuple[Any, PageWatch]:
    """Open ``html_path`` offline; return the page and its :class:`PageWatch`."""
    watch = PageWatch()
    context = browser.new_context(viewport={"width": width, "height": height},
                                  service_workers="block")

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith(LOCAL_SCHEMES):
            r.continue_()
        else:
            watch.requests.append(url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("dialog", lambda d: (watch.dialogs.append(f"{d.type}: {d.message}"), d.dismiss()))
    page.on("pageerror", lambda e: watch.errors.append(str(e)))
    page.on("console", lambda m: watch.console_errors.append(m.text) if m.type == "error" else None)
    page.goto(html_path.absolute().as_uri())
    if wait_ready:
        page.wait_for_function("() => window.cartograph && window.cartograph.ready === true",
                               timeout=timeout_ms)
    return page, watch


def node_point(page: Any, node_id: str) -> tuple[float, float]:
    """Viewport coordinates of a node's centre."""
    xy = page.evaluate(
        """(id) => {
            const net = window.cartograph.network;
            const p = net.canvasToDOM(net.getPositions([id])[id]);
            const r = document.querySelector('#graph canvas').getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }""",
        node_id,
    )
    return float(xy[0]), float(xy[1])


def canvas_stats(page: Any) -> dict[str, float]:
    """Distinct colours and grey-level variance of the drawing canvas (blank: 1 and 0)."""
    return page.evaluate(
        """() => {
            const c = document.querySelector('#graph canvas');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            const seen = new Set();
            let n = 0, sum = 0, sq = 0;
            for (let i = 0; i < d.length; i += 16) {
                const g = (d[i] + d[i + 1] + d[i + 2]) / 3 * (d[i + 3] / 255);
                seen.add((d[i] << 24) | (d[i + 1] << 16) | (d[i + 2] << 8) | d[i + 3]);
                n += 1; sum += g; sq += g * g;
            }
            const mean = sum / n;
            return {colours: seen.size, variance: sq / n - mean * mean, width: c.width, height: c.height};
        }"""
    )
