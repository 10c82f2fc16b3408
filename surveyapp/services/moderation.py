"""The moderation queue: comments flagged as possibly sensitive wait here for an administrator.

Until an admin releases one, a flagged comment is left out of every quote, theme exemplar, explorer
result and export (they all read only ``VISIBLE_STATES``). The admin sees the raw text (each view is
audited) beside the agreed safeguarding procedure, and records an outcome with a reason. Nothing shown
here can identify the writer: the comment is placed no lower than its service area and dated no finer
than its wave, and nothing links a response to an invitation or a person.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from surveyapp.models import Comment, Response, Survey, Unit, User, Wave
from surveyapp.models.insights import MODERATION_OUTCOMES, ModerationDecision
from surveyapp.services import audit

OUTCOME_LABELS = {
    "released": "Release it: the comment may appear in themes, quotes and the comment explorer",
    "kept_out": "Keep it out of all results",
    "referred": "Refer it under the safeguarding procedure (and keep it out of results)",
}
DEFAULT_PROCEDURE = (
    "Read the comment in full. If it suggests a child may be at risk of harm, follow the council's "
    "safeguarding procedure today: contact the Children's Front Door (MASH), or call 999 if a child is in "
    "immediate danger. If it makes an allegation about an adult who works with children, consult the Local "
    "Authority Designated Officer (LADO) before taking any other step. If it describes wrongdoing at work, "
    "follow the whistleblowing policy; if it describes bullying or harassment, or suggests the writer may be "
    "at risk, pass it to the Head of HR and the Principal Social Worker for a response to the whole service. "
    "The survey is anonymous: do not try to find out who wrote the comment. Record the outcome and your "
    "reason below; 'referred' keeps the comment out of results."
)


class ModerationError(ValueError):
    """An outcome that cannot be recorded; the message says why."""


def procedure_text() -> str:
    """The agreed safeguarding procedure: ``SAFEGUARDING_PROCEDURE`` if set, else the default above."""
    return (
        current_app.config.get("SAFEGUARDING_PROCEDURE")
        or os.environ.get("SAFEGUARDING_PROCEDURE")
        or DEFAULT_PROCEDURE
    )


@dataclass(frozen=True)
class QueueItem:
    """A flagged comment as the queue lists it: no text, no team, no date beyond the wave."""

    id: int
    survey: str
    wave_number: int
    area: str
    reasons: tuple[str, ...]


def _area(unit: Unit) -> str:
    """The service area (or partner group) a unit sits in, never anything smaller."""
    node: Unit | None = unit
    while node is not None and node.kind in ("team", "partner"):
        node = node.parent
    return node.name if node is not None else "the organisation"


def _reasons(comment: Comment) -> tuple[str, ...]:
    return tuple(str(f.get("reason") or f.get("kind")) for f in (comment.flags or []) if isinstance(f, dict))


def queue(session: Session) -> list[QueueItem]:
    """Comments waiting for a decision, oldest wave first."""
    rows = session.execute(
        select(Comment, Survey.title, Wave.number, Unit)
        .join(Response, Comment.response_id == Response.id)
        .join(Wave, Response.wave_id == Wave.id)
        .join(Survey, Wave.survey_id == Survey.id)
        .join(Unit, Response.unit_id == Unit.id)
        .where(Comment.moderation_state == "pending")
        .order_by(Survey.title, Wave.number, Comment.id)
    ).all()
    return [QueueItem(c.id, title, number, _area(unit), _reasons(c)) for c, title, number, unit in rows]


@dataclass(frozen=True)
class PendingComment:
    comment: Comment
    item: QueueItem
    decisions: list[ModerationDecision]


def open_comment(session: Session, comment_id: int, *, user: User) -> PendingComment | None:
    """A flagged comment with its raw text for an administrator; the view is audited."""
    row = session.execute(
        select(Comment, Survey.title, Wave.number, Unit)
        .join(Response, Comment.response_id == Response.id)
        .join(Wave, Response.wave_id == Wave.id)
        .join(Survey, Wave.survey_id == Survey.id)
        .join(Unit, Response.unit_id == Unit.id)
        .where(Comment.id == comment_id, Comment.moderation_state != "not_needed")
    ).first()
    if row is None:
        return None
    comment, title, number, unit = row
    audit.record(
        session, "comment.view_raw", user=user, target_type="comment", target_id=comment.id, via="moderation"
    )
    decisions = list(
        session.scalars(
            select(ModerationDecision)
            .where(ModerationDecision.comment_id == comment.id)
            .order_by(ModerationDecision.decided_at)
        )
    )
    return PendingComment(
        comment, QueueItem(comment.id, title, number, _area(unit), _reasons(comment)), decisions
    )


def decide(
    session: Session, comment: Comment, outcome: str, reason: str, *, user: User
) -> ModerationDecision:
    """Record ``outcome`` for a flagged comment and apply it; audited. The reason is required."""
    if outcome not in MODERATION_OUTCOMES:
        raise ModerationError("Select an outcome")
    reason = (reason or "").strip()
    if not reason:
        raise ModerationError("Enter the reason for your decision")
    if comment.moderation_state == "not_needed":
        raise ModerationError("This comment was not flagged for moderation")
    decision = ModerationDecision(
        comment_id=comment.id, outcome=outcome, reason=reason, decided_by_id=user.id
    )
    session.add(decision)
    comment.moderation_state = outcome
    # The reason may quote the comment, so the audit log keeps only the outcome.
    audit.record(
        session, "comment.moderate", user=user, target_type="comment", target_id=comment.id, outcome=outcome
    )
    return decision
