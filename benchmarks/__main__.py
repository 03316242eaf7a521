"""``python -m benchmarks``: the whole benchmark in one run; prints a table, writes JSON.

    python -m benchmarks                      # 1, 10, 100 MB; exporters at 10^4..10^6
    python -m benchmarks --quick              # 1 MB, exporters at 10^4, no kg build runs
    python -m benchmarks --no-compiled        # skip the mypyc-compiled build (setup.py)
    python -m benchmarks --sizes 1,10 --json out.json

Extraction is measured twice: with the ``kg`` this environment imports (the pure-Python
sources in an editable install) and with the mypyc-compiled wheel ``pip install .`` builds
(built once into the work folder by :mod:`benchmarks.compiled`).

Results go to ``benchmarks/results/<date>.json`` unless ``--json`` says otherwise.
Generated corpora and build outputs go to ``$KG_BENCH_DIR`` (default: a folder in the
system temp directory), never into the repository.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks import RESULTS, ROOT, SHARED

MB = 1_000_000


def machine() -> dict[str, Any]:
    """CPU, cores, RAM, Python, and the load right now."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    ram = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True, check=False).stdout.strip()
    except OSError:
        commit = ""
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gb": ram, "python": platform.python_version(),
            "platform": platform.platform(), "commit": commit}


def load() -> list[float]:
    """The 1/5/15-minute load averages (the machine may be shared)."""
    return [round(x, 2) for x in os.getloadavg()]


