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


def test_progress_only_on_a_terminal(tmp_path: Path, monkeypatch) -> None:
    """Piped stderr gets the summary but no progress line; a terminal gets the status line."""
    import io

    import kg.cli as cli

    res = CliRunner().invoke(main, ["build", str(ROOT / "seeds"), "-o", str(tmp_path / "o"), "--no-cache", "-j", "1"])
    assert res.exit_code == 0, res.output
    assert "\r" not in res.output and "\x1b[" not in res.output
    assert "documents: 3" in res.output and "wrote: " in res.output

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    fake = Tty()
    monkeypatch.setattr(cli.sys, "stderr", fake)
    monkeypatch.setattr(cli.click, "echo", lambda msg="", err=False, nl=True: fake.write(str(msg) + ("\n" if nl else "")))
    bar = cli._Progress(enabled=True)
    bar("extracted", 1200)
    bar("writing", "graph.ttl")
    bar.close()
    out = fake.getvalue()
    assert "extracting: 1,200 documents" in out and "writing graph.ttl" in out and out.endswith("\r\x1b[K")
    quiet = cli._Progress(enabled=False)
    quiet("extracted", 1)
    assert fake.getvalue() == out
