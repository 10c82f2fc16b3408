"""Declarative base, naming convention and shared column helpers."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import ClassVar

from sqlalchemy import JSON, DateTime, MetaData
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base class of every Heard model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict] = {dict: JSON, list: JSON, dt.datetime: DateTime(timezone=True)}


def utcnow() -> dt.datetime:
    """The current time in UTC (for staff actions only — never stored with a response)."""
    return dt.datetime.now(dt.UTC)


def random_id() -> str:
    """A random identifier, so row ids reveal nothing about the order things happened in."""
    return uuid.uuid4().hex
