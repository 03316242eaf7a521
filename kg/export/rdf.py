"""RDF/Turtle export (``graph.ttl``): the schema, documents, entities and every statement
reified with its polarity, certainty, support and evidence (DESIGN.md section 5).

Only asserted, positive statements also appear as the direct triple
``<drug> cg:treats <disease>``, so a naive SPARQL query never reads a hope or a denial
as a fact.

The Turtle is written line by line (no rdflib serializer: it is ~50 times slower at a
million triples), sorted by section and subject, so a rebuild is byte-identical. Terms
are plain values: an IRI is a ``str``, a literal is a :class:`Lit`. The same builders
feed :mod:`kg.export.owl`.
"""

from __future__ import annotations

import functools
import importlib.resources
import itertools
import operator
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import NamedTuple, TypeVar
from urllib.parse import quote

from kg.errors import KGError
from kg.export._common import write_lines
from kg.graph import DocumentInfo, KnowledgeGraph
from kg.identifiers import ENTITY_NS, PREFIX_IRIS, VOCAB_NS, curie_to_iri
from kg.model import Entity, Evidence, NodeType, Polarity, Statement

__all__ = [
    "CG",
    "Lit",
    "NAMESPACES",
    "SCHEMA_IRI",
    "Triple",
    "document_iri",
    "entity_iri",
    "escape_string",
    "evidence_iri",
    "extractor_iri",
    "iter_schema_triples",
    "iter_turtle_lines",
    "statement_iri",
    "to_turtle",
    "write_turtle",
]

CG = VOCAB_NS
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
OBOINOWL = "http://www.geneontology.org/formats/oboInOwl#"
BIOLINK = "https://w3id.org/biolink/vocab/"

SCHEMA_IRI = "https://w3id.org/cartograph/vocab"
STATEMENT_NS = ENTITY_NS + "statement/"
EVIDENCE_NS = ENTITY_NS + "evidence/"
DOCUMENT_NS = ENTITY_NS + "document/"
EXTRACTOR_NS = ENTITY_NS + "extractor/"

RDF_TYPE = RDF + "type"

# Turtle prefix -> namespace; every prefix is declared in graph.ttl (a fixed header).
NAMESPACES: dict[str, str] = {
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "prov": PROV,
    "dcterms": DCTERMS,
    "oboInOwl": OBOINOWL,
    "biolink": BIOLINK,
    "RO": "http://purl.obolibrary.org/obo/RO_",
    "cg": CG,
    "stmt": STATEMENT_NS,
    "ev": EVIDENCE_NS,
    "doc": DOCUMENT_NS,
    "extractor": EXTRACTOR_NS,
    **{p: iri for p, iri in PREFIX_IRIS.items()},
}

CLASS_OF: dict[NodeType, str] = {
    NodeType.CELL_TYPE: CG + "CellType",
    NodeType.ANTIGEN: CG + "Antigen",
    NodeType.DRUG: CG + "Drug",
    NodeType.DISEASE: CG + "Disease",
}


class Lit(NamedTuple):
    """An RDF literal: lexical value and datatype IRI (``None`` for xsd:string)."""

    value: str
    datatype: str | None = None


Term = str | Lit
Triple = tuple[str, str, Term]


# -- IRIs ------------------------------------------------------------------------------

# characters that may stay as they are in an IRI path segment we mint or expand
_IRI_SAFE = "-._~!$&'()*+,;=:@/"


def entity_iri(curie: str) -> str:
    """The canonical IRI of an entity CURIE; unusual characters are percent-encoded.

    >>> entity_iri("CL:0000236")
    'http://purl.obolibrary.org/obo/CL_0000236'
    """
    prefix, _, local = curie.partition(":")
    try:
        stem = curie_to_iri(f"{prefix}:")
    except ValueError as exc:
        raise KGError(f"entity {curie!r} has no IRI: {exc}") from None
    return stem + quote(local, safe=_IRI_SAFE)


def statement_iri(statement: Statement) -> str:
    """Stable IRI of a reified statement (from :attr:`Statement.id`)."""
    return STATEMENT_NS + statement.id


def evidence_iri(evidence: Evidence) -> str:
    """Stable IRI of an evidence sentence (from :attr:`Evidence.id`)."""
    return EVIDENCE_NS + evidence.id


def document_iri(doc_id: str) -> str:
    """IRI of a source document; the id is percent-encoded (it may be a path)."""
    return DOCUMENT_NS + quote(doc_id, safe="-._~")


def extractor_iri(name: str) -> str:
    """IRI of the extraction activity of a versioned extractor (``rules.v1``)."""
    return EXTRACTOR_NS + quote(name, safe="-._~")


# -- triples -----------------------------------------------------------------------------


