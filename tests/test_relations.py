"""Relation rules: sentence -> expected statements, with hand-built mentions (no matcher)."""

from __future__ import annotations

import pytest

from kg.extract.context import load_rules
from kg.extract.relations import RULES_VERSION, extract_statements
from kg.model import Document, Entity, Mention, NodeType

T = {"d": NodeType.DRUG, "a": NodeType.ANTIGEN, "c": NodeType.CELL_TYPE, "x": NodeType.DISEASE}


def build(
    text: str, spec: list[str], kind: str = "abstract", title: str = ""
) -> tuple[Document, list[Mention]]:
    """Mentions from ``"surface|type|id"`` items, located left to right in ``text``."""
    pos, ms = 0, []
    for item in spec:
        surface, t, ident = item.split("|")
        i = text.index(surface, pos)
        ms.append(Mention(i, i + len(surface), surface, T[t], ident))
        pos = i + len(surface)
    return Document(id="t", text=text, kind=kind, title=title), ms


def run(text: str, spec: list[str], **kw: str) -> set[tuple[str, str, str, str, str]]:
    doc, ms = build(text, spec, **kw)
    ents = [Entity(m.id, m.text, m.type) for m in ms]
    sentences = [(0, len(text))] if "\n" not in text else _lines(text)
    return {st.key for st in extract_statements(doc, sentences, ms, ents)}


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


RTX, DARA, IVIG, CART = "drugbank:DB00073", "drugbank:DB09331", "drugbank:DB00028", "kg:cart"
CD19, CD20, CD38, BCMA, EGFR, V3 = (
    "HGNC:1633",
    "HGNC:7315",
    "HGNC:1667",
    "HGNC:11913",
    "HGNC:3236",
    "kg:egfrviii",
)
BC, PC, LLPC = "CL:0000236", "CL:0000786", "CL:0000974"
UC, RA, SLE, MG, MECFS, SSC, ITP, AID = (
    "MONDO:0005101",
    "MONDO:0008383",
    "MONDO:0007915",
    "MONDO:0009688",
    "MONDO:0005404",
    "MONDO:0005100",
    "MONDO:0008558",
    "MONDO:0007179",
)
CRS = "MONDO:0600008"

