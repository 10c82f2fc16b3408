"""Constraints in the data model that carry the anonymity and exactly-once rules."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

from surveyapp.models import Base, Invitation, Response, Survey
from tests.factories import make_invitation, make_response, make_survey, make_unit, make_wave


def test_duplicate_token_hash_is_rejected(session: Any) -> None:
    unit = make_unit(session)
    wave = make_wave(session, make_survey(session, audience=[unit]))
    invitation, _token = make_invitation(session, wave, unit)
    session.add(Invitation(wave=wave, unit=unit, token_hash=invitation.token_hash))
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()


def test_token_is_stored_only_as_a_hash(session: Any) -> None:
    unit = make_unit(session)
    wave = make_wave(session, make_survey(session, audience=[unit]))
    invitation, token = make_invitation(session, wave, unit)
    stored = {c.key: getattr(invitation, c.key) for c in inspect(Invitation).columns}
    assert token not in [str(v) for v in stored.values()]
    assert len(invitation.token_hash) == 64


def test_response_has_no_path_back_to_an_invitation_or_user() -> None:
    referenced = {fk.column.table.name for fk in Response.__table__.foreign_keys}
    assert referenced == {"wave", "unit"}
    for table in Base.metadata.tables.values():
        for fk in table.foreign_keys:
            if fk.column.table.name == "response":
                assert table.name in {"answer", "comment"}, f"{table.name} points at responses"
    assert not any(fk.column.table.name == "response" for fk in Invitation.__table__.foreign_keys)


def test_response_stores_the_day_only_and_nothing_about_the_device() -> None:
    columns = {c.name: c for c in Response.__table__.columns}
    assert str(columns["submitted_on"].type) == "DATE"
    forbidden = {
        "ip",
        "ip_address",
        "user_agent",
        "created_at",
        "submitted_at",
        "invitation_id",
        "user_id",
        "token",
    }
    assert not forbidden & set(columns)
    assert not any(
        "DATETIME" in str(c.type).upper() or "TIMESTAMP" in str(c.type).upper() for c in columns.values()
    )


def test_response_ids_are_random_not_sequential(session: Any) -> None:
    unit = make_unit(session)
    wave = make_wave(session, make_survey(session, audience=[unit]))
    ids = [make_response(session, wave, unit).id for _ in range(20)]
    assert len(set(ids)) == 20
    assert all(len(i) == 32 and int(i, 16) >= 0 for i in ids)
    assert ids != sorted(ids)  # 1 in 20! of failing by chance


def test_reporting_threshold_below_three_cannot_be_stored(session: Any) -> None:
    survey = make_survey(session)
    survey.reporting_threshold = 2
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()


def test_deleting_a_response_removes_its_answers_and_comments(session: Any) -> None:
    unit = make_unit(session)
    wave = make_wave(session, make_survey(session, audience=[unit]))
    response = make_response(
        session, wave, unit, answers={"caseload": "2"}, comments={"one_change": "More staff"}
    )
    session.delete(response)
    session.flush()
    assert session.query(Survey).count() == 1
    from surveyapp.models import Answer, Comment

    assert session.query(Answer).count() == 0 and session.query(Comment).count() == 0
