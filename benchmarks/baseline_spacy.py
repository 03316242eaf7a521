"""The spaCy baseline: the same dictionary job with spaCy's own tools.

``spacy.blank("en")`` + ``sentencizer`` + ``PhraseMatcher(attr="LOWER")`` over every
label and synonym of the shipped vocabulary (no model download). Overlapping matches
are resolved leftmost-longest with :func:`spacy.util.filter_spans`; a match takes the
type of the entity its phrase names (the first, when a phrase names several).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

__all__ = ["SpacyBaseline", "build_baseline", "compare_f1", "spacy_available"]


def spacy_available() -> bool:
    """Whether spaCy can be imported (``pip install cartograph[bench]``)."""
    try:
        import spacy  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass
class SpacyBaseline:
    """A blank English pipeline with a sentencizer and a phrase matcher over the vocabulary."""

    nlp: Any
    matcher: Any
    targets: dict[int, tuple[str, str, str]]  # match key -> (entity id, type, label)
    patterns: int

    def entities(self, text: str) -> list[dict[str, Any]]:
        """Matches in ``text`` as gold-shaped entity records (character offsets)."""
        return self._entities(self.nlp(text))

    def _entities(self, doc: Any) -> list[dict[str, Any]]:
        from spacy.util import filter_spans

        found = self.matcher(doc)
        spans = [doc[s:e] for _, s, e in found]
        keys = {(s, e): k for k, s, e in found}
        out = []
        for span in filter_spans(spans):
            ident, typ, label = self.targets[keys[(span.start, span.end)]]
            out.append({"start": span.start_char, "end": span.end_char, "text": span.text,
                        "type": typ, "id": ident, "label": label})
        return out

    def throughput(self, texts: Iterable[str]) -> dict[str, Any]:
        """Run the pipeline and the matcher over ``texts``; count sentences and matches."""
        n = nbytes = sents = matches = 0
        t0 = time.perf_counter()
        for doc in self.nlp.pipe(texts, batch_size=64):
            sents += sum(1 for _ in doc.sents)
            matches += len(self.matcher(doc))
            n += 1
            nbytes += len(doc.text.encode("utf-8"))
        secs = time.perf_counter() - t0
        return {
            "documents": n,
            "text_bytes": nbytes,
            "sentences": sents,
            "matches": matches,
            "seconds": round(secs, 4),
            "mb_per_s": round(nbytes / 1e6 / secs, 3) if secs else None,
            "docs_per_s": round(n / secs, 1) if secs else None,
        }


def build_baseline(vocabulary: Any = None) -> SpacyBaseline:
    """The baseline over all labels and synonyms of ``vocabulary`` (the shipped one by default)."""
    import spacy
    from spacy.matcher import PhraseMatcher

    from kg.vocabulary import load_vocabulary

    vocab = vocabulary if vocabulary is not None else load_vocabulary()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    by_phrase: dict[str, tuple[str, str, str]] = {}
    for ent in sorted(vocab.entities.values(), key=lambda e: e.id):
        for name in (ent.label, *ent.synonyms):
            key = name.strip().lower()
            if key and key not in by_phrase:
                by_phrase[key] = (ent.id, ent.type.value, ent.label)
    targets: dict[int, tuple[str, str, str]] = {}
    phrases = sorted(by_phrase)
    for i, (phrase, doc) in enumerate(zip(phrases, nlp.tokenizer.pipe(phrases))):
        name = f"T{i}"
        targets[nlp.vocab.strings.add(name)] = by_phrase[phrase]
        matcher.add(name, [doc])
    return SpacyBaseline(nlp=nlp, matcher=matcher, targets=targets, patterns=len(phrases))


def compare_f1(gold_path: Any, baseline: SpacyBaseline | None = None, vocabulary: Any = None) -> dict[str, Any]:
    """Entity F1 (span + type, and span + type + id) of cartograph and of the baseline on ``gold_path``.

    Scored with :func:`kg.evaluate.score_documents`, the scorer of ``kg evaluate``.
    """
    from pathlib import Path

    from kg.evaluate import read_jsonl, score_documents
    from kg.model import Document
    from kg.pipeline import extract_document
    from kg.vocabulary import load_vocabulary

    vocab = vocabulary if vocabulary is not None else load_vocabulary()
    base = baseline if baseline is not None else build_baseline(vocab)
    gold = read_jsonl(Path(gold_path))
    ours = {g["id"]: extract_document(Document(id=g["id"], text=g["text"]), vocab).to_json() for g in gold}
    theirs = {g["id"]: {"id": g["id"], "entities": base.entities(g["text"])} for g in gold}
    out: dict[str, Any] = {"gold": str(gold_path), "documents": len(gold)}
    for name, preds in (("cartograph", ours), ("spacy", theirs)):
        rep = score_documents(gold, preds)
        out[name] = {
            "entities_span": rep["entities"]["span"]["micro"],
            "entities_grounded": rep["entities"]["grounded"]["micro"],
            "entities_span_by_type": {k: v["f1"] for k, v in rep["entities"]["span"]["by_type"].items()},
        }
        if name == "cartograph":
            out[name]["relations_triple"] = rep["relations"]["triple"]["micro"]
    return out
