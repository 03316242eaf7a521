"""Neo4j export: golden files, escaping, and a real Neo4j 5 loading it both ways.

The server tests start embedded Neo4j 5.26 Community (tests/java/neo4j) on a free
127.0.0.1 port and talk to it with the official ``neo4j`` Python driver:

- ``import.cypher`` is run through the driver (twice: it must be idempotent);
- ``import.sh`` is run as a shell script whose ``neo4j-admin`` is Neo4j's own admin
  tool (``database import full``) on a fresh home, then Neo4j is started on that home.

Each load is compared with the graph: counts per label and per relationship type,
every property of every node and relationship (hostile strings included), and the
queries the README shows.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from neo4j_server import admin_import, run_cypher_file, running_neo4j, split_cypher

from kg.export.neo4j import (
    ARRAY_DELIMITER,
    LABELS,
    REL_TYPES,
    cypher_literal,
    node_properties,
    relationship_properties,
    write_neo4j,
)
from kg.graph import KnowledgeGraph
from kg.model import Entity, NodeType, Predicate, Statement

GOLDEN = Path(__file__).resolve().parent / "golden" / "neo4j_small"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

LUPUS_QUERY = """
MATCH (d:Drug)-[r:TREATS]->(x:Disease)
WHERE x.name = 'systemic lupus erythematosus' OR 'lupus' IN x.synonyms
RETURN d.id AS therapy, r.certainty AS certainty, r.polarity AS polarity
ORDER BY therapy, certainty
"""
NEGATED_QUERY = """
MATCH (s:Entity)-[r {negated: true}]->(o:Entity)
RETURN s.id AS subject, type(r) AS type, o.id AS object, r.evidence_text AS evidence
ORDER BY subject, type, object
"""


# -- files ------------------------------------------------------------------------------------


def test_golden_small_graph(small_graph: KnowledgeGraph, tmp_path: Path) -> None:
    out = tmp_path / "neo4j"
    write_neo4j(small_graph, out)
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "import.cypher",
        "import.sh",
        *sorted(f"nodes_{label}.csv" for label in LABELS.values()),
        *sorted(f"rels_{t}.csv" for t in REL_TYPES.values()),
    ]
    if UPDATE:
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(out, GOLDEN)
    for name in names:
        assert (out / name).read_bytes() == (GOLDEN / name).read_bytes(), name
    assert os.access(out / "import.sh", os.X_OK)


def test_rewrite_is_byte_identical(hostile_graph: KnowledgeGraph, tmp_path: Path) -> None:
    write_neo4j(hostile_graph, tmp_path / "a")
    write_neo4j(hostile_graph, tmp_path / "b")
    for p in sorted((tmp_path / "a").iterdir()):
        assert p.read_bytes() == (tmp_path / "b" / p.name).read_bytes(), p.name


def _parse_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, strict=True))
    return rows[0], rows[1:]


def test_headers_are_neo4j_admin_headers(small_graph: KnowledgeGraph, tmp_path: Path) -> None:
    write_neo4j(small_graph, tmp_path / "n")
    header, _ = _parse_csv(tmp_path / "n" / "nodes_Drug.csv")
    assert header == ["id:ID", ":LABEL", "name", "type", "iri", "synonyms:string[]", "xrefs:string[]"]
    header, _ = _parse_csv(tmp_path / "n" / "rels_TREATS.csv")
    assert header[:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert {"support:int", "belief:double", "contested:boolean", "evidence_text:string[]", "evidence_start:int[]"} <= set(header)


def _typed(value: str, header: str) -> Any:
    """Decode a CSV field the way neo4j-admin does for our types (Python-side mirror)."""
    _, _, typ = header.partition(":")
    if typ.endswith("[]"):
        parts = value.split(ARRAY_DELIMITER)
        return [int(p) for p in parts] if typ == "int[]" else parts
    return {"int": int, "double": float, "boolean": lambda v: v == "true"}.get(typ, str)(value)


def test_csv_fields_round_trip_hostile_text(hostile_graph: KnowledgeGraph, tmp_path: Path) -> None:
    write_neo4j(hostile_graph, tmp_path / "n")
    seen_nodes = 0
    for node_type, label in LABELS.items():
        header, rows = _parse_csv(tmp_path / "n" / f"nodes_{label}.csv")
        for row in rows:
            ent = hostile_graph.entity(row[0])
            props = {h.partition(":")[0]: _typed(v, h) for h, v in zip(header[2:], row[2:], strict=True) if v != ""}
            assert props == node_properties(ent)
            assert ent.type is node_type and row[1] == label
            seen_nodes += 1
    assert seen_nodes == len(hostile_graph.entities)
    by_id = {st.id: st for st in hostile_graph.statements}
    seen_rels = 0
    for rel_type in REL_TYPES.values():
        header, rows = _parse_csv(tmp_path / "n" / f"rels_{rel_type}.csv")
        for row in rows:
            props = {h.partition(":")[0]: _typed(v, h) for h, v in zip(header[3:], row[3:], strict=True) if v != ""}
            st = by_id[props["statement_id"]]
            assert (row[0], row[1], row[2]) == (st.subject, st.object, rel_type)
            assert props == relationship_properties(hostile_graph, st)
            seen_rels += 1
    assert seen_rels == len(hostile_graph)


@pytest.mark.parametrize(
    ("value", "literal"),
    [
        ("plain", "'plain'"),
        ("it's", "'it\\'s'"),
        ('say "hi"', "'say \"hi\"'"),
        ("back\\slash", "'back\\\\slash'"),
        ("a\nb\r\nc\td", "'a\\nb\\r\\nc\\td'"),
        ("sep\u2028par\u2029", "'sep\\u2028par\\u2029'"),
        ("rtl\u202eoff\u202c", "'rtl\\u202eoff\\u202c'"),
        ("nul\x00bell\x07", "'nul\\u0000bell\\u0007'"),
        ("emoji 🧬", "'emoji 🧬'"),
        ("{`$param`} // not a comment; MATCH (n) DETACH DELETE n", "'{`$param`} // not a comment; MATCH (n) DETACH DELETE n'"),
        (3, "3"),
        (0.25, "0.25"),
        (True, "true"),
        (["a", "b"], "['a', 'b']"),
    ],
)
def test_cypher_literal(value: Any, literal: str) -> None:
    assert cypher_literal(value) == literal


def test_cypher_statements_split_cleanly(hostile_graph: KnowledgeGraph, tmp_path: Path) -> None:
    write_neo4j(hostile_graph, tmp_path / "n")
    text = (tmp_path / "n" / "import.cypher").read_text(encoding="utf-8")
    statements = split_cypher(text)
    # 1 constraint + one batch per non-empty label and per non-empty relationship type
    assert len(statements) == 1 + len(LABELS) + len(REL_TYPES)
    assert statements[0].startswith("CREATE CONSTRAINT cartograph_entity_id IF NOT EXISTS")
    assert all(s.count("MERGE") == 1 for s in statements[1:])


def test_import_sh_is_valid_shell_with_admin_options(small_graph: KnowledgeGraph, tmp_path: Path) -> None:
    write_neo4j(small_graph, tmp_path / "n")
    script = tmp_path / "n" / "import.sh"
    subprocess.run(["sh", "-n", str(script)], check=True)
    text = script.read_text(encoding="utf-8")
    for option in ("database import full", "--array-delimiter=U+001F", "--quote='\"'", "--multiline-fields=true"):
        assert option in text
    for label in LABELS.values():
        assert f'--nodes=Entity="$HERE/nodes_{label}.csv"' in text
    for rel in REL_TYPES.values():
        assert f'--relationships={rel}="$HERE/rels_{rel}.csv"' in text


def test_dangling_endpoint_exported_as_stub_node(tmp_path: Path) -> None:
    g = KnowledgeGraph()
    g.add_entity(Entity("drugbank:DB00073", "Rituximab", NodeType.DRUG))
    g.add_statement(Statement("drugbank:DB00073", Predicate.TREATS, "MONDO:0007915"))
    write_neo4j(g, tmp_path / "n")
    _, rows = _parse_csv(tmp_path / "n" / "nodes_Disease.csv")
    assert [r[:4] for r in rows] == [["MONDO:0007915", "Disease", "MONDO:0007915", "disease"]]


# -- a real Neo4j -----------------------------------------------------------------------------


def _expected_nodes(graph: KnowledgeGraph) -> dict[str, tuple[frozenset[str], dict[str, Any]]]:
    return {
        e.id: (frozenset({"Entity", LABELS[e.type]}), {"id": e.id, **node_properties(e)})
        for e in graph.entities
    }


def _expected_rels(graph: KnowledgeGraph) -> dict[str, tuple[str, str, str, dict[str, Any]]]:
    return {
        st.id: (st.subject, REL_TYPES[st.predicate], st.object, dict(relationship_properties(graph, st)))
        for st in graph.statements
    }


def _loaded_nodes(driver: Any) -> dict[str, tuple[frozenset[str], dict[str, Any]]]:
    recs, _, _ = driver.execute_query("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")
    out = {r["props"]["id"]: (frozenset(r["labels"]), r["props"]) for r in recs}
    assert len(out) == len(recs), "duplicate node ids"
    return out


def _loaded_rels(driver: Any) -> dict[str, tuple[str, str, str, dict[str, Any]]]:
    recs, _, _ = driver.execute_query(
        "MATCH (s)-[r]->(o) RETURN s.id AS s, type(r) AS t, o.id AS o, properties(r) AS props"
    )
    out = {r["props"]["statement_id"]: (r["s"], r["t"], r["o"], r["props"]) for r in recs}
    assert len(out) == len(recs), "duplicate statement ids"
    return out


def _counts(driver: Any) -> tuple[dict[str, int], dict[str, int]]:
    labels, _, _ = driver.execute_query("MATCH (n) UNWIND labels(n) AS l RETURN l, count(*) AS c")
    types, _, _ = driver.execute_query("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS c")
    return {r["l"]: r["c"] for r in labels}, {r["t"]: r["c"] for r in types}


def _graph_counts(graph: KnowledgeGraph) -> tuple[dict[str, int], dict[str, int]]:
    labels = Counter(LABELS[e.type] for e in graph.entities)
    labels["Entity"] = len(graph.entities)
    types = Counter(REL_TYPES[s.predicate] for s in graph.statements)
    return dict(labels), dict(types)


def _assert_loaded_equals(driver: Any, graph: KnowledgeGraph) -> None:
    assert _counts(driver) == _graph_counts(graph)
    assert _loaded_nodes(driver) == _expected_nodes(graph)
    assert _loaded_rels(driver) == _expected_rels(graph)


def _lupus_rows(driver: Any) -> list[tuple[str, str, str]]:
    recs, _, _ = driver.execute_query(LUPUS_QUERY)
    return [(r["therapy"], r["certainty"], r["polarity"]) for r in recs]


def _expected_lupus(graph: KnowledgeGraph) -> list[tuple[str, str, str]]:
    lupus = [e.id for e in graph.entities if e.type is NodeType.DISEASE and (e.label == "systemic lupus erythematosus" or "lupus" in e.synonyms)]
    return sorted(
        (s.subject, s.certainty.value, s.polarity.value)
        for s in graph.statements
        if s.predicate is Predicate.TREATS and s.object in lupus
    )


@pytest.fixture(scope="session")
def neo4j_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An empty Neo4j for import.cypher loads (one per test session)."""
    with running_neo4j(tmp_path_factory.mktemp("neo4j-cypher") / "home") as uri:
        yield uri


