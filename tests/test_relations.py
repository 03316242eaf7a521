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
ICANS = "kg:immune-effector-cell-associated-neurotoxicity-syndrome"
FLU, CY, TOCI, MTX = "drugbank:DB01073", "drugbank:DB00531", "drugbank:DB06273", "drugbank:DB00563"
AXI, TISA, BEL, OBI = "drugbank:DB13915", "drugbank:DB13881", "drugbank:DB08879", "drugbank:DB08935"
ISA, INEB, BLIN = "drugbank:DB14811", "drugbank:DB12530", "drugbank:DB09052"
CD3, TC, MYOSITIS, DLBCL = "HGNC:1674", "CL:0000084", "MONDO:0021167", "MONDO:0018905"
LN, NMOSD, MS, GBM = "MONDO:0005556", "MONDO:0019100", "MONDO:0005301", "MONDO:0018177"

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
        # no targets from a marker; "relapsed after" a therapy is its failure (rules.v4)
        {("drugbank:DB13881", "treats", "MONDO:0004947", "negated", "asserted")},
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
    # --- held-out error classes (tests/resources/heldout/README.md) ---------------------------
    pytest.param(
        "Eight patients received CD19 CAR T cells.\nGrade 1 CRS occurred in five patients, and no ICANS was seen.",
        ["CD19|a|" + CD19, "CAR T cells|d|kg:cart-cd19", "CRS|x|" + CRS, "ICANS|x|" + ICANS],
        {
            ("kg:cart-cd19", "targets", CD19, "positive", "asserted"),
            ("kg:cart-cd19", "causes", CRS, "positive", "asserted"),
            ("kg:cart-cd19", "causes", ICANS, "negated", "asserted"),
        },
        id="causes-zero-anaphora-and-no-icans",
    ),
    pytest.param(
        "CRS occurred in 12 of 15 patients after CAR-T infusion.",
        ["CRS|x|" + CRS, "CAR-T|d|kg:cart"],
        {(CART, "causes", CRS, "positive", "asserted")},
        id="causes-after-infusion-not-treats",
    ),
    pytest.param(
        "Patients received CAR T cells after lymphodepletion with fludarabine and cyclophosphamide.\n"
        "One patient had grade 2 CRS that resolved after tocilizumab, and grade 3 ICANS occurred in two.",
        [
            "CAR T cells|d|kg:cart",
            "fludarabine|d|" + FLU,
            "cyclophosphamide|d|" + CY,
            "CRS|x|" + CRS,
            "tocilizumab|d|" + TOCI,
            "ICANS|x|" + ICANS,
        ],
        {
            (CART, "causes", CRS, "positive", "asserted"),
            (CART, "causes", ICANS, "positive", "asserted"),
            (TOCI, "treats", CRS, "positive", "asserted"),
        },
        id="causes-agent-is-the-cell-therapy-not-conditioning-or-rescue",
    ),
    pytest.param(
        "BCMA CAR T cells should in theory remove the long-lived plasma cells that rituximab leaves behind.",
        [
            "BCMA|a|" + BCMA,
            "CAR T cells|d|kg:cart-tnfrsf17",
            "long-lived plasma cells|c|" + LLPC,
            "rituximab|d|" + RTX,
        ],
        {
            ("kg:cart-tnfrsf17", "targets", BCMA, "positive", "asserted"),
            ("kg:cart-tnfrsf17", "depletes", LLPC, "positive", "hypothesised"),
            (RTX, "depletes", LLPC, "negated", "asserted"),
        },
        id="sparing-is-negated-depletes-and-in-theory-hedges",
    ),
    pytest.param(
        "Myositis refractory to methotrexate, IVIG and rituximab carries substantial morbidity.",
        ["Myositis|x|" + MYOSITIS, "methotrexate|d|" + MTX, "IVIG|d|" + IVIG, "rituximab|d|" + RTX],
        {
            (MTX, "treats", MYOSITIS, "negated", "asserted"),
            (IVIG, "treats", MYOSITIS, "negated", "asserted"),
            (RTX, "treats", MYOSITIS, "negated", "asserted"),
        },
        id="refractory-to-coordinated-drugs",
    ),
    pytest.param(
        "Patients with DLBCL whose disease had progressed after axicabtagene ciloleucel or tisagenlecleucel.",
        ["DLBCL|x|" + DLBCL, "axicabtagene ciloleucel|d|" + AXI, "tisagenlecleucel|d|" + TISA],
        {
            (AXI, "treats", DLBCL, "negated", "asserted"),
            (TISA, "treats", DLBCL, "negated", "asserted"),
        },
        id="progressed-after",
    ),
    pytest.param(
        "Been on benlysta for my lupus for 2 yrs now and honestly its done nothing for my joints.",
        ["benlysta|d|" + BEL, "lupus|x|" + SLE],
        {(BEL, "treats", SLE, "negated", "asserted")},
        id="forum-negation-done-nothing",
    ),
    pytest.param(
        "In the phase 3 REGENCY trial, obinutuzumab led to more complete renal responses than placebo "
        "in patients with lupus nephritis.",
        ["obinutuzumab|d|" + OBI, "lupus nephritis|x|" + LN],
        {(OBI, "treats", LN, "positive", "asserted")},
        id="completed-phase-3-result-asserted",
    ),
    pytest.param(
        "CD19 CAR T cells, unlike anti-CD20 antibodies, can cross the blood-brain barrier.",
        ["CD19|a|" + CD19, "CAR T cells|d|kg:cart-cd19", "CD20|a|" + CD20],
        {("kg:cart-cd19", "targets", CD19, "positive", "asserted")},
        id="contrastive-appositive-gives-nothing",
    ),
    pytest.param(
        "CD20 is expressed on normal and malignant B cells but not on stem cells or plasma cells.",
        ["CD20|a|" + CD20, "B cells|c|" + BC, "stem cells|c|CL:0000037", "plasma cells|c|" + PC],
        {
            (BC, "expresses", CD20, "positive", "asserted"),
            ("CL:0000037", "expresses", CD20, "negated", "asserted"),
            (PC, "expresses", CD20, "negated", "asserted"),
        },
        id="expressed-on-but-not-on",
    ),
    pytest.param(
        "It does not remove plasma cells, which lack CD20.",
        ["plasma cells|c|" + PC, "CD20|a|" + CD20],
        {(PC, "expresses", CD20, "negated", "asserted")},
        id="cells-which-lack",
    ),
    pytest.param(
        "Teclistamab binds BCMA on plasma cells and CD3 on T cells.",
        [
            "Teclistamab|d|kg:teclistamab",
            "BCMA|a|" + BCMA,
            "plasma cells|c|" + PC,
            "CD3|a|" + CD3,
            "T cells|c|" + TC,
        ],
        {
            ("kg:teclistamab", "targets", BCMA, "positive", "asserted"),
            ("kg:teclistamab", "targets", CD3, "positive", "asserted"),
            (PC, "expresses", BCMA, "positive", "asserted"),
            (TC, "expresses", CD3, "positive", "asserted"),
        },
        id="binds-antigen-on-cells-is-not-depletes-and-coordinates-over-the-cells",
    ),
    pytest.param(
        "Eligible patients had received an anti-CD38 antibody such as daratumumab or isatuximab.",
        ["CD38|a|" + CD38, "daratumumab|d|" + DARA, "isatuximab|d|" + ISA],
        {
            (DARA, "targets", CD38, "positive", "asserted"),
            (ISA, "targets", CD38, "positive", "asserted"),
        },
        id="modifier-such-as-coordination",
    ),
    pytest.param(
        "I don't think a non-response to immunoadsorption is a reliable guide to whether targeting "
        "long lived plasma cells will be useful.",
        ["immunoadsorption|d|kg:immunoadsorption", "long lived plasma cells|c|" + LLPC],
        set(),
        id="no-subject-across-complement-clause",
    ),
    pytest.param(
        "A German team treated a woman with myasthenia gravis using CAR T cells aimed at CD19.",
        ["myasthenia gravis|x|" + MG, "CAR T cells|d|kg:cart-cd19", "CD19|a|" + CD19],
        {
            ("kg:cart-cd19", "treats", MG, "positive", "asserted"),
            ("kg:cart-cd19", "targets", CD19, "positive", "asserted"),
        },
        id="using-and-aimed-at-is-not-trial-language",
    ),
    pytest.param(
        "In the N-MOmentum trial, inebilizumab, a humanized antibody against CD19, reduced the risk of "
        "NMOSD attacks by 77% compared with placebo.",
        ["inebilizumab|d|" + INEB, "CD19|a|" + CD19, "NMOSD|x|" + NMOSD],
        {
            (INEB, "targets", CD19, "positive", "asserted"),
            (INEB, "treats", NMOSD, "positive", "investigational"),
        },
        id="antibody-against-and-reduced-risk-of",
    ),
    pytest.param(
        "A pilot study is giving daratumumab, which wipes out plasma cells, to patients with ME/CFS.",
        ["daratumumab|d|" + DARA, "plasma cells|c|" + PC, "ME/CFS|x|" + MECFS],
        {
            (DARA, "depletes", PC, "positive", "asserted"),
            (DARA, "treats", MECFS, "positive", "investigational"),
        },
        id="to-patients-with",
    ),
    pytest.param(
        "Rituximab is medically necessary for the treatment of lymphoma.\nUse in multiple sclerosis or myasthenia gravis is "
        "considered investigational.",
        [
            "Rituximab|d|" + RTX,
            "lymphoma|x|MONDO:0005062",
            "multiple sclerosis|x|" + MS,
            "myasthenia gravis|x|" + MG,
        ],
        {
            (RTX, "treats", "MONDO:0005062", "positive", "asserted"),
            (RTX, "treats", MS, "positive", "investigational"),
            (RTX, "treats", MG, "positive", "investigational"),
        },
        id="policy-use-in-investigational",
    ),
    pytest.param(
        "Blinatumomab, a CD19xCD3 bispecific approved for B-ALL, is being tested in rheumatoid arthritis.",
        [
            "Blinatumomab|d|" + BLIN,
            "CD19|a|" + CD19,
            "CD3|a|" + CD3,
            "B-ALL|x|MONDO:0004947",
            "rheumatoid arthritis|x|" + RA,
        ],
        {
            (BLIN, "targets", CD19, "positive", "asserted"),
            (BLIN, "targets", CD3, "positive", "asserted"),
            (BLIN, "treats", "MONDO:0004947", "positive", "asserted"),
            (BLIN, "treats", RA, "positive", "investigational"),
        },
        id="approval-cue-does-not-reach-past-trial-language",
    ),
    pytest.param(
        "NEJM: Intraventricular CARv3-TEAM-E T Cells in Recurrent Glioblastoma\n"
        "In this first-in-human study, three participants received the cells.",
        ["CARv3-TEAM-E T Cells|d|kg:carv3-team-e", "Glioblastoma|x|" + GBM],
        {("kg:carv3-team-e", "treats", GBM, "positive", "investigational")},
        id="headline-of-trial-report-is-investigational",
    ),
    pytest.param(
        "My MG flared badly last spring.\nIVIG does nothing for me though, tried it 3 times.",
        ["MG|x|" + MG, "IVIG|d|" + IVIG],
        {(IVIG, "treats", MG, "negated", "asserted")},
        id="zero-anaphora-forum-first-person-negated",
    ),
    pytest.param(
        "Obinutuzumab produced deeper B-cell depletion than rituximab.",
        ["Obinutuzumab|d|" + OBI, "B-cell|c|" + BC, "rituximab|d|" + RTX],
        {
            (OBI, "depletes", BC, "positive", "asserted"),
            (RTX, "depletes", BC, "positive", "asserted"),
        },
        id="nominal-depletion-with-agent-before",
    ),
    pytest.param(
        "A teenager with juvenile dermatomyositis is in remission.\n"
        "Before the infusion she had failed to respond to IVIG, methotrexate and rituximab.",
        [
            "juvenile dermatomyositis|x|MONDO:0008054",
            "IVIG|d|" + IVIG,
            "methotrexate|d|" + MTX,
            "rituximab|d|" + RTX,
        ],
        {
            (IVIG, "treats", "MONDO:0008054", "negated", "asserted"),
            (MTX, "treats", "MONDO:0008054", "negated", "asserted"),
            (RTX, "treats", "MONDO:0008054", "negated", "asserted"),
        },
        id="zero-anaphora-covers-the-coordination",
    ),
    pytest.param(
        "The first patients with progressive MS have been dosed in a trial of KYV-101.\n"
        "The therapy has previously shown early signs of activity in lupus nephritis and myasthenia gravis.",
        [
            "progressive MS|x|MONDO:0005284",
            "KYV-101|d|kg:kyv-101",
            "lupus nephritis|x|" + LN,
            "myasthenia gravis|x|" + MG,
        ],
        {
            ("kg:kyv-101", "treats", "MONDO:0005284", "positive", "investigational"),
            ("kg:kyv-101", "treats", LN, "positive", "investigational"),
            ("kg:kyv-101", "treats", MG, "positive", "investigational"),
        },
        id="dosed-in-a-trial-of-and-early-signs-of-activity",
    ),
    pytest.param(
        "Daratumumab is considered medically necessary for multiple myeloma.\n"
        "Daratumumab is considered investigational for all other indications, including ITP.",
        [
            "Daratumumab|d|" + DARA,
            "multiple myeloma|x|MONDO:0009693",
            "Daratumumab|d|" + DARA,
            "ITP|x|" + ITP,
        ],
        {
            (DARA, "treats", "MONDO:0009693", "positive", "asserted"),
            (DARA, "treats", ITP, "positive", "investigational"),
        },
        id="policy-medically-necessary-and-indications",
    ),
]


