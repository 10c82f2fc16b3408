"""Themes found in a survey series' comments, and the "you said, we did" actions that answer them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.models.base import Base, utcnow
from surveyapp.models.surveys import Survey

THEME_STATES = ("suggested", "confirmed", "renamed", "merged", "hidden")


class Theme(Base):
    """A named cluster of comments within a survey series, with its curation state."""

    __tablename__ = "theme"
    __table_args__ = (CheckConstraint(f"state IN {THEME_STATES!r}", name="state_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(200))
    curated_label: Mapped[str | None] = mapped_column(String(200))
    keywords: Mapped[list] = mapped_column(default=list)
    exemplar_comment_ids: Mapped[list] = mapped_column(default=list)
    state: Mapped[str] = mapped_column(String(20), default="suggested")
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    survey: Mapped[Survey] = relationship()

    @property
    def display_label(self) -> str:
        """The label leaders chose, or the suggested one."""
        return self.curated_label or self.label


class Action(Base):
    """A "you said, we did" entry answering a theme or a question."""

    __tablename__ = "action"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="SET NULL"))
    question_key: Mapped[str | None] = mapped_column(String(64))
    you_said: Mapped[str] = mapped_column(Text)
    we_did: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    published_on: Mapped[dt.date | None] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    survey: Mapped[Survey] = relationship()
    theme: Mapped[Theme | None] = relationship()