@pytest.fixture
def driver(neo4j_uri: str) -> Iterator[Any]:
    from neo4j import GraphDatabase

    with GraphDatabase.driver(neo4j_uri, auth=None) as drv:
        drv.execute_query("MATCH (n) DETACH DELETE n")
        yield drv


@pytest.mark.slow
def test_cypher_import_twice_gives_the_same_graph(driver: Any, small_graph: KnowledgeGraph, tmp_path: Path) -> None:
    write_neo4j(small_graph, tmp_path / "n")
    ran = run_cypher_file(driver, tmp_path / "n" / "import.cypher")
    assert ran == 1 + len(LABELS) + len(REL_TYPES)
    first = _counts(driver)
    assert first == _graph_counts(small_graph)
    assert first == ({"Entity": 9, "Drug": 3, "Antigen": 2, "CellType": 2, "Disease": 2}, {"TARGETS": 2, "TREATS": 4, "DEPLETES": 2, "EXPRESSES": 1, "CAUSES": 1})
    run_cypher_file(driver, tmp_path / "n" / "import.cypher")
    assert _counts(driver) == first
    _assert_loaded_equals(driver, small_graph)
    recs, _, _ = driver.execute_query("SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties")
    assert {(r["name"], tuple(r["labelsOrTypes"]), tuple(r["properties"])) for r in recs} >= {
        ("cartograph_entity_id", ("Entity",), ("id",))
    }


