"""'You said, we did': actions leaders and the staff reference group write against a theme or question.

Drafts are seen only by readers of the survey; publishing stamps the day and makes an action public on
``/you-said-we-did/<survey_key>``, on the respondent's thank-you page and at the start of the next wave.
Every change is audited (identifiers only: the text is not response content, but it stays in the table).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from surveyapp.models import Action, Survey, Theme, User
from surveyapp.services.audit import record

WRITER_ROLES = ("admin", "leader", "reference")


@dataclass(frozen=True)
class ActionFields:
    """What a writer fills in."""

    you_said: str
    we_did: str
    owner: str
    due_on: dt.date | None = None
    theme_id: int | None = None
    question_key: str | None = None


def actions_for(session: Session, survey: Survey) -> list[Action]:
    """Every action of ``survey``: drafts first, then published ones newest first."""
    return list(
        session.scalars(
            select(Action)
            .where(Action.survey_id == survey.id)
            .order_by(Action.published_on.is_not(None), Action.published_on.desc(), Action.id.desc())
        )
    )


def published_actions(session: Session, survey: Survey, *, limit: int | None = None) -> list[Action]:
    """Published actions of ``survey``, newest first."""
    query = (
        select(Action)
        .where(Action.survey_id == survey.id, Action.published_on.is_not(None))
        .order_by(Action.published_on.desc(), Action.id.desc())
    )
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def action_in_survey(session: Session, survey: Survey, action_id: int) -> Action | None:
    """The action ``action_id`` if it belongs to ``survey``."""
    return session.scalar(select(Action).where(Action.id == action_id, Action.survey_id == survey.id))


def themes_for(session: Session, survey: Survey) -> list[Theme]:
    """Themes an action may answer: every theme of the survey that is not hidden or merged away."""
    return list(
        session.scalars(
            select(Theme)
            .where(Theme.survey_id == survey.id, Theme.state.not_in(("hidden", "merged")))
            .order_by(Theme.curated_label, Theme.label)
        )
    )


def _apply(action: Action, fields: ActionFields) -> None:
    action.you_said = fields.you_said.strip()
    action.we_did = fields.we_did.strip()
    action.owner = fields.owner.strip()
    action.due_on = fields.due_on
    action.theme_id = fields.theme_id
    action.question_key = fields.question_key or None


def create_action(session: Session, survey: Survey, fields: ActionFields, *, user: User) -> Action:
    """Add a draft action (the caller commits)."""
    if fields.theme_id is None and not fields.question_key:
        raise ValueError("an action answers a theme or a question")
    action = Action(survey=survey, created_by_id=user.id, you_said="", we_did="", owner="")
    _apply(action, fields)
    session.add(action)
    session.flush()
    record(session, "action.created", user=user, target_type="action", target_id=action.id, survey=survey.key)
    return action


def update_action(session: Session, action: Action, fields: ActionFields, *, user: User) -> Action:
    """Change an action's text, owner, date or subject (the caller commits)."""
    if fields.theme_id is None and not fields.question_key:
        raise ValueError("an action answers a theme or a question")
    _apply(action, fields)
    record(session, "action.updated", user=user, target_type="action", target_id=action.id)
    return action


def publish(session: Session, action: Action, *, user: User, today: dt.date | None = None) -> Action:
    """Publish ``action`` today (once; publishing again keeps the first day)."""
    if action.published_on is None:
        action.published_on = today or dt.date.today()
        record(session, "action.published", user=user, target_type="action", target_id=action.id)
    return action


def unpublish(session: Session, action: Action, *, user: User) -> Action:
    """Take ``action`` back to a draft (say, a mistake was spotted)."""
    if action.published_on is not None:
        action.published_on = None
        record(session, "action.unpublished", user=user, target_type="action", target_id=action.id)
    return action
