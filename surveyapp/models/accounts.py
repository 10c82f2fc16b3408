"""People who sign in, their scopes, and the audit trail of what they did."""

from __future__ import annotations

import datetime as dt

from flask_login import UserMixin
from sqlalchemy import BigInteger, CheckConstraint, Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.models.base import Base, utcnow
from surveyapp.models.organisation import Unit
from surveyapp.models.sealed import SealedString

ROLES = ("admin", "leader", "reference", "analyst")

user_scope = Table(
    "user_scope",
    Base.metadata,
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("unit.id", ondelete="CASCADE"), primary_key=True),
)


class User(UserMixin, Base):
    """A member of staff who signs in. Respondents never sign in."""

    __tablename__ = "user_account"
    __table_args__ = (CheckConstraint(f"role IN {ROLES!r}", name="role_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_signed_in_at: Mapped[dt.datetime | None]
    # Raised whenever the password is set or the account is disabled: sessions carry the number they
    # began with, so every older session ends at its next request.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # Authenticator app (TOTP, services/mfa.py). The secret is set when set-up begins and counts only once
    # totp_enabled_at is set; it is sealed in the database (surveyapp/sealing.py) and never logged or shown
    # again. last_totp_step is the 30-second step of the last code accepted, so no code is used twice.
    # Deferred: opening it costs a decryption, and only the sign-in code pages need it, not every request.
    totp_secret: Mapped[str | None] = mapped_column(SealedString(), deferred=True)
    totp_enabled_at: Mapped[dt.datetime | None]
    last_totp_step: Mapped[int | None] = mapped_column(BigInteger)

    scope: Mapped[list[Unit]] = relationship(secondary=user_scope, order_by=Unit.name)

    @property
    def is_active(self) -> bool:  # Flask-Login reads this to refuse disabled accounts
        return self.active


class AuditEvent(Base):
    """Who did or saw what, and when. Never holds response content."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(80), index=True)
    target_type: Mapped[str | None] = mapped_column(String(40))
    target_id: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict] = mapped_column(default=dict)

    user: Mapped[User | None] = relationship()


class PasswordReset(Base):
    """A one-time link an admin issues so someone can set their password. Only the token's hash is kept."""

    __tablename__ = "password_reset"
    __table_args__ = (CheckConstraint("length(token_hash) = 64", name="token_hash_is_sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
