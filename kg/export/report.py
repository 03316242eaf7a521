"""``report.md``: a one-page Markdown summary of a graph.

Counts (documents, entities by type, statements by predicate/polarity/certainty), the
most-connected entities, the most-supported statements and the contested claims with
both sides' evidence. Document text is untrusted: every string is escaped so that it
renders literally in Markdown viewers (no HTML, no links, no table breaks).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from kg.export._common import write_lines
from kg.fsio import write_text
from kg.graph import KnowledgeGraph
from kg.model import Statement

__all__ = ["escape_markdown", "iter_report_lines", "write_report"]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]#!|<>&~$])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")


def escape_markdown(text: str) -> str:
    """Escape ``text`` for a Markdown table cell or list item: one line, no markup.

    >>> print(escape_markdown("<b>x</b> | y"))
    \<b\>x\</b\> \| y
    """
    return _MD_SPECIAL.sub(r"\\\1", _LINE_BREAKS.sub(" ", text))


def _name(graph: KnowledgeGraph, entity_id: str) -> str:
    ent = graph.get_entity(entity_id)
    label = ent.label if ent is not None else entity_id
    return f"{escape_markdown(label)} (`{entity_id}`)" if "`" not in entity_id else escape_markdown(label)


def _describe(graph: KnowledgeGraph, st: Statement) -> str:
    return (
        f"{_name(graph, st.subject)} **{st.predicate.value}** {_name(graph, st.object)}"
        f" — {st.polarity.value}, {st.certainty.value}"
    )


def iter_report_lines(
    graph: KnowledgeGraph, *, top: int = 10, max_evidence: int = 5
) -> Iterator[str]:
    """The lines of ``report.md`` (pure; deterministic). Each side of a contested claim
    quotes at most ``max_evidence`` sentences per statement, so the page stays one page."""
    counts = graph.counts()
    yield "# cartograph report"
    yield ""
    yield f"- documents: {graph.document_count()}"
    yield f"- entities: {len(graph.entities)}"
    yield f"- statements: {len(graph)}"
    yield ""
    for title, key in (
        ("Entities by type", "entities"),
        ("Statements by predicate", "predicates"),
        ("Statements by polarity", "polarity"),
        ("Statements by certainty", "certainty"),
    ):
        yield f"## {title}"
        yield ""
        yield "| | count |"
        yield "|---|---:|"
        for k, v in counts[key].items():
            yield f"| {k} | {v} |"
        yield ""

    yield "## Documents"
    yield ""
    yield "| id | kind | title |"
    yield "|---|---|---|"
    for doc in graph.iter_documents():
        yield f"| {escape_markdown(doc.id)} | {doc.kind} | {escape_markdown(doc.title)} |"
    yield ""

    degree: Counter[str] = Counter()
    for st in graph.statements:
        degree[st.subject] += 1
        degree[st.object] += 1
    yield f"## Top entities (by number of statements, top {top})"
    yield ""
    yield "| entity | type | statements |"
    yield "|---|---|---:|"
    for eid, n in sorted(degree.items(), key=lambda kv: (-kv[1], kv[0]))[:top]:
        ent = graph.get_entity(eid)
        kind = ent.type.value if ent is not None else "?"
        yield f"| {_name(graph, eid)} | {kind} | {n} |"
    yield ""

    yield f"## Most-supported statements (top {top})"
    yield ""
    yield "| statement | support | belief |"
    yield "|---|---:|---:|"
    ranked = sorted(graph.statements, key=lambda s: (-graph.support(s), -graph.belief(s), s.key))
    for st in ranked[:top]:
        yield f"| {_describe(graph, st)} | {graph.support(st)} | {graph.belief(st):.2f} |"
    yield ""

    contested = graph.contested()
    yield f"## Contested claims ({len(contested)})"
    yield ""
    if not contested:
        yield "None: no claim is both asserted and denied."
        yield ""
    for (s, p, o), positive, negated in contested:
        yield f"### {_name(graph, s)} {p} {_name(graph, o)}"
        yield ""
        for side, sts in (("for", positive), ("against", negated)):
            for st in sts:
                for ev in st.evidence[:max_evidence]:
                    yield (
                        f"- {side} ({st.certainty.value}, {escape_markdown(ev.document)}):"
                        f" {escape_markdown(ev.text)}"
                    )
                if len(st.evidence) > max_evidence:
                    yield (
                        f"- {side} ({st.certainty.value}): and {len(st.evidence) - max_evidence:,}"
                        " more sentences (see graph.ttl or the Neo4j export)"
                    )
        yield ""


def write_report(graph: KnowledgeGraph, path: Path) -> None:
    """Write ``report.md`` atomically (streamed: one line per document)."""
    try:
        write_lines(path, iter_report_lines(graph))
    except UnicodeEncodeError:
        # text UTF-8 cannot carry (a lone surrogate): fail exactly as writing it whole does
        write_text(path, "\n".join(iter_report_lines(graph)) + "\n")
        raise
