"""Scale of graph.html: build time, file size and time to first draw in headless Chromium.

Run ``python -m benchmarks.html_scale`` (default: the 5,000-node / 20,000-statement
synthetic graph) or ``python -m benchmarks.html_scale 300:1000 5000:20000``.

Printed per size: layout (Python) and page build seconds, file size, and in the browser
(Debian ``chromium``, network blocked): time to first draw (``performance.now()`` at
vis-network's first ``afterDrawing``, i.e. from navigation start, including HTML parse,
JSON parse and data set creation), wall time from navigation to ready, the time one
search (focus + side panel) and one filter toggle take, and a redraw after a zoom.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from kg.export.html import CHROMIUM_ARGS, LAYOUT_THRESHOLD, to_html, to_page_data
from kg.synthetic import synthetic_graph

__all__ = ["main", "measure"]


def measure(n_nodes: int, n_statements: int, browser: Any | None = None) -> dict[str, Any]:
    """Build the page for a synthetic graph and (with ``browser``) time it in Chromium."""
    graph = synthetic_graph(n_nodes, n_statements)
    out: dict[str, Any] = {"nodes": len(graph.entities), "statements": len(graph)}
    t0 = time.perf_counter()
    to_page_data(graph)
    out["page_data_s"] = round(time.perf_counter() - t0, 2)
    t0 = time.perf_counter()
    page_text = to_html(graph)
    out["build_s"] = round(time.perf_counter() - t0, 2)
    out["layout"] = "python" if out["nodes"] > LAYOUT_THRESHOLD else "physics"
    data = page_text.encode("utf-8")
    out["file_mb"] = round(len(data) / 1e6, 2)
    if browser is None:
        return out
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "graph.html"
        path.write_bytes(data)
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        blocked: list[str] = []

        def route(r: Any) -> None:
            if r.request.url.startswith(("file:", "data:")):
                r.continue_()
            else:
                blocked.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        t0 = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_function("() => window.cartograph && window.cartograph.ready === true", timeout=600_000)
        out["ready_wall_s"] = round(time.perf_counter() - t0, 2)
        out["first_draw_s"] = round(page.evaluate("window.cartograph.firstDrawMs") / 1000, 2)
        stab = page.evaluate("window.cartograph.stabilizedMs")
        out["stabilized_s"] = round(stab / 1000, 2) if stab is not None else None
        label = graph.entities[len(graph.entities) // 2].label
        out["search_s"] = round(_timed(page, f"window.cartograph.search({json.dumps(label)})"), 3)
        out["filter_s"] = round(_timed(
            page, "document.querySelector('#filters input[name=predicate]').click()"), 3)
        out["zoom_redraw_s"] = round(_timed(
            page, "window.cartograph.network.moveTo({scale: 0.3}); window.cartograph.network.redraw()"), 3)
        out["blocked_requests"] = len(blocked)
        context.close()
    return out


def _timed(page: Any, script: str) -> float:
    """Seconds the page spends on ``script`` plus the next frame (measured in the page)."""
    # composed into the function text: the page's CSP forbids eval()
    ms = page.evaluate(
        "() => new Promise(resolve => { const t0 = performance.now(); "
        + script
        + "; requestAnimationFrame(() => resolve(performance.now() - t0)); })"
    )
    return float(ms) / 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", default=["5000:20000"], help="NODES:STATEMENTS")
    parser.add_argument("--no-browser", action="store_true", help="Only build the page.")
    args = parser.parse_args(argv)
    sizes = [tuple(int(x) for x in s.split(":")) for s in args.sizes]
    results = []
    if args.no_browser or shutil.which("chromium") is None:
        if not args.no_browser:
            print("chromium not found: measuring the build only", file=sys.stderr)
        results = [measure(n, m) for n, m in sizes]
    else:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
            try:
                results = [measure(n, m, browser) for n, m in sizes]
            finally:
                browser.close()
    for r in results:
        print(json.dumps(r, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
