"""Deterring repeat answers through open links, without identifying anyone.

Two deterrents, neither a guarantee (responses through open links are counted as such in reports):

* a signed cookie listing the waves this browser has answered. It holds wave numbers that are the same
  for everyone who answered, never an identifier, so it cannot be tied to a response;
* a rate limit per address and link, counted only for accepted answers. The key is a keyed hash, so the
  limiter's store (Redis when configured) never holds an address or a link in clear.
"""

from __future__ import annotations

import hashlib
import hmac

from itsdangerous import BadSignature, URLSafeSerializer

ANSWERED_COOKIE = "heard_answered"
ANSWERED_COOKIE_DAYS = 120  # longer than any wave stays open
_MAX_WAVES = 50  # keep the cookie small: the most recent waves are the ones that matter
_SALT = "heard.answered-waves"


def _serializer(secret_key: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret_key, salt=_SALT)


def answered_waves(cookie: str | None, secret_key: str) -> frozenset[int]:
    """The wave ids a browser's cookie says it has answered; empty if absent, forged or garbled."""
    if not cookie:
        return frozenset()
    try:
        value = _serializer(secret_key).loads(cookie)
    except BadSignature:
        return frozenset()
    if not isinstance(value, list):
        return frozenset()
    return frozenset(v for v in value if isinstance(v, int) and not isinstance(v, bool))


def with_answered_wave(cookie: str | None, wave_id: int, secret_key: str) -> str:
    """A new cookie value recording ``wave_id`` as answered, as well as the waves already recorded."""
    waves = sorted(answered_waves(cookie, secret_key) | {wave_id})[-_MAX_WAVES:]
    return _serializer(secret_key).dumps(waves)


def rate_limit_key(address: str, slug: str, secret_key: str) -> str:
    """The limiter key for one address answering through one open link (a keyed hash of both)."""
    digest = hmac.new(secret_key.encode(), f"{address}\n{slug}".encode(), hashlib.sha256)
    return digest.hexdigest()[:32]
