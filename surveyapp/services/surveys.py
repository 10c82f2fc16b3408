"""Surveys and waves: creating them, opening and closing waves, and counting what came in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from surveyapp.models import Comment, Invitation, QuestionnaireVersion, Response, Survey, Unit, User, Wave
from surveyapp.models.surveys import ANONYMITY_MODES, CADENCES
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
    wave_length_days: int = 14,
    next_wave_opens_on: dt.date | None = None,
) -> Survey:
    """Create a survey of ``questionnaire`` for ``audience``. Thresholds below 3 are refused."""
    if reporting_threshold < 3:
        raise SurveyError("The reporting threshold must be at least 3")
    if text_threshold < reporting_threshold:
        raise SurveyError("The comment threshold must be at least the reporting threshold")
    _check_schedule(cadence, anonymity_mode, wave_length_days)
    survey = Survey(
        key=key,
        title=title,
        questionnaire=questionnaire,
        cadence=cadence,
        anonymity_mode=anonymity_mode,
        reporting_threshold=reporting_threshold,
        text_threshold=text_threshold,
        audience=list(audience),
        wave_length_days=wave_length_days,
        next_wave_opens_on=next_wave_opens_on,
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
    wave = _next_wave(session, survey, opens_on, closes_on, "open")
    audit.record(session, "wave.open", user=user, target_type="wave", target_id=wave.id, number=wave.number)
    return wave


def _next_wave(session: Session, survey: Survey, opens_on: dt.date, closes_on: dt.date, status: str) -> Wave:
    """Add the survey's next wave, numbered after the highest so far."""
    number = (session.scalar(select(func.max(Wave.number)).where(Wave.survey_id == survey.id)) or 0) + 1
    wave = Wave(
        survey=survey,
        number=number,
        questionnaire_id=survey.questionnaire_id,
        opens_on=opens_on,
        closes_on=closes_on,
        status=status,
    )
    session.add(wave)
    session.flush()
    return wave


def close_wave(session: Session, wave: Wave, *, user: User | None = None, **detail: object) -> Wave:
    """Close ``wave`` and discard the email addresses its invitations were sent to."""
    if wave.status != "open":
        raise SurveyError(f"Wave {wave.number} is {wave.status}, not open")
    wave.status = "closed"
    session.execute(update(Invitation).where(Invitation.wave_id == wave.id).values(email=None))
    audit.record(
        session, "wave.close", user=user, target_type="wave", target_id=wave.id, number=wave.number, **detail
    )
    _analyse_when_committed(session, wave, user)
    return wave


def _analyse_when_committed(session: Session, wave: Wave, user: User | None) -> None:
    """Queue the survey's analysis once the close is committed (see surveyapp.jobs)."""
    from flask import has_app_context

    if has_app_context():
        from surveyapp.jobs import analyse_after_commit

        analyse_after_commit(session, wave.survey, wave, user.id if user else None)


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


def _check_schedule(cadence: str, anonymity_mode: str, wave_length_days: int) -> None:
    if cadence not in CADENCES:
        raise SurveyError(f"Cadence must be one of {', '.join(CADENCES)}")
    if anonymity_mode not in ANONYMITY_MODES:
        raise SurveyError(f"Anonymity mode must be one of {', '.join(ANONYMITY_MODES)}")
    if not 1 <= wave_length_days <= 120:
        raise SurveyError("A wave must be open for between 1 and 120 days")


def has_responses(session: Session, survey: Survey) -> bool:
    """True once any wave of ``survey`` has a response."""
    return (
        session.scalar(select(Response.id).join(Wave).where(Wave.survey_id == survey.id).limit(1)) is not None
    )


def update_survey(
    session: Session,
    survey: Survey,
    *,
    title: str,
    audience: Iterable[Unit],
    cadence: str,
    anonymity_mode: str,
    reporting_threshold: int,
    text_threshold: int,
    wave_length_days: int,
    next_wave_opens_on: dt.date | None,
    user: User | None = None,
) -> list[str]:
    """Change a survey's settings; returns the names of the settings that changed (also audited).

    Anonymity can never be switched off once answers exist, and thresholds never go below 3.
    """
    if reporting_threshold < 3:
        raise SurveyError("The reporting threshold must be at least 3")
    if text_threshold < reporting_threshold:
        raise SurveyError("The comment threshold must be at least the reporting threshold")
    _check_schedule(cadence, anonymity_mode, wave_length_days)
    if (
        survey.anonymity_mode == "anonymous"
        and anonymity_mode != "anonymous"
        and has_responses(session, survey)
    ):
        raise SurveyError("Anonymity cannot be switched off once the survey has answers")
    audience = list(audience)
    before = _settings(survey)
    survey.title = title
    survey.audience = audience
    survey.cadence = cadence
    survey.anonymity_mode = anonymity_mode
    survey.reporting_threshold = reporting_threshold
    survey.text_threshold = text_threshold
    survey.wave_length_days = wave_length_days
    survey.next_wave_opens_on = next_wave_opens_on
    after = _settings(survey)
    changed = sorted(name for name in after if after[name] != before[name])
    if changed:
        changes = {name: [before[name], after[name]] for name in changed if name != "audience"}
        audit.record(
            session,
            "survey.update",
            user=user,
            target_type="survey",
            target_id=survey.id,
            key=survey.key,
            changed=changed,
            changes=changes,
        )
    return changed


