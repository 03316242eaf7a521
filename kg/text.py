"""Sentences and abbreviations: character-offset spans over a document's text.

:func:`split_sentences` is a rule-based segmenter tuned for biomedical prose and forum
text: abbreviation dots ("e.g.", "Dr.", "vs.", "et al.", "Fig."), decimals, initials and
"U.S." do not end a sentence; blank lines, list items and short headings do; closing
quotes and brackets stay with their sentence; a full stop glued to the next sentence
("PPMS.During") still splits.

:func:`find_abbreviations` implements Schwartz & Hearst (2003), "A simple algorithm for
identifying abbreviation definitions in biomedical text", for ``long form (SF)`` and the
reversed ``SF (long form)``.

Both are single passes of precompiled regular expressions with bounded look-around, so
they run in time linear in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Abbreviation", "find_abbreviations", "split_sentences"]


@dataclass(frozen=True, slots=True)
class Abbreviation:
    """A short form defined in the text: ``long (short)``; offsets index the document."""

    short: str
    long: str
    short_start: int
    long_start: int

    @property
    def short_end(self) -> int:
        """End offset (exclusive) of the short form."""
        return self.short_start + len(self.short)

    @property
    def long_end(self) -> int:
        """End offset (exclusive) of the long form."""
        return self.long_start + len(self.long)


# ---------------------------------------------------------------------------------------
# sentences

#: Tokens (lower-cased, without the final dot) after which a dot never ends a sentence.
_ABBREVIATIONS = frozenset(
    """
    e.g i.e cf vs viz al approx ca fig figs dr mr mrs ms prof st jr sr inc ltd corp
    dept univ incl resp eq eqs ref refs suppl subsp
    """.split()
)

#: Tokens that are abbreviations only when a number follows ("No. 5", "p. 12", "Jan. 5").
_ABBREVIATIONS_BEFORE_NUMBER = frozenset(
    """
    no nos p pp vol ch sec art tab
    jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()
)

#: Words after which a single capital letter is a name ("vitamin D.") not an initial.
_LETTER_NAMES = frozenset(
    """
    vitamin hepatitis group type phase class grade factor protein cell cells influenza
    arm cohort part stage complex chain domain site subtype region panel figure table
    day week plan lane model option strain serotype genotype category level zone
    """.split()
)

_ABBREVIATION_MAX = max(map(len, _ABBREVIATIONS | _ABBREVIATIONS_BEFORE_NUMBER))

_CLOSERS = "\"'\u201d\u2019)]}\u00bb\u203a"
_SENTENCE_PUNCT = ".!?\u2026"

#: The specification (the alternation tried at every position):
#:   (?P<punct>[.!?\u2026]+[closers]*)(?=\s|$) | (?<=[^\W\d_]{2})(?P<glued>[.!?]+)(?=[A-Z][a-z]{2})
#:   | (?P<para>\n[^\S\n]*\n) | (?P<nl>\n)
#: written to open with the one character class every match starts with, so that the regex
#: engine skips to those characters in C; the alternatives continue after it (lookbehinds
#: re-check the first character) and end in an empty group naming the kind ("nl": none).
#: Same matches, same order of trying, so ``finditer`` finds the same boundaries.
_BOUNDARY_REST = r"""
    (?: (?<=[.!?\u2026])[.!?\u2026]*[\"'\u201d\u2019)\]}\u00bb\u203a]*(?=\s|$)(?P<punct>)
      | (?<=[^\W\d_]{2}[.!?])[.!?]*(?=[A-Z][a-z]{2})(?P<glued>)
      | (?<=\n)[^\S\n]*\n(?P<para>)
      | (?<=\n)
    )
"""
#: Right after a dot: it certainly ends a sentence (what :func:`_ends_sentence` gives for the
#: match "." there, without looking further; a dot it leaves out is worked out as before):
#: the last non-space character of the text; or a full stop ("." alone, as one space follows)
#: before an upper-case letter or digit after seven ASCII letters (a word longer than any
#: listed abbreviation, so not initials either) or after a character that no abbreviation
#: token holds; or before an upper-case letter after a word of 2-6 letters that is none of
#: the listed abbreviations (in any case).
_SURE_END = (
    r"(?:(?<=\.)(?=\s*\Z)"
    r"|(?:(?<=[A-Za-z]{7}\.)|(?<=[^A-Za-z.\n]\.))(?=\x20[A-Z0-9])"
    r"|(?:" + "|".join(rf"(?<=[^A-Za-z.][A-Za-z]{{{n}}}\.)" for n in range(2, 7)) + ")"
    + "".join(rf"(?<![^A-Za-z.](?i:{w})\.)" for w in sorted(_ABBREVIATIONS) if w.isalpha())
    + r"(?=\x20[A-Z]))"
)
#: the punctuation alternative, tried first for such a full stop: same match (the dot), its
#: own kind "sure"
_BOUNDARY = re.compile(r"[.!?\u2026\n](?:" + _SURE_END + "(?P<sure>)|" + _BOUNDARY_REST + ")", re.X)
#: the same for a text without "!", "?", "\u2026" and newlines: every match opens with a dot,
#: a literal the regex engine finds faster than a class
_BOUNDARY_DOT = re.compile(r"\.(?:" + _SURE_END + "(?P<sure>)|" + _BOUNDARY_REST + ")", re.X)
_NONSPACE = re.compile(r"\S")
_TOKEN_BEFORE = re.compile(r"[A-Za-z.]{1,30}$")  # the specification; _is_abbreviation_dot strips instead
_TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz."
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\W*$")
_INITIALS = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]|[A-Z]")
_LIST_ITEM = re.compile(r"(?:[-*+\u2022\u25e6>#]|\d{1,3}[.)])\s")
_HEADING_MAX = 60


