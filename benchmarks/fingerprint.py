"""A fingerprint of everything extraction produces, to prove a speed-up changed nothing.

    python -m benchmarks.fingerprint                 # seeds, dev, held-out batches, peer corpora
    python -m benchmarks.fingerprint --quick         # without the peer corpora
    python -m benchmarks.fingerprint --save before.json
    python -m benchmarks.fingerprint --compare before.json

For each corpus it hashes the JSON of every document's extraction (mentions, entities,
statements with evidence and context) and prints one SHA-256 per corpus. ``--compare``
names the first document whose extraction differs. Peer corpora are read in place from
``../shared/peer-corpora``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks import ROOT, SHARED

__all__ = ["corpora", "fingerprint"]


def _jsonl_docs(path: Path) -> Iterator[Any]:
    from kg.model import Document

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            yield Document(id=rec["id"], text=rec["text"])


def corpora(quick: bool = False) -> dict[str, Any]:
    """Name -> a function returning the corpus's documents."""
    from kg.corpus import read_documents

    out: dict[str, Any] = {
        "seeds": lambda: list(read_documents([ROOT / "seeds"])),
        "dev": lambda: list(_jsonl_docs(SHARED / "eval" / "dev.jsonl")),
    }
    for p in sorted((ROOT / "tests" / "resources" / "heldout").glob("*.jsonl")):
        out[f"heldout/{p.stem}"] = (lambda p=p: list(_jsonl_docs(p)))
    if not quick:
        from kg.peer import read_peer_corpus

        peer = SHARED / "peer-corpora"
        for p in (peer / "bc5cdr" / "CDR_DevelopmentSet.PubTator.txt", peer / "bc5cdr" / "CDR_TestSet.PubTator.txt",
                  peer / "biored" / "Dev.PubTator", peer / "biored" / "Test.PubTator"):
            if p.exists():
                out[f"{p.parent.name}/{p.name}"] = (lambda p=p: [d.to_document() for d in read_peer_corpus(p)])
    return out


def fingerprint(docs: list[Any], vocab: Any) -> tuple[str, dict[str, str]]:
    """(corpus hash, document id -> hash of its extraction)."""
    from kg.model import json_line
    from kg.pipeline import extract_document

    per: dict[str, str] = {}
    total = hashlib.sha256()
    for i, doc in enumerate(docs):
        blob = json_line(extract_document(doc, vocab).to_json()).encode()  # the line `kg extract` prints
        h = hashlib.sha256(blob).hexdigest()
        per[f"{i}:{doc.id}"] = h
        total.update(h.encode())
    return total.hexdigest(), per


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.fingerprint", description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="skip the peer corpora")
    ap.add_argument("--vocab", choices=("default", "full"), default="default",
                    help="'full' uses the imported full ontologies (kg vocab import --source all)")
    ap.add_argument("--save", type=Path, help="write the per-document hashes here")
    ap.add_argument("--compare", type=Path, help="compare with hashes saved earlier by --save")
    args = ap.parse_args(argv)

    if args.vocab == "full":
        from kg.vocab_sources import load_vocabulary_cached, resolve_vocab_dir

        vocab = load_vocabulary_cached([resolve_vocab_dir("full")])
    else:
        from kg.vocabulary import load_vocabulary

        vocab = load_vocabulary()
    saved = json.loads(args.compare.read_text()) if args.compare else None
    result: dict[str, Any] = {}
    differs = 0
    for name, get in corpora(args.quick).items():
        docs = get()
        t0 = time.perf_counter()
        total, per = fingerprint(docs, vocab)
        secs = time.perf_counter() - t0
        result[name] = {"sha256": total, "documents": per}
        verdict = ""
        if saved is not None:
            old = saved.get(name)
            if old is None:
                verdict = "  (not in saved)"
            elif old["sha256"] == total:
                verdict = "  same"
            else:
                differs += 1
                first = next((k for k, v in per.items() if old["documents"].get(k) != v), "?")
                verdict = f"  DIFFERS (first: {first})"
        print(f"{name:40s} {len(docs):6d} docs {secs:7.2f} s  {total[:16]}{verdict}")
    if args.save:
        args.save.write_text(json.dumps(result, sort_keys=True))
    return 1 if differs else 0


if __name__ == "__main__":
    sys.exit(main())
