"""`heard tick`: waves open and close on their dates, scheduled surveys line up their next wave, and
running it again (or twice at once) changes nothing more."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import sessionmaker

from surveyapp.extensions import db
from surveyapp.models import AuditEvent, Invitation, Wave
from surveyapp.services.scheduling import add_months, tick
from tests.factories import make_invitation, make_survey, make_wave

TODAY = dt.date(2027, 3, 10)


def _waves(session: Any, survey: Any) -> list[tuple[int, str, dt.date, dt.date]]:
    session.expire_all()
    rows = session.scalars(select(Wave).where(Wave.survey_id == survey.id).order_by(Wave.number))
    return [(w.number, w.status, w.opens_on, w.closes_on) for w in rows]


def test_waves_open_and_close_on_their_dates_and_a_second_run_does_nothing(session: Any) -> None:
    survey = make_survey(session, cadence="ad_hoc")
    old = make_wave(
        session,
        survey,
        number=1,
        opens_on=TODAY - dt.timedelta(days=20),
        closes_on=TODAY - dt.timedelta(days=1),
    )
    invitation, _token = make_invitation(session, old, survey.audience[0])
    invitation.email = "someone@council.test"
    make_wave(
        session, survey, number=2, status="draft", opens_on=TODAY, closes_on=TODAY + dt.timedelta(days=13)
    )
    session.commit()

    result = tick(session, today=TODAY)
    session.commit()
    assert result.lines() == [f"Closed wave 1 of {survey.key}.", f"Opened wave 2 of {survey.key}."]
    assert [(n, s) for n, s, *_ in _waves(session, survey)] == [(1, "closed"), (2, "open")]
    assert session.scalar(select(Invitation.email)) is None  # addresses go when the wave closes

    again = tick(session, today=TODAY)
    assert again.lines() == ["Nothing to do."]
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.action.in_(["wave.open", "wave.close"]))
    ).all()
    assert sorted((e.action, e.detail.get("by")) for e in events) == [
        ("wave.close", "schedule"),
        ("wave.open", "schedule"),
    ]


def test_a_wave_closes_only_after_its_closing_day(session: Any) -> None:
    survey = make_survey(session, cadence="ad_hoc")
    make_wave(session, survey, opens_on=TODAY - dt.timedelta(days=5), closes_on=TODAY)
    tick(session, today=TODAY)
    assert _waves(session, survey)[0][1] == "open"
    tick(session, today=TODAY + dt.timedelta(days=1))
    assert _waves(session, survey)[0][1] == "closed"


def test_a_draft_waits_while_the_previous_wave_is_still_open(session: Any) -> None:
    survey = make_survey(session, cadence="ad_hoc")
    make_wave(
        session,
        survey,
        number=1,
        opens_on=TODAY - dt.timedelta(days=5),
        closes_on=TODAY + dt.timedelta(days=2),
    )
    make_wave(
        session, survey, number=2, status="draft", opens_on=TODAY, closes_on=TODAY + dt.timedelta(days=10)
    )
    assert tick(session, today=TODAY).lines() == ["Nothing to do."]
    result = tick(session, today=TODAY + dt.timedelta(days=3))
    assert [w.number for w in result.closed] == [1] and [w.number for w in result.opened] == [2]


def test_a_monthly_schedule_lines_up_one_wave_at_a_time(session: Any) -> None:
    survey = make_survey(
        session, cadence="monthly", wave_length_days=14, next_wave_opens_on=TODAY + dt.timedelta(days=5)
    )
    first = tick(session, today=TODAY)
    assert first.lines() == [f"Scheduled wave 1 of {survey.key} to open on 2027-03-15."]
    assert _waves(session, survey) == [(1, "draft", dt.date(2027, 3, 15), dt.date(2027, 3, 28))]
    assert survey.next_wave_opens_on == dt.date(2027, 4, 15)
    assert tick(session, today=TODAY).lines() == ["Nothing to do."]

    opening_day = tick(session, today=dt.date(2027, 3, 15))
    assert [w.number for w in opening_day.opened] == [1]
    assert [(w.number, w.opens_on) for w in opening_day.scheduled] == [(2, dt.date(2027, 4, 15))]
    assert survey.next_wave_opens_on == dt.date(2027, 5, 15)
    assert tick(session, today=dt.date(2027, 3, 15)).lines() == ["Nothing to do."]

    closing = tick(session, today=dt.date(2027, 3, 29))
    assert [w.number for w in closing.closed] == [1]
    assert [w.number for w in tick(session, today=dt.date(2027, 4, 15)).opened] == [2]


def test_a_termly_schedule_moves_on_a_term_at_a_time(session: Any) -> None:
    survey = make_survey(session, cadence="termly", next_wave_opens_on=dt.date(2027, 1, 11))
    tick(session, today=dt.date(2027, 1, 4))
    assert survey.next_wave_opens_on == dt.date(2027, 5, 11)


def test_windows_missed_while_tick_was_not_running_are_skipped(session: Any) -> None:
    make_survey(session, cadence="monthly", wave_length_days=10, next_wave_opens_on=dt.date(2026, 12, 1))
    result = tick(session, today=TODAY)
    # December, January and February are over; March's wave (1–10 March) still has today left.
    assert [w.number for w in result.opened] == [1]
    assert [(w.number, w.opens_on, w.status) for w in result.scheduled] == [
        (1, dt.date(2027, 3, 1), "open"),
        (2, dt.date(2027, 4, 1), "draft"),
    ]


def test_an_ad_hoc_schedule_makes_one_wave(session: Any) -> None:
    survey = make_survey(session, cadence="ad_hoc", next_wave_opens_on=TODAY + dt.timedelta(days=1))
    assert len(tick(session, today=TODAY).scheduled) == 1
    assert survey.next_wave_opens_on is None


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2027, 1, 31), 1, dt.date(2027, 2, 28)),
        (dt.date(2028, 1, 31), 1, dt.date(2028, 2, 29)),
        (dt.date(2027, 11, 15), 4, dt.date(2028, 3, 15)),
        (dt.date(2027, 12, 1), 1, dt.date(2028, 1, 1)),
    ],
)
def test_add_months_keeps_the_day_where_the_month_has_it(
    day: dt.date, months: int, expected: dt.date
) -> None:
    assert add_months(day, months) == expected


def test_the_command_prints_what_it_did(app: Flask, session: Any) -> None:
    survey = make_survey(session, key="pulse", cadence="ad_hoc")
    make_wave(session, survey, status="draft", opens_on=TODAY, closes_on=TODAY + dt.timedelta(days=3))
    session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["heard", "tick", "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["Opened wave 1 of pulse."]
    again = runner.invoke(args=["heard", "tick", "--today", TODAY.isoformat()])
    assert again.output.splitlines() == ["Nothing to do."]


def test_two_ticks_at_once_do_the_work_once(app: Flask, session: Any) -> None:
    surveys = []
    for _ in range(3):
        survey = make_survey(session, cadence="monthly", next_wave_opens_on=TODAY)
        make_wave(
            session,
            survey,
            number=1,
            opens_on=TODAY - dt.timedelta(days=20),
            closes_on=TODAY - dt.timedelta(days=1),
        )
        surveys.append(survey)
    session.commit()
    barrier = threading.Barrier(2)
    make_session = sessionmaker(bind=db.engine, expire_on_commit=False)

    def run() -> None:
        own = make_session()
        try:
            barrier.wait()
            tick(own, today=TODAY)
            own.commit()
        except (OperationalError, IntegrityError):  # what `heard tick` reports as "another tick is running"
            own.rollback()
        finally:
            own.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Interleaved runs may each do part of the work (rows the other has locked are skipped); a run after
    # them finishes it. What must never happen is the same wave made or opened twice.
    tick(session, today=TODAY)
    session.commit()
    for survey in surveys:
        assert [(n, s) for n, s, *_ in _waves(session, survey)] == [(1, "closed"), (2, "open"), (3, "draft")]
    opened = session.scalars(select(AuditEvent.target_id).where(AuditEvent.action == "wave.open")).all()
    scheduled = session.scalars(
        select(AuditEvent.target_id).where(AuditEvent.action == "wave.schedule")
    ).all()
    assert len(opened) == len(set(opened)) == 3 and len(scheduled) == len(set(scheduled)) == 6
    assert tick(session, today=TODAY).lines() == ["Nothing to do."]
