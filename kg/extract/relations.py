"""Relation extraction: trigger rules over each sentence's mentions (``rules.v4``).

The rules are data (``ontologies/relation_rules.json``, compiled in
:mod:`kg.extract.sentence_rules`): trigger patterns per predicate,
modifier patterns ("anti-CD20", "CD19-directed", "B-cell-depleting"), coordination and
appositive glue, anaphors, and the cue lexicons of :mod:`kg.extract.context`. This module
only walks the mentions of a sentence and applies them:

* modifiers: an antigen written as a modifier of a therapy ("BCMA-directed rCAR-T",
  "anti-CD38 antibody", "CD19 CAR T cells") gives ``targets`` (a mechanism: asserted);
  a cell type before "-depleting" gives ``depletes``;
* verb triggers ("targets", "depletes", "removed by", "expressed on") link the nearest
  subject before the trigger to the first argument after it, expanded over coordination;
* ``treats`` links a disease to the nearest drug before it when a treatment trigger sits
  between them (or after it for "patients with X received Y"), again over coordination;
* anaphora: "it", "this antibody", "these cells" resolve to the latest mention of the
  type; a sentence with a treatment trigger but no drug (or no disease) borrows it from
  the previous sentences, or the disease named in the document title;
* ``causes``: an adverse effect reported as an event ("grade 2 CRS occurred", "no ICANS was
  seen") is caused by the drug after it ("after CAR-T infusion"), else by the therapy of the
  sentence or of the previous sentences (cell therapies first; never a conditioning agent or
  the drug that treated the event);
* negated facts from sparing and lacking ("the plasma cells that rituximab leaves behind",
  "plasma cells, which lack CD20"); a verbless headline of a trial report is investigational.

Every statement carries one :class:`~kg.model.Evidence` per distinct sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from typing import Any

from kg.extract.context import (
    Context,
    assess,
    clause_spans,
    get_rules,
    lowered_ascii,
    may_match_words,
    search_any,
    word_chars,
    word_text,
)
from kg.extract.sentence_rules import (
    RULES_VERSION,
    RelationRules,
    _Arg,
    _Cand,
    _is_adverse,
    _is_cell_therapy,
    _Sentence,
    get_relation_rules,
)
from kg.model import (
    DOMAIN_RANGE,
    Certainty,
    Document,
    Entity,
    Evidence,
    Mention,
    NodeType,
    Polarity,
    Predicate,
    Statement,
)

__all__ = ["RULES_VERSION", "extract_statements", "get_relation_rules"]

_I = re.IGNORECASE
# precompiled: the same as re.search(r"[;]|\.\s", ...) without the re cache lookup
_BREAK = re.compile(r"[;]|\.\s")  # a clause or sentence break
_APPOSITION = re.compile(
    r"\s*(?:T cells|cells)?\s*(?:,\s*(?:which|that)\s+(?:is|are)|\s+(?:is|are)|,)\s+(?:a|an)?\s*(?:[\w/+-]+\s+){0,3}",
    _I,
)
_EVENT_HEDGE = re.compile(
    r"\bI(?:['’]ve| have)? (?:read|heard)\b|\b(?:may|might|could)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE
)
_NEAR_HEDGE = re.compile(
    r"\b(?:possibly|probably|perhaps|presumably|likely|may|might|could)\b(?:\s+because)?\s+(?:[\w-]+\s+){0,1}$",
    re.IGNORECASE,
)
_BECAUSE_OF = re.compile(r"\b(?:because of|due to)\s+(?:(?:the|a|an|his|her|my|their|repeated|recurrent|frequent|several|severe|serious)\s+){0,3}$", re.IGNORECASE)
_GIVEN_UP = re.compile(
    r"\b(?:from|off|stopped|stopping|discontinued|discontinuing|quit|withdrew|withdrawn)\s+(?:(?:the|his|her|my)\s+)?$", re.IGNORECASE
)
_RISK_AFTER = re.compile(r"\s*risks?\b", re.IGNORECASE)  # "infection risk": a risk named, no event
_TREATED_TAIL = re.compile(r"-(?:treated|related|associated|induced)\b")


def _alias_appositives(
    text: str, mentions: Sequence[Mention], rules: RelationRules
) -> dict[int, str]:
    """A generic CAR-T mention in apposition to a named product takes the product's id."""
    out: dict[int, str] = {}
    for i in range(1, len(mentions)):
        cur, prev = mentions[i], mentions[i - 1]
        if cur.type is not NodeType.DRUG or not cur.id.startswith("kg:cart"):
            continue
        if prev.type is NodeType.DRUG and not prev.id.startswith("kg:cart"):
            glue = text[prev.end : cur.start]
            if len(glue) < 40 and _APPOSITION.fullmatch(glue):
                out[i] = prev.id
    return out


