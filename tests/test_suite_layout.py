"""The test suite's own layout: test modules share helpers through tests/helpers.py (and fixtures
through conftest.py), never by importing one another, so each runs alone, in any order, on any
pytest-xdist worker."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).parent


def imported_test_modules(path: Path) -> list[str]:
    """The modules under tests/ that `path` imports, other than tests.helpers."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            last = name.rsplit(".", 1)[-1]
            if (name.startswith("tests.") or (TESTS / f"{last}.py").exists()) and last.startswith(
                ("test_", "conftest")
            ):
                found.append(name)
    return found


@pytest.mark.parametrize("path", sorted(TESTS.glob("*.py")), ids=lambda p: p.name)
def test_no_test_module_imports_another_or_conftest(path: Path) -> None:
    assert imported_test_modules(path) == [], (
        f"{path.name}: import shared helpers from tests.helpers, fixtures come from conftest.py"
    )


def test_the_check_would_catch_one(tmp_path: Path) -> None:
    source = tmp_path / "test_x.py"
    source.write_text(
        "from tests.test_survey import QUESTIONS\nfrom tests.conftest import MINI\n"
        "import test_asker\nfrom tests.helpers import MINI\n",
        encoding="utf-8",
    )
    assert imported_test_modules(source) == ["tests.test_survey", "tests.conftest", "test_asker"]
