"""Execution engines for extraction: one process, a local process pool, or a Dask cluster.

Extraction is a pure function of (document, vocabulary, rules), so any engine gives
the same per-document results, and assembly (:meth:`KnowledgeGraph.merge`) is an
associative, commutative merge, so the exported bytes do not depend on the engine,
the number of workers or the order of the documents.

Per-document results are cached on disk by content hash + extractor fingerprint
(vocabulary, rules and extraction code), so a rebuild after adding one document
extracts only that document.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from kg.fsio import write_bytes
from kg.graph import KnowledgeGraph
from kg.model import Document, DocumentExtraction

__all__ = [
    "ExtractionCache",
    "list_input_files",
    "run_dask_files",
    "default_cache_dir",
    "extractor_fingerprint",
    "run_dask",
    "run_local",
]

_CACHE_FORMAT = "1"


def default_cache_dir() -> Path:
    """``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/cartograph``, else ``~/.cache/cartograph``."""
    env = os.environ.get("KG_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cartograph"


@functools.cache
def _code_fingerprint() -> str:
    """Hash of the extraction code and the shipped rule/vocabulary data."""
    h = hashlib.sha256()
    pkg = resources.files("kg")
    # every module of the package: extraction depends on text, vocabulary, model, ...
    for folder in (pkg, pkg.joinpath("extract")):
        for entry in sorted(folder.iterdir(), key=lambda p: p.name):
            if entry.name.endswith(".py"):
                h.update(entry.name.encode())
                h.update(entry.read_bytes())
    data = resources.files("kg.data")
    for entry in sorted(data.iterdir(), key=lambda p: p.name):
        if entry.name.endswith((".tsv", ".json", ".yaml")):
            h.update(entry.name.encode())
            h.update(entry.read_bytes())
    return h.hexdigest()


def extractor_fingerprint(vocabulary: Any) -> str:
    """What a cached extraction depends on besides the document itself."""
    vocab_version = str(getattr(vocabulary, "version", ""))
    return hashlib.sha256(
        f"{_CACHE_FORMAT}|{_code_fingerprint()}|{vocab_version}".encode()
    ).hexdigest()


def _document_key(doc: Document, fingerprint: str) -> str:
    h = hashlib.sha256()
    for part in (fingerprint, doc.id, doc.kind, doc.title, doc.source, doc.date, doc.text):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()


@dataclass
class ExtractionCache:
    """A folder of pickled :class:`DocumentExtraction` keyed by document content hash."""

    folder: Path
    fingerprint: str
    hits: int = field(default=0, init=False)
    misses: int = field(default=0, init=False)

    def _path(self, doc: Document) -> Path:
        key = _document_key(doc, self.fingerprint)
        return self.folder / "extractions" / key[:2] / f"{key}.pickle"

    def get(self, doc: Document) -> DocumentExtraction | None:
        path = self._path(doc)
        try:
            data = path.read_bytes()
        except OSError:
            self.misses += 1
            return None
        try:
            ex = pickle.loads(data)  # noqa: S301 - our own cache folder
        except Exception:  # noqa: BLE001 - a corrupt entry is a miss
            self.misses += 1
            return None
        if not isinstance(ex, DocumentExtraction) or ex.document != doc:
            self.misses += 1
            return None
        self.hits += 1
        return ex

    def put(self, ex: DocumentExtraction) -> None:
        write_bytes(self._path(ex.document), pickle.dumps(ex, protocol=pickle.HIGHEST_PROTOCOL))


# -- local engine -----------------------------------------------------------------------

_WORKER_VOCAB: Any = None
_WORKER_CACHE: ExtractionCache | None = None


def _init_worker(vocab_dirs: Sequence[str], cache: ExtractionCache | None) -> None:
    global _WORKER_VOCAB, _WORKER_CACHE
    import signal

    from kg.vocab_sources import load_vocabulary_cached

    # the parent owns interruption: a forked worker must not inherit the CLI's SIGTERM
    # handler (the pool terminates workers with SIGTERM) nor react to Ctrl-C itself
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    _WORKER_VOCAB = load_vocabulary_cached(list(vocab_dirs))  # forked: the parent's copy
    _WORKER_CACHE = cache


def _extract_in_worker(doc: Document) -> tuple[DocumentExtraction, bool]:
    """Extract one document in a worker, through the cache; (result, was it cached)."""
    from kg.pipeline import extract_document

    hit = _WORKER_CACHE.get(doc) if _WORKER_CACHE is not None else None
    if hit is not None:
        return hit, True
    ex = extract_document(doc, _WORKER_VOCAB)
    if _WORKER_CACHE is not None:
        _WORKER_CACHE.put(ex)
    return ex, False


def run_local(
    documents: Iterable[Document],
    vocabulary: Any,
    *,
    vocab_dirs: Sequence[str | Path] = (),
    jobs: int = 1,
    cache: ExtractionCache | None = None,
    chunksize: int = 8,
) -> Iterator[DocumentExtraction]:
    """Extract documents with ``jobs`` processes (1 = in this process), using ``cache``.

    Streams: documents are read lazily and results come back in input order, so memory
    stays bounded by the pool's window, not the corpus. Cached documents are not
    re-extracted (workers consult the cache themselves); ``cache.hits``/``misses`` count.
    """
    from kg.pipeline import extract_document

    if jobs <= 1:
        for doc in documents:
            hit = cache.get(doc) if cache is not None else None
            if hit is None:
                hit = extract_document(doc, vocabulary)
                if cache is not None:
                    cache.put(hit)
            yield hit
        return

    import multiprocessing as mp
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    from itertools import islice

    from kg.errors import KGError

    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    worker_cache = (
        ExtractionCache(cache.folder, cache.fingerprint) if cache is not None else None
    )
    # A bounded window of chunks in flight (documents are read lazily, results come back
    # in input order). Unlike multiprocessing.Pool, whose imap waits forever when a worker
    # dies, the executor reports a worker killed (out of memory, a signal) as broken.
    docs = iter(documents)
    chunks = iter(lambda: list(islice(docs, chunksize)), [])
    pool = ProcessPoolExecutor(
        max_workers=jobs, mp_context=ctx, initializer=_init_worker,
        initargs=([str(d) for d in vocab_dirs], worker_cache),
    )
    pending: deque[Future[list[tuple[DocumentExtraction, bool]]]] = deque()
    finished = False
    try:
        for chunk in islice(chunks, 4 * jobs):
            pending.append(pool.submit(_extract_chunk, chunk))
        while pending:
            results = pending.popleft().result()
            chunk = next(chunks, [])
            if chunk:
                pending.append(pool.submit(_extract_chunk, chunk))
            for ex, was_cached in results:
                if cache is not None:
                    if was_cached:
                        cache.hits += 1
                    else:
                        cache.misses += 1
                yield ex
        finished = True
    except BrokenProcessPool as exc:  # from result() or from a submit() after the death
        raise KGError("an extraction worker process died (out of memory, or killed?); try fewer --jobs") from exc
    finally:
        if not finished:  # interrupted, failed or abandoned: stop the workers now, not after their chunk
            for future in pending:
                future.cancel()
            for proc in _workers(pool):
                if proc.is_alive():
                    proc.terminate()
        pool.shutdown(wait=True, cancel_futures=True)


def _extract_chunk(docs: list[Document]) -> list[tuple[DocumentExtraction, bool]]:
    return [_extract_in_worker(doc) for doc in docs]


def _workers(pool: Any) -> list[Any]:
    """The executor's worker processes (``_processes`` is its only handle on them)."""
    return list((getattr(pool, "_processes", None) or {}).values())


