"""kg validate: parse checks, SHACL shapes in plain words, exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import make_small_graph

from kg.cli import main
from kg.errors import EXIT_VALIDATION
from kg.export import write_all
from kg.validate import validate_export


@pytest.fixture
def export(tmp_path: Path) -> Path:
    folder = tmp_path / "exports"
    write_all(make_small_graph(hostile=True), folder, ["turtle", "owl"])
    return folder


def test_clean_export_has_no_problems(export: Path) -> None:
    assert validate_export(export) == []


# (Turtle appended to graph.ttl, words the problem must contain)
TAMPER = [
    ('stmt:236c85311327dd92 cg:polarity "negated" .', "statement stmt:236c85311327dd92 has 2 polarity values"),
    ('stmt:236c85311327dd92 cg:certainty "rumoured" .', "has 2 certainty values"),
    ('stmt:x1 a cg:Statement ; cg:polarity "maybe" .', 'statement stmt:x1 has "maybe"'),
    ("stmt:x2 a cg:Statement .", "statement stmt:x2 has 0 evidence values"),
    ("stmt:x3 a cg:Statement .", "statement stmt:x3 has 0 support count values"),
    ('stmt:x4 a cg:Statement ; cg:supportCount "2" .', "must have exactly one support count, an integer"),
    ("ev:e1 a cg:Evidence .", "evidence ev:e1 has 0 text values"),
    ("ev:e2 a cg:Evidence ; cg:text \"x\" .", "evidence ev:e2 has 0 document values"),
    ("HGNC:1633 cg:treats MONDO:0007915 .", "entity HGNC:1633 is the subject of cg:treats but is not a cg:Drug"),
    ("drugbank:DB00073 cg:depletes MONDO:0007915 .", "entity MONDO:0007915 is the object of cg:depletes but is not a cg:CellType"),
    ("stmt:x5 a cg:Statement ; rdf:predicate cg:treats ; rdf:subject CL:0000236 .",
     "has subject CL:0000236, which is not a cg:Drug as the domain of cg:treats requires"),
    ("stmt:x6 a cg:Statement ; rdf:predicate cg:expresses ; rdf:object drugbank:DB00073 .",
     "has object drugbank:DB00073, which is not a cg:Antigen as the range of cg:expresses requires"),
    ("stmt:x7 a cg:Statement ; rdf:predicate cg:cures .", "must have exactly one predicate"),
    ('doc:doc-a cg:kind "tweet" .', "document doc:doc-a"),
]


@pytest.mark.parametrize(("snippet", "words"), TAMPER)
def test_shacl_violation_in_plain_words(export: Path, snippet: str, words: str) -> None:
    ttl = export / "graph.ttl"
    ttl.write_text(ttl.read_text(encoding="utf-8") + "\n" + snippet + "\n", encoding="utf-8")
    messages = [str(p) for p in validate_export(export)]
    assert any(words in m for m in messages), messages
    assert all(m.startswith("graph.ttl: ") for m in messages)


@pytest.mark.parametrize(
    ("file", "content", "words"),
    [
        ("graph.ttl", "@prefix x: <http://x/> .\nx:a x:b \"unterminated .\n", "does not parse as Turtle"),
        ("graph.owl", "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description>", "does not parse as RDF/XML"),
        ("kgx/nodes.jsonl", '{"id": "a"}\n{bad\n', "line 2 is not JSON"),
        ("graph.graphml", "<graphml><node></graphml>", "does not parse as XML"),
        ("neo4j/nodes.csv", "id:ID,name\na,b,c\n", "row 2 has 3 fields, header has 2"),
    ],
)
def test_broken_files_are_reported(export: Path, file: str, content: str, words: str) -> None:
    path = export / file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    messages = [str(p) for p in validate_export(export)]
    assert any(m.startswith(file.split("/")[0]) and words in m for m in messages), messages


def test_owl_fact_contradicting_a_denial_is_reported(export: Path) -> None:
    owl = export / "graph.owl"
    fact = ('  <rdf:Description rdf:about="https://go.drugbank.com/drugs/DB00073">\n'
            '    <cg:treats rdf:resource="http://purl.obolibrary.org/obo/MONDO_0005404"/>\n'
            "  </rdf:Description>\n</rdf:RDF>\n")
    owl.write_text(owl.read_text(encoding="utf-8").replace("</rdf:RDF>\n", fact), encoding="utf-8")
    assert any("is both asserted and denied" in str(p) for p in validate_export(export))


def test_missing_graph_ttl_is_a_problem(tmp_path: Path) -> None:
    assert [str(p) for p in validate_export(tmp_path)] == ["graph.ttl: is missing"]


def test_cli_ok_and_exit_code(export: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(main, ["validate", str(export)])
    assert ok.exit_code == 0, ok.output
    assert "OK" in ok.output
    (export / "graph.ttl").write_text(
        (export / "graph.ttl").read_text(encoding="utf-8") + '\nstmt:x1 a cg:Statement ; cg:polarity "maybe" .\n',
        encoding="utf-8",
    )
    bad = runner.invoke(main, ["validate", str(export)])
    assert bad.exit_code == EXIT_VALIDATION
    assert 'statement stmt:x1 has "maybe"' in bad.output
