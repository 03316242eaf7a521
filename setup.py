"""Build hook: compile the extraction hot path with mypyc (metadata lives in pyproject.toml).

``pip install .`` (a wheel) compiles the modules in :data:`COMPILED` to C extensions with
mypyc (the compiler of mypy, a build-time requirement only) when a C compiler is present,
and falls back to the same modules as pure Python when it is not. The compiled and the
pure-Python extraction give byte-identical output (``tests/test_compiled.py``).

``pip install -e .`` (an editable install, for development) never compiles, so edits to the
sources take effect at once. Set ``CARTOGRAPH_PURE=1`` to skip compiling in a wheel too.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from setuptools import setup
from setuptools.command.build_ext import build_ext

#: The extraction hot path: compiled together (mypyc shares one runtime library between them).
#: Not kg/model.py: its frozen dataclasses cross process boundaries and the extraction cache
#: by pickle, which mypyc-compiled frozen dataclasses do not support.
COMPILED = [
    "kg/text.py",
    "kg/vocabulary.py",
    "kg/pipeline.py",
    "kg/extract/entities.py",
    "kg/extract/relations.py",
    "kg/extract/sentence_rules.py",
    "kg/extract/context.py",
]


class OptionalBuildExt(build_ext):
    """Build the compiled modules, or none of them: on any compiler error, warn and leave
    the pure-Python modules (always in the wheel) to be imported instead."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # noqa: BLE001 - distutils raises several unrelated types
            for ext in self.extensions:  # all or nothing: a shim without its runtime cannot import
                path = self.get_ext_fullpath(ext.name)
                if os.path.exists(path):
                    os.remove(path)
            self.extensions = []
            print(f"cartograph: compiling with mypyc failed ({exc}); installing pure Python",
                  file=sys.stderr)


#: setup.py commands that build a wheel or extensions (metadata-only and editable ones don't)
_BUILDS = {"bdist_wheel", "build", "build_ext", "install"}


def ext_modules() -> list[Any]:
    if os.environ.get("CARTOGRAPH_PURE") or "editable_wheel" in sys.argv or not _BUILDS & set(sys.argv):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("cartograph: mypyc not available; installing pure Python", file=sys.stderr)
        return []
    return list(mypycify(COMPILED, opt_level="3"))


setup(ext_modules=ext_modules(), cmdclass={"build_ext": OptionalBuildExt})
