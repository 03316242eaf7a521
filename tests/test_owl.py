"""graph.owl: OWL 2 DL for Protégé, checked by the OWL API (DL profile) and HermiT."""

from __future__ import annotations

import os
from pathlib import Path

import javatools
import pytest
import rdflib
from conftest import HOSTILE, make_small_graph

from kg.export.owl import to_owl, write_owl
from kg.export.rdf import CG, entity_iri, statement_iri
from kg.graph import KnowledgeGraph
from kg.model import Certainty, Evidence, Polarity, Predicate, Statement
from kg.synthetic import synthetic_graph

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("KG_UPDATE_GOLDEN") == "1"
CGNS = rdflib.Namespace(CG)
OWL = rdflib.OWL


def _parse(text: str) -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(data=text, format="xml")
    return g


def _contradicted_graph() -> KnowledgeGraph:
    """The small graph plus an asserted claim that is also asserted as denied."""
    g = make_small_graph()
    ev = Evidence("doc-a", "Rituximab treats ME/CFS.", 500, 524, "rules.v1", "abstract")
    g.add_statement(Statement("drugbank:DB00073", Predicate.TREATS, "MONDO:0005404", evidence=(ev,)))
    return g


GRAPHS = {
    "small": lambda: make_small_graph(),
    "hostile": lambda: make_small_graph(hostile=True),
    "contradicted": _contradicted_graph,
    "synthetic": lambda: synthetic_graph(200, 1500, seed=3),
}


def test_byte_identical_and_golden(tmp_path: Path) -> None:
    a, b = tmp_path / "a.owl", tmp_path / "b.owl"
    write_owl(make_small_graph(), a)
    write_owl(make_small_graph(), b)
    assert a.read_bytes() == b.read_bytes()
    golden = GOLDEN / "small_graph.owl"
    if UPDATE:
        golden.write_bytes(a.read_bytes())
    assert a.read_bytes() == golden.read_bytes(), "regenerate with KG_UPDATE_GOLDEN=1 if intended"


@pytest.mark.parametrize("index", range(10))
def test_only_asserted_positive_statements_are_facts(small_graph, index: int) -> None:
    st = small_graph.statements[index]
    g = _parse(to_owl(small_graph))
    s, p, o = rdflib.URIRef(entity_iri(st.subject)), CGNS[st.predicate.value], rdflib.URIRef(entity_iri(st.object))
    negative = {
        (g.value(n, OWL.sourceIndividual), g.value(n, OWL.assertionProperty), g.value(n, OWL.targetIndividual))
        for n in g.subjects(rdflib.RDF.type, OWL.NegativePropertyAssertion)
    }
    facts = {x.key for x in small_graph.statements if x.certainty is Certainty.ASSERTED and x.triple == st.triple}
    pos_fact = (st.subject, st.predicate.value, st.object, "positive", "asserted") in facts
    neg_fact = (st.subject, st.predicate.value, st.object, "negated", "asserted") in facts
    assert ((s, p, o) in g) == (pos_fact and not neg_fact)
    assert ((s, p, o) in negative) == (neg_fact and not pos_fact)
    # every statement, fact or not, is a cg:Statement individual with its annotations
    node = rdflib.URIRef(statement_iri(st))
    assert (node, rdflib.RDF.type, CGNS.Statement) in g
    assert str(g.value(node, CGNS.certainty)) == st.certainty.value
    assert g.value(node, CGNS.subject) == s


def test_asserted_contradiction_stays_annotation_only() -> None:
    g = _parse(to_owl(_contradicted_graph()))
    s, o = rdflib.URIRef(entity_iri("drugbank:DB00073")), rdflib.URIRef(entity_iri("MONDO:0005404"))
    assert (s, CGNS.treats, o) not in g
    assert not any(g.value(n, OWL.sourceIndividual) == s and g.value(n, OWL.targetIndividual) == o
                   and g.value(n, OWL.assertionProperty) == CGNS.treats
                   for n in g.subjects(rdflib.RDF.type, OWL.NegativePropertyAssertion))