CASES = [
    pytest.param(
        "Engineered T cells that have been used to treat ulcerative colitis, rheumatoid arthritis and lupus.",
        [
            "Engineered T cells|d|kg:cart",
            "ulcerative colitis|x|" + UC,
            "rheumatoid arthritis|x|" + RA,
            "lupus|x|" + SLE,
        ],
        {
            (CART, "treats", UC, "positive", "asserted"),
            (CART, "treats", RA, "positive", "asserted"),
            (CART, "treats", SLE, "positive", "asserted"),
        },
        id="coordination",
    ),
    pytest.param(
        "Three participants with recurrent lupus were treated with rituximab.",
        ["lupus|x|" + SLE, "rituximab|d|" + RTX],
        {(RTX, "treats", SLE, "positive", "asserted")},
        id="passive",
    ),
    pytest.param(
        "Rituximab therapy for RA is common.",
        ["Rituximab|d|" + RTX, "RA|x|" + RA],
        {(RTX, "treats", RA, "positive", "asserted")},
        id="nominal",
    ),
    pytest.param(
        "Daratumumab, an anti-CD38 monoclonal antibody developed for multiple myeloma, could target long-lived plasma cells.",
        [
            "Daratumumab|d|" + DARA,
            "CD38|a|" + CD38,
            "multiple myeloma|x|MONDO:0009693",
            "long-lived plasma cells|c|" + LLPC,
        ],
        {
            (DARA, "targets", CD38, "positive", "asserted"),
            (DARA, "treats", "MONDO:0009693", "positive", "asserted"),
            (DARA, "depletes", LLPC, "positive", "hypothesised"),
        },
        id="appositive-anti-and-hedged-depletes",
    ),
    pytest.param(
        "Descartes-08 is a BCMA-directed mRNA chimeric antigen receptor T-cell therapy.",
        [
            "Descartes-08|d|kg:descartes-08",
            "BCMA|a|" + BCMA,
            "chimeric antigen receptor T-cell therapy|d|kg:descartes-08",
        ],
        {("kg:descartes-08", "targets", BCMA, "positive", "asserted")},
        id="x-directed",
    ),
    pytest.param(
        "We evaluated CD19 CAR T cells in a phase 1 trial in lupus.",
        ["CD19|a|" + CD19, "CAR T cells|d|kg:cart-cd19", "lupus|x|" + SLE],
        {
            ("kg:cart-cd19", "targets", CD19, "positive", "asserted"),
            ("kg:cart-cd19", "treats", SLE, "positive", "investigational"),
        },
        id="composite-cart-mechanism-asserted-in-trial",
    ),
    pytest.param(
        "Patients received CARv3-TEAM-E T cells, which are CAR T cells engineered to target the EGFR variant III "
        "tumor-specific antigen, as well as the wild-type EGFR protein.",
        [
            "CARv3-TEAM-E T cells|d|kg:carv3-team-e",
            "CAR T cells|d|kg:cart",
            "EGFR variant III|a|" + V3,
            "EGFR|a|" + EGFR,
        ],
        {
            ("kg:carv3-team-e", "targets", V3, "positive", "asserted"),
            ("kg:carv3-team-e", "targets", EGFR, "positive", "asserted"),
        },
        id="across-clause-coordinated-targets",
    ),
    pytest.param(
        "Inebilizumab, an anti-CD19+ B cell-depleting antibody, is approved for NMOSD.",
        [
            "Inebilizumab|d|drugbank:DB12530",
            "CD19|a|" + CD19,
            "B cell|c|" + BC,
            "NMOSD|x|MONDO:0019100",
        ],
        {
            ("drugbank:DB12530", "targets", CD19, "positive", "asserted"),
            ("drugbank:DB12530", "depletes", BC, "positive", "asserted"),
            ("drugbank:DB12530", "treats", "MONDO:0019100", "positive", "asserted"),
        },
        id="b-cell-depleting-antibody",
    ),
    pytest.param(
        "Rituximab, a monoclonal antibody selectively depleting CD20+ B cells, is used in MS.",
        ["Rituximab|d|" + RTX, "CD20|a|" + CD20, "B cells|c|" + BC, "MS|x|MONDO:0005301"],
        {
            (RTX, "depletes", BC, "positive", "asserted"),
            (BC, "expresses", CD20, "positive", "asserted"),
            (RTX, "treats", "MONDO:0005301", "positive", "asserted"),
        },
        id="marker-gives-expresses-not-targets",
    ),
    pytest.param(
        "Since these cells are not reliably removed by rituximab, researchers moved to daratumumab.",
        ["rituximab|d|" + RTX, "daratumumab|d|" + DARA],
        set(),
        id="anaphor-without-antecedent-gives-nothing",
    ),
    pytest.param(
        "Some symptoms may be driven by long-lived plasma cells.\n"
        "Since these cells are not reliably removed by rituximab, researchers moved to daratumumab.",
        ["long-lived plasma cells|c|" + LLPC, "rituximab|d|" + RTX, "daratumumab|d|" + DARA],
        {(RTX, "depletes", LLPC, "negated", "asserted")},
        id="not-reliably-removed-by",
    ),
    pytest.param(
        "The rituximab-refractory AIHA responded to daratumumab.",
        ["rituximab|d|" + RTX, "AIHA|x|MONDO:0020108", "daratumumab|d|" + DARA],
        {
            (RTX, "treats", "MONDO:0020108", "negated", "asserted"),
            (DARA, "treats", "MONDO:0020108", "positive", "asserted"),
        },
        id="x-refractory",
    ),
    pytest.param(
        "IVIG is a pretty rubbish treatment for anything except perhaps acute immune thrombocytopenia.\n"
        "There is pretty little evidence that it has a major useful impact on any other autoimmune disease.",
        ["IVIG|d|" + IVIG, "acute immune thrombocytopenia|x|" + ITP, "autoimmune disease|x|" + AID],
        {
            (IVIG, "treats", ITP, "positive", "hypothesised"),
            (IVIG, "treats", AID, "negated", "asserted"),
        },
        id="except-perhaps-and-pronoun",
    ),
    pytest.param(
        "Would a non-response mean that targeting LLPC with daratumumab will have any benefit over the failed rituximab?",
        ["LLPC|c|" + LLPC, "daratumumab|d|" + DARA, "rituximab|d|" + RTX],
        {
            (DARA, "depletes", LLPC, "positive", "hypothesised"),
            (DARA, "treats", MECFS, "positive", "hypothesised"),
            (RTX, "treats", MECFS, "negated", "hypothesised"),
        },
        id="question-with-title-topic",
    ),
    pytest.param(
        "Patients with lupus, rheumatoid arthritis and myasthenia gravis were seen in the clinic; rituximab was stocked.",
        [
            "lupus|x|" + SLE,
            "rheumatoid arthritis|x|" + RA,
            "myasthenia gravis|x|" + MG,
            "rituximab|d|" + RTX,
        ],
        set(),
        id="side-by-side-lists-give-nothing",
    ),
    pytest.param(
        "Lymphodepletion with fludarabine and cyclophosphamide preceded CD19 CAR T-cell therapy for lupus.",
        [
            "fludarabine|d|drugbank:DB01073",
            "cyclophosphamide|d|drugbank:DB00531",
            "CD19|a|" + CD19,
            "CAR T-cell therapy|d|kg:cart-cd19",
            "lupus|x|" + SLE,
        ],
        {
            ("kg:cart-cd19", "targets", CD19, "positive", "asserted"),
            ("kg:cart-cd19", "treats", SLE, "positive", "asserted"),
        },
        id="lymphodepleting-agents-do-not-treat",
    ),
    pytest.param(
        "CD19-positive B-ALL relapsed after tisagenlecleucel; CD19 expression was lost.",
        [
            "CD19|a|" + CD19,
            "B-ALL|x|MONDO:0004947",
            "tisagenlecleucel|d|drugbank:DB13881",
            "CD19|a|" + CD19,
        ],
        set(),
        id="marker-antigen-no-targets",
    ),
    pytest.param(
        "CD38 is also expressed by activated T cells.",
        ["CD38|a|" + CD38, "T cells|c|CL:0000084"],
        {("CL:0000084", "expresses", CD38, "positive", "asserted")},
        id="expressed-by",
    ),
    pytest.param(
        "The CD19⁻BCMA⁺ plasma cells persisted.",
        ["CD19|a|" + CD19, "BCMA|a|" + BCMA, "plasma cells|c|" + PC],
        {
            (PC, "expresses", CD19, "negated", "asserted"),
            (PC, "expresses", BCMA, "positive", "asserted"),
        },
        id="negative-marker",
    ),
    pytest.param(
        "CAR T cells caused cytokine release syndrome in two patients.",
        ["CAR T cells|d|kg:cart", "cytokine release syndrome|x|" + CRS],
        {(CART, "causes", CRS, "positive", "asserted")},
        id="causes-adverse-effect",
    ),
    pytest.param(
        "Treatment with rituximab did not result in adverse events in patients with lupus.",
        ["rituximab|d|" + RTX, "lupus|x|" + SLE],
        {(RTX, "treats", SLE, "positive", "asserted")},
        id="safety-negation-is-not-treats-negation",
    ),
    pytest.param(
        "Rituximab failed to meet the primary endpoint in lupus nephritis.",
        ["Rituximab|d|" + RTX, "lupus nephritis|x|MONDO:0005556"],
        {(RTX, "treats", "MONDO:0005556", "negated", "asserted")},
        id="failed-trial-negated-asserted",
    ),
    pytest.param(
        "Phase III trials of belimumab are under way for myasthenia gravis.",
        ["belimumab|d|drugbank:DB08879", "myasthenia gravis|x|" + MG],
        {("drugbank:DB08879", "treats", MG, "positive", "investigational")},
        id="trial-investigational",
    ),
]