# -- Dask engine ------------------------------------------------------------------------


def _partition_graph(docs: Iterable[Document], vocab_dirs: Sequence[str]) -> KnowledgeGraph:
    """Extract a partition in a worker and assemble its partial graph."""
    from kg.pipeline import extract, graph_from_extractions
    from kg.vocab_sources import load_vocabulary_cached

    return graph_from_extractions(extract(docs, load_vocabulary_cached(list(vocab_dirs))))


def _files_graph(
    files: list[tuple[str, str]], vocab_dirs: Sequence[str], keep_going: bool,
    limits: dict[str, int] | None = None,
) -> tuple[KnowledgeGraph, list[str]]:
    """Read and extract a partition of (file, document id) pairs inside a worker."""
    from kg.corpus import read_input_files
    from kg.errors import KGError

    errors: list[KGError] = []
    docs = read_input_files(files, keep_going=keep_going, errors=errors, **(limits or {}))
    return _partition_graph(docs, vocab_dirs), [str(e) for e in errors]


def list_input_files(paths: Sequence[str | Path]) -> list[tuple[str, str]]:
    """(file, document id) pairs ``read_documents`` would read for ``paths``."""
    from kg.corpus import iter_input_files

    return [(str(p), doc_id) for p, doc_id in iter_input_files(paths)]


