"""Readers (kg.corpus): every format, stable ids, folders, stdin, round trips."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from conftest import RESOURCES, ROOT
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kg.corpus import InputWarning, read_documents, read_text
from kg.model import Document

CORPUS = RESOURCES / "corpus"
SEEDS = ROOT / "seeds"


def read(*paths: str | Path, **kwargs: object) -> list[Document]:
    return list(read_documents(list(paths), **kwargs))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("001_nature_news_cart_autoimmune.md", ("news", "CAR-T therapy: engineered T cells that have been used "
                                                "to treat ulcerative colitis, rheumatoid arthritis and lupus "
                                                "show promising results", "2026-11-26")),
        ("002_nejm_carv3_team_e_glioblastoma.md",
         ("abstract", "Intraventricular CARv3-TEAM-E T Cells in Recurrent Glioblastoma", "2024-03-13")),
        ("003_forum_mecfs_cd38_cart.md",
         ("forum", "Anti-CD38 CAR-T, daratumumab and rituximab in ME/CFS (patient-forum thread)", "2026-11-25")),
    ],
)
def test_seeds_read_back_with_kind_and_exact_body(name: str, expected: tuple[str, str, str]) -> None:
    path = SEEDS / name
    (doc,) = read(path)
    raw = path.read_text(encoding="utf-8")
    body = raw.split("\n---\n", 1)[1]  # the text after the closing front matter line
    assert doc.text == body
    assert (doc.kind, doc.title, doc.date) == expected
    assert doc.id == path.stem
    assert doc.source.startswith(("Nature", "N Engl J Med", "patient-forum"))


def test_seed_folder_ids_are_relative_paths_in_order() -> None:
    assert [d.id for d in read(SEEDS)] == sorted(p.stem for p in SEEDS.glob("*.md"))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # (id, kind, title, source, date, text)
        ("front_matter.md", [("front_matter", "paper", 'A "quoted" title: with colon', "it's a test", "2024-01-02",
                              "Dr. Smith treated SLE.\n\nRituximab depletes B cells.\n")]),
        ("plain.txt", [("plain", "unknown", "", "", "", "Rituximab depletes B cells.\nNo front matter here.\n")]),
        ("crlf.md", [("crlf", "forum", "CRLF", "", "", "Line one.\r\nLine two.\r\n")]),
        ("utf8_bom.txt", [("utf8_bom", "unknown", "", "", "", "BOM text.")]),
        ("utf16.txt", [("utf16", "unknown", "", "", "", "Unicode \u2603 text.\nSecond line.")]),
        ("docs.jsonl", [("j1", "abstract", "T1", "S", "2020", "Daratumumab targets CD38."),
                        ("42", "unknown", "", "", "", "Numeric id.\nSecond line \u2028 sep")]),
        ("sample.pubtator", [("111", "abstract", "Rituximab in lupus.", "", "",
                              "Rituximab in lupus. Rituximab depletes B cells."),
                             ("222", "abstract", "Only a title.", "", "", "Only a title.")]),
        ("pubtator_as.txt", [("333", "abstract", "Title.", "", "", "Title. Abstract.")]),
        ("sample.xml", [("b1", "abstract", "CD19 CAR-T & lupus.", "", "",
                         "CD19 CAR-T & lupus.      Second passage."),
                        ("b2", "abstract", "", "", "", "Other.")]),
    ],
)
def test_reader_table(name: str, expected: list[tuple[str, ...]]) -> None:
    docs = read(CORPUS / name)
    assert [(d.id, d.kind, d.title, d.source, d.date, d.text) for d in docs] == expected
    assert all(d.path == str(CORPUS / name) for d in docs)


def test_folder_is_recursive_sorted_and_skips_hidden_and_unknown() -> None:
    docs = read(CORPUS / "folder")
    assert [(d.id, d.text) for d in docs] == [
        ("a", "First by name.\n"),
        ("b", "Second by name.\n"),
        ("sub/c", "In a subfolder.\n"),
    ]


@pytest.mark.parametrize(
    ("name", "text", "warning"),
    [
        ("latin1.txt", "Caf\u00e9 na\u00efve \u201cquotes\u201d\n", "latin1.txt:1: not valid UTF-8 (byte 0xe9); decoded as Windows-1252"),
        ("utf16le_nobom.txt", "Plain ASCII text in UTF-16.", "utf16le_nobom.txt:1: no byte-order mark; decoded as UTF-16-LE"),
    ],
)
def test_fallback_decoding_says_so(name: str, text: str, warning: str) -> None:
    warnings: list[InputWarning] = []
    (doc,) = read(CORPUS / name, warnings=warnings)
    assert doc.text == text
    assert [str(w) for w in warnings] == [str(CORPUS / name).replace(name, "") + warning]


def test_pubtator_peer_corpus_matches_bioc() -> None:
    """The same 100 BioRED abstracts read identically from PubTator and BioC XML."""
    biored = ROOT.parent / "shared" / "peer-corpora" / "biored"
    pub = {d.id: d for d in read(biored / "Dev.PubTator")}
    bioc = {d.id: d for d in read(biored / "Dev.BioC.XML")}
    assert len(pub) == 100
    assert {k: (d.title, d.text) for k, d in pub.items()} == {k: (d.title, d.text) for k, d in bioc.items()}


def test_same_document_in_two_files_is_read_once_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text('{"id": "x", "text": "same"}\n')
    (tmp_path / "b.jsonl").write_text('{"id": "x", "text": "same"}\n')
    warnings: list[InputWarning] = []
    assert [d.id for d in read(tmp_path, warnings=warnings)] == ["x"]
    assert "repeats" in str(warnings[0]) and "b.jsonl:1" in str(warnings[0])


@pytest.mark.parametrize(
    ("data", "ids"),
    [
        (b"Rituximab depletes B cells.", ["stdin-"]),
        (b'{"id": "s1", "text": "one"}\n{"id": "s2", "text": "two"}\n', ["s1", "s2"]),
        (b"9|t|Title.\n9|a|Abstract.\n", ["9"]),
        (b"<collection><document><id>x1</id><passage><offset>0</offset><text>t</text></passage></document></collection>",
         ["x1"]),
    ],
)
def test_stdin_sniffs_format(data: bytes, ids: list[str]) -> None:
    docs = read("-", stdin=io.BytesIO(data))
    assert [d.id[: len(i)] for d, i in zip(docs, ids, strict=True)] == ids


def test_stdin_id_is_a_content_hash() -> None:
    import hashlib

    text = "Daratumumab might deplete long-lived plasma cells."
    (doc,) = read("-", stdin=io.BytesIO(text.encode()))
    assert doc.id == "stdin-" + hashlib.sha256(text.encode()).hexdigest()[:12]
    assert doc.path == "<stdin>"


def test_read_text_keeps_offsets_into_the_body() -> None:
    doc = read_text("---\ntitle: t\n---\nAbc def.", "x")
    assert doc.text == "Abc def." and doc.text[4:7] == "def"


def test_front_matter_ignores_unknown_keys_and_comments() -> None:
    doc = read_text("---\n# note\nauthor: someone\n\nkind: 'news'\n...\nBody", "x")
    assert (doc.kind, doc.text) == ("news", "Body")


def test_reading_is_lazy(tmp_path: Path) -> None:
    """Documents stream: the first arrives before a later bad line is read."""
    (tmp_path / "d.jsonl").write_text('{"id": "a", "text": "x"}\nnot json\n')
    it = read_documents([tmp_path / "d.jsonl"])
    assert next(it).id == "a"


_BODY = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=200
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_BODY, doc_id=st.text(min_size=1, max_size=20).filter(str.strip))
def test_jsonl_round_trip_keeps_text_exactly(tmp_path: Path, text: str, doc_id: str) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    (doc,) = read(path)
    assert (doc.id, doc.text) == (doc_id, text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_BODY)
def test_txt_round_trip_keeps_text_exactly(tmp_path: Path, text: str) -> None:
    assume(text.strip() and not text.startswith(("---", "\ufeff")))
    assume(not text.lstrip()[:1].isdigit() or "|" not in text)  # PubTator-looking text is PubTator
    path = tmp_path / "r.txt"
    path.write_bytes(text.encode("utf-8"))
    (doc,) = read(path)
    assert doc.text == text
    body = "---\ntitle: \"x\"\n---\n" + text
    path.write_bytes(body.encode("utf-8"))
    (doc,) = read(path)
    assert (doc.title, doc.text) == ("x", text)
