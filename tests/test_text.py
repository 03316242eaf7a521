"""Sentence segmentation and abbreviation detection (kg.text)."""

from __future__ import annotations

import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.corpus import read_documents
from kg.text import Abbreviation, find_abbreviations, split_sentences


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # abbreviation dots do not end sentences
        ("Use e.g. rituximab. It works.", ["Use e.g. rituximab.", "It works."]),
        ("Use i.e. Rituximab here. Done.", ["Use i.e. Rituximab here.", "Done."]),
        ("Dr. Simon treated her. She recovered.", ["Dr. Simon treated her.", "She recovered."]),
        ("CAR-T vs. Rituximab was tested. Next.", ["CAR-T vs. Rituximab was tested.", "Next."]),
        ("We gave approx. 52.5x106 cells. Then more.", ["We gave approx. 52.5x106 cells.", "Then more."]),
        ("Smith et al. Showed this. Then more.", ["Smith et al. Showed this.", "Then more."]),
        ("See Fig. 2 for details. Done.", ["See Fig. 2 for details.", "Done."]),
        ("The U.S. Food and Drug Administration agreed. Next.",
         ["The U.S. Food and Drug Administration agreed.", "Next."]),
        ("J. R. Smith and A. Jones wrote it. Next.", ["J. R. Smith and A. Jones wrote it.", "Next."]),
        ("Give Mr. Jones No. 5 today. Fine.", ["Give Mr. Jones No. 5 today.", "Fine."]),
        # a single capital after a naming word is not an initial
        ("Levels of vitamin D. The next one.", ["Levels of vitamin D.", "The next one."]),
        ("This is phase I. Phase II follows.", ["This is phase I.", "Phase II follows."]),
        # decimals and numbers
        ("The dose was 0.5 mg/kg. Response was 52.5%. Good.",
         ["The dose was 0.5 mg/kg.", "Response was 52.5%.", "Good."]),
        ("Rates were 5.2 vs. 3.1 (p = 0.05). The effect was large.",
         ["Rates were 5.2 vs. 3.1 (p = 0.05).", "The effect was large."]),
        ("It ended in 2019. 25 patients enrolled.", ["It ended in 2019.", "25 patients enrolled."]),
        # quotes and brackets stay with their sentence
        ("He said \u201cThey are cured.\u201d Then he left.", ["He said \u201cThey are cured.\u201d", "Then he left."]),
        ("They seem \u2018cured\u2019. \u201cThey lose it,\u201d he adds.",
         ["They seem \u2018cured\u2019.", "\u201cThey lose it,\u201d he adds."]),
        ("(See above.) Another one!", ["(See above.)", "Another one!"]),
        ('She said "no." He agreed.', ['She said "no."', "He agreed."]),
        ("\u201cThis is new.\u201d he adds.", ["\u201cThis is new.\u201d he adds."]),
        # question and exclamation marks, ellipses
        ("Is it useful? Sorry, I don't know! Fine...", ["Is it useful?", "Sorry, I don't know!", "Fine..."]),
        ("Really?! Yes.", ["Really?!", "Yes."]),
        # a lower-case continuation is not a new sentence
        ("It costs approx. ten. etc. and so on.", ["It costs approx. ten. etc. and so on."]),
        # blank lines, headings without a full stop, list items
        ("CAR-T therapy\n\nEngineered T cells work.", ["CAR-T therapy", "Engineered T cells work."]),
        ("NEWS Nature: November 26, 2026\n\nBody text.", ["NEWS Nature: November 26, 2026", "Body text."]),
        ("Title line\nBody starts here and ends.", ["Title line", "Body starts here and ends."]),
        ("# Heading\nsome body text", ["# Heading", "some body text"]),
        ("Items:\n- one\n- two\n1. three", ["Items:", "- one", "- two", "1. three"]),
        ("a line that wraps, because it is long\nand continues here.",
         ["a line that wraps, because it is long\nand continues here."]),
        ("If it works, perhaps this will be the future of ME/CFS treatment\n\n \nHowever, I think not.",
         ["If it works, perhaps this will be the future of ME/CFS treatment", "However, I think not."]),
        # forum text with missing spaces
        ("I have PPMS.During the trial I improved.", ["I have PPMS.", "During the trial I improved."]),
        ("It failed.Rituximab did not help!Daratumumab might.",
         ["It failed.", "Rituximab did not help!", "Daratumumab might."]),
        ("See Dr.Smith today.", ["See Dr.Smith today."]),
        # whitespace only / empty
        ("", []),
        ("  \n\t ", []),
        ("No final stop", ["No final stop"]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_seed_sentences() -> None:
    """The shipped seeds segment at the places a reader would."""
    docs = {d.id: d for d in read_documents([ROOT / "seeds"])}
    news = sentences(docs["001_nature_news_cart_autoimmune"].text)
    assert news[:3] == [
        "CAR-T therapy",
        "Engineered T cells that have been used to treat ulcerative colitis, rheumatoid arthritis "
        "and lupus show promising results.",
        "NEWS Nature: November 26, 2026",
    ]
    assert "\u201cThey lose their autoantibodies which trigger the disease, and they don\u2019t have any " \
        "symptoms anymore,\u201d he adds." in news
    forum = sentences(docs["003_forum_mecfs_cd38_cart"].text)
    assert forum[0] == ("If daratumumab turns out to work, perhaps this anti CD38 CAR-T will be the "
                        "future of ME/CFS treatment")
    assert "How would CAR T cell therapy be useful?" in forum


def _abbrevs(text: str) -> list[tuple[str, str]]:
    found = find_abbreviations(text)
    for a in found:  # offsets index the document
        assert text[a.short_start : a.short_end] == a.short
        assert text[a.long_start : a.long_end] == a.long
    return [(a.short, a.long) for a in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Patients with systemic lupus erythematosus (SLE) improved.",
         [("SLE", "systemic lupus erythematosus")]),
        ("In neuromyelitis optica spectrum disorder (NMOSD), relapses fell.",
         [("NMOSD", "neuromyelitis optica spectrum disorder")]),
        ("They received inebilizumab (INEB) monthly.", [("INEB", "inebilizumab")]),
        ("Daratumumab removes long-lived plasma cells (LLPCs) too.",
         [("LLPCs", "long-lived plasma cells")]),
        ("SLE (systemic lupus erythematosus) is common.", [("SLE", "systemic lupus erythematosus")]),
        ("chimeric antigen receptor (CAR) T cells", [("CAR", "chimeric antigen receptor")]),
        ("the epidermal growth factor receptor (EGFR) variant III",
         [("EGFR", "epidermal growth factor receptor")]),
        ("a T-cell\u2013engaging antibody molecule (TEAM).", [("TEAM", "T-cell\u2013engaging antibody molecule")]),
        ("myalgic encephalomyelitis/chronic fatigue syndrome (ME/CFS) is debated.",
         [("ME/CFS", "myalgic encephalomyelitis/chronic fatigue syndrome")]),
        ("cytokine release syndrome (CRS; grade 2) occurred.", [("CRS", "cytokine release syndrome")]),
        ("intravenous immunoglobulin (IVIG, 2 g/kg) was given.", [("IVIG", "intravenous immunoglobulin")]),
        # two definitions in one sentence
        ("B cell maturation antigen (BCMA) and multiple myeloma (MM).",
         [("BCMA", "B cell maturation antigen"), ("MM", "multiple myeloma")]),
        # not definitions
        ("The trial (2019) enrolled patients (n = 12).", []),
        ("This was tested (see above) in mice.", []),
        ("Rituximab (RTX-X9Q) is unrelated.", []),
        ("The receptor (CD19) was expressed.", []),
        ("A very different phrase here (XYZ).", []),
        ("", []),
    ],
)
def test_find_abbreviations(text: str, expected: list[tuple[str, str]]) -> None:
    assert _abbrevs(text) == expected


