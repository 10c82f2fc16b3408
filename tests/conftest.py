"""Fixtures that build real databases: SQLite by default, PostgreSQL when DATABASE_URL points at one.

Each test session migrates a fresh database (a fresh schema on PostgreSQL) with Alembic, exactly as
`make run` does, and every test starts from empty tables.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
LOCAL_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def postgres_reachable(url: str) -> str | None:
    """None if ``url`` answers, else the reason it does not (used in skip messages)."""
    try:
        import psycopg

        plain = url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(plain.split("?")[0], connect_timeout=3):
            return None
    except Exception as error:  # any failure means "not here"; the reason goes in the skip message
        return f"PostgreSQL not reachable at {url}: {type(error).__name__}: {error}".splitlines()[0]


class PostgresSchema:
    """A throwaway schema in a PostgreSQL database, so concurrent or repeated runs never collide."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.split("?")[0]
        self.name = f"heard_test_{uuid.uuid4().hex[:10]}"

    @property
    def url(self) -> str:
        return f"{self.base_url}?options=-csearch_path%3D{self.name}"

    def _execute(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(
            self.base_url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True
        ) as conn:
            conn.execute(statement)

    def create(self) -> str:
        self._execute(f"CREATE SCHEMA {self.name}")
        return self.url

    def drop(self) -> None:
        self._execute(f"DROP SCHEMA IF EXISTS {self.name} CASCADE")


@contextmanager
def _fresh_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    configured = os.environ.get("DATABASE_URL", "")
    if configured.startswith("postgresql"):
        reason = postgres_reachable(configured)
        if reason:
            pytest.exit(f"DATABASE_URL is set but {reason}", returncode=1)
        schema = PostgresSchema(configured)
        url = schema.create()
        try:
            yield url
        finally:
            schema.drop()
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'heard.sqlite3'}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database for this test session: SQLite, or PostgreSQL when DATABASE_URL says so."""
    from surveyapp.migrate import upgrade

    with _fresh_database(tmp_path_factory) as url:
        upgrade(url)
        yield url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty schema on the local PostgreSQL server; skips with the reason when there is none."""
    base = os.environ.get("DATABASE_URL", "")
    base = base if base.startswith("postgresql") else LOCAL_POSTGRES_URL
    reason = postgres_reachable(base)
    if reason:
        pytest.skip(reason)
    schema = PostgresSchema(base)
    url = schema.create()
    try:
        yield url
    finally:
        schema.drop()


def _empty_all_tables(engine: Any) -> None:
    from sqlalchemy import text

    from surveyapp.models import Base

    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("TRUNCATE " + ", ".join(tables) + " RESTART IDENTITY CASCADE"))
        else:
            # Self-references (unit → parent) make row order matter; switch checks off while emptying.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            for table in tables:
                connection.execute(text(f"DELETE FROM {table}"))
            connection.commit()
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Any]:
    """A Heard app on the session's database, with every table emptied after the test."""
    from surveyapp import create_app
    from surveyapp.extensions import db

    application = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "test-secret-key",
            "TESTING": True,
            "BASE_URL": "http://heard.test",
        }
    )
    try:
        yield application
    finally:
        from surveyapp.jobs import wait_for_threads

        # An analysis a test asked for runs on a thread; let it finish before the tables are emptied, or it
        # would write into the next test's rows (SQLite reuses ids once a table is empty).
        wait_for_threads(120)
        db.session.remove()
        _empty_all_tables(db.engine)
        db.engine.dispose()


@pytest.fixture
def client(app: Any) -> Any:
    """A test client for ``app`` (CSRF on, as in production)."""
    return app.test_client()


@pytest.fixture
def session(app: Any) -> Iterator[Any]:
    """The app's database session inside an app context."""
    from surveyapp.extensions import db

    with app.app_context():
        yield db.session


@pytest.fixture
def shared_data() -> Path:
    """The shared evaluation data folder; skips when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared data not found at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """A headless Chromium browser (Debian's), one for the whole session: Playwright's sync API allows a
    single running instance per thread, so every package's browser tests share this one."""
    from tests.browser.conftest import AXE_SCRIPT, CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not installed at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install -r requirements-dev.txt)")
    if not AXE_SCRIPT.exists():
        pytest.skip(f"axe-core not found at {AXE_SCRIPT} (npm ci)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
