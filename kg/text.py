"""Sentences and abbreviations. (Placeholder: being replaced by the real segmenter.)"""

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


_SENT = re.compile(r"[^.!?\n]+(?:[.!?]+|$)", re.M)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of sentences, whitespace trimmed."""
    out = []
    for m in _SENT.finditer(text):
        s, e = m.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return out


def find_abbreviations(text: str) -> list[Abbreviation]:
    """Abbreviations defined in ``text`` (placeholder: none)."""
    return []
