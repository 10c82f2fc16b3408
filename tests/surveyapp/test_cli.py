"""The `heard` command line."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from flask import Flask

from surveyapp.models import Invitation, User
from surveyapp.services.tokens import hash_token
from tests.conftest import REPO_ROOT
from tests.factories import make_response, make_survey, make_unit, make_wave


def _run(app: Flask, *args: str) -> Any:
    return app.test_cli_runner().invoke(args=["heard", *args])


def test_units_prints_key_name_headcount(app: Flask, session: Any) -> None:
    make_unit(session, key="mash", name="MASH team", headcount=16)
    make_unit(session, key="fostering", name="Fostering team", headcount=12)
    session.commit()
    result = _run(app, "units")
    assert result.exit_code == 0
    assert result.output.splitlines() == ["fostering\tFostering team\t12", "mash\tMASH team\t16"]


def test_invite_prints_one_working_link_per_line(app: Flask, session: Any) -> None:
    unit = make_unit(session, key="mash")
    survey = make_survey(session, key="staff-pulse", audience=[unit])
    make_wave(session, survey)
    session.commit()
    result = _run(app, "invite", "--survey", "staff-pulse", "--unit", "mash", "--count", "3")
    assert result.exit_code == 0, result.output
    links = result.output.splitlines()
    assert len(links) == 3 and all(link.startswith("http://heard.test/s/") for link in links)
    tokens = [link.rsplit("/", 1)[1] for link in links]
    assert len(set(tokens)) == 3 and all(len(t) >= 32 for t in tokens)
    stored = {i.token_hash for i in session.query(Invitation)}
    assert stored == {hash_token(t) for t in tokens}
    client = app.test_client()
    assert client.get(f"/s/{tokens[0]}").status_code == 200


def test_invite_explains_an_unknown_survey_or_unit(app: Flask, session: Any) -> None:
    make_survey(session, key="staff-pulse")
    session.commit()
    result = _run(app, "invite", "--survey", "nope", "--unit", "mash", "--count", "1")
    assert result.exit_code == 1 and "no survey with key 'nope'" in result.output
    result = _run(app, "invite", "--survey", "staff-pulse", "--unit", "mash", "--count", "1")
    assert result.exit_code == 1 and "no open wave" in result.output


def test_stats_prints_counts_per_wave_as_json(app: Flask, session: Any) -> None:
    unit = make_unit(session)
    survey = make_survey(session, key="staff-pulse", audience=[unit])
    first = make_wave(session, survey, status="closed", number=1)
    make_wave(session, survey, status="open", number=2)
    make_response(session, first, unit, comments={"one_change": "Lower caseloads please"})
    make_response(session, first, unit)
    session.commit()
    result = _run(app, "stats", "--survey", "staff-pulse")
    assert result.exit_code == 0
    assert json.loads(result.output) == {
        "survey": "staff-pulse",
        "waves": [
            {"number": 1, "status": "closed", "responses": 2, "comments": 1},
            {"number": 2, "status": "open", "responses": 0, "comments": 0},
        ],
    }
    assert "caseloads" not in result.output


def test_open_and_close_wave(app: Flask, session: Any) -> None:
    make_survey(session, key="staff-pulse")
    session.commit()
    opened = _run(
        app, "open-wave", "--survey", "staff-pulse", "--opens", "2026-11-02", "--closes", "2026-11-16"
    )
    assert opened.exit_code == 0 and "Opened wave 1" in opened.output
    again = _run(app, "open-wave", "--survey", "staff-pulse")
    assert again.exit_code == 1 and "already has an open wave" in again.output
    closed = _run(app, "close-wave", "--survey", "staff-pulse")
    assert closed.exit_code == 0 and "Closed wave 1" in closed.output
    assert _run(app, "close-wave", "--survey", "staff-pulse").exit_code == 1


def test_closing_a_wave_discards_invitation_emails(app: Flask, session: Any) -> None:
    unit = make_unit(session, key="mash")
    survey = make_survey(session, key="staff-pulse", audience=[unit])
    wave = make_wave(session, survey)
    from surveyapp.services.invitations import create_invitations

    create_invitations(session, wave, unit, 2, emails=["a@example.org", "b@example.org"])
    session.commit()
    assert _run(app, "close-wave", "--survey", "staff-pulse").exit_code == 0
    session.expire_all()
    assert [i.email for i in session.query(Invitation)] == [None, None]


def test_create_user_hashes_the_password(app: Flask, session: Any) -> None:
    result = _run(
        app,
        "create-user",
        "--email",
        "Lead@Example.org",
        "--name",
        "A Leader",
        "--role",
        "leader",
        "--password",
        "correct horse battery",
    )
    assert result.exit_code == 0, result.output
    user = session.query(User).one()
    assert user.email == "lead@example.org" and user.password_hash.startswith("$argon2id$")
    assert "correct horse" not in user.password_hash
    duplicate = _run(app, "create-user", "--email", "lead@example.org", "--name", "B", "--role", "admin")
    assert duplicate.exit_code == 1 and "already an account" in duplicate.output


def test_console_script_and_flask_group_are_the_same_commands() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "heard", "--help"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for command in (
        "seed-demo",
        "create-user",
        "units",
        "invite",
        "stats",
        "open-wave",
        "close-wave",
        "migrate",
    ):
        assert command in result.stdout


def test_create_user_refuses_a_leaked_password(app: Flask, session: Any) -> None:
    args = ["create-user", "--email", "lead@example.org", "--name", "A Leader", "--role", "leader"]
    result = _run(app, *args, "--password", "password12345")
    assert result.exit_code == 1 and "leaked from other websites" in result.output
    assert session.query(User).count() == 0


def test_issue_token_prints_a_token_that_reads_the_api(app: Flask, session: Any) -> None:
    from tests.factories import make_user

    make_user(session, role="analyst", email="analyst@council.test")
    session.commit()
    result = _run(app, "issue-token", "analyst@council.test", "--name", "Board report")
    assert result.exit_code == 0, result.output
    raw = result.stdout.splitlines()[0]
    assert raw.startswith("heard_")
    answer = app.test_client().get("/api/v1/surveys", headers={"Authorization": f"Bearer {raw}"})
    assert answer.status_code == 200
    assert _run(app, "issue-token", "nobody@council.test", "--name", "x").exit_code != 0
