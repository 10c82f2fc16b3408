"""What analysis stores for the insights pages: runs, per-wave theme figures, moderation and API tokens."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, Float, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.models.accounts import User
from surveyapp.models.base import Base, utcnow
from surveyapp.models.responses import Comment
from surveyapp.models.surveys import Survey, Wave
from surveyapp.models.themes import Theme

RUN_STATUSES = ("queued", "running", "done", "failed")
MODERATION_OUTCOMES = ("released", "kept_out", "referred")


class AnalysisRun(Base):
    """One run of the analysis pipeline over a survey series, with its progress for the dashboard."""

    __tablename__ = "analysis_run"
    __table_args__ = (
        CheckConstraint(f"status IN {RUN_STATUSES!r}", name="status_known"),
        CheckConstraint("progress >= 0 AND progress <= 1", name="progress_is_a_fraction"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    wave_id: Mapped[int | None] = mapped_column(ForeignKey("wave.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(20), default="queued")
    stage: Mapped[str | None] = mapped_column(String(80))
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    comments_analysed: Mapped[int] = mapped_column(default=0)
    message: Mapped[str | None] = mapped_column(Text)
    job_id: Mapped[str | None] = mapped_column(String(64))
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    started_at: Mapped[dt.datetime | None]
    finished_at: Mapped[dt.datetime | None]

    survey: Mapped[Survey] = relationship()
    wave: Mapped[Wave | None] = relationship()


class ThemeWaveStat(Base):
    """A theme's figures in one wave: how many comments, what share, how they feel, and whether it moved."""

    __tablename__ = "theme_wave_stat"
    __table_args__ = (UniqueConstraint("theme_id", "wave_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"), index=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id", ondelete="CASCADE"), index=True)
    comment_count: Mapped[int]
    share: Mapped[float] = mapped_column(Float)
    sentiment_mean: Mapped[float | None] = mapped_column(Float)
    sentiment_low: Mapped[float | None] = mapped_column(Float)
    sentiment_high: Mapped[float | None] = mapped_column(Float)
    change: Mapped[float | None] = mapped_column(Float)
    p_value: Mapped[float | None] = mapped_column(Float)
    significant: Mapped[bool] = mapped_column(default=False)

    theme: Mapped[Theme] = relationship()
    wave: Mapped[Wave] = relationship()


class ThemeAnchor(Base):
    """A theme's centre in the fixed embedding space, so a re-analysis can map new themes onto old ids."""

    __tablename__ = "theme_anchor"

    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"), primary_key=True)
    vector: Mapped[bytes] = mapped_column(LargeBinary)  # float32, little-endian
    dimensions: Mapped[int]


class ModerationDecision(Base):
    """An admin's decision on a comment flagged as possibly sensitive, with the reason."""

    __tablename__ = "moderation_decision"
    __table_args__ = (CheckConstraint(f"outcome IN {MODERATION_OUTCOMES!r}", name="outcome_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comment.id", ondelete="CASCADE"), index=True)
    outcome: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    decided_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    comment: Mapped[Comment] = relationship()
    decided_by: Mapped[User | None] = relationship()


class ApiToken(Base):
    """A token an admin issues to an analyst for the read-only API. Only its hash is kept."""

    __tablename__ = "api_token"
    __table_args__ = (CheckConstraint("length(token_hash) = 64", name="token_hash_is_sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_used_on: Mapped[dt.date | None] = mapped_column(Date)
    revoked_at: Mapped[dt.datetime | None]

    user: Mapped[User] = relationship()