COC, SEIZ, HAL, CATA, NEPH = "MESH:D003042", "MESH:D012640", "MESH:D006220", "MESH:D002375", "MESH:D007674"
CID_CASES = [
    # chemical-induced disease (BC5CDR CID): rules.v3 causes triggers
    pytest.param("Cocaine-induced seizures were studied in rats.",
                 ["Cocaine|d|" + COC, "seizures|x|" + SEIZ], {(COC, "causes", SEIZ, "positive", "asserted")},
                 id="x-induced-y"),
    pytest.param("Seizures induced by cocaine were blocked.",
                 ["Seizures|x|" + SEIZ, "cocaine|d|" + COC], {(COC, "causes", SEIZ, "positive", "asserted")},
                 id="y-induced-by-x"),
    pytest.param("Haloperidol produced catalepsy in mice.",
                 ["Haloperidol|d|" + HAL, "catalepsy|x|" + CATA], {(HAL, "causes", CATA, "positive", "asserted")},
                 id="x-produced-y"),
    pytest.param("Nephrotoxicity associated with the use of cocaine is rare.",
                 ["Nephrotoxicity|x|" + NEPH, "cocaine|d|" + COC], {(COC, "causes", NEPH, "positive", "asserted")},
                 id="y-associated-with-x-use"),
    pytest.param("Seizures after cocaine were frequent.",
                 ["Seizures|x|" + SEIZ, "cocaine|d|" + COC], set(), id="bare-after-is-not-enough"),
    pytest.param("Haloperidol induced remission of seizures.",
                 ["Haloperidol|d|" + HAL, "seizures|x|" + SEIZ], set(), id="remission-is-not-caused-disease"),
    # regression: the "X administration" check was anchored with '^' but matched at an
    # offset (re.match(text, pos)), so it never fired
    pytest.param("Seizures occurred after cocaine administration.",
                 ["Seizures|x|" + SEIZ, "cocaine|d|" + COC], {(COC, "causes", SEIZ, "positive", "asserted")},
                 id="y-after-x-administration"),
    pytest.param("Catalepsy was observed following haloperidol treatment in rats.",
                 ["Catalepsy|x|" + CATA, "haloperidol|d|" + HAL], {(HAL, "causes", CATA, "positive", "asserted")},
                 id="y-following-x-treatment"),
]


