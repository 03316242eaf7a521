"""Atomic file output: write to a temporary file in the same folder, then rename.

An interrupted build (exception, SIGINT, SIGTERM) never leaves a half-written file,
and :func:`atomic_directory` swaps a whole export folder in one rename.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

__all__ = ["atomic_directory", "atomic_write", "write_bytes", "write_text"]


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], mode: str = "w") -> Iterator[IO[Any]]:
    """Open a temporary sibling of ``path`` for writing; rename it over ``path`` on success.

    Text mode writes UTF-8 with ``\\n`` newlines.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        if "b" in mode:
            with os.fdopen(fd, "wb") as fh:
                yield fh
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                yield fh
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` atomically as UTF-8."""
    with atomic_write(path, "w") as fh:
        fh.write(text)


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` atomically."""
    with atomic_write(path, "wb") as fh:
        fh.write(data)


#: Signals held back while a temporary folder is created or swapped in.
_HELD = {signal.SIGINT, signal.SIGTERM}


@contextlib.contextmanager
def atomic_directory(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a fresh temporary folder beside ``path``; on success it replaces ``path``.

    On any exception (or KeyboardInterrupt / SystemExit from a signal handler) the
    temporary folder is removed and the previous ``path`` is left untouched.
    """
    target = Path(path).absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.with_name(f".{target.name}.old")
    if old.exists() and not target.exists():
        # a previous run died between the two renames of the swap: put the old folder back
        os.replace(old, target)
    # SIGINT/SIGTERM held back until the new folder is known and inside the ``try`` that
    # removes it: a signal landing between mkdtemp() and the ``try`` would leave it behind
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    tmp: Path | None = None
    try:
        try:
            tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)  # a held signal is raised here
        yield tmp
        os.chmod(tmp, 0o755)
        _swap_in(tmp, target, old)
    except BaseException:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        raise


def _swap_in(tmp: Path, target: Path, old: Path) -> None:
    """Replace ``target`` by ``tmp`` with SIGINT/SIGTERM held back during the two renames."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        if target.exists():
            if old.exists():
                shutil.rmtree(old)
            os.replace(target, old)
            try:
                os.replace(tmp, target)
            except BaseException:
                os.replace(old, target)
                raise
        else:
            os.replace(tmp, target)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
    shutil.rmtree(old, ignore_errors=True)
