"""The data model: frozen records and enums every other module speaks.

A :class:`Statement` is identified by (subject, predicate, object, polarity,
certainty); its evidence is carried along but left out of equality and hashing,
so that equal claims from different sentences merge (see :mod:`kg.graph`).
"""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass, field
from typing import Any

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


def stable_hash(*parts: str, length: int = 16) -> str:
    """A short, stable hex digest of the parts (used for statement and evidence ids).

    >>> stable_hash("a", "b")
    'f04cdced9736a69d'
    """
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


@dataclass(frozen=True, slots=True)
class Entity:
    """A grounded concept: an ontology CURIE (or a minted ``kg:`` id) with its names."""

    id: str
    label: str
    type: NodeType
    synonyms: tuple[str, ...] = ()
    xrefs: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if ":" not in self.id:
            raise ValueError(f"entity id {self.id!r} is not a CURIE")
        if not isinstance(self.type, NodeType):
            raise TypeError(f"entity type must be a NodeType, got {self.type!r}")

    @property
    def prefix(self) -> str:
        return self.id.split(":", 1)[0]


@dataclass(frozen=True, slots=True)
class Document:
    """One input text with its metadata. ``id`` is stable across runs."""

    id: str
    text: str
    title: str = ""
    kind: str = "unknown"
    source: str = ""
    date: str = ""
    path: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("document id must not be empty")
        if self.kind not in DOCUMENT_KINDS:
            raise ValueError(f"document kind {self.kind!r} is not one of {DOCUMENT_KINDS}")


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of a document's text grounded to an entity (offsets are Python str indices)."""

    start: int
    end: int
    text: str
    type: NodeType
    id: str
    label: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"bad mention span {self.start}..{self.end}")

    def to_json(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "type": self.type.value,
            "id": self.id,
            "label": self.label,
        }


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class Statement:
    """A claim (subject, predicate, object) with polarity, certainty and its evidence."""

    subject: str
    predicate: Predicate
    object: str
    polarity: Polarity = Polarity.POSITIVE
    certainty: Certainty = Certainty.ASSERTED
    evidence: tuple[Evidence, ...] = field(default=(), compare=False, hash=False)

    def __post_init__(self) -> None:
        if not isinstance(self.predicate, Predicate):
            raise TypeError(f"predicate must be a Predicate, got {self.predicate!r}")
        if not isinstance(self.polarity, Polarity):
            raise TypeError(f"polarity must be a Polarity, got {self.polarity!r}")
        if not isinstance(self.certainty, Certainty):
            raise TypeError(f"certainty must be a Certainty, got {self.certainty!r}")

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        return (
            self.subject,
            self.predicate.value,
            self.object,
            self.polarity.value,
            self.certainty.value,
        )

    @property
    def id(self) -> str:
        """Stable identifier derived from the identity key."""
        return stable_hash(*self.key)

    @property
    def triple(self) -> tuple[str, str, str]:
        return (self.subject, self.predicate.value, self.object)

    @property
    def is_fact(self) -> bool:
        """Asserted and positive: the only statements exported as direct triples."""
        return self.polarity is Polarity.POSITIVE and self.certainty is Certainty.ASSERTED

    def to_json(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "predicate": self.predicate.value,
            "object": self.object,
            "polarity": self.polarity.value,
            "certainty": self.certainty.value,
        }


@dataclass(frozen=True, slots=True)
class DocumentExtraction:
    """What extraction found in one document: a pure function of (document, vocabulary, rules)."""

    document: Document
    mentions: tuple[Mention, ...]
    statements: tuple[Statement, ...]
    entities: tuple[Entity, ...] = ()

    def to_json(self) -> dict[str, object]:
        """The ``kg extract --format jsonl`` record (the shape of the gold files)."""
        return {
            "id": self.document.id,
            "entities": [m.to_json() for m in self.mentions],
            "relations": [
                {**st.to_json(), "evidence": _evidence_json(st)} for st in self.statements
            ],
        }


def _evidence_json(st: Statement) -> dict[str, object]:
    if not st.evidence:
        return {}
    ev = st.evidence[0]
    return {"start": ev.start, "end": ev.end, "text": ev.text}
