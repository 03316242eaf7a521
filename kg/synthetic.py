"""Synthetic graphs of a chosen size, for exporter tests and benchmarks.

Deterministic for a given seed; entity ids are minted ``kg:`` ids so they never
collide with real ontology terms.
"""

from __future__ import annotations

import random

from kg.graph import DocumentInfo, KnowledgeGraph
from kg.model import (
    DOMAIN_RANGE,
    Certainty,
    Entity,
    Evidence,
    NodeType,
    Polarity,
    Predicate,
    Statement,
)

__all__ = ["synthetic_graph"]

_KINDS = ("abstract", "paper", "news", "forum")


def synthetic_graph(n_nodes: int, n_statements: int, *, seed: int = 0, n_documents: int = 50) -> KnowledgeGraph:
    """A random graph with ``n_nodes`` entities (spread over the four types) and
    about ``n_statements`` statements obeying domain and range.

    >>> g = synthetic_graph(40, 100)
    >>> len(g.entities), len(g) > 50
    (40, True)
    """
    rng = random.Random(seed)
    graph = KnowledgeGraph()
    types = list(NodeType)
    by_type: dict[NodeType, list[str]] = {t: [] for t in types}
    for i in range(n_nodes):
        t = types[i % len(types)]
        eid = f"kg:synthetic-{t.value.replace('_', '-')}-{i}"
        graph.add_entity(
            Entity(id=eid, label=f"{t.value} {i}", type=t, synonyms=(f"{t.value[:3].upper()}{i}",))
        )
        by_type[t].append(eid)
    for d in range(n_documents):
        graph.add_document(
            DocumentInfo(id=f"synthetic-{d}", title=f"Synthetic document {d}", kind=_KINDS[d % 4])
        )
    preds = list(Predicate)
    for i in range(n_statements):
        p = preds[i % len(preds)]
        dom, rng_t = DOMAIN_RANGE[p]
        s = rng.choice(by_type[dom])
        o = rng.choice(by_type[rng_t])
        pol = Polarity.NEGATED if rng.random() < 0.1 else Polarity.POSITIVE
        cert = rng.choices(list(Certainty), weights=(6, 3, 1))[0]
        d = rng.randrange(n_documents)
        text = f"Sentence {i}: {s} {p.value} {o}."
        ev = Evidence(
            document=f"synthetic-{d}",
            text=text,
            start=i * 10,
            end=i * 10 + len(text),
            extractor="synthetic.v1",
            document_kind=_KINDS[d % 4],
        )
        graph.add_statement(Statement(s, p, o, pol, cert, (ev,)))
    return graph
