"""Bad input: one clear line naming file, line and problem; --keep-going; size limits."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import RESOURCES

from kg.cli import main
from kg.corpus import read_documents
from kg.errors import EXIT_INPUT, InputError, KGError, LimitError
from kg.model import Document

BAD = RESOURCES / "bad"


def read(*paths: str | Path, **kwargs: object) -> list[Document]:
    return list(read_documents(list(paths), **kwargs))  # type: ignore[arg-type]


CASES = [
    # (file in tests/resources/bad, line or None, exact problem)
    ("empty.txt", None, "empty file"),
    ("whitespace.md", None, "empty file"),
    ("nul.txt", 2, "binary file (NUL byte), not text"),
    ("binary.dat", 2, "binary file (byte 0x1a is not text)"),
    ("bad_json.jsonl", 2, "invalid JSON: Unterminated string starting at column 21"),
    ("missing_text.jsonl", 3, "missing 'text'"),
    ("text_not_string.jsonl", 1, "'text' must be a string, got array"),
    ("duplicate_ids.jsonl", 3, "duplicate document id 'a' (first at {dir}/duplicate_ids.jsonl:1)"),
    ("not_object.jsonl", 1, "expected a JSON object, got list"),
    ("missing_id.jsonl", 1, "missing 'id'"),
    ("bad_kind.jsonl", 1, "kind 'blog' is not one of paper, abstract, news, forum, unknown"),
    ("bad_offsets.pubtator", 3, "bad mention offsets 'zero', '9'"),
    ("offsets_outside.pubtator", 4, "mention offsets 20-99 are outside the text (length 25)"),
    ("mention_mismatch.pubtator", 3, "mention text 'Rituxima_' does not match the text at 0-9 ('Rituximab')"),
    ("not_pubtator_line.pubtator", 2,
     "not a PubTator line (expected PMID|t|, PMID|a| or a tab-separated mention): 'this is not pubtator'"),
    ("malformed.xml", 4, "malformed XML: mismatched tag (column 37)"),
    ("bomb.xml", 3, "XML entity declaration 'lol' refused (entity expansion is not allowed)"),
    ("external_entity.xml", 3, "XML entity declaration 'xxe' refused (entity expansion is not allowed)"),
    ("not_bioc.xml", 2, "not BioC XML: root element is <html>, expected <collection>"),
    ("bioc_no_id.xml", 3, "BioC <document> has no <id>"),
    ("bioc_annotation_outside.xml", 4, "annotation offsets 3+10 are outside the text (length 5)"),
    ("bioc_overlap.xml", 4, "passage offset 5 overlaps the text before it (which ends at 13)"),
    ("bioc_no_documents.xml", None, "BioC collection has no <document>"),
    ("unclosed_front_matter.md", 1, "front matter opened on line 1 is not closed (no '---' line)"),
    ("front_matter_bad_line.md", 3, "front matter: expected 'key: value', got 'this line has no colon'"),
    ("front_matter_bad_kind.md", 3,
     "front matter: kind 'blog' is not one of paper, abstract, news, forum, unknown"),
    ("front_matter_bad_quote.md", 2, "front matter: bad double-quoted value (Invalid \\escape)"),
    ("front_matter_only.md", None, "empty document (no text after the front matter)"),
    ("no_documents", None,
     "no readable documents in this folder (looked for .bioc, .jsonl, .markdown, .md, .ndjson, "
     ".pubtator, .text, .txt, .xml files)"),
    ("does_not_exist.txt", None, "no such file or directory"),
]


@pytest.mark.parametrize(("name", "line", "problem"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_one_clear_line(name: str, line: int | None, problem: str) -> None:
    path = BAD / name
    with pytest.raises(InputError) as info:
        read(path)
    exc = info.value
    where = f"{path}:{line}" if line is not None else str(path)
    assert str(exc) == f"{where}: {problem.format(dir=BAD)}"
    assert (exc.path, exc.line) == (str(path), line)
    assert "\n" not in str(exc)


def test_every_bad_resource_has_a_case() -> None:
    assert {p.name for p in BAD.iterdir()} == {c[0] for c in CASES} - {"does_not_exist.txt"}


@pytest.mark.parametrize(
    ("name", "line", "problem"),
    [c for c in CASES if c[0].endswith(".jsonl")],
    ids=[c[0] for c in CASES if c[0].endswith(".jsonl")],
)
def test_cli_extract_prints_one_error_line_and_exits_3(name: str, line: int, problem: str) -> None:
    path = BAD / name
    result = CliRunner().invoke(main, ["extract", str(path)])
    assert result.exit_code == EXIT_INPUT
    assert result.stdout == ""
    assert result.stderr == f"kg: error: {path}:{line}: {problem.format(dir=BAD)}\n"


def test_cli_extract_keep_going_reports_skipped_at_the_end(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Rituximab depletes B cells.")
    result = CliRunner().invoke(main, ["extract", "--keep-going", str(BAD / "missing_text.jsonl"),
                                       str(BAD / "nul.txt"), str(good)])
    assert result.exit_code == 0, result.output
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert ids == ["a", "good"]
    assert result.stderr.splitlines() == [
        f"kg: skipped: {BAD / 'missing_text.jsonl'}:3: missing 'text'",
        f"kg: skipped: {BAD / 'nul.txt'}:2: binary file (NUL byte), not text",
        "kg: skipped 2 bad input(s) (--keep-going)",
    ]


def test_cli_warns_about_fallback_decoding() -> None:
    latin1 = RESOURCES / "corpus" / "latin1.txt"
    result = CliRunner().invoke(main, ["extract", str(latin1)])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"kg: warning: {latin1}:1: not valid UTF-8 (byte 0xe9); decoded as Windows-1252\n"


def test_keep_going_skips_bad_documents_and_records_them() -> None:
    errors: list[KGError] = []
    docs = read(BAD / "duplicate_ids.jsonl", BAD / "offsets_outside.pubtator", BAD / "bomb.xml",
                RESOURCES / "corpus" / "plain.txt", keep_going=True, errors=errors)
    assert [d.id for d in docs] == ["a", "b", "plain"]
    assert [(Path(e.path or "").name, e.line) for e in errors] == [
        ("duplicate_ids.jsonl", 3), ("offsets_outside.pubtator", 4), ("bomb.xml", 3)
    ]


def test_keep_going_with_nothing_readable_still_fails() -> None:
    errors: list[KGError] = []
    with pytest.raises(InputError, match=r"^no readable documents \(2 skipped; first: .*empty.txt: empty file\)$"):
        read(BAD / "empty.txt", BAD / "nul.txt", keep_going=True, errors=errors)
    assert len(errors) == 2


def test_keep_going_continues_after_a_bad_bioc_document(tmp_path: Path) -> None:
    xml = tmp_path / "c.xml"
    xml.write_text(
        "<collection>\n<document><passage><offset>0</offset><text>no id</text></passage></document>\n"
        "<document><id>ok</id><passage><offset>0</offset><text>fine</text></passage></document>\n"
        "</collection>\n"
    )
    errors: list[KGError] = []
    assert [d.id for d in read(xml, keep_going=True, errors=errors)] == ["ok"]
    assert [str(e) for e in errors] == [f"{xml}:2: BioC <document> has no <id>"]


# ---------------------------------------------------------------------------------------
# limits: generated here, never committed


def test_a_50_mb_single_line_is_refused_by_the_document_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        for _ in range(50):
            f.write(b"x" * (1 << 20))
    with pytest.raises(LimitError) as info:
        read(path)
    assert str(info.value) == f"{path}: document exceeds the limit of 10485760 bytes (max_document_bytes)"


def test_a_50_mb_jsonl_line_is_refused_and_keep_going_reads_the_next(tmp_path: Path) -> None:
    path = tmp_path / "huge.jsonl"
    with path.open("wb") as f:
        f.write(b'{"id": "big", "text": "')
        for _ in range(50):
            f.write(b"x" * (1 << 20))
        f.write(b'"}\n{"id": "small", "text": "ok"}\n')
    with pytest.raises(LimitError, match=r"huge.jsonl:1: document exceeds the limit"):
        read(path)
    errors: list[KGError] = []
    assert [d.id for d in read(path, keep_going=True, errors=errors)] == ["small"]
    assert [e.line for e in errors] == [1]


@pytest.mark.parametrize("suffix", [".txt", ".jsonl", ".pubtator", ".xml"])
def test_document_limit_is_configurable(tmp_path: Path, suffix: str) -> None:
    body = {
        ".txt": "word " * 100,
        ".jsonl": json.dumps({"id": "a", "text": "word " * 100}) + "\n",
        ".pubtator": "1|t|" + "word " * 100 + "\n",
        ".xml": "<collection><document><id>a</id><passage><offset>0</offset><text>"
        + "word " * 100 + "</text></passage></document></collection>",
    }[suffix]
    path = tmp_path / ("doc" + suffix)
    path.write_text(body)
    assert len(read(path, max_document_bytes=10_000)) == 1
    with pytest.raises(LimitError, match="document exceeds the limit of 100 bytes"):
        read(path, max_document_bytes=100)


def test_total_limit_stops_reading_even_with_keep_going(tmp_path: Path) -> None:
    for i in range(5):
        (tmp_path / f"d{i}.txt").write_text("x" * 100)
    with pytest.raises(LimitError, match=r"d2.txt: total input exceeds the limit of 250 bytes \(max_total_bytes\)"):
        read(tmp_path, max_total_bytes=250, keep_going=True, errors=[])


def test_a_1_gb_file_is_refused_without_being_read_whole(tmp_path: Path) -> None:
    """A sparse 1 GiB file: the reader stops after the document limit, memory stays small."""
    for name in ("big.txt", "big.jsonl"):
        path = tmp_path / name
        with path.open("wb") as f:
            f.truncate(1 << 30)
        tracemalloc.start()
        try:
            with pytest.raises(LimitError, match=rf"{name}(:1)?: document exceeds the limit of 1048576 bytes"):
                read(path, max_document_bytes=1 << 20)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 16 << 20, peak


def test_many_documents_stream_in_bounded_memory(tmp_path: Path) -> None:
    """20 MB of JSON Lines read one document at a time: peak memory is far below the input."""
    path = tmp_path / "many.jsonl"
    line = {"text": "Rituximab depletes B cells. " * 36}
    with path.open("w") as f:
        for i in range(20_000):
            f.write(json.dumps({"id": f"d{i}", **line}) + "\n")
    assert path.stat().st_size > 20_000_000
    tracemalloc.start()
    try:
        n = sum(1 for _ in read_documents([path]))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert n == 20_000
    assert peak < 8 << 20, peak


def test_entity_bomb_is_refused_before_expansion() -> None:
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match="entity expansion is not allowed"):
            read(BAD / "bomb.xml")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 << 20


def test_cli_build_keep_going_builds_from_the_rest(tmp_path: Path) -> None:
    from conftest import ROOT

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for seed in (ROOT / "seeds").glob("*.md"):
        (corpus / seed.name).write_bytes(seed.read_bytes())
    (corpus / "zz_bad.txt").write_bytes((BAD / "nul.txt").read_bytes())
    out = tmp_path / "out"
    args = ["build", str(corpus), "-o", str(out), "--no-cache", "-j", "1"]
    failed = CliRunner().invoke(main, args)
    assert failed.exit_code == EXIT_INPUT
    assert failed.stderr == f"kg: error: {corpus / 'zz_bad.txt'}:2: binary file (NUL byte), not text\n"
    assert not out.exists()
    result = CliRunner().invoke(main, [*args, "--keep-going"])
    assert result.exit_code == 0, result.output
    assert (out / "graph.ttl").is_file()
    assert result.stderr.splitlines()[0] == "documents: 3"
    assert result.stderr.splitlines()[-2:] == [
        f"kg: skipped: {corpus / 'zz_bad.txt'}:2: binary file (NUL byte), not text",
        "kg: skipped 1 bad input(s) (--keep-going)",
    ]