@pytest.mark.slow
def test_cypher_import_answers_the_readme_queries(driver: Any, small_graph: KnowledgeGraph, tmp_path: Path) -> None:
    write_neo4j(small_graph, tmp_path / "n")
    run_cypher_file(driver, tmp_path / "n" / "import.cypher")
    assert _lupus_rows(driver) == [
        ("drugbank:DB09331", "investigational", "positive"),
        ("kg:cart-cd19", "asserted", "positive"),
    ]
    recs, _, _ = driver.execute_query(NEGATED_QUERY)
    assert [(r["subject"], r["type"], r["object"], r["evidence"]) for r in recs] == [
        ("drugbank:DB00073", "TREATS", "MONDO:0005404", ["Rituximab failed in ME/CFS."]),
        ("kg:cart-cd19", "CAUSES", "MONDO:0005404", ["It did not cause ME/CFS."]),
    ]
    # only the asserted, positive claim is a fact; the hope and the denial are separate relationships
    recs, _, _ = driver.execute_query(
        "MATCH (:Drug {id: 'drugbank:DB00073'})-[r:TREATS]->(:Disease {id: 'MONDO:0005404'}) "
        "RETURN r.polarity AS p, r.certainty AS c, r.fact AS fact, r.contested AS contested ORDER BY p, c"
    )
    assert [(r["p"], r["c"], r["fact"], r["contested"]) for r in recs] == [
        ("negated", "asserted", False, True),
        ("positive", "hypothesised", False, True),
    ]