@functools.cache
def _schema_triples() -> tuple[Triple, ...]:
    import pyoxigraph as ox

    source = importlib.resources.files("kg.data") / "cartograph.ttl"
    out: list[Triple] = []
    for t in ox.parse(source.read_bytes(), format=ox.RdfFormat.TURTLE):
        if not isinstance(t.subject, ox.NamedNode) or isinstance(t.object, ox.BlankNode):
            raise KGError("the schema must not use blank nodes", path="ontologies/cartograph.ttl")
        o = t.object
        term: Term
        if isinstance(o, ox.NamedNode):
            term = o.value
        else:
            dt = o.datatype.value
            term = Lit(o.value, None if dt == XSD + "string" else dt)
        out.append((t.subject.value, t.predicate.value, term))
    return tuple(sorted(set(out), key=_triple_sort_key))


def iter_schema_triples() -> Iterator[Triple]:
    """The triples of ``ontologies/cartograph.ttl`` (sorted)."""
    return iter(_schema_triples())


def _triple_sort_key(t: Triple) -> tuple[str, str, str]:
    o = t[2]
    return (t[0], t[1], o if isinstance(o, str) else "\x00" + o.value + "\x00" + (o.datatype or ""))


def _int(n: int) -> Lit:
    return Lit(str(n), XSD + "integer")


def _bool(b: bool) -> Lit:
    return Lit("true" if b else "false", XSD + "boolean")


def _decimal(x: float) -> Lit:
    return Lit(f"{x:.4f}", XSD + "decimal")


def statement_label(graph: KnowledgeGraph, st: Statement) -> str:
    """A readable name: 'Rituximab treats chronic fatigue syndrome (negated, asserted)'."""

    def name(curie: str) -> str:
        ent = graph.get_entity(curie)
        return ent.label if ent is not None and ent.label else curie

    return f"{name(st.subject)} {st.predicate.value} {name(st.object)} ({st.polarity.value}, {st.certainty.value})"


def iter_document_triples(doc: DocumentInfo) -> Iterator[Triple]:
    s = document_iri(doc.id)
    yield s, RDF_TYPE, CG + "Document"
    yield s, RDFS + "label", Lit(doc.id)
    for field, value in (("title", doc.title), ("kind", doc.kind), ("source", doc.source), ("date", doc.date)):
        if value:
            yield s, CG + field, Lit(value)


def iter_entity_triples(ent: Entity) -> Iterator[Triple]:
    s = entity_iri(ent.id)
    yield s, RDF_TYPE, CLASS_OF[ent.type]
    if ent.label:
        yield s, RDFS + "label", Lit(ent.label)
    for syn in ent.synonyms:
        yield s, SKOS + "altLabel", Lit(syn)
    for xref in ent.xrefs:
        try:
            yield s, SKOS + "exactMatch", entity_iri(xref)
        except KGError:
            yield s, OBOINOWL + "hasDbXref", Lit(xref)


def iter_evidence_triples(ev: Evidence) -> Iterator[Triple]:
    s = evidence_iri(ev)
    yield s, RDF_TYPE, CG + "Evidence"
    yield s, CG + "text", Lit(ev.text)
    yield s, CG + "document", document_iri(ev.document)
    yield s, CG + "start", _int(ev.start)
    yield s, CG + "end", _int(ev.end)
    yield s, PROV + "wasGeneratedBy", extractor_iri(ev.extractor)
    for cue in ev.cues:
        yield s, CG + "cue", Lit(cue)


def iter_statement_annotations(graph: KnowledgeGraph, st: Statement, contested: bool) -> Iterator[tuple[str, Term]]:
    """(property, value) pairs describing a statement, shared by Turtle and OWL."""
    yield CG + "polarity", Lit(st.polarity.value)
    yield CG + "certainty", Lit(st.certainty.value)
    yield CG + "supportCount", _int(graph.support(st))
    yield CG + "belief", _decimal(graph.belief(st))
    yield CG + "contested", _bool(contested)
    for ev in st.evidence:
        yield CG + "evidence", evidence_iri(ev)


def contested_triples(graph: KnowledgeGraph) -> set[tuple[str, str, str]]:
    """(subject, predicate, object) triples both affirmed and denied somewhere."""
    pols: dict[tuple[str, str, str], set[Polarity]] = {}
    for st in graph.statements:
        pols.setdefault(st.triple, set()).add(st.polarity)
    return {t for t, p in pols.items() if len(p) == 2}


