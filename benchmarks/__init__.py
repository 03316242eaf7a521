"""cartograph benchmarks: throughput, per-stage time, memory and exporter scale.

Run ``python -m benchmarks`` (``--quick`` for a fast pass). Nothing here is a test: the
numbers land in ``benchmarks/results/<date>.json`` and in the printed table.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
RESULTS = ROOT / "benchmarks" / "results"

__all__ = ["RESULTS", "ROOT", "SHARED", "peak_rss_mb"]


def peak_rss_mb() -> float:
    """This process's peak resident set size in MB.

    ``VmHWM`` from ``/proc/self/status`` where there is one: unlike ``ru_maxrss`` it
    starts afresh at ``exec``, so a child does not inherit the peak of the (big) process
    that launched it.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
