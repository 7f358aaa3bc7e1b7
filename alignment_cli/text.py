"""Text helpers every layer may use."""

from __future__ import annotations

import unicodedata


def slugify(text: str) -> str:
    """A file-name-safe form of a person's name: 'Jana Cárpenter' -> 'jana-carpenter'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = "".join(ch if ch.isalnum() else "-" for ch in ascii_text.lower())
    return "-".join(part for part in slug.split("-") if part)[:60]
