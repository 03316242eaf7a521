"""Property-based round trips: random graphs with random text through every exporter.

Text is drawn from all of Unicode except what XML 1.0 cannot carry at all (C0 controls
other than tab/newline/CR, surrogates, U+FFFE/U+FFFF) and U+001F (the Neo4j array
delimiter, documented as replaced); everything else must come back exactly.
"""

from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path

import networkx as nx
import pyoxigraph
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.export.graphml import write_graphml
from kg.export.kgx import write_kgx
from kg.export.neo4j import write_neo4j
from kg.export.owl import write_owl
from kg.export.rdf import write_turtle
from kg.graph import DocumentInfo, KnowledgeGraph
from kg.model import (
    DOMAIN_RANGE,
    Certainty,
    Entity,
    Evidence,
    NodeType,
    Polarity,
    Predicate,
    Statement,
)

_XML_BAD = {chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)} | {"\ufffe", "\uffff"}
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="".join(_XML_BAD)),
    min_size=1,
    max_size=40,
)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def graphs(draw: st.DrawFn) -> KnowledgeGraph:
    g = KnowledgeGraph()
    by_type: dict[NodeType, list[str]] = {}
    for i, t in enumerate(NodeType):
        eid = f"kg:p{i}-{t.value.replace('_', '-')}"
        g.add_entity(Entity(eid, draw(TEXT), t, tuple(sorted(set(draw(st.lists(TEXT, max_size=2)))))))
        by_type[t] = [eid]
    g.add_document(DocumentInfo("doc-1", title=draw(TEXT), kind="forum"))
    for p in draw(st.lists(st.sampled_from(list(Predicate)), min_size=1, max_size=4, unique=True)):
        dom, rng = DOMAIN_RANGE[p]
        text = draw(TEXT)
        ev = Evidence("doc-1", text, 0, len(text), "rules.v1", "forum", ())
        g.add_statement(
            Statement(
                by_type[dom][0], p, by_type[rng][0],
                draw(st.sampled_from(list(Polarity))), draw(st.sampled_from(list(Certainty))), (ev,),
            )
        )
    return g


def _evidence_texts(g: KnowledgeGraph) -> set[str]:
    return {ev.text for s in g.statements for ev in s.evidence}


def _labels(g: KnowledgeGraph) -> set[str]:
    return {e.label for e in g.entities}


@SETTINGS
@given(graphs())
def test_turtle_round_trip(g: KnowledgeGraph) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "graph.ttl"
        write_turtle(g, path)
        with path.open("rb") as fh:
            lits = {q.object.value for q in pyoxigraph.parse(fh, pyoxigraph.RdfFormat.TURTLE) if isinstance(q.object, pyoxigraph.Literal)}
    assert _evidence_texts(g) <= lits
    assert _labels(g) <= lits


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs())
def test_owl_round_trip(g: KnowledgeGraph) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "graph.owl"
        write_owl(g, path)
        lits = {str(o) for o in rdflib.Graph().parse(path, format="xml").objects() if isinstance(o, rdflib.Literal)}
    assert _evidence_texts(g) <= lits
    assert _labels(g) <= lits


@SETTINGS
@given(graphs())
def test_kgx_round_trip(g: KnowledgeGraph) -> None:
    with tempfile.TemporaryDirectory() as d:
        write_kgx(g, Path(d) / "kgx")
        nodes = [json.loads(x) for x in (Path(d) / "kgx" / "nodes.jsonl").read_text("utf-8").splitlines()]
        edges = [json.loads(x) for x in (Path(d) / "kgx" / "edges.jsonl").read_text("utf-8").splitlines()]
    assert {n["name"] for n in nodes} >= _labels(g)
    assert {t for e in edges for t in e.get("supporting_text", [])} == _evidence_texts(g)
    assert len(edges) == len(g)


@SETTINGS
@given(graphs())
def test_graphml_round_trip(g: KnowledgeGraph) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "graph.graphml"
        write_graphml(g, path)
        back = nx.read_graphml(path, force_multigraph=True)
    assert {d["label"] for _, d in back.nodes(data=True)} == _labels(g)
    assert back.number_of_edges() == len(g)
    got = {d["evidence"] for _, _, d in back.edges(data=True)}
    assert got == {s.evidence[0].text for s in g.statements}


@SETTINGS
@given(graphs())
def test_neo4j_csv_round_trip(g: KnowledgeGraph) -> None:
    with tempfile.TemporaryDirectory() as d:
        write_neo4j(g, Path(d) / "neo4j")
        texts: set[str] = set()
        names: set[str] = set()
        for path in sorted((Path(d) / "neo4j").glob("*.csv")):
            with path.open(encoding="utf-8", newline="") as fh:
                for row in csv.DictReader(fh):
                    if "name" in row:
                        names.add(row["name"])
                    if "evidence_text:string[]" in row:
                        texts.update(row["evidence_text:string[]"].split("\x1f"))
    assert texts == _evidence_texts(g)
    assert names == _labels(g)