def _say(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _pick_baseline_size(sizes: list[float]) -> float:
    small = [s for s in sizes if s <= 10]
    return max(small) if small else min(sizes)


def run(args: argparse.Namespace) -> dict[str, Any]:
    from benchmarks.corpus import default_workdir, write_corpus
    from benchmarks.extraction import run_corpus

    work = Path(args.workdir) if args.workdir else default_workdir()
    work.mkdir(parents=True, exist_ok=True)
    res: dict[str, Any] = {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(), "load_at_start": load(), "quick": args.quick,
    }
    corpora: dict[float, Path] = {}
    res["extraction"] = {}
    for size in args.sizes:
        _say(f"corpus {size} MB ...")
        info = write_corpus(int(size * MB), work / f"corpus-{size}MB.jsonl")
        corpora[size] = Path(info.path)
        _say(f"extraction {size} MB (child process) ...")
        row = run_corpus(corpora[size], exporters=True, timeout=args.timeout)
        row["corpus_info"] = info.to_json()
        row["load"] = load()
        res["extraction"][str(size)] = row
    if args.compiled:
        from benchmarks.compiled import compiled_site

        _say("building the mypyc-compiled wheel (about a minute; cached by source hash) ...")
        try:
            site = compiled_site(work)
        except RuntimeError as exc:
            res["compiled"] = {"error": str(exc)[:400]}
        else:
            res["compiled"] = {}
            for size in args.sizes:
                _say(f"extraction {size} MB, compiled build (child process) ...")
                row = run_corpus(corpora[size], exporters=False, timeout=args.timeout, site=site)
                row["load"] = load()
                res["compiled"][str(size)] = row

    from benchmarks.baseline_spacy import compare_f1, spacy_available

    if args.no_spacy or not spacy_available():
        res["spacy"] = {"skipped": "spaCy not installed (pip install -e .[bench])" if not args.no_spacy else "--no-spacy"}
    else:
        from benchmarks.baseline_spacy import build_baseline
        from kg.corpus import read_documents

        size = _pick_baseline_size(args.sizes)
        _say(f"spaCy baseline on {size} MB ...")
        t0 = time.perf_counter()
        base = build_baseline()
        setup = time.perf_counter() - t0
        thr = base.throughput(d.text for d in read_documents([corpora[size]]))
        ours = res["extraction"][str(size)].get("end_to_end", {}).get("mb_per_s")
        fast = res.get("compiled", {}).get(str(size), {}).get("end_to_end", {}).get("mb_per_s")
        ours_ent = res["extraction"][str(size)].get("stages", {})
        ent_rate = None
        if ours_ent:
            s = ours_ent["seconds"]
            ent_secs = s["sentences"] + s["entities"] + s["abbreviations"]
            ent_rate = round(ours_ent["text_bytes"] / MB / ent_secs, 3) if ent_secs else None
        res["spacy"] = {
            "size_mb": size, "patterns": base.patterns, "setup_seconds": round(setup, 2), **thr,
            "ratio_end_to_end": round(ours / thr["mb_per_s"], 2) if ours else None,
            "ratio_end_to_end_compiled": round(fast / thr["mb_per_s"], 2) if fast else None,
            "cartograph_sentences_entities_mb_per_s": ent_rate,
            "ratio_same_job": round(ent_rate / thr["mb_per_s"], 2) if ent_rate else None,
            "load": load(),
        }
        dev = SHARED / "eval" / "dev.jsonl"
        if dev.is_file():
            _say("F1 on dev.jsonl ...")
            res["f1"] = compare_f1(dev, base)

    if args.profile:
        size = _pick_baseline_size(args.sizes)
        _say(f"cProfile of extraction on {size} MB (child process) ...")
        res["profile"] = {"size_mb": size, **run_corpus(corpora[size], profile=True, timeout=args.timeout)}

    from benchmarks.exporters import run_size

    res["exporters_synthetic"] = {}
    for n in args.export_sizes:
        _say(f"exporters on a synthetic graph of {n} statements (child process) ...")
        row = run_size(n, timeout=args.export_timeout, memory_limit_mb=args.export_memory_mb)
        row["load"] = load()
        res["exporters_synthetic"][str(n)] = row

    if not args.quick:
        from benchmarks.memory import incremental, run_build

        res["build"] = {}
        for size in [s for s in args.sizes if s >= 10]:
            _say(f"kg build --jobs 1 on {size} MB (child process) ...")
            row = run_build([corpora[size]], work / f"build-{size}MB", timeout=args.timeout)
            row["load"] = load()
            res["build"][str(size)] = row
        big = max(args.sizes)
        if big >= 10:
            _say(f"kg build --jobs 2 on {big} MB (child process; workers' RSS not included) ...")
            row = run_build([corpora[big]], work / f"build-{big}MB-j2", jobs=2, timeout=args.timeout)
            row["load"] = load()
            res["build"][f"{big}-jobs2"] = row
        inc_size = 10 if 10 in corpora else min(corpora)
        _say(f"incremental builds on {inc_size} MB ...")
        res["incremental"] = {"size_mb": inc_size, **incremental(corpora[inc_size], work, timeout=args.timeout),
                              "load": load()}
    if args.others:
        res["others"] = _others(args)
    res["load_at_end"] = load()
    return scrub_paths(res, {str(work): "$KG_BENCH_DIR", str(SHARED.resolve()): "../shared", str(SHARED): "../shared",
                             str(ROOT): "."})


def scrub_paths(value: Any, prefixes: dict[str, str]) -> Any:
    """``value`` with machine-specific path prefixes replaced (results are committed)."""
    if isinstance(value, str):
        for old, new in prefixes.items():
            if value.startswith(old):
                return new + value[len(old):]
        return value
    if isinstance(value, dict):
        return {k: scrub_paths(v, prefixes) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub_paths(v, prefixes) for v in value]
    return value


def _others(args: argparse.Namespace) -> dict[str, Any]:
    """The other benchmark scripts of this folder, if present: their printed output."""
    out: dict[str, Any] = {}
    scripts = {
        "sparql": ["-m", "benchmarks.sparql", "--skip-rdflib"],
        "html_scale": ["-m", "benchmarks.html_scale"],
    }
    for name, cmd in scripts.items():
        if not (ROOT / "benchmarks" / f"{name}.py").is_file():
            continue
        _say(f"{name} ...")
        try:
            p = subprocess.run([sys.executable, *cmd], cwd=ROOT, capture_output=True, text=True,
                               timeout=args.export_timeout, check=False)
            out[name] = {"exit": p.returncode, "output": p.stdout.strip().splitlines()[-40:], "load": load()}
        except subprocess.TimeoutExpired:
            out[name] = {"error": f"timeout after {args.export_timeout:.0f} s"}
    return out


def format_table(res: dict[str, Any]) -> str:
    """The human-readable summary of a result dict."""
    from benchmarks.extraction import STAGES

    m = res["machine"]
    lines = [f"machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, Python {m['python']}"
             f" (commit {m['commit']}); load at start {res['load_at_start']}", ""]
    lines.append("extraction, one process (end-to-end = read, sentences, abbreviations, entities, "
                 "relations, context, JSON)")
    head = f"{'size':>7} {'docs':>8} {'MB/s':>7} {'docs/s':>8} {'s/MB':>7} {'peak RSS':>9} {'stmts':>6} {'load':>6}"
    lines.append(f"{'build':<17}" + head)
    builds = [("pure Python", res["extraction"]), ("compiled (mypyc)", res.get("compiled", {}))]
    for name, rows in builds:
        if "error" in rows:
            lines.append(f"{name:<17}error: {rows['error']}")
            continue
        for size, row in rows.items():
            if "error" in row:
                lines.append(f"{name:<17}{size + ' MB':>7} error: {row['error']}")
                continue
            e = row["end_to_end"]
            lines.append(f"{name:<17}{size + ' MB':>7} {row['stages']['documents']:>8} {e['mb_per_s']:>7.2f} "
                         f"{e['docs_per_s']:>8.0f} {e['seconds_per_mb']:>7.3f} {row['peak_rss_mb']:>6.0f} MB "
                         f"{row['graph']['statements']:>6} {row['load'][0]:>6.2f}")
    lines += ["", "stage split (share of extraction + assembly time)"]
    lines.append(f"{'build':<17}{'size':>7} " + " ".join(f"{s[:13]:>13}" for s in STAGES))
    for name, rows in builds:
        for size, row in rows.items():
            if isinstance(row, dict) and "stages" in row:
                sh = row["stages"]["share"]
                cells = [f"{100 * sh[s]:>12.1f}%" if sh.get(s) is not None else f"{'-':>13}" for s in STAGES]
                if not row["stages"].get("context_timed_separately", True):
                    cells[STAGES.index("context")] = f"{'(in rel.)':>13}"
                lines.append(f"{name:<17}{size + ' MB':>7} " + " ".join(cells))
    lines += ["", "exporters on the extracted graph (seconds)"]
    fmts = sorted({f for row in res["extraction"].values() for f in row.get("exporters", {})})
    lines.append(f"{'size':>7} " + " ".join(f"{f:>9}" for f in fmts))
    for size, row in res["extraction"].items():
        ex = row.get("exporters", {})
        lines.append(f"{size + ' MB':>7} " + " ".join(f"{_secs(ex.get(f)):>9}" for f in fmts))
    sp = res.get("spacy", {})
    lines.append("")
    if "mb_per_s" in sp:
        lines.append(f"spaCy baseline ({sp['size_mb']} MB, {sp['patterns']} phrases): {sp['mb_per_s']:.2f} MB/s; "
                     f"cartograph end-to-end / spaCy = {sp['ratio_end_to_end']}x pure Python, "
                     f"{sp.get('ratio_end_to_end_compiled')}x compiled; "
                     f"cartograph sentences+entities only / spaCy = {sp['ratio_same_job']}x")
    else:
        lines.append(f"spaCy baseline: {sp.get('skipped', 'not run')}")
    if "f1" in res:
        f = res["f1"]
        for name in ("cartograph", "spacy"):
            s, g = f[name]["entities_span"], f[name]["entities_grounded"]
            lines.append(f"  {name:<10} entities F1 on dev ({f['documents']} docs): span+type {s['f1']:.3f}"
                         f" (P {s['precision']:.3f} R {s['recall']:.3f}); +id {g['f1']:.3f}")
    lines += ["", "exporters on synthetic graphs (seconds; peak RSS of the child)"]
    syn = res.get("exporters_synthetic", {})
    from benchmarks.exporters import ORDER

    lines.append(f"{'stmts':>8} {'build':>7} " + " ".join(f"{f:>9}" for f in ORDER) + f" {'RSS':>8}")
    for n, row in syn.items():
        ex = row.get("exporters", {})
        rss = max([v.get("rss_mb", 0) for v in ex.values()] + [row.get("graph", {}).get("rss_mb", 0)])
        g = row.get("graph", {}).get("seconds")
        lines.append(f"{n:>8} {g if g is not None else '-':>7} " + " ".join(f"{_secs(ex.get(f)):>9}" for f in ORDER)
                     + f" {rss:>5.0f} MB" + (f"  ({row['error']})" if "error" in row else ""))
    if "profile" in res and "top_own_time" in res["profile"]:
        p = res["profile"]
        lines += ["", f"cProfile, extraction of {p['size_mb']} MB ({p['profiled_seconds']} s under the profiler): "
                  "top functions by own time"]
        for r in p["top_own_time"][:12]:
            lines.append(f"  {100 * r['own_share']:>5.1f}%  {r['own_seconds']:>7.2f} s  {r['calls']:>9}  {r['function']}")
    if "build" in res:
        lines += ["", "kg build --no-cache (child process, all exports; RSS of the main process)"]
        for size, row in res["build"].items():
            lines.append(f"  {size.split('-')[0]:>4} MB --jobs {row['jobs']}: {row['seconds']:>8.1f} s, "
                         f"peak RSS {row['peak_rss_mb']} MB, exit {row['exit']}, load {row['load'][0]}")
    if "incremental" in res:
        inc = res["incremental"]
        lines += ["", f"incremental kg build on {inc['size_mb']} MB"]
        for key in ("cold", "warm", "one_added", "no_cache_jobs1", "no_cache_jobs2"):
            row = inc[key]
            lines.append(f"  {key:<15} {row['seconds']:>8.1f} s  (peak RSS {row['peak_rss_mb']} MB, exit {row['exit']})")
    lines.append(f"\nload at end {res['load_at_end']}")
    return "\n".join(lines)


def _secs(rec: dict[str, Any] | None) -> str:
    if not rec:
        return "-"
    if "seconds" in rec:
        return f"{rec['seconds']:.2f}"
    err = rec.get("error", "")
    return "timeout" if "timeout" in err else "OOM" if "MemoryError" in err else "error"


def _number(text: str) -> float | int:
    value = float(text)
    return int(value) if value.is_integer() else value


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="1 MB, exporters at 10^4 statements, no kg build runs")
    ap.add_argument("--sizes", help="corpus sizes in MB, comma-separated (default 1,10,100)")
    ap.add_argument("--export-sizes", help="synthetic graph sizes in statements (default 10000,100000,1000000)")
    ap.add_argument("--json", help="where to write the results (default benchmarks/results/<date>.json)")
    ap.add_argument("--workdir", help="folder for generated corpora and builds (default $KG_BENCH_DIR or a temp folder)")
    ap.add_argument("--no-spacy", action="store_true", help="skip the spaCy baseline")
    ap.add_argument("--profile", action="store_true", help="also cProfile the extraction (10 MB corpus)")
    ap.add_argument("--no-compiled", dest="compiled", action="store_false",
                    help="skip building and measuring the mypyc-compiled wheel (setup.py)")
    ap.add_argument("--others", action="store_true", help="also run benchmarks/sparql.py and html_scale.py")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds per extraction/build child")
    ap.add_argument("--export-memory-mb", type=int, default=8000,
                    help="address-space cap of each synthetic-graph child (MemoryError is reported)")
    ap.add_argument("--export-timeout", type=float, default=900, help="seconds per synthetic graph size")
    args = ap.parse_args(argv)
    args.sizes = [_number(x) for x in (args.sizes or ("1" if args.quick else "1,10,100")).split(",")]
    args.export_sizes = [int(x) for x in (args.export_sizes or ("10000" if args.quick else "10000,100000,1000000")).split(",")]
    res = run(args)
    print(format_table(res))
    out = Path(args.json) if args.json else RESULTS / f"{dt.date.today().isoformat()}{'-quick' if args.quick else ''}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"\nresults: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
