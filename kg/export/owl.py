"""OWL export (``graph.owl``, RDF/XML, OWL 2 DL) for Protégé and reasoners.

What becomes a logical axiom, and what stays an annotation:

* entities are ``owl:NamedIndividual`` typed by ``cg:Drug`` / ``cg:Disease`` / ...;
* asserted, positive statements are object property assertions
  (``rituximab cg:depletes B-cell``) with axiom annotations: polarity, certainty,
  support, belief, the evidence individuals and their sentences;
* asserted, negated statements are ``owl:NegativePropertyAssertion`` axioms;
* hypothesised and investigational statements (and an asserted claim that is also
  asserted as denied, which would make the ontology inconsistent) are *annotations
  only*: a ``cg:Statement`` individual with ``cg:subject``/``cg:predicate``/``cg:object``
  annotations, so a reasoner never takes them as facts.

Every statement (fact or not) also has its ``cg:Statement`` individual, so Protégé
users find all claims under one class. ``rdf:subject`` is reserved vocabulary in OWL 2
DL, hence the ``cg:subject`` counterparts.

The RDF/XML is written by hand, sorted, so two writes are byte-identical. XML 1.0
cannot carry most control characters: they (and lone surrogates) become U+FFFD;
carriage returns are written as ``&#13;`` so they survive XML line-end normalisation.
"""

from __future__ import annotations

import heapq
import itertools
import operator
import re
from collections.abc import Iterator
from pathlib import Path

from kg.errors import KGError
from kg.export.rdf import (
    CG,
    DCTERMS,
    OBOINOWL,
    OWL,
    PROV,
    RDF,
    RDF_TYPE,
    RDFS,
    SCHEMA_IRI,
    SKOS,
    Block,
    Lit,
    Pairs,
    Term,
    Triple,
    contested_triples,
    dict_blocks,
    document_iri,
    entity_iri,
    evidence_iri,
    extractor_iri,
    group_blocks,
    in_key_order,
    iter_document_triples,
    iter_entity_triples,
    iter_evidence_triples,
    iter_schema_triples,
    iter_statement_annotations,
    statement_iri,
    statement_label,
)
from kg.fsio import atomic_write
from kg.graph import DocumentInfo, KnowledgeGraph
from kg.model import Certainty, Evidence, Polarity, Statement

__all__ = ["GRAPH_ONTOLOGY_IRI", "iter_owl_blocks", "iter_owl_triples", "iter_rdfxml_lines", "to_owl", "write_owl"]

GRAPH_ONTOLOGY_IRI = "https://w3id.org/cartograph/graph"

# XML prefixes for property elements (every property used must live in one of these)
XML_NAMESPACES: dict[str, str] = {
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "skos": SKOS,
    "prov": PROV,
    "dcterms": DCTERMS,
    "oboInOwl": OBOINOWL,
    "cg": CG,
}
NAMED_INDIVIDUAL = OWL + "NamedIndividual"


def _is_bnode(term: Term) -> bool:
    return isinstance(term, str) and term.startswith("_:")


def _axiom_annotations(graph: KnowledgeGraph, st: Statement, contested: bool) -> Iterator[tuple[str, Term]]:
    yield CG + "statement", statement_iri(st)
    yield from iter_statement_annotations(graph, st, contested)
    for ev in st.evidence:
        yield RDFS + "comment", Lit(f"[{ev.document}] {ev.text}")


def _order(s: str) -> tuple[int, str]:
    # the ontology header first (Protégé shows it as the ontology), blank nodes last
    return (0 if s == GRAPH_ONTOLOGY_IRI else 2 if s.startswith("_:") else 1, s)