@pytest.mark.parametrize(("text", "spec", "expected"), CID_CASES)
def test_chemical_induced_disease(text: str, spec: list[str], expected: set[tuple[str, ...]]) -> None:
    got = {g for g in run(text, spec) if g[1] == "causes"}
    assert got == expected


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


# rules.v4: error classes of the third blind batch, one new sentence (or two) per class
V4_CASES = [
    pytest.param(
        "Outcomes in refractory lupus nephritis.\n"
        "Four patients who had failed azathioprine, tacrolimus and rituximab were enrolled.",
        ["lupus nephritis|x|x:LN", "azathioprine|d|x:AZA", "tacrolimus|d|x:TAC", "rituximab|d|x:RTX"],
        {(d, "treats", "x:LN", "negated", "asserted") for d in ("x:AZA", "x:TAC", "x:RTX")},
        id="failure-verb-drug-object-coordinated",
    ),
    pytest.param(
        "Obinutuzumab improved responses in chronic lymphocytic leukemia.\n"
        "Of 30 patients progressing after obinutuzumab, 8 had a transformation.",
        ["Obinutuzumab|d|x:OBI", "chronic lymphocytic leukemia|x|x:CLL", "obinutuzumab|d|x:OBI"],
        {("x:OBI", "treats", "x:CLL", "positive", "asserted"), ("x:OBI", "treats", "x:CLL", "negated", "asserted")},
        id="progressing-after-drug-disease-in-previous-sentence",
    ),
    pytest.param(
        "Bortezomib induced a remission of thrombotic thrombocytopenic purpura after he had not "
        "responded to caplacizumab or plasma exchange.",
        ["Bortezomib|d|x:BTZ", "thrombotic thrombocytopenic purpura|x|x:TTP", "caplacizumab|d|x:CAP",
         "plasma exchange|d|x:PLEX"],
        {("x:BTZ", "treats", "x:TTP", "positive", "asserted"), ("x:CAP", "treats", "x:TTP", "negated", "asserted"),
         ("x:PLEX", "treats", "x:TTP", "negated", "asserted")},
        id="had-not-responded-to-coordinated",
    ),
    pytest.param(
        "Obecabtagene autoleucel was given to 12 adults with lupus.\n"
        "No patient developed grade 3 cytokine release syndrome.",
        ["Obecabtagene autoleucel|d|x:OBE", "lupus|x|x:SLE", "cytokine release syndrome|x|x:CRS"],
        {("x:OBE", "treats", "x:SLE", "positive", "asserted"), ("x:OBE", "causes", "x:CRS", "negated", "asserted")},
        id="no-patient-developed-adverse-event",
    ),
    pytest.param(
        "Participants receive a single infusion of obecabtagene autoleucel.\n"
        "Siltuximab will be administered for grade 3 cytokine release syndrome.",
        ["obecabtagene autoleucel|d|x:OBE", "Siltuximab|d|x:SIL", "cytokine release syndrome|x|x:CRS"],
        {("x:SIL", "treats", "x:CRS", "positive", "investigational")},
        id="protocol-rescue-drug-will-be-given-for-event",
    ),
    pytest.param(
        "Ianalumab, an antibody that neutralizes both BAFF and APRIL, was tested.",
        ["Ianalumab|d|x:IAN", "BAFF|a|x:BAFF", "APRIL|a|x:APRIL"],
        {("x:IAN", "targets", "x:BAFF", "positive", "asserted"), ("x:IAN", "targets", "x:APRIL", "positive", "asserted")},
        id="mechanism-verb-neutralizes-both",
    ),
    pytest.param(
        "Belantamab and teclistamab lower plasma cell counts in most patients.",
        ["Belantamab|d|x:BEL", "teclistamab|d|x:TEC", "plasma cell|c|x:PC"],
        {("x:BEL", "depletes", "x:PC", "positive", "asserted"), ("x:TEC", "depletes", "x:PC", "positive", "asserted")},
        id="mechanism-verb-lower-cell-counts",
    ),
    pytest.param(
        "Long-lived plasma cells survive rituximab.",
        ["plasma cells|c|x:PC", "rituximab|d|x:RTX"],
        {("x:RTX", "depletes", "x:PC", "negated", "asserted")},
        id="cells-survive-drug-is-sparing",
    ),
    pytest.param(
        "Eculizumab is considered medically necessary for generalized myasthenia gravis.\n"
        "Efgartigimod is an acceptable alternative.\n"
        "Eculizumab is not medically necessary as maintenance therapy for myasthenia gravis in members "
        "who have not tried a steroid.",
        ["Eculizumab|d|x:ECU", "generalized myasthenia gravis|x|x:MG", "Efgartigimod|d|x:EFG",
         "Eculizumab|d|x:ECU", "myasthenia gravis|x|x:MG"],
        {("x:ECU", "treats", "x:MG", "positive", "asserted"), ("x:EFG", "treats", "x:MG", "positive", "asserted")},
        id="policy-acceptable-alternative-and-not-medically-necessary",
    ),
]


