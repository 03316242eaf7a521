"""Context of a relation: polarity (negation) and certainty (hedging, trial language).

The cue lexicons live in ``ontologies/relation_rules.json`` (section ``context``). A cue
counts for a relation only inside its scope: the clauses of the sentence that the
relation's arguments span (clauses split at ``;``, ``but``, ``except``, ``, which`` ...),
so "IVIG is a rubbish treatment for anything except perhaps ITP" negates nothing about
ITP and hedges it with "perhaps".
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from kg.model import Certainty, Polarity

__all__ = [
    "Context",
    "ContextRules",
    "assess",
    "clause_spans",
    "get_rules",
    "group_screens",
    "load_rules",
    "lowered_ascii",
    "may_match",
    "may_match_words",
    "required_literals",
    "screened",
    "screens_pass",
    "search_any",
    "word_chars",
    "word_screen",
    "word_text",
]

Span = tuple[int, int]


def _compile(patterns: Sequence[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


@dataclass(frozen=True, slots=True)
class ContextRules:
    """Compiled cue lexicons."""

    boundaries: re.Pattern[str]
    negation: tuple[re.Pattern[str], ...]
    pseudo_negation: tuple[re.Pattern[str], ...]
    reversers: re.Pattern[str]
    hypothesised: tuple[re.Pattern[str], ...]
    investigational: tuple[re.Pattern[str], ...]
    asserted: tuple[re.Pattern[str], ...] = ()
    completed_design: re.Pattern[str] | None = None
    completed_result: re.Pattern[str] | None = None
    completed_unless: re.Pattern[str] | None = None
    # a sentence framed as what a study will test ("This study will test whether X can produce
    # B-cell depletion"): a mechanism claim in it is investigational too
    trial_frame: re.Pattern[str] | None = None
    # a case report or case series ("Objective: To report three patients ...") reports what
    # happened: its "objective" / "study" words are no trial language
    case_report: re.Pattern[str] | None = None
    case_report_unless: re.Pattern[str] | None = None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ContextRules:
        ctx = data["context"]
        return cls(
            boundaries=re.compile(ctx["clause_boundaries"], re.IGNORECASE),
            negation=_compile(ctx["negation"]),
            pseudo_negation=_compile(ctx["pseudo_negation"]),
            reversers=re.compile(ctx["negation_reversers"], re.IGNORECASE),
            hypothesised=_compile(ctx["hypothesised"]),
            investigational=_compile(ctx["investigational"]),
            asserted=_compile(ctx.get("asserted", ())),
            completed_design=_optional(ctx.get("completed_trial", {}).get("design")),
            completed_result=_optional(ctx.get("completed_trial", {}).get("result")),
            completed_unless=_optional(ctx.get("completed_trial", {}).get("unless")),
            trial_frame=_optional(ctx.get("trial_frame")),
            case_report=_optional(ctx.get("case_report", {}).get("cue")),
            case_report_unless=_optional(ctx.get("case_report", {}).get("unless")),
        )


def _optional(pattern: str | None) -> re.Pattern[str] | None:
    return re.compile(pattern, re.IGNORECASE) if pattern else None


@functools.cache
def load_rules() -> dict[str, Any]:
    """The shipped rule set (``relation_rules.json``) as parsed JSON."""
    text = (resources.files("kg.data") / "relation_rules.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@functools.cache
def get_rules() -> ContextRules:
    """The compiled context lexicons of the shipped rule set."""
    return ContextRules.from_json(load_rules())


@dataclass(frozen=True, slots=True)
class Context:
    """What the context says about one relation, and the cue words that said it."""

    polarity: Polarity = Polarity.POSITIVE
    certainty: Certainty = Certainty.ASSERTED
    cues: tuple[str, ...] = ()


def clause_spans(text: str, rules: ContextRules | None = None) -> list[Span]:
    """Split a sentence into clause spans at the boundary pattern of the rules.

    >>> s = "IVIG is a rubbish treatment for anything except perhaps ITP."
    >>> [s[a:b] for a, b in clause_spans(s)]
    ['IVIG is a rubbish treatment for anything ', 'except perhaps ITP.']
    """
    rules = rules or get_rules()
    last = _LAST_CLAUSES[0]  # (one read: another thread may replace it)
    if last is not None and last[0] is rules and last[1] == text:
        return list(last[2])  # the relations of a sentence are assessed one after another
    cuts = [0]
    for m in rules.boundaries.finditer(text):
        if m.start() > cuts[-1]:
            cuts.append(m.start())
    cuts.append(len(text))
    spans = [(a, b) for a, b in itertools.pairwise(cuts) if b > a]
    _LAST_CLAUSES[0] = (rules, text, tuple(spans))
    return spans


# (rules, sentence, spans) of the last :func:`clause_spans` call, replaced as a whole (thread-safe)
_LAST_CLAUSES: list[tuple[ContextRules, str, tuple[Span, ...]] | None] = [None]


def _matches(
    patterns: Sequence[re.Pattern[str]], text: str, lo: int, hi: int
) -> list[tuple[int, int, str]]:
    return [m for m in _sentence_matches(tuple(patterns), text) if lo <= m[0] and m[1] <= hi]


@functools.cache
def required_literals(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which every match of ``pattern`` contains, or ``None`` (no screen).

    Read from the parsed pattern: a literal run of its top-level sequence ("effica" in
    ``\beffica(?:cy|cious)\b``) or, for an alternation, one literal per branch
    (``\blympho-?deplet|\bconditioning\b``). Lower-cased when the pattern ignores case.
    """
    from re import _parser  # type: ignore[attr-defined]

    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001 - no screen is always correct
        return None
    lits = _alternatives(parsed)
    if not lits:
        return None
    if pattern.flags & re.IGNORECASE:
        lits = tuple(x.lower() for x in lits)
        if not all(x.isascii() for x in lits):
            return None
    return lits


