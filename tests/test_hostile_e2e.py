"""Hostile document text goes through the whole pipeline and comes back exactly from every export.

The document is a forum-style post full of markup, quotes, backslashes, CSV/Cypher/SPARQL
metacharacters, RTL marks and emoji; each export is parsed with the tool its users use
(pyoxigraph and rdflib for Turtle, rdflib for RDF/XML, csv for Neo4j, json for KGX,
networkx for GraphML, CommonMark for the report, JSON inside the HTML page).
"""

from __future__ import annotations

import csv
import html
import json
import re
from pathlib import Path

import networkx as nx
import pyoxigraph
import pytest
import rdflib
from markdown_it import MarkdownIt

from kg.pipeline import build

EVIDENCE = (
    'Rituximab depletes B cells <script>alert("x")</script> <img src=x onerror=alert(1)> '
    "\"quoted\" 'single' back\\slash \"\"\"triple\"\"\" a,b;c|d {`$param`} ?var <iri> "
    "@prefix x: <y> ; MATCH (n) DETACH DELETE n // \u202eRTL\u202c emoji 🧬 </script>."
)
TITLE = "Forum <b>thread</b>\n> quoted line\u2028sep \"x\", 'y' \\ 🧬"


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    doc = {"id": "hostile-1", "title": TITLE, "kind": "forum", "text": EVIDENCE}
    (folder / "in.jsonl").write_text(json.dumps(doc) + "\n", encoding="utf-8")
    out = folder / "exports"
    graph, _ = build([folder / "in.jsonl"], out)
    assert any(st.predicate.value == "depletes" for st in graph.statements), "fixture must yield a statement"
    return out


def _literals_oxigraph(path: Path, fmt: pyoxigraph.RdfFormat) -> set[str]:
    with path.open("rb") as fh:
        return {q.object.value for q in pyoxigraph.parse(fh, fmt) if isinstance(q.object, pyoxigraph.Literal)}


def test_turtle(exports: Path) -> None:
    lits = _literals_oxigraph(exports / "graph.ttl", pyoxigraph.RdfFormat.TURTLE)
    assert EVIDENCE in lits
    assert TITLE in lits
    g = rdflib.Graph().parse(exports / "graph.ttl", format="turtle")
    assert rdflib.Literal(EVIDENCE) in set(g.objects())


def test_owl(exports: Path) -> None:
    g = rdflib.Graph().parse(exports / "graph.owl", format="xml")
    assert EVIDENCE in {str(o) for o in g.objects() if isinstance(o, rdflib.Literal)}


def test_neo4j_csv(exports: Path) -> None:
    path = exports / "neo4j" / "rels_DEPLETES.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    texts = {t for r in rows for t in r["evidence_text:string[]"].split("\x1f")}
    assert EVIDENCE in texts
    cypher = (exports / "neo4j" / "import.cypher").read_text(encoding="utf-8")
    assert "DETACH DELETE n // " in cypher  # present only inside an escaped string literal
    assert "<script>" in cypher


def test_kgx(exports: Path) -> None:
    edges = [json.loads(line) for line in (exports / "kgx" / "edges.jsonl").read_text(encoding="utf-8").splitlines()]
    assert any(EVIDENCE in e.get("supporting_text", []) for e in edges)


def test_graphml(exports: Path) -> None:
    g = nx.read_graphml(exports / "graph.graphml")
    assert any(EVIDENCE in str(d.get("evidence", "")) for _, _, d in g.edges(data=True))


def test_html_data_round_trips_and_has_no_raw_markup(exports: Path) -> None:
    page = (exports / "graph.html").read_text(encoding="utf-8")
    m = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S)
    assert m is not None
    data = m.group(1)
    assert "<script>alert" not in data and "<img" not in data
    assert EVIDENCE in set(_strings(json.loads(data)))
    assert TITLE in set(_strings(json.loads(data)))
    body_without_data = page.replace(m.group(0), "")
    assert "onerror=alert" not in body_without_data


def _strings(obj: object) -> list[str]:
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, dict):
        return [s for v in obj.values() for s in _strings(v)]
    if isinstance(obj, list):
        return [s for v in obj for s in _strings(v)]
    return []


def test_report_renders_literally(exports: Path) -> None:
    md = (exports / "report.md").read_text(encoding="utf-8")
    rendered = MarkdownIt("commonmark").enable("table").render(md)
    assert "<script" not in rendered and "<img" not in rendered and "<b>" not in rendered
    text = html.unescape(re.sub(r"<[^>]+>", "", rendered))
    assert re.sub(r"[\r\n\u2028\u2029]+", " ", TITLE) in text
