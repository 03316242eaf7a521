"""Relation extraction. (Placeholder: being replaced by the rule-based extractor.)"""

from __future__ import annotations

from kg.model import Document, Entity, Mention, Statement

__all__ = ["extract_statements"]


def extract_statements(
    doc: Document,
    sentences: list[tuple[int, int]],
    mentions: list[Mention],
    entities: list[Entity],
) -> list[Statement]:
    """Statements read from the document's sentences (placeholder: none)."""
    return []
