"""Alembic migrations build the model's schema from an empty database, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from surveyapp.extensions import make_engine
from surveyapp.migrate import downgrade, upgrade
from surveyapp.models import Base


def _assert_matches_models(url: str) -> None:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
            tables = set(inspect(connection).get_table_names())
    finally:
        engine.dispose()
    assert diff == [], f"migrations and models differ: {diff}"
    assert set(Base.metadata.tables) <= tables


def test_sqlite_upgrades_from_empty_and_matches_the_models(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    upgrade(url)
    _assert_matches_models(url)


def test_sqlite_downgrades_to_empty_and_back(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'roundtrip.sqlite3'}"
    upgrade(url)
    downgrade(url, "base")
    engine = make_engine(url)
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    engine.dispose()
    upgrade(url)
    _assert_matches_models(url)


@pytest.mark.postgres
def test_postgresql_upgrades_from_empty_and_matches_the_models(postgres_url: str) -> None:
    upgrade(postgres_url)
    _assert_matches_models(postgres_url)
    downgrade(postgres_url, "base")
    upgrade(postgres_url)
