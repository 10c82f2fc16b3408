"""`heard tick`: open and close waves on their dates, and line up the next wave of scheduled surveys.

Safe to run from cron every few minutes: it only moves things whose dates have come, so a second run
on the same day changes nothing, and on PostgreSQL rows another tick is working on are skipped
(``FOR UPDATE SKIP LOCKED``) rather than done twice.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from surveyapp.models import Survey, Wave
from surveyapp.services.surveys import close_wave, current_wave, open_draft_wave, schedule_wave

# How far the next wave's opening date moves on for each cadence (termly: roughly one school term).
CADENCE_MONTHS = {"monthly": 1, "termly": 4}


@dataclass
class TickResult:
    """What one tick did."""

    closed: list[Wave] = field(default_factory=list)
    scheduled: list[Wave] = field(default_factory=list)
    opened: list[Wave] = field(default_factory=list)

    def lines(self) -> list[str]:
        """One line per change, for the command line."""
        out = [f"Closed wave {w.number} of {w.survey.key}." for w in self.closed]
        out += [
            f"Scheduled wave {w.number} of {w.survey.key} to open on {w.opens_on.isoformat()}."
            for w in self.scheduled
        ]
        out += [f"Opened wave {w.number} of {w.survey.key}." for w in self.opened]
        return out or ["Nothing to do."]


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved on by ``months`` calendar months (the 31st becomes the month's last day)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_opening(survey: Survey, after: dt.date) -> dt.date | None:
    """When the wave after one opening on ``after`` opens, by the survey's cadence (None for ad hoc)."""
    months = CADENCE_MONTHS.get(survey.cadence)
    return add_months(after, months) if months else None


def tick(session: Session, *, today: dt.date | None = None) -> TickResult:
    """Close waves past their closing date, schedule next waves, and open waves whose day has come."""
    today = today or dt.date.today()
    result = TickResult()
    for wave in _locked(session, select(Wave).where(Wave.status == "open", Wave.closes_on < today)):
        result.closed.append(close_wave(session, wave, by="schedule"))
    session.flush()

    _schedule(session, today, result)
    due = select(Wave).where(Wave.status == "draft", Wave.opens_on <= today).order_by(Wave.opens_on)
    for wave in _locked(session, due):
        if wave.closes_on < today or current_wave(session, wave.survey) is not None:
            continue  # its window has passed, or the last wave is still open: left for an admin
        result.opened.append(open_draft_wave(session, wave, today=today, by="schedule"))
    session.flush()
    # A wave that just opened leaves its survey without a draft: line up the next one now, so a second
    # run straight after finds nothing to do.
    _schedule(session, today, result)
    return result


def _schedule(session: Session, today: dt.date, result: TickResult) -> None:
    for survey in _locked(session, select(Survey).where(Survey.next_wave_opens_on.is_not(None))):
        wave = _schedule_next(session, survey, today)
        if wave is not None:
            result.scheduled.append(wave)
    session.flush()


def _locked(session: Session, query: object) -> list:
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)  # type: ignore[attr-defined]
    return list(session.scalars(query))  # type: ignore[arg-type]


def _schedule_next(session: Session, survey: Survey, today: dt.date) -> Wave | None:
    """A draft wave at the survey's next opening date, if it has none waiting; moves the date on."""
    if session.scalar(select(Wave.id).where(Wave.survey_id == survey.id, Wave.status == "draft")):
        return None
    opens_on = survey.next_wave_opens_on
    assert opens_on is not None
    length = dt.timedelta(days=survey.wave_length_days - 1)
    # Skip whole windows that passed while nobody ran tick: never create a wave that is already over.
    while opens_on + length < today:
        following = next_opening(survey, opens_on)
        if following is None:
            survey.next_wave_opens_on = None
            return None
        opens_on = following
    wave = schedule_wave(session, survey, opens_on=opens_on, by="schedule")
    survey.next_wave_opens_on = next_opening(survey, opens_on)
    return wave
