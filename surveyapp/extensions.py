"""Extension objects shared by the app: database, CSRF protection and sign-in."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf import CSRFProtect
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, scoped_session, sessionmaker


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Foreign keys are off by default in SQLite; WAL lets readers work while a response is written.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine with the settings Heard relies on for each database."""
    # Errors never carry statement parameters: they would put comment text and answers in the logs.
    kwargs.setdefault("hide_parameters", True)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 10, "check_same_thread": False}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # A connection broken by a PostgreSQL restart is noticed and replaced before use, so the app
    # recovers by itself; connections older than 30 minutes are recycled for the same reason.
    kwargs.setdefault("pool_pre_ping", True)
    kwargs.setdefault("pool_recycle", 1800)
    return create_engine(url, **kwargs)


class Database:
    """Holds the engine and a request-scoped session, removed when each app context ends."""

    def __init__(self) -> None:
        self.engine: Engine | None = None
        self.session: scoped_session[Session] = scoped_session(sessionmaker(expire_on_commit=False))

    def init_app(self, app: Flask) -> None:
        """Bind the session to the engine for ``app``'s database URL, its pool sized by the ``DB_*`` settings.

        The engine is made here, in each process: gunicorn loads the app after forking (no
        ``preload_app``), and ``gunicorn.conf.py`` disposes of any inherited pool should preloading be on.
        """
        url = app.config["SQLALCHEMY_DATABASE_URI"]
        pool: dict[str, Any] = {}
        if not url.startswith("sqlite"):
            pool = {
                "pool_size": app.config.get("DB_POOL_SIZE", 5),
                "max_overflow": app.config.get("DB_MAX_OVERFLOW", 2),
                "pool_timeout": app.config.get("DB_POOL_TIMEOUT", 10),
            }
        self.engine = make_engine(url, **pool)
        self.session.configure(bind=self.engine)
        app.extensions["heard_db"] = self

        @app.teardown_appcontext
        def _remove_session(_exc: BaseException | None) -> None:
            self.session.remove()


db = Database()
csrf = CSRFProtect()
login_manager = LoginManager()
# Limits are declared per view; storage is Redis when REDIS_URL is set (shared by all workers), else memory.
limiter = Limiter(key_func=get_remote_address, default_limits=[])
