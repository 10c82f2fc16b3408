"""Logs never carry a survey token, an answer or a comment — not even when a submit fails."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError

from surveyapp.extensions import db
from tests.browser.conftest import LiveServer
from tests.factories import form_answers, make_invitation, make_survey, make_unit, make_wave
from tests.surveyapp.respond.helpers import HttpTab, counts


@pytest.fixture
def invitations(session: Any) -> list[str]:
    unit = make_unit(session, name="Area team North")
    survey = make_survey(session, audience=[unit])
    wave = make_wave(session, survey)
    tokens = [make_invitation(session, wave, unit)[1] for _ in range(2)]
    session.commit()
    return tokens


@contextmanager
def _database_refuses_comments(engine: Any) -> Iterator[None]:
    """Fail comment inserts the way a driver does: an error whose message quotes the parameters."""

    def refuse(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO COMMENT"):
            raise IntegrityError(statement, parameters, Exception("CHECK constraint failed"))

    event.listen(engine, "before_cursor_execute", refuse)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", refuse)


def test_tokens_answers_and_comments_never_reach_the_logs(
    app: Any, session: Any, invitations: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secret_comment = f"My manager is unfair {uuid.uuid4().hex}"
    failing_comment = f"Please fix the rota {uuid.uuid4().hex}"
    ok_token, failing_token = invitations
    with LiveServer(app) as server:
        tab = HttpTab(server.url)
        tab.open_questions(ok_token)
        tab.form["q_one_change"] = secret_comment
        tab.form.pop("q_caseload")
        assert tab.send(ok_token)[0] == 200  # a validation error re-renders with the comment
        tab.form["q_caseload"] = "3"
        assert tab.send(ok_token)[0] == 303
        assert tab.send(ok_token)[0] == 303  # the same page again (a retry) is thanked, stored once
        tab.form["response_key"] = "another-pages-key-0123"
        assert tab.send(ok_token)[0] == 410
        # A database failure: the driver's message would quote the comment.
        with _database_refuses_comments(db.engine):
            other = HttpTab(server.url)
            other.open_questions(failing_token)
            other.form["q_one_change"] = failing_comment
            status, body = other.send(failing_token)
        assert status == 500 and failing_comment not in body

    assert counts(session) == (1, 8, 2)  # the failed submit left nothing behind
    logged = caplog.text + "\n".join(str(record.args) for record in caplog.records)
    assert any("/s/…" in record.getMessage() for record in caplog.records), "no access log captured"
    assert "Unhandled error" in logged  # the failure itself was logged...
    for secret in (
        ok_token,
        failing_token,
        secret_comment,
        failing_comment,
        form_answers()["q_working_well"],
    ):
        assert secret not in logged  # ...but nothing anyone wrote, and no token
