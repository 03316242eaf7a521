"""``kg build`` as users run it, in a child process: wall time and the child's own peak RSS.

``python -m benchmarks.memory CORPUS [--phases]`` measures one build; ``--phases`` also
splits it (in another child): reading + extraction + assembly, then each export with its
own peak (the peak is reset before each export), so a regression shows where it is.

Peak RSS is the child's own ``VmHWM``, written by the child at exit (``ru_maxrss`` of a
child would include the launcher's peak, which Linux carries over ``exec``). With
``--jobs N`` the workers are grandchildren and are not included; the in-process
``--jobs 1`` run is the memory measurement. Also the incremental scenario:
cold build with an empty cache, warm rebuild, and a rebuild after adding one document.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

__all__ = ["build_phases", "incremental", "main", "run_build", "run_phases"]

# the child writes its own peak RSS (VmHWM) at exit: ru_maxrss from wait4 would include the
# launcher's peak, which Linux carries over exec
_LAUNCH = (
    "import atexit, os, sys\n"
    "def _peak():\n"
    "    from benchmarks import peak_rss_mb\n"
    "    with open(os.environ['KG_BENCH_RSS_FILE'], 'w') as fh:\n"
    "        fh.write(str(peak_rss_mb()))\n"
    "atexit.register(_peak)\n"
    "from kg.cli import main\n"
    "main(prog_name='kg')\n"
)


def run_build(
    inputs: list[Path], out_dir: Path, *, jobs: int = 1, cache_dir: Path | None = None,
    timeout: float = 3600.0,
) -> dict[str, Any]:
    """Run ``kg build`` on ``inputs``; return seconds, peak RSS (MB) and the exit status."""
    cmd = [sys.executable, "-c", _LAUNCH, "-q", "build", *map(str, inputs), "-o", str(out_dir), "-j", str(jobs)]
    if cache_dir is None:
        cmd.append("--no-cache")
    else:
        cmd += ["--cache", "--cache-dir", str(cache_dir)]
    import tempfile

    root = Path(__file__).resolve().parents[1]
    fd, rss_file = tempfile.mkstemp(prefix="kg-bench-rss-")
    os.close(fd)
    env = {**os.environ, "KG_BENCH_RSS_FILE": rss_file,
           "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))}
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    deadline = t0 + timeout
    status = None
    while status is None:
        pid, st = os.waitpid(proc.pid, os.WNOHANG)
        if pid:
            status = st
            break
        if time.perf_counter() > deadline:
            proc.kill()
            _, status = os.waitpid(proc.pid, 0)
            break
        time.sleep(0.05)
    secs = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    try:
        peak: float | None = float(Path(rss_file).read_text() or "nan")
    except (OSError, ValueError):
        peak = None
    finally:
        os.unlink(rss_file)
    res: dict[str, Any] = {
        "jobs": jobs,
        "cache": cache_dir is not None,
        "seconds": round(secs, 2),
        "peak_rss_mb": peak,
        "exit": proc.returncode,
    }
    if proc.returncode:
        res["stderr"] = err.strip()[-400:]
    return res


def incremental(corpus: Path, work: Path, *, timeout: float = 3600.0) -> dict[str, Any]:
    """Cold, warm and one-more-document builds of ``corpus`` (a JSONL file), plus jobs 1 vs 2.

    The input is a folder holding the corpus file, so "adding a document" is adding a
    second file next to it.
    """
    src = work / "incremental-input"
    cache = work / "incremental-cache"
    for d in (src, cache):
        shutil.rmtree(d, ignore_errors=True)
    src.mkdir(parents=True)
    os.symlink(corpus.resolve(), src / "corpus.jsonl")
    out = work / "incremental-out"
    res: dict[str, Any] = {"corpus": str(corpus)}
    res["cold"] = run_build([src], out, cache_dir=cache, timeout=timeout)
    res["warm"] = run_build([src], out, cache_dir=cache, timeout=timeout)
    extra = {
        "id": "bench-added-1",
        "kind": "abstract",
        "title": "An added abstract",
        "text": "Daratumumab depletes long-lived plasma cells, and rituximab depletes B cells in "
        "patients with systemic lupus erythematosus.",
    }
    (src / "added.jsonl").write_text(json.dumps(extra) + "\n", encoding="utf-8")
    res["one_added"] = run_build([src], out, cache_dir=cache, timeout=timeout)
    res["no_cache_jobs1"] = run_build([src], out, jobs=1, timeout=timeout)
    res["no_cache_jobs2"] = run_build([src], out, jobs=2, timeout=timeout)
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    return res


def _rss_mb() -> dict[str, float]:
    """This process's current (VmRSS) and peak (VmHWM) resident set size in MB."""
    out: dict[str, float] = {}
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            key = line.split(":", 1)[0]
            if key in ("VmRSS", "VmHWM"):
                out[key] = round(int(line.split()[1]) / 1024, 1)
    return out


