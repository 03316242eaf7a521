"""Engines give the same graph: 1 or N processes, any document order, cache or not, Dask."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT

from kg.corpus import read_documents
from kg.engine import ExtractionCache, extractor_fingerprint, run_dask, run_dask_files, run_local
from kg.graph import KnowledgeGraph
from kg.pipeline import build, graph_from_extractions
from kg.vocabulary import load_vocabulary

SEEDS = ROOT / "seeds"


def _dump(graph: KnowledgeGraph) -> str:
    return json.dumps(
        {
            "entities": [[e.id, e.label, e.type.value, list(e.synonyms)] for e in graph.entities],
            "statements": [
                [list(s.key), [ev.to_json() for ev in s.evidence]] for s in graph.statements
            ],
            "documents": [[d.id, d.kind] for d in graph.documents],
        },
        sort_keys=True,
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds plus a few dev passages as separate files, enough to spread over workers."""
    folder = tmp_path_factory.mktemp("corpus")
    for p in SEEDS.glob("*.md"):
        shutil.copy(p, folder / p.name)
    dev = ROOT.parent / "shared" / "eval" / "dev.jsonl"
    with (folder / "dev.jsonl").open("w", encoding="utf-8") as fh:
        for line in dev.read_text(encoding="utf-8").splitlines()[:12]:
            rec = json.loads(line)
            fh.write(json.dumps({"id": rec["id"], "text": rec["text"]}) + "\n")
    return folder


def test_jobs_and_order_do_not_change_the_graph(corpus: Path) -> None:
    vocab = load_vocabulary()
    docs = list(read_documents([corpus]))
    one = _dump(graph_from_extractions(run_local(docs, vocab, jobs=1)))
    two = _dump(graph_from_extractions(run_local(docs, vocab, jobs=2, chunksize=1)))
    rev = _dump(graph_from_extractions(run_local(list(reversed(docs)), vocab, jobs=1)))
    assert one == two == rev
    assert '"treats"' in one


def test_cache_skips_unchanged_documents(corpus: Path, tmp_path: Path) -> None:
    vocab = load_vocabulary()
    docs = list(read_documents([corpus]))
    cache = ExtractionCache(tmp_path / "cache", extractor_fingerprint(vocab))
    first = _dump(graph_from_extractions(run_local(docs, vocab, cache=cache)))
    assert (cache.hits, cache.misses) == (0, len(docs))
    cache2 = ExtractionCache(tmp_path / "cache", extractor_fingerprint(vocab))
    again = _dump(graph_from_extractions(run_local(docs, vocab, cache=cache2)))
    assert again == first
    assert (cache2.hits, cache2.misses) == (len(docs), 0)
    # a new vocabulary version invalidates everything
    other = ExtractionCache(tmp_path / "cache", extractor_fingerprint(object()))
    list(run_local(docs[:1], vocab, cache=other))
    assert other.misses == 1


def test_build_outputs_identical_for_jobs_and_cache(corpus: Path, tmp_path: Path) -> None:
    outs = []
    for i, kwargs in enumerate(
        [dict(jobs=1), dict(jobs=2), dict(jobs=2, cache_dir=tmp_path / "c"), dict(jobs=1, cache_dir=tmp_path / "c")]
    ):
        out = tmp_path / f"out{i}"
        build([corpus], out, formats=["report"], **kwargs)  # type: ignore[arg-type]
        outs.append((out / "report.md").read_bytes())
    assert len(set(outs)) == 1


def test_dask_engine_on_local_cluster_matches_local(corpus: Path) -> None:
    import distributed

    vocab = load_vocabulary()
    docs = list(read_documents([corpus]))
    local = _dump(graph_from_extractions(run_local(docs, vocab)))
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        via_dask = _dump(run_dask(docs, scheduler=cluster.scheduler_address, npartitions=4))
        graph, errors = run_dask_files([corpus], scheduler=cluster.scheduler_address, npartitions=3)
    assert via_dask == local
    assert _dump(graph) == local and errors == []


def test_build_with_dask_engine_writes_the_same_bytes(corpus: Path, tmp_path: Path) -> None:
    build([corpus], tmp_path / "local", formats=["report", "turtle"], jobs=1)
    build([corpus], tmp_path / "dask", formats=["report", "turtle"], engine="dask")
    for name in ("report.md", "graph.ttl"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()


def test_parallel_cache_counts_and_streams(corpus: Path, tmp_path: Path) -> None:
    vocab = load_vocabulary()
    docs = list(read_documents([corpus]))
    cache = ExtractionCache(tmp_path / "c", extractor_fingerprint(vocab))
    first = [ex.document.id for ex in run_local(iter(docs), vocab, jobs=2, cache=cache, chunksize=1)]
    assert first == [d.id for d in docs]
    assert (cache.hits, cache.misses) == (0, len(docs))
    again = ExtractionCache(tmp_path / "c", extractor_fingerprint(vocab))
    list(run_local(iter(docs), vocab, jobs=2, cache=again, chunksize=1))
    assert (again.hits, again.misses) == (len(docs), 0)


_DYING_WORKER = """
import os, signal, sys
from kg import engine
from kg.errors import KGError
from kg.model import Document
from kg.vocabulary import load_vocabulary

real = engine._extract_in_worker

def dying(doc):
    if doc.id == "d5":
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer would
    return real(doc)

engine._extract_in_worker = dying  # forked workers inherit it
docs = [Document(id=f"d{i}", text="Rituximab depletes B cells in lupus.") for i in range(40)]
try:
    list(engine.run_local(docs, load_vocabulary(), jobs=2, chunksize=2))
except KGError as exc:
    print(exc)
    sys.exit(3)
print("no error")
"""


def test_a_killed_worker_fails_the_build_instead_of_hanging(tmp_path: Path) -> None:
    """Regression: with multiprocessing.Pool.imap a worker that died left the build waiting forever."""
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-c", _DYING_WORKER], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path, check=False)
    assert proc.returncode == 3, proc.stdout + proc.stderr
    assert proc.stdout.strip() == "an extraction worker process died (out of memory, or killed?); try fewer --jobs"
