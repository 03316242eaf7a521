"""Public-benchmark scorer: PubTator/BioC readers, mention/concept/relation scores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SHARED

from kg.cli import main
from kg.errors import InputError, UsageError
from kg.model import (
    Certainty,
    Document,
    DocumentExtraction,
    Evidence,
    Mention,
    NodeType,
    Polarity,
    Predicate,
    Statement,
)
from kg.peer import read_peer_corpus, read_pubtator, score_corpus, score_documents

T1 = "Famotidine-associated delirium."
A1 = "Famotidine caused delirium and renal and hepatic failure."
T2 = "Lidocaine for arrhythmia."
A2 = "Lidocaine reduced arrhythmia."
PUBTATOR = f"""1|t|{T1}
1|a|{A1}
1\t0\t10\tFamotidine\tChemical\tD015738
1\t22\t30\tdelirium\tDisease\tD003693
1\t32\t42\tFamotidine\tChemical\tD015738
1\t50\t58\tdelirium\tDisease\tD003693
1\t63\t88\trenal and hepatic failure\tDisease\tD058186|D017093\trenal failure|hepatic failure
1\tCID\tD015738\tD003693

2|t|{T2}
2|a|{A2}
2\t0\t9\tLidocaine\tChemical\tD008012
2\t14\t24\tarrhythmia\tDisease\tD001145
2\t26\t35\tLidocaine\tChemical\tD008012
2\t44\t54\tarrhythmia\tDisease\tD001145
2\tNegative_Correlation\tD008012\tD001145\tNo
"""


def _bioc() -> str:
    def passage(kind: str, offset: int, text: str, anns: list[tuple[int, int, str, str]]) -> str:
        a = "".join(
            f'<annotation id="{i}"><infon key="identifier">{ident}</infon><infon key="type">{typ}</infon>'
            f'<location offset="{s}" length="{e - s}"/><text>{(T2 + " " + A2)[s:e]}</text></annotation>'
            for i, (s, e, typ, ident) in enumerate(anns))
        return f'<passage><infon key="type">{kind}</infon><offset>{offset}</offset><text>{text}</text>{a}</passage>'

    return ("<?xml version='1.0' encoding='UTF-8'?><collection><document><id>2</id>"
            + passage("title", 0, T2, [(0, 9, "ChemicalEntity", "D008012"),
                                       (14, 24, "DiseaseOrPhenotypicFeature", "D001145")])
            + passage("abstract", len(T2) + 1, A2, [(26, 35, "ChemicalEntity", "D008012"),
                                                   (44, 54, "DiseaseOrPhenotypicFeature", "D001145")])
            + '<relation id="R0"><infon key="entity1">D001145</infon><infon key="entity2">D008012</infon>'
              '<infon key="type">Negative_Correlation</infon><infon key="novel">No</infon></relation>'
            + "</document></collection>")


@pytest.fixture
def pubtator(tmp_path: Path) -> Path:
    p = tmp_path / "tiny.PubTator.txt"
    p.write_text(PUBTATOR, encoding="utf-8")
    return p


def test_read_pubtator(pubtator: Path) -> None:
    d1, d2 = read_pubtator(pubtator)
    assert d1.text == T1 + " " + A1
    assert [m.text for m in d1.mentions] == ["Famotidine", "delirium", "Famotidine", "delirium",
                                             "renal and hepatic failure"]
    assert d1.mentions[-1].ids == ("D058186", "D017093")  # composite mention: both concepts
    assert d1.relations == (("CID", "D015738", "D003693"),)
    assert d2.relations == (("Negative_Correlation", "D008012", "D001145"),)


def test_bioc_and_pubtator_agree(tmp_path: Path, pubtator: Path) -> None:
    p = tmp_path / "tiny.xml"
    p.write_text(_bioc(), encoding="utf-8")
    (bioc,) = read_peer_corpus(p)
    ref = read_pubtator(pubtator)[1]
    assert bioc.text == ref.text
    assert [(m.start, m.end, m.ids) for m in bioc.mentions] == [(m.start, m.end, m.ids) for m in ref.mentions]


@pytest.mark.parametrize(("text", "line", "message"), [
    (f"1|t|{T1}\n1\t0\t5\tFamot\tChemical\tD1\n1\t0\t10\tWrong text\tChemical\tD1\n", 3, "do not give"),
    (f"1|t|{T1}\n2\t0\t10\tFamotidine\tChemical\tD1\n", 2, "current document"),
    (f"1|t|{T1}\n1\tonly-two\n", 2, "not a PubTator"),
])
def test_bad_pubtator(tmp_path: Path, text: str, line: int, message: str) -> None:
    p = tmp_path / "bad.txt"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        read_pubtator(p)
    assert info.value.line == line and info.value.path == str(p)


def test_bad_bioc(tmp_path: Path) -> None:
    p = tmp_path / "bad.xml"
    p.write_text("<collection><document>\n<id>1</oops>", encoding="utf-8")
    with pytest.raises(InputError, match="not valid BioC XML"):
        read_peer_corpus(p)


def _extraction(doc: Document, mentions: list[tuple[int, int, NodeType, str]],
                statements: list[tuple[str, Predicate, str]] = ()) -> DocumentExtraction:  # type: ignore[assignment]
    ms = tuple(Mention(s, e, doc.text[s:e], t, i) for s, e, t, i in mentions)
    ev = Evidence(document=doc.id, text=doc.text, start=0, end=len(doc.text), extractor="test.v1")
    sts = tuple(Statement(a, p, b, Polarity.POSITIVE, Certainty.ASSERTED, (ev,)) for a, p, b in statements)
    return DocumentExtraction(document=doc, mentions=ms, statements=sts, entities=())


def test_scores_mentions_concepts_relations(pubtator: Path) -> None:
    d1, d2 = read_pubtator(pubtator)
    ex1 = _extraction(d1.to_document(), [
        (0, 10, NodeType.DRUG, "drugbank:DB00927"),      # Famotidine, MeSH through the id map
        (22, 30, NodeType.DISEASE, "MESH:D003693"),      # delirium, MeSH id itself
        (63, 88, NodeType.DISEASE, "MONDO:1"),           # composite span right, concept unmapped
        (11, 21, NodeType.DISEASE, "MONDO:2"),           # "associated": spurious
    ], [("drugbank:DB00927", Predicate.CAUSES, "MESH:D003693")])
    ex2 = _extraction(d2.to_document(), [(0, 9, NodeType.DRUG, "MESH:D008012")])
    id_map = {"drugbank:DB00927": ("D015738",)}
    report = score_documents("bc5cdr", [d1, d2], [ex1, ex2], id_map)
    drug, disease = report.mentions["drug"], report.mentions["disease"]
    assert (drug.tp, drug.fp, drug.fn) == (2, 0, 2)
    assert (disease.tp, disease.fp, disease.fn) == (2, 1, 3)
    # concepts per document: doc1 {D015738} / {D003693, D058186, D017093}; doc2 {D008012} / {D001145}
    assert (report.concepts["drug"].tp, report.concepts["drug"].fn) == (2, 0)
    assert (report.concepts["disease"].tp, report.concepts["disease"].fn) == (1, 3)
    # CID only in doc 1 (doc 2's Negative_Correlation is not a BC5CDR relation)
    assert (report.relations.tp, report.relations.fp, report.relations.fn) == (1, 0, 0)
    assert report.relations.f1 == 1.0


def test_biored_negative_correlation_is_unordered_treats(pubtator: Path) -> None:
    _, d2 = read_pubtator(pubtator)
    for doc in (d2,):
        object.__setattr__(doc, "mentions", tuple(
            type(m)(m.start, m.end, m.text, {"Chemical": "ChemicalEntity", "Disease": "DiseaseOrPhenotypicFeature"}[m.type],
                    m.ids) for m in doc.mentions))
    ex = _extraction(d2.to_document(), [], [("MESH:D008012", Predicate.TREATS, "MESH:D001145")])
    report = score_documents("biored", [d2], [ex], {})
    assert (report.relations.tp, report.relations.fp, report.relations.fn) == (1, 0, 0)


def test_unknown_corpus() -> None:
    with pytest.raises(UsageError, match="unknown corpus"):
        score_documents("nope", [], [], {})


def test_pipeline_on_tiny_corpus_and_cli(pubtator: Path) -> None:
    report = score_corpus(pubtator, "bc5cdr")
    assert report.documents == 2
    assert report.mentions["drug"].tp + report.mentions["drug"].fn == 4
    res = CliRunner().invoke(main, ["evaluate", str(pubtator), "--corpus", "bc5cdr", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["corpus"] == "bc5cdr" and out["documents"] == 2
    assert set(out["mentions"]) == {"drug", "disease"}


REAL = SHARED / "peer-corpora"


@pytest.mark.parametrize(("path", "corpus", "first_id", "gold_mentions"), [
    ("bc5cdr/CDR_TestSet.PubTator.txt", "bc5cdr", "8701013", {"drug": 7, "disease": 4}),
    ("biored/Test.PubTator", "biored", "15485686", {"drug": 7, "disease": 13, "antigen": 3}),
    ("biored/Test.BioC.XML", "biored", "15485686", {"drug": 7, "disease": 13, "antigen": 3}),
])
def test_real_documents_in_place(path: str, corpus: str, first_id: str, gold_mentions: dict[str, int]) -> None:
    report = score_corpus(REAL / path, corpus, limit=1)
    docs = read_peer_corpus(REAL / path)
    assert docs[0].id == first_id
    assert report.documents == 1
    assert {t: s.tp + s.fn for t, s in report.mentions.items()} == gold_mentions


def test_real_document_with_user_vocabulary(tmp_path: Path) -> None:
    """A user vocabulary folder (as `kg vocab import` writes) grounds the first BC5CDR abstract."""
    from kg.vocab_import import VocabRow, write_vocab_tsv

    write_vocab_tsv([VocabRow("drugbank:DB00927", "famotidine", (), ("MESH:D015738",))], tmp_path, "drug")
    write_vocab_tsv([VocabRow("MESH:D003693", "delirium"), VocabRow("MESH:D014456", "ulcer")], tmp_path, "disease")
    report = score_corpus(REAL / "bc5cdr/CDR_TestSet.PubTator.txt", "bc5cdr", vocab_dirs=[tmp_path], limit=1)
    assert (report.mentions["drug"].tp, report.mentions["drug"].fp) == (7, 0)
    assert (report.mentions["disease"].tp, report.mentions["disease"].fp) == (4, 0)
    assert (report.concepts["drug"].tp, report.concepts["disease"].tp) == (1, 2)
