"""Where the package's data lives: the questionnaires and report templates shipped with it."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """A data folder shipped in the wheel, or, in a checkout, the one at the top of the repo."""
    inside = PACKAGE_DIR / name
    return inside if inside.is_dir() else PACKAGE_DIR.parent / name
