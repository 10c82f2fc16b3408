"""Factories for test data: small, explicit builders instead of copy-pasted setup."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from sqlalchemy.orm import Session

from surveyapp.models import Answer, Comment, Invitation, OpenLink, Response, Survey, Unit, Wave
from surveyapp.services.questionnaires import latest_version, sync_questionnaires
from surveyapp.services.surveys import create_survey
from surveyapp.services.tokens import hash_token, new_token

_sequence = itertools.count(1)


def make_unit(
    session: Session, *, kind: str = "team", parent: Unit | None = None, headcount: int = 10, **fields: Any
) -> Unit:
    """A unit with a unique key."""
    number = next(_sequence)
    unit = Unit(
        key=fields.pop("key", f"unit-{number}"),
        name=fields.pop("name", f"Unit {number}"),
        kind=kind,
        parent=parent,
        headcount=headcount,
        **fields,
    )
    session.add(unit)
    session.flush()
    return unit


def make_survey(
    session: Session,
    *,
    questionnaire_key: str = "staff-pulse",
    audience: list[Unit] | None = None,
    **fields: Any,
) -> Survey:
    """A survey of a shipped questionnaire (snapshots are synced on first use)."""
    if latest_version(session, questionnaire_key) is None:
        sync_questionnaires(session)
    questionnaire = latest_version(session, questionnaire_key)
    assert questionnaire is not None
    number = next(_sequence)
    return create_survey(
        session,
        key=fields.pop("key", f"survey-{number}"),
        title=fields.pop("title", f"Survey {number}"),
        questionnaire=questionnaire,
        cadence=fields.pop("cadence", "monthly"),
        audience=audience if audience is not None else [make_unit(session)],
        **fields,
    )


def make_wave(
    session: Session,
    survey: Survey,
    *,
    status: str = "open",
    number: int | None = None,
    opens_on: dt.date | None = None,
    closes_on: dt.date | None = None,
) -> Wave:
    """A wave of ``survey`` with the given status."""
    opens_on = opens_on or dt.date.today() - dt.timedelta(days=3)
    wave = Wave(
        survey=survey,
        number=number or len(survey.waves) + 1,
        questionnaire_id=survey.questionnaire_id,
        opens_on=opens_on,
        closes_on=closes_on or opens_on + dt.timedelta(days=14),
        status=status,
    )
    session.add(wave)
    session.flush()
    return wave


def make_invitation(
    session: Session, wave: Wave, unit: Unit, *, used: bool = False
) -> tuple[Invitation, str]:
    """An invitation and its raw token."""
    token = new_token()
    invitation = Invitation(wave=wave, unit=unit, token_hash=hash_token(token), used=used)
    session.add(invitation)
    session.flush()
    return invitation, token


def make_open_link(session: Session, survey: Survey, *, slug: str | None = None, **fields: Any) -> OpenLink:
    """An open link for ``survey``."""
    link = OpenLink(slug=slug or f"link-{next(_sequence)}", survey=survey, **fields)
    session.add(link)
    session.flush()
    return link


def make_response(
    session: Session,
    wave: Wave,
    unit: Unit,
    *,
    answers: dict[str, str] | None = None,
    comments: dict[str, str] | None = None,
    channel: str = "invitation",
) -> Response:
    """A response with the given answers (question key → value) and comments."""
    response = Response(wave=wave, unit=unit, submitted_on=dt.date.today(), channel=channel)
    for key, value in (answers or {}).items():
        response.answers.append(
            Answer(question_key=key, value=value, numeric_value=int(value) if value.isdigit() else None)
        )
    for key, text in (comments or {}).items():
        response.comments.append(Comment(question_key=key, text=text))
    session.add(response)
    session.flush()
    return response