def iter_owl_blocks(graph: KnowledgeGraph) -> list[Iterator[Block]]:
    """Streams of (subject, pairs) blocks, each sorted by subject (header first, blank
    nodes last), together holding the triples of ``graph.owl``; a subject may be in
    several blocks. Documents, statements, evidence and axioms are generated one
    subject at a time; only the small rest is collected in memory.

    Terms are checked in the order of a plain walk over documents, entities and
    statements, so a bad id fails with the same error whatever the output order.
    """
    small: list[Triple] = [
        (GRAPH_ONTOLOGY_IRI, RDF_TYPE, OWL + "Ontology"),
        (GRAPH_ONTOLOGY_IRI, RDFS + "label", Lit("cartograph knowledge graph")),
        (GRAPH_ONTOLOGY_IRI, RDFS + "comment", Lit(
            "Entities as named individuals; asserted positive claims as object property "
            "assertions (annotated with their evidence); asserted denials as negative property "
            "assertions; hypothesised and investigational claims as cg:Statement annotations only."
        )),
        (GRAPH_ONTOLOGY_IRI, RDFS + "seeAlso", SCHEMA_IRI),
    ]
    small.extend(t for t in iter_schema_triples() if t[0] != SCHEMA_IRI)  # one ontology header per file

    def document_pairs(doc: DocumentInfo) -> Pairs:
        return [(RDF_TYPE, NAMED_INDIVIDUAL), *((p, o) for _, p, o in iter_document_triples(doc))]

    docs = in_key_order(graph.iter_documents, lambda d: document_iri(d.id))
    first = next(docs, None)  # the first pass computes (checks) every document IRI
    documents: Iterator[Block] = (
        (document_iri(d.id), document_pairs(d)) for d in itertools.chain([first] if first else [], docs)
    )
    for ent in graph.entities:
        small.append((entity_iri(ent.id), RDF_TYPE, NAMED_INDIVIDUAL))
        small.extend(iter_entity_triples(ent))

    statements = graph.statements
    contested = contested_triples(graph)
    asserted: dict[tuple[str, str, str], set[Polarity]] = {}
    for st in statements:
        if st.certainty is Certainty.ASSERTED:
            asserted.setdefault(st.triple, set()).add(st.polarity)
    nodes: list[tuple[str, Statement]] = []
    evidence: list[tuple[str, Evidence]] = []
    axioms: list[tuple[str, Statement]] = []
    extractors: dict[str, str] = {}
    for st in statements:
        s_iri, o_iri, p_iri = entity_iri(st.subject), entity_iri(st.object), CG + st.predicate.value
        # an endpoint without an entity record still needs its declaration (OWL 2 DL)
        for end in (st.subject, st.object):
            if graph.get_entity(end) is None:
                small.append((entity_iri(end), RDF_TYPE, NAMED_INDIVIDUAL))
        nodes.append((statement_iri(st), st))
        evidence.extend((evidence_iri(ev), ev) for ev in st.evidence)
        for ev in st.evidence:
            if ev.extractor not in extractors:
                extractors[ev.extractor] = extractor_iri(ev.extractor)
            if graph.document(ev.document) is None:  # else its document block has both
                small.append((document_iri(ev.document), RDF_TYPE, NAMED_INDIVIDUAL))
                small.append((document_iri(ev.document), RDF_TYPE, CG + "Document"))
        if st.certainty is not Certainty.ASSERTED or len(asserted[st.triple]) == 2:
            continue  # annotations only: a hope, a trial, or an asserted contradiction
        if st.polarity is Polarity.POSITIVE:
            small.append((s_iri, p_iri, o_iri))
            axioms.append((f"_:ax-{st.id}", st))
        else:
            axioms.append((f"_:npa-{st.id}", st))
    for name in sorted(extractors):
        iri = extractors[name]
        small.append((iri, RDF_TYPE, NAMED_INDIVIDUAL))
        small.append((iri, RDF_TYPE, PROV + "Activity"))
        small.append((iri, RDFS + "label", Lit(name)))

    def node_pairs(st: Statement) -> Iterator[tuple[str, Term]]:
        yield RDF_TYPE, NAMED_INDIVIDUAL
        yield RDF_TYPE, CG + "Statement"
        yield RDFS + "label", Lit(statement_label(graph, st))
        yield CG + "subject", entity_iri(st.subject)
        yield CG + "predicate", CG + st.predicate.value
        yield CG + "object", entity_iri(st.object)
        yield from iter_statement_annotations(graph, st, st.triple in contested)

    def evidence_pairs(ev: Evidence) -> Pairs:
        return [(RDF_TYPE, NAMED_INDIVIDUAL), *((p, o) for _, p, o in iter_evidence_triples(ev))]

    def axiom_pairs(ax: str, st: Statement) -> Iterator[tuple[str, Term]]:
        s_iri, o_iri, p_iri = entity_iri(st.subject), entity_iri(st.object), CG + st.predicate.value
        if ax.startswith("_:ax-"):
            yield RDF_TYPE, OWL + "Axiom"
            yield OWL + "annotatedSource", s_iri
            yield OWL + "annotatedProperty", p_iri
            yield OWL + "annotatedTarget", o_iri
        else:
            yield RDF_TYPE, OWL + "NegativePropertyAssertion"
            yield OWL + "sourceIndividual", s_iri
            yield OWL + "assertionProperty", p_iri
            yield OWL + "targetIndividual", o_iri
        yield from _axiom_annotations(graph, st, st.triple in contested)

    by_iri = operator.itemgetter(0)
    evidence.sort(key=by_iri)
    return [
        iter(sorted(dict_blocks(small), key=lambda b: _order(b[0]))),
        documents,
        ((iri, node_pairs(st)) for iri, st in sorted(nodes, key=by_iri)),
        ((iri, evidence_pairs(ev)) for iri, ev in evidence),
        ((ax, axiom_pairs(ax, st)) for ax, st in sorted(axioms, key=by_iri)),
    ]


