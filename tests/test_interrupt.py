"""A build killed at any point leaves the previous export folder intact (never half-written)."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _build(corpus: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "--quiet", "build", str(corpus), "-o", str(out), "-j", "1", "--no-cache"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("big")
    seeds = sorted((ROOT / "seeds").glob("*.md"))
    for i in range(60):
        for p in seeds:
            shutil.copy(p, folder / f"{i:03d}_{p.name}")
    return folder


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_killed_build_keeps_previous_exports(corpus: Path, tmp_path: Path, sig: signal.Signals) -> None:
    out = tmp_path / "exports"
    small = tmp_path / "small"
    small.mkdir()
    shutil.copy(next((ROOT / "seeds").glob("*.md")), small)
    first = _build(small, out)
    _, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    before = _snapshot(out)
    assert "graph.ttl" in before

    t0 = time.monotonic()
    full = _build(corpus, tmp_path / "reference")
    full.communicate(timeout=600)
    assert full.returncode == 0
    duration = time.monotonic() - t0
    after = _snapshot(tmp_path / "reference")

    interrupted = 0
    for frac in (0.1, 0.4, 0.7, 0.9):
        proc = _build(corpus, out)
        time.sleep(duration * frac)
        proc.send_signal(sig)
        proc.communicate(timeout=300)
        code = proc.returncode
        state = _snapshot(out)
        assert state in (before, after), f"half-written exports after signal at {frac:.0%}"
        if state == before:
            assert code != 0
            interrupted += 1
        leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".exports")]
        assert leftovers == []
    assert interrupted >= 1, "no kill landed before the build finished: the test proved nothing"


def test_exception_mid_export_keeps_previous(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kg import export
    from kg.pipeline import build

    out = tmp_path / "exports"
    build([ROOT / "seeds"], out, formats=["report", "turtle"])
    before = _snapshot(out)

    def boom(graph: object, path: Path) -> None:
        path.write_text("partial")
        raise RuntimeError("exporter crashed")

    original = export.get_writer
    monkeypatch.setitem(export.EXPORTERS, "boom", ("boom.txt", "unused:unused"))
    monkeypatch.setattr(export, "get_writer", lambda fmt: boom if fmt == "boom" else original(fmt))
    with pytest.raises(RuntimeError, match="exporter crashed"):
        build([ROOT / "seeds"], out, formats=["report", "boom"])
    assert _snapshot(out) == before
    assert os.listdir(tmp_path) == ["exports"]
