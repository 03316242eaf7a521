"""The compiled relation rules and the per-sentence rule applications (``rules.v2``).

:class:`RelationRules` compiles ``ontologies/relation_rules.json``; ``_Sentence`` holds one
sentence's arguments (mentions and resolved anaphors) and applies the modifier, verb,
coordination, expression, sparing and ``treats`` rules to them. Cross-sentence work
(anaphora, zero anaphora, adverse events, evidence) is in :mod:`kg.extract.relations`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from kg.extract.context import (
    group_screens,
    load_rules,
    lowered_ascii,
    may_match,
    may_match_words,
    screened,
    screens_pass,
    search_any,
    word_text,
)
from kg.model import DOMAIN_RANGE, NodeType, Predicate

__all__ = ["RULES_VERSION", "RelationRules", "get_relation_rules"]


_I = re.IGNORECASE
_MAX_GAP = 200


@dataclass(frozen=True, slots=True)
class RelationRules:
    """Compiled trigger and modifier patterns."""

    version: str
    active: dict[Predicate, tuple[re.Pattern[str], ...]]
    passive_depletes: tuple[re.Pattern[str], ...]
    treats_forward: tuple[re.Pattern[str], ...]
    treats_reverse: tuple[re.Pattern[str], ...]
    zero: tuple[re.Pattern[str], ...]
    zero_blocker: re.Pattern[str]
    causes_reverse: tuple[re.Pattern[str], ...]
    adverse: tuple[re.Pattern[str], ...]
    antigen_then_cell: re.Pattern[str]
    marker_positive: re.Pattern[str]
    marker_negative: re.Pattern[str]
    target_prefix: re.Pattern[str]
    target_suffix: re.Pattern[str]
    target_head: re.Pattern[str]
    antigen_group_gap: re.Pattern[str]
    to_drug_gap: re.Pattern[str]
    to_drug_forbidden: re.Pattern[str]
    depletion_suffix: re.Pattern[str]
    to_drug_gap_depletion: re.Pattern[str]
    appositive_glue: re.Pattern[str]
    coord_gap: re.Pattern[str]
    drug_gap: re.Pattern[str]
    subject_chain: re.Pattern[str]
    drug_anaphor: re.Pattern[str]
    cell_anaphor: re.Pattern[str]
    lymphodepletion: re.Pattern[str]
    sparing: tuple[re.Pattern[str], ...] = ()
    lacking: tuple[re.Pattern[str], ...] = ()
    complement: re.Pattern[str] = re.compile(r"(?!)")
    headline_verb: re.Pattern[str] = re.compile(r"(?!)")
    trial_report: re.Pattern[str] = re.compile(r"(?!)")
    # an eligibility criterion ("... are not eligible"): a prior therapy, not a claim about it
    eligibility: re.Pattern[str] = re.compile(r"(?!)")
    occurrence: tuple[re.Pattern[str], ...] = ()
    # a plan or instruction ("tocilizumab will be given for CRS"): no adverse event reported
    not_reported: re.Pattern[str] = re.compile(r"(?!)")
    adverse_negation_before: re.Pattern[str] | None = None
    adverse_negation_clause: re.Pattern[str] | None = None
    cell_therapy: re.Pattern[str] | None = None
    negated_coordination: re.Pattern[str] | None = None
    # chemical-induced disease: gap patterns between drug and disease (either order)
    induced_forward: tuple[re.Pattern[str], ...] = ()
    induced_reverse: tuple[re.Pattern[str], ...] = ()
    induced_reverse_temporal: re.Pattern[str] | None = None  # "Y after X": needs a post word
    induced_reverse_post: re.Pattern[str] | None = None  # "... X administration"
    # an adverse event reported in a treatment group: "CRS occurred in 6% of X recipients"
    induced_reverse_group: re.Pattern[str] | None = None
    induced_reverse_group_post: re.Pattern[str] | None = None  # "recipients", "arm", "-treated"
    # "patients with X randomised ... (X) to A": the allocation verb before the disease
    allocation_before: re.Pattern[str] = re.compile(r"(?!)")
    allocation_gap: re.Pattern[str] = re.compile(r"(?!)")
    # "X refractory to A and B who received C": a later therapy of the same patient
    then_received: re.Pattern[str] = re.compile(r"(?!)")
    # "the infused cells": an anaphor of the latest cell therapy only
    cell_therapy_anaphor: re.Pattern[str] = re.compile(r"(?!)")
    # "both agents", "the bispecifics", "the combination arm": every drug of the latest sentence with two
    plural_drug_anaphor: re.Pattern[str] = re.compile(r"(?!)")
    # depletion reported as an outcome: "B cells became undetectable", "plasmablast counts dropped"
    depletion_outcome: re.Pattern[str] = re.compile(r"(?!)")
    outcome_agent_after: re.Pattern[str] = re.compile(r"(?!)")

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RelationRules:
        def many(xs: Iterable[str]) -> tuple[re.Pattern[str], ...]:
            return tuple(re.compile(x, _I) for x in xs)

        def one(x: str) -> re.Pattern[str]:
            return re.compile(x, _I)

        def opt(x: str | None) -> re.Pattern[str] | None:
            return re.compile(x, _I) if x else None

        t, mod, co = data["triggers"], data["modifiers"], data["coordination"]
        return cls(
            version=data["version"],
            active={
                Predicate.TARGETS: many(t["targets"]["active"]),
                Predicate.DEPLETES: many(t["depletes"]["active"]),
                Predicate.EXPRESSES: many(t["expresses"]["active"]),
                Predicate.CAUSES: many(t["causes"]["active"]),
            },
            passive_depletes=many(t["depletes"]["passive"]),
            treats_forward=many(t["treats"]["forward"]),
            treats_reverse=many(t["treats"]["reverse"]),
            zero=many(t["treats"]["zero_anaphora"]),
            zero_blocker=one(data["zero_anaphora_blocker"]),
            causes_reverse=many(t["causes"]["reverse"]),
            adverse=many(t["causes"]["object_patterns"]),
            antigen_then_cell=one(t["expresses"]["antigen_then_cell"]),
            marker_positive=one(t["expresses"]["marker_positive"]),
            marker_negative=one(t["expresses"]["marker_negative"]),
            target_prefix=one(mod["target_prefix"]),
            target_suffix=one(mod["target_suffix"]),
            target_head=one(mod["target_head"]),
            antigen_group_gap=one(mod["antigen_group_gap"]),
            to_drug_gap=one(mod["to_drug_gap"]),
            to_drug_forbidden=one(mod["to_drug_gap_forbidden"]),
            depletion_suffix=one(mod["depletion_suffix"]),
            to_drug_gap_depletion=one(mod["to_drug_gap_depletion"]),
            appositive_glue=one(mod["appositive_glue"]),
            coord_gap=one(co["gap"]),
            drug_gap=one(co["drug_gap"]),
            subject_chain=one(co["subject_chain"]),
            drug_anaphor=one(data["pronouns"]["drug"]),
            cell_anaphor=one(data["pronouns"]["cell_type"]),
            lymphodepletion=one(data["lymphodepletion"]),
            sparing=many(t["depletes"].get("sparing", ())),
            lacking=many(t["expresses"].get("lacking", ())),
            complement=one(data.get("complement_clause", "(?!)")),
            headline_verb=one(data.get("headline_verb", "(?!)")),
            trial_report=one(data.get("trial_report", "(?!)")),
            eligibility=one(data.get("eligibility", "(?!)")),
            allocation_before=one(t["treats"].get("allocation_before", "(?!)")),
            allocation_gap=one(t["treats"].get("allocation_gap", "(?!)")),
            then_received=one(t["treats"].get("then_received", "(?!)")),
            cell_therapy_anaphor=one(data["pronouns"].get("cell_therapy", "(?!)")),
            plural_drug_anaphor=one(data["pronouns"].get("plural_drug", "(?!)")),
            depletion_outcome=one(t["depletes"].get("outcome", "(?!)")),
            outcome_agent_after=one(t["depletes"].get("outcome_agent_after", "(?!)")),
            occurrence=many(t["causes"].get("occurrence", ())),
            not_reported=one(t["causes"].get("not_reported", "(?!)")),
            adverse_negation_before=opt(t["causes"].get("negation_before")),
            adverse_negation_clause=opt(t["causes"].get("negation_clause")),
            cell_therapy=opt(t["causes"].get("cell_therapy")),
            negated_coordination=opt(t["expresses"].get("negated_coordination")),
            induced_forward=many(t["causes"].get("induced_forward", ())),
            induced_reverse=many(t["causes"].get("induced_reverse", ())),
            induced_reverse_temporal=opt(t["causes"].get("induced_reverse_temporal")),
            induced_reverse_post=opt(t["causes"].get("induced_reverse_post")),
            induced_reverse_group=opt(t["causes"].get("induced_reverse_group")),
            induced_reverse_group_post=opt(t["causes"].get("induced_reverse_group_post")),
        )


@functools.cache
def get_relation_rules() -> RelationRules:
    """The compiled shipped rule set."""
    return RelationRules.from_json(load_rules())


RULES_VERSION: str = load_rules()["version"]


@dataclass(frozen=True, slots=True)
class _Arg:
    """An argument in a sentence: a mention, an anaphor resolved to an id, or an implicit one.

    Offsets are sentence-relative; ``end`` of a unit includes a trailing parenthetical
    ("systemic lupus erythematosus (SLE)").
    """

    start: int
    end: int
    id: str
    type: NodeType
    text: str
    anaphor: bool = False
    unit_end: int = -1

    @property
    def uend(self) -> int:
        return self.unit_end if self.unit_end >= 0 else self.end


@dataclass(frozen=True, slots=True)
class _Cand:
    predicate: Predicate
    subject: _Arg
    object: _Arg
    mode: str  # context mode: full | tight | mechanism


_PAREN = re.compile(r"\s*\(([^()]{0,80})\)")
# precompiled: the same as re.search(r"[;]|\.\s", ...) / re.search(r"[;.]\s", ...) without the re cache lookup
_BREAK = re.compile(r"[;]|\.\s")  # a clause or sentence break
_STOP = re.compile(r"[;.]\s")
_CROSSES = re.compile(r"[;]|\.\s|\b(?:but|whereas|however|while)\b", _I)  # a gap leaving the clause
_MANAGED = re.compile(r"resolv|manag|treated|respon|controll|\bgave (?:him|her|them|me|us)\b", _I)  # an adverse event being treated
# the literal patterns of the rules below, precompiled (the same as re.match(r"...", ...) etc.
# without a lookup in the re module's cache per call)
_LOCATED = re.compile(r"\s*(?:on|in|of|by)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$", _I)
_MARKER = re.compile(r"(?:\+|⁺|pos\b|neg\b|-positive|-negative|⁻)")
_TO_PRODUCT = re.compile(r"[\s.\-–]*(?:[\w-]+\s+){0,2}")
_SUCH_AS = re.compile(r"\b(?:such as|like|including|e\.g\.|namely)\b", _I)
_ANTI_BEFORE = re.compile(r"(?:\banti[-\s]?|\bα[-\s]?)$", _I)
_PRODUCED = re.compile(
    r"\s*(?:,[^,;()]{0,80},\s*)?(?:(?:can|could|may|might|will|would|to|also|often)\s+)?"
    r"(?:produced?|produces|induced?|induces|caused?|causes|achieved?|achieves|led to|leads? to|"
    r"resulted in|results? in|showed|shows?|mediated?|mediates)\s+(?:[\w-]+\s+){0,2}",
    _I,
)
_SHORT_SIGN = re.compile(r"\S{0,4}")
_OWN_SIGN = re.compile(r"[^A-Z\s]*")
_WORD_MARKER = re.compile(r"(?:-|\s)(?:expressing|positive)\s*$", _I)
_COUNTED = re.compile(r"\b(?:fewer|more|less|lower|higher)\s+(?:(?:serious|severe)\s+)?$", _I)
_THAN_BEFORE = re.compile(
    r"\b(?:more|less|better|worse|further|longer|faster|earlier|greater|deeper|higher|lower|stronger)\b"
    r"[^,;.()]{0,30}?\bthan\s+(?:(?:with|did|does|on)\s+)?$", _I
)
_REMISSION_AFTER = re.compile(
    r"\s*(?:\([^()]*\)\s*)?(?:(?:had|has|have|was|were|finally|quickly|rapidly)\s+){0,2}"
    r"(?:went|goes|gone|came|entered|achieved|reached)\s+(?:into\s+)?(?:a\s+)?(?:(?:complete|partial|sustained|deep|lasting)\s+)?remission\b",
    _I,
)
_AFTER_BEFORE = re.compile(
    r"\b(?:after|following|with|on)\s+(?:(?:a|an|the|one|two|three|four|five|six|\d+|single|short|first|second)\s+)?"
    r"(?:(?:cycles?|doses?|infusions?|courses?|months?|weeks?|rounds?)\s+of\s+)?$",
    _I,
)
_DESPITE_BEFORE = re.compile(r"\b(?:despite|in spite of)\s+(?:(?:treatment|therapy) with\s+|(?:prior|previous)\s+)?$", _I)
_DESPITE_GAP = re.compile(r"\s*(?:\([^()]*\)\s*)*(?:(?:and|or|,)\s*[^,;.]{0,30}?)?,\s*(?:(?:the|his|her|their|its)\s+)?", _I)
_DESPITE_AFTER = re.compile(
    r"\s*(?:\([^()]*\)\s*)?(?:(?:had|has|have|was|were|still|further|again)\s+){0,2}"
    r"(?:progress(?:ed|es)|relapsed|worsened|flared|persisted|recurred|continued|remained active)\b",
    _I,
)
_FAILED_BEFORE = re.compile(r"\b(?:refractory|resistant|unresponsive|intolerant)\s+to\s+$|\bfailed\s+$|\bdespite\s+$", _I)
_WITH_GAP = re.compile(r"\s*(?:\([^()]*\)\s*)*with\s+", _I)
# a generic noun phrase right before a verb trigger is its own subject ("earlier products aimed at Y")
_OWN_SUBJECT = re.compile(
    r"\b(?:other|earlier|previous|prior|older|existing|first-generation|second-generation|conventional)\s+"
    r"(?:[\w-]+\s+)?(?:products|drugs|antibodies|therapies|agents|constructs|approaches|treatments|CARs)\s+"
    r"(?:(?:that|which)\s+(?:were\s+|are\s+)?)?$",
    _I,
)
_INSTRUMENT = re.compile(r"\s*(?:\([^()]*\)\s*)?(?:with|by|using)\s+(?:\w+\s+){0,2}$", _I)


class _Sentence:
    """One sentence with its arguments, and the rule applications over them."""

    def __init__(
        self,
        text: str,
        args: list[_Arg],
        rules: RelationRules,
        lowered: tuple[str | None, str | None] | None = None,
    ) -> None:
        self.text = text
        self.rules = rules
        self.args = _units(text, sorted(args, key=lambda a: (a.start, -a.end)))
        # for the literal screens of :func:`may_match_words`: ``lowered`` is (lowered_ascii(text),
        # word_text of that) when the caller has them
        if lowered is None:
            low = lowered_ascii(text)
            lowered = (low, word_text(low))
        self.low, self.words = lowered
        self._conditioning: bool | None = None  # whether the sentence can mention conditioning

    # -- helpers -------------------------------------------------------------------------
    def lowered(self, lo: int, hi: int) -> tuple[str | None, str | None]:
        """(lowered_ascii, word_text) of ``text[lo:hi]``, sliced from the sentence's."""
        if self.low is None or self.words is None:
            return None, None
        return self.low[lo:hi], " " + self.words[1 + lo : 1 + hi] + " "

    def of(self, t: NodeType) -> list[_Arg]:
        return [a for a in self.args if a.type is t]

    def before(self, pos: int, t: NodeType) -> _Arg | None:
        xs = [a for a in self.args if a.type is t and a.uend <= pos]
        return xs[-1] if xs else None

    def after(self, pos: int, t: NodeType | None = None) -> _Arg | None:
        xs = [a for a in self.args if a.start >= pos and (t is None or a.type is t)]
        return xs[0] if xs else None

    def coordinated(self, first: _Arg, forward: bool, drug: bool = False) -> list[_Arg]:
        """``first`` and the same-type arguments coordinated with it."""
        gap_re = self.rules.drug_gap if drug else self.rules.coord_gap
        same = [a for a in self.args if a.type is first.type]
        out = [first]
        i = same.index(first)
        step = 1 if forward else -1
        cur = first
        j = i + step
        while 0 <= j < len(same):
            nxt = same[j]
            lo, hi = (cur.uend, nxt.start) if forward else (nxt.uend, cur.start)
            gap = self.text[lo:hi] if hi >= lo else ""
            if drug and _WITH_GAP.fullmatch(gap):
                # "refractory to A, B and C with D": D is the next therapy, not one of the failed ones
                head = self.coordinated(cur if forward else nxt, False, drug=True)[-1]
                if _FAILED_BEFORE.search(self.text[max(0, head.start - 40) : head.start]):
                    break
            inner = [
                a for a in self.args if a.start >= lo and a.end <= hi and a.type is not first.type
            ]
            if inner:
                # "binds BCMA on plasma cells and CD3 on T cells": a locative cell phrase may sit between
                if first.type is not NodeType.ANTIGEN or any(
                    a.type is not NodeType.CELL_TYPE for a in inner
                ):
                    break
                located = _LOCATED.match(self.text[lo : inner[0].start])
                if located is None:
                    break
                gap = self.text[inner[-1].uend : hi]
            same_span = (nxt.start, nxt.end) == (cur.start, cur.end)  # a plural anaphor's referents
            if (
                not same_span
                and not gap_re.search(gap)
                and not (nxt.id == cur.id and gap.strip() in ("", "("))
            ):
                break
            out.append(nxt)
            cur = nxt
            j += step
        return out

    def is_marker(self, a: _Arg) -> bool:
        tail = self.text[a.end : a.end + 12]
        return a.type is NodeType.ANTIGEN and bool(
            _MARKER.match(tail)
        )

    # -- rules ---------------------------------------------------------------------------
    def modifier_targets(self) -> Iterable[_Cand]:
        r, text = self.rules, self.text
        antigens = self.of(NodeType.ANTIGEN)
        mods: set[int] = set()
        for k, a in enumerate(antigens):
            pre = text[max(0, a.start - 6) : a.start]
            post = text[a.end : a.end + 40]
            nxt = self.after(a.end)
            if (
                r.target_prefix.search(pre)
                or r.target_suffix.match(post)
                or (r.target_head.match(post) and not self.is_marker(a))
                or (
                    nxt is not None
                    and nxt.type is NodeType.DRUG
                    and not nxt.anaphor  # "EGFRvIII lost their effect": a pronoun is no product head
                    and nxt.id.startswith("kg:cart")
                    and _TO_PRODUCT.fullmatch(text[a.uend : nxt.start])
                    and not self.is_marker(a)
                )
            ):
                mods.add(k)
        # antigen groups: "CD19-BCMA CAR", "BCMAxCD3-directed"
        changed = True
        while changed:
            changed = False
            for k in range(len(antigens) - 1):
                gap = text[antigens[k].uend : antigens[k + 1].start]
                if (k in mods) != (k + 1 in mods) and r.antigen_group_gap.match(gap):
                    mods |= {k, k + 1}
                    changed = True
        for k in sorted(mods):
            a = antigens[k]
            drug = self._modified_drug(a, group=[antigens[j] for j in mods])
            if drug is None:
                continue
            drugs = [drug]
            if drug.start >= a.end and _SUCH_AS.search(text[a.end : drug.start]):
                drugs = self.coordinated(drug, True, drug=True)
            for d in drugs:
                yield _Cand(Predicate.TARGETS, d, a, "mechanism")

    def _modified_drug(
        self, a: _Arg, group: Sequence[_Arg], depletion: bool = False
    ) -> _Arg | None:
        """The drug a modifier phrase (starting at ``a``) belongs to: the head after it or an appositive."""
        r, text = self.rules, self.text
        pos = a.uend
        nxt = next(
            (
                x
                for x in self.args
                if x.start >= pos and x not in group and x.type is not NodeType.ANTIGEN
            ),
            None,
        )
        if nxt is not None and nxt.type is NodeType.DRUG and not nxt.anaphor:
            gap = text[pos : nxt.start]
            if depletion:
                if r.to_drug_gap_depletion.match(gap):
                    return nxt
            elif r.to_drug_gap.match(gap) and not r.to_drug_forbidden.search(gap):
                return nxt
        start = min(
            [a.start] + [g.start for g in group if g.end <= a.start and a.start - g.end < 20]
        )
        m = _ANTI_BEFORE.search(text[max(0, start - 6) : start])
        if m:
            start -= len(m.group(0))
        prev = self.before(start, NodeType.DRUG)
        if prev is not None and r.appositive_glue.match(text[prev.uend : start]):
            return prev
        return None

    def depletion_modifiers(self) -> Iterable[_Cand]:
        for c in self.of(NodeType.CELL_TYPE):
            if self.rules.depletion_suffix.match(self.text[c.end : c.end + 30]):
                drug = self._modified_drug(c, group=[], depletion=True)
                if drug is not None:
                    yield _Cand(Predicate.DEPLETES, drug, c, "tight")
                # "Obinutuzumab produced deeper B-cell depletion than rituximab": the agent before
                agent = self.before(c.start, NodeType.DRUG)
                if (
                    agent is not None
                    and agent is not drug
                    and _PRODUCED.fullmatch(self.text[agent.uend : c.start])
                ):
                    yield _Cand(Predicate.DEPLETES, agent, c, "tight")

    def expressions(self) -> Iterable[_Cand]:
        r, text = self.rules, self.text
        for a in self.of(NodeType.ANTIGEN):
            if r.target_prefix.search(text[max(0, a.start - 6) : a.start]):
                continue
            cell = self.after(a.end)
            # "CD19⁻BCMA⁺ plasma cells": walk over a run of marker antigens
            while (
                cell is not None
                and cell.type is NodeType.ANTIGEN
                and self.is_marker(cell)
                and self.is_marker(a)
            ):
                if not _SHORT_SIGN.fullmatch(text[a.end : cell.start]):
                    break
                cell = self.after(cell.end)
            if cell is None or cell.type is not NodeType.CELL_TYPE:
                continue
            gap = text[a.end : cell.start]
            run = self.after(a.end)
            if (
                run is not None and run is not cell
            ):  # inside a marker run: only the antigen's own sign
                gap = _OWN_SIGN.match(gap).group(0) + " "  # type: ignore[union-attr]
            if r.marker_positive.match(gap):
                yield _Cand(Predicate.EXPRESSES, cell, a, "fact")
                if _WORD_MARKER.match(gap):
                    # "CD19-expressing plasmablasts and B cells": a word marker covers the coordination
                    for c in self.coordinated(cell, True)[1:]:
                        yield _Cand(Predicate.EXPRESSES, c, a, "fact")
            elif r.antigen_then_cell.match(text[a.uend : cell.start]):
                # "expressed on plasma cells and some late B cells but not on stem cells or ..."
                cells = self.coordinated(cell, True)
                for c in cells:
                    yield _Cand(Predicate.EXPRESSES, c, a, "fact")
                neg = self.after(cells[-1].uend)
                if (
                    neg is not None
                    and neg.type is NodeType.CELL_TYPE
                    and r.negated_coordination is not None
                    and r.negated_coordination.match(text[cells[-1].uend : neg.start])
                ):
                    for c in self.coordinated(neg, True):
                        yield _Cand(Predicate.EXPRESSES, c, a, "negated")
            elif r.marker_negative.match(gap):
                yield _Cand(Predicate.EXPRESSES, cell, a, "negated")

    def verb_relations(self) -> Iterable[_Cand]:
        r, text = self.rules, self.text
        used: set[int] = set()
        # a trigger needs both argument types in the sentence: skip its patterns otherwise
        # (most sentences of an abstract have fewer than two typed mentions)
        types = {a.type for a in self.args}
        passive = r.passive_depletes if {NodeType.CELL_TYPE, NodeType.DRUG} <= types else ()
        for pat in screened(passive, text, self.low, self.words):  # (the others cannot match)
            for m in pat.finditer(text):
                obj = self.before(m.start(), NodeType.CELL_TYPE)
                subj = self.after(m.end(), NodeType.DRUG)
                if obj and subj and m.start() - obj.end < 60 and subj.start - m.end() < 60:
                    used.add(m.start())
                    for s in self.coordinated(subj, True, drug=True):
                        yield _Cand(Predicate.DEPLETES, s, obj, "tight")
        for pred, pats in r.active.items():
            want_subj, want_obj = DOMAIN_RANGE[pred]
            if want_subj not in types or want_obj not in types:
                continue
            for pat in screened(pats, text, self.low, self.words):  # (the others cannot match)
                for m in pat.finditer(text):
                    if m.start() in used:
                        continue
                    first = next(
                        (
                            a
                            for a in self.args
                            if a.start >= m.end()
                            and not (pred is not Predicate.TARGETS and self.is_marker(a))
                        ),
                        None,
                    )
                    if first is None or first.type is not want_obj or first.start - m.end() > 60:
                        continue
                    if _STOP.search(text[m.end() : first.start]):
                        continue
                    if pred is Predicate.CAUSES and not self.adverse(first):
                        continue
                    # "targeting LLPC with daratumumab": the instrument after the object is the subject
                    later = self.after(first.uend, want_subj)
                    if later is not None and _INSTRUMENT.match(text[first.uend : later.start]):
                        subjects = [later]
                    else:
                        subjects = self._subjects_before(m.start(), want_subj)
                    mode = (
                        "mechanism"
                        if pred is Predicate.TARGETS
                        else ("tight" if pred is not Predicate.CAUSES else "full")
                    )
                    for s in subjects:
                        for o in self.coordinated(first, True):
                            yield _Cand(pred, s, o, mode)
                            if pred is Predicate.TARGETS and m.group(0).lower().startswith(
                                "target"
                            ):
                                yield from self._chain(s, o)

    def _subjects_before(self, pos: int, t: NodeType) -> list[_Arg]:
        subj = self.before(pos, t)
        if subj is None:
            return []
        if _STOP.search(self.text[subj.uend : pos]) or pos - subj.uend > 120:
            return []
        if self.rules.complement.search(self.text[subj.uend : pos]):
            return []  # "X is a reliable guide to whether targeting Y ...": the trigger has its own subject
        if _OWN_SUBJECT.search(self.text[subj.uend : pos]):
            return []  # "X ... after earlier products aimed at EGFRvIII lost their effect": another subject
        out = self.coordinated(subj, False, drug=t is NodeType.DRUG)
        head = out[-1]
        prev = self.before(head.start, t)
        if prev is not None and self.rules.subject_chain.search(self.text[prev.uend : head.start]):
            out.append(prev)
        return out

    def _chain(self, drug: _Arg, antigen: _Arg) -> Iterable[_Cand]:
        """ "target the CD38 marker on plasma cells": drug depletes the cells that carry the antigen."""
        cell = self.after(antigen.end)
        if (
            cell is not None
            and cell.type is NodeType.CELL_TYPE
            and self.rules.antigen_then_cell.match(self.text[antigen.uend : cell.start])
        ):
            yield _Cand(Predicate.DEPLETES, drug, cell, "full")

    def lacking(self) -> Iterable[_Cand]:
        """ "plasma cells, which lack CD20": the cell does not express the antigen."""
        text = self.text
        types = {a.type for a in self.args}
        lacking = self.rules.lacking if {NodeType.CELL_TYPE, NodeType.ANTIGEN} <= types else ()
        for pat in screened(lacking, text, self.low, self.words):  # (the others cannot match)
            for m in pat.finditer(text):
                cell = self.before(m.start(), NodeType.CELL_TYPE)
                antigen = self.after(m.end(), NodeType.ANTIGEN)
                if (
                    cell is not None
                    and antigen is not None
                    and m.start() - cell.uend <= 40
                    and antigen.start - m.end() <= 20
                    and not _STOP.search(text[cell.uend : antigen.start])
                ):
                    for a in self.coordinated(antigen, True):
                        yield _Cand(Predicate.EXPRESSES, cell, a, "negated")

    def sparing(self) -> Iterable[_Cand]:
        """ "the plasma cells that rituximab leaves behind", "rituximab spares plasma cells": negated."""
        text = self.text
        types = {a.type for a in self.args}
        sparing = self.rules.sparing if {NodeType.CELL_TYPE, NodeType.DRUG} <= types else ()
        for pat in screened(sparing, text, self.low, self.words):  # (the others cannot match)
            for m in pat.finditer(text):
                cell = self.after(m.end(), NodeType.CELL_TYPE)
                if (
                    cell is None
                    or cell.start - m.end() > 40
                    or _STOP.search(text[m.end() : cell.start])
                ):
                    cell = self.before(m.start(), NodeType.CELL_TYPE)
                    if cell is None or m.start() - cell.uend > 60:
                        continue
                drug = self.before(m.start(), NodeType.DRUG)
                if (
                    drug is None
                    or m.start() - drug.uend > 60
                    or drug.uend <= cell.start < m.start()
                ):
                    after = self.after(m.end(), NodeType.DRUG)
                    if after is not None and after.start - m.end() <= 30:
                        drug = after
                    elif drug is None or m.start() - drug.uend > 60:
                        continue
                if _BREAK.search(text[min(drug.start, cell.start) : max(drug.end, cell.end)]):
                    continue
                yield _Cand(Predicate.DEPLETES, drug, cell, "negated")

    def adverse(self, a: _Arg) -> bool:
        return _is_adverse(self.rules.adverse, a.text)

    def lymphodepleting(self, d: _Arg) -> bool:
        """A conditioning agent ("lymphodepletion with fludarabine", "cyclophosphamide for conditioning"),
        not the cell therapy infused "after lymphodepletion"."""
        if _is_cell_therapy(d, self.rules):
            return False
        if self._conditioning is None:  # the patterns' words, looked for once in the whole sentence
            self._conditioning = any(
                may_match_words(p, self.text, self.low, self.words)
                for p in (self.rules.lymphodepletion, _CONDITIONING_PURPOSE, _CONDITIONING_HEAD)
            )
        if not self._conditioning:
            return False
        before = self.text[max(0, d.start - 60) : d.start]
        after = self.text[d.end : d.end + 40]
        low_after = lowered_ascii(after)
        return bool(
            (may_match(self.rules.lymphodepletion, before, lowered_ascii(before))
             and self.rules.lymphodepletion.search(before))
            or (may_match(_CONDITIONING_PURPOSE, after, low_after) and _CONDITIONING_PURPOSE.match(after))
            or (may_match(_CONDITIONING_HEAD, after, low_after) and _CONDITIONING_HEAD.match(after))
        )

    def treats(self) -> Iterable[_Cand]:
        r, text = self.rules, self.text
        linked: set[int] = set()
        diseases = self.of(NodeType.DISEASE)
        for i, dis in enumerate(diseases):
            if i in linked:
                continue
            drug = self.before(dis.start, NodeType.DRUG)
            if drug is not None and any(p.match(text[drug.uend : dis.start]) for p in r.induced_forward):
                # "tocilizumab for CAR T-cell-associated CRS": the cause names the event, the
                # treatment is the drug before it
                drug = self.before(drug.start, NodeType.DRUG)
            if drug is not None and dis.start - drug.uend <= _MAX_GAP:
                prev_dis = [d for d in diseases[:i] if d.start >= drug.uend]
                lo = prev_dis[-1].uend if prev_dis else drug.uend
                ctx_lo = max(0, drug.start - 40) if not prev_dis else lo
                if not _BREAK.search(text[lo : dis.start]) and self._treats_forward(
                    drug, dis, ctx_lo, lo
                ):
                    yield from self._treats_pairs(
                        drug, dis, forward=True, linked=linked, diseases=diseases
                    )
            # "Despite mycophenolate mofetil, ILD had progressed": a failed therapy
            if (
                drug is not None
                and i not in linked
                and dis.start - drug.uend <= 40
                and _DESPITE_GAP.fullmatch(text[drug.uend : dis.start])
                and _DESPITE_AFTER.match(text, dis.uend)
            ):
                group = self.coordinated(drug, False, drug=True)
                if _DESPITE_BEFORE.search(text[max(0, group[-1].start - 30) : group[-1].start]):
                    for d in group:
                        yield _Cand(Predicate.TREATS, d, dis, "negated")
                    linked.add(i)
            # "After three cycles of X, her Y went into remission": a response after the therapy
            if (
                drug is not None
                and i not in linked
                and dis.start - drug.uend <= 40
                and _DESPITE_GAP.fullmatch(text[drug.uend : dis.start])
                and _REMISSION_AFTER.match(text, dis.uend)
                and _AFTER_BEFORE.search(text[max(0, drug.start - 40) : drug.start])
            ):
                for d in self.coordinated(drug, False, drug=True):
                    yield _Cand(Predicate.TREATS, d, dis, "full")
                linked.add(i)
            # both directions: "the rituximab-refractory AIHA responded to daratumumab"
            drug2 = self.after(dis.uend, NodeType.DRUG)
            if drug2 is not None and drug2.start - dis.uend <= _MAX_GAP:
                gap = text[dis.uend : drug2.start]
                crosses = _CROSSES.search(gap) or (
                    "\n" in gap and self.rules.eligibility.search(text, drug2.start)
                )  # "... With gMG\nExclusion: who received rituximab ... are not eligible"
                if self.adverse(dis) and not _MANAGED.search(gap):
                    crosses = crosses or re.match("", gap)  # "CRS after CAR-T" is ``causes``
                hit = not crosses and search_any(r.treats_reverse, gap, *self.lowered(dis.uend, drug2.start))
                if not crosses and not hit and r.allocation_gap.match(gap):
                    before = text[max(0, dis.start - 80) : dis.start]
                    hit = bool(r.allocation_before.search(before)) and not _BREAK.search(before)
                if hit:
                    yield from self._treats_pairs(
                        drug2, dis, forward=False, linked=linked, diseases=diseases
                    )
                    # "... refractory to A, B and C who received D": D is the next therapy
                    last = self.coordinated(drug2, True, drug=True)[-1]
                    then = self.after(last.uend, NodeType.DRUG)
                    if then is not None and r.then_received.match(text[last.uend : then.start]):
                        yield _Cand(Predicate.TREATS, then, dis, "full")

    def _treats_forward(self, drug: _Arg, dis: _Arg, ctx_lo: int, lo: int) -> bool:
        """A forward treatment trigger: an anchored one in the gap drug..disease, another in the
        region (the context before the drug and the gap from ``lo``); patterns whose screens rule
        them out are not run."""
        text = self.text
        gap = text[drug.uend : dis.start]
        region = text[ctx_lo : drug.start] + " " + text[lo : dis.start]
        gap_low, gap_words = self.lowered(drug.uend, dis.start)
        reg_low = reg_words = None
        if self.low is not None and self.words is not None:
            reg_low = self.low[ctx_lo : drug.start] + " " + self.low[lo : dis.start]
            reg_words = " " + self.words[1 + ctx_lo : 1 + drug.start] + " " + self.words[1 + lo : 1 + dis.start] + " "
        for p, lits, blind, heads in group_screens(self.rules.treats_forward):
            if p.pattern.startswith("^"):
                if screens_pass(gap, gap_low, gap_words, lits, blind, heads) and p.search(gap):
                    return True
            elif screens_pass(region, reg_low, reg_words, lits, blind, heads) and p.search(region):
                return True
        return False

    def _treats_pairs(
        self, drug: _Arg, dis: _Arg, *, forward: bool, linked: set[int], diseases: list[_Arg]
    ) -> Iterable[_Cand]:
        drugs = self.coordinated(drug, not forward, drug=True)
        if forward:
            # "A prevented relapses more effectively than B in <disease>": A treats it too
            head = drugs[-1]
            prev = self.before(head.start, NodeType.DRUG)
            if (
                prev is not None
                and _THAN_BEFORE.search(self.text[max(prev.uend, head.start - 60) : head.start])
                and head.start - prev.uend <= 80
                and not _CROSSES.search(self.text[prev.uend : head.start])
            ):
                drugs = drugs + [prev]
        objs = self.coordinated(dis, forward)
        for o in objs:
            linked.add(diseases.index(o))
        for d in drugs:
            if self.lymphodepleting(d):
                continue
            for o in objs:
                if self.adverse(o) and d.id.startswith("kg:cart"):
                    continue
                if self.adverse(o) and _COUNTED.search(self.text, 0, o.start):
                    continue  # "fewer infections than ...": a rate compared, not a treatment
                yield _Cand(Predicate.TREATS, d, o, "full")

    def induced(self) -> Iterable[_Cand]:
        """Chemical-induced disease, the drug next to the disease: "cocaine-induced seizures",
        "X caused Y", "Y induced by X", "Y associated with X use", "Y after X administration"."""
        r, text = self.rules, self.text
        if not (r.induced_forward or r.induced_reverse):
            return
        drugs = [a for a in self.of(NodeType.DRUG) if not a.anaphor]
        if not drugs:
            return
        for dis in self.of(NodeType.DISEASE):
            if dis.anaphor:
                continue
            before = self.before(dis.start, NodeType.DRUG)
            if before is not None and not before.anaphor and dis.start - before.uend <= _MAX_GAP:
                gap = text[before.uend : dis.start]
                if any(p.match(gap) for p in r.induced_forward):
                    for d in self.coordinated(before, False, drug=True):
                        yield _Cand(Predicate.CAUSES, d, dis, "full")
            after = self.after(dis.uend, NodeType.DRUG)
            if after is not None and not after.anaphor and after.start - dis.uend <= _MAX_GAP:
                gap = text[dis.uend : after.start]
                hit = any(p.match(gap) for p in r.induced_reverse) or bool(
                    r.induced_reverse_temporal
                    and r.induced_reverse_post
                    and r.induced_reverse_temporal.match(gap)
                    and r.induced_reverse_post.match(text, after.uend)
                ) or bool(
                    r.induced_reverse_group
                    and r.induced_reverse_group_post
                    and self.adverse(dis)
                    and r.induced_reverse_group.match(gap)
                    and r.induced_reverse_group_post.match(text, after.uend)
                )
                if hit:
                    for o in self.coordinated(dis, False):
                        for d in self.coordinated(after, True, drug=True):
                            yield _Cand(Predicate.CAUSES, d, o, "full")

    def zero_triggers(self) -> list[re.Match[str]]:
        out = []
        for p in screened(self.rules.zero, self.text, self.low, self.words):  # (the others cannot match)
            for m in p.finditer(self.text):
                if not self.rules.zero_blocker.match(self.text[m.end() :]):
                    out.append(m)
        return sorted(out, key=lambda m: m.start())