def iter_statement_triples(graph: KnowledgeGraph, st: Statement, contested: bool) -> Iterator[Triple]:
    s = statement_iri(st)
    yield s, RDF_TYPE, CG + "Statement"
    yield s, RDF_TYPE, RDF + "Statement"
    yield s, RDFS + "label", Lit(statement_label(graph, st))
    yield s, RDF + "subject", entity_iri(st.subject)
    yield s, RDF + "predicate", CG + st.predicate.value
    yield s, RDF + "object", entity_iri(st.object)
    for p, o in iter_statement_annotations(graph, st, contested):
        yield s, p, o


Pairs = Iterable[tuple[str, Term]]
#: a subject with (some of) its (predicate, object) pairs
Block = tuple[str, Pairs]

_T = TypeVar("_T")


def in_key_order(make: Callable[[], Iterable[_T]], key: Callable[[_T], str]) -> Iterator[_T]:
    """The items of ``make()`` sorted by ``key`` (stable), like ``sorted(make(), key=key)``.

    One pass checks whether ``make()`` already yields them in key order (documents come
    sorted by id, and their IRIs nearly always sort the same way); then a second pass
    streams them instead of holding every key in memory.
    """
    prev: str | None = None
    for item in make():
        k = key(item)
        if prev is not None and k < prev:
            yield from sorted(make(), key=key)
            return
        prev = k
    yield from make()


def group_blocks(blocks: Iterable[Block]) -> Iterator[tuple[str, list[Pairs]]]:
    """Consecutive blocks of the same subject as one (``blocks`` sorted by subject)."""
    for subject, group in itertools.groupby(blocks, key=operator.itemgetter(0)):
        yield subject, [pairs for _, pairs in group]


def dict_blocks(triples: Iterable[Triple]) -> Iterator[Block]:
    """Small sections: collect the triples by subject, then the subjects sorted."""
    by_subject: dict[str, list[tuple[str, Term]]] = {}
    for s, p, o in triples:
        by_subject.setdefault(s, []).append((p, o))
    for subject in sorted(by_subject):
        yield subject, by_subject[subject]


def _document_pairs(doc: DocumentInfo) -> Pairs:
    return [(p, o) for _, p, o in iter_document_triples(doc)]


def _evidence_pairs(ev: Evidence) -> Pairs:
    return [(p, o) for _, p, o in iter_evidence_triples(ev)]


def iter_section_blocks(graph: KnowledgeGraph) -> Iterator[tuple[str, Iterator[Block]]]:
    """(section title, blocks sorted by subject) in output order: schema, documents,
    entities, statements, evidence; a subject may span consecutive blocks. The big
    sections (documents, evidence) are generated one subject at a time."""
    contested = contested_triples(graph)
    statements = graph.statements
    yield "schema (ontologies/cartograph.ttl)", dict_blocks(iter_schema_triples())
    # document ids are unique and quoting is injective: one block per document
    docs = in_key_order(graph.iter_documents, lambda d: document_iri(d.id))
    yield "documents", ((document_iri(d.id), _document_pairs(d)) for d in docs)

    def entities() -> Iterator[Triple]:
        for ent in graph.entities:
            yield from iter_entity_triples(ent)
        for st in statements:
            if st.is_fact:
                yield entity_iri(st.subject), CG + st.predicate.value, entity_iri(st.object)

    yield "entities and asserted positive statements as direct triples", dict_blocks(entities())

    def statement_pairs(st: Statement) -> Iterator[tuple[str, Term]]:
        for _, p, o in iter_statement_triples(graph, st, st.triple in contested):
            yield p, o

    # statements and evidence are generated one subject at a time, in IRI order; the
    # terms that can fail (bad ids) are computed first in statement order, so the error
    # is the one the first bad statement gives
    by_iri = operator.itemgetter(0)
    nodes: list[tuple[str, Statement]] = []
    evidence: list[tuple[str, Evidence]] = []
    for st in statements:
        nodes.append((statement_iri(st), st))
        entity_iri(st.subject)
        entity_iri(st.object)
        evidence.extend((evidence_iri(ev), ev) for ev in st.evidence)
    nodes.sort(key=by_iri)
    yield "statements (reified)", ((iri, statement_pairs(st)) for iri, st in nodes)
    # in the evidence, only an extractor name can still fail
    for name in dict.fromkeys(ev.extractor for st in statements for ev in st.evidence):
        extractor_iri(name)
    evidence.sort(key=by_iri)
    yield "evidence", ((iri, _evidence_pairs(ev)) for iri, ev in evidence)
    extractors = sorted({ev.extractor for st in statements for ev in st.evidence})
    yield "extractors", dict_blocks(
        t
        for name in extractors
        for t in (
            (extractor_iri(name), RDF_TYPE, PROV + "Activity"),
            (extractor_iri(name), RDFS + "label", Lit(name)),
        )
    )


