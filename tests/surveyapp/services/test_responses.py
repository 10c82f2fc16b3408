"""Storing responses: all or nothing, exactly once per invitation — proved against real servers.

The concurrency tests serve the app with gunicorn (several worker processes) and send the same
single-use link from many "tabs" at once; the crash tests make the database session fail after the
answers are written and before the commit. Each runs on the suite's database (SQLite, or PostgreSQL
when DATABASE_URL says so) and again on the local PostgreSQL server when it is reachable.
"""

from __future__ import annotations

import datetime as dt
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.orm import Session

from questionnaires.schema import Question, Questionnaire
from surveyapp.extensions import db
from surveyapp.models import Answer, Comment, Invitation, Response
from surveyapp.services.responses import (
    AlreadySubmitted,
    AnswerValue,
    NoGroupForPartner,
    Submission,
    answer_values,
    filing_unit,
    numeric_value,
    partner_groups,
    submit,
)
from tests.browser.conftest import LiveServer
from tests.conftest import REPO_ROOT
from tests.factories import make_invitation, make_partner_survey, make_survey, make_unit, make_wave
from tests.surveyapp.respond.helpers import HttpTab

# --- fixtures: the suite's database, and PostgreSQL on its own --------------------------------------


@pytest.fixture
def pg_app(postgres_url: str) -> Iterator[Any]:
    """An app on a fresh, migrated PostgreSQL schema (skips when no server is reachable)."""
    from surveyapp import create_app
    from surveyapp.migrate import upgrade

    upgrade(postgres_url)
    application = create_app(
        {"SQLALCHEMY_DATABASE_URI": postgres_url, "SECRET_KEY": "test-secret-key", "TESTING": True}
    )
    try:
        yield application
    finally:
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(params=["suite database", "postgresql"])
def any_app(request: pytest.FixtureRequest) -> Any:
    """The app on the suite's database, then on PostgreSQL."""
    return request.getfixturevalue("app" if request.param == "suite database" else "pg_app")


@contextmanager
def _app_session(app: Any) -> Iterator[Session]:
    with app.app_context():
        yield db.session
        db.session.remove()


def _staff_wave(session: Session, invitations: int) -> tuple[int, int, list[tuple[int, str]]]:
    """An open staff-pulse wave for one team; returns (wave id, unit id, [(invitation id, token)])."""
    unit = make_unit(session, name="Area team North")
    survey = make_survey(session, audience=[unit])
    wave = make_wave(session, survey)
    links = [make_invitation(session, wave, unit) for _ in range(invitations)]
    session.commit()
    return wave.id, unit.id, [(invitation.id, token) for invitation, token in links]


def _stored(session: Session) -> tuple[int, int, int, int]:
    """(responses, answers, comments, invitations used), read fresh."""
    session.rollback()
    return (
        session.scalar(select(func.count()).select_from(Response)),
        session.scalar(select(func.count()).select_from(Answer)),
        session.scalar(select(func.count()).select_from(Comment)),
        session.scalar(select(func.count()).select_from(Invitation).where(Invitation.used)),
    )


# --- the service itself ---------------------------------------------------------------------------------


def _submission(wave_id: int, unit_id: int, invitation_id: int | None) -> Submission:
    return Submission(
        wave_id=wave_id,
        unit_id=unit_id,
        channel="invitation" if invitation_id else "open_link",
        answers=(AnswerValue("caseload", "4", 4), AnswerValue("recommend", "9", 9)),
        comments=(("one_change", "More time with families."),),
        invitation_id=invitation_id,
    )


def test_submit_stores_the_response_its_answers_and_comments_with_the_day_only(session: Session) -> None:
    wave_id, unit_id, [(invitation_id, _token)] = _staff_wave(session, 1)
    submit(session, _submission(wave_id, unit_id, invitation_id), today=dt.date(2026, 3, 4))
    assert _stored(session) == (1, 2, 1, 1)
    response = session.scalars(select(Response)).one()
    assert response.submitted_on == dt.date(2026, 3, 4) and response.channel == "invitation"
    assert len(response.id) == 32  # random, so row order says nothing
    assert session.get(Invitation, invitation_id).used is True


def test_using_an_invitation_forgets_its_address_and_send_time(session: Session) -> None:
    wave_id, unit_id, [(invitation_id, _token), (unused_id, _other)] = _staff_wave(session, 2)
    for invitation in session.scalars(select(Invitation)):
        invitation.email, invitation.last_sent_at = "someone@council.test", dt.datetime(2026, 3, 1, 9, 30)
    session.commit()
    submit(session, _submission(wave_id, unit_id, invitation_id))
    used, unused = session.get(Invitation, invitation_id), session.get(Invitation, unused_id)
    session.refresh(used)
    assert used.used and used.email is None and used.last_sent_at is None
    assert unused.email == "someone@council.test"  # still needed for a reminder


def test_a_used_invitation_cannot_submit_again(session: Session) -> None:
    wave_id, unit_id, [(invitation_id, _token)] = _staff_wave(session, 1)
    submit(session, _submission(wave_id, unit_id, invitation_id))
    with pytest.raises(AlreadySubmitted):
        submit(session, _submission(wave_id, unit_id, invitation_id))
    assert _stored(session) == (1, 2, 1, 1)


def test_a_submission_must_match_its_channel() -> None:
    with pytest.raises(ValueError, match="invitation"):
        Submission(wave_id=1, unit_id=1, channel="invitation")
    with pytest.raises(ValueError, match="invitation"):
        Submission(wave_id=1, unit_id=1, channel="open_link", invitation_id=3)
    with pytest.raises(ValueError, match="channel"):
        Submission(wave_id=1, unit_id=1, channel="email")


