"""Invitation tokens: generated with 192 bits of randomness, stored only as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 24  # 192 bits, above the 128-bit floor in DESIGN.md §3.3


def new_token() -> str:
    """A fresh URL-safe token for a single-use link."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    """The hex SHA-256 of ``token``: the only form in which a token is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def looks_like_token(value: str) -> bool:
    """True if ``value`` has the shape of a generated token (open-link slugs are shorter and readable)."""
    return len(value) >= 32 and all(c.isalnum() or c in "-_" for c in value)
