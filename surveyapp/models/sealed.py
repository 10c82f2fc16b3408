"""A string column whose value is sealed (encrypted) in the database and plain in Python."""

from __future__ import annotations

import logging
from typing import Any

from flask import current_app
from sqlalchemy import String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from surveyapp import sealing

log = logging.getLogger(__name__)


class SealedString(TypeDecorator[str]):
    """Seals on write and opens on read with the app's key (``surveyapp.sealing``); needs an app context.

    Sealed tokens are longer than their values: a 32-character secret takes about 150 characters.
    """

    impl = String(255)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return sealing.seal(str(value), sealing.key_material(current_app.config))

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        plain = sealing.unseal(value, sealing.key_material(current_app.config))
        if plain == sealing.UNREADABLE:
            log.error(
                "a stored authenticator secret cannot be opened with this key: was SECRET_KEY changed "
                "without setting MFA_SECRET_KEY to the old one? Reset that account's authenticator app."
            )
        return plain