def _title_disease(doc: Document, mentions: Sequence[Mention]) -> Mention | None:
    if not doc.title:
        return None
    found: dict[str, Mention] = {}
    for m in mentions:
        # (``m.text in doc.title``: what the regex needs, tested first)
        if m.type is NodeType.DISEASE and m.text in doc.title and re.search(
            rf"(?<!\w){re.escape(m.text)}(?!\w)", doc.title
        ):
            found.setdefault(m.id, m)
    return next(iter(found.values())) if len(found) == 1 else None


def extract_statements(
    doc: Document,
    sentences: list[tuple[int, int]],
    mentions: list[Mention],
    entities: list[Entity],
) -> list[Statement]:
    """Statements read from the document's sentences, one per identity key, evidence merged."""
    rules = get_relation_rules()
    ctx_rules = get_rules()
    if not mentions:
        return []  # no mention: no argument and nothing an anaphor could refer to (2 in 3 abstracts of the 10 MB benchmark corpus)
    text = doc.text
    ms = sorted(mentions, key=lambda m: (m.start, -m.end))
    kept: list[Mention] = []
    for m in ms:
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    aliases = _alias_appositives(text, kept, rules)
    ids = [aliases.get(i, m.id) for i, m in enumerate(kept)]
    title_memo: list[Mention | None] = []

    def title_disease() -> Mention | None:
        if not title_memo:
            title_memo.append(_title_disease(doc, kept))
        return title_memo[0]

    trial: list[re.Match[str] | None] = []  # the trial-report cue of the text, searched when first needed

    found: dict[tuple[str, ...], tuple[Statement, list[Evidence]]] = {}
    seen_sentences: set[str] = set()
    history: list[list[_Arg]] = []  # per sentence, absolute-offset real args
    live = -5  # index in ``history`` of the last sentence with a real arg: any(history[-4:]) is live >= len(history) - 4
    # the same for a real drug / cell type arg: what an anaphor of the type can refer to
    last_drug = last_cell = -5
    last_disease = -5  # the same for a disease: any in history[-2:] is last_disease >= len(history) - 2
    # the lowered text and its word characters (for the literal screens), once per ASCII document
    # when a sentence first needs them
    doc_ascii = text.isascii()
    low_doc = words_doc = ""
    therapies: list[_Therapies] = []  # per sentence, drugs that can have adverse effects

    starts = [m.start for m in kept]  # sorted: ``kept`` is ordered and non-overlapping
    unseen: list[tuple[int, int]] = []  # sentences without candidates, normalised only when a later one needs it

    list_head: tuple[str, str, Context] | None = None  # the drug of a list head ("X is covered for:")

    for s_start, s_end in sentences:
        lo, hi = bisect_left(starts, s_start), bisect_left(starts, s_end)
        # a bulleted list after "X products are considered medically necessary for:": each item's
        # disease is treated by X, in the polarity and certainty of the head
        item_of: tuple[str, str, Context] | None = None
        if list_head is not None and _BULLET.match(text, s_start, s_end):
            item_of = list_head
        else:
            list_head = _list_head(text, s_start, s_end, kept[lo:hi], ctx_rules) if lo < hi else None
        if lo == hi and live < len(history) - 4:
            # no mention and nothing an anaphor could refer to: no rule can fire (most
            # sentences of an abstract); the same bookkeeping as below, nothing sliced
            history.append([])
            therapies.append(_NO_THERAPIES)
            unseen.append((s_start, s_end))
            continue
        args = [
            _Arg(m.start - s_start, m.end - s_start, ids[i], m.type, m.text)
            for i, m in zip(range(lo, hi), kept[lo:hi])
            if m.end <= s_end
        ] if lo < hi else []
        real = list(args)
        n_hist = len(history)
        real_drug = real_cell = real_disease = False
        for a in real:
            if a.type is NodeType.DRUG:
                real_drug = True
            elif a.type is NodeType.CELL_TYPE:
                real_cell = True
            elif a.type is NodeType.DISEASE:
                real_disease = True
        # an anaphor needs an antecedent of its type here or in the last four sentences
        want_drug = real_drug or last_drug >= n_hist - 4
        want_cell = real_cell or last_cell >= n_hist - 4
        if not real and not want_drug and not want_cell:
            # no argument and no anaphor possible (_anaphors would find none): as ``not args`` below
            history.append(real)
            therapies.append(_NO_THERAPIES)
            unseen.append((s_start, s_end))
            continue
        stext = text[s_start:s_end]
        if doc_ascii:
            if not low_doc:
                low_doc = text.lower()
                words_doc = word_chars(low_doc)
            low: str | None = low_doc[s_start:s_end]  # == lowered_ascii(stext)
            words: str | None = " " + words_doc[s_start:s_end] + " "  # == word_text(low)
        else:
            low = lowered_ascii(stext)
            words = word_text(low)
        disease_near = last_disease >= n_hist - 2  # any(a.type is DISEASE for past in history[-2:] for a in past)
        if real or live >= n_hist - 4:  # an anaphor needs an antecedent here or in recent history
            args += _anaphors(stext, real, history, rules, low, words, want_drug, want_cell)
        if real:
            live = n_hist
            if real_drug:
                last_drug = n_hist
            if real_cell:
                last_cell = n_hist
            if real_disease:
                last_disease = n_hist
        if not args:
            # no argument, no rule can fire (most sentences of an abstract): same bookkeeping only
            history.append(real)
            therapies.append(_NO_THERAPIES)
            unseen.append((s_start, s_end))
            continue
        types = {a.type for a in args}
        drug = NodeType.DRUG in types
        dis = NodeType.DISEASE in types
        cell = NodeType.CELL_TYPE in types
        if (
            not ((drug and (NodeType.ANTIGEN in types or cell or dis)) or (cell and NodeType.ANTIGEN in types))
            and not (drug and (disease_near or title_disease() is not None))  # a disease for zero anaphora
            and not (
                dis
                and (
                    _implicit_disease_side(history)
                    or any(a.type is NodeType.DISEASE and _is_adverse(rules.adverse, a.text) for a in args)
                )
            )
            and not (
                # "B cells became undetectable": a depletion outcome of a recent therapy
                cell
                and want_drug
                and may_match_words(rules.depletion_outcome, stext, low, words)
                and rules.depletion_outcome.search(stext)
            )
            and item_of is None
        ):
            # no rule can fire (3 in 4 sentences with an argument): every pairwise rule lacks
            # one of its two types, zero anaphora lacks the other side in the history and no
            # disease is an adverse event; the same bookkeeping as a sentence without candidates
            history.append(real)
            therapies.append(_Therapies(None, real, [], (stext, args, rules, (low, words))) if drug else _NO_THERAPIES)
            unseen.append((s_start, s_end))
            continue
        sent = _Sentence(stext, args, rules, (low, words))
        cands: list[_Cand] = []
        # each rule links two types: skip those whose pair is not in the sentence
        if drug and NodeType.ANTIGEN in types:
            cands += sent.modifier_targets()
        if drug and NodeType.CELL_TYPE in types:
            cands += sent.depletion_modifiers()
        if NodeType.ANTIGEN in types and NodeType.CELL_TYPE in types:
            cands += sent.expressions()
        cands += sent.verb_relations()
        cands += sent.sparing()
        cands += sent.lacking()
        if drug and NodeType.DISEASE in types:
            cands += sent.treats()
        cands += _implicit(sent, history, title_disease, cands, disease_near)
        cands += _adverse_effects(sent, therapies, cands)
        if cell:
            cands += _depletion_outcomes(sent, therapies, cands)
        induced = list(sent.induced()) if drug and NodeType.DISEASE in types else []
        if item_of is not None:
            cands += _list_item(sent, item_of)
        caused = {(c.subject.id, c.object.id) for c in cands if c.predicate is Predicate.CAUSES}
        if caused:
            # "X-treated patients developed infections": the event is caused, not treated, by X
            cands = [
                c for c in cands
                if c.predicate is not Predicate.TREATS or (c.subject.id, c.object.id) not in caused
                or not sent.adverse(c.object)
            ]
        if induced:  # "Y after X administration": an adverse effect, not a treatment
            pairs = {(c.subject.id, c.object.id) for c in induced}
            cands = [c for c in cands if c.predicate is not Predicate.TREATS or (c.subject.id, c.object.id) not in pairs]
            cands += induced
        history.append(real)
        therapies.append(_Therapies(sent, real, cands))  # worked out only if a later event asks

        if not cands:
            unseen.append((s_start, s_end))
            continue
        if unseen:
            seen_sentences.update(" ".join(text[a:b].split()) for a, b in unseen)
            unseen.clear()
        norm = " ".join(stext.split())
        if norm in seen_sentences:
            continue  # a quoted repeat: same evidence, no new support
        seen_sentences.add(norm)
        evidence_base = {
            "document": doc.id,
            "text": stext,
            "start": s_start,
            "end": s_end,
            "extractor": RULES_VERSION,
            "document_kind": doc.kind,
        }
        done: set[tuple[str, ...]] = set()
        for c in cands:
            dom, rng = DOMAIN_RANGE[c.predicate]
            if c.subject.type is not dom or c.object.type is not rng or c.subject.id == c.object.id:
                continue
            ctx = _context(stext, c, sent, ctx_rules)
            if (
                c.predicate is Predicate.TREATS
                and ctx.certainty is Certainty.ASSERTED
                and ctx.polarity is Polarity.POSITIVE
                and _headline_pair(stext, c, rules)
            ):
                if not trial:
                    trial.append(rules.trial_report.search(text))
                if trial[0] is not None:
                    # a verbless title of a trial report names what the trial tests, not a finding
                    ctx = Context(ctx.polarity, Certainty.INVESTIGATIONAL, (*ctx.cues, trial[0].group(0)))
            st = Statement(c.subject.id, c.predicate, c.object.id, ctx.polarity, ctx.certainty)
            if st.key in done:
                continue
            done.add(st.key)
            ev = Evidence(cues=ctx.cues, **evidence_base)  # type: ignore[arg-type]
            if st.key in found:
                found[st.key][1].append(ev)
            else:
                found[st.key] = (st, [ev])
    out = []
    for st, evs in found.values():
        out.append(
            Statement(st.subject, st.predicate, st.object, st.polarity, st.certainty, tuple(evs))
        )
    return sorted(out, key=lambda s: (s.evidence[0].start, s.key))


