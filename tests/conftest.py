"""Shared fixtures: a small hand-built graph (with hostile text) every exporter test can use."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.graph import DocumentInfo, KnowledgeGraph
from kg.model import Certainty, Entity, Evidence, NodeType, Polarity, Predicate, Statement

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
RESOURCES = Path(__file__).resolve().parent / "resources"

# Strings that break naive exporters: markup, quotes, backslashes, triple quotes,
# CSV/Cypher/SPARQL metacharacters, newlines, unicode line separators, RTL, emoji.
HOSTILE = (
    '<script>alert("x")</script> <img src=x onerror=alert(1)> "quoted" \'single\' '
    'back\\slash """triple""" a,b;c|d {`$param`} ?var <iri> @prefix '
    "\n> line start\r\nsecond line\u2028sep\u2029para \u202eRTL\u202c emoji 🧬 </script>"
)


def make_small_graph(hostile: bool = False) -> KnowledgeGraph:
    """Rituximab/daratumumab/CAR-T mini graph; with ``hostile`` the text fields are nasty."""
    g = KnowledgeGraph()
    nasty = HOSTILE if hostile else ""
    g.add_document(DocumentInfo(id="doc-a", title="Paper A" + nasty, kind="abstract", source="test"))
    g.add_document(DocumentInfo(id="doc-b", title="Forum B", kind="forum", source="test"))
    ents = [
        Entity("drugbank:DB00073", "Rituximab" + nasty, NodeType.DRUG, ("Rituxan", "RTX" + nasty), ("MESH:D000069283",)),
        Entity("drugbank:DB09331", "Daratumumab", NodeType.DRUG, ("Darzalex",), ()),
        Entity("kg:cart-cd19", "CD19 CAR-T cell therapy", NodeType.DRUG, ("CD19 CAR T cells",), ()),
        Entity("HGNC:1633", "CD19", NodeType.ANTIGEN, ("CD19 molecule",), ("UniProtKB:P15391",)),
        Entity("HGNC:1667", "CD38", NodeType.ANTIGEN, (), ()),
        Entity("CL:0000236", "B cell", NodeType.CELL_TYPE, ("B cells", "B lymphocyte"), ()),
        Entity("CL:0000974", "long lived plasma cell", NodeType.CELL_TYPE, ("LLPC",), ()),
        Entity("MONDO:0007915", "systemic lupus erythematosus", NodeType.DISEASE, ("SLE", "lupus"), ("DOID:9074",)),
        Entity("MONDO:0005404", "chronic fatigue syndrome", NodeType.DISEASE, ("ME/CFS",), ()),
    ]
    for e in ents:
        g.add_entity(e)

    def ev(doc: str, text: str, start: int, cues: tuple[str, ...] = ()) -> Evidence:
        kind = "abstract" if doc == "doc-a" else "forum"
        return Evidence(doc, text + nasty, start, start + len(text + nasty), "rules.v1", kind, cues)

    sts = [
        Statement("kg:cart-cd19", Predicate.TARGETS, "HGNC:1633", evidence=(ev("doc-a", "CD19 CAR T cells target CD19.", 0),)),
        Statement("kg:cart-cd19", Predicate.TREATS, "MONDO:0007915", evidence=(ev("doc-a", "CD19 CAR T cells treated lupus.", 40),)),
        Statement("drugbank:DB00073", Predicate.DEPLETES, "CL:0000236", evidence=(ev("doc-a", "Rituximab depletes B cells.", 80),)),
        Statement("drugbank:DB00073", Predicate.TREATS, "MONDO:0005404", Polarity.NEGATED, evidence=(ev("doc-b", "Rituximab failed in ME/CFS.", 0, ("failed",)),)),
        Statement("drugbank:DB00073", Predicate.TREATS, "MONDO:0005404", Polarity.POSITIVE, Certainty.HYPOTHESISED, evidence=(ev("doc-b", "Rituximab might help ME/CFS.", 30, ("might",)),)),
        Statement("drugbank:DB09331", Predicate.DEPLETES, "CL:0000974", certainty=Certainty.HYPOTHESISED, evidence=(ev("doc-b", "Daratumumab might get rid of long lived plasma cells.", 60, ("might",)),)),
        Statement("drugbank:DB09331", Predicate.TREATS, "MONDO:0007915", certainty=Certainty.INVESTIGATIONAL, evidence=(ev("doc-a", "Phase II trials of daratumumab in lupus are under way.", 120, ("Phase II trials", "under way")),)),
        Statement("drugbank:DB09331", Predicate.TARGETS, "HGNC:1667", evidence=(ev("doc-a", "Daratumumab targets CD38.", 200),)),
        Statement("CL:0000236", Predicate.EXPRESSES, "HGNC:1633", evidence=(ev("doc-a", "B cells express CD19.", 240),)),
        Statement("kg:cart-cd19", Predicate.CAUSES, "MONDO:0005404", Polarity.NEGATED, evidence=(ev("doc-b", "It did not cause ME/CFS.", 300, ("did not",)),)),
    ]
    for s in sts:
        g.add_statement(s)
    return g


@pytest.fixture
def small_graph() -> KnowledgeGraph:
    return make_small_graph()


@pytest.fixture
def hostile_graph() -> KnowledgeGraph:
    return make_small_graph(hostile=True)
