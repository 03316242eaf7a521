"""Exporter scale: every exporter on synthetic graphs of 10^4 to 10^6 statements.

Each size runs in its own process (``python -m benchmarks.exporters N``), so its peak
RSS is its own and a slow exporter can be cut off by a timeout without losing the
numbers of the others. The child prints one JSON line per finished step.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

__all__ = ["ORDER", "bench_size", "run_size"]

# fast ones first, so a timeout in a slow one loses little
ORDER = ("report", "neo4j", "kgx", "graphml", "turtle", "owl", "html")


def _rss_mb() -> float:
    from benchmarks import peak_rss_mb

    return peak_rss_mb()


def bench_size(n_statements: int, formats: tuple[str, ...] = ORDER, emit: Any = print) -> None:
    """Build a synthetic graph of ``n_statements`` and time each exporter; ``emit`` JSON lines."""
    import tempfile

    from benchmarks.extraction import time_exporters
    from kg.export import EXPORTERS
    from kg.synthetic import synthetic_graph

    t0 = time.perf_counter()
    graph = synthetic_graph(max(40, n_statements // 10), n_statements, seed=7, n_documents=1000)
    emit(json.dumps({"step": "graph", "seconds": round(time.perf_counter() - t0, 3),
                     "entities": len(graph.entities), "statements": len(graph), "rss_mb": _rss_mb()}))
    with tempfile.TemporaryDirectory(prefix="kg-bench-exp-") as tmp:
        for fmt in formats:
            if fmt not in EXPORTERS:
                continue
            emit(json.dumps({"step": "start", "format": fmt}))
            res = time_exporters(graph, [fmt], out_dir=Path(tmp))[fmt]
            emit(json.dumps({"step": "export", "format": fmt, **res, "rss_mb": _rss_mb()}))


def run_size(
    n_statements: int, timeout: float = 600.0, formats: tuple[str, ...] = ORDER, memory_limit_mb: int | None = 6000
) -> dict[str, Any]:
    """Run :func:`bench_size` in a child process; collect its lines; stop it after ``timeout`` s.

    ``memory_limit_mb`` caps the child's address space, so an exporter that would need
    more fails with ``MemoryError`` (reported) instead of pushing a shared machine into swap.
    """
    cmd = [sys.executable, "-m", "benchmarks.exporters", str(n_statements), ",".join(formats)]
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "KG_BENCH_MEMORY_LIMIT_MB": str(memory_limit_mb or ""), "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))}
    out: dict[str, Any] = {"statements_requested": n_statements, "exporters": {}}
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=root)
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
        timed_out = False
    except subprocess.TimeoutExpired:
        proc.kill()
        stdout, stderr = proc.communicate()
        timed_out = True
    current = None
    for line in stdout.splitlines():
        rec = json.loads(line)
        step = rec.pop("step")
        if step == "graph":
            out["graph"] = rec
        elif step == "start":
            current = rec["format"]
        elif step == "export":
            out["exporters"][rec.pop("format")] = rec
            current = None
    if memory_limit_mb:
        out["memory_limit_mb"] = memory_limit_mb
    if timed_out:
        out["timeout_seconds"] = timeout
        if current:
            out["exporters"][current] = {"error": f"timeout (> {timeout:.0f} s for the whole size)"}
    elif proc.returncode:
        out["error"] = (stderr.strip().splitlines() or ["exit %d" % proc.returncode])[-1][:300]
    out["wall_seconds"] = round(time.perf_counter() - t0, 2)
    return out


if __name__ == "__main__":
    limit = os.environ.get("KG_BENCH_MEMORY_LIMIT_MB")
    if limit:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (int(limit) * 2**20, resource.RLIM_INFINITY))
    fmts = tuple(sys.argv[2].split(",")) if len(sys.argv) > 2 else ORDER
    bench_size(int(sys.argv[1]), fmts, emit=lambda s: print(s, flush=True))
