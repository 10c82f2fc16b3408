"""Readiness (/readyz): the database answers at the latest migration, and Redis answers when configured."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest

from surveyapp import create_app
from surveyapp.extensions import db
from surveyapp.migrate import upgrade

REDIS_TEST_URL = "redis://127.0.0.1:6379/15"


def _app_on(url: str, **config: Any) -> Any:
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "k", "TESTING": True, **config})


def _ready(app: Any) -> Any:
    try:
        return app.test_client().get("/readyz")
    finally:
        with app.app_context():
            db.session.remove()


def test_ready_when_the_database_is_migrated(client: Any) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_not_ready_before_migrations_or_while_they_are_behind(tmp_path: Path, app: Any) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    empty = _ready(_app_on(url))
    assert empty.status_code == 503 and empty.get_json()["database"] == "not migrated"
    assert "heard migrate" in empty.get_json()["reasons"][0]
    upgrade(url, "0002")
    behind = _ready(_app_on(url))
    assert behind.status_code == 503 and behind.get_json()["database"] == "behind"
    upgrade(url)
    assert _ready(_app_on(url)).status_code == 200


def test_redis_is_checked_when_configured(database_url: str, app: Any) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    strict = _ready(
        _app_on(database_url, REDIS_URL=f"redis://127.0.0.1:{closed}/0", READY_REQUIRES_REDIS=True)
    )
    assert strict.status_code == 503
    assert strict.get_json()["redis"] == "unreachable" and strict.get_json()["database"] == "ok"
    # By default a Redis outage is reported, but the process keeps taking answers.
    tolerant = _ready(_app_on(database_url, REDIS_URL=f"redis://127.0.0.1:{closed}/0"))
    assert tolerant.status_code == 200 and tolerant.get_json()["redis"] == "unreachable"
    try:
        from redis import Redis

        Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=2).ping()
    except Exception as error:  # no Redis on this machine: the rest has been checked
        pytest.skip(f"Redis not reachable at {REDIS_TEST_URL}: {error}")
    up = _ready(_app_on(database_url, REDIS_URL=REDIS_TEST_URL))
    assert up.status_code == 200 and up.get_json()["redis"] == "ok"
