"""graph.ttl: schema, reification, direct triples, escaping, determinism, real parsers."""

from __future__ import annotations

import importlib.resources
import os
import re
import shutil
import subprocess
from pathlib import Path

import javatools
import pyoxigraph as ox
import pytest
import rdflib
from conftest import HOSTILE, make_small_graph
from rdflib.compare import to_isomorphic

from kg.export.rdf import (
    BIOLINK,
    CG,
    Lit,
    entity_iri,
    evidence_iri,
    iter_sections,
    statement_iri,
    to_turtle,
    write_turtle,
)
from kg.model import DOMAIN_RANGE, Predicate
from kg.synthetic import synthetic_graph

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("KG_UPDATE_GOLDEN") == "1"
RDF = rdflib.RDF
RDFS = rdflib.RDFS
SKOS = rdflib.SKOS
OWL = rdflib.OWL
CGNS = rdflib.Namespace(CG)
RO = "http://purl.obolibrary.org/obo/RO_"


def _schema() -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(data=(importlib.resources.files("kg.data") / "cartograph.ttl").read_text("utf-8"), format="turtle")
    return g


# -- schema ----------------------------------------------------------------------------


def test_schema_has_ontology_and_version_iri() -> None:
    g = _schema()
    onts = list(g.subjects(RDF.type, OWL.Ontology))
    assert onts == [rdflib.URIRef("https://w3id.org/cartograph/vocab")]
    assert g.value(onts[0], OWL.versionIRI) == rdflib.URIRef("https://w3id.org/cartograph/vocab/0.1.0")


@pytest.mark.parametrize("predicate", list(Predicate))
def test_schema_property_domain_range_label_definition(predicate: Predicate) -> None:
    g = _schema()
    p = CGNS[predicate.value]
    classes = {"cell_type": "CellType", "antigen": "Antigen", "drug": "Drug", "disease": "Disease"}
    dom, rng = DOMAIN_RANGE[predicate]
    assert (p, RDF.type, OWL.ObjectProperty) in g
    assert g.value(p, RDFS.domain) == CGNS[classes[dom.value]]
    assert g.value(p, RDFS.range) == CGNS[classes[rng.value]]
    assert g.value(p, RDFS.label) is not None
    assert g.value(p, SKOS.definition) is not None


@pytest.fixture(scope="module")
def biolink() -> dict[str, dict]:
    import yaml

    path = importlib.resources.files("biolink_model") / "schema" / "biolink_model.yaml"
    return yaml.safe_load(path.read_text("utf-8"))  # type: ignore[no-any-return]


def _biolink_name(iri: str) -> str:
    local = iri[len(BIOLINK):]
    if local[:1].isupper():  # class: CamelCase -> "camel case"
        return re.sub(r"(?<!^)(?=[A-Z])", " ", local).lower()
    return local.replace("_", " ")


def test_every_biolink_mapping_exists(biolink: dict[str, dict]) -> None:
    g = _schema()
    mapped = [(s, p, o) for p in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch)
              for s, o in g.subject_objects(p) if str(o).startswith(BIOLINK)]
    assert len(mapped) >= 9
    names = {n.lower() for n in (*biolink["slots"], *biolink["classes"])}
    for s, _, o in mapped:
        assert _biolink_name(str(o)) in names, f"{s} maps to {o}, which Biolink does not define"


def test_every_ro_mapping_is_listed_by_biolink_for_the_same_relation(biolink: dict[str, dict]) -> None:
    """RO IDs are checked against the RO mappings Biolink gives its predicates."""
    g = _schema()
    n = 0
    for p in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch):
        for s, o in g.subject_objects(p):
            if not str(o).startswith(RO):
                continue
            n += 1
            curie = "RO:" + str(o)[len(RO):]
            slots = [biolink["slots"][_biolink_name(str(b))] for kind in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch)
                     for b in g.objects(s, kind) if str(b).startswith(BIOLINK)]
            listed = {m for slot in slots for k in ("exact_mappings", "close_mappings", "narrow_mappings", "broad_mappings")
                      for m in slot.get(k) or ()}
            assert curie in listed, f"{s} -> {curie} is not among Biolink's mappings {sorted(listed)}"
            if p == SKOS.exactMatch:
                assert any(curie in (slot.get("exact_mappings") or ()) for slot in slots)
    assert n >= 4


# -- content ---------------------------------------------------------------------------


def _parse(text: str) -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(data=text, format="turtle")
    return g


def test_every_statement_reified_with_its_values(small_graph) -> None:
    g = _parse(to_turtle(small_graph))
    assert len(set(g.subjects(RDF.type, CGNS.Statement))) == len(small_graph)
    for st in small_graph.statements:
        node = rdflib.URIRef(statement_iri(st))
        assert g.value(node, RDF.subject) == rdflib.URIRef(entity_iri(st.subject))
        assert g.value(node, RDF.predicate) == CGNS[st.predicate.value]
        assert g.value(node, RDF.object) == rdflib.URIRef(entity_iri(st.object))
        assert list(g.objects(node, CGNS.polarity)) == [rdflib.Literal(st.polarity.value)]
        assert list(g.objects(node, CGNS.certainty)) == [rdflib.Literal(st.certainty.value)]
        assert g.value(node, CGNS.supportCount).toPython() == small_graph.support(st)
        evs = set(g.objects(node, CGNS.evidence))
        assert evs == {rdflib.URIRef(evidence_iri(e)) for e in st.evidence}
        for ev_node, ev in zip(sorted(evs), sorted(st.evidence, key=evidence_iri), strict=True):
            assert str(g.value(ev_node, CGNS.text)) == ev.text
            assert g.value(ev_node, CGNS.start).toPython() == ev.start