def _is_abbreviation_dot(text: str, dot: int, nxt: str) -> bool:
    """Whether the ``.`` at ``dot`` belongs to an abbreviation, initial or "U.S."."""
    lo = max(0, dot - 30)
    seg = text[lo:dot].removesuffix("\n")  # ``$`` of _TOKEN_BEFORE also matches before a final newline
    raw = seg[len(seg.rstrip(_TOKEN_CHARS)) :]  # = _TOKEN_BEFORE.search(text, lo, dot).group()
    if not raw:
        return False
    raw_start = lo + len(seg) - len(raw)
    token = raw.lstrip(".")
    if not token:
        return False
    if len(token) > _ABBREVIATION_MAX and "." not in token:
        return False  # a plain word longer than any listed abbreviation, not initials
    low = token.lower()
    if low in _ABBREVIATIONS and not (token.isupper() and len(token) > 1):
        return True  # "Ms.", "Dr."; an acronym ("... progressive MS.") ends a sentence
    if low in _ABBREVIATIONS_BEFORE_NUMBER and nxt.isdigit():
        return True
    # a full match has a dot ("U.S") or is one capital: test that first, in C
    if ("." in token or len(token) == 1) and _INITIALS.fullmatch(token):
        if "." in token:  # "U.S", "e.g", "J.R" (letters joined by dots)
            return True
        # a single capital: an initial ("J. Smith"), unless it names something ("vitamin D.")
        w = _WORD_BEFORE.search(text, max(0, raw_start - 30), raw_start)
        return not (w is not None and w.group(1).lower() in _LETTER_NAMES)
    return False


def _ends_sentence(text: str, start: int, end: int) -> bool:
    """Whether punctuation ``text[start:end]`` (followed by space or end) ends a sentence."""
    nxt = text[end + 1 : end + 2]  # usually one space, then the next sentence
    if not nxt or nxt.isspace():
        m = _NONSPACE.search(text, end)
        if m is None:
            return True
        nxt = m.group()
    if nxt.islower():
        return False
    if text[start] == "." and (end - start == 1 or text[start + 1] in _CLOSERS):
        if start > _ABBREVIATION_MAX:
            word = text[start - _ABBREVIATION_MAX - 1 : start]
            if word.isalpha() and word.isascii():
                return True  # after a word longer than any abbreviation: _is_abbreviation_dot is False
        return not _is_abbreviation_dot(text, start, nxt)
    return True


