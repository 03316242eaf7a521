"""CLI manners: limits from the command line, one-line errors also with worker processes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from conftest import ROOT
from kg.cli import main


def test_limit_options_reach_the_readers(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("Rituximab depletes B cells in lupus patients.\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["extract", str(doc), "--max-document-bytes", "10"])
    assert res.exit_code == 3
    assert "document exceeds the limit of 10 bytes" in res.output
    res = CliRunner().invoke(main, ["build", str(doc), "-o", str(tmp_path / "o"), "--no-cache", "-j", "1",
                                    "--max-total-bytes", "5"])
    assert res.exit_code == 3
    assert "total input exceeds the limit of 5 bytes" in res.output
    assert not (tmp_path / "o").exists()


def test_error_with_worker_pool_is_one_line(tmp_path: Path) -> None:
    """Regression: pool workers inherited the CLI's SIGTERM handler and printed tracebacks
    when the pool was terminated after an input error."""
    doc = tmp_path / "a.txt"
    doc.write_text("Rituximab depletes B cells.\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "kg.cli", "build", str(doc), "-o", str(tmp_path / "o"), "--no-cache",
         "-j", "2", "--max-total-bytes", "5"],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    assert proc.returncode == 3
    assert proc.stderr.splitlines() == [f"kg: error: {doc}: total input exceeds the limit of 5 bytes (max_total_bytes)"]
