"""Reading the audit log: filtering by action, person and date, newest first, a page at a time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from surveyapp.models import AuditEvent, User

PAGE_SIZE = 50

# Plain-English names for the actions Heard records; others are shown as recorded.
ACTION_LABELS = {
    "auth.sign_in": "Signed in",
    "auth.sign_in_failed": "Sign-in failed",
    "auth.sign_out": "Signed out",
    "user.create": "Added a user",
    "user.update": "Changed a user",
    "user.password_link": "Made a password link",
    "user.password_set": "Set a password",
    "unit.create": "Added a unit",
    "unit.update": "Changed a unit",
    "units.import": "Imported units",
    "units.export": "Exported units",
    "survey.create": "Created a survey",
    "survey.update": "Changed a survey",
    "wave.schedule": "Scheduled a wave",
    "wave.open": "Opened a wave",
    "wave.close": "Closed a wave",
    "analysis.requested": "Asked for the comments to be analysed again",
    "wave.reopen": "Reopened a wave",
    "wave.change_dates": "Changed a wave's dates",
    "invitation.create": "Made invitation links",
    "invitation.email": "Emailed invitations",
    "invitation.email_unsent": "Emailed links not sent before",
    "invitation.export": "Downloaded invitation links",
    "invitation.remind": "Sent reminders",
    "open_link.create": "Made an open link",
    "open_link.switch_on": "Switched an open link on",
    "open_link.switch_off": "Switched an open link off",
    "api_token.issued": "Issued an API token",
    "api_token.revoked": "Revoked an API token",
}


@dataclass(frozen=True)
class AuditPage:
    """One page of events and how many match in all."""

    events: list[AuditEvent]
    total: int
    page: int
    pages: int


def known_actions(session: Session) -> list[str]:
    """Every action recorded so far, plus the ones Heard knows, sorted."""
    recorded = set(session.scalars(select(AuditEvent.action).distinct()))
    return sorted(recorded | set(ACTION_LABELS))


def search(
    session: Session,
    *,
    action: str | None = None,
    user_id: int | None = None,
    system_only: bool = False,
    since: dt.date | None = None,
    until: dt.date | None = None,
    page: int = 1,
) -> AuditPage:
    """Events matching the filters, newest first."""
    conditions = []
    if action:
        conditions.append(AuditEvent.action == action)
    if user_id is not None:
        conditions.append(AuditEvent.user_id == user_id)
    if system_only:
        conditions.append(AuditEvent.user_id.is_(None))
    if since is not None:
        conditions.append(AuditEvent.occurred_at >= dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC))
    if until is not None:
        next_day = until + dt.timedelta(days=1)
        conditions.append(AuditEvent.occurred_at < dt.datetime.combine(next_day, dt.time(), tzinfo=dt.UTC))
    total = session.scalar(select(func.count()).select_from(AuditEvent).where(*conditions)) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    events = list(
        session.scalars(
            select(AuditEvent)
            .where(*conditions)
            .options(selectinload(AuditEvent.user))
            .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
            .limit(PAGE_SIZE)
            .offset((page - 1) * PAGE_SIZE)
        )
    )
    return AuditPage(events, total, page, pages)


def people(session: Session) -> list[User]:
    """Everyone who could appear in the log, by name."""
    return list(session.scalars(select(User).order_by(User.name)))


def describe(event: AuditEvent) -> str:
    """The event's details as short ``name: value`` text (identifiers and settings only, never content)."""
    return "; ".join(
        f"{name.replace('_', ' ')}: {_value(name, value)}"
        for name, value in sorted((event.detail or {}).items())
    )


def _value(name: str, value: object) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k.replace('_', ' ')} {_value(k, v)}" for k, v in value.items())
    if isinstance(value, list):
        # [before, after] pairs read as a change; other lists (names of settings, unit keys) as a list.
        joiner = ", " if name in ("changed", "scope") else " → "
        return joiner.join("none" if v is None else str(v) for v in value)
    return str(value)
