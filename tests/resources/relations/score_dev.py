"""Development scorer for relation rules against gold entities (not the official ``kg evaluate``).

Builds mentions from each passage's GOLD entities (``?:`` placeholders become ``kg:<name>``),
runs :func:`kg.extract.relations.extract_statements` and scores (s, p, o) and
(s, p, o, polarity, certainty), collapsing predictions to one per (s, p, o, polarity) with
the highest certainty, as the gold does.

Usage: ``python tests/resources/relations/score_dev.py [GOLD.jsonl] [-v]``
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from kg.extract.relations import extract_statements
from kg.model import Document, Entity, Mention, NodeType, Statement
from kg.text import split_sentences

ROOT = Path(__file__).resolve().parents[3]
EQUIV = {"MESH:C410723": "kg:egfrviii", "FPLX:CD3": "HGNC:1674", "MESH:D016756": "drugbank:DB00028"}


def _id(x: str) -> str:
    if x.startswith("?:"):
        x = "kg:" + re.sub(r"[^a-z0-9]+", "-", x[2:].lower()).strip("-")
    return EQUIV.get(x, x)


def gold_inputs(rec: dict) -> tuple[Document, list[Mention], list[Entity]]:
    doc = Document(id=rec["id"], text=rec["text"], kind="abstract")
    ms = [
        Mention(
            e["start"], e["end"], e["text"], NodeType(e["type"]), _id(e["id"]), e.get("label", "")
        )
        for e in rec["entities"]
    ]
    ents = {m.id: Entity(m.id, m.text, m.type) for m in ms}
    return doc, ms, list(ents.values())


def collapse(sts: list[Statement]) -> set[tuple[str, ...]]:
    best: dict[tuple[str, ...], Statement] = {}
    for s in sts:
        k = (s.subject, s.predicate.value, s.object, s.polarity.value)
        if k not in best or s.certainty.rank > best[k].certainty.rank:
            best[k] = s
    return {(*k, v.certainty.value) for k, v in best.items()}


def prf(tp: int, np_: int, ng: int) -> tuple[float, float, float]:
    p = tp / np_ if np_ else 0.0
    r = tp / ng if ng else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(path: Path, verbose: bool = False) -> dict[str, tuple[float, float, float]]:
    tp3 = np3 = ng3 = tp5 = np5 = ng5 = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        doc, ms, ents = gold_inputs(rec)
        pred5 = collapse(extract_statements(doc, split_sentences(doc.text), ms, ents))
        gold5 = {
            (_id(r["subject"]), r["predicate"], _id(r["object"]), r["polarity"], r["certainty"])
            for r in rec["relations"]
        }
        pred3 = {x[:3] for x in pred5}
        gold3 = {x[:3] for x in gold5}
        tp3 += len(pred3 & gold3)
        np3 += len(pred3)
        ng3 += len(gold3)
        tp5 += len(pred5 & gold5)
        np5 += len(pred5)
        ng5 += len(gold5)
        if verbose and pred5 != gold5:
            print("==", rec["id"])
            for x in sorted(pred5 - gold5):
                print("  FP", *x)
            for x in sorted(gold5 - pred5):
                print("  FN", *x)
    return {"spo": prf(tp3, np3, ng3), "spo+pc": prf(tp5, np5, ng5)}


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "-v"]
    gold = Path(args[0]) if args else ROOT.parent / "shared" / "eval" / "dev.jsonl"
    for name, (p, r, f) in score(gold, verbose="-v" in sys.argv).items():
        print(f"{name:8s} P={p:.3f} R={r:.3f} F1={f:.3f}")
