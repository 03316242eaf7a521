"""The scorer behind ``kg evaluate``: table-driven cases on tiny gold/prediction files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import InputError
from kg.evaluate import canonical_id, evaluate_file, format_report

TEXT = "Rituximab depletes B cells in lupus."
GOLD_ENTS = [
    {"start": 0, "end": 9, "text": "Rituximab", "type": "drug", "id": "drugbank:DB00073"},
    {"start": 19, "end": 26, "text": "B cells", "type": "cell_type", "id": "CL:0000236"},
    {"start": 30, "end": 35, "text": "lupus", "type": "disease", "id": "MONDO:0007915"},
]
GOLD_RELS = [
    {"subject": "drugbank:DB00073", "predicate": "depletes", "object": "CL:0000236", "polarity": "positive", "certainty": "asserted"},
    {"subject": "drugbank:DB00073", "predicate": "treats", "object": "MONDO:0007915", "polarity": "positive", "certainty": "hypothesised"},
]


def ent(start: int, end: int, type_: str, id_: str) -> dict[str, Any]:
    return {"start": start, "end": end, "type": type_, "id": id_}


def rel(s: str, p: str, o: str, pol: str = "positive", cert: str = "asserted") -> dict[str, str]:
    return {"subject": s, "predicate": p, "object": o, "polarity": pol, "certainty": cert}


def write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def score(tmp_path: Path, gold: dict[str, Any], pred: dict[str, Any]) -> dict[str, Any]:
    g = write(tmp_path / "gold.jsonl", [{"id": "d1", "text": TEXT, **gold}])
    p = write(tmp_path / "pred.jsonl", [{"id": "d1", **pred}])
    return evaluate_file(g, p)


def micro(report: dict[str, Any], *path: str) -> tuple[int, int, int]:
    block = report
    for key in path:
        block = block[key]
    m = block["micro"]
    return m["tp"], m["fp"], m["fn"]


CASES = [
    # name, gold, prediction, (span tp/fp/fn), (grounded tp/fp/fn)
    ("perfect", {"entities": GOLD_ENTS}, {"entities": GOLD_ENTS}, (3, 0, 0), (3, 0, 0)),
    ("missing-one", {"entities": GOLD_ENTS}, {"entities": GOLD_ENTS[:2]}, (2, 0, 1), (2, 0, 1)),
    ("wrong-id", {"entities": GOLD_ENTS}, {"entities": [*GOLD_ENTS[:2], ent(30, 35, "disease", "MONDO:0004670")]},
     (3, 0, 0), (2, 1, 1)),
    ("wrong-type", {"entities": GOLD_ENTS}, {"entities": [*GOLD_ENTS[:2], ent(30, 35, "drug", "MONDO:0007915")]},
     (2, 1, 1), (2, 1, 1)),
    ("wrong-span", {"entities": GOLD_ENTS}, {"entities": [*GOLD_ENTS[:2], ent(27, 35, "disease", "MONDO:0007915")]},
     (2, 1, 1), (2, 1, 1)),
    ("prefix-case", {"entities": GOLD_ENTS}, {"entities": [ent(0, 9, "drug", "DrugBank:DB00073"), *GOLD_ENTS[1:]]},
     (3, 0, 0), (3, 0, 0)),
    ("placeholder", {"entities": [ent(0, 9, "drug", "?:rituximab")]}, {"entities": [ent(0, 9, "drug", "kg:whatever")]},
     (1, 0, 0), (1, 0, 0)),
    ("placeholder-unmatched", {"entities": [ent(0, 9, "drug", "?:rituximab")]}, {"entities": []}, (0, 0, 1), (0, 0, 1)),
    ("equivalent-egfrviii", {"entities": [ent(0, 9, "antigen", "kg:egfrviii")]},
     {"entities": [ent(0, 9, "antigen", "MESH:C410723")]}, (1, 0, 0), (1, 0, 0)),
    ("equivalent-cd3", {"entities": [ent(0, 9, "antigen", "HGNC:1674")]},
     {"entities": [ent(0, 9, "antigen", "FPLX:CD3")]}, (1, 0, 0), (1, 0, 0)),
    ("equivalent-ivig", {"entities": [ent(0, 9, "drug", "drugbank:DB00028")]},
     {"entities": [ent(0, 9, "drug", "MESH:D016756")]}, (1, 0, 0), (1, 0, 0)),
    ("extra", {"entities": GOLD_ENTS[:1]}, {"entities": GOLD_ENTS}, (1, 2, 0), (1, 2, 0)),
]


@pytest.mark.parametrize("name,gold,pred,span,grounded", CASES, ids=[c[0] for c in CASES])
def test_entity_scores(tmp_path: Path, name: str, gold: dict[str, Any], pred: dict[str, Any],
                       span: tuple[int, int, int], grounded: tuple[int, int, int]) -> None:
    report = score(tmp_path, gold, pred)
    assert micro(report, "entities", "span") == span
    assert micro(report, "entities", "grounded") == grounded


REL_CASES = [
    # name, gold relations, predicted relations, (triple tp/fp/fn), (full tp/fp/fn)
    ("perfect", GOLD_RELS, GOLD_RELS, (2, 0, 0), (2, 0, 0)),
    ("wrong-certainty", GOLD_RELS, [GOLD_RELS[0], rel("drugbank:DB00073", "treats", "MONDO:0007915")],
     (2, 0, 0), (1, 1, 1)),
    ("collapse-keeps-highest", [rel("a:1", "treats", "b:2", cert="investigational")],
     [rel("a:1", "treats", "b:2", cert="hypothesised"), rel("a:1", "treats", "b:2", cert="investigational")],
     (1, 0, 0), (1, 0, 0)),
    ("both-polarities", [rel("a:1", "treats", "b:2"), rel("a:1", "treats", "b:2", pol="negated")],
     [rel("a:1", "treats", "b:2", pol="negated")], (1, 0, 0), (1, 0, 1)),
    ("equivalence-in-relations", [rel("kg:cart-egfrviii", "targets", "kg:egfrviii")],
     [rel("kg:cart-egfrviii", "targets", "MESH:C410723")], (1, 0, 0), (1, 0, 0)),
    ("missing", GOLD_RELS, [], (0, 0, 2), (0, 0, 2)),
]


@pytest.mark.parametrize("name,gold,pred,triple,full", REL_CASES, ids=[c[0] for c in REL_CASES])
def test_relation_scores(tmp_path: Path, name: str, gold: list[dict[str, str]], pred: list[dict[str, str]],
                         triple: tuple[int, int, int], full: tuple[int, int, int]) -> None:
    report = score(tmp_path, {"entities": [], "relations": gold}, {"entities": [], "relations": pred})
    assert micro(report, "relations", "triple") == triple
    assert micro(report, "relations", "full") == full


def test_placeholder_id_carries_into_relations(tmp_path: Path) -> None:
    gold = {"entities": [ent(0, 9, "drug", "?:teclistamab")],
            "relations": [rel("?:teclistamab", "targets", "HGNC:1674")]}
    pred = {"entities": [ent(0, 9, "drug", "kg:teclistamab")], "relations": [rel("kg:teclistamab", "targets", "HGNC:1674")]}
    report = score(tmp_path, gold, pred)
    assert micro(report, "relations", "full") == (1, 0, 0)


def test_per_type_and_f1(tmp_path: Path) -> None:
    report = score(tmp_path, {"entities": GOLD_ENTS}, {"entities": GOLD_ENTS[:2]})
    by_type = report["entities"]["grounded"]["by_type"]
    assert by_type["disease"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "tp": 0, "fp": 0, "fn": 1}
    assert by_type["drug"]["f1"] == 1.0
    assert report["entities"]["grounded"]["micro"]["f1"] == pytest.approx(0.8)


def test_missing_prediction_document_counts_as_empty(tmp_path: Path) -> None:
    g = write(tmp_path / "gold.jsonl", [{"id": "d1", "text": TEXT, "entities": GOLD_ENTS}])
    p = write(tmp_path / "pred.jsonl", [{"id": "other", "entities": GOLD_ENTS}])
    assert micro(evaluate_file(g, p), "entities", "span") == (0, 0, 3)


def test_runs_extraction_without_predictions(tmp_path: Path) -> None:
    g = write(tmp_path / "gold.jsonl", [{"id": "d1", "text": TEXT, "entities": GOLD_ENTS, "relations": []}])
    report = evaluate_file(g, None)
    assert micro(report, "entities", "grounded") == (3, 0, 0)
    assert report["predictions"] is None
    assert "entities (span + type + id)" in format_report(report)


@pytest.mark.parametrize(
    "content,message",
    [("{not json}\n", "malformed JSON"), ('{"text": "x"}\n', "string 'id'"), ('{"id": "a", "entities": 3}\n', "'entities'")],
)
def test_bad_gold_names_file_and_line(tmp_path: Path, content: str, message: str) -> None:
    g = tmp_path / "gold.jsonl"
    g.write_text('{"id": "ok", "text": "x"}\n' + content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        evaluate_file(g, g)
    assert message in str(info.value) and info.value.line == 2 and str(g) in str(info.value)


def test_canonical_id() -> None:
    assert canonical_id("FPLX:CD3") == canonical_id("hgnc:1674")
    assert canonical_id("?:x") == "?:x"


def test_cli_json(tmp_path: Path) -> None:
    g = write(tmp_path / "gold.jsonl", [{"id": "d1", "text": TEXT, "entities": GOLD_ENTS}])
    result = CliRunner().invoke(main, ["evaluate", str(g), "--predictions", str(g), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["entities"]["grounded"]["micro"]["f1"] == 1.0
