"""Locate (and on first use fetch) the Java tools the tests run: Jena, OWL API, Neo4j.

Each tool lives under tests/java/<tool>/ (a pom.xml and optional Java sources);
``.ci/java-tools.sh`` copies its jars from Maven Central into tools/<tool>/lib and
compiles its sources into tools/<tool>/classes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools"


def ensure_tool(tool: str) -> Path:
    """Fetch the tool if needed; return its folder (tools/<tool>)."""
    folder = TOOLS / tool
    if not (folder / ".done").exists():
        subprocess.run(["bash", str(ROOT / ".ci" / "java-tools.sh")], check=True, cwd=ROOT)
    if not (folder / ".done").exists():
        raise RuntimeError(f"java tool {tool!r} could not be fetched (see .ci/java-tools.sh)")
    return folder


def classpath(tool: str) -> str:
    """A java -cp string: compiled classes (if any) and every jar of the tool."""
    folder = ensure_tool(tool)
    parts = []
    if (folder / "classes").is_dir():
        parts.append(str(folder / "classes"))
    parts.append(str(folder / "lib" / "*"))
    return os.pathsep.join(parts)


def java() -> str:
    exe = shutil.which("java")
    if exe is None:
        raise RuntimeError("java is not on PATH")
    return exe


def run_java(tool: str, main_class: str, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run ``main_class`` of ``tool`` with ``args``; capture text output."""
    return subprocess.run(
        [java(), "-cp", classpath(tool), main_class, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )
