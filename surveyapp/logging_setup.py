"""Logging that never records what people wrote, their links or where they are.

Every line goes through :class:`MaskingFormatter` (text, for development) or :class:`JsonFormatter`
(one JSON object a line, for production: ``LOG_FORMAT=json``, the default when ``HEARD_ENV=production``).
Both mask survey and password-reset tokens in paths, email addresses and IP addresses in whatever reaches
them, including exception text. Nothing in Heard logs form bodies, comments or answers; SQL parameters are
kept out of error messages by the engine (``hide_parameters``).

Client IP addresses are never logged, not even in the request line: a line joining an address to a
time and a survey path is enough to tell who answered (DESIGN.md: no IP stored with a response), and
the rate limiters that need an address keep it only in their own short-lived counters.

Each request gets an id (the load balancer's ``X-Request-ID`` when it looks like one, else a new one),
returned as ``X-Request-ID`` and carried on every line logged while serving it; one ``request`` line
per request records method, masked path, status and duration.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sys
import time
import uuid
from typing import Any

from flask import Flask, Response, g, has_request_context, request

# Paths whose last part is a secret: survey links and one-time password links.
_TOKEN_PATH = re.compile(r"(/s/|/reset-password/)[^/?#\s\"']+")
_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")
# Full or "::"-compressed IPv6; three or more colons so a clock time (12:30:45) is left alone.
_HEX = r"[0-9A-Fa-f]{1,4}"
_IPV6 = re.compile(
    rf"(?<![\w:])(?:(?:{_HEX}:){{3,7}}{_HEX}|(?:{_HEX}(?::{_HEX})*)?::(?:{_HEX}(?::{_HEX})*)?)(?![\w:])"
)
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
REQUEST_LOGGER = "heard.request"
LOG_FORMATS = ("json", "text")

# Attributes every LogRecord has; anything else on a record was passed as ``extra`` and is logged.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


def mask(text: str) -> str:
    """``text`` with tokens in survey and reset paths, email addresses and IP addresses masked."""
    text = _TOKEN_PATH.sub(r"\1…", text)
    text = _EMAIL.sub("[email]", text)
    text = _IPV4.sub("[ip]", text)
    return _IPV6.sub("[ip]", text)


def mask_path(path: str) -> str:
    """A request path fit for a log line (tokens masked; query strings are never logged)."""
    return _TOKEN_PATH.sub(r"\1…", path.split("?", 1)[0])


class RedactSurveyLinks(logging.Filter):
    """Mask tokens in ``/s/<token>`` and ``/reset-password/<token>`` paths so no log line carries one."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.args = tuple(_TOKEN_PATH.sub(r"\1…", a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = _TOKEN_PATH.sub(r"\1…", record.msg)
        return True


def _context(record: logging.LogRecord) -> dict[str, Any]:
    """The request id (in a request) or the job id (in an RQ job) the record belongs to."""
    fields: dict[str, Any] = {}
    if has_request_context():
        request_id = getattr(g, "request_id", None)
        if request_id:
            fields["request_id"] = request_id
    else:
        job_id = _current_job_id()
        if job_id:
            fields["job_id"] = job_id
    return fields


def _current_job_id() -> str | None:
    rq_job = sys.modules.get("rq.job")
    if rq_job is None:
        return None
    try:
        job = rq_job.get_current_job()
    except Exception:  # no connection or no job: nothing to add
        return None
    return job.id if job is not None else None


class MaskingFormatter(logging.Formatter):
    """Plain text lines for development, masked like the JSON ones."""

    def __init__(self, fmt: str | None = None, datefmt: str | None = None, **kwargs: Any) -> None:
        super().__init__(fmt or "%(asctime)s %(levelname)s [%(name)s] %(message)s", datefmt, **kwargs)

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        extra = {k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")}
        extra.update(_context(record))
        if extra:
            line += " " + " ".join(f"{k}={v}" for k, v in extra.items())
        return mask(line)


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request or job id, and any ``extra`` fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": mask(record.getMessage()),
        }
        entry.update(_context(record))
        for key, value in vars(record).items():
            if key in _STANDARD or key.startswith("_") or key in entry:
                continue
            entry[key] = mask(value) if isinstance(value, str) else value
        if record.exc_info:
            entry["exception"] = mask(self.formatException(record.exc_info))
        elif record.exc_text:
            entry["exception"] = mask(record.exc_text)
        if record.stack_info:
            entry["stack"] = mask(self.formatStack(record.stack_info))
        return json.dumps(entry, default=str)


def formatter_for(log_format: str) -> logging.Formatter:
    """The formatter for ``LOG_FORMAT`` (``json`` or ``text``)."""
    return JsonFormatter() if log_format == "json" else MaskingFormatter()


class _HeardHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Marks the handler Heard installed, so setting up again replaces it instead of adding another."""


def configure_logging(log_format: str = "text", level: str | int = "INFO") -> None:
    """Send every logger's records to stdout through Heard's formatter (replacing Heard's earlier one).

    Leaves other handlers alone: under gunicorn, ``gunicorn.conf.py`` has already put the same formatter
    on the root logger, and pytest's capture handlers must keep working.
    """
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, _HeardHandler):
            root.removeHandler(handler)
    if not any(isinstance(h.formatter, MaskingFormatter | JsonFormatter) for h in root.handlers):
        handler = _HeardHandler(sys.stdout)
        handler.setFormatter(formatter_for(log_format))
        root.addHandler(handler)
    root.setLevel(level)
    # Alembic announces its plugins each time /readyz first reads the migration scripts.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    # rq adds its own unmasked handler to "rq.worker" unless one is in effect; ours on the root is.
    for name in ("werkzeug", "rq.worker", "gunicorn.error"):
        logging.getLogger(name).propagate = True


def _start_request() -> None:
    incoming = request.headers.get("X-Request-ID", "")
    g.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _finish_request(response: Response) -> Response:
    request_id = getattr(g, "request_id", None)
    if request_id is None:
        return response
    response.headers["X-Request-ID"] = request_id
    duration_ms = round((time.perf_counter() - g.request_started) * 1000, 1)
    logging.getLogger(REQUEST_LOGGER).info(
        "%s %s %s",
        request.method,
        mask_path(request.path),
        response.status_code,
        extra={
            "method": request.method,
            "path": mask_path(request.path),
            "status": response.status_code,
            "duration_ms": duration_ms,
        },
    )
    return response


def init_app(app: Flask) -> None:
    """Set up Heard's log format, per-request ids and request lines, and keep werkzeug's IP-free."""
    log_format = app.config.get("LOG_FORMAT", "text")
    if not app.config.get("TESTING") or app.config.get("LOG_CONFIGURE"):
        configure_logging(log_format, app.config.get("LOG_LEVEL", "INFO"))
    # The development server's own request line carries the client address and duplicates ours.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    for name in ("werkzeug", app.logger.name):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactSurveyLinks) for f in logger.filters):
            logger.addFilter(RedactSurveyLinks())
    app.before_request(_start_request)
    app.after_request(_finish_request)
