"""Context cues: polarity and certainty with clause scope (kg.extract.context)."""

from __future__ import annotations

import pytest

from kg.extract.context import assess, clause_spans
from kg.model import Certainty, Polarity

N, P = Polarity.NEGATED, Polarity.POSITIVE
A, I, H = Certainty.ASSERTED, Certainty.INVESTIGATIONAL, Certainty.HYPOTHESISED


def _span(text: str, word: str) -> tuple[int, int]:
    i = text.index(word)
    return (i, i + len(word))


CASES = [
    # sentence, subject, object, mode, polarity, certainty
    ("Rituximab failed in ME/CFS.", "Rituximab", "ME/CFS", "full", N, A),
    ("Rituximab did not improve fatigue in ME/CFS.", "Rituximab", "ME/CFS", "full", N, A),
    (
        "The epratuzumab studies in SLE did not meet their primary endpoints.",
        "epratuzumab",
        "SLE",
        "full",
        N,
        A,
    ),
    (
        "Daratumumab might get rid of long-lived plasma cells.",
        "Daratumumab",
        "long-lived plasma cells",
        "tight",
        P,
        H,
    ),
    ("Phase III trials of CAR-T are under way for lupus.", "CAR-T", "lupus", "full", P, I),
    (
        "In this first-in-human, open-label study, patients with glioblastoma were treated with CARv3-TEAM-E.",
        "CARv3-TEAM-E",
        "glioblastoma",
        "full",
        P,
        I,
    ),
    (
        "IVIG is a pretty rubbish treatment for anything except perhaps acute immune thrombocytopenia.",
        "IVIG",
        "acute immune thrombocytopenia",
        "full",
        P,
        H,
    ),
    ("IVIG is a rubbish treatment for anything except ITP.", "IVIG", "ITP", "full", P, A),
    (
        "There is pretty little evidence that IVIG has a useful impact on any autoimmune disease.",
        "IVIG",
        "autoimmune disease",
        "full",
        N,
        A,
    ),
    (
        "Treatment with CAR-T did not result in adverse events in glioblastoma.",
        "CAR-T",
        "glioblastoma",
        "full",
        P,
        A,
    ),
    (
        "Ocrelizumab is not approved for PPMS (at least not yet).",
        "Ocrelizumab",
        "PPMS",
        "full",
        P,
        A,
    ),
    (
        "Belimumab is approved for SLE and was evaluated in a trial of lupus nephritis.",
        "Belimumab",
        "SLE",
        "full",
        P,
        A,
    ),
    ("I would expect CD19 CAR-T to work in RA.", "CAR-T", "RA", "full", P, H),
    ("Could daratumumab help ME/CFS?", "daratumumab", "ME/CFS", "full", P, H),
    (
        "Plasmapheresis can be useful for myasthenia gravis I am told.",
        "Plasmapheresis",
        "myasthenia gravis",
        "full",
        P,
        H,
    ),
    # a trial sentence does not make a mechanism uncertain
    ("In a phase 1 trial, CD19 CAR-T cells target CD19.", "CAR-T cells", "CD19", "mechanism", P, A),
    # the hedge is in another clause than the relation
    (
        "Rituximab treats lymphoma; perhaps it works in ME/CFS.",
        "Rituximab",
        "lymphoma",
        "full",
        P,
        A,
    ),
    # a negation glued to another drug belongs to it
    (
        "Daratumumab might do what rituximab didn't do and clear plasma cells.",
        "Daratumumab",
        "plasma cells",
        "tight",
        P,
        H,
    ),
    ("CD19+ B cells were counted but did not change.", "B cells", "CD19", "fact", P, A),
    # held-out error classes: forum spellings, theory hedges, completed trials, mechanism scope
    ("IVIG didnt help my MG at all.", "IVIG", "MG", "full", N, A),
    ("Honestly benlysta has done nothing for my lupus.", "benlysta", "lupus", "full", N, A),
    ("The norwegian trial of rituximab in ME was a flop.", "rituximab", "ME", "full", N, A),
    (
        "BCMA CAR T cells should in theory remove plasma cells.",
        "CAR T cells",
        "plasma cells",
        "tight",
        P,
        H,
    ),
    ("I doubt CAR-T will work in ME/CFS.", "CAR-T", "ME/CFS", "full", P, H),
    (
        "In a randomized, placebo-controlled phase 3 trial, inebilizumab reduced attacks in NMOSD.",
        "inebilizumab",
        "NMOSD",
        "full",
        P,
        A,
    ),
    (
        "This randomized phase 3 trial will evaluate inebilizumab in NMOSD.",
        "inebilizumab",
        "NMOSD",
        "full",
        P,
        I,
    ),
    (
        "Use in myasthenia gravis of rituximab is considered investigational.",
        "rituximab",
        "myasthenia gravis",
        "full",
        P,
        I,
    ),
    (
        "Its anti-CD19 antibody obexelimab failed to meet the primary endpoint.",
        "obexelimab",
        "CD19",
        "mechanism",
        P,
        A,
    ),
    ("Obexelimab does not bind CD19.", "Obexelimab", "CD19", "mechanism", N, A),
    # rules.v4: coverage language and eligibility clauses are not negated efficacy
    (
        "Eculizumab is not medically necessary as maintenance therapy for myasthenia gravis "
        "in members who have not tried a steroid.",
        "Eculizumab",
        "myasthenia gravis",
        "full",
        P,
        A,
    ),
    # rules.v4: "had not responded", "relapsing after": the failed prior therapy
    ("The boy had not responded to eltrombopag for ITP.", "eltrombopag", "ITP", "full", N, A),
    # rules.v5: a result after random assignment is a finding; "relapse despite", "comes back after"
    (
        "In the trial, adults with CIDP were randomly assigned to rozanolixizumab; 40% achieved remission.",
        "rozanolixizumab",
        "CIDP",
        "full",
        P,
        A,
    ),
    ("In the trial, adults with CIDP will be randomly assigned to rozanolixizumab.", "rozanolixizumab", "CIDP", "full", P, I),
    ("Patients with CIDP who relapse despite IVIG.", "IVIG", "CIDP", "full", N, A),
    ("CIDP that comes back after IVIG is common.", "IVIG", "CIDP", "full", N, A),
    # rules.v6 (blind5 classes): "seem/appear to" hedge; case reports are asserted; "so it ..." ends
    # a clause; not covered / not medically necessary for; -resistant; a study frame for mechanisms
    ("Anti-CD38 antibodies appear to clear plasma cells from the marrow.", "Anti-CD38 antibodies", "plasma cells", "tight", P, H),
    ("Objective: To describe two children with NMOSD treated with satralizumab.", "satralizumab", "NMOSD", "full", P, A),
    ("We retrospectively describe 12 adults with NMOSD given satralizumab.", "satralizumab", "NMOSD", "full", P, A),
    # must not: a case report that names a trial stays investigational
    ("Objective: To describe the first patients with NMOSD in a phase 1 trial of satralizumab.", "satralizumab", "NMOSD", "full", P, I),
    ("My doctor says eculizumab also blocks C5, so it probably won't help me.", "eculizumab", "C5", "tight", P, A),
    ("Eculizumab is not covered for myasthenia gravis.", "Eculizumab", "myasthenia gravis", "full", N, A),
    ("Eculizumab is considered not medically necessary for MMN, because trials were negative.", "Eculizumab", "MMN", "full", N, A),
    # must not: a usage restriction is no negated indication (blind3 convention)
    ("IVIG is not medically necessary as maintenance therapy for CIDP.", "IVIG", "CIDP", "full", P, A),
    ("We studied 20 patients with IVIG-resistant Kawasaki disease.", "IVIG", "Kawasaki disease", "full", N, A),
    # must not: "treatment-resistant" names no drug
    ("CAR T cells induced remission of treatment-resistant myositis.", "CAR T cells", "myositis", "full", P, A),
    ("This trial will test whether ianalumab can deplete B cells in tissue.", "ianalumab", "B cells", "tight", P, I),
]


