"""KnowledgeGraph: merging, evidence union, support, belief, contested claims, domain/range."""

from __future__ import annotations

import itertools

import pytest
from conftest import make_small_graph

from kg.graph import DocumentInfo, KnowledgeGraph
from kg.model import Certainty, Entity, Evidence, NodeType, Polarity, Predicate, Statement
from kg.synthetic import synthetic_graph

RTX = "drugbank:DB00073"
CFS = "MONDO:0005404"


def _ev(doc: str, text: str, start: int = 0, kind: str = "forum") -> Evidence:
    return Evidence(doc, text, start, start + len(text), "rules.v1", kind)


def _graph_with(*statements: Statement) -> KnowledgeGraph:
    g = KnowledgeGraph()
    g.add_entity(Entity(RTX, "rituximab", NodeType.DRUG))
    g.add_entity(Entity(CFS, "ME/CFS", NodeType.DISEASE))
    for s in statements:
        g.add_statement(s)
    return g


def test_equal_statements_merge_and_union_evidence() -> None:
    a = Statement(RTX, Predicate.TREATS, CFS, evidence=(_ev("d1", "Rituximab treats CFS."),))
    b = Statement(RTX, Predicate.TREATS, CFS, evidence=(_ev("d2", "Rituximab treats CFS."),))
    g = _graph_with(a, b)
    assert len(g) == 1
    (st,) = g.statements
    assert [e.document for e in st.evidence] == ["d1", "d2"]
    assert g.support(st) == 2


def test_quoted_sentence_in_same_document_is_one_piece_of_evidence() -> None:
    text = "IVIG is a pretty rubbish treatment for anything."
    a = Statement(RTX, Predicate.TREATS, CFS, evidence=(_ev("forum", text, 10), _ev("forum", text, 900)))
    g = _graph_with(a)
    (st,) = g.statements
    assert g.support(st) == 1
    assert st.evidence[0].start == 10


@pytest.mark.parametrize(
    ("pol", "cert"),
    [(Polarity.NEGATED, Certainty.ASSERTED), (Polarity.POSITIVE, Certainty.HYPOTHESISED)],
)
def test_different_polarity_or_certainty_stay_apart(pol: Polarity, cert: Certainty) -> None:
    a = Statement(RTX, Predicate.TREATS, CFS, evidence=(_ev("d1", "x"),))
    b = Statement(RTX, Predicate.TREATS, CFS, pol, cert, evidence=(_ev("d1", "y"),))
    assert len(_graph_with(a, b)) == 2


def test_contested_needs_both_polarities() -> None:
    pos = Statement(RTX, Predicate.TREATS, CFS, evidence=(_ev("d1", "It works."),))
    neg = Statement(RTX, Predicate.TREATS, CFS, Polarity.NEGATED, evidence=(_ev("d2", "It failed."),))
    assert _graph_with(pos).contested() == []
    g = _graph_with(pos, neg)
    ((triple, positives, negatives),) = g.contested()
    assert triple == (RTX, "treats", CFS)
    assert [s.polarity for s in positives] == [Polarity.POSITIVE]
    assert [s.polarity for s in negatives] == [Polarity.NEGATED]
    assert g.is_contested(pos) and g.is_contested(neg)


def test_belief_grows_with_support_and_source_kind() -> None:
    one_forum = _graph_with(Statement(RTX, Predicate.TREATS, CFS, evidence=(_ev("d1", "a"),)))
    two_abstracts = _graph_with(
        Statement(RTX, Predicate.TREATS, CFS, evidence=(_ev("d1", "a", kind="abstract"), _ev("d2", "b", kind="abstract")))
    )
    hedged = _graph_with(
        Statement(RTX, Predicate.TREATS, CFS, certainty=Certainty.HYPOTHESISED, evidence=(_ev("d1", "a"),))
    )
    b1 = one_forum.belief(one_forum.statements[0])
    b2 = two_abstracts.belief(two_abstracts.statements[0])
    b3 = hedged.belief(hedged.statements[0])
    assert 0 < b3 < b1 < b2 < 1
    assert b1 == pytest.approx(0.3)
    assert b2 == pytest.approx(1 - 0.3 * 0.3)


def test_support_by_kind_uses_document_metadata() -> None:
    g = _graph_with(Statement(RTX, Predicate.TREATS, CFS, evidence=(_ev("d1", "a", kind="unknown"), _ev("d2", "b"))))
    g.add_document(DocumentInfo("d1", kind="news"))
    assert g.support_by_kind(g.statements[0]) == {"forum": 1, "news": 1}


def test_domain_and_range_enforced() -> None:
    g = _graph_with()
    with pytest.raises(ValueError, match="needs a antigen"):
        g.add_statement(Statement(RTX, Predicate.TARGETS, CFS))


def test_entity_type_conflict_is_an_error() -> None:
    g = _graph_with()
    with pytest.raises(ValueError, match="two types"):
        g.add_entity(Entity(RTX, "rituximab", NodeType.ANTIGEN))


def test_merge_is_associative_and_commutative() -> None:
    parts = [synthetic_graph(30, 60, seed=s, n_documents=5) for s in range(3)]
    results = set()
    for perm in itertools.permutations(parts):
        left = perm[0].merge(perm[1]).merge(perm[2])
        right = perm[0].merge(perm[1].merge(perm[2]))
        for g in (left, right):
            results.add(
                tuple((s.key, tuple(e.sort_key() for e in s.evidence)) for s in g.statements)
            )
    assert len(results) == 1


def test_queries_and_networkx_view(small_graph: KnowledgeGraph) -> None:
    assert small_graph.neighbours("HGNC:1633") == ["CL:0000236", "kg:cart-cd19"]
    treats = list(small_graph.iter_statements(predicate="treats", polarity="positive"))
    assert {s.object for s in treats} == {"MONDO:0007915", CFS}
    g = small_graph.to_networkx()
    assert g.number_of_nodes() == 9 and g.number_of_edges() == 10
    contested = [d for _, _, d in g.edges(data=True) if d["contested"]]
    assert len(contested) == 2


def test_counts(small_graph: KnowledgeGraph) -> None:
    c = small_graph.counts()
    assert c["entities"] == {"antigen": 2, "cell_type": 2, "disease": 2, "drug": 3}
    assert c["polarity"] == {"negated": 2, "positive": 8}


def test_hostile_graph_builds() -> None:
    assert len(make_small_graph(hostile=True)) == 10