def _headline_pair(stext: str, c: _Cand, rules: RelationRules) -> bool:
    """Both arguments in a title line: the sentence itself, or its first line when the segmenter
    glued a title to the next line ("Brief Title: X in Adults With Y\nDetailed Description: ...")."""
    if "\n" not in stext.strip():
        return _is_headline(stext, rules)
    lo = min(c.subject.start, c.object.start)
    hi = max(c.subject.end, c.object.end)
    start = stext.rfind("\n", 0, lo) + 1
    end = stext.find("\n", lo)
    end = len(stext) if end < 0 else end
    return hi <= end and _is_headline(stext[start:end], rules)


def _is_headline(stext: str, rules: RelationRules) -> bool:
    """A title or heading line: no closing punctuation and no verb ("NEJM: CAR T Cells in GBM")."""
    line = stext.strip()
    return (
        bool(line)
        and "\n" not in line
        and line[-1] not in ".!?;"
        and not rules.headline_verb.search(line)
    )


_BULLET = re.compile(r"\s*(?:[•▪◦·*–-]|\d{1,2}[.)]|[a-h][.)])\s")
# the head of a list of indications: a policy/approval cue and a colon at the end
_LIST_CUE = re.compile(
    r"\b(?:medically necessary|indicated|approved|covered|recommended|indications?|eligible)\b[^.;]{0,40}:\s*$", _I
)