def _line_break_ends_sentence(text: str, line_start: int, nl: int) -> bool:
    """Whether a single newline ends a sentence (heading, list item, post boundary)."""
    prev = text[line_start:nl].strip()
    if not prev:
        return True
    m = _NONSPACE.search(text, nl + 1)
    if m is None:
        return True
    line_end = text.find("\n", m.start())
    nxt = text[m.start() : line_end if line_end >= 0 else len(text)]
    if _LIST_ITEM.match(nxt + " ") or prev.startswith("#"):
        return True
    if _LIST_ITEM.match(prev + " ") and not nxt[:1].islower():
        return True
    if prev[-1] in ",;-\u2013(" or not (nxt[0].isupper() or nxt[0].isdigit()):
        return False
    return len(prev) <= _HEADING_MAX


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) character spans of the sentences of ``text``.

    Spans are ordered, do not overlap, are trimmed of whitespace, and together cover every
    non-space character.

    >>> t = "Dr. Smith gave approx. 52.5x106 cells, i.e. a lot. It worked."
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['Dr. Smith gave approx. 52.5x106 cells, i.e. a lot.', 'It worked.']
    """
    cuts: list[int] = []
    line_start = 0
    other_marks = "\n" in text or "?" in text or "!" in text or "\u2026" in text  # C substring tests
    for m in (_BOUNDARY if other_marks else _BOUNDARY_DOT).finditer(text):
        kind = m.lastgroup
        if kind == "sure":
            cuts.append(m.end())
        elif kind == "punct":
            if _ends_sentence(text, m.start(), m.end()):
                cuts.append(m.end())
        elif kind == "glued":
            if text[m.start()] != "." or not _is_abbreviation_dot(text, m.start(), text[m.end()]):
                cuts.append(m.end())
        elif kind == "para":
            cuts.append(m.start())
            line_start = m.end()
        else:  # single newline
            if _line_break_ends_sentence(text, line_start, m.start()):
                cuts.append(m.start())
            line_start = m.end()
    cuts.append(len(text))
    spans: list[tuple[int, int]] = []
    s = 0
    for e in cuts:
        if e <= s:
            continue
        a, b = s, e
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            spans.append((a, b))
        s = e
    return spans


# ---------------------------------------------------------------------------------------
# abbreviations (Schwartz & Hearst)

_PAREN = re.compile(r"\(([^()\n]{1,150})\)")
#: Where a long-form candidate may not reach back across.
#: ``[;:!?\n()\[\]]|\.\s`` written to open with one character class, which the regex
#: engine scans for fast (same matches).
_CLAUSE_BREAK = re.compile(r"[.;:!?\n()\[\]](?:(?<=\.)\s|(?<!\.))")  # the specification
#: the last match of :data:`_CLAUSE_BREAK` in a window (the greedy ``.*`` backtracks from its end)
_LAST_CLAUSE_BREAK = re.compile(r"(?s:.*)" + _CLAUSE_BREAK.pattern)
_LOOKBACK = 200
_WORD_BEFORE_PAREN = re.compile(r"(\S+)\s*$")  # the specification; find_abbreviations uses str methods


_ASCII_DIGIT = re.compile(r"[0-9]")


def _valid_short(short: str) -> bool:
    if not 2 <= len(short) <= 10 or len(short.split()) > 2:
        return False
    if not short[0].isalnum():
        return False
    if short.isascii():  # the usual case, by str methods in C: a letter is what case mapping changes
        low = short.lower()
        if low == short.upper():
            return False  # no letter
        return low != short or _ASCII_DIGIT.search(short) is not None  # an upper-case letter or a digit
    if not any(c.isalpha() for c in short):
        return False
    # all-lowercase words in brackets are glosses ("(see)"), not abbreviations
    return any(c.isupper() or c.isdigit() for c in short)


def _best_long_form(short: str, long: str) -> int | None:
    """Start index in ``long`` of the shortest suffix that spells ``short`` (S&H, fig. 2)."""
    if short.isascii() and long.isascii():
        return _best_long_form_ascii(short, long)
    s_i = len(short) - 1
    l_i = len(long) - 1
    while s_i >= 0:
        c = short[s_i].lower()
        if not c.isalnum():
            s_i -= 1
            continue
        while l_i >= 0 and (
            long[l_i].lower() != c or (s_i == 0 and l_i > 0 and long[l_i - 1].isalnum())
        ):
            l_i -= 1
        if l_i < 0:
            return None
        l_i -= 1
        s_i -= 1
    start = l_i + 1
    # extend to the start of the word the first character sits in
    while start > 0 and not long[start - 1].isspace():
        start -= 1
    return start


def _best_long_form_ascii(short: str, long: str) -> int | None:
    """:func:`_best_long_form` for ASCII text: each letter found by ``rfind`` in C."""
    low = long.lower()  # ASCII: one character for one, so indices agree with ``long``
    end = len(long)  # the next letter is looked for in low[:end]
    for s_i in range(len(short) - 1, -1, -1):
        c = short[s_i].lower()
        if not c.isalnum():
            continue
        j = low.rfind(c, 0, end)
        if s_i == 0:  # the first letter must start a word
            while j > 0 and long[j - 1].isalnum():
                j = low.rfind(c, 0, j)
        if j < 0:
            return None
        end = j
    start = end
    # extend to the start of the word the first character sits in
    while start > 0 and not long[start - 1].isspace():
        start -= 1
    return start


_WORD_PART = re.compile(r"[^\s\-\u2010-\u2015/]+")  # the specification
_TAIL_PATTERNS: list[re.Pattern[str]] = []


def _tail_pattern(k: int) -> re.Pattern[str]:
    """The first ``k`` :data:`_WORD_PART` runs of a text, one group each, matched from its start:
    what ``islice(_WORD_PART.finditer(text), k)`` finds (when there are ``k``)."""
    while len(_TAIL_PATTERNS) < k:
        n = len(_TAIL_PATTERNS)
        part, sep = r"([^\s\-\u2010-\u2015/]+)", r"[\s\-\u2010-\u2015/]"
        _TAIL_PATTERNS.append(re.compile(sep + "*" + part + (sep + "+" + part) * n))
    return _TAIL_PATTERNS[k - 1]


def _initials_long_form(short: str, long: str) -> int | None:
    """Start of the last words of ``long`` whose initials spell ``short`` ("multiple myeloma")."""
    core = short[:-1] if len(short) > 2 and short[-1] == "s" and short[:-1].isupper() else short
    if not core.isalpha():
        return None
    letters = list(core.lower()) if core.isascii() else [c.lower() for c in core]
    k = len(letters)
    # only the last k word parts of the window count: read them off the reversed window
    # (a symmetric character class: the same runs, backwards), not every part of it
    lo = max(0, len(long) - 40 * k)
    tail = _tail_pattern(k).match(long[lo:][::-1])
    if tail is None:
        return None
    if [p[-1].lower() for p in reversed(tail.groups())] != letters:
        return None
    start = len(long) - tail.end()
    return start if start == 0 or long[start - 1].isspace() else None


def _match(short: str, short_start: int, long: str, long_offset: int) -> Abbreviation | None:
    short = short.strip()
    if not _valid_short(short):
        return None
    return _match_valid(short, short_start, long, long_offset)


def _match_valid(short: str, short_start: int, long: str, long_offset: int) -> Abbreviation | None:
    """:func:`_match` of a stripped short form that passed :func:`_valid_short`."""
    long = long.rstrip()
    start = _initials_long_form(short, long)
    if start is None:
        start = _best_long_form(short, long)
    if start is None:
        return None
    cand = long[start:]
    n_words = len(cand.split())
    if len(cand) <= len(short) or n_words > min(len(short) + 5, len(short) * 2):
        return None
    if short.lower() in cand.lower().split():
        return None
    return Abbreviation(short=short, long=cand, short_start=short_start, long_start=long_offset + start)


def find_abbreviations(text: str) -> list[Abbreviation]:
    """Abbreviations defined in ``text``: ``long form (SF)`` and ``SF (long form)``.

    >>> [(a.short, a.long) for a in find_abbreviations("systemic lupus erythematosus (SLE)")]
    [('SLE', 'systemic lupus erythematosus')]
    """
    found: list[Abbreviation] = []
    for m in _PAREN.finditer(text):
        inside_start = m.start(1)
        inside = m.group(1)
        # "(SLE; n = 12)", "(SLE, ref 3)": the short form is the first part
        semi, comma = inside.find(";"), inside.find(", ")
        cut = comma if semi < 0 else semi if comma < 0 else min(semi, comma)
        first = inside[:cut] if cut >= 0 else inside
        first_words = len(first.split())
        short = first.strip()
        short_ok = first_words <= 2 and _valid_short(short)  # else _match(first, ...) is None
        reverse = first_words > 2 or len(inside.split()) > 2
        if not (short_ok or reverse):
            continue  # neither reading can match: no need for the window
        paren = m.start()
        if not short_ok:
            # reversed only: its short form is (a suffix of) the word before the bracket; all
            # lower-case letters, that word can hold no valid short form (_valid_short wants an
            # upper-case letter or a digit), whatever the window
            near = text[max(0, paren - 40) : paren].rstrip().rsplit(None, 1)
            if near and (len(near) == 2 or paren <= 40) and near[-1].isalpha() and near[-1].islower():
                continue
        # the end of the last _CLAUSE_BREAK match before the bracket (0: none) that can
        # matter, i.e. ends at or after paren - _LOOKBACK: searched in that window only
        brk = _LAST_CLAUSE_BREAK.match(text, max(0, paren - _LOOKBACK - 2), paren)
        last_break = 0 if brk is None else brk.end()
        window_start = max(last_break, paren - _LOOKBACK)
        before = text[window_start:paren]
        abbr: Abbreviation | None = None
        if short_ok:
            lead = len(first) - len(first.lstrip())
            abbr = _match_valid(short, inside_start + lead, before, window_start)
        if abbr is None and reverse:
            # reversed: "SLE (systemic lupus erythematosus)"
            stripped = before.rstrip()
            if stripped:  # its last token: what _WORD_BEFORE_PAREN finds, without the regex backtracking
                word = stripped.rsplit(None, 1)[-1]
                short = word.strip("\"'\u201c\u201d")
                offset = window_start + len(stripped) - len(word) + word.find(short)
                long = first if first_words > 2 else inside
                lw = len(long) - len(long.lstrip())
                abbr = _match(short, offset, long.lstrip(), inside_start + lw)
        if abbr is not None:
            found.append(abbr)
    return found