def test_answer_values_turn_answers_into_rows() -> None:
    questionnaire = Questionnaire(
        key="q",
        version=1,
        title="Q",
        audience="staff",
        intro="",
        cadence="monthly",
        estimated_minutes=1,
        questions=(
            Question("agree", "likert5", "Agree?"),
            Question("score", "scale0_10", "Score?"),
            Question("seen", "yes_no", "Seen?"),
            Question("where", "multi_choice", "Where?", required=False),
            Question("note", "free_text", "Note?", required=False),
            Question("skipped", "likert5", "Skipped?", required=False),
        ),
    )
    rows, comments = answer_values(
        questionnaire,
        {"agree": "5", "score": "0", "seen": "no", "where": ["b", "a", "b"], "note": "Hi", "skipped": None},
    )
    assert rows == (
        AnswerValue("agree", "5", 5),
        AnswerValue("score", "0", 0),
        AnswerValue("seen", "no", 0),
        AnswerValue("where", "a", None),
        AnswerValue("where", "b", None),
    )
    assert comments == (("note", "Hi"),)
    assert numeric_value("yes_no", "yes") == 1 and numeric_value("single_choice", "x") is None


def test_a_partner_is_filed_under_its_group_unless_it_chose_to_be_named(session: Session) -> None:
    _survey, groups, schools = make_partner_survey(session)
    team = make_unit(session, name="MASH team")
    assert filing_unit(schools[0]) == groups["primary-north"]
    assert filing_unit(schools[0], named=True) == schools[0]
    assert filing_unit(team) == team  # staff teams are what they are
    assert partner_groups([*schools, team]) == [groups["primary-north"], groups["secondary"]]
    orphan = make_unit(session, kind="partner", name="Lone school")
    with pytest.raises(NoGroupForPartner):
        filing_unit(orphan)


# --- all or nothing --------------------------------------------------------------------------------------


@contextmanager
def _crash_after_answers_are_written() -> Iterator[list[int]]:
    """Make every commit fail once answers are written in its transaction; yields the answer counts seen."""
    seen: list[int] = []

    def crash(session: Session) -> None:
        written = session.connection().execute(text("SELECT count(*) FROM answer")).scalar_one()
        if written:
            seen.append(written)
            raise RuntimeError("injected crash between writing the answers and committing")

    event.listen(Session, "before_commit", crash)
    try:
        yield seen
    finally:
        event.remove(Session, "before_commit", crash)


def test_a_crash_before_commit_leaves_nothing_and_the_invitation_unused(any_app: Any) -> None:
    with _app_session(any_app) as session:
        wave_id, unit_id, [(invitation_id, _token)] = _staff_wave(session, 1)
        with _crash_after_answers_are_written() as seen, pytest.raises(RuntimeError, match="injected"):
            submit(session, _submission(wave_id, unit_id, invitation_id))
        assert seen == [2]  # the answers really were written before the failure
        assert _stored(session) == (0, 0, 0, 0)
        submit(session, _submission(wave_id, unit_id, invitation_id))  # the link still works
        assert _stored(session) == (1, 2, 1, 1)


def test_a_crash_on_a_live_server_stores_nothing_and_the_link_can_be_used_again(any_app: Any) -> None:
    with _app_session(any_app) as session:
        _wave, _unit, [(_id, token)] = _staff_wave(session, 1)
        with LiveServer(any_app) as server, _crash_after_answers_are_written() as seen:
            tab = HttpTab(server.url)
            status, _body = tab.send_answers(token)
            assert status == 500 and seen
        assert _stored(session) == (0, 0, 0, 0)
        with LiveServer(any_app) as server:
            assert HttpTab(server.url).send_answers(token)[0] == 303
        assert _stored(session) == (1, 8, 1, 1)


# --- exactly once, under concurrency ----------------------------------------------------------------------


@contextmanager
def gunicorn_server(database_url: str, workers: int = 3) -> Iterator[str]:
    """The real app under gunicorn (separate worker processes) on a free loopback port."""
    if str(REPO_ROOT / "benchmarks") not in sys.path:
        sys.path.insert(0, str(REPO_ROOT / "benchmarks"))
    from submit_load import gunicorn  # the benchmarks' server harness, shared rather than copied

    with gunicorn("wsgi:app", database_url, workers, {"SECRET_KEY": "test-secret-key"}) as (port, _master):
        yield f"http://127.0.0.1:{port}"


@pytest.mark.slow
def test_one_link_sent_from_many_tabs_at_once_is_stored_exactly_once(any_app: Any) -> None:
    links, tabs_per_link = 6, 6
    with _app_session(any_app) as session:
        _wave, _unit, invitations = _staff_wave(session, links)
        with gunicorn_server(any_app.config["SQLALCHEMY_DATABASE_URI"]) as url:
            tabs = [(token, HttpTab(url)) for _id, token in invitations for _ in range(tabs_per_link)]
            for token, tab in tabs:
                tab.open_questions(token)  # every tab has the page open with its own CSRF token
            start = threading.Barrier(len(tabs))
            results: dict[int, tuple[str, int, str]] = {}

            def press_send(index: int, token: str, tab: HttpTab) -> None:
                start.wait()
                status, body = tab.send(token)
                results[index] = (token, status, body)

            threads = [
                threading.Thread(target=press_send, args=(i, token, tab))
                for i, (token, tab) in enumerate(tabs)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)

        assert len(results) == len(tabs)
        for _id, token in invitations:
            statuses = sorted(status for t, status, _body in results.values() if t == token)
            assert statuses == [303] + [410] * (tabs_per_link - 1), statuses
        losers = [body for _t, status, body in results.values() if status == 410]
        assert all("This survey link has already been used" in body for body in losers)
        assert _stored(session) == (links, 8 * links, links, links)
