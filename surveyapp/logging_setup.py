"""Logging that never records survey tokens."""

from __future__ import annotations

import logging
import re

from flask import Flask

# Paths whose last part is a secret: survey links and one-time password links.
_TOKEN_PATH = re.compile(r"(/s/|/reset-password/)[A-Za-z0-9_\-]+")


class RedactSurveyLinks(logging.Filter):
    """Mask tokens in ``/s/<token>`` and ``/reset-password/<token>`` paths so no log line carries one."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.args = tuple(_TOKEN_PATH.sub(r"\1…", a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = _TOKEN_PATH.sub(r"\1…", record.msg)
        return True


def init_app(app: Flask) -> None:
    """Install the token filter on the development server's and the app's loggers."""
    for name in ("werkzeug", app.logger.name):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactSurveyLinks) for f in logger.filters):
            logger.addFilter(RedactSurveyLinks())
