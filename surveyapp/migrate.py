"""Applying Alembic migrations from code (used by `heard migrate` and the test fixtures)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from surveyapp import REPOSITORY_ROOT


def alembic_config(database_url: str) -> Config:
    """An Alembic config for ``database_url`` using the repository's migrations."""
    config = Config(str(REPOSITORY_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(REPOSITORY_ROOT / "migrations"))
    # Percent signs in URLs (encoded passwords) would otherwise be read as interpolation.
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    config.attributes["configure_logging"] = False
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Migrate ``database_url`` up to ``revision``."""
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str) -> None:
    """Migrate ``database_url`` down to ``revision``."""
    command.downgrade(alembic_config(database_url), revision)
