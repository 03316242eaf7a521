"""Benchmark corpora: real abstracts scaled up by repetition, streamed to JSON Lines.

The base texts are the peer corpora (BC5CDR and BioRED PubTator files, read in place
from ``../shared/peer-corpora``; never copied into the repository) plus the project's
``seeds/``. A corpus of N bytes repeats them with distinct ids (``r<k>/<id>``) until the
document texts add up to N bytes. Documents are generated one at a time, so a 100 MB
corpus never sits in memory.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks import ROOT, SHARED
from kg.model import Document

__all__ = [
    "CorpusInfo",
    "PEER_FILES",
    "base_paths",
    "default_workdir",
    "iter_base_documents",
    "iter_scaled_documents",
    "write_corpus",
]

MB = 1_000_000
PEER_FILES = (
    "bc5cdr/CDR_TestSet.PubTator.txt",
    "bc5cdr/CDR_DevelopmentSet.PubTator.txt",
    "biored/Test.PubTator",
    "biored/Dev.PubTator",
)


@dataclass(frozen=True, slots=True)
class CorpusInfo:
    """A generated corpus file and what it holds (``text_bytes``: UTF-8 bytes of the texts)."""

    path: str
    documents: int
    text_bytes: int
    file_bytes: int
    repetitions: int

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def default_workdir() -> Path:
    """Where generated corpora and build outputs go (outside the repository)."""
    return Path(os.environ.get("KG_BENCH_DIR") or Path(tempfile.gettempdir()) / "cartograph-bench")


def base_paths(shared: Path = SHARED, root: Path = ROOT) -> list[Path]:
    """The PubTator files that exist, then the seeds folder."""
    paths = [shared / "peer-corpora" / rel for rel in PEER_FILES]
    out = [p for p in paths if p.is_file()]
    seeds = root / "seeds"
    if seeds.is_dir():
        out.append(seeds)
    if not out:
        raise FileNotFoundError(f"no benchmark texts: neither {shared / 'peer-corpora'} nor {seeds}")
    return out


def iter_base_documents(paths: list[Path] | None = None) -> Iterator[Document]:
    """The real documents, streamed by :func:`kg.corpus.read_documents`."""
    from kg.corpus import read_documents

    yield from read_documents(paths if paths is not None else base_paths())


def iter_scaled_documents(target_bytes: int, paths: list[Path] | None = None) -> Iterator[Document]:
    """Documents whose texts add up to at least ``target_bytes`` UTF-8 bytes.

    The base corpus is re-read for each repetition, so memory stays flat.

    >>> docs = list(iter_scaled_documents(20_000))
    >>> sum(len(d.text.encode()) for d in docs) >= 20_000, len({d.id for d in docs}) == len(docs)
    (True, True)
    """
    total = 0
    rep = 0
    while total < target_bytes:
        produced = 0
        for doc in iter_base_documents(paths):
            produced += 1
            yield Document(
                id=f"r{rep}/{doc.id}", text=doc.text, title=doc.title, kind=doc.kind,
                source=doc.source, date=doc.date,
            )
            total += len(doc.text.encode("utf-8"))
            if total >= target_bytes:
                return
        if not produced:
            raise ValueError("the base corpus has no documents")
        rep += 1


def write_corpus(target_bytes: int, out: Path, paths: list[Path] | None = None) -> CorpusInfo:
    """Write a scaled corpus as JSON Lines (reused when its manifest says it is complete)."""
    manifest = out.with_suffix(out.suffix + ".manifest.json")
    if out.is_file() and manifest.is_file():
        info = json.loads(manifest.read_text(encoding="utf-8"))
        if info.get("target_bytes") == target_bytes and info.get("file_bytes") == out.stat().st_size:
            return CorpusInfo(**{k: info[k] for k in CorpusInfo.__slots__})  # type: ignore[attr-defined]
    out.parent.mkdir(parents=True, exist_ok=True)
    n = text_bytes = 0
    last_id = ""
    tmp = out.with_suffix(out.suffix + ".part")
    with tmp.open("w", encoding="utf-8") as fh:
        for doc in iter_scaled_documents(target_bytes, paths):
            rec = {"id": doc.id, "text": doc.text, "title": doc.title, "kind": doc.kind}
            if doc.source:
                rec["source"] = doc.source
            if doc.date:
                rec["date"] = doc.date
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
            text_bytes += len(doc.text.encode("utf-8"))
            last_id = doc.id
    os.replace(tmp, out)
    reps = int(last_id.split("/", 1)[0][1:]) + 1 if last_id else 0
    info = CorpusInfo(str(out), n, text_bytes, out.stat().st_size, reps)
    manifest.write_text(json.dumps({**info.to_json(), "target_bytes": target_bytes}), encoding="utf-8")
    return info