def iter_sections(graph: KnowledgeGraph) -> Iterator[tuple[str, Iterable[Triple]]]:
    """(section title, triples) in output order: schema, documents, entities, statements, evidence."""
    for title, blocks in iter_section_blocks(graph):
        yield title, ((s, p, o) for s, pairs in blocks for p, o in pairs)


# -- Turtle text --------------------------------------------------------------------------

_ESCAPES: dict[int, str] = {
    ord("\\"): "\\\\",
    ord('"'): '\\"',
    ord("\n"): "\\n",
    ord("\r"): "\\r",
    ord("\t"): "\\t",
    ord("\b"): "\\b",
    ord("\f"): "\\f",
}
for _c in [*range(0x20), 0x7F, 0x2028, 0x2029]:
    _ESCAPES.setdefault(_c, f"\\u{_c:04X}")
# lone surrogates cannot be encoded in UTF-8 (nor escaped in Turtle): replace them
for _c in range(0xD800, 0xE000):
    _ESCAPES[_c] = "\uFFFD"


def escape_string(value: str) -> str:
    """A Turtle/N-Triples string literal body: quotes, backslashes and controls escaped.

    >>> escape_string('say "hi"\\n\\\\')
    'say \\\\"hi\\\\"\\\\n\\\\\\\\'
    """
    return value.translate(_ESCAPES)


_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?\Z")
_STEMS = sorted(((iri, p) for p, iri in NAMESPACES.items()), key=lambda x: -len(x[0]))
_SHORT = {XSD + "integer", XSD + "boolean", XSD + "decimal"}
_INSTANCE_NS = (STATEMENT_NS, EVIDENCE_NS, DOCUMENT_NS)


class _TurtleTerms:
    """Renders terms, caching IRIs (they repeat: predicates, classes, entities)."""

    def __init__(self) -> None:
        self._cache: dict[str, str] = {}

    def iri(self, iri: str) -> str:
        out = self._cache.get(iri)
        if out is None:
            out = self._render_iri(iri)
            # statements, evidence and documents are one IRI each, used once or twice:
            # caching them would only hold one more copy of every IRI in memory
            if len(self._cache) < 500_000 and not iri.startswith(_INSTANCE_NS):
                self._cache[iri] = out
        return out

    @staticmethod
    def _render_iri(iri: str) -> str:
        for stem, prefix in _STEMS:
            if iri.startswith(stem) and _LOCAL.match(iri, len(stem)):
                return f"{prefix}:{iri[len(stem):]}"
        if any(c in iri for c in '<>"{}|^`\\ ') or any(ord(c) <= 0x20 for c in iri):
            raise KGError(f"cannot write IRI {iri!r} in Turtle")
        return f"<{iri}>"

    def term(self, term: Term) -> str:
        if isinstance(term, str):
            return self.iri(term)
        if term.datatype is None:
            return f'"{escape_string(term.value)}"'
        if term.datatype in _SHORT:
            return term.value
        return f'"{escape_string(term.value)}"^^{self.iri(term.datatype)}'


def _block(terms: _TurtleTerms, subject: str, pos: Iterable[tuple[str, Term]]) -> Iterator[str]:
    # rdf:type first, then by predicate IRI; one value per line diffs well
    rendered = sorted({(p, terms.term(o)) for p, o in pos}, key=lambda x: (x[0] != RDF_TYPE, x))
    yield terms.iri(subject)
    last = len(rendered) - 1
    for i, (p, o) in enumerate(rendered):
        end = " ." if i == last else " ;"
        yield f"    {'a' if p == RDF_TYPE else terms.iri(p)} {o}{end}"


def iter_turtle_lines(graph: KnowledgeGraph) -> Iterator[str]:
    """Lines of ``graph.ttl`` (without newlines): prefixes, then each section sorted."""
    terms = _TurtleTerms()
    yield "# cartograph knowledge graph: schema, documents, entities, reified statements."
    yield "# Direct triples (e.g. ?drug cg:treats ?disease) exist only for asserted, positive statements."
    for prefix, iri in NAMESPACES.items():
        yield f"@prefix {prefix}: <{iri}> ."
    for title, blocks in iter_section_blocks(graph):
        header = True
        for s, pairs in group_blocks(blocks):
            if header:  # an empty section has no header
                yield ""
                yield f"# --- {title} ---"
                header = False
            yield ""
            yield from _block(terms, s, itertools.chain.from_iterable(pairs))


def to_turtle(graph: KnowledgeGraph) -> str:
    """The whole of ``graph.ttl`` as text."""
    return "\n".join(iter_turtle_lines(graph)) + "\n"


def write_turtle(graph: KnowledgeGraph, path: Path) -> None:
    """Write ``graph.ttl`` atomically (streamed)."""
    write_lines(path, iter_turtle_lines(graph))
