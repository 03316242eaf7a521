"""GraphML export (``graph.graphml``) for Gephi, Cytoscape and yEd, written by networkx.

One node per entity (attributes ``label``, ``type``, ``iri``, ``synonyms``, ``xrefs``) and
one edge per statement, keyed by the statement id (attributes ``label``, ``predicate``,
``polarity``, ``certainty``, ``negated``, ``fact``, ``support``, ``belief``,
``contested``, ``evidence``, ``documents``). GraphML has no lists: list values are
joined with `` | ``. Characters XML 1.0 cannot carry (most C0 controls) become U+FFFD;
carriage returns are written as ``&#13;`` so they survive XML line-end normalisation.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import networkx as nx

from kg.export._common import export_entities
from kg.fsio import write_bytes
from kg.graph import KnowledgeGraph
from kg.identifiers import curie_to_iri
from kg.model import Polarity

__all__ = ["LIST_SEPARATOR", "to_graphml_bytes", "to_graphml_graph", "write_graphml"]

LIST_SEPARATOR = " | "
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


def _join(values: Any) -> str:
    return LIST_SEPARATOR.join(_text(v) for v in values)


def to_graphml_graph(graph: KnowledgeGraph) -> nx.MultiDiGraph:
    """A MultiDiGraph with only string/number/bool attributes, ready for GraphML."""
    g = nx.MultiDiGraph()
    for ent in export_entities(graph):
        try:
            iri = curie_to_iri(ent.id)
        except ValueError:
            iri = ""
        g.add_node(
            ent.id,
            label=_text(ent.label or ent.id),
            type=ent.type.value,
            iri=iri,
            synonyms=_join(ent.synonyms),
            xrefs=_join(ent.xrefs),
        )
    for st in graph.statements:
        g.add_edge(
            st.subject,
            st.object,
            key=st.id,
            label=st.predicate.value if st.polarity is Polarity.POSITIVE else f"not {st.predicate.value}",
            predicate=st.predicate.value,
            polarity=st.polarity.value,
            certainty=st.certainty.value,
            negated=st.polarity is Polarity.NEGATED,
            fact=st.is_fact,
            support=graph.support(st),
            belief=graph.belief(st),
            contested=graph.is_contested(st),
            evidence=_join(ev.text for ev in st.evidence),
            documents=_join(sorted({ev.document for ev in st.evidence})),
        )
    return g


def to_graphml_bytes(graph: KnowledgeGraph) -> bytes:
    """The GraphML document (UTF-8) of the graph."""
    buf = io.BytesIO()
    # the ElementTree writer (not lxml's, not generate_graphml's line splitting) keeps text as is
    writer = nx.readwrite.graphml.GraphMLWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph_element(to_graphml_graph(graph))
    writer.dump(buf)
    # XML parsers turn a raw CR into LF; a character reference keeps it.
    return buf.getvalue().replace(b"\r", b"&#13;")


def write_graphml(graph: KnowledgeGraph, path: Path) -> None:
    """Write ``graph.graphml`` atomically."""
    write_bytes(path, to_graphml_bytes(graph))
