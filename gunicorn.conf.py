"""gunicorn settings for `make serve` and production: ``gunicorn --config gunicorn.conf.py wsgi:app``.

The app itself reads its settings from the environment (surveyapp/config.py), the same for every web
process and the RQ worker:

- ``DATABASE_URL``   PostgreSQL in production (``postgresql+psycopg://user:pass@host/db``); SQLite if unset.
- ``REDIS_URL``      Redis for background jobs and shared rate limits; without it jobs run in-process.
- ``SECRET_KEY``     the same long random value for every process (required when ``HEARD_ENV=production``).
- ``LOG_FORMAT``     ``json`` (default in production) or ``text``; ``LOG_LEVEL`` (default ``info``).

This file reads:

- ``WEB_CONCURRENCY`` worker processes (default: one per CPU, at least 2).
- ``WEB_THREADS``     threads per worker (default 1). Each thread can hold one database connection:
  the app's pool is ``DB_POOL_SIZE`` (default WEB_THREADS + 1) plus ``DB_MAX_OVERFLOW`` (default 2) per
  worker, so PostgreSQL needs ``max_connections`` above WEB_CONCURRENCY × (pool + overflow) for all hosts.
- ``BIND`` (e.g. ``0.0.0.0:8000``) or ``PORT`` (binds 127.0.0.1, behind a reverse proxy).
- ``WEB_TIMEOUT``     seconds before a stuck worker is killed and replaced (default 30).
"""

import multiprocessing
import os

bind = os.environ.get("BIND") or f"127.0.0.1:{os.environ.get('PORT', '5000')}"
workers = int(os.environ.get("WEB_CONCURRENCY") or max(2, multiprocessing.cpu_count()))
threads = int(os.environ.get("WEB_THREADS") or "1")
# Threads share the app and its pool; keep DB_POOL_SIZE in step (the app reads WEB_THREADS for its default).
os.environ.setdefault("WEB_THREADS", str(threads))
timeout = int(os.environ.get("WEB_TIMEOUT") or "30")
graceful_timeout = 20
keepalive = 5
# WEB_MAX_REQUESTS restarts a worker after that many requests, a guard against slow leaks. Off by default:
# web processes never load the analysis models, and at peak a restart every few thousand requests spends
# more CPU re-importing the app than it saves (measured with benchmarks/submit_load.py).
max_requests = int(os.environ.get("WEB_MAX_REQUESTS") or "0")
max_requests_jitter = max_requests // 10
# The app (and its database engine and Redis clients) is created in each worker after the fork: a pool
# created before forking would be shared by every worker and its connections corrupted.
preload_app = False
# Behind a reverse proxy that terminates TLS: trust its X-Forwarded-* headers (only from localhost).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# No access log: gunicorn's line joins the client address to the path, which anonymity forbids. The app
# logs one line per request itself (method, masked path, status, duration, request id — no address).
accesslog = None
errorlog = "-"
loglevel = (os.environ.get("LOG_LEVEL") or "info").lower()
_log_format = (os.environ.get("LOG_FORMAT") or "").lower() or (
    "json" if (os.environ.get("HEARD_ENV") or "").lower() == "production" else "text"
)
_formatter = "surveyapp.logging_setup." + ("JsonFormatter" if _log_format == "json" else "MaskingFormatter")
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"heard": {"()": _formatter}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "heard", "stream": "ext://sys.stdout"},
        "error_console": {
            "class": "logging.StreamHandler",
            "formatter": "heard",
            "stream": "ext://sys.stdout",
        },
    },
    "root": {"level": loglevel.upper(), "handlers": ["console"]},
    "loggers": {
        # gunicorn's own messages go through the root's handler (one formatter, one stream).
        "gunicorn.error": {"level": loglevel.upper(), "handlers": [], "propagate": True},
        # A logging config switches gunicorn's access log on; this keeps it silent.
        "gunicorn.access": {"level": "CRITICAL", "handlers": [], "propagate": False},
    },
}


def post_fork(server: object, worker: object) -> None:
    """If the app was ever preloaded, drop the pool inherited from the master: each worker connects anew."""
    try:
        from surveyapp.extensions import db
    except ImportError:
        return
    if db.engine is not None:
        db.engine.dispose(close=False)
