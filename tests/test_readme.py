"""README stays true: the CLI reference matches --help, the set-up commands are the ones CI runs."""

from __future__ import annotations

from conftest import ROOT

from kg.clidoc import update_readme


def test_cli_reference_is_current() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert update_readme(readme) == readme, "run: python -m kg.clidoc --write README.md"


def test_setup_commands_match_ci() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python -m pip install -e . && kg build" in readme
    assert "bash .ci/run" in readme
    assert 'pip install -q -e ".[test]"' in ci
    assert "python -m pytest" in ci
