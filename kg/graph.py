"""The assembled knowledge graph: entities merged by ID, statements merged by identity.

:class:`KnowledgeGraph` is the one object every exporter reads. It keeps entities and
statements in dicts (sorted on the way out, so exports are deterministic) and mirrors
them into a networkx ``MultiDiGraph`` (one edge per statement, keyed by statement id)
for graph algorithms.

Merging is associative and commutative (:meth:`KnowledgeGraph.merge`), so partial
graphs built in parallel (processes, Dask partitions) assemble to the same result.

Belief score
------------
Every statement gets ``belief`` in [0, 1]: a noisy-OR over its distinct evidence
sentences, each weighing ``KIND_WEIGHT[document kind] * CERTAINTY_WEIGHT[certainty]``::

    belief = 1 - prod(1 - w_kind(e) * w_certainty)   over evidence e

so one forum post saying "might" counts for little, several abstracts for a lot.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

import networkx as nx

from kg.model import (
    DOMAIN_RANGE,
    Certainty,
    Document,
    Entity,
    Evidence,
    NodeType,
    Polarity,
    Predicate,
    Statement,
)

__all__ = ["KIND_WEIGHT", "CERTAINTY_WEIGHT", "DocumentInfo", "KnowledgeGraph", "intern_kind"]

KIND_WEIGHT: dict[str, float] = {
    "paper": 0.8,
    "abstract": 0.7,
    "news": 0.5,
    "forum": 0.3,
    "unknown": 0.4,
}
CERTAINTY_WEIGHT: dict[Certainty, float] = {
    Certainty.ASSERTED: 1.0,
    Certainty.INVESTIGATIONAL: 0.6,
    Certainty.HYPOTHESISED: 0.3,
}


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """Metadata of a source document, without its text."""

    id: str
    title: str = ""
    kind: str = "unknown"
    source: str = ""
    date: str = ""

    @classmethod
    def from_document(cls, doc: Document) -> DocumentInfo:
        return cls(id=doc.id, title=doc.title, kind=doc.kind, source=doc.source, date=doc.date)


# A graph keeps one entry per document (a million for a 1 GB input), so the usual kind of
# document (a known kind, no source, no date) is kept as one string: a kind code followed
# by the title, about 120 bytes less than a DocumentInfo and its title string.
_KIND_CODE: dict[str, str] = {k: str(i) for i, k in enumerate(KIND_WEIGHT)}
_CODE_KIND: dict[str, str] = {c: k for k, c in _KIND_CODE.items()}


def _pack(info: DocumentInfo) -> DocumentInfo | str:
    code = _KIND_CODE.get(info.kind)
    if code is None or info.source or info.date:
        return info
    return code + info.title


def _unpack(doc_id: str, packed: DocumentInfo | str) -> DocumentInfo:
    if isinstance(packed, DocumentInfo):
        return packed
    return DocumentInfo(id=doc_id, title=packed[1:], kind=_CODE_KIND[packed[0]])


def _packed_kind(packed: DocumentInfo | str) -> str:
    """``_unpack(..., packed).kind``."""
    return packed.kind if isinstance(packed, DocumentInfo) else _CODE_KIND[packed[0]]


# the document kinds, so that every document's kind is one shared string
_KINDS: dict[str, str] = {k: k for k in KIND_WEIGHT}


def intern_kind(kind: str) -> str:
    """``kind`` itself, as the one shared string of a known kind (same value)."""
    return _KINDS.get(kind, kind)


def _evidence_key(ev: Evidence) -> tuple[str, str]:
    """:attr:`Evidence.key`, sharing the text when it is already normalised (same value)."""
    text = ev.text
    norm = " ".join(text.split())
    return (ev.document, text if norm == text else norm)


def _fold_evidence(best: dict[tuple[str, str], Evidence], evidence: Iterable[Evidence]) -> None:
    """Fold evidence into ``best`` (one per (document, normalised text)); keep the earliest span."""
    for ev in evidence:
        key = _evidence_key(ev)
        old = best.get(key)
        if old is None or ev.sort_key() < old.sort_key():
            if old is not None and old.cues and not ev.cues:
                ev = replace(ev, cues=old.cues)
            best[key] = ev


def _union_evidence(a: Iterable[Evidence], b: Iterable[Evidence]) -> tuple[Evidence, ...]:
    """Union evidence by (document, normalised sentence text); keep the earliest span."""
    best: dict[tuple[str, str], Evidence] = {}
    _fold_evidence(best, a)
    _fold_evidence(best, b)
    return tuple(sorted(best.values(), key=Evidence.sort_key))


class KnowledgeGraph:
    """Entities, statements and the documents they came from."""

    def __init__(self) -> None:
        self._entities: dict[str, Entity] = {}
        self._statements: dict[tuple[str, str, str, str, str], Statement] = {}
        self._documents: dict[str, DocumentInfo | str] = {}  # id -> _pack(info)
        # evidence of the statements added to since the last read, unioned as it comes
        # (statement key -> evidence key -> evidence): adding evidence to a statement
        # costs O(new evidence), not O(all its evidence); :meth:`_settle` writes the
        # sorted tuples back. Same result as unioning on every add (the union is a fold).
        self._open: dict[tuple[str, str, str, str, str], dict[tuple[str, str], Evidence]] = {}

    # -- building -------------------------------------------------------------------------

    def add_entity(self, entity: Entity) -> None:
        """Add an entity; a second entity with the same id merges synonyms and xrefs."""
        old = self._entities.get(entity.id)
        if old is None:
            self._entities[entity.id] = entity
            return
        if old.type is not entity.type:
            raise ValueError(
                f"entity {entity.id} has two types: {old.type.value} and {entity.type.value}"
            )
        label = old.label or entity.label
        synonyms = tuple(sorted(set(old.synonyms) | set(entity.synonyms)))
        xrefs = tuple(sorted(set(old.xrefs) | set(entity.xrefs)))
        self._entities[entity.id] = replace(old, label=label, synonyms=synonyms, xrefs=xrefs)

    def add_document(self, info: DocumentInfo) -> None:
        self._documents[info.id] = _pack(info)

    def add_statement(self, statement: Statement) -> None:
        """Add a statement; one with the same identity unions its evidence into the old one.

        Domain and range are enforced when both ends are known entities.
        """
        for end, want in zip(
            (statement.subject, statement.object), DOMAIN_RANGE[statement.predicate], strict=True
        ):
            ent = self._entities.get(end)
            if ent is not None and ent.type is not want:
                raise ValueError(
                    f"{statement.predicate.value} needs a {want.value} at {end}, "
                    f"which is a {ent.type.value}"
                )
        key = statement.key
        acc = self._open.get(key)
        if acc is None:
            old = self._statements.get(key)
            acc = {}
            if old is None:
                self._statements[key] = statement
            else:
                _fold_evidence(acc, old.evidence)
            self._open[key] = acc
        _fold_evidence(acc, statement.evidence)

    def _settle(self) -> None:
        """Write the evidence unioned since the last read back into the statements."""
        if not self._open:
            return
        for key, acc in self._open.items():
            evidence = tuple(sorted(acc.values(), key=Evidence.sort_key))
            self._statements[key] = replace(self._statements[key], evidence=evidence)
        self._open.clear()

    def merge(self, other: KnowledgeGraph) -> KnowledgeGraph:
        """Return a new graph holding both; associative and commutative."""
        out = KnowledgeGraph()
        for g in (self, other):
            g._settle()
        for g in (self, other):
            for doc_id, packed in g._documents.items():
                out._documents[doc_id] = packed
            for ent in g._entities.values():
                out.add_entity(ent)
        for g in (self, other):
            for st in g._statements.values():
                out.add_statement(st)
        return out

    # -- reading --------------------------------------------------------------------------

    @property
    def entities(self) -> list[Entity]:
        """All entities sorted by id."""
        return [self._entities[k] for k in sorted(self._entities)]

    @property
    def statements(self) -> list[Statement]:
        """All statements sorted by identity key."""
        self._settle()
        return [self._statements[k] for k in sorted(self._statements)]

    @property
    def documents(self) -> list[DocumentInfo]:
        """All documents sorted by id (:meth:`iter_documents` does not build the list)."""
        return [_unpack(k, self._documents[k]) for k in sorted(self._documents)]

    def iter_documents(self) -> Iterator[DocumentInfo]:
        """The documents sorted by id, one at a time."""
        for k in sorted(self._documents):
            yield _unpack(k, self._documents[k])

    def document_count(self) -> int:
        """``len(self.documents)``, without building the list."""
        return len(self._documents)

    def entity(self, entity_id: str) -> Entity:
        return self._entities[entity_id]

    def get_entity(self, entity_id: str) -> Entity | None:
        return self._entities.get(entity_id)

    def document(self, doc_id: str) -> DocumentInfo | None:
        packed = self._documents.get(doc_id)
        return None if packed is None else _unpack(doc_id, packed)

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self._entities

    def __len__(self) -> int:
        return len(self._statements)

    def iter_statements(
        self,
        *,
        subject: str | None = None,
        predicate: Predicate | str | None = None,
        object: str | None = None,  # noqa: A002 - mirrors the statement field
        polarity: Polarity | str | None = None,
        certainty: Certainty | str | None = None,
    ) -> Iterator[Statement]:
        """Statements matching every given filter, in sorted order."""
        for st in self.statements:
            if subject is not None and st.subject != subject:
                continue
            if predicate is not None and st.predicate.value != str(predicate):
                continue
            if object is not None and st.object != object:
                continue
            if polarity is not None and st.polarity.value != str(polarity):
                continue
            if certainty is not None and st.certainty.value != str(certainty):
                continue
            yield st

    def neighbours(self, entity_id: str) -> list[str]:
        """Ids of entities linked to ``entity_id`` by any statement, sorted."""
        out: set[str] = set()
        for st in self._statements.values():
            if st.subject == entity_id:
                out.add(st.object)
            elif st.object == entity_id:
                out.add(st.subject)
        return sorted(out)

    def support(self, statement: Statement) -> int:
        """Distinct evidence sentences (document, text) behind a statement."""
        self._settle()
        return len({ev.key for ev in self._statements[statement.key].evidence})

    def support_by_kind(self, statement: Statement) -> dict[str, int]:
        """Support broken down by document kind (paper, abstract, news, forum, unknown)."""
        self._settle()
        counts: Counter[str] = Counter()
        for ev in self._statements[statement.key].evidence:
            counts[self._kind_of(ev)] += 1
        return dict(sorted(counts.items()))

    def _kind_of(self, ev: Evidence) -> str:
        packed = self._documents.get(ev.document)
        if packed is not None:
            kind = _packed_kind(packed)
            if kind != "unknown":
                return kind
        return ev.document_kind

    def belief(self, statement: Statement) -> float:
        """Noisy-OR belief over distinct evidence (see the module docstring)."""
        self._settle()
        st = self._statements[statement.key]
        w_c = CERTAINTY_WEIGHT[st.certainty]
        disbelief = 1.0
        for ev in st.evidence:
            disbelief *= 1.0 - KIND_WEIGHT.get(self._kind_of(ev), KIND_WEIGHT["unknown"]) * w_c
        return round(1.0 - disbelief, 4)

    def is_contested(self, statement: Statement) -> bool:
        """True when the same (subject, predicate, object) is both affirmed and denied."""
        return statement.triple in self._contested_triples()

    def _contested_triples(self) -> set[tuple[str, str, str]]:
        # Statement keys are only ever added, never removed, so the number of statements
        # identifies the key set: recompute only after an add (is_contested is called once
        # per statement by the exporters, which was quadratic).
        cached: tuple[int, set[tuple[str, str, str]]] | None = getattr(self, "_contested_cache", None)
        if cached is not None and cached[0] == len(self._statements):
            return cached[1]
        pols: dict[tuple[str, str, str], set[str]] = {}
        for key in self._statements:
            pols.setdefault(key[:3], set()).add(key[3])
        out = {t for t, p in pols.items() if len(p) == 2}
        self._contested_cache = (len(self._statements), out)
        return out

    def contested(self) -> list[tuple[tuple[str, str, str], list[Statement], list[Statement]]]:
        """Claims both asserted and denied: (triple, positive statements, negated statements)."""
        contested = self._contested_triples()
        by_triple: dict[tuple[str, str, str], list[Statement]] = {}
        for st in self.statements:
            if st.triple in contested:
                by_triple.setdefault(st.triple, []).append(st)
        out = []
        for triple in sorted(contested):
            sts = by_triple[triple]
            out.append(
                (
                    triple,
                    [s for s in sts if s.polarity is Polarity.POSITIVE],
                    [s for s in sts if s.polarity is Polarity.NEGATED],
                )
            )
        return out

    def counts(self) -> dict[str, dict[str, int]]:
        """Counts for summaries: entities by type, statements by predicate/polarity/certainty."""
        by_type = Counter(e.type.value for e in self._entities.values())
        by_pred = Counter(s.predicate.value for s in self._statements.values())
        by_pol = Counter(s.polarity.value for s in self._statements.values())
        by_cert = Counter(s.certainty.value for s in self._statements.values())
        return {
            "entities": dict(sorted(by_type.items())),
            "predicates": dict(sorted(by_pred.items())),
            "polarity": dict(sorted(by_pol.items())),
            "certainty": dict(sorted(by_cert.items())),
        }

    def entities_of_type(self, node_type: NodeType) -> list[Entity]:
        return [e for e in self.entities if e.type is node_type]

    def to_networkx(self) -> nx.MultiDiGraph:
        """A MultiDiGraph: node attributes from entities, one edge per statement.

        Edge keys are statement ids; edges carry the statement under ``"statement"``
        plus flat ``predicate``, ``polarity``, ``certainty``, ``support``, ``belief``
        and ``contested`` attributes.
        """
        g = nx.MultiDiGraph()
        for ent in self.entities:
            g.add_node(
                ent.id,
                label=ent.label,
                type=ent.type.value,
                synonyms=list(ent.synonyms),
                xrefs=list(ent.xrefs),
            )
        contested = self._contested_triples()
        for st in self.statements:
            g.add_edge(
                st.subject,
                st.object,
                key=st.id,
                statement=st,
                predicate=st.predicate.value,
                polarity=st.polarity.value,
                certainty=st.certainty.value,
                support=self.support(st),
                belief=self.belief(st),
                contested=st.triple in contested,
            )
        return g

    def __repr__(self) -> str:
        return (
            f"KnowledgeGraph({len(self._entities)} entities, {len(self._statements)} statements,"
            f" {len(self._documents)} documents)"
        )
