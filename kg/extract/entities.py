"""Entity mentions: dictionary matching (Aho–Corasick) plus the span rules of the guidelines.

The pipeline for one document:

1. :func:`iter_candidates`: every vocabulary key found in the normalised text at word
   boundaries (keys are ``" " + term``, so a hit always starts a token), mapped back to
   original offsets, case-checked for short forms.
2. Context: short forms such as "MS", "ALL", "RA" survive only when the document supports
   them (their abbreviation is defined, another name of the same entity occurs, or a cue).
3. Leftmost-longest selection of non-overlapping spans (stop phrases take part and emit
   nothing, so "B-cell malignancies" hides "B-cell").
4. CAR-T composites: antigen modifiers of a CAR-T head mint ``kg:cart-<symbols>``;
   appositions take the named product's id; a later bare head takes the id of the
   targeted product referred to before.
5. Abbreviations defined in the document ("long form (SF)") ground later uses of SF.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from operator import add, attrgetter, sub
from typing import NamedTuple

from kg.identifiers import mint_id
from kg.model import Entity, Mention, NodeType
from kg.text import Abbreviation
from kg.vocabulary import TermInfo, Vocabulary, fold_text, normalize_term

__all__ = ["EXTRACTOR", "Candidate", "find_mentions", "iter_candidates"]

EXTRACTOR = "lexicon.v1"
GENERIC_CART = "kg:cart"

# what may follow an antigen inside one token: "CD19pos", "CD19neg", "CD38hi"
_ANTIGEN_SUFFIXES = frozenset({"pos", "neg", "hi", "lo", "high", "low", "dim", "bright", "bri", "int"})
_SPACES = re.compile(r"  +")  # = " {2,}", written with a literal prefix the regex engine searches fast
_SPACE_RUNS = re.compile(r"(  +)")  # the same, captured: ``split`` returns texts and runs alternately
# words allowed between antigen modifiers and a CAR-T head ("CD19-targeted", "anti-CD38", "BCMA-CD19 compound")
_MODIFIER_GAP = re.compile(
    r"[\s\-‐‑–./+,×x]*(?:(?:anti|directed|targeted|targeting|targetting|target|specific|redirected|re-directed|"
    r"compound|dual|bispecific|tandem|bivalent|mrna|rna|autologous|allogeneic|and|or|engineered|armou?red|"
    r"fast|ultra|based|positive)[\s\-‐‑–./+,]*)*",
    re.I,
)
_POST_TARGET = re.compile(
    r"\s*(?:cells?\s+)?(?:engineered\s+to\s+(?:co-?)?target|(?:co-?|dual(?:ly)?[-\s]|simultaneously\s)?target(?:t)?ing|"
    r"directed\s+(?:at|against|to|towards)|"
    r"targeted\s+(?:at|to|against)|aimed\s+at|against|specific\s+for|(?:that|which)\s+(?:co-?)?targets?|"
    r"(?:that|which)\s+(?:recogni[sz]es?|binds?|engages?)|recogni[sz]ing)\s+(?:both\s+|either\s+)?(?:the\s+)?",
    re.I,
)
_ANTIGEN_JOIN = re.compile(r"\s*(?:,|and|or|/|-|\+)\s*(?:the\s+)?", re.I)
_APPOSITION = re.compile(
    r"(?:\s*\)?\s*,\s*|\s+(?:is|was|are|were)\s+|\s*,?\s+which\s+(?:is|are|was|were)\s+|\s*\(\s*)"
    r"(?:an?\s+|the\s+)?(?:[\w\-+/.]+,?\s+){0,4}(?:anti[-\s]?)?$",
    re.I,
)
# a disease reading of an ambiguous short form: "patients with RA", "newly diagnosed ITP", "MS patients"
_DISEASE_BEFORE = re.compile(
    r"(?:\bdiagnosed(?:\s+with)?|\bpatients\s+with|\bpeople\s+with|\bsuffer(?:s|ing)?\s+from|\bwith|\bin|\bfor|"
    r"\brefractory|\brelapsed|\bactive|\bsevere|\bchronic|\bacute)\s+$",
    re.I,
)
_DISEASE_AFTER = re.compile(r"\s+(?:patients|patient|cohorts?|flares?|disease activity|symptoms)\b", re.I)
_ABBREV_DEF = re.compile(r"\s*\(\s*([A-Za-z0-9][A-Za-z0-9\-/+.]{0,14})\s*\)")
# the same from its bracket: a literal first character the regex engine searches fast
_ABBREV_DEF_PAREN = re.compile(r"\(\s*([A-Za-z0-9][A-Za-z0-9\-/+.]{0,14})\s*\)")


class _Def(NamedTuple):
    """A ``(SF)`` after some text: where the match starts (spaces before the bracket included)."""

    start: int
    short: str
    short_start: int
    short_end: int


def _abbrev_defs(text: str) -> list[_Def]:
    """What ``_ABBREV_DEF.finditer(text)`` finds, searched from the brackets.

    A match of ``_ABBREV_DEF`` is a bracket match plus the whitespace run before it (that
    run cannot reach into the previous match, which ends with ``)``).
    """
    out = []
    for m in _ABBREV_DEF_PAREN.finditer(text):
        start = m.start()
        while start > 0 and text[start - 1].isspace():
            start -= 1
        out.append(_Def(start, m.group(1), m.start(1), m.end(1)))
    return out


class Candidate(NamedTuple):
    """A dictionary hit: original offsets and what the matched key may stand for."""

    start: int
    end: int
    infos: tuple[TermInfo, ...]

    @property
    def length(self) -> int:
        return self.end - self.start


class _OffsetMap:
    """Maps indices of the space-collapsed normalised text back to the original text."""

    def __init__(self, folded: str) -> None:
        #: ``folded`` with every run of spaces collapsed to one
        self.collapsed = folded
        self._parts: list[str] = []  # texts and runs alternately, until the map is first used
        self._cpos: list[int] = []  # collapsed index of each multi-space run
        self._shift: list[int] = []  # original - collapsed for characters after that run
        if "  " not in folded:
            return  # nothing collapsed: the identity map (a C substring test, no regex scan)
        # one regex pass: texts and runs alternate
        self._parts = parts = _SPACE_RUNS.split(folded)
        self.collapsed = " ".join(parts[0::2])

    def _tables(self) -> None:
        """``_cpos`` and ``_shift``, worked out on first use (most documents never map an index)."""
        parts = self._parts
        pieces, runs = parts[0::2], parts[1::2]
        n = len(runs)
        # offsets are running sums (no Python loop)
        self._cpos = list(map(add, accumulate(map(len, pieces[:-1])), range(n)))
        self._shift = list(map(sub, accumulate(map(len, runs)), range(1, n + 1)))
        self._parts = []

    def __call__(self, c: int) -> int:
        if self._parts:
            self._tables()
        i = bisect_left(self._cpos, c) - 1
        return c if i < 0 else c + self._shift[i]

    def span(self, c_start: int, c_end: int) -> tuple[int, int]:
        """Original (start, end) of the collapsed span [c_start, c_end)."""
        if self._parts:
            self._tables()
        cpos = self._cpos
        i = bisect_left(cpos, c_start) - 1
        d = self._shift[i] if i >= 0 else 0
        if i + 1 < len(cpos) and cpos[i + 1] < c_end - 1:
            return c_start + d, self(c_end - 1) + 1
        return c_start + d, c_end + d


def iter_candidates(text: str, vocab: Vocabulary) -> Iterator[Candidate]:
    """Every vocabulary key found at word boundaries, case-checked (context not yet checked)."""
    return iter(_candidates(text, vocab))


def _candidates(text: str, vocab: Vocabulary) -> list[Candidate]:
    """:func:`iter_candidates` as a list (no generator to resume per candidate)."""
    out: list[Candidate] = []
    to_orig = _OffsetMap(fold_text(text))
    hay = " " + to_orig.collapsed + " "
    automaton = vocab.automaton()
    # keys are " term " (a hit is a whole token run) and, for antigens, " term" (Vocabulary.automaton)
    for end_idx, (key, infos, case_checked, _antigen, boundary) in automaton.iter(hay):  # type: ignore[attr-defined]
        extra: Candidate | None = None
        if boundary:
            term_end = end_idx - 1  # the key's last character is the space after the term
        else:
            term_end = end_idx
            if hay[term_end + 1] == " ":
                continue  # at a token end: the key with the space reports it
            # inside a token: only "CD19pos" or "BCMAxCD3" style junctions of antigens
            stop = hay.find(" ", term_end + 1)  # the final space is always there
            rest = hay[term_end + 1 : stop]
            if rest in _ANTIGEN_SUFFIXES:
                pass
            elif rest[:1] == "x" and len(rest) > 2 and (" " + rest[1:] + " ") in automaton:  # type: ignore[operator]
                other = automaton.get(" " + rest[1:] + " ")  # type: ignore[attr-defined]
                extra = _case_checked(text, to_orig(term_end + 1), to_orig(term_end + len(rest) - 1) + 1, other[1], other[2])
            else:
                continue
        # the term ends at hay[term_end]; in `collapsed` it is [term_end - len(key), term_end)
        c_start = term_end - len(key)
        start, end = to_orig.span(c_start, term_end)
        if case_checked:
            cand = _case_checked(text, start, end, infos, True)
            if cand is not None:
                out.append(cand)
        else:
            out.append(Candidate(start, end, infos))
        if extra is not None:
            out.append(extra)
    return out


def _case_checked(text: str, start: int, end: int, infos: tuple[TermInfo, ...], case_checked: bool) -> Candidate | None:
    if case_checked:
        span = text[start:end]
        surface = span if span.isalnum() and span.isascii() else normalize_term(span, fold_case=False)
        infos = tuple(i for i in infos if i.exact is None or surface in i.exact)
        if not infos:
            return None
    return Candidate(start, end, infos)


# an upper-case word glued by a hyphen before a short form: a trial name ("ICARIA-MM", "ADAPT-SERON")
_TRIAL_PREFIX = re.compile(r"(?<![\w-])[A-Z]{3,}-$")


def _in_trial_name(text: str, c: Candidate, vocab: Vocabulary, ends: set[int]) -> bool:
    """A disease short form that is the tail of a trial name, unless the prefix is itself a mention."""
    surface = text[c.start : c.end]
    if not (surface.isupper() and len(surface) <= 6) or (c.start - 1) in ends:
        return False
    if not _TRIAL_PREFIX.search(text, max(0, c.start - 20), c.start):
        return False
    if text[c.end : c.end + 1].isalnum() or text[c.end : c.end + 1] == "-":
        return False
    return all(
        i.entity_id and vocab.entities[i.entity_id].type is NodeType.DISEASE for i in c.infos
    )


def _crosses_sentence(start: int, end: int, bounds: list[tuple[int, int]], starts: list[int]) -> bool:
    i = bisect_right(starts, start) - 1
    if i < 0:
        return False
    s_start, s_end = bounds[i]
    return start < s_end < end


def _select(cands: list[Candidate]) -> list[Candidate]:
    """Leftmost-longest, non-overlapping."""
    cands.sort(key=lambda c: (c.start, -c.length))
    out: list[Candidate] = []
    last_end = -1
    for c in cands:
        if c.start >= last_end:
            out.append(c)
            last_end = c.end
    return out


@dataclass
class _M:
    """A mutable working mention (frozen Mention objects are built at the end)."""

    start: int
    end: int
    id: str
    type: NodeType
    head: bool = False  # a CAR-T head (generic kg:cart surface)
    context: bool = False  # grounded through a context rule (an ambiguous short form)


_BY_START = attrgetter("start")  # = lambda m: m.start, in C
_BY_SPAN = attrgetter("start", "end")  # = lambda m: (m.start, m.end)


def _choose(infos: Sequence[TermInfo], present: set[str], vocab: Vocabulary) -> str:
    ids = [i.entity_id for i in infos]
    if len(ids) == 1:
        return ids[0]
    for i in ids:
        if i in present:
            return i
    return sorted(ids)[0]


def _antigen_symbol(entity: Entity) -> str:
    if entity.id.startswith("HGNC:"):
        return entity.label.lower()
    if entity.id.startswith("kg:"):
        return entity.id[3:]
    return mint_id(entity.synonyms[-1] if entity.synonyms else entity.label)[3:]


def find_mentions(
    text: str,
    vocab: Vocabulary,
    *,
    sentences: list[tuple[int, int]],
    abbreviations: list[Abbreviation],
) -> tuple[list[Mention], list[Entity]]:
    """Grounded mentions of ``text`` (sorted, non-overlapping) and the entities they reference.

    :param sentences: sentence spans (matches never cross a sentence boundary).
    :param abbreviations: definitions found in ``text`` (:func:`kg.text.find_abbreviations`).
    """
    raw = _candidates(text, vocab)
    if raw:
        bounds = sorted(sentences)
        starts = [s for s, _ in bounds]
        raw = [c for c in raw if not _crosses_sentence(c.start, c.end, bounds, starts)]
        ends = {c.end for c in raw}
        raw = [c for c in raw if not _in_trial_name(text, c, vocab, ends)]
    if not raw:
        # no candidate, no mention: the CAR-T and abbreviation steps below only extend or
        # relabel mentions (the usual case: most abstracts name nothing in the vocabulary)
        return [], []

    # --- context: which ambiguous short forms does the document support?
    plain_ids = {i.entity_id for c in raw for i in c.infos if not i.context and i.entity_id}
    # short form -> its definitions: (long-form start, end, whether the long form is known)
    defined: dict[str, list[tuple[int, int, bool]]] = {}
    for a in abbreviations:
        defined.setdefault(a.short, []).append((a.long_start, a.long_start + len(a.long), True))
    defs = _abbrev_defs(text)
    found = {(a.short, a.short_start) for a in abbreviations}
    for d in defs:
        if (d.short, d.short_start) not in found:  # = not any(a.short == d.short and a.short_start == ...)
            defined.setdefault(d.short, []).append((d.start, d.start, False))
    cue_cache: dict[tuple[str, str], bool] = {}

    def long_form_ids(start: int, end: int, known: bool) -> set[str]:
        """Entities the long form grounds to: candidates inside it (known) or just before the parenthesis."""
        if known:
            return {i.entity_id for c in raw if start <= c.start and c.end <= end for i in c.infos if not i.context}
        return {i.entity_id for c in raw if c.end <= start and not text[c.end : start].strip()
                for i in c.infos if not i.context}

    def defined_as(info: TermInfo, surface: str, n_meanings: int) -> bool:
        """The document defines ``surface`` as this entity: its long form grounds to the same
        entity, or no long form was recognised and the short form has one meaning only."""
        for start, end, known in defined.get(surface, ()):
            ids = long_form_ids(start, end, known)
            if info.entity_id in ids or (not known and not ids and n_meanings == 1):
                return True
        return False

    def supported(info: TermInfo, surface: str, start: int, end: int, n_meanings: int = 1) -> bool:
        if info.entity_id in plain_ids:
            return True
        if surface in defined:
            return defined_as(info, surface, n_meanings)  # defined as something else: no cue can override
        if vocab.entities[info.entity_id].type is NodeType.DISEASE:
            cue = _DISEASE_BEFORE.search(text, max(0, start - 40), start) or _DISEASE_AFTER.match(text, end)
            if cue and not cue.group().strip().isupper():  # "ALL PATIENTS" is shouting, not leukaemia
                return True
        key = (surface, info.entity_id)
        if key not in cue_cache:
            rules = vocab.context_rules.get(surface, ())
            cue_cache[key] = any(r.entity_id == info.entity_id and r.cues.search(text) for r in rules)
        return cue_cache[key]

    cands: list[Candidate] = []
    for c in raw:
        if any(i.context for i in c.infos):
            surface = text[c.start : c.end]
            base = surface[:-1] if surface.endswith("s") and surface[:-1] in vocab.context_rules else surface
            n = len({i.entity_id for i in c.infos if i.context})
            infos = tuple(i for i in c.infos if not i.context or supported(i, base, c.start, c.end, n))
            if not infos:
                continue
            c = Candidate(c.start, c.end, infos)
        cands.append(c)

    present = plain_ids
    work: list[_M] = []
    for c in _select(cands):
        if len(c.infos) == 1:  # the usual case: what _choose and the all() below give for one info
            ident = c.infos[0].entity_id
            ctx = c.infos[0].context
        else:
            ident = _choose(c.infos, present, vocab)
            ctx = all(i.context for i in c.infos if i.entity_id == ident)
        if not ident:
            continue  # a stop phrase
        ent = vocab.entities[ident]
        work.append(_M(c.start, c.end, ident, ent.type, head=ident == GENERIC_CART, context=ctx))

    minted: dict[str, Entity] = {}
    _resolve_cart(text, work, vocab, minted, bounds, starts)
    _apply_abbreviations(text, work, vocab, abbreviations, defs)

    work.sort(key=_BY_SPAN)
    mentions: list[Mention] = []
    seen: dict[str, set[str]] = {}
    for m in work:
        ent = vocab.entities.get(m.id) or minted[m.id]
        surface = text[m.start : m.end]
        mentions.append(Mention(m.start, m.end, surface, m.type, m.id, ent.label))
        seen.setdefault(m.id, set()).add(surface if surface.isalnum() else " ".join(surface.split()))
    entities = []
    for ident in sorted(seen):
        known = vocab.entities.get(ident)
        if known is not None:
            names, reported = vocab.named_entity(ident)
            if seen[ident] <= names:
                entities.append(reported)  # no new surface form: what the lines below build
                continue
        ent = known if known is not None else minted[ident]
        # the vocabulary's synonyms plus every surface form read, so exports carry the
        # names users search for (skos:altLabel, Neo4j synonyms, the HTML search box)
        forms = tuple(sorted((set(ent.synonyms) | seen[ident]) - {ent.label}))
        entities.append(Entity(ent.id, ent.label, ent.type, forms, ent.xrefs))
    return mentions, entities


def _resolve_cart(
    text: str,
    work: list[_M],
    vocab: Vocabulary,
    minted: dict[str, Entity],
    bounds: list[tuple[int, int]],
    starts: list[int],
) -> None:
    """Composite CAR-T spans, appositions and coreference of bare heads (GUIDELINES 2.2)."""
    work.sort(key=_BY_START)
    last_specific: str | None = None
    for k, head in enumerate(work):
        if not head.head:
            continue
        # antigen modifiers before the head
        targets: list[_M] = []
        left = head.start
        j = k - 1
        while j >= 0:
            prev = work[j]
            gap = text[prev.end : left]
            if prev.type is not NodeType.ANTIGEN or not _MODIFIER_GAP.fullmatch(gap) or "\n\n" in gap:
                break
            targets.append(prev)
            left = prev.start
            j -= 1
        pre = len(targets)
        # antigen after the head: "CAR-T cell therapy targeting the B-cell maturation antigen"
        if not targets:
            targets = _post_targets(text, work, k)
        # apposition: "Tisagenlecleucel is a CD19 CAR T-cell therapy", "Descartes-08, a BCMA-directed ..."
        product: str | None = None
        i = k - 1 - pre
        if i >= 0:
            prev = work[i]
            gap = text[prev.end : left]
            same_sentence = bisect_right(starts, prev.start) == bisect_right(starts, left)
            if (
                prev.type is NodeType.DRUG
                and not prev.head
                and not prev.id.startswith(GENERIC_CART)
                and same_sentence
                and _APPOSITION.match(gap)
            ):
                product = prev.id
        # "CD19-targeting CAR T cells (KYV-101)": a named product in parentheses after the description
        if product is None and k + 1 < len(work):
            nxt = work[k + 1]
            if (
                nxt.type is NodeType.DRUG
                and not nxt.head
                and not nxt.id.startswith(GENERIC_CART)
                and re.fullmatch(r"\s*\(\s*", text[head.end : nxt.start])
                and text[nxt.end : nxt.end + 3].lstrip().startswith(")")
            ):
                product = nxt.id
        if product is not None:
            head.id = product
            last_specific = product
        elif targets:
            symbols = sorted({_antigen_symbol(vocab.entities[t.id]) for t in targets})
            ident = "kg:cart-" + "-".join(symbols)
            if ident not in minted and ident not in vocab.entities:
                labels = "/".join(sorted({vocab.entities[t.id].label for t in targets}))
                minted[ident] = Entity(ident, f"{labels} CAR T cells", NodeType.DRUG)
            head.id = ident
            last_specific = ident
        elif last_specific is not None:
            head.id = last_specific
        if head.id not in vocab.entities and head.id not in minted:
            minted[head.id] = Entity(head.id, head.id, NodeType.DRUG)


def _post_targets(text: str, work: list[_M], k: int) -> list[_M]:
    """Antigens named right after a CAR-T head ("... targeting the BCMA", "... against CD19 and CD22")."""
    m = _POST_TARGET.match(text, work[k].end)
    if not m:
        return []
    targets: list[_M] = []
    pos = m.end()
    j = k + 1
    while j < len(work) and work[j].type is NodeType.ANTIGEN and work[j].start == pos:
        targets.append(work[j])
        pos = work[j].end
        j += 1
        paren = re.compile(r"\s*\(\s*").match(text, pos)
        if paren and j < len(work) and work[j].start == paren.end() and work[j].type is NodeType.ANTIGEN:
            targets.append(work[j])  # "B-cell maturation antigen (BCMA)"
            pos = work[j].end + 1
            j += 1
        joined = _ANTIGEN_JOIN.match(text, pos)
        if joined and j < len(work) and work[j].start == joined.end() and joined.end() > pos:
            pos = joined.end()
            continue
        break
    return targets


def _letters_fit(short: str, long: str) -> bool:
    """Schwartz–Hearst check: the short form's letters occur in order in the long form, the first
    one starting a word ("SLE" / "systemic lupus erythematosus"; not "MINT" / "myasthenia gravis").
    """
    letters = [c for c in short.lower() if c.isalnum()]
    low = long.lower()
    if not letters or not re.search(rf"(?<![a-z0-9]){re.escape(letters[0])}", low):
        return False
    pos = 0
    for c in letters:
        pos = low.find(c, pos)
        if pos < 0:
            return False
        pos += 1
    return True


def _standalone(text: str, short: str) -> list[tuple[int, int]]:
    """Spans of ``short`` in ``text`` with no word character or hyphen just before and no word
    character just after: ``re.finditer(r"(?<![\w-])" + re.escape(short) + r"(?![\w])", text)``
    by ``str.find`` (no pattern compiled per short form; ``\w`` is ``isalnum()`` or "_")."""
    out: list[tuple[int, int]] = []
    n = len(short)
    end = len(text)
    s = text.find(short)
    while s >= 0:
        e = s + n
        if (s == 0 or not (text[s - 1].isalnum() or text[s - 1] in "_-")) and (
            e == end or not (text[e].isalnum() or text[e] == "_")
        ):
            out.append((s, e))
            s = text.find(short, e)
        else:
            s = text.find(short, s + 1)
    return out


def _apply_abbreviations(
    text: str, work: list[_M], vocab: Vocabulary, abbreviations: list[Abbreviation], paren_defs: list[_Def] | None = None
) -> None:
    """A short form defined after a mention ("rituximab (RTX)") takes that mention's id everywhere.

    :param paren_defs: :func:`_abbrev_defs` of ``text`` (computed when ``None``).
    """
    work.sort(key=_BY_START)
    starts = [m.start for m in work]
    defs: dict[str, tuple[str, NodeType]] = {}

    def mention_ending_near(pos: int, lo: int) -> _M | None:
        i = bisect_left(starts, pos) - 1
        while i >= 0 and work[i].end > lo - 1:
            if work[i].end <= pos and not text[work[i].end : pos].strip(" \t\n"):
                return work[i]
            if work[i].end <= pos:
                return None
            i -= 1
        return None

    def overlapping(s: int, e: int) -> list[_M]:
        i = bisect_left(starts, e) - 1
        out = []
        while i >= 0 and work[i].end > s:
            out.append(work[i])
            i -= 1
        return out

    for d in _abbrev_defs(text) if paren_defs is None else paren_defs:
        short = d.short
        if short.lower() == short:  # = not any(c.isupper() for c in short): the pattern admits ASCII only
            continue
        long_m = mention_ending_near(d.start, 0)
        if long_m is None or any(w.start < d.short_start for w in overlapping(d.short_start, d.short_end)):
            continue  # no long form, or the parenthesis sits inside a longer mention
        if long_m.type is NodeType.DISEASE and not _letters_fit(short, text[long_m.start : long_m.end]):
            continue  # "Generalized Myasthenia Gravis (MINT)": a trial acronym, not the disease's short form
        if long_m.type is NodeType.ANTIGEN and not _letters_fit(short, text[long_m.start : long_m.end]):
            # "CAR T cells co-targeting CD19 and BCMA (cCAR)": the short form names the CAR-T
            head = next(
                (w for w in reversed(work[: bisect_left(starts, long_m.start)])
                 if w.type is not NodeType.ANTIGEN or long_m.start - w.end > 80),
                None,
            )
            if (
                head is not None
                and head.id.startswith(GENERIC_CART)
                and long_m.start - head.end <= 80
                and _letters_fit(short, text[head.start : long_m.end])
            ):
                long_m = head
        defs.setdefault(short, (long_m.id, long_m.type))
    for a in abbreviations:
        long_end = a.long_start + len(a.long)
        long_m = mention_ending_near(long_end, a.long_start)
        if long_m is not None and long_m.start >= a.long_start:
            defs.setdefault(a.short, (long_m.id, long_m.type))
    added: list[_M] = []
    for short, (ident, node_type) in sorted(defs.items()):
        for s, e in _standalone(text, short):
            hits = overlapping(s, e)
            if not hits:
                if not any(w.start < e and w.end > s for w in added):
                    added.append(_M(s, e, ident, node_type))
            elif len(hits) == 1 and hits[0].start == s and hits[0].end == e and hits[0].context:
                hits[0].id = ident  # an ambiguous short form defined here ("... leukemia (ALL)")
                hits[0].type = node_type
    work.extend(added)
