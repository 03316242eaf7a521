"""The shipped vocabulary: real ids only, well-formed rows, and the loader's error messages."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import ROOT, SHARED

from kg.errors import VocabularyError
from kg.identifiers import KNOWN_PREFIXES
from kg.model import NodeType
from kg.vocabulary import (
    TYPE_FILES,
    is_case_sensitive,
    load_vocabulary,
    normalize_term,
    plural_variants,
)

ONTOLOGIES = ROOT / "ontologies"
REFERENCE = SHARED / "reference" / "ontology-terms"
HEADER = "id\tlabel\tsynonyms\txrefs\tflags\n"


def _rows(name: str) -> list[dict[str, str]]:
    with open(ONTOLOGIES / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


ALL_ROWS = [(name, row) for name in TYPE_FILES for row in _rows(name)]


def _reference_ids() -> set[str]:
    ids: set[str] = set()
    for path in REFERENCE.glob("*.tsv"):
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                ids.add(row["id"].lower())
    return ids


def test_every_non_minted_id_is_in_the_reference_tables() -> None:
    known = _reference_ids()
    unknown = sorted(
        f"{name}: {row['id']} ({row['label']})"
        for name, row in ALL_ROWS
        if not row["id"].startswith("kg:") and row["id"].lower() not in known
    )
    assert not unknown, "ids not found in shared/reference/ontology-terms:\n" + "\n".join(unknown)


def test_at_least_400_rows() -> None:
    assert len(ALL_ROWS) >= 400


def test_no_duplicate_ids() -> None:
    seen: dict[str, str] = {}
    dups = []
    for name, row in ALL_ROWS:
        if row["id"] in seen:
            dups.append(f"{row['id']} in {seen[row['id']]} and {name}")
        seen[row["id"]] = name
    assert not dups


@pytest.mark.parametrize("name,row", ALL_ROWS[::7], ids=lambda v: v if isinstance(v, str) else v["id"])
def test_row_is_well_formed(name: str, row: dict[str, str]) -> None:
    for curie in [row["id"], *filter(None, row["xrefs"].split("|"))]:
        prefix, sep, local = curie.partition(":")
        assert sep and local and prefix in KNOWN_PREFIXES, curie
    assert row["label"].strip() == row["label"] and row["label"]


def test_well_formed_curies_everywhere() -> None:
    bad = [
        (name, c)
        for name, row in ALL_ROWS
        for c in [row["id"], *filter(None, row["xrefs"].split("|"))]
        if c.partition(":")[0] not in KNOWN_PREFIXES or not c.partition(":")[2]
    ]
    assert not bad


def test_no_synonym_maps_to_two_ids_of_the_same_type() -> None:
    """Case-sensitive forms compare exactly; the others after normalisation."""
    with open(ONTOLOGIES / "entity_rules.tsv", encoding="utf-8", newline="") as fh:
        rules = {r["term"] for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)}
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for name, row in ALL_ROWS:
        for surface in [row["label"], *filter(None, row["synonyms"].split("|"))]:
            if surface in rules:
                continue  # ambiguous short forms are resolved by context rules
            key = surface if is_case_sensitive(surface) else normalize_term(surface)
            owners[(TYPE_FILES[name].value, key)].add(row["id"])
    clashes = {k: sorted(v) for k, v in owners.items() if len(v) > 1}
    assert not clashes, clashes


@pytest.mark.parametrize(
    "term,expected",
    [
        ("CD3", "HGNC:1674"),
        ("BCMA", "HGNC:11913"),
        ("B-cell maturation antigen", "HGNC:11913"),
        ("CD20", "HGNC:7315"),
        ("FcRn", "HGNC:3621"),
        ("HER2", "HGNC:3430"),
        ("B7-H3", "HGNC:19137"),
        ("IL13Rα2", "HGNC:5975"),
        ("EGFRvIII", "kg:egfrviii"),
        ("lupus", "MONDO:0007915"),
        ("ME/CFS", "MONDO:0005404"),
        ("myositis", "MONDO:0021167"),
        ("immune thrombocytopenic purpura", "MONDO:0008558"),
        ("gMG", "MONDO:0009688"),
        ("PPMS", "MONDO:0000451"),
        ("B-ALL", "MONDO:0004947"),
        ("acute lymphoblastic leukemia", "MONDO:0004967"),
        ("long-lived plasma cells", "CL:0000974"),
        ("LLPC", "CL:0000974"),
        ("plasma cells", "CL:0000786"),
        ("IVIG", "drugbank:DB00028"),
        ("subcutaneous immunoglobulin", "drugbank:DB00028"),
        ("mycophenolate mofetil", "drugbank:DB00688"),
        ("corticosteroid", "CHEBI:50858"),
        ("Rituxan", "drugbank:DB00073"),
        ("Ocrevus", "drugbank:DB11988"),
        ("Benlysta", "drugbank:DB08879"),
        ("Darzalex", "drugbank:DB09331"),
        ("BLINCYTO", "drugbank:DB09052"),
        ("teclistamab", "kg:teclistamab"),
        ("CARv3-TEAM-E", "kg:carv3-team-e"),
        ("Descartes-08", "kg:descartes-08"),
        ("KYV-101", "kg:kyv-101"),
        ("CAR-T cells", "kg:cart"),
        ("plasmapheresis", "kg:plasmapheresis"),
        ("immunoadsorption", "kg:immunoadsorption"),
    ],
)
def test_guideline_mapping_decisions(term: str, expected: str) -> None:
    vocab = load_vocabulary()
    ids = vocab.lookup(term)
    assert expected in ids, (term, ids)


def test_types_follow_the_files() -> None:
    vocab = load_vocabulary()
    assert vocab.entities["HGNC:1633"].type is NodeType.ANTIGEN
    assert vocab.entities["kg:cart"].type is NodeType.DRUG
    assert vocab.entities["CL:0000236"].type is NodeType.CELL_TYPE
    assert vocab.entities["MONDO:0007915"].type is NodeType.DISEASE


def test_loaded_once_and_versioned() -> None:
    a, b = load_vocabulary(), load_vocabulary()
    assert a is b
    assert len(a.version) == 16 and len(a) == len(ALL_ROWS)


@pytest.mark.parametrize(
    "term,plurals",
    [("b cell", ["b cells"]), ("LLPC", ["LLPCs"]), ("therapy", ["therapies"]), ("lupus", []), ("CD19", [])],
)
def test_plural_variants(term: str, plurals: list[str]) -> None:
    assert plural_variants(term) == plurals


def test_extra_dir_merges_on_top(tmp_path: Path) -> None:
    (tmp_path / "drugs.tsv").write_text(HEADER + "kg:zorbumab\tzorbumab\tZorbu-X\t\t\n", encoding="utf-8")
    vocab = load_vocabulary([tmp_path])
    assert vocab.lookup("Zorbu-X") == ["kg:zorbumab"]
    assert vocab.version != load_vocabulary().version
    assert "HGNC:1633" in vocab.entities


@pytest.mark.parametrize(
    "content,message,line",
    [
        ("ident\tlabel\tsynonyms\txrefs\n", "bad header", 1),
        (HEADER + "kg:a\ta\t\t\t\nkg:a\tb\t\t\t\n", "duplicate id kg:a", 3),
        (HEADER + "not a curie\tx\t\t\t\n", "malformed CURIE", 2),
        (HEADER + "FOO:123\tx\t\t\t\n", "unknown prefix", 2),
        (HEADER + "kg:a\ta\t\tBAR:1\t\n", "unknown prefix", 2),
        (HEADER + "kg:a\t\t\t\t\n", "empty label", 2),
        ("", "empty vocabulary file", 1),
    ],
)
def test_malformed_tsv_names_file_and_line(tmp_path: Path, content: str, message: str, line: int) -> None:
    (tmp_path / "diseases.tsv").write_text(content, encoding="utf-8")
    with pytest.raises(VocabularyError) as info:
        load_vocabulary([tmp_path])
    assert message in str(info.value)
    assert info.value.line == line
    assert str(tmp_path / "diseases.tsv") in str(info.value)


def test_type_clash_with_shipped_row(tmp_path: Path) -> None:
    (tmp_path / "drugs.tsv").write_text(HEADER + "HGNC:1633\tCD19 drug\t\t\t\n", encoding="utf-8")
    with pytest.raises(VocabularyError, match="antigen"):
        load_vocabulary([tmp_path])


def test_empty_extra_dir_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(VocabularyError, match="no vocabulary files"):
        load_vocabulary([tmp_path])
