"""Scores on public benchmarks: BC5CDR and BioRED (PubTator or BioC XML), read in place.

Readers: :func:`read_pubtator`, :func:`read_bioc` -> :class:`PeerDocument`. Scoring:
:func:`score_corpus` runs our extraction (or takes predictions) and compares

- mentions, strict (start, end, type), per type;
- concepts per document, (document, MeSH / NCBI Gene id), our ids mapped through the
  vocabulary xrefs (a ``MESH:`` id is itself; otherwise its ``MESH:``/``NCBIGene:`` xrefs);
- relations: BC5CDR ``CID`` pairs against our ``causes`` statements, BioRED
  Chemical–Disease ``Negative_Correlation`` (unordered) against our ``treats``.

Type mapping (../shared/peer-corpora/README.md section 5): Chemical / ChemicalEntity ->
drug, Disease / DiseaseOrPhenotypicFeature -> disease, GeneOrGeneProduct -> antigen; other
gold types are ignored.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError, UsageError
from kg.model import Document, DocumentExtraction

__all__ = [
    "CORPORA",
    "GoldMention",
    "PeerDocument",
    "PeerReport",
    "Score",
    "format_peer_report",
    "id_map_from_vocab",
    "read_bioc",
    "read_peer_corpus",
    "read_pubtator",
    "score_corpus",
    "score_documents",
]

#: corpus -> (gold type -> our node type, gold relation type, our predicate, ordered?)
CORPORA: dict[str, tuple[dict[str, str], str, str, bool]] = {
    "bc5cdr": ({"Chemical": "drug", "Disease": "disease"}, "CID", "causes", True),
    "biored": ({"ChemicalEntity": "drug", "DiseaseOrPhenotypicFeature": "disease",
                "GeneOrGeneProduct": "antigen"}, "Negative_Correlation", "treats", False),
}


@dataclass(frozen=True, slots=True)
class GoldMention:
    start: int
    end: int
    text: str
    type: str
    ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PeerDocument:
    """One benchmark document: text is ``title + " " + abstract`` (PubTator offsets)."""

    id: str
    title: str
    text: str
    mentions: tuple[GoldMention, ...] = ()
    relations: tuple[tuple[str, str, str], ...] = ()  # (type, id1, id2)

    def to_document(self) -> Document:
        return Document(id=self.id, text=self.text, title=self.title, kind="abstract", source="pubmed")


def _split_ids(raw: str) -> tuple[str, ...]:
    # BC5CDR composite "D1|D2"; BioRED "id1,id2" or "id1;id2"; "-1"/"-" = no concept.
    # Variant ids (p|SUB|V|1763|M) contain "|": keep them whole.
    if re.match(r"^[cgpr]\|", raw) or raw.startswith("rs"):
        return (raw,)
    return tuple(x for x in re.split(r"[|,;]", raw) if x and x not in ("-1", "-"))


def read_pubtator(path: str | Path) -> list[PeerDocument]:
    """Read a PubTator file (title/abstract lines, mention lines, relation lines).

    :raises InputError: a line that fits none of the three shapes, or an offset that does
        not reproduce its mention text (naming file and line).
    """
    p = Path(path)
    docs: list[PeerDocument] = []
    pmid = ""
    parts: dict[str, str] = {}
    mentions: list[GoldMention] = []
    relations: list[tuple[str, str, str]] = []

    def flush() -> None:
        nonlocal pmid
        if pmid:
            docs.append(PeerDocument(pmid, parts.get("t", ""), f"{parts.get('t', '')} {parts.get('a', '')}",
                                     tuple(mentions), tuple(relations)))
        pmid = ""
        parts.clear()
        mentions.clear()
        relations.clear()

    with p.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            line = line.rstrip("\n")
            if not line.strip():
                flush()
                continue
            m = re.match(r"^([^|\t]+)\|([ta])\|(.*)$", line)
            if m:
                if pmid and pmid != m.group(1):
                    flush()
                pmid = m.group(1)
                parts[m.group(2)] = m.group(3)
                continue
            cells = line.split("\t")
            if not pmid or cells[0] != pmid:
                raise InputError("line does not belong to the current document", path=str(p), line=lineno)
            if len(cells) >= 6 and cells[1].isdigit() and cells[2].isdigit():
                start, end = int(cells[1]), int(cells[2])
                text = f"{parts.get('t', '')} {parts.get('a', '')}"
                if text[start:end] != cells[3]:
                    raise InputError(f"offsets {start}-{end} do not give {cells[3]!r}", path=str(p), line=lineno)
                mentions.append(GoldMention(start, end, cells[3], cells[4], _split_ids(cells[5])))
            elif len(cells) >= 4:
                relations.append((cells[1], cells[2], cells[3]))
            else:
                raise InputError("not a PubTator title, abstract, mention or relation line", path=str(p), line=lineno)
    flush()
    return docs


def read_bioc(path: str | Path) -> list[PeerDocument]:
    """Read a BioC XML collection (passages joined with the offsets they declare)."""
    import xml.etree.ElementTree as ET

    p = Path(path)
    try:
        root = ET.parse(p).getroot()
    except ET.ParseError as exc:
        raise InputError(f"not valid BioC XML: {exc}", path=str(p), line=exc.position[0]) from exc
    docs = []
    for d in root.iter("document"):
        chars: list[str] = []
        mentions = []
        title = ""
        for passage in d.iter("passage"):
            offset = int(passage.findtext("offset", "0"))
            text = passage.findtext("text", "")
            if passage.findtext("infon[@key='type']") == "title":
                title = text
            chars.append(" " * (offset - len("".join(chars))) + text)
            for a in passage.iter("annotation"):
                loc = a.find("location")
                if loc is None:
                    continue
                start = int(loc.get("offset", "0"))
                mentions.append(GoldMention(start, start + int(loc.get("length", "0")), a.findtext("text", ""),
                                            a.findtext("infon[@key='type']", ""),
                                            _split_ids(a.findtext("infon[@key='identifier']", "") or "")))
        rels = tuple((r.findtext("infon[@key='type']", ""), r.findtext("infon[@key='entity1']", ""),
                      r.findtext("infon[@key='entity2']", "")) for r in d.iter("relation"))
        docs.append(PeerDocument(d.findtext("id", ""), title, "".join(chars), tuple(mentions), rels))
    return docs


def read_peer_corpus(path: str | Path) -> list[PeerDocument]:
    """PubTator or BioC XML by content."""
    p = Path(path)
    if not p.is_file():
        raise InputError("no such corpus file", path=str(p))
    with p.open("rb") as fh:
        head = fh.read(64).lstrip()
    return read_bioc(p) if head.startswith(b"<") else read_pubtator(p)


# ----------------------------------------------------------------------------- scoring


@dataclass(slots=True)
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, gold: set[object], pred: set[object]) -> None:
        self.tp += len(gold & pred)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)

    def to_json(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass(slots=True)
class PeerReport:
    corpus: str
    documents: int = 0
    mentions: dict[str, Score] = field(default_factory=dict)
    concepts: dict[str, Score] = field(default_factory=dict)
    relations: Score = field(default_factory=Score)
    errors: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))

    def to_json(self) -> dict[str, object]:
        return {"corpus": self.corpus, "documents": self.documents,
                "mentions": {k: v.to_json() for k, v in sorted(self.mentions.items())},
                "concepts": {k: v.to_json() for k, v in sorted(self.concepts.items())},
                "relations": self.relations.to_json()}


def id_map_from_vocab(dirs: Sequence[str | Path] = ()) -> dict[str, tuple[str, ...]]:
    """Our id -> benchmark ids (bare MeSH ``D…``/``C…`` and NCBI Gene numbers), from the
    shipped vocabulary TSVs and ``dirs``."""
    import importlib.resources

    from kg.vocab_import import read_vocab_tsv

    out: dict[str, tuple[str, ...]] = {}
    folders = [Path(str(importlib.resources.files("kg.data"))), *map(Path, dirs)]
    for d in folders:
        for tsv in sorted(d.glob("*.tsv")):
            if not tsv.read_text(encoding="utf-8").startswith("id\tlabel\t"):
                continue  # entity_rules.tsv and other non-vocabulary tables
            rows = read_vocab_tsv(tsv)
            for r in rows:
                ids = [x.split(":", 1)[1] for x in (r.id, *r.xrefs) if x.startswith(("MESH:", "NCBIGene:"))]
                if ids:
                    out[r.id] = tuple(dict.fromkeys([*out.get(r.id, ()), *ids]))
    return out


def _bench_ids(our_id: str, id_map: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    if our_id.startswith("MESH:"):
        return (our_id.split(":", 1)[1],)
    return id_map.get(our_id, ())


def score_documents(corpus: str, docs: Iterable[PeerDocument], extractions: Iterable[DocumentExtraction],
                    id_map: Mapping[str, tuple[str, ...]]) -> PeerReport:
    """Compare extractions (same order as ``docs``) with the gold annotations."""
    try:
        type_map, rel_type, predicate, ordered = CORPORA[corpus]
    except KeyError:
        raise UsageError(f"unknown corpus {corpus!r} (one of {', '.join(sorted(CORPORA))})") from None
    report = PeerReport(corpus)
    for t in sorted(set(type_map.values())):
        report.mentions[t] = Score()
        report.concepts[t] = Score()
    for doc, ex in zip(docs, extractions, strict=True):
        report.documents += 1
        gold_types: dict[str, str] = {}
        for t in set(type_map.values()):
            gm = {(m.start, m.end) for m in doc.mentions if type_map.get(m.type) == t}
            pm = {(m.start, m.end) for m in ex.mentions if m.type.value == t}
            report.mentions[t].add(gm, pm)  # type: ignore[arg-type]
            for span in sorted(gm - pm)[:3]:
                report.errors[f"{t} missed"].append((doc.id, doc.text[span[0]:span[1]]))
            for span in sorted(pm - gm)[:3]:
                report.errors[f"{t} spurious"].append((doc.id, doc.text[span[0]:span[1]]))
            gc = {i for m in doc.mentions if type_map.get(m.type) == t for i in m.ids}
            for i in gc:
                gold_types[i] = t
            pc = {i for m in ex.mentions if m.type.value == t for i in _bench_ids(m.id, id_map)}
            report.concepts[t].add(gc, pc)  # type: ignore[arg-type]
        gold_rel = set()
        for rtype, a, b in doc.relations:
            if rtype != rel_type:
                continue
            if ordered:
                gold_rel.add((a, b))
            elif {gold_types.get(a), gold_types.get(b)} == {"drug", "disease"}:
                chem, dis = (a, b) if gold_types.get(a) == "drug" else (b, a)
                gold_rel.add((chem, dis))
        pred_rel = {(c, d) for st in ex.statements if st.predicate.value == predicate
                    for c in _bench_ids(st.subject, id_map) for d in _bench_ids(st.object, id_map)}
        report.relations.add(gold_rel, pred_rel)  # type: ignore[arg-type]
    return report


def score_corpus(path: str | Path, corpus: str, *, vocab_dirs: Sequence[str | Path] = (),
                 limit: int | None = None,
                 extract: Callable[[Document], DocumentExtraction] | None = None) -> PeerReport:
    """Read the corpus in place, run our extraction (``extract`` or the pipeline with the
    shipped vocabulary plus ``vocab_dirs``) and score it."""
    docs = read_peer_corpus(path)[:limit]
    if extract is None:
        from kg.pipeline import extract_document
        from kg.vocab_sources import full_vocab_dir, load_vocabulary_cached
        from kg.vocabulary import load_vocabulary

        dirs = tuple(Path(d) for d in vocab_dirs)
        full = any(d.resolve() == full_vocab_dir().resolve() for d in dirs)
        vocab = load_vocabulary_cached(dirs) if full else load_vocabulary(dirs)

        def extract(doc: Document) -> DocumentExtraction:
            return extract_document(doc, vocab)

    run = extract
    return score_documents(corpus, docs, (run(d.to_document()) for d in docs), id_map_from_vocab(vocab_dirs))


def iter_report_lines(report: PeerReport) -> Iterator[str]:
    """The report as an aligned text table."""
    yield f"{report.corpus}: {report.documents} documents"
    yield f"{'level':<10} {'type':<22} {'P':>6} {'R':>6} {'F1':>6} {'TP':>6} {'FP':>6} {'FN':>6}"
    rows = [("mention", t, s) for t, s in sorted(report.mentions.items())]
    rows += [("concept", t, s) for t, s in sorted(report.concepts.items())]
    _, rel, pred, _ = CORPORA[report.corpus]
    rows.append(("relation", f"{rel}~{pred}", report.relations))
    for level, t, s in rows:
        yield (f"{level:<10} {t:<22} {s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f} "
               f"{s.tp:>6} {s.fp:>6} {s.fn:>6}")


def format_peer_report(report: PeerReport) -> str:
    return "\n".join(iter_report_lines(report))