def test_abbreviation_offsets_in_a_document() -> None:
    text = "Intro.\n\nWe studied systemic lupus erythematosus (SLE). SLE is treated."
    (a,) = find_abbreviations(text)
    assert a == Abbreviation("SLE", "systemic lupus erythematosus", text.index("(SLE") + 1, text.index("systemic"))


def test_abbreviation_is_frozen() -> None:
    a = Abbreviation("SLE", "systemic lupus erythematosus", 5, 0)
    with pytest.raises(AttributeError):
        a.short = "X"  # type: ignore[misc]


_TEXT = st.lists(
    st.sampled_from(list("abcXYZ .,!?;:()\"'\u201c\u201d\n\t-0123456789") + ["e.g.", "Dr.", " (SLE)", "\n\n"]),
    max_size=120,
).map("".join)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(_TEXT, st.text(max_size=200)))
def test_sentence_spans_are_ordered_disjoint_and_cover_text(text: str) -> None:
    spans = split_sentences(text)
    prev_end = 0
    covered = set()
    for s, e in spans:
        assert prev_end <= s < e <= len(text)
        assert not text[s].isspace() and not text[e - 1].isspace()
        covered.update(range(s, e))
        prev_end = e
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())


@settings(max_examples=1000, deadline=None)
@given(st.one_of(_TEXT, st.text(max_size=200)))
def test_abbreviation_offsets_always_index_the_text(text: str) -> None:
    for a in find_abbreviations(text):
        assert text[a.short_start : a.short_end] == a.short
        assert text[a.long_start : a.long_end] == a.long
        assert a.long_end <= a.short_start or a.short_end <= a.long_start
