"""Readable-comment counts kept in the app's AggregateCache are never served stale."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from surveyapp.models import Comment, Response, Unit
from surveyapp.services.aggregates import AggregateCache
from surveyapp.services.comments import text_groups
from tests.factories import make_commented_survey, make_response


def _snapshot(groups: Any) -> tuple[frozenset[int], dict[int, int]]:
    return groups.hidden, dict(groups.totals)


def test_cached_counts_follow_every_change_in_what_is_readable(session: Any) -> None:
    survey = make_commented_survey(session, areas=2, teams_per_area=1, waves=1, comments_per_team=10)
    comments = list(session.scalars(select(Comment).order_by(Comment.id)))
    for comment in comments:
        comment.redacted_text = comment.text  # as analysis leaves them
    session.commit()
    cache = AggregateCache()
    seen = []

    def check() -> None:
        cached = _snapshot(text_groups(session, survey, cache=cache))
        assert cached == _snapshot(text_groups(session, survey))
        assert _snapshot(text_groups(session, survey, cache=cache)) == cached
        seen.append(cached)

    check()
    held = comments[0]
    held.moderation_state = "pending"  # held back: its team falls below k_text
    session.commit()
    check()
    held.moderation_state = "released"
    session.commit()
    check()
    team_id = session.scalar(select(Response.unit_id).where(Response.id == comments[-1].response_id))
    team = session.get(Unit, team_id)
    extra = make_response(session, survey.waves[0], team, comments={"one_change": "More time with families."})
    session.commit()
    check()  # not yet analysed: not readable, so nothing changes
    extra.comments[0].redacted_text = extra.comments[0].text
    session.commit()
    check()
    assert seen[0] != seen[1] and seen[1] != seen[2] and seen[2] == seen[0] == seen[3] != seen[4]