def _list_head(
    text: str, s_start: int, s_end: int, mentions: Sequence[Mention], ctx_rules: Any
) -> tuple[str, str, Context] | None:
    """The drug (one id) of a sentence that opens a list of indications, and the head's context."""
    line = text[s_start:s_end]
    if not line.rstrip().endswith(":"):
        return None
    cue = _LIST_CUE.search(line)
    drugs = [m for m in mentions if m.type is NodeType.DRUG and m.end <= s_end]
    if cue is None or len({m.id for m in drugs}) != 1 or drugs[0].start - s_start > cue.start():
        return None
    d = drugs[0]
    ctx = assess(line, (d.start - s_start, d.end - s_start), (cue.start(), cue.end()), rules=ctx_rules)
    return d.id, d.text, ctx


def _list_item(sent: _Sentence, head: tuple[str, str, Context]) -> list[_Cand]:
    """The disease(s) an item of an indication list starts with, treated by the head's drug."""
    diseases = [d for d in sent.of(NodeType.DISEASE) if not d.anaphor and not sent.adverse(d)]
    if not diseases or _BREAK.search(sent.text[: diseases[0].start]) or "," in sent.text[: diseases[0].start]:
        return []
    ident, surface, ctx = head
    drug = _Arg(0, 0, ident, NodeType.DRUG, surface, anaphor=True)
    mode = f"list:{ctx.polarity.value}:{ctx.certainty.value}"
    return [_Cand(Predicate.TREATS, drug, o, mode) for o in sent.coordinated(diseases[0], True)]