@pytest.mark.parametrize("index", range(10))
def test_direct_triple_only_for_asserted_positive(small_graph, index: int) -> None:
    st = small_graph.statements[index]
    g = _parse(to_turtle(small_graph))
    direct = (rdflib.URIRef(entity_iri(st.subject)), CGNS[st.predicate.value], rdflib.URIRef(entity_iri(st.object)))
    facts = [s for s in small_graph.statements if s.triple == st.triple and s.is_fact]
    assert (direct in g) == bool(facts)


def test_entities_typed_labelled_with_synonyms_and_xrefs(small_graph) -> None:
    g = _parse(to_turtle(small_graph))
    b = rdflib.URIRef("http://purl.obolibrary.org/obo/CL_0000236")
    assert g.value(b, RDF.type) == CGNS.CellType
    assert str(g.value(b, RDFS.label)) == "B cell"
    assert {str(x) for x in g.objects(b, SKOS.altLabel)} == {"B cells", "B lymphocyte"}
    sle = rdflib.URIRef("http://purl.obolibrary.org/obo/MONDO_0007915")
    assert g.value(sle, SKOS.exactMatch) == rdflib.URIRef("http://purl.obolibrary.org/obo/DOID_9074")


def test_matches_the_triples_it_was_built_from(hostile_graph) -> None:
    """rdflib round trip: the written Turtle is isomorphic to the builder's triples."""
    expected = rdflib.Graph()
    for _, triples in iter_sections(hostile_graph):
        for s, p, o in triples:
            obj = rdflib.URIRef(o) if isinstance(o, str) else rdflib.Literal(
                o.value, datatype=rdflib.URIRef(o.datatype) if o.datatype else None)
            if isinstance(o, Lit) and o.datatype is None:
                obj = rdflib.Literal(o.value)
            expected.add((rdflib.URIRef(s), rdflib.URIRef(p), obj))
    got = _parse(to_turtle(hostile_graph))
    assert len(got) == len(expected)
    assert to_isomorphic(got) == to_isomorphic(expected)


def _hostile_strings(graph) -> set[str]:
    out = {d.title for d in graph.documents} | {e.label for e in graph.entities}
    out |= {s for e in graph.entities for s in e.synonyms}
    out |= {ev.text for st in graph.statements for ev in st.evidence}
    return {s for s in out if HOSTILE in s}


def test_hostile_literals_survive_rdflib_and_pyoxigraph_exactly(hostile_graph) -> None:
    text = to_turtle(hostile_graph)
    want = _hostile_strings(hostile_graph)
    assert len(want) >= 5
    via_rdflib = {str(o) for o in _parse(text).objects() if isinstance(o, rdflib.Literal)}
    via_ox = {t.object.value for t in ox.parse(text.encode(), format=ox.RdfFormat.TURTLE)
              if isinstance(t.object, ox.Literal)}
    assert want <= via_rdflib
    assert want <= via_ox


def test_byte_identical_rebuild_and_golden(tmp_path: Path) -> None:
    a, b = tmp_path / "a.ttl", tmp_path / "b.ttl"
    write_turtle(make_small_graph(), a)
    write_turtle(make_small_graph(), b)
    assert a.read_bytes() == b.read_bytes()
    golden = GOLDEN / "small_graph.ttl"
    if UPDATE:
        golden.write_bytes(a.read_bytes())
    assert a.read_bytes() == golden.read_bytes(), "regenerate with KG_UPDATE_GOLDEN=1 if intended"


# -- real tools ------------------------------------------------------------------------

GRAPHS = {
    "small": lambda: make_small_graph(),
    "hostile": lambda: make_small_graph(hostile=True),
    "synthetic": lambda: synthetic_graph(400, 3000, seed=7),
}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("ttl")
    out = {}
    for name, make in GRAPHS.items():
        out[name] = folder / f"{name}.ttl"
        write_turtle(make(), out[name])
    return out


@pytest.mark.slow
def test_jena_riot_strict_validate(written: dict[str, Path]) -> None:
    proc = javatools.run_java("jena", "riotcmd.riot", "--validate", "--strict", "--syntax=turtle",
                              *(str(p) for p in written.values()))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "ERROR" not in proc.stderr and "WARN" not in proc.stderr, proc.stderr


@pytest.mark.slow
def test_jena_riot_catches_a_broken_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(to_turtle(make_small_graph()).replace('"B cell"', '"B cell', 1), encoding="utf-8")
    proc = javatools.run_java("jena", "riotcmd.riot", "--validate", "--strict", str(bad))
    assert proc.returncode != 0


@pytest.mark.parametrize("name", list(GRAPHS))
def test_rapper_parses_with_same_triple_count(written: dict[str, Path], name: str) -> None:
    rapper = shutil.which("rapper")
    assert rapper is not None, "rapper (raptor2-utils) is not installed; .ci/run installs it"
    proc = subprocess.run([rapper, "-i", "turtle", "-c", str(written[name])], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    count = int(re.search(r"returned (\d+) triples", proc.stderr).group(1))  # type: ignore[union-attr]
    with written[name].open("rb") as fh:
        assert count == sum(1 for _ in ox.parse(fh, format=ox.RdfFormat.TURTLE))