def _alternatives(items: Any) -> tuple[str, ...] | None:
    """For a parsed sequence: strings one of which every match contains (best choice), or ``None``."""
    from re import _constants as k  # type: ignore[attr-defined]

    options: list[tuple[str, ...]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            options.append(("".join(run),))
            run.clear()

    def walk(seq: Any) -> None:
        for op, av in seq:
            if op is k.LITERAL:
                run.append(chr(av))
            elif op is k.SUBPATTERN and not av[1] and not av[2]:
                walk(av[3])  # a group without inline flag changes: its sequence is inline
            elif op in (k.AT, k.ASSERT, k.ASSERT_NOT):
                continue  # zero width: the literals around it stay adjacent in the match
            elif op is k.BRANCH:
                flush()
                branches = [_alternatives(b) for b in av[1]]
                if all(branches):
                    options.append(tuple(dict.fromkeys(x for b in branches for x in b)))  # type: ignore[union-attr]
            else:
                flush()

    walk(items)
    flush()
    if not options:
        return None
    # the most selective: longest shortest string, then fewest strings
    return max(options, key=lambda o: (min(map(len, o)), -len(o)))


def may_match(pattern: re.Pattern[str], text: str, lowered: str | None) -> bool:
    """Whether ``pattern`` can match ``text`` (``False`` only when it cannot).

    ``lowered`` is ``text.lower()`` for ASCII text, else ``None`` (Unicode case folding
    lets "\u017f" match "s", so a case-blind screen is only sound for ASCII).
    """
    screen = _screen(pattern)
    if screen is None:
        return True
    lits, blind = screen
    if blind:
        if lowered is None:
            return True
        text = lowered
    if len(lits) == 1:
        return lits[0] in text
    return any(x in text for x in lits)


# pattern id -> (pattern, screen): a functools.cache keyed by the pattern would hash its
# compiled code on every call (Pattern.__hash__ is not cached); the stored pattern keeps the
# id from being reused and is compared by identity
_SCREENS: dict[int, tuple[re.Pattern[str], tuple[tuple[str, ...], bool] | None]] = {}


def _screen(pattern: re.Pattern[str]) -> tuple[tuple[str, ...], bool] | None:
    hit = _SCREENS.get(id(pattern))
    if hit is not None and hit[0] is pattern:
        return hit[1]
    lits = required_literals(pattern)
    screen = None if lits is None else (lits, bool(pattern.flags & re.IGNORECASE))
    if len(_SCREENS) >= 4096:
        _SCREENS.clear()  # only a cache: bounded for programs that compile many rule sets
    _SCREENS[id(pattern)] = (pattern, screen)
    return screen


# byte table: every ASCII character that ``\w`` does not match (all but letters, digits, _) -> " "
_NON_WORD = bytes(c if c < 128 and (chr(c).isalnum() or c == 95) else 32 for c in range(256))


def word_chars(lowered: str) -> str:
    """An ASCII text with every non-word character a space (``re.sub(r"\\W", " ", lowered)``)."""
    return lowered.encode("ascii").translate(_NON_WORD).decode("ascii")


def word_text(lowered: str | None) -> str | None:
    """The lowered ASCII sentence with every non-word character a space, padded by a space on
    both sides: the text the screens of :func:`word_screen` are looked for in (``None`` for
    non-ASCII text, which is never screened)."""
    return None if lowered is None else " " + word_chars(lowered) + " "


# pattern id -> (pattern, word screen): see ``_SCREENS``
_WORD_SCREENS: dict[int, tuple[re.Pattern[str], tuple[str, ...] | None]] = {}


def word_screen(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which :func:`word_text` of an ASCII text contains if ``pattern`` matches it,
    or ``None`` (no screen).

    Read from the start of a case-blind pattern, where a match begins: its literal characters
    (lowered; a non-word one as a space), alternatives expanded, up to the first element that
    is not a literal; a word boundary before a word character gives a leading space, after one
    a trailing space (``\bno (?:evidence|effect)\b`` -> " no evidence ", " no effect ").
    """
    hit = _WORD_SCREENS.get(id(pattern))
    if hit is not None and hit[0] is pattern:
        return hit[1]
    screen: tuple[str, ...] | None = None
    if pattern.flags & re.IGNORECASE:
        from re import _parser  # type: ignore[attr-defined]

        try:
            parsed = _parser.parse(pattern.pattern, pattern.flags)
            heads = _word_heads(list(parsed), [""])[0]
        except Exception:  # noqa: BLE001 - no screen is always correct
            heads = None
        if heads is not None:
            out = []
            for h in heads:
                if h.startswith("\0"):
                    h = h[1:]
                    if h and _is_word_char(h[0]):
                        h = " " + h  # a boundary before a word character: a non-word one (or the start) before it
                out.append(h)
            if out and all(out):
                # a string that contains another one adds nothing (" its" after " it")
                screen = tuple(x for x in dict.fromkeys(out) if not any(y in x and y != x for y in out))
    if len(_WORD_SCREENS) >= 4096:
        _WORD_SCREENS.clear()  # only a cache
    _WORD_SCREENS[id(pattern)] = (pattern, screen)
    return screen


def _is_word_char(c: str) -> bool:
    return c.isascii() and (c.isalnum() or c == "_")


def _word_heads(items: list[Any], acc: list[str]) -> tuple[list[str] | None, bool]:
    """Extend each of ``acc`` (what the text from the match start reads as, in :func:`word_text`
    form) over the parsed sequence ``items``: (the strings, whether all of ``items`` was read).
    ``None`` when the expansion grows too large. "\0" marks a word boundary at the start."""
    from re import _constants as k  # type: ignore[attr-defined]

    for op, av in items:
        if op is k.LITERAL or (op is k.IN and av and all(o is k.LITERAL for o, _ in av)):
            chars = [chr(av)] if op is k.LITERAL else [chr(c) for _, c in av]
            if not all(c.isascii() for c in chars):
                return acc, False  # a non-ASCII literal may match an ASCII letter case-blind ("\u212a" ~ "k")
            tails = list(dict.fromkeys(c.lower() if _is_word_char(c) else " " for c in chars))
            acc = [a + t for a in acc for t in tails]
        elif op is k.SUBPATTERN and not av[1] and not av[2]:
            got, whole = _word_heads(list(av[3]), acc)
            if got is None:
                return None, False
            acc = got
            if not whole:
                return acc, False
        elif op is k.BRANCH:
            grown: list[str] = []
            whole = True
            for branch in av[1]:
                got, done = _word_heads(list(branch), acc)
                if got is None:
                    return None, False
                grown += got
                whole = whole and done
            acc = list(dict.fromkeys(grown))
            if not whole:
                return acc, False
        elif op is k.AT and av is k.AT_BOUNDARY:
            if all(a == "" for a in acc):
                acc = ["\0"]  # at the match start: resolved by the first character
            else:
                # after a word character the next one is a non-word one (or the end): a space
                return [a + " " if a and _is_word_char(a[-1]) else a for a in acc], False
        elif op in (k.ASSERT, k.ASSERT_NOT):
            continue  # zero width: the characters around it stay adjacent
        else:
            return acc, False
        if len(acc) > 256:
            return None, False
    return acc, True


def may_match_words(pattern: re.Pattern[str], text: str, lowered: str | None, words: str | None) -> bool:
    """:func:`may_match` and the word screen (``words`` is :func:`word_text` of ``lowered``)."""
    _, lits, blind, heads = _entry(pattern)
    return screens_pass(text, lowered, words, lits, blind, heads)


# a word screen grouped: (gate, heads) pairs, the gate a prefix of each of its heads (the head
# itself when the heads are empty): a text without the gate has none of its heads
Gates = tuple[tuple[str, tuple[str, ...]], ...]
Entry = tuple[re.Pattern[str], tuple[str, ...] | None, bool, Gates | None]
# pattern id -> (pattern, literals, case-blind, gated word screen): see ``_SCREENS``
_ENTRIES: dict[int, Entry] = {}


def _gates(heads: tuple[str, ...]) -> Gates:
    """The heads grouped by a short first word (" no evidence ", " no effect " under " no ") or
    their first four letters (" relapse after ", " relapsed on " under " relaps"), each group
    behind its longest common prefix: one substring test rules out a group."""
    groups: dict[str, list[str]] = {}
    for h in heads:
        sp = h.find(" ", 1)
        groups.setdefault(h[: sp + 1] if 0 < sp <= 5 else h[:5], []).append(h)
    out = []
    for hs in groups.values():
        gate = hs[0]
        for h in hs[1:]:
            n = 0
            while n < len(gate) and n < len(h) and gate[n] == h[n]:
                n += 1
            gate = gate[:n]
        out.append((gate, () if len(hs) == 1 else tuple(hs)))
    return tuple(out)


def _entry(pattern: re.Pattern[str]) -> Entry:
    hit = _ENTRIES.get(id(pattern))
    if hit is not None and hit[0] is pattern:
        return hit
    screen = _screen(pattern)
    heads = word_screen(pattern)
    gates = None if heads is None else _gates(heads)
    entry = (pattern, None, False, gates) if screen is None else (pattern, screen[0], screen[1], gates)
    if len(_ENTRIES) >= 4096:
        _ENTRIES.clear()  # only a cache
    _ENTRIES[id(pattern)] = entry
    return entry


def lowered_ascii(text: str) -> str | None:
    """``text.lower()`` when ``text`` is ASCII (the argument :func:`may_match` wants)."""
    return text.lower() if text.isascii() else None


# (id of the pattern tuple, sentence) -> (patterns, matches): the memo of :func:`_sentence_matches`,
# keyed by id because hashing a tuple of patterns hashes each one's compiled code
_MATCHES: dict[tuple[int, str], tuple[tuple[re.Pattern[str], ...], tuple[tuple[int, int, str], ...]]] = {}


def _sentence_matches(
    patterns: tuple[re.Pattern[str], ...], text: str
) -> tuple[tuple[int, int, str], ...]:
    """Whole-sentence cue matches, shared by every relation assessed in the sentence."""
    key = (id(patterns), text)
    hit = _MATCHES.get(key)
    if hit is not None and hit[0] is patterns:
        return hit[1]
    found = _scan(patterns, text)
    if len(_MATCHES) >= 256:
        _MATCHES.clear()  # only a cache (the relations of a sentence are assessed together)
    _MATCHES[key] = (patterns, found)
    return found


def _scan(patterns: tuple[re.Pattern[str], ...], text: str) -> tuple[tuple[int, int, str], ...]:
    low = lowered_ascii(text)
    words = word_text(low)
    out: list[tuple[int, int, str]] = []
    for pat in screened(patterns, text, low, words):  # substring tests skip most patterns' scans
        for m in pat.finditer(text):
            if m.end() > m.start():
                out.append((m.start(), m.end(), m.group(0)))
    return tuple(out)


def screens_pass(
    text: str, low: str | None, words: str | None, lits: tuple[str, ...] | None, blind: bool, gates: Gates | None
) -> bool:
    """:func:`may_match_words` with the screens of :func:`group_screens` (loops: cheaper than any())."""
    if gates is not None and words is not None and not _gates_pass(gates, words):
        return False
    if lits is not None:
        hay = low if blind else text
        if hay is not None:
            for x in lits:
                if x in hay:
                    return True
            return False
    return True


def _gates_pass(gates: Gates, words: str) -> bool:
    """Whether ``words`` contains one of the heads of ``gates``."""
    for gate, heads in gates:
        if gate in words:
            if not heads:
                return True
            for x in heads:
                if x in words:
                    return True
    return False


def screened(
    patterns: tuple[re.Pattern[str], ...], text: str, low: str | None, words: str | None
) -> list[re.Pattern[str]]:
    """The patterns, in order, that :func:`may_match_words` does not rule out for ``text``
    (``low`` and ``words`` are :func:`lowered_ascii` and :func:`word_text` of it)."""
    out = []
    for pat, lits, blind, gates in group_screens(patterns):
        # screens_pass(text, low, words, lits, blind, gates), inlined (loops: cheaper than any())
        if gates is not None and words is not None:
            found = False
            for gate, heads in gates:
                if gate in words:
                    if not heads:
                        found = True
                        break
                    for x in heads:
                        if x in words:
                            found = True
                            break
                    if found:
                        break
            if not found:
                continue
        if lits is not None:
            hay = low if blind else text
            if hay is not None:
                for x in lits:
                    if x in hay:
                        break
                else:
                    continue
        out.append(pat)
    return out


def search_any(patterns: tuple[re.Pattern[str], ...], text: str, low: str | None, words: str | None) -> bool:
    """``any(p.search(text) for p in patterns)``, skipping the patterns whose screens rule them out.

    ``low`` and ``words`` are :func:`lowered_ascii` and :func:`word_text` of ``text``.
    """
    for pat in screened(patterns, text, low, words):
        if pat.search(text):
            return True
    return False


Screens = tuple[Entry, ...]
# id of a pattern tuple -> (the tuple, its screens): see ``_SCREENS``
_GROUPS: dict[int, tuple[tuple[re.Pattern[str], ...], Screens]] = {}


def group_screens(patterns: tuple[re.Pattern[str], ...]) -> Screens:
    """(pattern, required literals or ``None``, whether case-blind, :func:`word_screen` as gates)
    for each pattern, in order: what :func:`may_match_words` reads, looked up once per pattern group."""
    hit = _GROUPS.get(id(patterns))
    if hit is not None and hit[0] is patterns:
        return hit[1]
    out = [_entry(p) for p in patterns]
    if len(_GROUPS) >= 4096:
        _GROUPS.clear()  # only a cache
    _GROUPS[id(patterns)] = (patterns, tuple(out))
    return tuple(out)


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def assess(
    text: str,
    subject: Span,
    obj: Span,
    *,
    mode: str = "full",
    owned_elsewhere: Sequence[Span] = (),
    rules: ContextRules | None = None,
) -> Context:
    """Polarity and certainty of the relation between the ``subject`` and ``obj`` spans of ``text``.

    :param text: the sentence.
    :param subject: span (in ``text``) of the subject argument (or of its trigger when implicit).
    :param obj: span of the object argument.
    :param mode: ``"full"`` (negation and hedges in the clauses the arguments span, trial
        language anywhere in the sentence), ``"tight"`` (mechanism verbs such as "depletes":
        negation and hedges from the first argument on, no trial language) or
        ``"mechanism"`` (what a construct binds: negation only, always ``asserted``) or
        ``"fact"`` (positive, asserted: "CD19+ B cells").
    :param owned_elsewhere: spans of other arguments of the same type; a negation cue glued to
        one of them ("what rituximab didn't do", "the failed rituximab") belongs to it, not to
        this relation.
    """
    rules = rules or get_rules()
    if mode == "fact":
        return Context()
    lo_arg = min(subject[0], obj[0])
    hi_arg = max(subject[1], obj[1])
    clauses = clause_spans(text, rules)
    touched = [c for c in clauses if _overlaps(c, (lo_arg, hi_arg)) or c[0] <= lo_arg < c[1]]
    lo = min((c[0] for c in touched), default=lo_arg)
    hi = max((c[1] for c in touched), default=hi_arg)
    if mode != "full":
        lo = lo_arg
    if mode == "mechanism":
        # what a construct binds is negated only between its arguments ("does not bind CD20"),
        # not by a failed efficacy claim after them ("anti-CD19 antibody X failed to ...")
        hi = hi_arg

    pseudo = _matches(rules.pseudo_negation, text, 0, len(text))
    negs = [
        m
        for m in _matches(rules.negation, text, lo, hi)
        if not any(_overlaps(m[:2], p[:2]) for p in pseudo)
        and not _glued(text, m[:2], owned_elsewhere)
        and not _inside_args(m[:2], subject, obj)
    ]
    # "rubbish treatment for anything except perhaps ITP": the reverser frees what follows it
    kept_negs = []
    for m in negs:
        later = max(subject[0], obj[0])
        if m[1] <= later and any(
            m[1] <= r.start() < later for r in rules.reversers.finditer(text, m[1], later)
        ):
            continue
        kept_negs.append(m)
    inv = _matches(rules.investigational, text, 0, len(text)) if mode == "full" else []
    if mode == "tight" and rules.trial_frame is not None:
        inv = [(m.start(), m.end(), m.group(0)) for m in rules.trial_frame.finditer(text)]
    hyp = [
        m
        for m in _matches(rules.hypothesised, text, lo, hi)
        if not any(_overlaps(m[:2], i[:2]) for i in inv)
    ]
    if text.rstrip().endswith("?"):
        hyp.append((len(text.rstrip()) - 1, len(text.rstrip()), "?"))

    polarity = Polarity.NEGATED if kept_negs else Polarity.POSITIVE
    cues: list[tuple[int, int, str]] = list(kept_negs)
    if mode == "mechanism":
        certainty = Certainty.ASSERTED
    elif hyp:
        certainty = Certainty.HYPOTHESISED
        cues += hyp
    elif (
        inv
        and polarity is Polarity.POSITIVE
        and not _asserted_cue(text, rules, lo_arg, hi_arg, obj, inv)
        and not _completed_trial(text, rules)
        and not _case_report(text, rules)
    ):
        # approvals and indications are facts even in a sentence about a trial
        # a failed trial is a result: negated statements stay asserted
        certainty = Certainty.INVESTIGATIONAL
        cues += inv
    else:
        certainty = Certainty.ASSERTED
    words = tuple(dict.fromkeys(c[2] for c in sorted(cues)))
    return Context(polarity, certainty, words)


def _asserted_cue(
    text: str, rules: ContextRules, lo: int, hi: int, obj: Span, inv: Sequence[tuple[int, int, str]]
) -> bool:
    """An approval/indication cue between the arguments, not superseded by trial language
    nearer the object ("approved for B-ALL, is being tested in RA")."""
    for _, end, _ in _matches(rules.asserted, text, lo, hi):
        if any(end <= i[0] and i[1] <= obj[0] for i in inv):
            continue
        return True
    return False


def _completed_trial(text: str, rules: ContextRules) -> bool:
    """A result of a randomised / phase 3 trial reported as done is a finding, not an investigation."""
    if rules.completed_design is None or rules.completed_result is None:
        return False
    if rules.completed_unless is not None and rules.completed_unless.search(text):
        return False
    return bool(rules.completed_design.search(text) and rules.completed_result.search(text))


def _case_report(text: str, rules: ContextRules) -> bool:
    """A case report or series (no trial cue): what it reports is asserted."""
    if rules.case_report is None or not rules.case_report.search(text):
        return False
    return rules.case_report_unless is None or not rules.case_report_unless.search(text)


# precompiled: what may sit between an argument and a negation glued to it
_GLUE_BEFORE = re.compile(r"[\s’'-]*")
_GLUE_AFTER = re.compile(r"\s*(?:the\s+)?")


def _glued(text: str, cue: Span, others: Sequence[Span]) -> bool:
    """True when the cue sits right next to another argument (only spaces or 'the' between)."""
    for a, b in others:
        if b <= cue[0] and _GLUE_BEFORE.fullmatch(text[b : cue[0]]):
            return True
        if cue[1] <= a and _GLUE_AFTER.fullmatch(text[cue[1] : a]):
            return True
    return False


def _inside_args(cue: Span, subject: Span, obj: Span) -> bool:
    """A cue inside an argument's own text is part of a name, not context ("-refractory" aside)."""
    return (subject[0] <= cue[0] and cue[1] <= subject[1]) or (
        obj[0] <= cue[0] and cue[1] <= obj[1]
    )