def _context(stext: str, c: _Cand, sent: _Sentence, ctx_rules: Any) -> Context:
    if c.mode.startswith("list:"):
        _, pol, cert = c.mode.split(":")
        return Context(Polarity(pol), Certainty(cert), ())
    if c.mode == "negated":
        # a hedge right before a sparing / lacking / failure phrase ("possibly because they do not
        # reach B cells"): hypothesised
        lo = min(c.subject.start, c.object.start)
        hedge = _NEAR_HEDGE.search(stext, max(0, lo - 30), lo)
        return Context(Polarity.NEGATED, Certainty.HYPOTHESISED if hedge else Certainty.ASSERTED, ())
    if c.mode == "outcome":
        # "B cells became undetectable": the cue words from the cell on, whoever the agent is
        span = (c.object.start, c.object.end)
        return assess(stext, span, span, mode="tight", rules=ctx_rules)
    if c.mode in ("adverse", "adverse-negated"):
        # an adverse event reported as having occurred is an observation, even in a trial report
        span = (c.object.start, c.object.end)
        ctx = assess(stext, span, span, mode="tight", rules=ctx_rules)
        if ctx.certainty is Certainty.ASSERTED:
            # hearsay or a modal before the event in its clause ("I've read about CRS", "may develop CRS")
            lo = next((a for a, b in clause_spans(stext, ctx_rules) if a <= span[0] < b), 0)
            hedge = _EVENT_HEDGE.search(stext, lo, span[0])
            if hedge is not None:
                ctx = Context(ctx.polarity, Certainty.HYPOTHESISED, (*ctx.cues, hedge.group(0)))
        if c.mode == "adverse-negated":
            return Context(Polarity.NEGATED, ctx.certainty, ctx.cues)
        return ctx
    group: list[_Arg] = []
    if c.subject in sent.args:
        group = sent.coordinated(c.subject, True, drug=True) + sent.coordinated(
            c.subject, False, drug=True
        )
    others = [
        a
        for a in sent.args
        if a.type is c.subject.type
        and a.id != c.subject.id
        and a.end - a.start > 0
        and a not in group
    ]
    return assess(
        stext,
        (c.subject.start, c.subject.end),
        (c.object.start, c.object.end),
        mode=c.mode,
        owned_elsewhere=[(a.start, a.end) for a in others],
        rules=ctx_rules,
    )


def _anaphors(
    stext: str,
    real: list[_Arg],
    history: list[list[_Arg]],
    rules: RelationRules,
    low: str | None,
    words: str | None,
    want_drug: bool,
    want_cell: bool,
) -> list[_Arg]:
    """Anaphors ("it", "this antibody", "these cells") resolved to the latest mention of the type.

    ``low`` and ``words`` are :func:`lowered_ascii` and :func:`word_text` of ``stext``;
    ``want_drug`` / ``want_cell``: whether the sentence or one of the last four has a real arg of the type.
    """
    out: list[_Arg] = []
    for pat, t, want, cell_therapy in (
        (rules.drug_anaphor, NodeType.DRUG, want_drug, False),
        (rules.cell_anaphor, NodeType.CELL_TYPE, want_cell, False),
        # "the cells had wiped out circulating B cells": the latest cell therapy only
        (rules.cell_therapy_anaphor, NodeType.DRUG, want_drug, True),
    ):
        if not want:
            continue  # nothing an anaphor of this type could refer to
        if not may_match_words(pat, stext, low, words):
            continue  # none of the pattern's words occurs in the sentence
        for m in pat.finditer(stext):
            if any(a.start < m.end() and m.start() < a.end for a in real + out):
                continue
            same = [
                a for a in real
                if a.type is t and a.end <= m.start() and (not cell_therapy or _is_cell_therapy(a, rules))
            ]
            target = same[-1] if same else None
            if target is None:
                for past in reversed(history[-4:]):
                    xs = [
                        a for a in past
                        if a.type is t and (not cell_therapy or _is_cell_therapy(a, rules))
                    ]
                    if xs:
                        target = xs[-1]
                        break
            if target is None:
                continue
            targets = [target]
            if t is NodeType.CELL_TYPE and not same:
                # "B cells and plasma cells ... these compartmentalised cells": all of them
                src = next(p for p in reversed(history[-4:]) if target in p)
                targets = list({a.id: a for a in src if a.type is t}.values())
            for x in targets:
                out.append(_Arg(m.start(), m.end(), x.id, t, m.group(0), anaphor=True))
    if want_drug and may_match_words(rules.plural_drug_anaphor, stext, low, words):
        for m in rules.plural_drug_anaphor.finditer(stext):
            if any(a.start < m.end() and m.start() < a.end for a in real + out):
                continue
            # the drugs named together most recently: here before the anaphor, else a past sentence
            groups = [[a for a in real if a.type is NodeType.DRUG and a.end <= m.start()]]
            groups += [[a for a in past if a.type is NodeType.DRUG] for past in reversed(history[-4:])]
            for xs in groups:
                ids = {a.id: a for a in xs}
                if len(ids) >= 2:
                    out += [_Arg(m.start(), m.end(), a.id, NodeType.DRUG, m.group(0), anaphor=True) for a in ids.values()]
                    break
    return out