@pytest.mark.parametrize(("text", "spec", "expected"), V4_CASES)
def test_v4_error_classes(text: str, spec: list[str], expected: set[tuple[str, ...]]) -> None:
    assert run(text, spec) == expected


# rules.v5: error classes of the fourth blind batch, one new sentence (or two) per class
V5_CASES = [
    pytest.param(
        "Adults with myasthenia gravis who relapse despite eculizumab and efgartigimod need other options.\n"
        "Lymphoma that comes back after venetoclax is hard to manage.",
        ["myasthenia gravis|x|x:MG", "eculizumab|d|x:ECU", "efgartigimod|d|x:EFG",
         "Lymphoma|x|x:LY", "venetoclax|d|x:VEN"],
        {("x:ECU", "treats", "x:MG", "negated", "asserted"), ("x:EFG", "treats", "x:MG", "negated", "asserted"),
         ("x:VEN", "treats", "x:LY", "negated", "asserted")},
        id="relapse-despite-and-comes-back-after-are-failure",
    ),
    pytest.param(
        "Povetacicept, a dual antagonist of BAFF and APRIL, was well tolerated.\n"
        "Glofitamab is a CD20xCD3 T-cell-engaging bispecific antibody.\n"
        "IL-17 inhibitors such as secukinumab are widely used.",
        ["Povetacicept|d|x:POV", "BAFF|a|x:BAFF", "APRIL|a|x:APRIL", "Glofitamab|d|x:GLO", "CD20|a|x:CD20",
         "CD3|a|x:CD3", "IL-17|a|x:IL17", "secukinumab|d|x:SEC"],
        {("x:POV", "targets", "x:BAFF", "positive", "asserted"), ("x:POV", "targets", "x:APRIL", "positive", "asserted"),
         ("x:GLO", "targets", "x:CD20", "positive", "asserted"), ("x:GLO", "targets", "x:CD3", "positive", "asserted"),
         ("x:SEC", "targets", "x:IL17", "positive", "asserted")},
        id="mechanism-class-inhibitor-of-and-engaging-bispecific-and-blockers-such-as",
    ),
    pytest.param(
        "Grade 3 cytokine release syndrome occurred in 4% of lisocabtagene recipients.\n"
        "Pneumonia and other infections were more common in the ublituximab arm.\n"
        "Infections were more common in the ublituximab trial.",
        ["cytokine release syndrome|x|x:CRS", "lisocabtagene|d|x:LISO", "infections|x|x:INF", "ublituximab|d|x:UBL",
         "Infections|x|x:INF", "ublituximab|d|x:UBL"],
        {("x:LISO", "causes", "x:CRS", "positive", "asserted"), ("x:UBL", "causes", "x:INF", "positive", "asserted")},
        id="adverse-event-reported-in-a-treatment-group",
    ),
    pytest.param(
        "Teclistamab works well, although two of my patients needed intensive care for cytokine release syndrome.",
        ["Teclistamab|d|x:TEC", "cytokine release syndrome|x|x:CRS"],
        {("x:TEC", "causes", "x:CRS", "positive", "asserted")},
        id="adverse-event-needing-care-is-an-occurrence",
    ),
    pytest.param(
        "Siltuximab is a second-line therapy for bispecific-associated cytokine release syndrome.\n"
        "Dexamethasone is preferred for neurotoxicity.\n"
        "Anakinra may lower the risk of neurotoxicity.",
        ["Siltuximab|d|x:SIL", "bispecific|d|x:BSP", "cytokine release syndrome|x|x:CRS", "Dexamethasone|d|x:DEX",
         "neurotoxicity|x|x:ICANS", "Anakinra|d|x:ANA", "neurotoxicity|x|x:ICANS"],
        {("x:SIL", "treats", "x:CRS", "positive", "asserted"), ("x:BSP", "causes", "x:CRS", "positive", "asserted"),
         ("x:DEX", "treats", "x:ICANS", "positive", "asserted"),
         ("x:ANA", "treats", "x:ICANS", "positive", "hypothesised")},
        id="treating-an-adverse-event-is-treats-and-lowering-its-risk-is-not-causes",
    ),
    pytest.param(
        "In this study, 410 adults with lupus nephritis were randomized to obinutuzumab or placebo.\n"
        "CD7-directed CAR T cells were infused into 12 patients with T-cell leukaemia.",
        ["lupus nephritis|x|x:LN", "obinutuzumab|d|x:OBI", "CAR T cells|d|x:CART7", "T-cell leukaemia|x|x:TALL"],
        {("x:OBI", "treats", "x:LN", "positive", "investigational"),
         ("x:CART7", "treats", "x:TALL", "positive", "asserted")},
        id="disease-before-drug-randomized-to-and-infused-into-patients-with",
    ),
    pytest.param(
        "The trial randomised 200 adults with myasthenia gravis (MG) to nipocalimab or placebo.\n"
        "We describe a boy with lupus nephritis refractory to cyclophosphamide and rituximab who then "
        "received obecabtagene autoleucel.",
        ["myasthenia gravis|x|x:MG", "nipocalimab|d|x:NIP", "lupus nephritis|x|x:LN", "cyclophosphamide|d|x:CY",
         "rituximab|d|x:RTX", "obecabtagene autoleucel|d|x:OBE"],
        {("x:NIP", "treats", "x:MG", "positive", "investigational"),
         ("x:CY", "treats", "x:LN", "negated", "asserted"), ("x:RTX", "treats", "x:LN", "negated", "asserted"),
         ("x:OBE", "treats", "x:LN", "positive", "asserted")},
        id="randomised-patients-with-x-to-a-and-refractory-then-received",
    ),
    pytest.param(
        "The agency approved inebilizumab for relapsing forms of myasthenia gravis and for neuromyelitis optica.",
        ["inebilizumab|d|x:INE", "myasthenia gravis|x|x:MG", "neuromyelitis optica|x|x:NMO"],
        {("x:INE", "treats", "x:MG", "positive", "asserted"), ("x:INE", "treats", "x:NMO", "positive", "asserted")},
        id="approval-for-forms-of-disease-and-for-second-disease",
    ),
    pytest.param(
        "Official Title: A Study of Batoclimab in Adults With Graves Disease\n"
        "Exclusion: Participants treated with rituximab in the past year are not eligible.",
        ["Batoclimab|d|x:BAT", "Graves Disease|x|x:GD", "rituximab|d|x:RTX"],
        {("x:BAT", "treats", "x:GD", "positive", "investigational")},
        id="eligibility-criterion-prior-drug-is-not-failure",
    ),
    pytest.param(
        "Batoclimab is effective in Graves disease.\n"
        "Patients who had failed rituximab were ineligible.",
        ["Batoclimab|d|x:BAT", "Graves disease|x|x:GD", "rituximab|d|x:RTX"],
        {("x:BAT", "treats", "x:GD", "positive", "asserted")},
        id="eligibility-criterion-no-zero-anaphora",
    ),
]


