"""'You said, we did' actions: drafts stay private, publishing is stamped once and audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from surveyapp.models import AuditEvent
from surveyapp.services import actions
from tests.factories import make_survey, make_theme, make_user


def test_create_publish_and_list_with_audit(session: Any) -> None:
    survey = make_survey(session)
    user = make_user(session, role="leader")
    theme = make_theme(session, survey)
    draft = actions.create_action(
        session,
        survey,
        actions.ActionFields(" You said ", " We did ", " Head of Service ", theme_id=theme.id),
        user=user,
    )
    assert (draft.you_said, draft.owner, draft.published_on) == ("You said", "Head of Service", None)
    assert actions.published_actions(session, survey) == []

    actions.publish(session, draft, user=user, today=dt.date(2026, 11, 20))
    actions.publish(session, draft, user=user, today=dt.date(2026, 11, 25))  # publishing again keeps the day
    assert draft.published_on == dt.date(2026, 11, 20)
    assert actions.published_actions(session, survey) == [draft]

    actions.unpublish(session, draft, user=user)
    assert actions.published_actions(session, survey) == []
    session.commit()
    events = session.scalars(
        select(AuditEvent.action).where(AuditEvent.target_type == "action").order_by(AuditEvent.id)
    ).all()
    assert events == ["action.created", "action.published", "action.unpublished"]


def test_an_action_answers_a_theme_or_a_question(session: Any) -> None:
    survey = make_survey(session)
    user = make_user(session, role="reference")
    with pytest.raises(ValueError, match="theme or a question"):
        actions.create_action(session, survey, actions.ActionFields("a", "b", "c"), user=user)


def test_hidden_and_merged_themes_cannot_be_answered(session: Any) -> None:
    survey = make_survey(session)
    shown = make_theme(session, survey, label="Shown")
    make_theme(session, survey, label="Hidden", state="hidden")
    assert actions.themes_for(session, survey) == [shown]