def _implicit(
    sent: _Sentence,
    history: list[list[_Arg]],
    title_disease: Callable[[], Mention | None],
    cands: list[_Cand],
    disease_near: bool,
) -> list[_Cand]:
    """Zero anaphora: a treatment trigger with only one side of ``treats`` in the sentence.

    ``title_disease`` gives the disease named in the document title (computed when first asked);
    ``disease_near``: whether one of the last two sentences has a (real) disease.
    """
    drugs, diseases = sent.of(NodeType.DRUG), sent.of(NodeType.DISEASE)
    if any(c.predicate is Predicate.TREATS for c in cands) or (drugs and diseases) or not (drugs or diseases):
        return []
    # the other side must be available before the triggers are worth looking for
    if diseases:
        if not _implicit_disease_side(history):
            return []
    elif not (disease_near or title_disease() is not None):
        return []  # no disease for the drugs
    triggers = sent.zero_triggers()
    if not triggers:
        return []
    # (checked last: every check above only returns [], the eligibility scan is the costly one)
    elig = sent.rules.eligibility
    if may_match_words(elig, sent.text, sent.low, sent.words) and elig.search(sent.text):
        return []  # "who received rituximab within 6 months are not eligible": no finding
    trig = triggers[0]
    out: list[_Cand] = []
    if diseases and not drugs:
        prev = history[-1] if history else []
        ids = {a.id for a in prev if a.type is NodeType.DRUG}
        if len(ids) == 1:
            src = next(a for a in prev if a.type is NodeType.DRUG)
            d = _Arg(trig.start(), trig.start(), src.id, NodeType.DRUG, src.text, anaphor=True)
            out += [_Cand(Predicate.TREATS, d, o, "full") for o in diseases if not sent.adverse(o)]
    elif drugs and not diseases:
        dis_id = dis_text = None
        for past in reversed(history[-2:]):
            # (an adverse event named in passing is not what the therapy treats: "I've read about CRS")
            xs = [a for a in past if a.type is NodeType.DISEASE and not _is_adverse(sent.rules.adverse, a.text)]
            if xs:
                dis_id, dis_text = xs[0].id, xs[0].text
                break
        title_dis = title_disease() if dis_id is None else None
        if dis_id is None and title_dis is not None:
            dis_id, dis_text = title_dis.id, title_dis.text
        if dis_id is not None and dis_text is not None:
            # each drug goes with its nearest trigger ("failed cellcept and then Benlysta, currently
            # on Lupkynis + prednisone": two triggers, two groups, each with its own context)
            best: dict[int, tuple[int, re.Match[str], _Arg]] = {}
            for t in triggers:
                near = [
                    d
                    for d in drugs
                    if min(abs(d.start - t.end()), abs(t.start() - d.end)) <= 40
                    and not sent.rules.complement.search(
                        sent.text[min(d.end, t.start()) : max(d.start, t.end())]
                    )
                ]
                # "failed to respond to IVIG, mycophenolate mofetil and rituximab": the whole coordination
                for n in near:
                    for d in sent.coordinated(n, n.start > t.start(), drug=True):
                        dist = min(abs(d.start - t.end()), abs(t.start() - d.end))
                        if id(d) not in best or dist < best[id(d)][0]:
                            best[id(d)] = (dist, t, d)
            for _, t, d in best.values():
                if sent.lymphodepleting(d):
                    continue
                o = _Arg(t.end(), t.end(), dis_id, NodeType.DISEASE, dis_text, anaphor=True)
                out.append(_Cand(Predicate.TREATS, d, o, "full"))
    return out


def _implicit_disease_side(history: list[list[_Arg]]) -> bool:
    """A drug for the zero anaphora of a disease-only sentence: exactly one in the previous sentence."""
    return len({a.id for a in (history[-1] if history else []) if a.type is NodeType.DRUG}) == 1


_SentenceArgs = tuple[str, list[_Arg], RelationRules, tuple[str | None, str | None]]


class _Therapies:
    """:func:`_therapies` of a sentence, computed on first :meth:`get` (few sentences are asked).

    ``sent`` is the sentence, or ``None`` with ``make`` its :class:`_Sentence` arguments (built
    when asked), or ``None`` alone for no therapies.
    """

    __slots__ = ("_args", "_make", "_value")

    def __init__(
        self, sent: _Sentence | None, real: list[_Arg], cands: list[_Cand], make: _SentenceArgs | None = None
    ) -> None:
        self._args = (sent, real, cands)
        self._make = make
        self._value: list[_Arg] | None = None if sent is not None or make is not None else []

    def get(self) -> list[_Arg]:
        if self._value is None:
            sent, real, cands = self._args
            if sent is None and self._make is not None:
                sent = _Sentence(*self._make)
            self._value = _therapies(sent, real, cands)  # type: ignore[arg-type]
        return self._value


_NO_THERAPIES = _Therapies(None, [], [])


