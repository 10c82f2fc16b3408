"""Recording who did or saw what. Callers pass identifiers, never response content."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from surveyapp.models import AuditEvent, User


def record(
    session: Session,
    action: str,
    *,
    user: User | None = None,
    target_type: str | None = None,
    target_id: object = None,
    **detail: Any,
) -> AuditEvent:
    """Add an audit event to ``session`` (committed with the change it describes)."""
    event = AuditEvent(
        action=action,
        user_id=user.id if user else None,
        target_type=target_type,
        target_id=None if target_id is None else str(target_id),
        detail=detail,
    )
    session.add(event)
    return event
