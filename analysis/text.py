"""Normalising and tokenising free-text comments."""

from __future__ import annotations

import re
import unicodedata

_WHITESPACE = re.compile(r"\s+")
_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


def normalise(text: str) -> str:
    """Return ``text`` in Unicode NFKC form with runs of whitespace collapsed and ends trimmed."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", text or "")).strip()


def tokenise(text: str) -> list[str]:
    """Lower-case word tokens of ``text`` (letters and digits, keeping simple contractions)."""
    return _TOKEN.findall(normalise(text).lower().replace("’", "'"))