# a drug the patient no longer takes ("refractory to daratumumab", "had stopped prednisone",
# "rituximab-resistant") or one given for the event ("settled with dexamethasone"): not the agent
# of an adverse event
_NOT_AGENT_BEFORE = re.compile(
    r"\b(?:refractory|resistant|intolerant|unresponsive)\s+to\s+(?:(?:prior|previous|the)\s+)?$"
    r"|\b(?:failed|failure of|despite|stopped|stopping|discontinued|discontinuing|tapered off|weaned off|"
    r"(?:relapsed|relapsing|progressed|progressing|came back)\s+(?:after|on|despite|post))\s+"
    r"(?:(?:prior|previous|the|his|her|their|treatment with|therapy with)\s+)?$"
    r"|\b(?:settled|resolved|subsided|abated|calmed down)"
    r"\s+(?:(?:quickly|promptly|rapidly|fully)\s+)?(?:with|to|after|on)\s+(?:(?:a|the|one|two|single|short|"
    r"course of|dose of|doses of|high-dose|low-dose)\s+){0,3}$",
    re.IGNORECASE,
)
_NOT_AGENT_AFTER = re.compile(
    r"-(?:refractory|resistant|naive|naïve|intolerant)\b"
    r"|\s+and\s+(?:it|this|that|they|the \w+)\s+(?:quickly\s+|promptly\s+)?(?:settled|resolved|subsided|improved|calmed)",
    re.IGNORECASE,
)


def _not_agent(sent: _Sentence, a: _Arg) -> bool:
    """A prior (failed, stopped) therapy or a rescue drug: not the agent of an adverse event."""
    text = sent.text
    if _NOT_AGENT_AFTER.match(text, a.uend):
        return True
    # the head of a coordination carries the cue for all: "refractory to A, B and C"
    head = sent.coordinated(a, False, drug=True)[-1] if a in sent.args else a
    return bool(_NOT_AGENT_BEFORE.search(text[max(0, head.start - 60) : head.start]))


def _therapies(sent: _Sentence, real: list[_Arg], cands: list[_Cand]) -> list[_Arg]:
    """Drugs of a sentence that may be the agent of a later adverse event (not conditioning, not
    rescue, not a prior therapy that failed or was stopped)."""
    rescue = {
        c.subject.id for c in cands if c.predicate is Predicate.TREATS and sent.adverse(c.object)
    }
    return [
        a
        for a in real
        if a.type is NodeType.DRUG
        and a.id not in rescue
        and not sent.lymphodepleting(a)
        and not _not_agent(sent, a)
    ]


def _adverse_effects(
    sent: _Sentence, therapies: list[_Therapies], cands: list[_Cand]
) -> list[_Cand]:
    """``causes`` for adverse-effect mentions reported as events ("grade 2 CRS occurred in ...").

    The agent is a drug after the event ("CRS after CAR-T infusion", "infections in
    obinutuzumab-treated patients"), else the latest therapy before it in the sentence, else
    (zero anaphora) the therapy of the previous sentences, cell therapies first.
    """
    r, text = sent.rules, sent.text
    events = [
        d
        for d in sent.of(NodeType.DISEASE)
        if not d.anaphor and sent.adverse(d) and not _RISK_AFTER.match(sent.text, d.uend)  # "infection risk"
    ]
    if not events:
        return []
    done = {c.object.start for c in cands if c.predicate is Predicate.CAUSES}
    plural = r.plural_drug_anaphor
    here = _therapies(
        sent, [a for a in sent.args if not a.anaphor or (a.type is NodeType.DRUG and plural.fullmatch(a.text))], cands
    )
    occurs: bool | None = None  # an occurrence cue and no plan: worked out when first needed
    out: list[_Cand] = []
    clauses: list[tuple[int, int]] | None = None
    low = sent.low
    for dis in events:
        if dis.start in done:
            continue
        agent: _Arg | None = None
        nxt = sent.after(dis.uend, NodeType.DRUG)
        if nxt is not None and nxt in here and nxt.start - dis.uend <= 80:
            gap = text[dis.uend : nxt.start]
            tail = text[nxt.end : nxt.end + 12]
            if not _BREAK.search(gap) and (
                _cue_next_to(r.causes_reverse, gap)
                or _TREATED_TAIL.match(tail)
            ):
                agent = nxt
        if agent is None and occurs is None:
            occurs = search_any(r.occurrence, text, low, sent.words) and not (
                may_match_words(r.not_reported, text, low, sent.words) and r.not_reported.search(text)
            )
        if agent is None and _BECAUSE_OF.search(text, 0, dis.start):
            # "switched me from X to Y because of infections", "took me off X because of CRS":
            # the drug given up is the agent
            quit_ = [
                a for a in sent.args
                if a.type is NodeType.DRUG and a.end <= dis.start and _GIVEN_UP.search(text, max(0, a.start - 30), a.start)
            ]
            if quit_:
                agent = quit_[-1]
        if agent is None and occurs:
            before = [a for a in here if a.end <= dis.start]
            if before:
                agent = before[-1]
            else:
                # no therapy before the event: one after it in its clause ("CRS occurred in 5
                # patients receiving X"), else, when the therapy after it sits in another clause
                # ("Infections developed in 29 patients, and IVIG replacement was given"), the
                # therapy of the previous sentences
                if clauses is None:
                    clauses = clause_spans(text)
                own = next((c for c in clauses if c[0] <= dis.start < c[1]), (0, len(text)))
                same = [a for a in here if a.start >= dis.end and a.start < own[1]]
                agent = same[0] if same else _recent_therapy(therapies, r) if not here or not _same_clause_only(here, own) else None
        if agent is None:
            continue
        for a in [x for x in here if x is not agent and (x.start, x.end) == (agent.start, agent.end) and x.anaphor]:
            # a plural anaphor ("with the bispecifics"): every drug it refers to
            out.append(_Cand(Predicate.CAUSES, a, dis, "adverse"))
        if agent is None:
            continue
        if clauses is None:
            clauses = clause_spans(text)
        clause = next((c for c in clauses if c[0] <= dis.start < c[1]), (0, len(text)))
        negated = bool(
            (
                r.adverse_negation_before
                and r.adverse_negation_before.search(text[clause[0] : dis.start])
            )
            or (
                r.adverse_negation_clause
                and r.adverse_negation_clause.search(text, clause[0], clause[1])
            )
        )
        out.append(_Cand(Predicate.CAUSES, agent, dis, "adverse-negated" if negated else "adverse"))
    return out


