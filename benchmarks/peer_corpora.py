"""Scores on BC5CDR and BioRED test sets (read in place from ../shared/peer-corpora/).

    python benchmarks/peer_corpora.py                    # shipped + full vocabulary, both corpora
    python benchmarks/peer_corpora.py --ablation         # effect of each ambiguity filter
    python benchmarks/peer_corpora.py --split dev --limit 100

Needs `kg vocab import --source all` once (the full vocabulary in the cache). Prints a
table per corpus; `--json` writes every figure as JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "peer-corpora"
FILES = {
    ("bc5cdr", "test"): SHARED / "bc5cdr" / "CDR_TestSet.PubTator.txt",
    ("bc5cdr", "dev"): SHARED / "bc5cdr" / "CDR_DevelopmentSet.PubTator.txt",
    ("biored", "test"): SHARED / "biored" / "Test.PubTator",
    ("biored", "dev"): SHARED / "biored" / "Dev.PubTator",
}


def run(corpus: str, path: Path, vocab_dirs: list[Path], limit: int | None, cached: bool) -> dict[str, object]:
    from kg.peer import PeerReport, id_map_from_vocab, read_peer_corpus, score_documents
    from kg.pipeline import extract_document
    from kg.vocab_sources import load_vocabulary_cached
    from kg.vocabulary import load_vocabulary

    t0 = time.perf_counter()
    vocab = load_vocabulary_cached(vocab_dirs) if cached else load_vocabulary(vocab_dirs)
    vocab.automaton()
    t1 = time.perf_counter()
    docs = read_peer_corpus(path)[:limit]
    extractions = [extract_document(d.to_document(), vocab) for d in docs]
    t2 = time.perf_counter()
    report: PeerReport = score_documents(corpus, docs, extractions, id_map_from_vocab(vocab_dirs))
    return {"report": report, "vocab_s": t1 - t0, "extract_s": t2 - t1, "docs": len(docs),
            "chars": sum(len(d.text) for d in docs)}


def print_table(title: str, out: dict[str, object]) -> None:
    from kg.peer import format_peer_report

    print(f"\n## {title}  (vocabulary {out['vocab_s']:.1f} s, extraction {out['extract_s']:.1f} s "
          f"for {out['docs']} docs)")
    print(format_peer_report(out["report"]))  # type: ignore[arg-type]


def top_errors(report: object, n: int = 12) -> None:
    for kind, items in sorted(report.errors.items()):  # type: ignore[attr-defined]
        common = Counter(t.lower() for _, t in items).most_common(n)
        print(f"  {kind}: " + ", ".join(f"{t} ({c})" for t, c in common))


def ablation(corpus: str, path: Path, limit: int | None) -> None:
    """Re-import the full vocabulary with one filter off at a time and score each."""
    from kg.vocab_import import FilterPolicy
    from kg.vocab_sources import import_sources

    variants = {
        "all filters": FilterPolicy(),
        "no stop list": replace(FilterPolicy(), stop_words=False),
        "no min length": replace(FilterPolicy(), min_length=1),
        "no broad-name filter": replace(FilterPolicy(), broad=False),
        "no ambiguity filter": replace(FilterPolicy(), ambiguous=False),
        "no induced-name filter": replace(FilterPolicy(), induced=False),
        "abbreviations always match": replace(FilterPolicy(), abbreviations=False),
        "symbols case-insensitive": replace(FilterPolicy(), case_symbols=False),
        "no filters": FilterPolicy.none(),
    }
    rows = []
    for name, policy in variants.items():
        with tempfile.TemporaryDirectory() as tmp:
            import_sources("all", tmp, policy=policy)
            out = run(corpus, path, [Path(tmp)], limit, cached=False)
        r = out["report"]
        rows.append((name, r))  # type: ignore[arg-type]
        print(f"  done: {name}", file=sys.stderr)
    types = sorted(rows[0][1].mentions)
    print(f"\n## {corpus}: mention P/R/F1 per filter variant")
    print(f"{'variant':<26}" + "".join(f"{t:>22}" for t in types))
    for name, r in rows:
        cells = "".join(f"{r.mentions[t].precision:>8.3f}{r.mentions[t].recall:>7.3f}{r.mentions[t].f1:>7.3f}"
                        for t in types)
        print(f"{name:<26}{cells}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=["test", "dev"], default="test")
    ap.add_argument("--corpus", choices=["bc5cdr", "biored", "both"], default="both")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--ablation", action="store_true")
    ap.add_argument("--errors", action="store_true", help="print the most frequent misses and false hits")
    ap.add_argument("--json", type=Path, help="write the figures here")
    args = ap.parse_args()

    from kg.vocab_sources import full_vocab_dir

    corpora = ["bc5cdr", "biored"] if args.corpus == "both" else [args.corpus]
    figures: dict[str, object] = {}
    for corpus in corpora:
        path = FILES[(corpus, args.split)]
        if args.ablation:
            ablation(corpus, path, args.limit)
            continue
        for label, dirs in (("shipped vocabulary", []), ("shipped + full vocabulary", [full_vocab_dir()])):
            out = run(corpus, path, dirs, args.limit, cached=bool(dirs))
            print_table(f"{corpus} {args.split}, {label}", out)
            if args.errors:
                top_errors(out["report"])
            figures[f"{corpus}/{label}"] = out["report"].to_json()  # type: ignore[attr-defined]
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
