"""cartograph benchmarks: throughput, per-stage time, memory and exporter scale.

Run ``python -m benchmarks`` (``--quick`` for a fast pass). Nothing here is a test: the
numbers land in ``benchmarks/results/<date>.json`` and in the printed table.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
RESULTS = ROOT / "benchmarks" / "results"

__all__ = ["RESULTS", "ROOT", "SHARED"]