def _same_clause_only(here: list[_Arg], clause: tuple[int, int]) -> bool:
    """Whether every therapy of the sentence sits in ``clause`` (then none is the agent)."""
    return all(clause[0] <= a.start < clause[1] for a in here)


def _cue_next_to(patterns: tuple[re.Pattern[str], ...], gap: str) -> bool:
    """A cue in ``gap`` that reaches its end: no comma and at most 50 characters after it
    ("CRS after CAR-T infusion", not "CRS after the first dose, fever, they gave him tocilizumab")."""
    for p in patterns:
        for m in p.finditer(gap):
            rest = gap[m.end() :]
            if len(rest) <= 50 and "," not in rest:
                return True
    return False


def _depletion_outcomes(
    sent: _Sentence, therapies: list[_Therapies], cands: list[_Cand]
) -> list[_Cand]:
    """``depletes`` for a depletion reported as an outcome ("B cells became undetectable",
    "plasmablast counts dropped by 90% in the inebilizumab group").

    The agent is a drug right after the cue ("in the X group", "after X"), else the latest
    therapy before the cell in the sentence, else (zero anaphora) the therapy of the previous
    sentences, cell therapies first; never a prior therapy, a conditioning or a rescue drug.
    """
    r, text = sent.rules, sent.text
    if not may_match_words(r.depletion_outcome, text, sent.low, sent.words):
        return []
    done = {c.object.start for c in cands if c.predicate is Predicate.DEPLETES}
    here: list[_Arg] | None = None
    out: list[_Cand] = []
    for cell in sent.of(NodeType.CELL_TYPE):
        if cell.anaphor or cell.start in done:
            continue
        m = r.depletion_outcome.match(text, cell.uend)
        if m is None:
            continue
        if here is None:
            here = _therapies(sent, [a for a in sent.args if not a.anaphor], cands)
        agent: _Arg | None = None
        nxt = sent.after(m.end(), NodeType.DRUG)
        if nxt is not None and nxt in here and r.outcome_agent_after.match(text[m.end() : nxt.start]):
            agent = nxt
        if agent is None:
            before = [a for a in here if a.uend <= cell.start]
            if before:
                agent = before[-1]
            elif not [a for a in sent.of(NodeType.DRUG) if not a.anaphor]:
                agent = _recent_therapy(therapies, r)
        if agent is not None:
            out.append(_Cand(Predicate.DEPLETES, agent, cell, "outcome"))
    return out


def _recent_therapy(therapies: list[_Therapies], rules: RelationRules) -> _Arg | None:
    # a cell therapy is looked for further back (a news story names the product once, then
    # reports its effects for several sentences)
    wide = [xs for t in therapies[-5:] if (xs := t.get())]
    window = [xs for t in therapies[-3:] if (xs := t.get())]
    for cell_only, span in ((True, wide), (False, window)):
        for xs in reversed(span):
            hit = [a for a in xs if not cell_only or _is_cell_therapy(a, rules)]
            if hit:
                # a named product before the generic head ("CAR-T shows promise ... CD19 CAR T cells")
                a = next((x for x in hit if x.id != "kg:cart"), hit[0])
                return _Arg(a.start, a.start, a.id, a.type, a.text, anaphor=True)
    return None
