"""Exporters: one registry entry per format.

Every exporter is a pure builder (``to_*`` / ``iter_*``) plus a thin
``write_*(graph, path)`` that writes atomically (:mod:`kg.fsio`). The registry maps a
lower-case format name to (path inside the export folder, "module:function"); modules
are imported only when their format is written, so optional dependencies stay optional.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["EXPORTERS", "get_writer", "write_all"]

# format -> (relative output path, "module:writer"); the writer is called as writer(graph, path)
EXPORTERS: dict[str, tuple[str, str]] = {
    "turtle": ("graph.ttl", "kg.export.rdf:write_turtle"),
    "owl": ("graph.owl", "kg.export.owl:write_owl"),
    "html": ("graph.html", "kg.export.html:write_html"),
    "neo4j": ("neo4j", "kg.export.neo4j:write_neo4j"),
    "kgx": ("kgx", "kg.export.kgx:write_kgx"),
    "graphml": ("graph.graphml", "kg.export.graphml:write_graphml"),
    "report": ("report.md", "kg.export.report:write_report"),
}


def get_writer(fmt: str) -> Callable[..., Any]:
    """The writer function registered for ``fmt``."""
    _, target = EXPORTERS[fmt]
    module, _, func = target.partition(":")
    return getattr(importlib.import_module(module), func)  # type: ignore[no-any-return]


def write_all(
    graph: Any,
    out_dir: Path,
    formats: list[str] | None = None,
    *,
    progress: Callable[[str, int | str], None] | None = None,
) -> list[Path]:
    """Write every (or the given) format into ``out_dir``; return the paths written."""
    written = []
    for fmt in formats or list(EXPORTERS):
        rel, _ = EXPORTERS[fmt]
        if progress is not None:
            progress("writing", rel)
        path = out_dir / rel
        get_writer(fmt)(graph, path)
        written.append(path)
    return written