# a conditioning agent: "... as/for/before lymphodepletion", "(Flu/Cy)-based conditioning"
_CONDITIONING_PURPOSE = re.compile(
    r"[^.;]{0,30}?\b(?:as|for|before|prior to)\s+(?:\w+\s+)?(?:lympho-?deplet|conditioning)", _I
)
_CONDITIONING_HEAD = re.compile(r"\s*(?:\([^()]*\)\s*)?(?:-based\s+)?(?:lympho-?deplet|conditioning)", _I)


# (id of the pattern tuple, mention text) -> (patterns, verdict): a memo keyed by id, because
# hashing a tuple of patterns hashes each one's compiled code
_ADVERSE: dict[tuple[int, str], tuple[tuple[re.Pattern[str], ...], bool]] = {}


def _is_adverse(patterns: tuple[re.Pattern[str], ...], text: str) -> bool:
    """Whether a mention's text names an adverse effect (cached: the same names recur)."""
    key = (id(patterns), text)
    hit = _ADVERSE.get(key)
    if hit is not None and hit[0] is patterns:
        return hit[1]
    low = lowered_ascii(text)
    verdict = any(may_match(p, text, low) and p.search(text) for p in patterns)
    if len(_ADVERSE) >= 4096:
        _ADVERSE.clear()  # only a cache
    _ADVERSE[key] = (patterns, verdict)
    return verdict


def _units(text: str, args: list[_Arg]) -> list[_Arg]:
    """Absorb a parenthetical that only repeats the argument ("rituximab (RTX)")."""
    out: list[_Arg] = []
    skip_until = -1
    for a in args:
        if a.start < skip_until:
            continue
        m = _PAREN.match(text, a.end)
        if m:
            inner = [b for b in args if b.start >= m.start() and b.end <= m.end()]
            if all(b.id == a.id for b in inner):
                a = _Arg(a.start, a.end, a.id, a.type, a.text, a.anaphor, m.end())
                skip_until = m.end()
        out.append(a)
    return out


def _is_cell_therapy(a: _Arg, rules: RelationRules) -> bool:
    return a.id.startswith("kg:cart") or bool(
        rules.cell_therapy and rules.cell_therapy.search(a.text)
    )
