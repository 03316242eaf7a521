"""``kg build`` as users run it, in a child process: wall time and the child's own peak RSS.

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

__all__ = ["incremental", "run_build"]

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
