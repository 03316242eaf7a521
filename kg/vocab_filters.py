"""Ambiguity filters for big vocabularies, applied when a vocabulary is imported.

A full ontology brings names a curated list does not: common English words that are gene
symbols, one- and two-letter synonyms, broad names ("disease", "inhibitor"), compositional
names ("cisplatin-induced nephrotoxicity"), names shared by several terms, and short
abbreviations that mean different things in different papers. :func:`apply_filters`
drops or marks them by the rules of a :class:`FilterPolicy` (each rule can be switched off;
``benchmarks/peer_corpora.py --ablation`` shows what each one is worth), and
:func:`iter_context_abbreviations` turns short upper-case forms into context rules
(``entity_rules.tsv``: they match only where the document defines them or names the same
concept otherwise).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.vocab_import import VocabRow

__all__ = [
    "ACRONYM_STOP",
    "BROAD_NAMES",
    "DEFAULT_POLICY",
    "STOP_WORDS",
    "FilterPolicy",
    "apply_filters",
    "is_abbreviation",
    "iter_context_abbreviations",
    "looks_like_symbol",
]

#: common English words (lower case) that are also gene symbols, drug or disease synonyms;
#: a name equal to one of these (case-insensitively) is dropped unless case-sensitive and
#: written differently from the word (e.g. ``SET`` stays as a symbol, ``set`` does not match it).
STOP_WORDS = frozenset(
    """a about ace act aid aim air all also am an and any are arm art as at bad bag ban bar bat be
    bed best big bit blast can cap car care cast cat cell cells chip clock coil come cop cot cry
    damage day did do dock dot each early end era fact far fat feel few fig fix for fox fun gap gas
    get go golf had has he her hid him his hit hole hop host hot how ice if impact in is it its
    jet key kit lab lag large last led let lid like lime long low mad man map mark mask max may me
    men met mice min mix mod mol mole mount my nail net new nice nor not now of off oil ok old on
    once one or out pace pan par pass pat peak per pet pick pig pin pit plan pole pot pro put ran
    rat raw ray red rest rib rich ring rod sad said sat saw say sea see set she ship shot sick
    sign sir six ski sky son spin spot stop sun tab tag tan tap tar tea ten than that the then
    this tin tip to top toy trap try two type up us use van via wake walk war was way we well
    were wet who why wig win with yes yet you zip
    normal total control controls patient patients case cases study results level levels
    rate growth factor factors protein proteins gene genes treatment therapy drug drugs agent impact
    agents compound compounds acid water salt lead solution mixture rabbit date retinal""".split()  # noqa: SIM905
)

#: acronyms of methods and statistics that are also alias symbols of genes: dropped in
#: any case ("CI" is a confidence interval far more often than a gene)
ACRONYM_STOP = frozenset({"ci", "ko", "tc", "hi", "fed", "fish", "sds", "ogd", "or", "hr", "sd", "se"})

#: names too broad to ground (labels too): a bare 'disease' or 'inhibitor' is no concept
BROAD_NAMES = frozenset(
    """disease diseases disorder disorders condition conditions syndrome syndromes illness illnesses
    sickness abnormality abnormalities anomaly anomalies defect defects injury injuries death deaths
    emergency emergencies recurrence complication complications symptom symptoms weight
    drug drugs medicine medicines medication medications agent agents chemical chemicals compound
    compounds substance substances lipid lipids enzyme enzymes protein proteins peptide peptides
    antibody antibodies hormone hormones metabolite metabolites inhibitor inhibitors antagonist
    antagonists agonist agonists ion ions electron electrons group groups role roles cell cells
    solution solutions mixture
    nucleotide nucleotides codon codons mrna mrnas""".split()  # noqa: SIM905
) | {"body weight", "oxidative stress", "amino acid", "amino acids", "untranslated region"}


@dataclass(frozen=True, slots=True)
class FilterPolicy:
    """The ambiguity filters applied at import time (each one can be switched off).

    :param min_length: names shorter than this are dropped (case-sensitive symbols may be
        one shorter).
    :param stop_words: drop names equal to a common English word (:data:`STOP_WORDS`).
    :param broad: drop names in :data:`BROAD_NAMES` (too generic to ground; a term left
        without names is dropped).
    :param induced: drop compositional names "<chemical>-induced <disease>": the chemical and
        the disease are found on their own, and the ``causes`` rules link them.
    :param ambiguous: a name claimed by several terms goes to the one it labels, else to the
        one with the most authoritative prefix; when that is not a single term, a symbol-like
        name is dropped and any other goes to the smallest id.
    :param abbreviations: short upper-case forms ("MS", "PD") of diseases and drugs become
        context rules (matched where the document defines them or names the concept).
    :param case_symbols: mark symbol-like names (``CD19``, ``TNF``, ``IL-6``) case-sensitive.
    """

    min_length: int = 3
    stop_words: bool = True
    broad: bool = True
    induced: bool = True
    ambiguous: bool = True
    abbreviations: bool = True
    case_symbols: bool = True
    extra_stop_words: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def none(cls) -> FilterPolicy:
        """No filtering at all (for benchmarks)."""
        return cls(min_length=1, stop_words=False, broad=False, induced=False, ambiguous=False,
                   abbreviations=False, case_symbols=False)


#: the filters ``kg vocab import`` applies unless told ``--no-filters``
DEFAULT_POLICY = FilterPolicy()


def looks_like_symbol(name: str) -> bool:
    """True for gene-symbol / abbreviation-like names that should match case-sensitively.

    >>> [looks_like_symbol(n) for n in ("CD19", "TNF", "IL-6", "B cell", "Rituximab", "pH")]
    [True, True, True, False, False, True]
    """
    if " " in name or len(name) > 10:
        return False
    upper_or_digit = sum(1 for c in name if c.isupper() or c.isdigit())
    inner_upper = any(c.isupper() for c in name[1:])
    return upper_or_digit >= 2 or inner_upper or (len(name) <= 4 and any(c.isdigit() for c in name))


def is_abbreviation(name: str) -> bool:
    """Upper-case letters and digits, 2-5 characters, at least one letter ("MS", "PD", "5FU").

    >>> [is_abbreviation(n) for n in ("MS", "5-FU", "PAN", "Ca", "ALS2", "B")]
    [True, False, True, False, True, False]
    """
    return bool(re.fullmatch(r"[A-Z0-9]{2,5}", name)) and any(c.isalpha() for c in name)


def iter_context_abbreviations(rows: Iterable[VocabRow]) -> Iterator[tuple[str, str]]:
    """(abbreviation, id) for every abbreviation-like name of ``rows``: they become
    ``context`` rules, matched only where the document supports them."""
    for r in rows:
        for n in r.names():
            if is_abbreviation(n):
                yield n, r.id


_INDUCED = re.compile(r"\S[- ](?:induced|associated|related)\b", re.IGNORECASE)


def apply_filters(rows: Iterable[VocabRow], policy: FilterPolicy | None = None,
                  *, symbols_case_sensitive: bool = False, priority: Sequence[str] = ()) -> list[VocabRow]:
    """Drop noisy names and mark case-sensitive ones (see :class:`FilterPolicy`).

    A row whose label is filtered takes its first remaining name as label; a row left with
    no name is dropped. ``symbols_case_sensitive`` marks every
    one-word name case-sensitive (gene vocabularies: symbols and alias symbols).
    A name shared by several terms goes to the term it labels (or, if it labels none, to any
    owner); among several, to the one whose id prefix comes first in ``priority`` (when that
    is a single term).
    """
    from kg.vocab_import import VocabRow

    policy = policy or FilterPolicy()
    rows = list(rows)
    stop = STOP_WORDS | policy.extra_stop_words if policy.stop_words else policy.extra_stop_words
    owners: dict[str, set[str]] = defaultdict(set)
    label_of: dict[str, set[str]] = defaultdict(set)
    if policy.ambiguous:
        for r in rows:
            for n in r.names():
                owners[n.casefold()].add(r.id)
            label_of[r.label.casefold()].add(r.id)
    rank = {p: i for i, p in enumerate(priority)}

    def winner(ids: set[str], keep_tie: bool) -> str | None:
        if len(ids) <= 1:
            return next(iter(ids), None)
        best = min(rank.get(i.split(":", 1)[0], len(rank)) for i in ids)
        top = sorted(i for i in ids if rank.get(i.split(":", 1)[0], len(rank)) == best)
        if len(top) == 1 and best < len(rank):
            return top[0]
        # a word shared by near-duplicate terms still names a disease or drug: keep it for
        # one of them (the smallest id: deterministic); a shared symbol or abbreviation is
        # noise (alias symbols of several genes) and is dropped
        return top[0] if keep_tie else None

    out = []
    for r in rows:
        keep: list[str] = []
        cased = set(r.case_sensitive)
        for i, name in enumerate(r.names()):
            key = name.casefold()
            symbol = policy.case_symbols and (looks_like_symbol(name) or (symbols_case_sensitive and " " not in name))
            # gene symbols are what gene vocabularies are about: only they may be two
            # letters long ("F8") or spell a common word in upper case ("SET", "CASH"): the
            # matcher compares their case (column ``case_sensitive``)
            gene_symbol = symbol and symbols_case_sensitive
            if len(name) < policy.min_length - (1 if gene_symbol else 0):
                continue
            if policy.stop_words and key in ACRONYM_STOP:
                continue
            if key in stop and not (gene_symbol and name != name.lower()):
                continue
            if policy.broad and key in BROAD_NAMES:
                continue
            if policy.induced and _INDUCED.search(name):
                continue
            if policy.ambiguous and len(owners[key]) > 1 and \
                    winner(label_of.get(key) or owners[key], " " in name or not looks_like_symbol(name)) != r.id:
                continue
            keep.append(name)
            if symbol and name != name.lower():  # an all-lower-case name has no case to keep
                cased.add(name)
        if not keep:
            continue
        label = r.label if r.label in keep else keep[0]
        out.append(VocabRow(r.id, label, tuple(n for n in keep if n != label), r.xrefs,
                            tuple(sorted(cased & set(keep)))))
    return out


