"""Helpers shared by the exporters: stub entities, and streamed writing of text files.

A :class:`~kg.graph.KnowledgeGraph` may hold a statement whose subject or object is
not one of its entities (the graph only enforces domain and range when both ends are
known). Property-graph formats need every endpoint as a node, so those endpoints are
exported as stub entities: the id as label, the type the predicate's domain/range asks for.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
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


#: flush a write buffer once it holds this many characters
_FLUSH_CHARS = 1 << 20


def write_lines(path: Path, lines: Iterable[str]) -> None:
    """Write ``"\\n".join(lines) + "\\n"`` atomically, about a megabyte at a time (never
    the whole text in memory)."""
    write_parts(path, _terminated(lines))


def _terminated(lines: Iterable[str]) -> Iterator[str]:
    empty = True
    for line in lines:
        yield line
        yield "\n"
        empty = False
    if empty:
        yield "\n"


def write_parts(path: Path, parts: Iterable[str]) -> None:
    """Write ``"".join(parts)`` atomically, about a megabyte at a time."""
    with atomic_write(path, "w") as fh:
        buf: list[str] = []
        size = 0
        for part in parts:
            buf.append(part)
            size += len(part)
            if size >= _FLUSH_CHARS:
                fh.write("".join(buf))
                buf.clear()
                size = 0
        fh.write("".join(buf))