def test_hostile_text_survives_rdfxml_exactly(hostile_graph) -> None:
    g = _parse(to_owl(hostile_graph))
    literals = {str(o) for o in g.objects() if isinstance(o, rdflib.Literal)}
    texts = {ev.text for st in hostile_graph.statements for ev in st.evidence}
    assert texts <= literals
    assert {e.label for e in hostile_graph.entities} <= literals
    assert any(HOSTILE in x for x in literals)


def test_xml_illegal_characters_are_replaced(tmp_path: Path) -> None:
    g = make_small_graph()
    g.add_statement(Statement("drugbank:DB00073", Predicate.DEPLETES, "CL:0000974", Polarity.POSITIVE,
                              Certainty.HYPOTHESISED,
                              (Evidence("doc-a", "form\x0cfeed \x1b[31m esc", 900, 915, "rules.v1"),)))
    parsed = _parse(to_owl(g))
    assert "form\ufffdfeed \ufffd[31m esc" in {str(o) for o in parsed.objects()}


# -- the OWL API (Protégé's library) and HermiT ------------------------------------------


def _owlcheck(path: Path) -> dict[str, str]:
    proc = javatools.run_java("owlapi", "OwlCheck", str(path))
    out: dict[str, str] = {"rc": str(proc.returncode), "stderr": proc.stderr}
    for line in proc.stdout.splitlines():
        key, _, value = line.partition(": ")
        out[key] = out[key] + "\n" + value if key in out else value
    return out


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    folder = tmp_path_factory.mktemp("owl")
    out = {}
    for name, make in GRAPHS.items():
        path = folder / f"{name}.owl"
        write_owl(make(), path)
        out[name] = _owlcheck(path)
    return out


@pytest.mark.slow
@pytest.mark.parametrize("name", list(GRAPHS))
def test_owlapi_loads_in_dl_profile_and_hermit_says_consistent(checked, name: str) -> None:
    r = checked[name]
    assert "violation" not in r, r.get("violation")
    assert r.get("error") is None, r["error"]
    assert r["format"] == "RDF/XML Syntax"
    assert r["unparsed"] == "0"
    assert r["dl"] == "true"
    assert r["consistent"] == "true"
    assert r["rc"] == "0", r


@pytest.mark.slow
def test_owlapi_sees_facts_denials_and_their_annotations(checked, small_graph) -> None:
    r = checked["small"]
    facts = [s for s in small_graph.statements if s.is_fact]
    denials = [s for s in small_graph.statements if s.certainty is Certainty.ASSERTED and s.polarity is Polarity.NEGATED]
    n_evidence = len({ev.id for s in small_graph.statements for ev in s.evidence})
    # facts + one prov:wasGeneratedBy assertion per evidence individual
    assert int(r["axioms.ObjectPropertyAssertion"]) == len(facts) + n_evidence
    assert int(r["annotated.ObjectPropertyAssertion"]) == len(facts)
    assert int(r["axioms.NegativeObjectPropertyAssertion"]) == len(denials)
    assert int(r["annotated.NegativeObjectPropertyAssertion"]) == len(denials)
    assert int(r["axioms.ClassAssertion"]) >= len(small_graph.entities) + len(small_graph)


@pytest.mark.slow
def test_hermit_catches_an_injected_contradiction(tmp_path: Path, small_graph) -> None:
    """Negative control: a fact contradicting a denial must make the ontology inconsistent."""
    text = to_owl(small_graph)
    fact = (f'  <rdf:Description rdf:about="{entity_iri("drugbank:DB00073")}">\n'
            f'    <cg:treats rdf:resource="{entity_iri("MONDO:0005404")}"/>\n  </rdf:Description>\n</rdf:RDF>\n')
    bad = tmp_path / "bad.owl"
    bad.write_text(text.replace("</rdf:RDF>\n", fact), encoding="utf-8")
    r = _owlcheck(bad)
    assert r["consistent"] == "false"
    assert r["rc"] == "1"
