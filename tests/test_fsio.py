"""Atomic output: files and export folders are replaced whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from kg.fsio import atomic_directory, atomic_write, write_text


def test_atomic_write_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    write_text(target, "old")
    with pytest.raises(RuntimeError):
        with atomic_write(target) as fh:
            fh.write("half")  # type: ignore[arg-type]
            raise RuntimeError("boom")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]
    write_text(target, "new")
    assert target.read_text() == "new"


def test_atomic_directory_keeps_previous_on_failure(tmp_path: Path) -> None:
    out = tmp_path / "exports"
    with atomic_directory(out) as tmp:
        (tmp / "graph.ttl").write_text("v1")
    for exc in (RuntimeError("mid-export"), KeyboardInterrupt()):
        with pytest.raises(type(exc)):
            with atomic_directory(out) as tmp:
                (tmp / "graph.ttl").write_text("v2-partial")
                raise exc
        assert (out / "graph.ttl").read_text() == "v1"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["exports"]


def test_atomic_directory_replaces_on_success(tmp_path: Path) -> None:
    out = tmp_path / "exports"
    out.mkdir()
    (out / "stale.txt").write_text("old")
    with atomic_directory(out) as tmp:
        (tmp / "graph.ttl").write_text("v2")
    assert sorted(p.name for p in out.iterdir()) == ["graph.ttl"]
    assert oct(os.stat(out).st_mode & 0o777) == "0o755"


def test_half_swap_is_recovered(tmp_path: Path) -> None:
    """A run killed between the two renames of the swap leaves `.exports.old`; the next run restores it."""
    out = tmp_path / "exports"
    old = tmp_path / ".exports.old"
    old.mkdir()
    (old / "graph.ttl").write_text("v1")
    with pytest.raises(RuntimeError):
        with atomic_directory(out):
            raise RuntimeError("fail before swap")
    assert (out / "graph.ttl").read_text() == "v1"


def test_signal_while_the_temporary_folder_is_made_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression (a CI run left '.exports.*.tmp'): Ctrl-C right after mkdtemp() created the
    folder, before atomic_directory could know it, left the folder behind."""
    import signal
    import tempfile

    real = tempfile.mkdtemp

    def interrupted_mkdtemp(*args: Any, **kwargs: Any) -> str:
        made = real(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGINT)  # the folder exists; its name is not returned yet
        return made

    monkeypatch.setattr(tempfile, "mkdtemp", interrupted_mkdtemp)
    with pytest.raises(KeyboardInterrupt):
        with atomic_directory(tmp_path / "exports"):
            pass
    assert list(tmp_path.iterdir()) == []
