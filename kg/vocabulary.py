"""The curated vocabulary (lexicon): entities per node type, their surface forms, and matching rules.

The shipped TSVs live in ``ontologies/`` (installed as package ``kg.data``); one file per
node type (``cell_types.tsv``, ``antigens.tsv``, ``drugs.tsv``, ``diseases.tsv``) with the
columns ``id  label  synonyms  xrefs`` (``synonyms``/``xrefs`` ``|``-separated) and
optional ``flags`` and ``case_sensitive`` columns (the latter lists names, such as gene
symbols that spell words, that match only in their own case, whatever their length). ``entity_rules.tsv`` holds the ambiguity rules: short forms that
need document context (``context``) and phrases that block a match (``stop``).

Terms are compared after :func:`normalize_term`: case folding, Greek letters and accents
to Latin, and every run of non-alphanumeric characters (hyphens, slashes, brackets,
line breaks) to one space, so "CAR-T", "CAR T" and "(CAR) T" are the same key.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from kg.errors import VocabularyError
from kg.identifiers import KNOWN_PREFIXES, normalize_prefix
from kg.model import Entity, NodeType

__all__ = [
    "ContextRule",
    "TYPE_FILES",
    "TermInfo",
    "Vocabulary",
    "fold_text",
    "is_case_sensitive",
    "load_vocabulary",
    "normalize_term",
    "plural_variants",
]

TYPE_FILES: dict[str, NodeType] = {
    "cell_types.tsv": NodeType.CELL_TYPE,
    "antigens.tsv": NodeType.ANTIGEN,
    "drugs.tsv": NodeType.DRUG,
    "diseases.tsv": NodeType.DISEASE,
}
RULES_FILE = "entity_rules.tsv"
REQUIRED_COLUMNS = ("id", "label", "synonyms", "xrefs")

# Greek letters, accents, typographic signs: one character in, one character out, so
# that normalising a document keeps its offsets (see kg.extract.entities).
_ONE_TO_ONE = str.maketrans(
    {
        "α": "a", "β": "b", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "h", "θ": "q",
        "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "π": "p", "ρ": "r", "σ": "s",
        "τ": "t", "φ": "f", "χ": "c", "ψ": "y", "ω": "w",
        "Α": "A", "Β": "B", "Γ": "G", "Δ": "D", "Ε": "E", "Κ": "K", "Λ": "L",
        "á": "a", "à": "a", "â": "a", "ä": "a", "ã": "a", "å": "a", "é": "e", "è": "e",
        "ê": "e", "ë": "e", "í": "i", "ì": "i", "î": "i", "ï": "i", "ó": "o", "ò": "o",
        "ô": "o", "ö": "o", "õ": "o", "ø": "o", "ú": "u", "ù": "u", "û": "u", "ü": "u",
        "ñ": "n", "ç": "c", "Ö": "O", "Ü": "U", "Ä": "A", "É": "E",
    }
)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# ASCII bytes: letters (lower-cased or kept), digits kept, everything else a space
_FOLD_BYTES = bytes(c if chr(c).isalnum() else 32 for c in range(256)).lower()
_KEEP_BYTES = bytes(c if chr(c).isalnum() else 32 for c in range(256))


def _ascii_char(m: re.Match[str]) -> str:
    """One ASCII character for one non-ASCII character (so offsets are kept)."""
    c = m.group()
    mapped = _ONE_TO_ONE.get(ord(c))
    if mapped is not None:
        return str(mapped)
    return "q" if c.isalnum() else " "  # other letters/digits stay word characters


_CURIE = re.compile(r"^[A-Za-z][A-Za-z0-9.]*:[^\s|:][^\s|]*$")


def fold_text(text: str, *, fold_case: bool = True) -> str:
    """Length-preserving ASCII normalisation: Greek/accents to Latin, lower case, non-alphanumerics to spaces.

    Every character becomes exactly one character, so offsets into the result are offsets
    into ``text``; non-ASCII letters without a Latin equivalent become ``q``.

    >>> fold_text("IL13Rα2-CAR (T)")
    'il13ra2 car  t '
    >>> fold_text("Sjögren’s", fold_case=False)
    'Sjogren s'
    """
    if not text.isascii():
        text = _NON_ASCII.sub(_ascii_char, text)
    return text.encode("ascii").translate(_FOLD_BYTES if fold_case else _KEEP_BYTES).decode("ascii")


def normalize_term(term: str, *, fold_case: bool = True) -> str:
    """The key a surface form is matched by.

    >>> normalize_term("Chimeric Antigen Receptor T (CAR- T) Therapy")
    'chimeric antigen receptor t car t therapy'
    >>> normalize_term("ME/CFS") == normalize_term("ME CFS")
    True
    """
    return " ".join(fold_text(term, fold_case=fold_case).split())


def plural_variants(term: str) -> list[str]:
    """Plural forms of a term's last word (normalised terms or case-preserved short forms).

    >>> plural_variants("b cell")
    ['b cells']
    >>> plural_variants("LLPC")
    ['LLPCs']
    >>> plural_variants("autoimmune disease")
    ['autoimmune diseases']
    """
    last = term.rsplit(" ", 1)[-1]
    if not last or not last.isalpha():
        return []
    if last.isupper() and len(last) <= 6:
        return [term + "s"]
    if len(last) < 4 or last.endswith(("s", "ous", "um")):
        return []
    if last.endswith("y") and last[-2:-1] not in "aeiou":
        return [term[:-1] + "ies"]
    if last.endswith(("x", "ch", "sh")):
        return [term + "es"]
    return [term + "s"]


_SPELLINGS = (
    (re.compile(r"(?<![a-z])haem(?=[a-z])"), "hem"),
    (re.compile(r"(?<![a-z])hem(?=at|o|ol)"), "haem"),
    (re.compile(r"aemia(?![a-z])"), "emia"),
    (re.compile(r"(?<![a-z])(leuk|an)emia(?![a-z])"), r"\1aemia"),
    (re.compile(r"tumour"), "tumor"),
    (re.compile(r"tumor(?!u)"), "tumour"),
    (re.compile(r"(?<![a-z])oesophag"), "esophag"),
    (re.compile(r"(?<![a-z])esophag"), "oesophag"),
    (re.compile(r"(?<![a-z])paediatric"), "pediatric"),
    (re.compile(r"(?<![a-z])pediatric"), "paediatric"),
)


def spelling_variants(term: str) -> list[str]:
    """British/American spellings of a normalised term ("leukaemia", "haematopoietic", "tumour").

    >>> spelling_variants("chronic lymphocytic leukemia")
    ['chronic lymphocytic leukaemia']
    >>> spelling_variants("haematopoietic stem cell")
    ['hematopoietic stem cell']
    >>> spelling_variants("b cell")
    []
    """
    out = []
    for pattern, repl in _SPELLINGS:
        variant = pattern.sub(repl, term)
        if variant != term and variant not in out:
            out.append(variant)
    return out


def is_case_sensitive(surface: str) -> bool:
    """Short symbols ("MS", "CD19", "FcRn", "C5") match only in their own case; "Lupus" does not count.

    >>> [is_case_sensitive(s) for s in ("MS", "CD19", "FcRn", "C5", "Lupus", "Treg", "rituximab")]
    [True, True, True, True, False, False, False]
    """
    if len(surface) > 5:
        return False
    upper = sum(c.isupper() for c in surface)
    return upper >= 2 or (upper == 1 and any(c.isdigit() for c in surface))


@dataclass(frozen=True, slots=True)
class TermInfo:
    """What one normalised key stands for.

    ``entity_id`` is empty for a stop phrase. ``exact`` holds case-preserved forms when the
    key must match in its own case; ``None`` means case-insensitive.
    """

    entity_id: str
    exact: frozenset[str] | None = None
    context: bool = False


@dataclass(frozen=True, slots=True)
class ContextRule:
    """A short form that needs support in the document: its definition, a long form, or a cue."""

    term: str
    entity_id: str
    cues: re.Pattern[str]


@dataclass(frozen=True)
class Vocabulary:
    """Entities by id, an index from normalised term to :class:`TermInfo`, and the rules.

    ``version`` is a hash of every file read (use it in cache keys).
    """

    entities: Mapping[str, Entity]
    terms: Mapping[str, tuple[TermInfo, ...]]
    context_rules: Mapping[str, tuple[ContextRule, ...]]
    flags: Mapping[str, frozenset[str]]
    version: str
    sources: tuple[str, ...] = ()
    _automaton: list[object] = field(default_factory=list, repr=False, compare=False)
    _named: dict[str, tuple[frozenset[str], Entity]] = field(default_factory=dict, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.entities)

    def get(self, entity_id: str) -> Entity | None:
        return self.entities.get(entity_id)

    def lookup(self, term: str) -> list[str]:
        """Ids a surface form maps to (case-insensitive; context-only forms included)."""
        return sorted({t.entity_id for t in self.terms.get(normalize_term(term), ()) if t.entity_id})

    def has_flag(self, entity_id: str, flag: str) -> bool:
        return flag in self.flags.get(entity_id, frozenset())

    def named_entity(self, entity_id: str) -> tuple[frozenset[str], Entity]:
        """An entity's names (label and synonyms), and the entity as a document reports it when
        read under those names only: its synonyms sorted, without the label (built once)."""
        got = self._named.get(entity_id)
        if got is None:
            ent = self.entities[entity_id]
            forms = tuple(sorted(set(ent.synonyms) - {ent.label}))
            got = (frozenset(ent.synonyms) | {ent.label}, Entity(ent.id, ent.label, ent.type, forms, ent.xrefs))
            self._named[entity_id] = got
        return got

    def automaton(self) -> object:
        """The Aho–Corasick automaton over ``" " + key + " "`` (built once, lazily).

        Values are ``(key, infos, case_checked, antigen, True)``. Antigen keys are also
        added as ``" " + key`` with the value ending in ``False``: their hits inside a
        token ("CD19pos", "BCMAxCD3"); no other key can be used there, so a search never
        reports the many words that merely start with a key.
        """
        if not self._automaton:
            import ahocorasick

            auto = ahocorasick.Automaton()
            for key, infos in self.terms.items():
                case_checked = any(i.exact is not None for i in infos)
                antigen = any(
                    i.entity_id and self.entities[i.entity_id].type is NodeType.ANTIGEN for i in infos
                )
                auto.add_word(" " + key + " ", (key, infos, case_checked, antigen, True))
                if antigen:
                    auto.add_word(" " + key, (key, infos, case_checked, antigen, False))
            auto.make_automaton()
            self._automaton.append(auto)
        return self._automaton[0]


@dataclass
class _Row:
    id: str
    label: str
    synonyms: list[str]
    xrefs: list[str]
    flags: set[str]
    type: NodeType
    where: str
    cased: frozenset[str] = frozenset()  # names that match in their own case only (column ``case_sensitive``)


def _check_curie(value: str, path: str, line: int, what: str) -> str:
    if not _CURIE.match(value):
        raise VocabularyError(f"malformed CURIE {value!r} in column {what}", path=path, line=line)
    try:
        return normalize_prefix(value)
    except ValueError:
        raise VocabularyError(
            f"unknown prefix in {value!r} (known: {', '.join(sorted(KNOWN_PREFIXES))})", path=path, line=line
        ) from None


def _read_tsv(text: str, path: str, node_type: NodeType) -> list[_Row]:
    lines = text.splitlines()
    if not lines:
        raise VocabularyError("empty vocabulary file (expected a header)", path=path, line=1)
    header = lines[0].split("\t")
    if tuple(h.strip() for h in header[:4]) != REQUIRED_COLUMNS:
        raise VocabularyError(
            f"bad header {lines[0]!r}: expected columns {', '.join(REQUIRED_COLUMNS)} first", path=path, line=1
        )
    flag_col = header.index("flags") if "flags" in header else None
    case_col = header.index("case_sensitive") if "case_sensitive" in header else None
    rows: list[_Row] = []
    seen: dict[str, int] = {}
    for n, raw in enumerate(lines[1:], start=2):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        if len(cells) < 2 or len(cells) > len(header):
            raise VocabularyError(f"expected {len(header)} tab-separated columns, got {len(cells)}", path=path, line=n)
        cells += [""] * (len(header) - len(cells))
        ident = _check_curie(cells[0].strip(), path, n, "id")
        label = cells[1].strip()
        if not label:
            raise VocabularyError(f"empty label for {ident}", path=path, line=n)
        if ident in seen:
            raise VocabularyError(f"duplicate id {ident} (first on line {seen[ident]})", path=path, line=n)
        seen[ident] = n
        synonyms = [s.strip() for s in cells[2].split("|") if s.strip()]
        xrefs = [_check_curie(x.strip(), path, n, "xrefs") for x in cells[3].split("|") if x.strip()]
        flags = {f.strip() for f in cells[flag_col].split("|") if f.strip()} if flag_col is not None else set()
        cased = frozenset(s.strip() for s in cells[case_col].split("|") if s.strip()) if case_col is not None else frozenset()
        rows.append(_Row(ident, label, synonyms, xrefs, flags, node_type, f"{path}:{n}", cased))
    return rows


def _read_rules(text: str, path: str) -> tuple[list[tuple[str, str, str]], list[str]]:
    context: list[tuple[str, str, str]] = []
    stops: list[str] = []
    for n, raw in enumerate(text.splitlines(), start=1):
        if n == 1 or not raw.strip() or raw.startswith("#"):
            continue
        cells = (raw.split("\t") + ["", "", "", ""])[:4]
        kind, term, ident, cues = (c.strip() for c in cells)
        if kind == "stop" and term:
            stops.append(term)
        elif kind == "context" and term and ident:
            try:
                re.compile(cues)
            except re.error as exc:
                raise VocabularyError(f"bad cue pattern {cues!r}: {exc}", path=path, line=n) from None
            context.append((term, _check_curie(ident, path, n, "id"), cues))
        else:
            raise VocabularyError(f"expected 'context TERM ID CUES' or 'stop PHRASE', got {raw!r}", path=path, line=n)
    return context, stops


def _build(files: Iterable[tuple[str, str, NodeType | None]]) -> Vocabulary:
    """Merge (path, text, type) files in order; later rows with an existing id replace it."""
    rows: dict[str, _Row] = {}
    context: list[tuple[str, str, str]] = []
    stops: list[str] = []
    digest = hashlib.sha256()
    sources: list[str] = []
    for path, text, node_type in files:
        digest.update(Path(path).name.encode() + b"\0" + text.encode("utf-8") + b"\0")
        sources.append(path)
        if node_type is None:
            c, s = _read_rules(text, path)
            context += c
            stops += s
            continue
        for row in _read_tsv(text, path, node_type):
            old = rows.get(row.id)
            if old is not None and old.type is not row.type:
                raise VocabularyError(
                    f"{row.id} is a {row.type.value} here but a {old.type.value} in {old.where}",
                    path=path, line=int(row.where.rsplit(":", 1)[1]),
                )
            rows[row.id] = row
    for term, ident, _ in context:
        if ident not in rows:
            raise VocabularyError(f"context rule for {term!r} names unknown id {ident}", path=RULES_FILE)

    entities = {
        r.id: Entity(id=r.id, label=r.label, type=r.type, synonyms=tuple(r.synonyms), xrefs=tuple(r.xrefs))
        for r in rows.values()
    }
    context_terms = {t for t, _, _ in context}
    index: dict[str, dict[tuple[str, bool], set[str] | None]] = {}

    def add(key: str, ident: str, exact: str | None, ctx: bool) -> None:
        slot = index.setdefault(key, {})
        k = (ident, ctx)
        if exact is None:
            slot[k] = None
        elif k not in slot:
            slot[k] = {exact}
        elif slot[k] is not None:
            slot[k].add(exact)  # type: ignore[union-attr]

    for r in rows.values():
        for surface in (r.label, *r.synonyms):
            if surface in context_terms:
                continue  # only through its context rule
            key = normalize_term(surface)
            if not key:
                continue
            if surface in r.cased or is_case_sensitive(surface):
                exact = normalize_term(surface, fold_case=False)
                for form in (exact, *plural_variants(exact)):
                    add(normalize_term(form), r.id, form, False)
            else:
                for spelled in (key, *spelling_variants(key)):
                    for form in (spelled, *plural_variants(spelled)):
                        add(form, r.id, None, False)
    for term, ident, _ in context:
        exact = normalize_term(term, fold_case=False)
        add(normalize_term(term), ident, exact, True)
    for phrase in stops:
        key = normalize_term(phrase)
        for form in (key, *plural_variants(key)):
            add(form, "", None, False)

    terms = {
        key: tuple(
            sorted(
                (TermInfo(ident, None if ex is None else frozenset(ex), ctx) for (ident, ctx), ex in slot.items()),
                key=lambda t: (t.entity_id, t.context),
            )
        )
        for key, slot in index.items()
    }
    rules: dict[str, list[ContextRule]] = {}
    for term, ident, cues in context:
        rules.setdefault(term, []).append(ContextRule(term, ident, re.compile(cues, re.I) if cues else re.compile(r"(?!)")))
    return Vocabulary(
        entities=entities,
        terms=terms,
        context_rules={k: tuple(v) for k, v in rules.items()},
        flags={r.id: frozenset(r.flags) for r in rows.values() if r.flags},
        version=digest.hexdigest()[:16],
        sources=tuple(sources),
    )


def _shipped_files() -> list[tuple[str, str, NodeType | None]]:
    from importlib.resources import files

    root = files("kg.data")
    out: list[tuple[str, str, NodeType | None]] = []
    for name, node_type in TYPE_FILES.items():
        res = root / name
        out.append((f"kg.data/{name}", res.read_text(encoding="utf-8"), node_type))
    rules = root / RULES_FILE
    if rules.is_file():
        out.append((f"kg.data/{RULES_FILE}", rules.read_text(encoding="utf-8"), None))
    return out


def _dir_files(directory: Path) -> list[tuple[str, str, NodeType | None]]:
    if not directory.is_dir():
        raise VocabularyError("vocabulary folder not found", path=str(directory))
    out: list[tuple[str, str, NodeType | None]] = []
    names = [n for n in (*TYPE_FILES, RULES_FILE) if (directory / n).is_file()]
    if not names:
        raise VocabularyError(
            f"no vocabulary files (expected one of {', '.join((*TYPE_FILES, RULES_FILE))})", path=str(directory)
        )
    for name in names:
        path = directory / name
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise VocabularyError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", path=str(path)) from None
        out.append((str(path), text, TYPE_FILES.get(name)))
    return out


@cache
def _shipped() -> Vocabulary:
    return _build(_shipped_files())


@cache
def _with_extra(dirs: tuple[str, ...]) -> Vocabulary:
    files = _shipped_files()
    for d in dirs:
        files += _dir_files(Path(d))
    return _build(files)


def load_vocabulary(extra_dirs: Sequence[str | Path] = ()) -> Vocabulary:
    """The shipped vocabulary, with the TSVs of ``extra_dirs`` merged on top (cached).

    Extra folders hold files named like the shipped ones (``drugs.tsv`` ...); a row whose id
    is already known replaces the shipped row (same type required).

    :raises VocabularyError: a malformed file (bad header, duplicate id, bad CURIE, unknown prefix).
    """
    if not extra_dirs:
        return _shipped()
    return _with_extra(tuple(str(Path(d).resolve()) for d in extra_dirs))
