"""Scoring extraction against gold passages (``kg evaluate``): precision, recall, F1.

Four views, each per type/predicate and micro-averaged:

* ``entities.span``: (document, start, end, type);
* ``entities.grounded``: the same plus the grounded id;
* ``relations.triple``: (document, subject, predicate, object);
* ``relations.full``: the same plus polarity and certainty.

Identifier rules from ``shared/eval/GUIDELINES.md``: prefixes compare case-insensitively;
``MESH:C410723`` = ``kg:egfrviii``, ``FPLX:CD3`` = ``HGNC:1674``, ``MESH:D016756`` =
``drugbank:DB00028``; a gold ``?:`` placeholder matches whatever id the prediction gives
the same span, and that id in the passage's relations. Predicted relations are collapsed
to one per (subject, predicate, object, polarity), keeping the highest certainty.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from kg.errors import InputError

__all__ = ["EQUIVALENT_IDS", "canonical_id", "evaluate_file", "format_report", "read_jsonl", "score_documents"]

EQUIVALENT_IDS: dict[str, str] = {
    "mesh:C410723": "kg:egfrviii",
    "fplx:CD3": "hgnc:1674",
    "mesh:D016756": "drugbank:DB00028",
}
_CERTAINTY_RANK = {"asserted": 2, "investigational": 1, "hypothesised": 0}
PLACEHOLDER = "?:"


def canonical_id(curie: str) -> str:
    """Lower-case the prefix and apply the equivalences.

    >>> canonical_id("DrugBank:DB00028") == canonical_id("MESH:D016756")
    True
    """
    prefix, sep, local = curie.partition(":")
    if not sep or prefix == "?":
        return curie
    key = f"{prefix.lower()}:{local}"
    return EQUIVALENT_IDS.get(key, key)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Records of a JSON Lines file; errors name the file and line."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=str(path)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", path=str(path)) from None
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"malformed JSON: {exc.msg} (column {exc.colno})", path=str(path), line=n) from None
        if not isinstance(rec, dict) or not isinstance(rec.get("id"), str):
            raise InputError("expected an object with a string 'id'", path=str(path), line=n)
        for key in ("entities", "relations"):
            if not isinstance(rec.get(key, []), list):
                raise InputError(f"'{key}' must be a list", path=str(path), line=n)
        rec["_line"] = n
        out.append(rec)
    return out


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


class _Tally:
    def __init__(self) -> None:
        self.counts: dict[str, list[int]] = {}

    def add(self, group: str, gold: set[tuple[Any, ...]], pred: set[tuple[Any, ...]]) -> None:
        c = self.counts.setdefault(group, [0, 0, 0])
        c[0] += len(gold & pred)
        c[1] += len(pred - gold)
        c[2] += len(gold - pred)

    def report(self, by: str) -> dict[str, Any]:
        tp = sum(c[0] for c in self.counts.values())
        fp = sum(c[1] for c in self.counts.values())
        fn = sum(c[2] for c in self.counts.values())
        return {"micro": _prf(tp, fp, fn), by: {g: _prf(*c) for g, c in sorted(self.counts.items())}}


def _entities(rec: Mapping[str, Any], where: str) -> list[tuple[int, int, str, str]]:
    out = []
    for e in rec.get("entities", []):
        try:
            out.append((int(e["start"]), int(e["end"]), str(e["type"]), str(e.get("id", ""))))
        except (KeyError, TypeError, ValueError):
            raise InputError(f"entity without start/end/type: {e!r}", path=where, line=rec.get("_line")) from None
    return out


def _relations(rec: Mapping[str, Any], where: str) -> list[tuple[str, str, str, str, str]]:
    out = []
    for r in rec.get("relations", []):
        try:
            out.append((str(r["subject"]), str(r["predicate"]), str(r["object"]),
                        str(r.get("polarity", "positive")), str(r.get("certainty", "asserted"))))
        except (KeyError, TypeError):
            raise InputError(f"relation without subject/predicate/object: {r!r}", path=where,
                             line=rec.get("_line")) from None
    return out


def _collapse(rels: Iterable[tuple[str, str, str, str, str]]) -> set[tuple[str, str, str, str, str]]:
    best: dict[tuple[str, str, str, str], str] = {}
    for s, p, o, pol, cert in rels:
        key = (s, p, o, pol)
        if key not in best or _CERTAINTY_RANK.get(cert, -1) > _CERTAINTY_RANK.get(best[key], -1):
            best[key] = cert
    return {(*k, c) for k, c in best.items()}


def score_documents(
    gold: Iterable[Mapping[str, Any]],
    predictions: Mapping[str, Mapping[str, Any]],
    *,
    gold_name: str = "gold",
    pred_name: str = "predictions",
) -> dict[str, Any]:
    """Score gold records against predictions keyed by document id (missing = nothing predicted)."""
    span, grounded, triple, full = _Tally(), _Tally(), _Tally(), _Tally()
    n_docs = 0
    for g in gold:
        n_docs += 1
        doc = g["id"]
        p = predictions.get(doc, {})
        g_ents = _entities(g, gold_name)
        p_ents = _entities(p, pred_name)
        p_by_span = {(s, e, t): i for s, e, t, i in p_ents}
        resolve: dict[str, str] = {}
        for s, e, t, i in g_ents:
            if i.startswith(PLACEHOLDER) and (s, e, t) in p_by_span:
                resolve.setdefault(i, p_by_span[(s, e, t)])

        def cid(i: str) -> str:
            return canonical_id(resolve.get(i, i))

        for node_type in sorted({t for _, _, t, _ in g_ents} | {t for _, _, t, _ in p_ents}):
            gs = {(doc, s, e) for s, e, t, _ in g_ents if t == node_type}
            ps = {(doc, s, e) for s, e, t, _ in p_ents if t == node_type}
            span.add(node_type, gs, ps)
            gg = {(doc, s, e, cid(i)) for s, e, t, i in g_ents if t == node_type}
            pg = {(doc, s, e, canonical_id(i)) for s, e, t, i in p_ents if t == node_type}
            grounded.add(node_type, gg, pg)
        g_rel = _collapse((cid(s), pr, cid(o), pol, c) for s, pr, o, pol, c in _relations(g, gold_name))
        p_rel = _collapse(
            (canonical_id(s), pr, canonical_id(o), pol, c) for s, pr, o, pol, c in _relations(p, pred_name)
        )
        for pred in sorted({r[1] for r in g_rel} | {r[1] for r in p_rel}):
            triple.add(pred, {(doc, *r[:3]) for r in g_rel if r[1] == pred},
                       {(doc, *r[:3]) for r in p_rel if r[1] == pred})
            full.add(pred, {(doc, *r) for r in g_rel if r[1] == pred}, {(doc, *r) for r in p_rel if r[1] == pred})
    return {
        "documents": n_docs,
        "entities": {"span": span.report("by_type"), "grounded": grounded.report("by_type")},
        "relations": {"triple": triple.report("by_predicate"), "full": full.report("by_predicate")},
    }


def _iter_predicted(gold: list[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    from kg.model import Document
    from kg.pipeline import extract_document
    from kg.vocabulary import load_vocabulary

    vocab = load_vocabulary()
    for g in gold:
        if not isinstance(g.get("text"), str):
            raise InputError("gold record has no 'text' to extract from", line=g.get("_line"))
        ex = extract_document(Document(id=g["id"], text=g["text"]), vocab)
        yield g["id"], ex.to_json()


def evaluate_file(gold: Path, predictions: Path | None = None) -> dict[str, Any]:
    """Score ``predictions`` (or a fresh extraction of the gold texts) against ``gold``."""
    gold_recs = read_jsonl(gold)
    if predictions is None:
        preds = dict(_iter_predicted(gold_recs))
    else:
        preds = {}
        for rec in read_jsonl(predictions):
            if rec["id"] in preds:
                raise InputError(f"duplicate document id {rec['id']!r}", path=str(predictions), line=rec["_line"])
            preds[rec["id"]] = rec
    report = score_documents(gold_recs, preds, gold_name=str(gold), pred_name=str(predictions or "extraction"))
    report["gold"] = str(gold)
    report["predictions"] = str(predictions) if predictions is not None else None
    return report


def _rows(title: str, block: Mapping[str, Any], by: str) -> list[str]:
    lines = [title]
    for name, s in [*block[by].items(), ("micro", block["micro"])]:
        lines.append(
            f"  {name:<14} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}"
            f"   (tp {s['tp']}, fp {s['fp']}, fn {s['fn']})"
        )
    return lines


def format_report(report: Mapping[str, Any]) -> str:
    """A plain-text table of the scores."""
    src = report.get("predictions") or "extraction"
    lines = [f"gold: {report.get('gold', '-')}  predictions: {src}  documents: {report['documents']}"]
    lines += _rows("entities (span + type)", report["entities"]["span"], "by_type")
    lines += _rows("entities (span + type + id)", report["entities"]["grounded"], "by_type")
    lines += _rows("relations (subject, predicate, object)", report["relations"]["triple"], "by_predicate")
    lines += _rows("relations (+ polarity, certainty)", report["relations"]["full"], "by_predicate")
    return "\n".join(lines)