@pytest.mark.parametrize(("text", "spec", "expected"), CASES)
def test_sentence_table(text: str, spec: list[str], expected: set[tuple[str, ...]]) -> None:
    title = "Daratumumab and rituximab in ME/CFS" if "non-response" in text else ""
    if title:
        text_doc = text + "\nME/CFS thread."
        spec = spec + ["ME/CFS|x|" + MECFS]
        got = run(text_doc, spec, title=title, kind="forum")
    else:
        got = run(text, spec)
    assert got == expected


def test_evidence_is_the_sentence_with_rules_version_and_cues() -> None:
    text = "Rituximab failed in ME/CFS."
    doc, ms = build(text, ["Rituximab|d|" + RTX, "ME/CFS|x|" + MECFS], kind="forum")
    (st,) = extract_statements(doc, [(0, len(text))], ms, [])
    (ev,) = st.evidence
    assert (ev.document, ev.text, ev.start, ev.end) == ("t", text, 0, len(text))
    assert ev.extractor == RULES_VERSION == load_rules()["version"]
    assert ev.document_kind == "forum"
    assert ev.cues == ("failed",)


def test_quoted_sentence_is_one_piece_of_evidence() -> None:
    s = "IVIG is a rubbish treatment for anything except perhaps ITP."
    text = s + "\nQuoted:\n" + s
    doc, ms = build(
        text, ["IVIG|d|" + IVIG, "ITP|x|" + ITP, "IVIG|d|" + IVIG, "ITP|x|" + ITP], kind="forum"
    )
    (st,) = extract_statements(doc, _lines(text), ms, [])
    assert len({ev.key for ev in st.evidence}) == 1
    assert len(st.evidence) == 1


def test_domain_and_range_enforced() -> None:
    # "targets" whose object is a disease is dropped, never emitted with the wrong types
    got = run("Rituximab targets lupus.", ["Rituximab|d|" + RTX, "lupus|x|" + SLE])
    assert all(k[1] != "targets" for k in got)