def run_dask_files(
    paths: Sequence[str | Path],
    *,
    vocab_dirs: Sequence[str | Path] = (),
    scheduler: str | None = None,
    npartitions: int | None = None,
    keep_going: bool = False,
    limits: dict[str, int] | None = None,
) -> tuple[KnowledgeGraph, list[str]]:
    """Extract on a Dask cluster with *files* as the unit of work: only file names travel
    from the client; each worker reads its own files, extracts and returns a partial graph,
    and the partial graphs are merged by a tree reduction (associative merge).

    :returns: the merged graph and the messages of skipped documents (``keep_going``).
    """
    try:
        import dask.bag as db
    except ImportError as exc:  # pragma: no cover - depends on the environment
        from kg.errors import UsageError

        raise UsageError("the dask engine needs `pip install cartograph[dask]`") from exc

    files = list_input_files(paths)
    if not files:
        from kg.errors import InputError

        raise InputError("no readable documents in " + ", ".join(str(p) for p in paths))
    dirs = [str(d) for d in vocab_dirs]
    parts = npartitions or max(1, min(len(files), 256))
    bag = db.from_sequence(files, npartitions=parts)
    partials = bag.map_partitions(
        lambda part: [_files_graph(list(part), dirs, keep_going, limits)]
    )

    def combine(a: tuple[KnowledgeGraph, list[str]], b: tuple[KnowledgeGraph, list[str]]) -> tuple[KnowledgeGraph, list[str]]:
        return a[0].merge(b[0]), a[1] + b[1]

    merged = partials.fold(combine, combine, initial=(KnowledgeGraph(), []))
    if scheduler:
        from distributed import Client

        with Client(scheduler) as client:
            result = client.compute(merged).result()
    else:
        result = merged.compute(scheduler="processes" if len(files) > 1 else "sync")
    graph, errors = result
    return graph, sorted(errors)


def run_dask(
    documents: Iterable[Document],
    *,
    vocab_dirs: Sequence[str | Path] = (),
    scheduler: str | None = None,
    npartitions: int | None = None,
) -> KnowledgeGraph:
    """Extract as a Dask bag over document partitions; merge the partial graphs.

    ``scheduler`` is a ``distributed`` scheduler address (``tcp://host:8786``); ``None``
    uses Dask's local scheduler. Needs the ``dask`` extra.
    """
    try:
        import dask.bag as db
    except ImportError as exc:  # pragma: no cover - depends on the environment
        from kg.errors import UsageError

        raise UsageError("the dask engine needs `pip install cartograph[dask]`") from exc

    docs = list(documents)
    dirs = [str(d) for d in vocab_dirs]
    parts = npartitions or max(1, min(len(docs), 64))
    bag = db.from_sequence(docs, npartitions=parts)
    partials = bag.map_partitions(lambda part: [_partition_graph(list(part), dirs)])
    merged = partials.fold(
        lambda acc, g: acc.merge(g), lambda a, b: a.merge(b), initial=KnowledgeGraph()
    )
    if scheduler:
        from distributed import Client

        with Client(scheduler) as client:
            result = client.compute(merged).result()
    else:
        result = merged.compute(scheduler="processes" if len(docs) > 1 else "sync")
    assert isinstance(result, KnowledgeGraph)
    return result
