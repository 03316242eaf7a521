"""The wheel ``pip install .`` builds compiles the extraction hot path with mypyc (setup.py);
compiled and pure-Python extraction must give the same bytes.

The wheel is built from a copy of the sources (so nothing lands in the working tree) and
unpacked into a folder that subprocesses put first on ``sys.path``. A machine without a C
compiler installs pure Python instead; here that would fail the first test, on purpose:
CI installs gcc (``.ci/run``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from benchmarks.compiled import COMPILED_MODULES, compiled_site

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", name="compiled_site")
def _compiled_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return compiled_site(tmp_path_factory.mktemp("compiled"))


def _run(site: Path | None, args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python args`` with the compiled wheel (or, with ``site=None``, the sources) first on the path."""
    path = [str(site)] if site is not None else []
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([*path, str(ROOT)]))
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, check=False,
                          timeout=600)


def test_wheel_holds_compiled_modules(compiled_site: Path, tmp_path: Path) -> None:
    code = "import importlib, json, sys; print(json.dumps({m: importlib.import_module(m).__file__ for m in sys.argv[1:]}))"
    proc = _run(compiled_site, ["-c", code, *COMPILED_MODULES], tmp_path)
    assert proc.returncode == 0, proc.stderr
    files = json.loads(proc.stdout)
    for module, file in files.items():
        assert Path(file).is_relative_to(compiled_site), (module, file)
        assert file.endswith(".so"), f"{module} was not compiled: {file}"


def test_compiled_extraction_is_byte_identical(compiled_site: Path, tmp_path: Path) -> None:
    """Seeds, dev, held-out batches and the peer corpora: one hash per document, both ways."""
    pure = _run(None, ["-m", "benchmarks.fingerprint", "--save", str(tmp_path / "pure.json")], tmp_path)
    assert pure.returncode == 0, pure.stderr
    fast = _run(compiled_site, ["-m", "benchmarks.fingerprint", "--compare", str(tmp_path / "pure.json")], tmp_path)
    assert fast.returncode == 0, fast.stdout + fast.stderr
    lines = fast.stdout.splitlines()
    assert len(lines) >= 6 and all(line.endswith("same") for line in lines), fast.stdout


def test_compiled_build_reproduces_committed_exports(compiled_site: Path, tmp_path: Path) -> None:
    """Two worker processes (results cross by pickle) and the extraction cache, cold then warm."""
    committed = ROOT / "exports"
    names = sorted(str(p.relative_to(committed)) for p in committed.rglob("*") if p.is_file())
    code = "import sys; from kg.cli import main; sys.argv[0] = 'kg'; main()"
    for run in ("cold", "warm"):
        out = tmp_path / run
        args = ["-c", code, "-q", "build", str(ROOT / "seeds"), "-o", str(out), "-j", "2",
                "--cache-dir", str(tmp_path / "cache")]
        proc = _run(compiled_site, args, tmp_path)
        assert proc.returncode == 0, proc.stderr
        assert names == sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
        changed = [n for n in names if (out / n).read_bytes() != (committed / n).read_bytes()]
        assert changed == [], run
    assert any((tmp_path / "cache").rglob("*.pickle"))


def test_benchmark_measures_the_compiled_build(compiled_site: Path, tmp_path: Path) -> None:
    from benchmarks.corpus import write_corpus
    from benchmarks.extraction import run_corpus

    corpus = Path(write_corpus(20_000, tmp_path / "corpus.jsonl").path)
    row = run_corpus(corpus, exporters=False, site=compiled_site)
    assert row["build"] == "compiled (mypyc)", row
    assert row["stages"]["documents"] > 0 and row["end_to_end"]["mb_per_s"] > 0
    assert not row["stages"]["context_timed_separately"]  # compiled calls bypass the timing wrapper
