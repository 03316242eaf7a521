"""report.md: counts, contested claims, and hostile text rendered literally by a CommonMark parser."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from conftest import HOSTILE
from markdown_it import MarkdownIt

from kg.export.report import escape_markdown, iter_report_lines, write_report


def _rendered_text(md: str) -> tuple[str, str]:
    out = MarkdownIt("commonmark").enable("table").render(md)
    text = html.unescape(re.sub(r"<[^>]+>", "", out))
    return out, text


@pytest.mark.parametrize(
    "raw",
    ["plain", "a | b", "<script>x</script>", "*bold* _it_ `code`", "[link](http://x)", "back\\slash", "# h", "![i](x)"],
)
def test_escape_renders_literally(raw: str) -> None:
    out, text = _rendered_text(escape_markdown(raw))
    assert text.strip() == raw
    assert "<script" not in out and "<a " not in out and "<img" not in out


def test_report_counts_and_contested(small_graph) -> None:
    md = "\n".join(iter_report_lines(small_graph))
    assert "- statements: 10" in md
    assert "| treats | 4 |" in md
    assert "## Contested claims (1)" in md
    assert "- against (asserted, doc-b): Rituximab failed in ME/CFS." in md
    assert "- for (hypothesised, doc-b): Rituximab might help ME/CFS." in md


def test_report_hostile_text_is_literal(hostile_graph, tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    write_report(hostile_graph, path)
    md = path.read_text(encoding="utf-8")
    out, text = _rendered_text(md)
    assert "<script" not in out
    assert "<img" not in out
    one_line = re.sub(r"[\r\n\u2028\u2029]+", " ", HOSTILE)
    assert one_line in text
    # deterministic
    write_report(hostile_graph, tmp_path / "again.md")
    assert (tmp_path / "again.md").read_bytes() == path.read_bytes()


def test_contested_evidence_is_capped() -> None:
    """Regression: a 1 GB build wrote a 92 MB report.md quoting every contested sentence."""
    from kg.graph import KnowledgeGraph
    from kg.model import Entity, Evidence, NodeType, Polarity, Predicate, Statement

    g = KnowledgeGraph()
    g.add_entity(Entity("drugbank:DB00073", "rituximab", NodeType.DRUG))
    g.add_entity(Entity("MONDO:0005404", "ME/CFS", NodeType.DISEASE))
    evs = tuple(Evidence(f"d{i}", f"Rituximab failed, report {i}.", 0, 10, "rules.v1") for i in range(40))
    g.add_statement(Statement("drugbank:DB00073", Predicate.TREATS, "MONDO:0005404", Polarity.NEGATED, evidence=evs))
    g.add_statement(Statement("drugbank:DB00073", Predicate.TREATS, "MONDO:0005404",
                              evidence=(Evidence("p", "Rituximab helped.", 0, 5, "rules.v1"),)))
    lines = list(iter_report_lines(g))
    against = [x for x in lines if x.startswith("- against")]
    assert len(against) == 6
    assert against[-1] == "- against (asserted): and 35 more sentences (see graph.ttl or the Neo4j export)"
