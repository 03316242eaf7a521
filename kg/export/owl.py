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
    Lit,
    Term,
    Triple,
    contested_triples,
    document_iri,
    entity_iri,
    evidence_iri,
    extractor_iri,
    iter_document_triples,
    iter_entity_triples,
    iter_evidence_triples,
    iter_schema_triples,
    iter_statement_annotations,
    statement_iri,
    statement_label,
)
from kg.fsio import atomic_write
from kg.graph import KnowledgeGraph
from kg.model import Certainty, Polarity, Statement

__all__ = ["GRAPH_ONTOLOGY_IRI", "iter_owl_triples", "iter_rdfxml_lines", "to_owl", "write_owl"]

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


def iter_owl_triples(graph: KnowledgeGraph) -> Iterator[Triple]:
    """Triples of ``graph.owl``; blank nodes are strings starting with ``_:``."""
    yield GRAPH_ONTOLOGY_IRI, RDF_TYPE, OWL + "Ontology"
    yield GRAPH_ONTOLOGY_IRI, RDFS + "label", Lit("cartograph knowledge graph")
    yield GRAPH_ONTOLOGY_IRI, RDFS + "comment", Lit(
        "Entities as named individuals; asserted positive claims as object property "
        "assertions (annotated with their evidence); asserted denials as negative property "
        "assertions; hypothesised and investigational claims as cg:Statement annotations only."
    )
    yield GRAPH_ONTOLOGY_IRI, RDFS + "seeAlso", SCHEMA_IRI
    for t in iter_schema_triples():
        if t[0] != SCHEMA_IRI:  # one ontology header per file: the graph's
            yield t

    for doc in graph.documents:
        yield document_iri(doc.id), RDF_TYPE, NAMED_INDIVIDUAL
        yield from iter_document_triples(doc)
    for ent in graph.entities:
        yield entity_iri(ent.id), RDF_TYPE, NAMED_INDIVIDUAL
        yield from iter_entity_triples(ent)

    statements = graph.statements
    contested = contested_triples(graph)
    asserted: dict[tuple[str, str, str], set[Polarity]] = {}
    for st in statements:
        if st.certainty is Certainty.ASSERTED:
            asserted.setdefault(st.triple, set()).add(st.polarity)
    extractors: set[str] = set()
    for st in statements:
        s_iri, o_iri, p_iri = entity_iri(st.subject), entity_iri(st.object), CG + st.predicate.value
        # an endpoint without an entity record still needs its declaration (OWL 2 DL)
        for end in (st.subject, st.object):
            if graph.get_entity(end) is None:
                yield entity_iri(end), RDF_TYPE, NAMED_INDIVIDUAL
        node = statement_iri(st)
        yield node, RDF_TYPE, NAMED_INDIVIDUAL
        yield node, RDF_TYPE, CG + "Statement"
        yield node, RDFS + "label", Lit(statement_label(graph, st))
        yield node, CG + "subject", s_iri
        yield node, CG + "predicate", p_iri
        yield node, CG + "object", o_iri
        is_contested = st.triple in contested
        for p, o in iter_statement_annotations(graph, st, is_contested):
            yield node, p, o
        for ev in st.evidence:
            extractors.add(ev.extractor)
            yield evidence_iri(ev), RDF_TYPE, NAMED_INDIVIDUAL
            yield from iter_evidence_triples(ev)
            yield document_iri(ev.document), RDF_TYPE, NAMED_INDIVIDUAL
            yield document_iri(ev.document), RDF_TYPE, CG + "Document"

        if st.certainty is not Certainty.ASSERTED or len(asserted[st.triple]) == 2:
            continue  # annotations only: a hope, a trial, or an asserted contradiction
        if st.polarity is Polarity.POSITIVE:
            yield s_iri, p_iri, o_iri
            ax = f"_:ax-{st.id}"
            yield ax, RDF_TYPE, OWL + "Axiom"
            yield ax, OWL + "annotatedSource", s_iri
            yield ax, OWL + "annotatedProperty", p_iri
            yield ax, OWL + "annotatedTarget", o_iri
        else:
            ax = f"_:npa-{st.id}"
            yield ax, RDF_TYPE, OWL + "NegativePropertyAssertion"
            yield ax, OWL + "sourceIndividual", s_iri
            yield ax, OWL + "assertionProperty", p_iri
            yield ax, OWL + "targetIndividual", o_iri
        for p, o in _axiom_annotations(graph, st, is_contested):
            yield ax, p, o
    for name in sorted(extractors):
        yield extractor_iri(name), RDF_TYPE, NAMED_INDIVIDUAL
        yield extractor_iri(name), RDF_TYPE, PROV + "Activity"
        yield extractor_iri(name), RDFS + "label", Lit(name)


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
    by_subject: dict[str, set[tuple[str, Term]]] = {}
    for s, p, o in iter_owl_triples(graph):
        by_subject.setdefault(s, set()).add((p, o))
    yield '<?xml version="1.0" encoding="utf-8"?>'
    yield "<rdf:RDF"
    for prefix, ns in XML_NAMESPACES.items():
        yield f'    xmlns:{prefix}="{ns}"'
    yield ">"

    def order(s: str) -> tuple[int, str]:
        # the ontology header first (Protégé shows it as the ontology), blank nodes last
        return (0 if s == GRAPH_ONTOLOGY_IRI else 2 if s.startswith("_:") else 1, s)

    for s in sorted(by_subject, key=order):
        pos = sorted(
            by_subject[s],
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