def _reset_peak() -> None:
    """Start VmHWM afresh from the current RSS (Linux: ``/proc/self/clear_refs``)."""
    with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
        fh.write("5")


def build_phases(inputs: list[Path], out_dir: Path) -> dict[str, Any]:
    """``kg build --jobs 1 --no-cache`` in this process, phase by phase (Linux only).

    ``build``: reading, extraction and assembly (peak RSS since the start); then per
    export format: seconds, the RSS before it and its own peak RSS.
    """
    import gc

    from kg.corpus import read_documents
    from kg.engine import run_local
    from kg.export import EXPORTERS, get_writer
    from kg.fsio import atomic_directory
    from kg.pipeline import graph_from_extractions
    from kg.vocab_sources import load_vocabulary_cached

    t0 = time.perf_counter()
    vocab = load_vocabulary_cached([])
    graph = graph_from_extractions(run_local(read_documents(inputs), vocab, jobs=1))
    graph.statements  # noqa: B018 - settles the evidence, as the first export would
    gc.collect()
    rss = _rss_mb()
    res: dict[str, Any] = {
        "documents": graph.document_count(),
        "statements": len(graph),
        "evidence": sum(len(st.evidence) for st in graph.statements),
        "build": {"seconds": round(time.perf_counter() - t0, 2), "peak_rss_mb": rss["VmHWM"],
                  "rss_after_mb": rss["VmRSS"]},
        "exports": {},
    }
    with atomic_directory(out_dir) as tmp:
        for fmt, (rel, _) in EXPORTERS.items():
            writer = get_writer(fmt)
            gc.collect()
            _reset_peak()
            before = _rss_mb()["VmRSS"]
            t = time.perf_counter()
            writer(graph, tmp / rel)
            rss = _rss_mb()
            res["exports"][fmt] = {"seconds": round(time.perf_counter() - t, 2), "rss_before_mb": before,
                                   "peak_rss_mb": rss["VmHWM"]}
    res["seconds"] = round(time.perf_counter() - t0, 2)
    return res


def run_phases(inputs: list[Path], out_dir: Path, *, timeout: float = 3600.0) -> dict[str, Any]:
    """:func:`build_phases` in a child process (a fresh peak RSS)."""
    root = Path(__file__).resolve().parents[1]
    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from benchmarks.memory import build_phases\n"
        "print(json.dumps(build_phases([Path(p) for p in sys.argv[2:]], Path(sys.argv[1]))))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code, str(out_dir), *map(str, inputs)],
        capture_output=True, text=True, env=env, timeout=timeout, check=False,
    )
    if proc.returncode:
        return {"exit": proc.returncode, "stderr": proc.stderr.strip()[-400:]}
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    """``python -m benchmarks.memory CORPUS...``: one ``kg build`` (seconds, peak RSS) as JSON."""
    import argparse
    import tempfile

    ap = argparse.ArgumentParser(prog="python -m benchmarks.memory", description=main.__doc__)
    ap.add_argument("inputs", nargs="+", type=Path)
    ap.add_argument("-o", "--out", type=Path, help="export folder (default: a temporary one, removed)")
    ap.add_argument("-j", "--jobs", type=int, default=1)
    ap.add_argument("--phases", action="store_true",
                    help="also the peak RSS of each phase (jobs 1, in a second child process)")
    ap.add_argument("--timeout", type=float, default=3600.0)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kg-bench-memory-") as tmp:
        out = args.out or Path(tmp) / "out"
        res: dict[str, Any] = {"build": run_build(args.inputs, out, jobs=args.jobs, timeout=args.timeout)}
        if args.phases:
            res["phases"] = run_phases(args.inputs, Path(tmp) / "phases", timeout=args.timeout)
    print(json.dumps(res, indent=2))
    return 1 if res["build"].get("exit") else 0


if __name__ == "__main__":
    raise SystemExit(main())
