"""The seed graph (issue 3 item 5): the statements the seed texts support, and none they don't."""

from __future__ import annotations

import functools

import pytest

from kg.extract.relations import RULES_VERSION
from kg.graph import KnowledgeGraph
from kg.model import Certainty, Polarity, Predicate

CART, TEAM_E, CD38_CART, CD19_CART = "kg:cart", "kg:carv3-team-e", "kg:cart-cd38", "kg:cart-cd19"
DARA, RTX, IVIG, PLEX = (
    "drugbank:DB09331",
    "drugbank:DB00073",
    "drugbank:DB00028",
    "kg:plasmapheresis",
)
UC, RA, SLE = "MONDO:0005101", "MONDO:0008383", "MONDO:0007915"
SSC, MYOSITIS, MG = "MONDO:0005100", "MONDO:0021167", "MONDO:0009688"
GBM, MECFS, ITP, AID = "MONDO:0018177", "MONDO:0005404", "MONDO:0008558", "MONDO:0007179"
EGFR, CD38, CD19 = "HGNC:3236", "HGNC:1667", "HGNC:1633"
EGFRVIII = (
    "kg:egfrviii",
    "MESH:C410723",
)  # DESIGN names the MeSH concept; the vocabulary mints kg:egfrviii
LLPC = "CL:0000974"

P, N = Polarity.POSITIVE, Polarity.NEGATED
A, I, H = Certainty.ASSERTED, Certainty.INVESTIGATIONAL, Certainty.HYPOTHESISED
ANY = None


@functools.cache
def seed_graph() -> KnowledgeGraph:
    from kg.corpus import read_documents
    from kg.pipeline import extract, graph_from_extractions
    from tests.conftest import ROOT

    return graph_from_extractions(extract(read_documents([ROOT / "seeds"])))


def _find(
    g: KnowledgeGraph, s: str, p: str, o: str | tuple[str, ...]
) -> list[tuple[Polarity, Certainty]]:
    objs = (o,) if isinstance(o, str) else o
    return [
        (st.polarity, st.certainty)
        for st in g.statements
        if st.subject == s and st.predicate is Predicate(p) and st.object in objs
    ]


EXPECTED = [
    (CART, "treats", UC, P, A),
    (CART, "treats", RA, P, A),
    (CART, "treats", SLE, P, A),
    (CART, "treats", SSC, P, I),
    (CART, "treats", MYOSITIS, P, I),
    (CART, "treats", MG, P, I),
    (TEAM_E, "targets", EGFRVIII, P, A),
    (TEAM_E, "targets", EGFR, P, A),
    (TEAM_E, "treats", GBM, P, I),
    (CD38_CART, "targets", CD38, P, A),
    (CD38_CART, "treats", MECFS, P, H),
    (DARA, "treats", MECFS, P, H),
    (DARA, "depletes", LLPC, P, H),
    (RTX, "depletes", LLPC, N, ANY),
    (RTX, "treats", MECFS, N, ANY),
    (IVIG, "treats", ITP, P, H),
    (IVIG, "treats", AID, N, ANY),
    (PLEX, "treats", MG, P, H),
    (CD19_CART, "targets", CD19, P, A),
]


@pytest.mark.parametrize(("s", "p", "o", "polarity", "certainty"), EXPECTED)
def test_seed_statement(
    s: str, p: str, o: str, polarity: Polarity, certainty: Certainty | None
) -> None:
    found = _find(seed_graph(), s, p, o)
    if certainty is None:
        assert any(pol is polarity for pol, _ in found), found
    else:
        assert (polarity, certainty) in found, found


UNSUPPORTED = [
    # hopes and questions are never facts
    (DARA, "treats", MECFS, P, A),
    (DARA, "depletes", LLPC, P, A),
    (CD38_CART, "treats", MECFS, P, A),
    (IVIG, "treats", AID, P, A),
    (IVIG, "treats", ITP, N, A),
    (RTX, "depletes", LLPC, P, A),
    (RTX, "treats", MECFS, P, A),
    # a safety statement ("did not result in adverse events") negates nothing
    (TEAM_E, "treats", GBM, N, A),
    (TEAM_E, "treats", GBM, N, I),
]


@pytest.mark.parametrize(("s", "p", "o", "polarity", "certainty"), UNSUPPORTED)
def test_seed_graph_has_no_unsupported_statement(
    s: str, p: str, o: str, polarity: Polarity, certainty: Certainty
) -> None:
    assert (polarity, certainty) not in _find(seed_graph(), s, p, o)


IA = "kg:immunoadsorption"

NEVER = [
    # "I don't think a non-response to immunoadsorption is a reliable guide to whether targeting
    # long lived plasma cells will be useful": the trigger sits in a complement clause with its
    # own (unnamed) subject, so no polarity/certainty of these is supported
    (IA, "depletes", LLPC),
    (IA, "treats", MG),
]


@pytest.mark.parametrize(("s", "p", "o"), NEVER)
def test_seed_graph_never_states(s: str, p: str, o: str) -> None:
    assert _find(seed_graph(), s, p, o) == []


def test_trial_report_headline_is_not_an_asserted_claim() -> None:
    """ "NEJM: Intraventricular CARv3-TEAM-E T Cells in Recurrent Glioblastoma" heads a first-in-human
    study: the verbless title takes the document's trial certainty (investigational)."""
    g = seed_graph()
    treats = [
        st
        for st in g.statements
        if (st.subject, st.predicate, st.object) == (TEAM_E, Predicate.TREATS, GBM)
    ]
    assert [(st.polarity, st.certainty) for st in treats] == [(P, I)]
    assert any(ev.text.startswith("NEJM:") for ev in treats[0].evidence)


def test_every_seed_statement_has_sentence_evidence() -> None:
    g = seed_graph()
    assert g.statements
    for st in g.statements:
        assert st.evidence
        for ev in st.evidence:
            assert ev.extractor == RULES_VERSION
            assert ev.text in _doc_text(g, ev.document)


def _doc_text(g: KnowledgeGraph, doc_id: str) -> str:
    from kg.corpus import read_documents
    from tests.conftest import ROOT

    return next(d.text for d in read_documents([ROOT / "seeds"]) if d.id == doc_id)


def test_quoted_forum_sentence_counts_once() -> None:
    g = seed_graph()
    (st,) = [s for s in g.statements if (s.subject, s.object, s.certainty) == (IVIG, ITP, H)]
    assert g.support(st) == 1
