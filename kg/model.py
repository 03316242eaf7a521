"""The data model: frozen records and enums every other module speaks.

A :class:`Statement` is identified by (subject, predicate, object, polarity,
certainty); its evidence is carried along but left out of equality and hashing,
so that equal claims from different sentences merge (see :mod:`kg.graph`).
"""

from __future__ import annotations

import enum
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Callable

__all__ = [
    "Certainty",
    "Document",
    "DocumentExtraction",
    "Entity",
    "Evidence",
    "Mention",
    "NodeType",
    "Polarity",
    "Predicate",
    "Statement",
    "DOMAIN_RANGE",
    "json_line",
    "stable_hash",
]


class NodeType(str, enum.Enum):
    """The four kinds of node in the graph."""

    CELL_TYPE = "cell_type"
    ANTIGEN = "antigen"
    DRUG = "drug"
    DISEASE = "disease"

    def __str__(self) -> str:
        return self.value


class Predicate(str, enum.Enum):
    """The five relations; domain and range are in :data:`DOMAIN_RANGE`."""

    TARGETS = "targets"
    DEPLETES = "depletes"
    TREATS = "treats"
    EXPRESSES = "expresses"
    CAUSES = "causes"

    def __str__(self) -> str:
        return self.value


class Polarity(str, enum.Enum):
    """Whether the text says the relation holds or that it does not (or failed)."""

    POSITIVE = "positive"
    NEGATED = "negated"

    def __str__(self) -> str:
        return self.value


class Certainty(str, enum.Enum):
    """How firmly the text states the relation; ordered asserted > investigational > hypothesised."""

    ASSERTED = "asserted"
    INVESTIGATIONAL = "investigational"
    HYPOTHESISED = "hypothesised"

    def __str__(self) -> str:
        return self.value

    @property
    def rank(self) -> int:
        """Higher is firmer: asserted 2, investigational 1, hypothesised 0."""
        return {"asserted": 2, "investigational": 1, "hypothesised": 0}[self.value]


DOMAIN_RANGE: dict[Predicate, tuple[NodeType, NodeType]] = {
    Predicate.TARGETS: (NodeType.DRUG, NodeType.ANTIGEN),
    Predicate.DEPLETES: (NodeType.DRUG, NodeType.CELL_TYPE),
    Predicate.TREATS: (NodeType.DRUG, NodeType.DISEASE),
    Predicate.EXPRESSES: (NodeType.CELL_TYPE, NodeType.ANTIGEN),
    Predicate.CAUSES: (NodeType.DRUG, NodeType.DISEASE),
}

DOCUMENT_KINDS = ("paper", "abstract", "news", "forum", "unknown")


def _setters(cls: type, *names: str) -> tuple[Callable[[Any, Any], None], ...]:
    """The slots' own setters: ``set_x(obj, v)`` is ``object.__setattr__(obj, "x", v)``.

    A frozen dataclass's generated ``__init__`` sets every field through
    ``object.__setattr__`` and then calls ``__post_init__``; the hand-written
    ``__init__`` methods below call the slot descriptors directly and validate inline
    (about half the cost per object). Equality, hashing, repr, pickling and
    ``dataclasses.replace`` stay the dataclass's own.
    """
    return tuple(cls.__dict__[name].__set__ for name in names)


def stable_hash(*parts: str, length: int = 16) -> str:
    """A short, stable hex digest of the parts (used for statement and evidence ids).

    >>> stable_hash("a", "b")
    'f04cdced9736a69d'
    """
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


@dataclass(frozen=True, slots=True, init=False)
class Entity:
    """A grounded concept: an ontology CURIE (or a minted ``kg:`` id) with its names."""

    id: str
    label: str
    type: NodeType
    synonyms: tuple[str, ...] = ()
    xrefs: tuple[str, ...] = ()

    def __init__(self, id: str, label: str, type: NodeType, synonyms: tuple[str, ...] = (),
                 xrefs: tuple[str, ...] = ()) -> None:
        if ":" not in id:
            raise ValueError(f"entity id {id!r} is not a CURIE")
        if not isinstance(type, NodeType):
            raise TypeError(f"entity type must be a NodeType, got {type!r}")
        _entity_id(self, id)
        _entity_label(self, label)
        _entity_type(self, type)
        _entity_synonyms(self, synonyms)
        _entity_xrefs(self, xrefs)

    @property
    def prefix(self) -> str:
        return self.id.split(":", 1)[0]


