"""Helpers shared by the exporters: stub entities, and streamed writing of text files.

A :class:`~kg.graph.KnowledgeGraph` may hold a statement whose subject or object is
not one of its entities (the graph only enforces domain and range when both ends are
known). Property-graph formats need every endpoint as a node, so those endpoints are
exported as stub entities: the id as label, the type the predicate's domain/range asks for.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from kg.fsio import atomic_write
from kg.graph import KnowledgeGraph
from kg.model import DOMAIN_RANGE, Entity

__all__ = ["export_entities", "write_lines", "write_parts"]


def export_entities(graph: KnowledgeGraph) -> list[Entity]:
    """The graph's entities plus stubs for dangling statement endpoints, sorted by id."""
    out = {e.id: e for e in graph.entities}
    for st in graph.statements:
        domain, range_ = DOMAIN_RANGE[st.predicate]
        for end, node_type in ((st.subject, domain), (st.object, range_)):
            if end not in out:
                out[end] = Entity(end, end, node_type)
    return [out[k] for k in sorted(out)]


def write_lines(path: Path, lines: Iterable[str], *, chunk: int = 10_000) -> None:
    """Write ``"\\n".join(lines) + "\\n"`` atomically, ``chunk`` lines at a time (never the
    whole text in memory)."""
    with atomic_write(path, "w") as fh:
        buf: list[str] = []
        written = False
        for line in lines:
            buf.append(line)
            if len(buf) >= chunk:
                fh.write("\n".join(buf))
                fh.write("\n")
                buf.clear()
                written = True
        if buf or not written:
            fh.write("\n".join(buf))
            fh.write("\n")


def write_parts(path: Path, parts: Iterable[str], *, chunk: int = 1_000) -> None:
    """Write ``"".join(parts)`` atomically, ``chunk`` parts at a time."""
    with atomic_write(path, "w") as fh:
        buf: list[str] = []
        for part in parts:
            buf.append(part)
            if len(buf) >= chunk:
                fh.write("".join(buf))
                buf.clear()
        fh.write("".join(buf))
