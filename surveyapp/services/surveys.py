"""Surveys and waves: creating them, opening and closing waves, and counting what came in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from surveyapp.models import Comment, Invitation, QuestionnaireVersion, Response, Survey, Unit, User, Wave
from surveyapp.services import audit


class SurveyError(ValueError):
    """A survey or wave operation that cannot be done; the message says why in plain words."""


def get_survey(session: Session, key: str) -> Survey:
    """The survey with ``key``, or ``SurveyError`` naming the keys that exist."""
    survey = session.scalar(select(Survey).where(Survey.key == key))
    if survey is None:
        known = ", ".join(session.scalars(select(Survey.key).order_by(Survey.key))) or "none yet"
        raise SurveyError(f"There is no survey with key '{key}' (surveys: {known})")
    return survey


def create_survey(
    session: Session,
    *,
    key: str,
    title: str,
    questionnaire: QuestionnaireVersion,
    cadence: str,
    audience: Iterable[Unit],
    anonymity_mode: str = "anonymous",
    reporting_threshold: int = 5,
    text_threshold: int = 10,
    user: User | None = None,
) -> Survey:
    """Create a survey of ``questionnaire`` for ``audience``. Thresholds below 3 are refused."""
    if reporting_threshold < 3:
        raise SurveyError("The reporting threshold must be at least 3")
    if text_threshold < reporting_threshold:
        raise SurveyError("The comment threshold must be at least the reporting threshold")
    survey = Survey(
        key=key,
        title=title,
        questionnaire=questionnaire,
        cadence=cadence,
        anonymity_mode=anonymity_mode,
        reporting_threshold=reporting_threshold,
        text_threshold=text_threshold,
        audience=list(audience),
    )
    session.add(survey)
    session.flush()
    audit.record(session, "survey.create", user=user, target_type="survey", target_id=survey.id, key=key)
    return survey


def open_wave(
    session: Session,
    survey: Survey,
    *,
    opens_on: dt.date | None = None,
    closes_on: dt.date | None = None,
    user: User | None = None,
) -> Wave:
    """Open the next wave of ``survey`` (only one wave may be open at a time)."""
    if current_wave(session, survey) is not None:
        raise SurveyError(f"Survey '{survey.key}' already has an open wave; close it first")
    opens_on = opens_on or dt.date.today()
    closes_on = closes_on or opens_on + dt.timedelta(days=14)
    if closes_on < opens_on:
        raise SurveyError("A wave must close on or after the day it opens")
    number = (session.scalar(select(func.max(Wave.number)).where(Wave.survey_id == survey.id)) or 0) + 1
    wave = Wave(
        survey=survey,
        number=number,
        questionnaire_id=survey.questionnaire_id,
        opens_on=opens_on,
        closes_on=closes_on,
        status="open",
    )
    session.add(wave)
    session.flush()
    audit.record(session, "wave.open", user=user, target_type="wave", target_id=wave.id, number=number)
    return wave


def close_wave(session: Session, wave: Wave, *, user: User | None = None) -> Wave:
    """Close ``wave`` and discard the email addresses its invitations were sent to."""
    if wave.status != "open":
        raise SurveyError(f"Wave {wave.number} is {wave.status}, not open")
    wave.status = "closed"
    session.execute(update(Invitation).where(Invitation.wave_id == wave.id).values(email=None))
    audit.record(session, "wave.close", user=user, target_type="wave", target_id=wave.id, number=wave.number)
    return wave


def current_wave(session: Session, survey: Survey) -> Wave | None:
    """The open wave of ``survey``, if any."""
    return session.scalar(select(Wave).where(Wave.survey_id == survey.id, Wave.status == "open"))


def get_wave(session: Session, survey: Survey, number: int | None) -> Wave:
    """Wave ``number`` of ``survey``, or its open wave when ``number`` is None."""
    if number is None:
        wave = current_wave(session, survey)
        if wave is None:
            raise SurveyError(f"Survey '{survey.key}' has no open wave")
        return wave
    wave = session.scalar(select(Wave).where(Wave.survey_id == survey.id, Wave.number == number))
    if wave is None:
        raise SurveyError(f"Survey '{survey.key}' has no wave {number}")
    return wave


@dataclass(frozen=True)
class WaveCounts:
    """How many responses and comments a wave has (counts only, never content)."""

    number: int
    status: str
    responses: int
    comments: int


def wave_counts(session: Session, survey: Survey) -> list[WaveCounts]:
    """Counts of responses and comments per wave of ``survey``, oldest first."""
    responses = dict(
        session.execute(
            select(Response.wave_id, func.count())
            .join(Wave)
            .where(Wave.survey_id == survey.id)
            .group_by(Response.wave_id)
        ).all()
    )
    comments = dict(
        session.execute(
            select(Response.wave_id, func.count(Comment.id))
            .join(Comment, Comment.response_id == Response.id)
            .join(Wave)
            .where(Wave.survey_id == survey.id)
            .group_by(Response.wave_id)
        ).all()
    )
    waves = session.scalars(select(Wave).where(Wave.survey_id == survey.id).order_by(Wave.number))
    return [WaveCounts(w.number, w.status, responses.get(w.id, 0), comments.get(w.id, 0)) for w in waves]
