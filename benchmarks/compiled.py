"""The mypyc-compiled build of ``kg``, as ``pip install .`` makes it, in a folder of its own.

:func:`compiled_site` copies the sources (``pyproject.toml``, ``setup.py``, ``kg/``,
``ontologies/``) to a work folder, builds the wheel there (``pip wheel --no-build-isolation``,
so setuptools, wheel and mypy come from this environment) and unpacks it. Put the folder
first on ``PYTHONPATH`` (and run from outside the repository) to import the compiled ``kg``.
Builds are cached by a hash of the sources, so a second call costs nothing.
"""

from __future__ import annotations

import ast
import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from benchmarks import ROOT

__all__ = ["COMPILED_MODULES", "compiled_site", "is_compiled", "source_hash"]



def _setup_compiled(root: Path = ROOT) -> tuple[str, ...]:
    """Module names of the ``COMPILED`` list in setup.py (read, not imported: it calls setup())."""
    for node in ast.parse((root / "setup.py").read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "COMPILED" for t in node.targets):
            return tuple(path.removesuffix(".py").replace("/", ".") for path in ast.literal_eval(node.value))
    raise RuntimeError("setup.py has no COMPILED list")


#: The modules setup.py compiles (tests/test_compiled.py checks each is an extension).
COMPILED_MODULES = _setup_compiled()
_FILES = ("pyproject.toml", "setup.py", "README.md")
_FOLDERS = ("kg", "ontologies")
_IGNORE = shutil.ignore_patterns("__pycache__", "*.so", "*.pyc")


def _sources(root: Path) -> list[Path]:
    out = [root / f for f in _FILES]
    for folder in _FOLDERS:
        out += sorted(p for p in (root / folder).rglob("*")
                      if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".so", ".pyc"))
    return out


def source_hash(root: Path = ROOT) -> str:
    """SHA-256 (first 16 hex digits) over the paths and bytes of what the wheel is built from."""
    h = hashlib.sha256()
    for p in _sources(root):
        h.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def compiled_site(work: Path, root: Path = ROOT) -> Path:
    """Build (or reuse) the compiled wheel of ``root`` under ``work``; return the unpacked folder.

    :raises RuntimeError: when the wheel cannot be built, or was built without compiled
        modules (no C compiler: setup.py then falls back to pure Python).
    """
    key = source_hash(root)
    site = work / f"compiled-{key}" / "site"
    if (site / "kg").is_dir():
        return site
    base = site.parent
    shutil.rmtree(base, ignore_errors=True)
    src = base / "src"
    src.mkdir(parents=True)
    for name in _FILES:
        shutil.copy2(root / name, src / name)
    for folder in _FOLDERS:
        shutil.copytree(root / folder, src / folder, ignore=_IGNORE)
    env = {k: v for k, v in os.environ.items() if k != "CARTOGRAPH_PURE"}
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "--no-build-isolation", "-q", "-w", str(base / "dist")],
        cwd=src, env=env, capture_output=True, text=True, check=False,
    )
    if proc.returncode:
        raise RuntimeError(f"pip wheel failed: {proc.stderr.strip()[-2000:]}")
    (wheel,) = (base / "dist").glob("cartograph-*.whl")
    tmp = base / "site.tmp"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(tmp)
    if not any(tmp.glob("kg/*.so")):
        raise RuntimeError("the wheel holds no compiled modules (is a C compiler installed?)")
    tmp.rename(site)
    shutil.rmtree(src, ignore_errors=True)
    return site


def is_compiled() -> bool:
    """Whether this process imports the compiled extraction modules."""
    import kg.text

    return (kg.text.__file__ or "").endswith((".so", ".pyd"))
