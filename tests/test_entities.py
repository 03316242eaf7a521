"""The dictionary matcher's edge cases, as sentence -> expected mentions tables."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.extract.entities import find_mentions, iter_candidates
from kg.text import Abbreviation, split_sentences
from kg.vocabulary import load_vocabulary

VOCAB = load_vocabulary()


def mentions(text: str, abbreviations: list[Abbreviation] | None = None) -> list[tuple[str, str, str]]:
    found, _ = find_mentions(text, VOCAB, sentences=split_sentences(text), abbreviations=abbreviations or [])
    return [(m.text, m.type.value, m.id) for m in found]


CASES = [
    # word boundaries and longest match
    ("boundary", "prerituximab and rituximabX are not names; nor is CD190.", []),
    ("longest", "B-cell maturation antigen is BCMA.",
     [("B-cell maturation antigen", "antigen", "HGNC:11913"), ("BCMA", "antigen", "HGNC:11913")]),
    ("longest-disease", "Patients with B-cell precursor acute lymphoblastic leukemia relapsed.",
     [("B-cell precursor acute lymphoblastic leukemia", "disease", "MONDO:0004947")]),
    ("cell-inside-name", "B-cell malignancies and T-cell engagers were discussed.", []),
    ("cell-types", "Rituximab depletes B cells, B-cells and B lymphocytes.",
     [("Rituximab", "drug", "drugbank:DB00073"), ("B cells", "cell_type", "CL:0000236"),
      ("B-cells", "cell_type", "CL:0000236"), ("B lymphocytes", "cell_type", "CL:0000236")]),
    # hyphen, plural, Greek and line-break variants
    ("greek", "CAR T cells against IL13Rα2 and IL-13Ra2.",
     [("CAR T cells", "drug", "kg:cart-il13ra2"), ("IL13Rα2", "antigen", "HGNC:5975"),
      ("IL-13Ra2", "antigen", "HGNC:5975")]),
    ("line-break", "systemic lupus\nerythematosus", [("systemic lupus\nerythematosus", "disease", "MONDO:0007915")]),
    ("plural", "autoimmune diseases and long-lived plasma cells",
     [("autoimmune diseases", "disease", "MONDO:0007179"), ("long-lived plasma cells", "cell_type", "CL:0000974")]),
    ("marker-suffix", "CD19pos versus CD19neg relapses", [("CD19", "antigen", "HGNC:1633"), ("CD19", "antigen", "HGNC:1633")]),
    ("marker-plus", "CD19+ B cells", [("CD19", "antigen", "HGNC:1633"), ("B cells", "cell_type", "CL:0000236")]),
    # case-sensitive and context-dependent short forms
    ("ms-no-context", "The MS spectra were recorded.", []),
    ("ms-lowercase", "It takes 5 ms.", []),
    ("ms-long-form", "Multiple sclerosis (MS) is common. MS patients improved.",
     [("Multiple sclerosis", "disease", "MONDO:0005301"), ("MS", "disease", "MONDO:0005301"),
      ("MS", "disease", "MONDO:0005301")]),
    ("all-words", "ALL PATIENTS were enrolled and all recovered.", []),
    ("all-defined", "acute lymphoblastic leukemia (ALL) relapsed. ALL is rare.",
     [("acute lymphoblastic leukemia", "disease", "MONDO:0004967"), ("ALL", "disease", "MONDO:0004967"),
      ("ALL", "disease", "MONDO:0004967")]),
    ("abbrev-takes-long-form", "B-cell precursor acute lymphoblastic leukemia (ALL) in remission.",
     [("B-cell precursor acute lymphoblastic leukemia", "disease", "MONDO:0004947"),
      ("ALL", "disease", "MONDO:0004947")]),
    ("ra-context", "The benefit in RA occurs gradually after rituximab.",
     [("RA", "disease", "MONDO:0008383"), ("rituximab", "drug", "drugbank:DB00073")]),
    ("me-pronoun", "Tell ME more about it.", []),
    ("me-context", "In ME/CFS, people with ME report fatigue.",
     [("ME/CFS", "disease", "MONDO:0005404"), ("ME", "disease", "MONDO:0005404")]),
    ("immunoadsorption", "Immunoadsorption clears antibodies; a non-response to IA is uninformative.",
     [("Immunoadsorption", "drug", "kg:immunoadsorption"), ("IA", "drug", "kg:immunoadsorption")]),
    ("defined-new-short-form", "Rituximab (RTXB) was given. RTXB worked.",
     [("Rituximab", "drug", "drugbank:DB00073"), ("RTXB", "drug", "drugbank:DB00073"),
      ("RTXB", "drug", "drugbank:DB00073")]),
    ("own-name-kept", "A variant of epidermal growth factor receptor (EGFRvIII).",
     [("epidermal growth factor receptor", "antigen", "HGNC:3236"), ("EGFRvIII", "antigen", "kg:egfrviii")]),
    # composite CAR-T mentions (GUIDELINES 2.2)
    ("cd19-cart", "CD19 CAR T cells induced remission.",
     [("CD19", "antigen", "HGNC:1633"), ("CAR T cells", "drug", "kg:cart-cd19")]),
    ("anti-cd38", "perhaps this anti CD38 CAR-T will work",
     [("CD38", "antigen", "HGNC:1667"), ("CAR-T", "drug", "kg:cart-cd38")]),
    ("directed", "CD19-directed CAR T cells", [("CD19", "antigen", "HGNC:1633"), ("CAR T cells", "drug", "kg:cart-cd19")]),
    ("bcma", "BCMA CAR-T therapy", [("BCMA", "antigen", "HGNC:11913"), ("CAR-T therapy", "drug", "kg:cart-tnfrsf17")]),
    ("dual", "CD19-BCMA CAR T cell therapy",
     [("CD19", "antigen", "HGNC:1633"), ("BCMA", "antigen", "HGNC:11913"),
      ("CAR T cell therapy", "drug", "kg:cart-cd19-tnfrsf17")]),
    ("bispecific-token", "a BCMAxCD3-directed antibody", [("BCMA", "antigen", "HGNC:11913"), ("CD3", "antigen", "HGNC:1674")]),
    ("post-target", "CAR-T cell therapy targeting the B-cell maturation antigen (BCMA)",
     [("CAR-T cell therapy", "drug", "kg:cart-tnfrsf17"), ("B-cell maturation antigen", "antigen", "HGNC:11913"),
      ("BCMA", "antigen", "HGNC:11913")]),
    ("egfrviii", "EGFRvIII CAR T cells", [("EGFRvIII", "antigen", "kg:egfrviii"), ("CAR T cells", "drug", "kg:cart-egfrviii")]),
    ("parenthetical-inside", "chimeric antigen receptor (CAR) T-cell therapy works",
     [("chimeric antigen receptor (CAR) T-cell therapy", "drug", "kg:cart")]),
    ("coreference", "CD19 CAR T cells were infused. Later the CAR T cells expanded.",
     [("CD19", "antigen", "HGNC:1633"), ("CAR T cells", "drug", "kg:cart-cd19"), ("CAR T cells", "drug", "kg:cart-cd19")]),
    ("generic", "CAR T cells are living drugs.", [("CAR T cells", "drug", "kg:cart")]),
    ("apposition", "Tisagenlecleucel is a CD19 chimeric antigen receptor (CAR) T-cell therapy.",
     [("Tisagenlecleucel", "drug", "drugbank:DB13881"), ("CD19", "antigen", "HGNC:1633"),
      ("chimeric antigen receptor (CAR) T-cell therapy", "drug", "drugbank:DB13881")]),
    ("not-apposition", "CD19 CAR T-cell therapy with axicabtagene ciloleucel",
     [("CD19", "antigen", "HGNC:1633"), ("CAR T-cell therapy", "drug", "kg:cart-cd19"),
      ("axicabtagene ciloleucel", "drug", "drugbank:DB13915")]),
    # names are atomic
    ("construct", "CARv3-TEAM-E T cells in glioblastoma",
     [("CARv3-TEAM-E T cells", "drug", "kg:carv3-team-e"), ("glioblastoma", "disease", "MONDO:0018177")]),
    ("construct-antigen-inside", "CART-EGFR-IL13Ra2 cells and CART-EGFRvIII cells",
     [("CART-EGFR-IL13Ra2 cells", "drug", "kg:cart-egfr-il13ra2"), ("CART-EGFRvIII cells", "drug", "kg:cart-egfrviii")]),
    ("named", "Descartes-08 and KYV-101", [("Descartes-08", "drug", "kg:descartes-08"), ("KYV-101", "drug", "kg:kyv-101")]),
    ("egfrviii-long", "the epidermal growth factor receptor (EGFR) variant III antigen",
     [("epidermal growth factor receptor (EGFR) variant III", "antigen", "kg:egfrviii")]),
    # brand names and typos take the generic's id
    ("brands", "Rituxan, Ocrevus, Benlysta, Darzalex and BLINCYTO",
     [("Rituxan", "drug", "drugbank:DB00073"), ("Ocrevus", "drug", "drugbank:DB11988"),
      ("Benlysta", "drug", "drugbank:DB08879"), ("Darzalex", "drug", "drugbank:DB09331"),
      ("BLINCYTO", "drug", "drugbank:DB09052")]),
    ("typo", "what riuximab didn't do", [("riuximab", "drug", "drugbank:DB00073")]),
    ("ivig", "IVIG and IVIg", [("IVIG", "drug", "drugbank:DB00028"), ("IVIg", "drug", "drugbank:DB00028")]),
    ("no-cross-sentence", "We used CAR. T cells grew.", [("T cells", "cell_type", "CL:0000084")]),
    # v5: a co-targeting CAR-T and the short form defined after its antigens name the construct
    ("co-targeting-short-form", "tandem CAR T cells co-targeting CD19 and CD22 (tCAR) were infused; tCAR expanded",
     [("CAR T cells", "drug", "kg:cart-cd19-cd22"), ("CD19", "antigen", "HGNC:1633"), ("CD22", "antigen", "HGNC:1643"),
      ("tCAR", "drug", "kg:cart-cd19-cd22"), ("tCAR", "drug", "kg:cart-cd19-cd22")]),
    # v5: a disease short form glued to an upper-case word is a trial name's tail
    ("trial-name-tail", "the GEMINI-SLE study in systemic lupus erythematosus (SLE)",
     [("systemic lupus erythematosus", "disease", "MONDO:0007915"), ("SLE", "disease", "MONDO:0007915")]),
]


@pytest.mark.parametrize("name,text,expected", CASES, ids=[c[0] for c in CASES])
def test_mentions(name: str, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert mentions(text) == expected


ABBREVIATION_GROUNDING = [
    # a short form defined as something else licenses none of its other meanings
    ("ms-defined-as-method", "Mass spectrometry (MS) was used. MS data were clean.", []),
    ("ra-defined-as-other", "Right atrial (RA) pressure rose. RA pressure fell.", []),
    ("ms-defined-as-disease", "Multiple sclerosis (MS) is common. MS relapses.",
     [("Multiple sclerosis", "disease", "MONDO:0005301"), ("MS", "disease", "MONDO:0005301"),
      ("MS", "disease", "MONDO:0005301")]),
    ("ra-defined-as-disease", "Rheumatoid arthritis (RA) is common. RA flares.",
     [("Rheumatoid arthritis", "disease", "MONDO:0008383"), ("RA", "disease", "MONDO:0008383"),
      ("RA", "disease", "MONDO:0008383")]),
    # no long form recognised, one meaning: the definition still licenses it
    ("bare-parenthesis", "The cohort (MS) improved.", [("MS", "disease", "MONDO:0005301")]),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in ABBREVIATION_GROUNDING],
                         ids=[c[0] for c in ABBREVIATION_GROUNDING])
def test_defined_short_forms_need_a_long_form_of_the_same_entity(text: str, expected: list) -> None:
    from kg.text import find_abbreviations

    assert mentions(text, find_abbreviations(text)) == expected


def test_abbreviations_from_the_segmenter_ground_later_uses() -> None:
    text = "Zorbic lupus syndrome (ZLS) and systemic lupus erythematosus (SLEX). SLEX flares."
    abbrevs = [Abbreviation("SLEX", "systemic lupus erythematosus", 61, 32)]
    got = mentions(text, abbrevs)
    assert got.count(("SLEX", "disease", "MONDO:0007915")) == 2


def test_entities_carry_labels_and_seen_forms() -> None:
    text = "CD19 CAR-T cells and rituximab (Rituxan)."
    found, entities = find_mentions(text, VOCAB, sentences=split_sentences(text), abbreviations=[])
    by_id = {e.id: e for e in entities}
    assert {m.id for m in found} == set(by_id)
    assert by_id["kg:cart-cd19"].label == "CD19 CAR T cells"
    assert "Rituxan" in by_id["drugbank:DB00073"].synonyms
    assert all(m.label == by_id[m.id].label for m in found)


def test_candidates_are_case_checked() -> None:
    assert [c for c in iter_candidates("cd19 and Cd19", VOCAB)] == []
    assert [(c.start, c.end) for c in iter_candidates("CD19", VOCAB)] == [(0, 4)]


WORDS = ["CD19", "CAR", "T", "cells", "B-cell", "lupus", "(", ")", "ALL", "MS", "rituximab", "α", "IL13Rα2", "-",
         "BCMAxCD3", "CD19pos", "İ", "\n", "anti", "  ", "ME/CFS", "x", "therapy", "(SLE)", "systemic", "é"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=30).map(" ".join))
def test_offsets_are_exact_and_spans_never_overlap(text: str) -> None:
    found, _ = find_mentions(text, VOCAB, sentences=split_sentences(text), abbreviations=[])
    last_end = 0
    for m in found:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.start >= last_end
        last_end = m.end
