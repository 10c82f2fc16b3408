"""Responses, their answers and their free-text comments.

A response stores the wave, the reporting unit, an optional role band and the *day* it was submitted:
no time, IP address, user agent, user or invitation. Its id is random so row order reveals nothing.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.models.base import Base, random_id
from surveyapp.models.organisation import Unit
from surveyapp.models.surveys import Wave

CHANNELS = ("invitation", "open_link")
MODERATION_STATES = ("not_needed", "pending", "released", "kept_out", "referred")
SENTIMENT_LABELS = ("negative", "neutral", "positive")


class Response(Base):
    """One person's submitted answers to one wave."""

    __tablename__ = "response"
    __table_args__ = (CheckConstraint(f"channel IN {CHANNELS!r}", name="channel_known"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_id)
    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    role_band: Mapped[str | None] = mapped_column(String(40))
    organisation_named: Mapped[bool] = mapped_column(default=False)
    submitted_on: Mapped[dt.date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(20))

    wave: Mapped[Wave] = relationship()
    unit: Mapped[Unit] = relationship()
    answers: Mapped[list[Answer]] = relationship(back_populates="response", cascade="all, delete-orphan")
    comments: Mapped[list[Comment]] = relationship(back_populates="response", cascade="all, delete-orphan")


class Answer(Base):
    """One answer to a closed question; a multi-choice question has one row per option chosen."""

    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("response_id", "question_key", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[str] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"), index=True)
    question_key: Mapped[str] = mapped_column(String(64), index=True)
    value: Mapped[str] = mapped_column(String(64))
    numeric_value: Mapped[int | None]

    response: Mapped[Response] = relationship(back_populates="answers")


class Comment(Base):
    """The free text of one answer, with what analysis learned about it."""

    __tablename__ = "comment"
    __table_args__ = (
        UniqueConstraint("response_id", "question_key"),
        CheckConstraint(f"moderation_state IN {MODERATION_STATES!r}", name="moderation_state_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[str] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"), index=True)
    question_key: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    redacted_text: Mapped[str | None] = mapped_column(Text)
    redactions: Mapped[list | None]
    sentiment: Mapped[float | None] = mapped_column(Float)
    sentiment_label: Mapped[str | None] = mapped_column(String(10))
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="SET NULL"), index=True)
    flags: Mapped[list | None]
    moderation_state: Mapped[str] = mapped_column(String(20), default="not_needed")

    response: Mapped[Response] = relationship(back_populates="comments")