@pytest.mark.parametrize(("text", "subj", "obj", "mode", "polarity", "certainty"), CASES)
def test_assess(
    text: str, subj: str, obj: str, mode: str, polarity: Polarity, certainty: Certainty
) -> None:
    others = [_span(text, "rituximab")] if "rituximab didn't" in text else []
    ctx = assess(text, _span(text, subj), _span(text, obj), mode=mode, owned_elsewhere=others)
    assert (ctx.polarity, ctx.certainty) == (polarity, certainty), ctx.cues


def test_cues_name_the_words() -> None:
    text = "Rituximab failed to show benefit in ME/CFS."
    ctx = assess(text, _span(text, "Rituximab"), _span(text, "ME/CFS"))
    assert ctx.cues == ("failed",)


@pytest.mark.parametrize(
    ("text", "clauses"),
    [
        ("A treats B; C treats D.", ["A treats B", "; C treats D."]),
        ("X is rubbish for all except perhaps Y.", ["X is rubbish for all ", "except perhaps Y."]),
        ("No boundary here", ["No boundary here"]),
        ("X also wipes out B cells so it won't fix Y", ["X also wipes out B cells ", "so it won't fix Y"]),
    ],
)
def test_clause_spans(text: str, clauses: list[str]) -> None:
    assert [text[a:b] for a, b in clause_spans(text)] == clauses
