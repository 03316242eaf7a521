"""A real Neo4j 5 Community for the tests: embedded, Bolt on 127.0.0.1, auth off.

The Java side is ``tests/java/neo4j`` (``Neo4jTool``): ``serve HOME PORT`` starts the
embedded DBMS on a Neo4j home folder and prints ``READY ...``; ``admin HOME ARGS...``
runs the real ``neo4j-admin`` commands (``database import full``) on that home.
:func:`admin_import` runs an export's own ``import.sh`` with ``NEO4J_ADMIN`` pointing
at a wrapper around the latter, so the script, its options and the CSV files are all
checked by Neo4j's importer.
"""

from __future__ import annotations

import os
import shlex
import socket
import stat
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import javatools

JVM_OPTS = ("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
START_TIMEOUT = 300.0  # a guard against a hung JVM, not a performance check


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _java_cmd(*args: str) -> list[str]:
    return [javatools.java(), *JVM_OPTS, "-cp", javatools.classpath("neo4j"), "Neo4jTool", *args]


def admin_wrapper(home: Path, folder: Path) -> Path:
    """Write an executable ``neo4j-admin`` stand-in (the real admin commands) into ``folder``."""
    script = folder / "neo4j-admin"
    cmd = " ".join(shlex.quote(a) for a in _java_cmd("admin", str(home)))
    script.write_text(f'#!/bin/sh\nexec {cmd} "$@"\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def admin_import(export_dir: Path, home: Path, scratch: Path) -> subprocess.CompletedProcess[str]:
    """Run ``export_dir/import.sh`` against the Neo4j home ``home``; return the process."""
    wrapper = admin_wrapper(home, scratch)
    env = {**os.environ, "NEO4J_ADMIN": str(wrapper)}
    return subprocess.run(
        ["sh", str(export_dir / "import.sh")],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=START_TIMEOUT,
        cwd=scratch,
    )


@contextmanager
def running_neo4j(home: Path) -> Iterator[str]:
    """Start Neo4j on ``home``; yield its bolt URI; stop it (close stdin, then wait)."""
    home.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = (home / "launcher.log").open("w", encoding="utf-8")
    proc = subprocess.Popen(
        _java_cmd("serve", str(home), str(port)),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    ready = threading.Event()
    lines: list[str] = []

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            if line.startswith("READY "):
                ready.set()

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    deadline = time.monotonic() + START_TIMEOUT
    try:
        while not ready.wait(1.0):
            if proc.poll() is not None or time.monotonic() > deadline:
                break
        if not ready.is_set():
            proc.kill()
            log.flush()
            raise RuntimeError(
                "Neo4j did not start:\n" + "".join(lines) + (home / "launcher.log").read_text()[-4000:]
            )
        yield f"bolt://127.0.0.1:{port}"
    finally:
        if proc.stdin is not None:
            proc.stdin.close()
        try:
            proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        reader.join(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()
        log.close()


def split_cypher(text: str) -> list[str]:
    """Statements of an ``import.cypher``: lines up to one ending in ``;``; ``//`` lines skipped."""
    statements: list[str] = []
    current: list[str] = []
    for line in text.split("\n"):  # not splitlines(): U+2028 is no line end here
        if not current and (not line.strip() or line.lstrip().startswith("//")):
            continue
        current.append(line)
        if line.rstrip().endswith(";"):
            statements.append("\n".join(current).rstrip()[:-1])
            current = []
    if current:
        raise ValueError(f"unterminated statement: {current[0][:80]}")
    return statements


def run_cypher_file(driver: Any, path: Path) -> int:
    """Run every statement of ``path`` (each in its own transaction); return how many ran."""
    statements = split_cypher(path.read_text(encoding="utf-8"))
    with driver.session() as session:
        for st in statements:
            session.run(st).consume()
    return len(statements)
