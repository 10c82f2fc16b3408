"""Secrets sealed at rest: authenticator-app (TOTP) secrets are stored encrypted, never in plain text.

A copy of the database (a backup, a support extract) then holds nothing that lets anyone make sign-in
codes. Values are Fernet tokens (AES-128-CBC with HMAC-SHA256, from ``cryptography``) prefixed with
``sealed:v1:``. The key is derived with HKDF-SHA256 from ``MFA_SECRET_KEY`` when set, otherwise from
``SECRET_KEY``; so changing ``SECRET_KEY`` without setting ``MFA_SECRET_KEY`` to the old one makes every
stored secret unreadable, and each admin or leader must have their authenticator app reset.
"""

from __future__ import annotations

import base64
import functools
from collections.abc import Mapping
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PREFIX = "sealed:v1:"
# What a sealed value that this key cannot open reads as: never a valid base32 secret, so no code matches.
UNREADABLE = "!unreadable"
_CONTEXT = b"heard: authenticator secrets v1"


class SealingKeyMissing(RuntimeError):
    """Neither MFA_SECRET_KEY nor SECRET_KEY is configured, so secrets cannot be sealed or opened."""


def key_material(config: Mapping[str, Any]) -> str:
    """The configured secret the sealing key is derived from (MFA_SECRET_KEY, else SECRET_KEY)."""
    material = config.get("MFA_SECRET_KEY") or config.get("SECRET_KEY")
    if not material:
        raise SealingKeyMissing("set SECRET_KEY (or MFA_SECRET_KEY) to store authenticator secrets")
    return str(material)


@functools.lru_cache(maxsize=8)
def _fernet(material: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_CONTEXT).derive(material.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def seal(value: str, material: str) -> str:
    """``value`` encrypted under the key derived from ``material``, ready to store."""
    return PREFIX + _fernet(material).encrypt(value.encode()).decode("ascii")


def is_sealed(stored: str) -> bool:
    """Whether ``stored`` is a sealed value (anything else is a secret stored before sealing existed)."""
    return stored.startswith(PREFIX)


def unseal(stored: str, material: str) -> str:
    """The plain value of ``stored``; a value from before sealing passes through unchanged.

    A value sealed under another key reads as ``UNREADABLE`` rather than raising, so one account's
    unreadable secret fails its own sign-in (closed) without breaking every page that loads users.
    """
    if not is_sealed(stored):
        return stored
    try:
        return _fernet(material).decrypt(stored[len(PREFIX) :].encode("ascii")).decode()
    except (InvalidToken, ValueError):
        return UNREADABLE