_entity_id, _entity_label, _entity_type, _entity_synonyms, _entity_xrefs = _setters(
    Entity, "id", "label", "type", "synonyms", "xrefs")


@dataclass(frozen=True, slots=True, init=False)
class Document:
    """One input text with its metadata. ``id`` is stable across runs."""

    id: str
    text: str
    title: str = ""
    kind: str = "unknown"
    source: str = ""
    date: str = ""
    path: str = ""

    def __init__(self, id: str, text: str, title: str = "", kind: str = "unknown", source: str = "",
                 date: str = "", path: str = "") -> None:
        if not id:
            raise ValueError("document id must not be empty")
        if kind not in DOCUMENT_KINDS:
            raise ValueError(f"document kind {kind!r} is not one of {DOCUMENT_KINDS}")
        _document_id(self, id)
        _document_text(self, text)
        _document_title(self, title)
        _document_kind(self, kind)
        _document_source(self, source)
        _document_date(self, date)
        _document_path(self, path)


(_document_id, _document_text, _document_title, _document_kind, _document_source, _document_date,
 _document_path) = _setters(Document, "id", "text", "title", "kind", "source", "date", "path")


@dataclass(frozen=True, slots=True, init=False)
class Mention:
    """A span of a document's text grounded to an entity (offsets are Python str indices)."""

    start: int
    end: int
    text: str
    type: NodeType
    id: str
    label: str = ""

    def __init__(self, start: int, end: int, text: str, type: NodeType, id: str, label: str = "") -> None:
        if not 0 <= start < end:
            raise ValueError(f"bad mention span {start}..{end}")
        _mention_start(self, start)
        _mention_end(self, end)
        _mention_text(self, text)
        _mention_type(self, type)
        _mention_id(self, id)
        _mention_label(self, label)

    def to_json(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "type": self.type._value_,  # the enum's .value, without the property
            "id": self.id,
            "label": self.label,
        }


_mention_start, _mention_end, _mention_text, _mention_type, _mention_id, _mention_label = _setters(
    Mention, "start", "end", "text", "type", "id", "label")


@dataclass(frozen=True, slots=True, init=False)
class Evidence:
    """Where a statement was read: the sentence, its span in the document, and by what.

    ``cues`` are the context words (negation, hedging, trial language) that set the
    statement's polarity and certainty; the HTML view highlights them.
    Identity is (document, text): a sentence quoted again in the same document is
    one piece of evidence, not new support.
    """

    document: str
    text: str
    start: int
    end: int
    extractor: str
    document_kind: str = "unknown"
    cues: tuple[str, ...] = field(default=(), compare=False)

    def __init__(self, document: str, text: str, start: int, end: int, extractor: str,
                 document_kind: str = "unknown", cues: tuple[str, ...] = ()) -> None:
        _evidence_document(self, document)
        _evidence_text(self, text)
        _evidence_start(self, start)
        _evidence_end(self, end)
        _evidence_extractor(self, extractor)
        _evidence_document_kind(self, document_kind)
        _evidence_cues(self, cues)

    @property
    def key(self) -> tuple[str, str]:
        return (self.document, " ".join(self.text.split()))

    @property
    def id(self) -> str:
        return stable_hash(self.document, str(self.start), str(self.end), self.text)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.document, self.start, self.end, self.text)

    def to_json(self) -> dict[str, object]:
        return {
            "document": self.document,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "extractor": self.extractor,
            "document_kind": self.document_kind,
            "cues": list(self.cues),
        }


(_evidence_document, _evidence_text, _evidence_start, _evidence_end, _evidence_extractor,
 _evidence_document_kind, _evidence_cues) = _setters(
    Evidence, "document", "text", "start", "end", "extractor", "document_kind", "cues")


