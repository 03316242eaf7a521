"""KGX export checked against the Biolink Model itself (bmt + the biolink-model schema, offline).

``import kgx`` downloads the Biolink model at import time, so it is never imported;
``bmt.Toolkit`` with the schema shipped in the ``biolink-model`` package is the validator.
"""

from __future__ import annotations

import importlib.resources
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from kg.export.kgx import EXTENSION_PROPERTIES, KNOWLEDGE_SOURCE, write_kgx
from kg.graph import KnowledgeGraph
from kg.model import Certainty, Polarity, Predicate

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
# minted ids (kg:...) have no Biolink prefix: the one documented exception
OWN_PREFIXES = {"kg"}
REQUIRED_EDGE = {"id", "subject", "predicate", "object", "knowledge_level", "agent_type", "primary_knowledge_source"}


@pytest.fixture(scope="module")
def toolkit() -> Any:
    from bmt import Toolkit

    schema = importlib.resources.files("biolink_model") / "schema" / "biolink_model.yaml"
    return Toolkit(schema=str(schema), predicate_map={"predicate mappings": []})


def _read(folder: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    def load(name: str) -> list[dict[str, Any]]:
        text = (folder / name).read_text(encoding="utf-8")
        assert text.isascii() and text.endswith("\n")
        return [json.loads(line) for line in text.split("\n")[:-1]]

    return load("nodes.jsonl"), load("edges.jsonl")


def _enum(tk: Any, name: str) -> set[str]:
    return set(tk.view.get_enum(name).permissible_values)


def _check_slot(tk: Any, key: str, value: Any) -> None:
    if key in EXTENSION_PROPERTIES:
        return
    element = tk.get_element(key)
    slot = tk.view.get_slot(element.name) if element is not None else None
    assert slot is not None, f"{key!r} is not a Biolink slot"
    if slot.range and tk.view.get_enum(slot.range) is not None:
        assert value in _enum(tk, slot.range), (key, value)
    assert isinstance(value, list) == bool(slot.multivalued), key


def _validate(tk: Any, nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> None:
    categories: dict[str, list[str]] = {}
    for node in nodes:
        assert {"id", "category"} <= node.keys()
        for key, value in node.items():
            _check_slot(tk, key, value)
        for cat in node["category"]:
            assert tk.is_category(cat), cat
            prefix = node["id"].split(":", 1)[0]
            assert prefix in OWN_PREFIXES or prefix in tk.get_element(cat).id_prefixes, (node["id"], cat)
        categories[node["id"]] = node["category"]
    assert len(categories) == len(nodes)
    for edge in edges:
        assert REQUIRED_EDGE <= edge.keys(), edge["id"]
        for key, value in edge.items():
            _check_slot(tk, key, value)
        pred = tk.get_element(edge["predicate"])
        assert tk.is_predicate(edge["predicate"]) and not pred.deprecated, edge["predicate"]
        for end, want in (("subject", pred.domain), ("object", pred.range)):
            assert edge[end] in categories, f"{edge['id']}: {end} {edge[end]} is not a node"
            if want:
                ancestors = {a for c in categories[edge[end]] for a in tk.get_ancestors(c, mixin=True)}
                assert want in ancestors, (edge["predicate"], end, categories[edge[end]], want)
        assert edge["primary_knowledge_source"].startswith("infores:")


def test_small_graph_matches_golden_and_biolink(toolkit: Any, small_graph: KnowledgeGraph, tmp_path: Path) -> None:
    write_kgx(small_graph, tmp_path / "kgx")
    for name in ("nodes.jsonl", "edges.jsonl"):
        golden = GOLDEN / f"kgx_small_{name}"
        if UPDATE:
            shutil.copyfile(tmp_path / "kgx" / name, golden)
        assert (tmp_path / "kgx" / name).read_bytes() == golden.read_bytes(), name
    nodes, edges = _read(tmp_path / "kgx")
    assert len(nodes) == len(small_graph.entities) and len(edges) == len(small_graph)
    _validate(toolkit, nodes, edges)


@pytest.mark.parametrize(
    ("subject", "predicate", "object", "polarity", "certainty", "biolink", "level"),
    [
        ("kg:cart-cd19", Predicate.TREATS, "MONDO:0007915", Polarity.POSITIVE, Certainty.ASSERTED, "biolink:treats", "knowledge_assertion"),
        ("drugbank:DB09331", Predicate.TREATS, "MONDO:0007915", Polarity.POSITIVE, Certainty.INVESTIGATIONAL, "biolink:in_clinical_trials_for", "knowledge_assertion"),
        ("drugbank:DB00073", Predicate.TREATS, "MONDO:0005404", Polarity.POSITIVE, Certainty.HYPOTHESISED, "biolink:treats_or_applied_or_studied_to_treat", "prediction"),
        ("drugbank:DB00073", Predicate.TREATS, "MONDO:0005404", Polarity.NEGATED, Certainty.ASSERTED, "biolink:treats", "knowledge_assertion"),
        ("drugbank:DB09331", Predicate.TARGETS, "HGNC:1667", Polarity.POSITIVE, Certainty.ASSERTED, "biolink:directly_physically_interacts_with", "knowledge_assertion"),
        ("drugbank:DB09331", Predicate.DEPLETES, "CL:0000974", Polarity.POSITIVE, Certainty.HYPOTHESISED, "biolink:affects", "prediction"),
        ("CL:0000236", Predicate.EXPRESSES, "HGNC:1633", Polarity.POSITIVE, Certainty.ASSERTED, "biolink:expresses", "knowledge_assertion"),
        ("kg:cart-cd19", Predicate.CAUSES, "MONDO:0005404", Polarity.NEGATED, Certainty.ASSERTED, "biolink:has_adverse_event", "knowledge_assertion"),
    ],
)
def test_statement_mapping(small_graph: KnowledgeGraph, tmp_path: Path, subject: str, predicate: Predicate, object: str, polarity: Polarity, certainty: Certainty, biolink: str, level: str) -> None:
    write_kgx(small_graph, tmp_path / "kgx")
    _, edges = _read(tmp_path / "kgx")
    st = next(s for s in small_graph.statements if s.key == (subject, predicate.value, object, polarity.value, certainty.value))
    edge = next(e for e in edges if e["id"] == f"kg:statement-{st.id}")
    assert edge["predicate"] == biolink
    assert edge["knowledge_level"] == level and edge["agent_type"] == "text_mining_agent"
    assert edge["negated"] is (polarity is Polarity.NEGATED)
    assert edge["cartograph_certainty"] == certainty.value and edge["cartograph_predicate"] == predicate.value
    assert edge["supporting_text"] == [ev.text for ev in st.evidence]
    assert edge["evidence_count"] == small_graph.support(st) and edge["has_confidence_score"] == small_graph.belief(st)
    if predicate is Predicate.DEPLETES:
        assert (edge["object_direction_qualifier"], edge["object_aspect_qualifier"]) == ("decreased", "abundance")


def test_hostile_text_round_trips(toolkit: Any, hostile_graph: KnowledgeGraph, tmp_path: Path) -> None:
    write_kgx(hostile_graph, tmp_path / "kgx")
    nodes, edges = _read(tmp_path / "kgx")
    _validate(toolkit, nodes, edges)
    by_id = {n["id"]: n for n in nodes}
    rtx = hostile_graph.entity("drugbank:DB00073")
    assert by_id["DRUGBANK:DB00073"]["name"] == rtx.label
    assert by_id["DRUGBANK:DB00073"]["synonym"] == sorted(rtx.synonyms)
    texts = sorted(t for e in edges for t in e["supporting_text"])
    assert texts == sorted(ev.text for st in hostile_graph.statements for ev in st.evidence)
    assert {n["provided_by"][0] for n in nodes} == {KNOWLEDGE_SOURCE}


def test_rewrite_is_byte_identical(hostile_graph: KnowledgeGraph, tmp_path: Path) -> None:
    write_kgx(hostile_graph, tmp_path / "a")
    write_kgx(hostile_graph, tmp_path / "b")
    for name in ("nodes.jsonl", "edges.jsonl"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


@pytest.mark.parametrize(
    ("where", "key", "bad"),
    [
        ("node", "category", ["biolink:Antigen"]),  # not a Biolink category
        ("node", "id", "FOO:1"),  # prefix not allowed for the category
        ("node", "colour", "x"),  # not a Biolink slot
        ("edge", "predicate", "biolink:targets"),  # not a Biolink predicate
        ("edge", "predicate", "biolink:expresses"),  # domain is anatomical entity, not drug
        ("edge", "knowledge_level", "hunch"),  # not in KnowledgeLevelEnum
        ("edge", "supporting_text", "one sentence"),  # multivalued slot as a scalar
        ("edge", "primary_knowledge_source", None),  # required provenance missing
    ],
)
def test_validator_rejects_broken_records(toolkit: Any, small_graph: KnowledgeGraph, tmp_path: Path, where: str, key: str, bad: Any) -> None:
    """The checks above can fail: each corruption of a valid export is caught."""
    write_kgx(small_graph, tmp_path / "kgx")
    nodes, edges = _read(tmp_path / "kgx")
    _validate(toolkit, nodes, edges)
    if where == "node":
        record = next(n for n in nodes if n["id"] == "DRUGBANK:DB00073")
        if key == "id":
            edges = [e for e in edges if "DRUGBANK:DB00073" not in (e["subject"], e["object"])]
    else:
        record = next(e for e in edges if e["subject"] == "DRUGBANK:DB09331" and e["predicate"] == "biolink:directly_physically_interacts_with")
    if bad is None:
        del record[key]
    else:
        record[key] = bad
    with pytest.raises(AssertionError):
        _validate(toolkit, nodes, edges)
