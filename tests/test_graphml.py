"""GraphML export: read back by networkx with equal nodes, edges and attributes."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from conftest import HOSTILE

from kg.export.graphml import LIST_SEPARATOR, to_graphml_graph, write_graphml
from kg.graph import KnowledgeGraph

GOLDEN = Path(__file__).resolve().parent / "golden" / "graphml_small.graphml"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
NS = "{http://graphml.graphdrawing.org/xmlns}"


def _read(path: Path) -> nx.MultiDiGraph:
    return nx.read_graphml(path, force_multigraph=True)


def test_golden(small_graph: KnowledgeGraph, tmp_path: Path) -> None:
    write_graphml(small_graph, tmp_path / "graph.graphml")
    if UPDATE:
        GOLDEN.write_bytes((tmp_path / "graph.graphml").read_bytes())
    assert (tmp_path / "graph.graphml").read_bytes() == GOLDEN.read_bytes()


@pytest.mark.parametrize("fixture", ["small_graph", "hostile_graph"])
def test_round_trip(fixture: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    graph: KnowledgeGraph = request.getfixturevalue(fixture)
    write_graphml(graph, tmp_path / "graph.graphml")
    back = _read(tmp_path / "graph.graphml")
    want = to_graphml_graph(graph)
    assert isinstance(back, nx.MultiDiGraph)
    assert dict(back.nodes(data=True)) == dict(want.nodes(data=True))
    assert sorted(back.edges(keys=True, data=True), key=lambda e: e[2]) == sorted(
        want.edges(keys=True, data=True), key=lambda e: e[2]
    )
    # one edge per statement, keyed by statement id
    assert sorted(k for _, _, k in back.edges(keys=True)) == sorted(st.id for st in graph.statements)
    assert back.number_of_nodes() == len(graph.entities)


def test_hostile_text_is_exact(hostile_graph: KnowledgeGraph, tmp_path: Path) -> None:
    write_graphml(hostile_graph, tmp_path / "graph.graphml")
    back = _read(tmp_path / "graph.graphml")
    assert back.nodes["drugbank:DB00073"]["label"] == "Rituximab" + HOSTILE
    assert back.nodes["drugbank:DB00073"]["synonyms"] == LIST_SEPARATOR.join(
        hostile_graph.entity("drugbank:DB00073").synonyms
    )
    st = next(s for s in hostile_graph.statements if s.predicate.value == "expresses")
    assert back.edges["CL:0000236", "HGNC:1633", st.id]["evidence"] == st.evidence[0].text


def test_gephi_cytoscape_conventions(small_graph: KnowledgeGraph, tmp_path: Path) -> None:
    """Flat typed attributes declared as <key>s; node label/type and edge label present."""
    write_graphml(small_graph, tmp_path / "graph.graphml")
    root = ET.parse(tmp_path / "graph.graphml").getroot()
    keys = {(k.get("for"), k.get("attr.name")): k.get("attr.type") for k in root.iter(NS + "key")}
    assert keys[("node", "label")] == "string" and keys[("node", "type")] == "string"
    assert keys[("edge", "label")] == "string"
    assert keys[("edge", "support")] in {"int", "long"}
    assert keys[("edge", "belief")] in {"double", "float"}
    assert keys[("edge", "negated")] == "boolean"
    assert set(keys.values()) <= {"string", "int", "long", "double", "float", "boolean"}
    (graph_el,) = root.iter(NS + "graph")
    assert graph_el.get("edgedefault") == "directed"


def test_control_characters_are_replaced(tmp_path: Path, small_graph: KnowledgeGraph) -> None:
    from kg.model import Entity, NodeType

    small_graph.add_entity(Entity("HGNC:1634", "bad\x00\x07name", NodeType.ANTIGEN))
    write_graphml(small_graph, tmp_path / "graph.graphml")
    assert _read(tmp_path / "graph.graphml").nodes["HGNC:1634"]["label"] == "bad\ufffd\ufffdname"


def test_rewrite_is_byte_identical(hostile_graph: KnowledgeGraph, tmp_path: Path) -> None:
    write_graphml(hostile_graph, tmp_path / "a.graphml")
    write_graphml(hostile_graph, tmp_path / "b.graphml")
    assert (tmp_path / "a.graphml").read_bytes() == (tmp_path / "b.graphml").read_bytes()