def _settings(survey: Survey) -> dict[str, object]:
    return {
        "title": survey.title,
        "audience": sorted(u.id for u in survey.audience),
        "cadence": survey.cadence,
        "anonymity_mode": survey.anonymity_mode,
        "reporting_threshold": survey.reporting_threshold,
        "text_threshold": survey.text_threshold,
        "wave_length_days": survey.wave_length_days,
        "next_wave_opens_on": survey.next_wave_opens_on.isoformat() if survey.next_wave_opens_on else None,
    }


def schedule_wave(
    session: Session,
    survey: Survey,
    *,
    opens_on: dt.date,
    closes_on: dt.date | None = None,
    user: User | None = None,
    **detail: object,
) -> Wave:
    """Add a draft wave of ``survey`` to open on ``opens_on`` (opened by hand or by `heard tick`)."""
    closes_on = closes_on or opens_on + dt.timedelta(days=survey.wave_length_days - 1)
    if closes_on < opens_on:
        raise SurveyError("A wave must close on or after the day it opens")
    if session.scalar(select(Wave.id).where(Wave.survey_id == survey.id, Wave.status == "draft")):
        raise SurveyError(f"Survey '{survey.key}' already has a wave waiting to open")
    wave = _next_wave(session, survey, opens_on, closes_on, "draft")
    audit.record(
        session,
        "wave.schedule",
        user=user,
        target_type="wave",
        target_id=wave.id,
        number=wave.number,
        opens_on=opens_on.isoformat(),
        closes_on=closes_on.isoformat(),
        **detail,
    )
    return wave


def open_draft_wave(
    session: Session, wave: Wave, *, today: dt.date | None = None, user: User | None = None, **detail: object
) -> Wave:
    """Open a draft wave now (its closing date moves a wave-length on if that date has passed)."""
    today = today or dt.date.today()
    if wave.status != "draft":
        raise SurveyError(f"Wave {wave.number} is {wave.status}, not waiting to open")
    if current_wave(session, wave.survey) is not None:
        raise SurveyError(f"Survey '{wave.survey.key}' already has an open wave; close it first")
    if wave.opens_on > today:
        wave.opens_on = today
    if wave.closes_on < today:
        wave.closes_on = today + dt.timedelta(days=wave.survey.wave_length_days - 1)
    wave.status = "open"
    session.flush()
    audit.record(
        session, "wave.open", user=user, target_type="wave", target_id=wave.id, number=wave.number, **detail
    )
    return wave


def reopen_wave(
    session: Session,
    wave: Wave,
    *,
    reason: str,
    closes_on: dt.date,
    user: User | None = None,
    today: dt.date | None = None,
) -> Wave:
    """Reopen a closed or analysed wave until ``closes_on``; the reason goes into the audit log."""
    today = today or dt.date.today()
    reason = reason.strip()
    if wave.status not in ("closed", "analysed"):
        raise SurveyError(f"Wave {wave.number} is {wave.status}: only a closed wave can be reopened")
    if not reason:
        raise SurveyError("Give the reason for reopening the wave")
    if closes_on < today:
        raise SurveyError("The new closing date must be today or later")
    if current_wave(session, wave.survey) is not None:
        raise SurveyError(f"Survey '{wave.survey.key}' already has an open wave; close it first")
    previous = wave.status
    wave.status = "open"
    wave.closes_on = closes_on
    wave.reopen_reason = reason
    session.flush()
    audit.record(
        session,
        "wave.reopen",
        user=user,
        target_type="wave",
        target_id=wave.id,
        number=wave.number,
        previous_status=previous,
        reason=reason,
        closes_on=closes_on.isoformat(),
    )
    return wave


def change_closing_date(
    session: Session,
    wave: Wave,
    closes_on: dt.date,
    *,
    user: User | None = None,
    today: dt.date | None = None,
) -> Wave:
    """Move the closing date of a draft or open wave (not before it opens, nor into the past)."""
    today = today or dt.date.today()
    if wave.status not in ("draft", "open"):
        raise SurveyError(f"Wave {wave.number} is {wave.status}; reopen it to take more answers")
    if closes_on < wave.opens_on:
        raise SurveyError("A wave must close on or after the day it opens")
    if closes_on < today:
        raise SurveyError("The new closing date must be today or later; to stop answers now, close the wave")
    previous = wave.closes_on
    wave.closes_on = closes_on
    session.flush()
    audit.record(
        session,
        "wave.change_dates",
        user=user,
        target_type="wave",
        target_id=wave.id,
        number=wave.number,
        closes_on=[previous.isoformat(), closes_on.isoformat()],
    )
    return wave