def iter_owl_triples(graph: KnowledgeGraph) -> Iterator[Triple]:
    """Triples of ``graph.owl``; blank nodes are strings starting with ``_:``."""
    for blocks in iter_owl_blocks(graph):
        for s, pairs in blocks:
            for p, o in pairs:
                yield s, p, o


# -- RDF/XML text -------------------------------------------------------------------------

_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NCNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*\Z")


def _xml_text(value: str) -> str:
    value = _XML_BAD.sub("\ufffd", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _xml_attr(value: str) -> str:
    return (
        _xml_text(value)
        .replace('"', "&quot;")
        .replace("\n", "&#10;")
        .replace("\t", "&#9;")
    )


_QNAMES: dict[str, str] = {}


def _qname(iri: str) -> str:
    q = _QNAMES.get(iri)
    if q is None:
        for prefix, ns in sorted(XML_NAMESPACES.items(), key=lambda x: -len(x[1])):
            if iri.startswith(ns) and _NCNAME.match(iri, len(ns)):
                q = f"{prefix}:{iri[len(ns):]}"
                break
        else:
            raise KGError(f"property {iri!r} has no XML qualified name in graph.owl")
        _QNAMES[iri] = q
    return q


def _node_attr(term: str) -> str:
    if term.startswith("_:"):
        return f'rdf:nodeID="{term[2:]}"'
    return f'rdf:about="{_xml_attr(term)}"'


def _property_line(p: str, o: Term) -> str:
    q = _qname(p)
    if isinstance(o, Lit):
        dt = "" if o.datatype is None else f' rdf:datatype="{_xml_attr(o.datatype)}"'
        return f"    <{q}{dt}>{_xml_text(o.value)}</{q}>"
    if o.startswith("_:"):
        return f'    <{q} rdf:nodeID="{o[2:]}"/>'
    return f'    <{q} rdf:resource="{_xml_attr(o)}"/>'


def iter_rdfxml_lines(graph: KnowledgeGraph) -> Iterator[str]:
    """Lines of ``graph.owl``: one ``rdf:Description`` per subject, sorted."""
    streams = iter_owl_blocks(graph)
    yield '<?xml version="1.0" encoding="utf-8"?>'
    yield "<rdf:RDF"
    for prefix, ns in XML_NAMESPACES.items():
        yield f'    xmlns:{prefix}="{ns}"'
    yield ">"
    merged = heapq.merge(*streams, key=lambda b: _order(b[0]))
    for s, parts in group_blocks(merged):
        pos = sorted(
            set(itertools.chain.from_iterable(parts)),
            key=lambda x: (x[0] != RDF_TYPE, x[0], x[1] if isinstance(x[1], str) else "\x00" + x[1].value),
        )
        yield f"  <rdf:Description {_node_attr(s)}>"
        for p, o in pos:
            yield _property_line(p, o)
        yield "  </rdf:Description>"
    yield "</rdf:RDF>"


def to_owl(graph: KnowledgeGraph) -> str:
    """The whole of ``graph.owl`` as text."""
    return "\n".join(iter_rdfxml_lines(graph)) + "\n"


def write_owl(graph: KnowledgeGraph, path: Path) -> None:
    """Write ``graph.owl`` (RDF/XML) atomically."""
    with atomic_write(path, "w") as fh:
        for line in iter_rdfxml_lines(graph):
            fh.write(line + "\n")