@dataclass(frozen=True, slots=True, init=False)
class Statement:
    """A claim (subject, predicate, object) with polarity, certainty and its evidence."""

    subject: str
    predicate: Predicate
    object: str
    polarity: Polarity = Polarity.POSITIVE
    certainty: Certainty = Certainty.ASSERTED
    evidence: tuple[Evidence, ...] = field(default=(), compare=False, hash=False)

    def __init__(self, subject: str, predicate: Predicate, object: str,
                 polarity: Polarity = Polarity.POSITIVE, certainty: Certainty = Certainty.ASSERTED,
                 evidence: tuple[Evidence, ...] = ()) -> None:
        if not isinstance(predicate, Predicate):
            raise TypeError(f"predicate must be a Predicate, got {predicate!r}")
        if not isinstance(polarity, Polarity):
            raise TypeError(f"polarity must be a Polarity, got {polarity!r}")
        if not isinstance(certainty, Certainty):
            raise TypeError(f"certainty must be a Certainty, got {certainty!r}")
        _statement_subject(self, subject)
        _statement_predicate(self, predicate)
        _statement_object(self, object)
        _statement_polarity(self, polarity)
        _statement_certainty(self, certainty)
        _statement_evidence(self, evidence)

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        # an enum's ``_value_`` is what its ``.value`` property returns, without the property
        return (
            self.subject,
            self.predicate._value_,
            self.object,
            self.polarity._value_,
            self.certainty._value_,
        )

    @property
    def id(self) -> str:
        """Stable identifier derived from the identity key."""
        return stable_hash(*self.key)

    @property
    def triple(self) -> tuple[str, str, str]:
        return (self.subject, self.predicate._value_, self.object)

    @property
    def is_fact(self) -> bool:
        """Asserted and positive: the only statements exported as direct triples."""
        return self.polarity is Polarity.POSITIVE and self.certainty is Certainty.ASSERTED

    def to_json(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "predicate": self.predicate._value_,
            "object": self.object,
            "polarity": self.polarity._value_,
            "certainty": self.certainty._value_,
        }


(_statement_subject, _statement_predicate, _statement_object, _statement_polarity,
 _statement_certainty, _statement_evidence) = _setters(
    Statement, "subject", "predicate", "object", "polarity", "certainty", "evidence")


@dataclass(frozen=True, slots=True)
class DocumentExtraction:
    """What extraction found in one document: a pure function of (document, vocabulary, rules)."""

    document: Document
    mentions: tuple[Mention, ...]
    statements: tuple[Statement, ...]
    entities: tuple[Entity, ...] = ()

    def to_json(self) -> dict[str, object]:
        """The ``kg extract --format jsonl`` record (the shape of the gold files)."""
        # the same dicts as Mention.to_json() and {**Statement.to_json(), "evidence":
        # _evidence_json(st)}, built inline (no call and no dict merge per item); an enum's
        # ``_value_`` is what its ``.value`` property returns, read without the property
        relations: list[dict[str, object]] = []
        for st in self.statements:
            evidence = st.evidence
            if evidence:
                ev = evidence[0]
                first: dict[str, object] = {"start": ev.start, "end": ev.end, "text": ev.text}
            else:
                first = {}
            relations.append({
                "subject": st.subject,
                "predicate": st.predicate._value_,
                "object": st.object,
                "polarity": st.polarity._value_,
                "certainty": st.certainty._value_,
                "evidence": first,
            })
        return {
            "id": self.document.id,
            "entities": [
                {"start": m.start, "end": m.end, "text": m.text, "type": m.type._value_, "id": m.id,
                 "label": m.label}
                for m in self.mentions
            ],
            "relations": relations,
        }


def _evidence_json(st: Statement) -> dict[str, object]:
    if not st.evidence:
        return {}
    ev = st.evidence[0]
    return {"start": ev.start, "end": ev.end, "text": ev.text}


#: One extraction as ``kg extract`` prints it: ``json_line(ex.to_json())`` is
#: ``json.dumps(..., ensure_ascii=False, sort_keys=True)`` with one encoder made once
#: (``json.dumps`` builds a new encoder for every call with non-default options).
json_line: Callable[[Any], str] = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
