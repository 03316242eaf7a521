"""Screenshot of a graph.html in headless Chromium (network blocked), for the README.

    python -m benchmarks.screenshot exports/graph.html exports/graph.png [--width 1280 --height 800]
    python -m benchmarks.screenshot --synthetic 5000:20000 /tmp/big.png

Uses :func:`kg.export.html.screenshot`, the same code the browser tests call.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from kg.export.html import screenshot, write_html

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path, help="[HTML] PNG")
    parser.add_argument("--synthetic", metavar="NODES:STATEMENTS",
                        help="Screenshot a synthetic graph of this size instead of an HTML file.")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        if args.synthetic:
            from kg.synthetic import synthetic_graph

            n, m = (int(x) for x in args.synthetic.split(":"))
            html_path = Path(tmp) / "graph.html"
            write_html(synthetic_graph(n, m), html_path)
            (png,) = args.paths
        else:
            html_path, png = args.paths
        screenshot(html_path, png, width=args.width, height=args.height)
    print(png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
