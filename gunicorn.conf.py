"""gunicorn settings for `make serve` and production. Override with GUNICORN_* or WEB_* variables."""

import multiprocessing
import os

bind = f"127.0.0.1:{os.environ.get('PORT', '5000')}" if "BIND" not in os.environ else os.environ["BIND"]
workers = int(os.environ.get("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count())))
threads = int(os.environ.get("WEB_THREADS", "1"))
timeout = 30
graceful_timeout = 20
# No access log by default: a line joining a client address to a survey path is what anonymity forbids.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info")
