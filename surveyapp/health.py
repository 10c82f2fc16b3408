"""Health checks for the load balancer and the process manager.

``/healthz`` (liveness): the process answers and so does the database. ``/readyz`` (readiness): the
database answers, its schema is at the latest migration, and Redis answers when ``REDIS_URL`` is set —
otherwise 503 with the reason, so a load balancer sends no traffic to a web process that cannot serve it.
Neither says anything about surveys or responses.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from surveyapp.extensions import csrf, db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@csrf.exempt
def healthz() -> ResponseReturnValue:
    """200 with ``{"status": "ok"}`` when the database answers, 503 otherwise."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok", database="ok")


def _migration_heads() -> set[str]:
    """The newest revision(s) in ``migrations/`` (read once per process: they change only on deploy)."""
    heads = current_app.extensions.get("heard.migration_heads")
    if heads is None:
        from alembic.script import ScriptDirectory

        from surveyapp.migrate import alembic_config

        script = ScriptDirectory.from_config(alembic_config(current_app.config["SQLALCHEMY_DATABASE_URI"]))
        heads = set(script.get_heads())
        current_app.extensions["heard.migration_heads"] = heads
    return heads


def _check_database() -> tuple[str, str | None]:
    try:
        applied = set(db.session.scalars(text("SELECT version_num FROM alembic_version")))
    except SQLAlchemyError as error:
        db.session.rollback()
        if "alembic_version" in str(error.orig if hasattr(error, "orig") else error):
            return "not migrated", "the database has no migrations applied: run `heard migrate`"
        return "unreachable", "the database does not answer"
    heads = _migration_heads()
    if applied != heads:
        return "behind", (
            f"the database is at {', '.join(sorted(applied)) or 'no revision'}, "
            f"not {', '.join(sorted(heads))}: run `heard migrate`"
        )
    return "ok", None


def _check_redis(url: str) -> tuple[str, str | None]:
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
    except (RedisError, OSError):
        return "unreachable", "Redis (REDIS_URL) does not answer"
    return "ok", None


@bp.get("/readyz")
@csrf.exempt
def readyz() -> ResponseReturnValue:
    """200 when this process can serve traffic; 503 with ``reasons`` saying what is wrong otherwise."""
    checks: dict[str, Any] = {}
    reasons: list[str] = []
    checks["database"], reason = _check_database()
    if reason:
        reasons.append(reason)
    redis_url = current_app.config.get("REDIS_URL")
    if redis_url:
        checks["redis"], reason = _check_redis(redis_url)
        # Web processes still take answers without Redis (jobs then run in-process), so by default an
        # outage is reported but does not take them out of service; READY_REQUIRES_REDIS=1 makes it do so.
        if reason and current_app.config.get("READY_REQUIRES_REDIS", False):
            reasons.append(reason)
    if reasons:
        return jsonify(status="unavailable", reasons=reasons, **checks), 503
    return jsonify(status="ok", **checks)
