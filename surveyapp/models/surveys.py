"""Questionnaire snapshots, surveys and their waves."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Column, Date, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.models.base import Base, utcnow
from surveyapp.models.organisation import Unit

CADENCES = ("monthly", "termly", "ad_hoc")
ANONYMITY_MODES = ("anonymous", "confidential-partner")
WAVE_STATUSES = ("draft", "open", "closed", "analysed")

survey_audience = Table(
    "survey_audience",
    Base.metadata,
    Column("survey_id", ForeignKey("survey.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("unit.id", ondelete="RESTRICT"), primary_key=True),
)


class QuestionnaireVersion(Base):
    """A snapshot of one version of a questionnaire file, so old waves keep the wording they were asked in."""

    __tablename__ = "questionnaire_version"
    __table_args__ = (UniqueConstraint("key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    audience: Mapped[str] = mapped_column(String(20))
    definition: Mapped[dict]
    loaded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Survey(Base):
    """A questionnaire sent to an audience of units on a cadence, under one anonymity mode."""

    __tablename__ = "survey"
    __table_args__ = (
        CheckConstraint("reporting_threshold >= 3", name="threshold_at_least_3"),
        CheckConstraint("text_threshold >= reporting_threshold", name="text_threshold_not_lower"),
        CheckConstraint(f"cadence IN {CADENCES!r}", name="cadence_known"),
        CheckConstraint(f"anonymity_mode IN {ANONYMITY_MODES!r}", name="anonymity_mode_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_version.id"))
    cadence: Mapped[str] = mapped_column(String(20))
    anonymity_mode: Mapped[str] = mapped_column(String(30), default="anonymous")
    reporting_threshold: Mapped[int] = mapped_column(default=5)
    text_threshold: Mapped[int] = mapped_column(default=10)
    # The schedule `heard tick` follows: how long each wave stays open, and when the next one opens
    # (None: waves are only opened by hand).
    wave_length_days: Mapped[int] = mapped_column(default=14, server_default="14")
    next_wave_opens_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    questionnaire: Mapped[QuestionnaireVersion] = relationship()
    audience: Mapped[list[Unit]] = relationship(secondary=survey_audience, order_by=Unit.name)
    waves: Mapped[list[Wave]] = relationship(back_populates="survey", order_by="Wave.number")


class Wave(Base):
    """One run of a survey, moving draft → open → closed → analysed."""

    __tablename__ = "wave"
    __table_args__ = (
        UniqueConstraint("survey_id", "number"),
        CheckConstraint(f"status IN {WAVE_STATUSES!r}", name="status_known"),
        CheckConstraint("closes_on >= opens_on", name="closes_after_opens"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_version.id"))
    opens_on: Mapped[dt.date] = mapped_column(Date)
    closes_on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    analysed_at: Mapped[dt.datetime | None]
    reopen_reason: Mapped[str | None] = mapped_column(Text)

    survey: Mapped[Survey] = relationship(back_populates="waves")
    questionnaire: Mapped[QuestionnaireVersion] = relationship()
