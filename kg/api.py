"""The public Python API in a few calls: read, extract, build a graph, export it.

>>> import kg
>>> graph = kg.build_graph(["seeds"])
>>> len(graph.documents)
3
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kg.graph import KnowledgeGraph
from kg.model import Document, DocumentExtraction

__all__ = ["build_graph", "extract_text", "graph_from_texts"]


def extract_text(text: str, *, doc_id: str = "text", kind: str = "unknown") -> DocumentExtraction:
    """Entities and statements of one piece of text.

    >>> ex = extract_text("Daratumumab, an anti-CD38 antibody, might deplete long-lived plasma cells.")
    >>> sorted({m.id for m in ex.mentions})
    ['CL:0000974', 'HGNC:1667', 'drugbank:DB09331']
    >>> [(s.subject, s.predicate.value, s.object, s.certainty.value) for s in ex.statements]
    [('drugbank:DB09331', 'depletes', 'CL:0000974', 'hypothesised'), ('drugbank:DB09331', 'targets', 'HGNC:1667', 'asserted')]
    """
    from kg.pipeline import extract_document

    return extract_document(Document(id=doc_id, text=text, kind=kind))


def graph_from_texts(texts: Sequence[str], *, kind: str = "unknown") -> KnowledgeGraph:
    """Assemble a graph from plain strings (ids ``text-1``, ``text-2``, ...).

    >>> g = graph_from_texts(["Rituximab depletes B cells.", "Rituximab failed in ME/CFS."])
    >>> [(s.predicate.value, s.polarity.value) for s in g.statements]
    [('depletes', 'positive'), ('treats', 'negated')]
    """
    from kg.pipeline import extract, graph_from_extractions

    docs = [Document(id=f"text-{i}", text=t, kind=kind) for i, t in enumerate(texts, 1)]
    return graph_from_extractions(extract(docs))


def build_graph(paths: Sequence[str | Path], *, vocab_dirs: Sequence[str | Path] = ()) -> KnowledgeGraph:
    """Read files or folders (txt, md, JSON Lines, PubTator, BioC XML) into one graph.

    Nothing is written; pass the graph to a ``write_*`` exporter or :func:`kg.write_all`.

    >>> g = build_graph(["seeds"])
    >>> sorted(g.counts()["entities"])
    ['antigen', 'cell_type', 'disease', 'drug']
    """
    from kg.corpus import read_documents
    from kg.pipeline import extract, graph_from_extractions
    from kg.vocabulary import load_vocabulary

    vocab = load_vocabulary(vocab_dirs)
    return graph_from_extractions(extract(read_documents(paths), vocab))
