"""Extraction throughput and the per-stage split, in this process (single core).

End-to-end means what ``kg extract --format jsonl`` does per document: read, sentences,
abbreviations, entities, relations with their context, and the JSON line out. The
stage-by-stage run calls the same functions as :func:`kg.pipeline.extract_document`,
each under its own clock, then assembles the graph and times every exporter on it.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from kg.model import Document, DocumentExtraction, json_line

__all__ = ["STAGES", "StageTimes", "end_to_end", "measure_corpus", "profile_extraction", "run_corpus", "staged_extraction", "time_exporters"]

T = TypeVar("T")
STAGES = ("read", "sentences", "abbreviations", "entities", "relations", "context", "json", "assembly")


@dataclass
class StageTimes:
    """Seconds per stage, with the amount of text and documents that went through."""

    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))
    documents: int = 0
    text_bytes: int = 0
    mentions: int = 0
    statements: int = 0
    context_timed: bool = True  # False: a compiled build, context time counted in "relations"

    @property
    def total(self) -> float:
        return sum(self.seconds.values())

    def to_json(self) -> dict[str, Any]:
        total = self.total
        return {
            "documents": self.documents,
            "text_bytes": self.text_bytes,
            "mentions": self.mentions,
            "statements": self.statements,
            "seconds": {k: round(v, 4) for k, v in self.seconds.items()},
            "share": {k: round(v / total, 4) if total else 0.0 for k, v in self.seconds.items()},
            "total_seconds": round(total, 4),
            "mb_per_s": round(self.text_bytes / 1e6 / total, 3) if total else None,
            "context_timed_separately": self.context_timed,
        }


def _timed(it: Iterable[T], acc: dict[str, float], key: str) -> Iterator[T]:
    """Yield from ``it``, adding the time spent producing each item to ``acc[key]``."""
    clock = time.perf_counter
    iterator = iter(it)
    while True:
        t0 = clock()
        try:
            item = next(iterator)
        except StopIteration:
            acc[key] += clock() - t0
            return
        acc[key] += clock() - t0
        yield item


def end_to_end(paths: list[Path], vocabulary: Any = None) -> dict[str, Any]:
    """Read ``paths`` and extract every document to a JSON line (discarded), one process."""
    from kg.corpus import read_documents
    from kg.pipeline import extract_document
    from kg.vocabulary import load_vocabulary

    vocab = vocabulary if vocabulary is not None else load_vocabulary()
    n = nbytes = out_bytes = 0
    t0 = time.perf_counter()
    for doc in read_documents(paths):
        ex = extract_document(doc, vocab)
        out_bytes += len(json_line(ex.to_json()))
        n += 1
        nbytes += len(doc.text.encode("utf-8"))
    secs = time.perf_counter() - t0
    return {
        "documents": n,
        "text_bytes": nbytes,
        "json_chars": out_bytes,
        "seconds": round(secs, 4),
        "mb_per_s": round(nbytes / 1e6 / secs, 3),
        "docs_per_s": round(n / secs, 1),
        "seconds_per_mb": round(secs / (nbytes / 1e6), 4),
    }


def staged_extraction(
    documents: Iterable[Document], vocabulary: Any = None, *, keep: bool = True
) -> tuple[StageTimes, list[DocumentExtraction], Any]:
    """Extract stage by stage; return the times, the extractions (if ``keep``) and the graph."""
    from kg.extract.entities import find_mentions
    from kg.extract.relations import extract_statements
    from kg.graph import DocumentInfo, KnowledgeGraph
    from kg.text import find_abbreviations, split_sentences
    from kg.vocabulary import load_vocabulary

    vocab = vocabulary if vocabulary is not None else load_vocabulary()
    st = StageTimes()
    sec = st.seconds
    clock = time.perf_counter
    graph = KnowledgeGraph()
    kept: list[DocumentExtraction] = []
    context_clock = _ContextClock()
    for doc in _timed(documents, sec, "read"):
        text = doc.text
        t0 = clock()
        sentences = split_sentences(text)
        t1 = clock()
        abbreviations = find_abbreviations(text)
        t2 = clock()
        mentions, entities = find_mentions(text, vocab, sentences=sentences, abbreviations=abbreviations)
        t3 = clock()
        context_before = context_clock.seconds
        statements = extract_statements(doc, sentences, mentions, entities)
        t4 = clock()
        in_context = context_clock.seconds - context_before
        ex = DocumentExtraction(
            document=doc, mentions=tuple(mentions), statements=tuple(statements), entities=tuple(entities)
        )
        json_line(ex.to_json())  # what `kg extract` prints per document
        t5 = clock()
        graph.add_document(DocumentInfo.from_document(doc))
        for ent in ex.entities:
            graph.add_entity(ent)
        for s in ex.statements:
            graph.add_statement(s)
        t6 = clock()
        sec["sentences"] += t1 - t0
        sec["abbreviations"] += t2 - t1
        sec["entities"] += t3 - t2
        sec["relations"] += t4 - t3 - in_context
        sec["context"] += in_context
        sec["json"] += t5 - t4
        sec["assembly"] += t6 - t5
        st.documents += 1
        st.text_bytes += len(text.encode("utf-8"))
        st.mentions += len(mentions)
        st.statements += len(statements)
        if keep:
            kept.append(ex)
    context_clock.restore()
    st.context_timed = context_clock.active
    return st, kept, graph


class _ContextClock:
    """Times the context assessment (polarity, certainty) inside the relation rules.

    It wraps ``kg.extract.relations._context`` for the run. A mypyc-compiled module calls
    its own functions directly, so there the wrapper is never reached: ``active`` is then
    False and the context time stays inside "relations".
    """

    def __init__(self) -> None:
        from benchmarks.compiled import is_compiled
        from kg.extract import relations

        self.seconds = 0.0
        self.active = not is_compiled()
        self._module = relations
        self._original = relations._context
        if not self.active:
            return
        clock = time.perf_counter
        original = self._original

        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = clock()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds += clock() - t0

        relations._context = timed  # type: ignore[assignment]

    def restore(self) -> None:
        self._module._context = self._original  # type: ignore[assignment]


def time_exporters(graph: Any, formats: Iterable[str] | None = None, out_dir: Path | None = None) -> dict[str, Any]:
    """Seconds (and output bytes) of each registered exporter on ``graph``."""
    from kg.export import EXPORTERS, get_writer

    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="kg-bench-export-", dir=out_dir) as tmp:
        for fmt in formats or list(EXPORTERS):
            rel, _ = EXPORTERS[fmt]
            path = Path(tmp) / rel
            try:
                writer = get_writer(fmt)
            except (ImportError, AttributeError) as exc:
                results[fmt] = {"error": f"not available: {exc}"}
                continue
            t0 = time.perf_counter()
            try:
                writer(graph, path)
            except Exception as exc:  # noqa: BLE001 - a benchmark reports, it does not stop
                results[fmt] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
                continue
            secs = time.perf_counter() - t0
            results[fmt] = {"seconds": round(secs, 4), "bytes": _size(path)}
    return results


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size if path.exists() else 0


def _load_rules() -> None:
    """Load and compile the relation and context rules: once per process, like the vocabulary,
    so setup time (not extraction time) in the figures."""
    from kg.extract.context import get_rules
    from kg.extract.sentence_rules import get_relation_rules

    get_relation_rules()
    get_rules()


def measure_corpus(path: Path, *, exporters: bool = True) -> dict[str, Any]:
    """Stage split, end-to-end rate, exporters on the real graph, peak RSS: one corpus file.

    Meant to run in a child process per corpus size (see :func:`run_corpus`), so that
    ``ru_maxrss`` is the peak of this size alone.
    """
    from benchmarks import peak_rss_mb
    from kg.corpus import read_documents
    from kg.vocabulary import load_vocabulary

    t0 = time.perf_counter()
    vocab = load_vocabulary()
    vocab.automaton()
    _load_rules()
    setup = time.perf_counter() - t0
    st, _, graph = staged_extraction(read_documents([path]), vocab, keep=False)
    extraction = sum(v for k, v in st.seconds.items() if k != "assembly")
    from benchmarks.compiled import is_compiled

    out: dict[str, Any] = {
        "corpus": str(path),
        "build": "compiled (mypyc)" if is_compiled() else "pure Python",
        "setup_seconds": round(setup, 3),
        "stages": st.to_json(),
        "end_to_end": {
            "seconds": round(extraction, 3),
            "mb_per_s": round(st.text_bytes / 1e6 / extraction, 3),
            "docs_per_s": round(st.documents / extraction, 1),
            "seconds_per_mb": round(extraction / (st.text_bytes / 1e6), 4),
        },
        "graph": {"entities": len(graph.entities), "statements": len(graph),
                  "evidence": sum(len(s.evidence) for s in graph.statements),
                  "documents": len(graph.documents)},
    }
    out["rss_after_extraction_mb"] = peak_rss_mb()
    if exporters:
        out["exporters"] = time_exporters(graph)
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def profile_extraction(path: Path, top: int = 15) -> dict[str, Any]:
    """cProfile of the end-to-end extraction of ``path``: the ``top`` functions by own time."""
    import cProfile
    import pstats

    from kg.corpus import read_documents
    from kg.pipeline import extract_document
    from kg.vocabulary import load_vocabulary

    vocab = load_vocabulary()
    vocab.automaton()
    _load_rules()
    prof = cProfile.Profile()
    prof.enable()
    for doc in read_documents([path]):
        json.dumps(extract_document(doc, vocab).to_json(), ensure_ascii=False)
    prof.disable()
    stats = pstats.Stats(prof)
    total = stats.total_tt  # type: ignore[attr-defined]
    rows = []
    for (file, line, func), (_, ncalls, tottime, cumtime, _) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append({"function": f"{_short(file)}:{line}({func})", "calls": ncalls,
                     "own_seconds": round(tottime, 3), "cumulative_seconds": round(cumtime, 3),
                     "own_share": round(tottime / total, 4) if total else 0.0})
    rows.sort(key=lambda r: -r["own_seconds"])
    return {"corpus": str(path), "profiled_seconds": round(total, 3), "top_own_time": rows[:top]}


def _short(file: str) -> str:
    marker = "/kg/"
    return "kg/" + file.split(marker, 1)[1] if marker in file else Path(file).name


def run_corpus(
    path: Path, *, exporters: bool = True, profile: bool = False, timeout: float = 3600.0,
    site: Path | None = None,
) -> dict[str, Any]:
    """:func:`measure_corpus` in a child process (``python -m benchmarks.extraction``).

    :param site: a folder holding another build of ``kg`` (the compiled wheel unpacked by
        :func:`benchmarks.compiled.compiled_site`): the child imports ``kg`` from there.
    """
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    first = [str(site)] if site is not None else []
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [*first, str(root), os.environ.get("PYTHONPATH")]))}
    cmd = [sys.executable, "-m", "benchmarks.extraction", str(path)] + ([] if exporters else ["--no-exporters"])
    cmd += ["--profile"] if profile else []
    # run from outside the repository when importing another build (the cwd comes first on sys.path)
    cwd = site.parent if site is not None else root
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"corpus": str(path), "error": f"timeout after {timeout:.0f} s"}
    if proc.returncode:
        return {"corpus": str(path), "error": (proc.stderr.strip().splitlines() or ["?"])[-1][:400]}
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


if __name__ == "__main__":
    import sys

    if "--profile" in sys.argv[2:]:
        print(json.dumps(profile_extraction(Path(sys.argv[1]))))
    else:
        print(json.dumps(measure_corpus(Path(sys.argv[1]), exporters="--no-exporters" not in sys.argv[2:])))
