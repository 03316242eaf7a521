"""Smoke tests of the benchmark runner's functions on a tiny corpus (no timing assertions)."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.corpus import iter_base_documents, iter_scaled_documents, write_corpus
from benchmarks.extraction import STAGES, end_to_end, staged_extraction, time_exporters
from kg.corpus import read_documents
from kg.graph import KnowledgeGraph
from kg.model import Evidence, Polarity, Predicate, Statement
from kg.pipeline import extract_document


def test_scaled_corpus_repeats_with_distinct_ids(tmp_path: Path) -> None:
    base = sum(len(d.text.encode()) for d in iter_base_documents())
    info = write_corpus(base + 5000, tmp_path / "c.jsonl")
    docs = list(read_documents([tmp_path / "c.jsonl"]))
    assert info.documents == len(docs) and info.repetitions == 2
    assert info.text_bytes == sum(len(d.text.encode()) for d in docs) >= base + 5000
    assert len({d.id for d in docs}) == len(docs)
    assert {d.id.split("/", 1)[0] for d in docs} == {"r0", "r1"}
    again = write_corpus(base + 5000, tmp_path / "c.jsonl")  # reused, same manifest
    assert again == info


def test_staged_extraction_matches_the_pipeline() -> None:
    docs = list(iter_scaled_documents(60_000))
    times, kept, graph = staged_extraction(docs)
    assert set(times.seconds) == set(STAGES)
    assert times.documents == len(docs) == len(kept) == len(graph.documents)
    for doc, ex in zip(docs, kept, strict=True):
        assert ex == extract_document(doc)
    assert times.mentions == sum(len(ex.mentions) for ex in kept) > 0
    report = times.to_json()
    assert report["text_bytes"] == sum(len(d.text.encode()) for d in docs)
    assert abs(sum(report["share"].values()) - 1) < 0.01


def test_end_to_end_and_exporters(tmp_path: Path, small_graph: KnowledgeGraph) -> None:
    info = write_corpus(30_000, tmp_path / "c.jsonl")
    res = end_to_end([Path(info.path)])
    assert res["documents"] == info.documents and res["text_bytes"] == info.text_bytes
    out = time_exporters(small_graph, ["report", "turtle"], out_dir=tmp_path)
    assert set(out) == {"report", "turtle"}
    assert all(r["bytes"] > 0 for r in out.values())


def test_runner_quick_writes_json(tmp_path: Path) -> None:
    from benchmarks.__main__ import main

    out = tmp_path / "res.json"
    assert main(["--quick", "--sizes", "0.02", "--export-sizes", "200", "--no-spacy", "--no-compiled",
                 "--workdir", str(tmp_path / "work"), "--json", str(out)]) == 0
    res = json.loads(out.read_text())
    row = res["extraction"]["0.02"]
    assert row["stages"]["documents"] > 0 and row["peak_rss_mb"] > 0
    assert row["build"] == "pure Python" and row["stages"]["context_timed_separately"]
    assert row["stages"]["seconds"]["context"] > 0 and "compiled" not in res
    assert set(row["exporters"]) >= {"turtle", "owl", "report"}
    assert "error" not in res["exporters_synthetic"]["200"]
    assert res["exporters_synthetic"]["200"]["graph"]["statements"] > 100
    assert res["machine"]["cores"] >= 1


def test_spacy_baseline_finds_vocabulary_terms() -> None:
    from benchmarks.baseline_spacy import build_baseline

    base = build_baseline()
    ents = base.entities("Rituximab depletes B cells in systemic lupus erythematosus.")
    assert [(e["text"], e["type"]) for e in ents] == [
        ("Rituximab", "drug"), ("B cells", "cell_type"), ("systemic lupus erythematosus", "disease")]
    thr = base.throughput(["CD19 CAR T cells.", "Daratumumab targets CD38."])
    assert thr["documents"] == 2 and thr["matches"] >= 3


def test_contested_is_recomputed_after_a_new_statement() -> None:
    """Regression: the contested-triple cache (kg.graph) must notice statements added later."""
    g = KnowledgeGraph()
    ev = Evidence("d1", "x", 0, 1, "t")
    pos = Statement("drugbank:DB00073", Predicate.TREATS, "MONDO:0007915", evidence=(ev,))
    g.add_statement(pos)
    assert not g.is_contested(pos)
    g.add_statement(Statement("drugbank:DB00073", Predicate.TREATS, "MONDO:0007915", Polarity.NEGATED,
                              evidence=(Evidence("d2", "y", 0, 1, "t"),)))
    assert g.is_contested(pos)
    assert [t for t, _, _ in g.contested()] == [pos.triple]


def test_run_build_reports_the_childs_own_peak(tmp_path: Path) -> None:
    from benchmarks.memory import run_build

    info = write_corpus(20_000, tmp_path / "c.jsonl")
    ballast = bytearray(400 * 2**20)  # the launcher's peak must not leak into the child's figure
    res = run_build([Path(info.path)], tmp_path / "out", cache_dir=tmp_path / "cache")
    del ballast
    assert res["exit"] == 0, res.get("stderr")
    assert res["peak_rss_mb"] is not None and 10 < res["peak_rss_mb"] < 400
    assert (tmp_path / "out" / "graph.ttl").is_file()
    assert any((tmp_path / "cache").rglob("*.pickle"))