@pytest.mark.slow
def test_cypher_import_round_trips_hostile_strings(driver: Any, hostile_graph: KnowledgeGraph, tmp_path: Path) -> None:
    write_neo4j(hostile_graph, tmp_path / "n")
    run_cypher_file(driver, tmp_path / "n" / "import.cypher")
    run_cypher_file(driver, tmp_path / "n" / "import.cypher")
    _assert_loaded_equals(driver, hostile_graph)
    recs, _, _ = driver.execute_query("MATCH (n:Drug {id: 'drugbank:DB00073'}) RETURN n.name AS name")
    assert recs[0]["name"] == hostile_graph.entity("drugbank:DB00073").label


@pytest.fixture(scope="module")
def admin_loaded_hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, KnowledgeGraph]]:
    """The hostile graph loaded with import.sh (neo4j-admin database import full), served."""
    from conftest import make_small_graph
    from neo4j import GraphDatabase

    graph = make_small_graph(hostile=True)
    base = tmp_path_factory.mktemp("neo4j-admin")
    write_neo4j(graph, base / "export")
    done = admin_import(base / "export", base / "home", base)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "IMPORT DONE" in done.stdout
    with running_neo4j(base / "home") as uri, GraphDatabase.driver(uri, auth=None) as drv:
        yield drv, graph


@pytest.mark.slow
def test_admin_import_counts_and_properties(admin_loaded_hostile: tuple[Any, KnowledgeGraph]) -> None:
    drv, graph = admin_loaded_hostile
    _assert_loaded_equals(drv, graph)


@pytest.mark.slow
def test_admin_import_answers_the_readme_queries(admin_loaded_hostile: tuple[Any, KnowledgeGraph]) -> None:
    drv, graph = admin_loaded_hostile
    # the hostile graph's lupus entity keeps its plain label and synonyms
    assert _lupus_rows(drv) == _expected_lupus(graph) == [
        ("drugbank:DB09331", "investigational", "positive"),
        ("kg:cart-cd19", "asserted", "positive"),
    ]
    recs, _, _ = drv.execute_query(NEGATED_QUERY)
    assert [(r["subject"], r["type"], r["object"]) for r in recs] == [
        ("drugbank:DB00073", "TREATS", "MONDO:0005404"),
        ("kg:cart-cd19", "CAUSES", "MONDO:0005404"),
    ]
    # the import.cypher constraint applies cleanly on top of an admin import
    drv.execute_query(split_cypher((ROOT / "tests" / "golden" / "neo4j_small" / "import.cypher").read_text(encoding="utf-8"))[0])


@pytest.mark.slow
def test_seed_build_loads_both_ways(driver: Any, tmp_path: Path) -> None:
    """The graph built from seeds/ loads with import.cypher and with import.sh, counts and facts equal."""
    from neo4j import GraphDatabase

    from kg.pipeline import build

    graph, _ = build([ROOT / "seeds"], tmp_path / "out", formats=["neo4j"])
    export = tmp_path / "out" / "neo4j"
    assert len(graph) > 0
    expected_lupus = _expected_lupus(graph)
    assert expected_lupus, "the seeds should say something treats lupus"

    run_cypher_file(driver, export / "import.cypher")
    _assert_loaded_equals(driver, graph)
    assert _lupus_rows(driver) == expected_lupus

    done = admin_import(export, tmp_path / "home", tmp_path)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    with running_neo4j(tmp_path / "home") as uri, GraphDatabase.driver(uri, auth=None) as drv:
        _assert_loaded_equals(drv, graph)
        assert _lupus_rows(drv) == expected_lupus
