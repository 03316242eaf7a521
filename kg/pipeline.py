"""The pipeline: documents -> per-document extraction -> assembled graph -> exports.

:func:`extract_document` is a pure function of (document, vocabulary, rules), so it runs
per document in any order or process; :func:`assemble` is an associative merge.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from kg.graph import DocumentInfo, KnowledgeGraph, intern_kind
from kg.model import Document, DocumentExtraction

__all__ = ["assemble", "build", "extract", "extract_document", "graph_from_extractions"]


_STAGES: tuple[Any, ...] = ()


def _load_stages() -> tuple[Any, ...]:
    """The functions :func:`extract_document` calls, imported once (kept lazy: ``import kg``
    stays light)."""
    global _STAGES
    from kg.extract.entities import find_mentions
    from kg.extract.relations import extract_statements
    from kg.text import find_abbreviations, split_sentences
    from kg.vocabulary import Vocabulary, load_vocabulary

    _STAGES = (split_sentences, find_abbreviations, find_mentions, extract_statements, Vocabulary, load_vocabulary)
    return _STAGES


def extract_document(doc: Document, vocabulary: object | None = None) -> DocumentExtraction:
    """Entities and statements of one document.

    ``vocabulary`` is a :class:`kg.vocabulary.Vocabulary` (the shipped one when ``None``).
    """
    # the stage functions, imported on the first call only (four imports per document
    # cost ~6 us, ~3% of the extraction of an abstract)
    split_sentences, find_abbreviations, find_mentions, extract_statements, Vocabulary, load_vocabulary = (
        _STAGES or _load_stages()
    )
    vocab = vocabulary if isinstance(vocabulary, Vocabulary) else load_vocabulary()
    sentences = split_sentences(doc.text)
    abbreviations = find_abbreviations(doc.text)
    mentions, entities = find_mentions(doc.text, vocab, sentences=sentences, abbreviations=abbreviations)
    statements = extract_statements(doc, sentences, mentions, entities)
    return DocumentExtraction(
        document=doc, mentions=tuple(mentions), statements=tuple(statements), entities=tuple(entities)
    )


def extract(documents: Iterable[Document], vocabulary: object | None = None) -> Iterator[DocumentExtraction]:
    """Extract every document, streaming."""
    from kg.vocabulary import load_vocabulary

    vocab = vocabulary if vocabulary is not None else load_vocabulary()
    for doc in documents:
        yield extract_document(doc, vocab)


def graph_from_extractions(extractions: Iterable[DocumentExtraction]) -> KnowledgeGraph:
    """Assemble one graph: entities merged by id, statements merged with evidence unioned."""
    graph = KnowledgeGraph()
    for ex in extractions:
        doc = ex.document
        # the graph keeps the metadata only (never the text); one shared string per kind
        graph.add_document(
            DocumentInfo(id=doc.id, title=doc.title, kind=intern_kind(doc.kind), source=doc.source, date=doc.date)
        )
        for ent in ex.entities:
            graph.add_entity(ent)
        for st in ex.statements:
            graph.add_statement(st)
    return graph


def assemble(extractions: Iterable[DocumentExtraction]) -> KnowledgeGraph:
    """Alias of :func:`graph_from_extractions` (the name DESIGN.md uses)."""
    return graph_from_extractions(extractions)


def _reader_limits(limits: dict[str, int] | None) -> dict[str, Any]:
    allowed = {"max_document_bytes", "max_total_bytes"}
    unknown = set(limits or {}) - allowed
    if unknown:
        raise ValueError(f"unknown reader limits: {sorted(unknown)}")
    return dict(limits or {})


def _counted(
    extractions: Iterable[DocumentExtraction], progress: Callable[[str, int | str], None] | None
) -> Iterator[DocumentExtraction]:
    for n, ex in enumerate(extractions, 1):
        if progress is not None:
            progress("extracted", n)
        yield ex


def build(
    paths: Sequence[str | Path],
    out_dir: str | Path,
    *,
    vocab_dirs: Sequence[str | Path] = (),
    formats: list[str] | None = None,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    cache_dir: str | Path | None = None,
    keep_going: bool = False,
    errors: list[Any] | None = None,
    warnings: list[Any] | None = None,
    focus: str | None = None,
    hops: int = 1,
    limits: dict[str, int] | None = None,
    progress: Callable[[str, int | str], None] | None = None,
) -> tuple[KnowledgeGraph, list[Path]]:
    """Read ``paths``, extract, assemble and write every export into ``out_dir`` atomically.

    :param jobs: worker processes for the local engine (1 = this process).
    :param engine: ``"local"`` or ``"dask"`` (then ``scheduler`` may name a cluster).
    :param cache_dir: per-document extraction cache folder; ``None`` disables caching.
    :param keep_going: skip unreadable documents (recorded in ``errors``) instead of failing.
    :param warnings: receives :class:`kg.corpus.InputWarning` (e.g. input decoded as Windows-1252).
    :param focus: also write ``graph-focus.html``, the ``hops``-neighbourhood of this
        entity (id, label or synonym); an unknown entity fails the build before any output.
    :param limits: ``max_document_bytes`` / ``max_total_bytes`` for the readers
        (:func:`kg.corpus.read_documents`); on the Dask engine they apply per worker.
    :param progress: called as ``progress("extracted", n)`` after each document and
        ``progress("writing", format)`` before each export (the CLI draws it on a terminal).
    :returns: the graph and the paths written. Nothing is written if anything fails.
    """
    from kg.corpus import read_documents
    from kg.engine import ExtractionCache, extractor_fingerprint, run_dask_files, run_local
    from kg.errors import InputError, UsageError
    from kg.export import write_all
    from kg.fsio import atomic_directory
    from kg.vocab_sources import load_vocabulary_cached

    vocab = load_vocabulary_cached(vocab_dirs)  # compiled once on disk; forked workers share it
    errs: list[Any] = errors if errors is not None else []
    reader_limits = _reader_limits(limits)
    if engine == "dask":
        # workers read their own files: only file names travel from this process
        graph, messages = run_dask_files(
            paths, vocab_dirs=vocab_dirs, scheduler=scheduler, keep_going=keep_going,
            limits=reader_limits,
        )
        errs.extend(InputError(m) for m in messages)
    elif engine == "local":
        cache = (
            ExtractionCache(Path(cache_dir), extractor_fingerprint(vocab))
            if cache_dir is not None
            else None
        )
        documents = read_documents(
            paths, keep_going=keep_going, errors=errs, warnings=warnings, **reader_limits
        )
        extractions = run_local(documents, vocab, vocab_dirs=vocab_dirs, jobs=jobs, cache=cache)
        graph = graph_from_extractions(_counted(extractions, progress))
    else:
        raise UsageError(f"unknown engine {engine!r} (choose local or dask)")
    if not graph.document_count():
        raise InputError("no readable documents in " + ", ".join(str(p) for p in paths))
    out = Path(out_dir)
    if focus is not None:
        from kg.export.html import resolve_entity, write_focus_html

        resolve_entity(graph, focus)  # fail early, before any output
    with atomic_directory(out) as tmp:
        written = write_all(graph, tmp, formats, progress=progress)
        if focus is not None:
            written.append(write_focus_html(graph, focus, hops, tmp / "graph-focus.html"))
    return graph, [out / p.relative_to(tmp) for p in written]