@pytest.mark.parametrize(("text", "spec", "expected"), V5_CASES)
def test_v5_error_classes(text: str, spec: list[str], expected: set[tuple[str, ...]]) -> None:
    assert run(text, spec) == expected


# rules.v6: error classes of the fifth blind batch (blind5), new sentences per class, with must-not rows
V6_CASES = [
    # negation of an adverse event: "none developed", "neither patient developed"
    pytest.param(
        "Lisocabtagene maraleucel was given to eight adults with myositis.\n"
        "Grade 2 cytokine release syndrome occurred in three; none developed ICANS.\n"
        "Neither of the remaining patients had cytokine release syndrome or ICANS.",
        ["Lisocabtagene maraleucel|d|x:LISO", "myositis|x|x:MYO", "cytokine release syndrome|x|x:CRS", "ICANS|x|x:ICANS",
         "cytokine release syndrome|x|x:CRS", "ICANS|x|x:ICANS"],
        {("x:LISO", "treats", "x:MYO", "positive", "asserted"), ("x:LISO", "causes", "x:CRS", "positive", "asserted"),
         ("x:LISO", "causes", "x:ICANS", "negated", "asserted"), ("x:LISO", "causes", "x:CRS", "negated", "asserted")},
        id="none-and-neither-developed-negate-the-event",
    ),
    # adverse event: never the failed prior therapy, a stopped drug or the rescue drug
    pytest.param(
        "Adults with myeloma refractory to isatuximab were then treated with elranatamab.\n"
        "Cytokine release syndrome occurred in 40%.",
        ["myeloma|x|x:MM", "isatuximab|d|x:ISA", "elranatamab|d|x:ELR", "Cytokine release syndrome|x|x:CRS"],
        {("x:ISA", "treats", "x:MM", "negated", "asserted"), ("x:ELR", "treats", "x:MM", "positive", "asserted"),
         ("x:ELR", "causes", "x:CRS", "positive", "asserted")},
        id="adverse-event-not-given-to-the-failed-prior-therapy",
    ),
    pytest.param(
        "Six patients with scleroderma received CD7 CAR T cells.\n"
        "By month three all had tapered off methylprednisolone.\n"
        "Fever and cytokine release syndrome resolved with siltuximab; there was no graft-versus-host disease.",
        ["scleroderma|x|x:SSC", "CAR T cells|d|x:CART7", "methylprednisolone|d|x:MP", "cytokine release syndrome|x|x:CRS",
         "siltuximab|d|x:SIL", "graft-versus-host disease|x|x:GVHD"],
        {("x:CART7", "treats", "x:SSC", "positive", "asserted"), ("x:SIL", "treats", "x:CRS", "positive", "asserted"),
         ("x:CART7", "causes", "x:CRS", "positive", "asserted"), ("x:CART7", "causes", "x:GVHD", "negated", "asserted")},
        id="adverse-event-not-given-to-a-stopped-or-rescue-drug",
    ),
    pytest.param(
        "My husband started talquetamab in May.\n"
        "He got CRS after the second dose, so they gave him dexamethasone and it resolved.",
        ["talquetamab|d|x:TAL", "CRS|x|x:CRS", "dexamethasone|d|x:DEX"],
        {("x:TAL", "causes", "x:CRS", "positive", "asserted"), ("x:DEX", "treats", "x:CRS", "positive", "asserted")},
        id="forum-rescue-they-gave-him-is-not-the-agent",
    ),
    # depletion reported as an outcome
    pytest.param(
        "Nine adults with pemphigus received obinutuzumab.\n"
        "Circulating B cells were no longer detectable after the second infusion.\n"
        "Plasmablast numbers fell sharply in the ofatumumab arm.",
        ["pemphigus|x|x:PV", "obinutuzumab|d|x:OBI", "B cells|c|x:BC", "Plasmablast|c|x:PB", "ofatumumab|d|x:OFA"],
        {("x:OBI", "treats", "x:PV", "positive", "asserted"), ("x:OBI", "depletes", "x:BC", "positive", "asserted"),
         ("x:OFA", "depletes", "x:PB", "positive", "asserted")},
        id="depletion-reported-as-an-outcome",
    ),
    pytest.param(
        "Donor-derived CAR T cells were infused into four patients.\n"
        "Within a month the cells had cleared circulating B cells.",
        ["CAR T cells|d|x:CART", "B cells|c|x:BC"],
        {("x:CART", "depletes", "x:BC", "positive", "asserted")},
        id="the-cells-refers-to-the-cell-therapy",
    ),
    pytest.param(
        "Patients received rituximab for vasculitis.\n"
        "B cells became undetectable in some patients, whereas naive B cells were not depleted.",
        ["rituximab|d|x:RTX", "vasculitis|x|x:VAS", "B cells|c|x:BC", "naive B cells|c|x:NBC"],
        {("x:RTX", "treats", "x:VAS", "positive", "asserted"), ("x:RTX", "depletes", "x:BC", "positive", "asserted"),
         ("x:RTX", "depletes", "x:NBC", "negated", "asserted")},
        id="depletion-outcome-negated-in-its-own-clause",
    ),
    # must not: a count that rises is no depletion; a cell with no therapy around gives nothing
    pytest.param(
        "B cells returned after 9 months in most patients with vasculitis.",
        ["B cells|c|x:BC", "vasculitis|x|x:VAS"],
        set(),
        id="must-not-cells-returning-or-no-therapy",
    ),
    # treats: failure wording and trial structure
    pytest.param(
        "Despite belimumab and anifrolumab, her lupus nephritis had progressed.\n"
        "We treated 11 adults with belimumab-resistant lupus who were switched to obinutuzumab.",
        ["belimumab|d|x:BEL", "anifrolumab|d|x:ANI", "lupus nephritis|x|x:LN", "belimumab|d|x:BEL", "lupus|x|x:SLE",
         "obinutuzumab|d|x:OBI"],
        {("x:BEL", "treats", "x:LN", "negated", "asserted"), ("x:ANI", "treats", "x:LN", "negated", "asserted"),
         ("x:BEL", "treats", "x:SLE", "negated", "asserted"), ("x:OBI", "treats", "x:SLE", "positive", "asserted")},
        id="despite-x-disease-progressed-and-resistant-switched-to",
    ),
    pytest.param(
        "In this randomised trial, 150 patients with lupus on hydroxychloroquine were assigned to anifrolumab or placebo.\n"
        "We treated five adults with nephritis refractory to cyclophosphamide and tacrolimus with obinutuzumab.",
        ["lupus|x|x:SLE", "hydroxychloroquine|d|x:HCQ", "anifrolumab|d|x:ANI", "nephritis|x|x:LN",
         "cyclophosphamide|d|x:CY", "tacrolimus|d|x:TAC", "obinutuzumab|d|x:OBI"],
        {("x:HCQ", "treats", "x:SLE", "positive", "investigational"), ("x:ANI", "treats", "x:SLE", "positive", "investigational"),
         ("x:CY", "treats", "x:LN", "negated", "asserted"), ("x:TAC", "treats", "x:LN", "negated", "asserted"),
         ("x:OBI", "treats", "x:LN", "positive", "asserted")},
        id="patients-with-x-on-y-and-refractory-list-with-next-therapy",
    ),
    # policy language: not covered for, bulleted indications
    pytest.param(
        "Ocrelizumab is not covered for myasthenia gravis or for neuromyelitis optica.",
        ["Ocrelizumab|d|x:OCR", "myasthenia gravis|x|x:MG", "neuromyelitis optica|x|x:NMO"],
        {("x:OCR", "treats", "x:MG", "negated", "asserted"), ("x:OCR", "treats", "x:NMO", "negated", "asserted")},
        id="policy-not-covered-for",
    ),
    pytest.param(
        "Eculizumab is considered medically necessary for:\n"
        "• atypical hemolytic uremic syndrome;\n"
        "• generalized myasthenia gravis, in members with AChR antibodies.\n"
        "Prior authorisation is required.\n"
        "• neuromyelitis optica",
        ["Eculizumab|d|x:ECU", "atypical hemolytic uremic syndrome|x|x:AHUS", "generalized myasthenia gravis|x|x:MG",
         "neuromyelitis optica|x|x:NMO"],
        {("x:ECU", "treats", "x:AHUS", "positive", "asserted"), ("x:ECU", "treats", "x:MG", "positive", "asserted")},
        id="policy-bulleted-indications-after-a-colon-head",
    ),
    # forum writing
    pytest.param(
        "Five years on Tysabri for my relapsing MS and it's been great.\n"
        "Before that I tried Copaxone and it did literally nothing for my MS.",
        ["Tysabri|d|x:NAT", "relapsing MS|x|x:RRMS", "Copaxone|d|x:GA", "MS|x|x:MS"],
        {("x:NAT", "treats", "x:RRMS", "positive", "asserted"), ("x:GA", "treats", "x:MS", "negated", "asserted")},
        id="forum-on-x-for-my-y-and-did-nothing",
    ),
    pytest.param(
        "Diagnosed with lupus nephritis in 2021.\n"
        "I read about infections and I'm nervous.\n"
        "Failed azathioprine and then Benlysta, currently on voclosporin + prednisone.",
        ["lupus nephritis|x|x:LN", "infections|x|x:INF", "azathioprine|d|x:AZA", "Benlysta|d|x:BEL",
         "voclosporin|d|x:VOC", "prednisone|d|x:PRED"],
        {("x:AZA", "treats", "x:LN", "negated", "asserted"), ("x:BEL", "treats", "x:LN", "negated", "asserted"),
         ("x:VOC", "treats", "x:LN", "positive", "asserted"), ("x:PRED", "treats", "x:LN", "positive", "asserted")},
        id="forum-failed-x-and-then-y-currently-on-z-skips-adverse-event",
    ),
    # mechanism wording, anaphora, contrast
    pytest.param(
        "Glofitamab is a bispecific antibody that engages CD20 on B cells and CD3 on T cells.\n"
        "Exclusion: prior obinutuzumab or another anti-CD20 antibody.",
        ["Glofitamab|d|x:GLO", "CD20|a|x:CD20", "B cells|c|x:BC", "CD3|a|x:CD3", "T cells|c|x:TC",
         "obinutuzumab|d|x:OBI", "CD20|a|x:CD20"],
        {("x:GLO", "targets", "x:CD20", "positive", "asserted"), ("x:GLO", "targets", "x:CD3", "positive", "asserted"),
         ("x:BC", "expresses", "x:CD20", "positive", "asserted"), ("x:TC", "expresses", "x:CD3", "positive", "asserted"),
         ("x:OBI", "targets", "x:CD20", "positive", "asserted")},
        id="engages-and-or-another-anti-x",
    ),
    pytest.param(
        "CAR T cells against CD70 are being infused in renal cancer, after earlier products aimed at CAIX lost "
        "their effect.",
        ["CAR T cells|d|x:CART70", "CD70|a|x:CD70", "CAIX|a|x:CAIX"],
        {("x:CART70", "targets", "x:CD70", "positive", "asserted")},
        id="must-not-earlier-products-aimed-at-have-their-own-subject",
    ),
    pytest.param(
        "Ocrelizumab slows disability in relapsing MS but has only small effects in progressive MS, possibly "
        "because it does not reach B cells behind the blood-brain barrier.",
        ["Ocrelizumab|d|x:OCR", "relapsing MS|x|x:RRMS", "progressive MS|x|x:PMS", "B cells|c|x:BC"],
        {("x:OCR", "treats", "x:RRMS", "positive", "asserted"), ("x:OCR", "treats", "x:PMS", "positive", "asserted"),
         ("x:OCR", "depletes", "x:BC", "negated", "hypothesised")},
        id="slows-disability-effects-in-and-does-not-reach",
    ),
    # class anaphora: a plural noun refers to every drug named together most recently
    pytest.param(
        "Satralizumab and tocilizumab are approved in several countries.\n"
        "Both drugs block the IL-6 receptor, and infections are common with the two antibodies.",
        ["Satralizumab|d|x:SAT", "tocilizumab|d|x:TCZ", "IL-6 receptor|a|x:IL6R", "infections|x|x:INF"],
        {("x:SAT", "targets", "x:IL6R", "positive", "asserted"), ("x:TCZ", "targets", "x:IL6R", "positive", "asserted"),
         ("x:SAT", "causes", "x:INF", "positive", "asserted"), ("x:TCZ", "causes", "x:INF", "positive", "asserted")},
        id="plural-class-anaphor-both-drugs-the-two-antibodies",
    ),
    # must not: a named risk is no reported event
    pytest.param(
        "Patients often ask about blinatumomab.\n"
        "The main concern is infection risk in older adults.",
        ["blinatumomab|d|x:BLIN", "infection|x|x:INF"],
        set(),
        id="must-not-infection-risk-is-no-event",
    ),
    # forum proposals: hypothesised treats of the thread's disease
    pytest.param(
        "Three flares of my lupus this year.\n"
        "My rheumatologist wants me to try anifrolumab.",
        ["lupus|x|x:SLE", "anifrolumab|d|x:ANI"],
        {("x:ANI", "treats", "x:SLE", "positive", "hypothesised")},
        id="forum-proposal-wants-me-to-try",
    ),
    # comparatives: both drugs of "A worked better than B in <disease>"
    pytest.param(
        "Ofatumumab lowered relapse rates far more than teriflunomide in relapsing multiple sclerosis.",
        ["Ofatumumab|d|x:OFA", "teriflunomide|d|x:TER", "relapsing multiple sclerosis|x|x:RMS"],
        {("x:OFA", "treats", "x:RMS", "positive", "asserted"), ("x:TER", "treats", "x:RMS", "positive", "asserted")},
        id="comparative-more-than-both-drugs",
    ),
    pytest.param(
        "My myasthenia gravis is generalised and AChR-positive.\n"
        "For people like me, efgartigimod is a good choice.",
        ["myasthenia gravis|x|x:MG", "efgartigimod|d|x:EFG"],
        {("x:EFG", "treats", "x:MG", "positive", "asserted")},
        id="a-good-choice-zero-anaphora",
    ),
    pytest.param(
        "I start obecabtagene autoleucel next month.\n"
        "I've heard about cytokine release syndrome and it scares me.",
        ["obecabtagene autoleucel|d|x:OBE", "cytokine release syndrome|x|x:CRS"],
        {("x:OBE", "causes", "x:CRS", "positive", "hypothesised")},
        id="forum-hearsay-about-an-adverse-event-is-hypothesised",
    ),
    pytest.param(
        "Ten adults with lupus received anitocabtagene autoleucel.\n"
        "ICANS was absent and cytokine release syndrome never occurred.",
        ["lupus|x|x:SLE", "anitocabtagene autoleucel|d|x:ANI", "ICANS|x|x:ICANS", "cytokine release syndrome|x|x:CRS"],
        {("x:ANI", "treats", "x:SLE", "positive", "asserted"), ("x:ANI", "causes", "x:ICANS", "negated", "asserted"),
         ("x:ANI", "causes", "x:CRS", "negated", "asserted")},
        id="adverse-event-absent-or-never-occurred",
    ),
    pytest.param(
        "Four adults with myositis received CAR T cells.\n"
        "B-cell aplasia persisted for six months, and plasma cell depletion was sustained.",
        ["myositis|x|x:MYO", "CAR T cells|d|x:CART", "B-cell|c|x:BC", "plasma cell|c|x:PC"],
        {("x:CART", "treats", "x:MYO", "positive", "asserted"), ("x:CART", "depletes", "x:BC", "positive", "asserted"),
         ("x:CART", "depletes", "x:PC", "positive", "asserted")},
        id="depletion-outcome-aplasia-and-depletion-was-sustained",
    ),
    pytest.param(
        "Rituximab is widely used in pemphigus.\n"
        "B-cell depletion strategies are reviewed here.",
        ["Rituximab|d|x:RTX", "pemphigus|x|x:PV", "B-cell|c|x:BC"],
        {("x:RTX", "treats", "x:PV", "positive", "asserted")},
        id="must-not-depletion-as-a-topic-is-no-outcome",
    ),
    pytest.param(
        "Belantamab, an antibody specific for BCMA, eradicated malignant plasma cells.\n"
        "Memory B cells were destroyed by obinutuzumab.",
        ["Belantamab|d|x:BEL", "BCMA|a|x:BCMA", "plasma cells|c|x:PC", "Memory B cells|c|x:MBC", "obinutuzumab|d|x:OBI"],
        {("x:BEL", "targets", "x:BCMA", "positive", "asserted"), ("x:BEL", "depletes", "x:PC", "positive", "asserted"),
         ("x:OBI", "depletes", "x:MBC", "positive", "asserted")},
        id="mechanism-verbs-specific-for-eradicated-destroyed-by",
    ),
    pytest.param(
        "CD38-positive plasma cells and NK cells were counted; CD20+ B cells and T cells were gated separately.",
        ["CD38|a|x:CD38", "plasma cells|c|x:PC", "NK cells|c|x:NK", "CD20|a|x:CD20", "B cells|c|x:BC", "T cells|c|x:TC"],
        {("x:PC", "expresses", "x:CD38", "positive", "asserted"), ("x:NK", "expresses", "x:CD38", "positive", "asserted"),
         ("x:BC", "expresses", "x:CD20", "positive", "asserted")},
        id="word-marker-covers-the-coordination-but-a-plus-sign-does-not",
    ),
    pytest.param(
        "Neither azathioprine nor IVIG improved her myositis.\n"
        "After two cycles of rituximab, her pemphigus went into complete remission.\n"
        "No grade 3 cytokine release syndrome was reported with lisocabtagene maraleucel.",
        ["azathioprine|d|x:AZA", "IVIG|d|x:IVIG", "myositis|x|x:MYO", "rituximab|d|x:RTX", "pemphigus|x|x:PV",
         "cytokine release syndrome|x|x:CRS", "lisocabtagene maraleucel|d|x:LISO"],
        {("x:AZA", "treats", "x:MYO", "negated", "asserted"), ("x:IVIG", "treats", "x:MYO", "negated", "asserted"),
         ("x:RTX", "treats", "x:PV", "positive", "asserted"), ("x:LISO", "causes", "x:CRS", "negated", "asserted")},
        id="neither-nor-went-into-remission-after-and-reported-with",
    ),
    pytest.param(
        "Ofatumumab-treated patients more often developed serious infections.\n"
        "I have had myasthenia gravis since 2019.\n"
        "Efgartigimod has been a game changer for me.",
        ["Ofatumumab|d|x:OFA", "infections|x|x:INF", "myasthenia gravis|x|x:MG", "Efgartigimod|d|x:EFG"],
        {("x:OFA", "causes", "x:INF", "positive", "asserted"), ("x:EFG", "treats", "x:MG", "positive", "asserted")},
        id="a-caused-event-is-not-treated-and-forum-game-changer",
    ),
    pytest.param(
        "Patients on voclosporin had fewer lupus flares than those on placebo.\n"
        "Anifrolumab did not reduce flares in lupus nephritis.\n"
        "Obinutuzumab achieved deeper B-cell depletion than rituximab in membranous nephropathy.",
        ["voclosporin|d|x:VOC", "lupus|x|x:SLE", "Anifrolumab|d|x:ANI", "lupus nephritis|x|x:LN", "Obinutuzumab|d|x:OBI",
         "B-cell|c|x:BC", "rituximab|d|x:RTX", "membranous nephropathy|x|x:MN"],
        {("x:VOC", "treats", "x:SLE", "positive", "asserted"), ("x:ANI", "treats", "x:LN", "negated", "asserted"),
         ("x:OBI", "depletes", "x:BC", "positive", "asserted"), ("x:RTX", "depletes", "x:BC", "positive", "asserted"),
         ("x:OBI", "treats", "x:MN", "positive", "asserted"), ("x:RTX", "treats", "x:MN", "positive", "asserted")},
        id="fewer-flares-did-not-reduce-flares-and-deeper-than",
    ),
    pytest.param(
        "Memory B cells persisted despite inebilizumab.\n"
        "My rheumatologist took me off belimumab because of recurrent infections.\n"
        "Idecabtagene vicleucel induced remission, with only mild cytokine release syndrome.",
        ["Memory B cells|c|x:MBC", "inebilizumab|d|x:INE", "belimumab|d|x:BEL", "infections|x|x:INF",
         "Idecabtagene vicleucel|d|x:IDE", "cytokine release syndrome|x|x:CRS"],
        {("x:INE", "depletes", "x:MBC", "negated", "asserted"), ("x:BEL", "causes", "x:INF", "positive", "asserted"),
         ("x:IDE", "causes", "x:CRS", "positive", "asserted")},
        id="cells-persisted-despite-stopped-because-of-and-with-only-mild",
    ),
    pytest.param(
        "Adults on tacrolimus had fewer infections than those on azathioprine.",
        ["tacrolimus|d|x:TAC", "infections|x|x:INF", "azathioprine|d|x:AZA"],
        {("x:TAC", "causes", "x:INF", "positive", "asserted")},  # infections did occur on it; no treats
        id="must-not-fewer-events-compared-is-no-treatment",
    ),
]


@pytest.mark.parametrize(("text", "spec", "expected"), V6_CASES)
def test_v6_error_classes(text: str, spec: list[str], expected: set[tuple[str, ...]]) -> None:
    assert run(text, spec) == expected
