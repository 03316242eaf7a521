"""kg query: SPARQL on pyoxigraph, named queries, safe parameters, output formats."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import HOSTILE, make_small_graph

from kg.cli import main
from kg.errors import EXIT_USAGE, InputError, UsageError
from kg.export.rdf import write_turtle
from kg.model import Evidence, Predicate, Statement
from kg.query import (
    bind_parameters,
    format_result,
    get_named_query,
    load_store,
    named_queries,
    run_query,
)


@pytest.fixture(scope="module")
def ttl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    g = make_small_graph()
    # CD19 CAR-T depletes B cells (which express CD19, which it targets)
    g.add_statement(Statement("kg:cart-cd19", Predicate.DEPLETES, "CL:0000236",
                              evidence=(Evidence("doc-a", "CAR T cells deplete B cells.", 600, 628, "rules.v1"),)))
    path = tmp_path_factory.mktemp("q") / "graph.ttl"
    write_turtle(g, path)
    return path


@pytest.fixture(scope="module")
def store(ttl: Path):
    return load_store(ttl)


def test_named_queries_are_shipped() -> None:
    assert set(named_queries()) >= {"treats_disease", "negated_claims", "target_expressed_depleted", "contested_claims"}


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_runs(store, name: str) -> None:
    assert run_query(store, get_named_query(name)).variables


def test_what_treats_lupus_with_certainty_and_evidence(store) -> None:
    r = run_query(store, get_named_query("treats_disease"), {"disease": "LUPUS"})
    rows = [dict(zip(r.variables, row, strict=True)) for row in r.rows]
    assert [(x["therapy"], x["certainty"], x["polarity"]) for x in rows] == [
        ("CD19 CAR-T cell therapy", "asserted", "positive"),
        ("Daratumumab", "investigational", "positive"),
    ]
    assert rows[0]["evidence"] == "CD19 CAR T cells treated lupus."
    assert rows[0]["support"] == "1"
    assert rows[1]["document"] == "doc-a"


def test_treats_disease_without_parameter_lists_every_disease(store) -> None:
    r = run_query(store, get_named_query("treats_disease"))
    assert {row[1] for row in r.rows} == {"systemic lupus erythematosus", "chronic fatigue syndrome"}


def test_negated_claims_with_evidence(store) -> None:
    r = run_query(store, get_named_query("negated_claims"))
    got = {(row[0], row[1], row[2], row[4]) for row in r.rows}
    assert got == {
        ("Rituximab", "treats", "chronic fatigue syndrome", "Rituximab failed in ME/CFS."),
        ("CD19 CAR-T cell therapy", "causes", "chronic fatigue syndrome", "It did not cause ME/CFS."),
    }


def test_therapy_targeting_an_antigen_of_cells_it_depletes(store) -> None:
    r = run_query(store, get_named_query("target_expressed_depleted"))
    assert [row[:3] for row in r.rows] == [("CD19 CAR-T cell therapy", "CD19", "B cell")]


def test_contested_claims(store) -> None:
    r = run_query(store, get_named_query("contested_claims"))
    assert {(row[0], row[3], row[4]) for row in r.rows} == {
        ("Rituximab", "negated", "asserted"), ("Rituximab", "positive", "hypothesised")}


@pytest.mark.parametrize("value", [
    'lupus" } } DELETE WHERE { ?s ?p ?o } #',
    "x' . ?a ?b ?c",
    "\\",
    HOSTILE,
    '"""',
])
def test_parameter_values_cannot_inject(store, value: str) -> None:
    q = get_named_query("treats_disease")
    r = run_query(store, q, {"disease": value})
    assert r.rows == ()
    # the value arrives as one literal, whatever it holds
    echo = run_query(store, "SELECT ?disease WHERE { }", {"disease": value})
    assert echo.rows == ((value,),)


def test_bad_parameter_name_and_bad_sparql(store) -> None:
    with pytest.raises(UsageError):
        bind_parameters("SELECT * WHERE { }", {"a b": "x"})
    with pytest.raises(UsageError, match="bad SPARQL"):
        run_query(store, "SELEKT * WHERE { }")
    with pytest.raises(InputError):
        load_store(Path("no/such/graph.ttl"))


def test_formats(store) -> None:
    r = run_query(store, get_named_query("negated_claims"))
    rows = list(csv.reader(io.StringIO(format_result(r, "csv"))))
    assert rows[0] == list(r.variables) and len(rows) == 3
    data = json.loads(format_result(r, "json"))
    assert data["head"]["vars"] == list(r.variables) and len(data["results"]) == 2
    table = format_result(r, "table").splitlines()
    assert table[0].split()[:3] == ["subject", "predicate", "object"] and table[-1] == "(2 rows)"
    assert format_result(run_query(store, "ASK { ?s ?p ?o }"), "json") == '{"head": {}, "boolean": true}'


def test_table_neutralises_terminal_control_characters() -> None:
    from kg.query import QueryResult

    r = QueryResult(("x",), (("a\x1b[2Jb\u202eevil",),))
    assert "\x1b" not in format_result(r) and "\u202e" not in format_result(r)


def test_cli_named_file_and_inline(ttl: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    named = runner.invoke(main, ["query", str(ttl), "treats_disease", "--param", "disease=lupus", "--format", "csv"])
    assert named.exit_code == 0, named.output
    assert named.output.splitlines()[1].startswith("CD19 CAR-T cell therapy,systemic lupus erythematosus,positive,asserted")
    rq = tmp_path / "n.rq"
    rq.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/cartograph/vocab#Statement> }", encoding="utf-8")
    from_file = runner.invoke(main, ["query", str(ttl), "-f", str(rq), "--format", "json"])
    assert json.loads(from_file.output)["results"] == [{"n": "11"}]
    inline = runner.invoke(main, ["query", str(ttl), "ASK { ?s ?p ?o }"])
    assert inline.output.strip() == "true"
    bad = runner.invoke(main, ["query", str(ttl), "nope_query"])
    assert bad.exit_code == EXIT_USAGE and "no named query" in bad.output


def test_large_graph_store_is_cached_on_disk(tmp_path: Path, small_graph, monkeypatch: pytest.MonkeyPatch) -> None:
    """Big exports load once into an on-disk store keyed by content, then reopen read-only."""
    import kg.query as q
    from kg.export.rdf import write_turtle

    ttl = tmp_path / "graph.ttl"
    write_turtle(small_graph, ttl)
    monkeypatch.setattr(q, "STORE_CACHE_MIN_BYTES", 0)
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    first = q.run_query(q.load_store(ttl, cache_dir=tmp_path / "c"), query)
    stores = list((tmp_path / "c" / "stores").iterdir())
    assert len(stores) == 1 and (stores[0] / "COMPLETE").is_file()
    again = q.run_query(q.load_store(ttl, cache_dir=tmp_path / "c"), query)
    assert again.rows == first.rows and int(first.rows[0][0]) > 50
    # a changed file gets its own store
    ttl.write_text(ttl.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    q.load_store(ttl, cache_dir=tmp_path / "c")
    assert len(list((tmp_path / "c" / "stores").iterdir())) == 2
