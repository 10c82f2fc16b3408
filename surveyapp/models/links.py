"""Ways in to a survey: single-use invitations and team-wide open links."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.models.base import Base, utcnow
from surveyapp.models.organisation import Unit
from surveyapp.models.surveys import Survey, Wave


class Invitation(Base):
    """A single-use link for one person in one unit.

    Only a SHA-256 hash of the token is stored, and whether it has been used. Nothing here or in the
    response table links an invitation to the response it produced. The email address is kept only
    to send and remind, and is cleared when the wave closes.
    """

    __tablename__ = "invitation"
    __table_args__ = (CheckConstraint("length(token_hash) = 64", name="token_hash_is_sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    used: Mapped[bool] = mapped_column(default=False)
    email: Mapped[str | None] = mapped_column(String(320))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_sent_at: Mapped[dt.datetime | None]
    reminders_sent: Mapped[int] = mapped_column(default=0, server_default="0")

    wave: Mapped[Wave] = relationship()
    unit: Mapped[Unit] = relationship()


class OpenLink(Base):
    """A shareable link (and QR code) for staff events: one slug for a survey, optionally fixed to a unit.

    With no wave it always points at the survey's open wave; with no unit the respondent chooses their team.
    """

    __tablename__ = "open_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    wave_id: Mapped[int | None] = mapped_column(ForeignKey("wave.id", ondelete="CASCADE"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    survey: Mapped[Survey] = relationship()
    wave: Mapped[Wave | None] = relationship()
    unit: Mapped[Unit | None] = relationship()
