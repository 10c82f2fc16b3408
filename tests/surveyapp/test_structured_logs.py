"""Structured logs: one JSON object a line, a request id on every request, and nothing anyone wrote,
no token, no invitee's address, no password and no client address — through a submission, a sign-in,
an admin invite and an analysis run, in the app, under gunicorn and in the RQ worker."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from surveyapp import jobs
from surveyapp.logging_setup import JsonFormatter, mask, mask_path
from tests.factories import (
    RequestIsolatingClient,
    csrf_token,
    form_answers,
    make_invitation,
    make_open_link,
    make_survey,
    make_unit,
    make_user,
    make_wave,
    sign_in_as,
)
from tests.surveyapp.admin.helpers import upload
from tests.surveyapp.admin.mailbox import Mailbox, mailbox, point_app_at
from tests.surveyapp.respond.helpers import send_answers

__all__ = ["mailbox"]

REPO = Path(__file__).resolve().parents[2]
CLIENT_IP = "203.0.113.77"
CLIENT_IPV6 = "2001:db8:5:7::42"
REQUEST_FIELDS = {
    "time",
    "level",
    "logger",
    "message",
    "request_id",
    "method",
    "path",
    "status",
    "duration_ms",
}


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """Everything logged anywhere during the test, through the production JSON formatter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def _entries(text: str) -> list[dict[str, Any]]:
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines, "nothing was logged"
    entries = []
    for line in lines:
        entry = json.loads(line)  # every line is one JSON object
        assert isinstance(entry, dict), line
        assert {"time", "level", "logger", "message"} <= set(entry), line
        entries.append(entry)
    return entries


def _assert_none_of(text: str, secrets: dict[str, str]) -> None:
    for what, secret in secrets.items():
        assert secret not in text, f"the log holds the {what}"
        assert json.dumps(secret)[1:-1] not in text, f"the log holds the {what} (escaped)"


def test_masking_covers_tokens_addresses_and_ips() -> None:
    line = f"GET /s/AbC123xyz_-AbC123 from {CLIENT_IP} [{CLIENT_IPV6}] ::1 for ana@council.test at 12:30:45"
    masked = mask(line)
    assert masked == "GET /s/… from [ip] [[ip]] [ip] for [email] at 12:30:45"
    assert mask_path("/reset-password/Zz9_-token?next=/x") == "/reset-password/…"
    assert mask_path("/insights/staff-pulse") == "/insights/staff-pulse"


def test_a_journey_sign_in_invite_and_analysis_log_json_lines_with_no_secrets(
    app: Any, session: Any, json_log: io.StringIO, mailbox: Mailbox
) -> None:
    app.test_client_class = RequestIsolatingClient
    point_app_at(app, mailbox)
    area = make_unit(session, key="front-door", kind="service_area", name="Front door")
    team = make_unit(session, key="mash", parent=area, name="MASH")
    survey = make_survey(session, key="pulse", audience=[area])
    wave = make_wave(session, survey, number=1)
    _invitation, token = make_invitation(session, wave, team)
    make_open_link(session, survey, slug="pulse-event", unit=team)
    password = f"analyst-{uuid.uuid4().hex}"
    make_user(session, role="analyst", email="ana.lyst@council.test", password=password)
    admin = make_user(session, role="admin", email="ada@council.test")
    session.commit()
    comment = f"My manager shouts at us {uuid.uuid4().hex}"
    invitee = f"zoe.{uuid.uuid4().hex[:8]}@council.test"
    environ = {"REMOTE_ADDR": CLIENT_IP}

    # A respondent answers through their link, and someone through the open link.
    respondent = app.test_client()
    respondent.environ_base.update(environ)
    reply = send_answers(respondent, token, form_answers(q_one_change=comment))
    assert reply.status_code == 303
    request_id = reply.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    walk_in = app.test_client()
    walk_in.environ_base.update({"REMOTE_ADDR": CLIENT_IPV6})
    assert send_answers(walk_in, "pulse-event", form_answers(q_one_change=comment)).status_code == 303

    # Someone signs in with a password; a wrong one is logged as a failure, without the attempt.
    visitor = app.test_client()
    visitor.environ_base.update(environ)
    data = {"csrf_token": csrf_token(visitor, "/sign-in"), "email": "ana.lyst@council.test"}
    assert visitor.post("/sign-in", data={**data, "password": password + "x"}).status_code == 200
    assert visitor.post("/sign-in", data={**data, "password": password}).status_code == 302

    # An admin invites someone by email; the email goes through a real SMTP server.
    admin_client = sign_in_as(app.test_client(), admin)
    admin_client.environ_base.update(environ)
    page = "/admin/surveys/pulse/waves/1/invitations"
    assert (
        upload(admin_client, page, f"email,unit_key\n{invitee},mash\n", delivery="email").status_code == 302
    )
    assert mailbox.recipients == [invitee]
    emailed_token = mailbox.links(invitee)[0].rsplit("/", 1)[1]

    # The analysis runs over the comment (in-process here; the worker's own logs are tested below).
    run_id = jobs.enqueue_analysis(app, survey.id)
    jobs.wait_for_threads(timeout=300)

    text = json_log.getvalue()
    entries = _entries(text)
    requests = [e for e in entries if e["logger"] == "heard.request"]
    assert requests and all(set(e) >= REQUEST_FIELDS for e in requests)
    submit = [e for e in requests if e["request_id"] == request_id]
    assert len(submit) == 1
    assert submit[0]["method"] == "POST" and submit[0]["path"] == "/s/…/questions"
    assert submit[0]["status"] == 303 and submit[0]["duration_ms"] >= 0
    assert any(e["path"] == "/sign-in" and e["status"] == 302 for e in requests)
    assert any(e["path"] == page and e["status"] == 302 for e in requests)
    assert any(f"Analysis run {run_id}" in e["message"] for e in entries)
    _assert_none_of(
        text,
        {
            "comment text": comment,
            "survey token": token,
            "emailed token": emailed_token,
            "invitee's address": invitee,
            "password": password,
            "client address": CLIENT_IP,
            "client IPv6 address": CLIENT_IPV6,
        },
    )


def test_an_incoming_request_id_is_kept_and_a_bogus_one_replaced(app: Any, client: Any) -> None:
    kept = client.get("/healthz", headers={"X-Request-ID": "lb-1234abcd-5678"})
    assert kept.headers["X-Request-ID"] == "lb-1234abcd-5678"
    replaced = client.get("/healthz", headers={"X-Request-ID": "<script>alert(1)</script>"})
    assert re.fullmatch(r"[0-9a-f]{32}", replaced.headers["X-Request-ID"])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment(database_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LOG_", "REDIS_", "WEB_"))}
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY="test-secret-key",
        LOG_FORMAT="json",
        BASE_URL="http://heard.test",
        PYTHONPATH=str(REPO),
        **extra,
    )
    return env


def test_gunicorn_logs_json_lines_without_tokens_or_addresses(
    app: Any, session: Any, database_url: str, tmp_path: Path
) -> None:
    unit = make_unit(session, name="Area team North")
    survey = make_survey(session, audience=[unit])
    wave = make_wave(session, survey)
    _invitation, token = make_invitation(session, wave, unit)
    session.commit()
    port = _free_port()
    out = tmp_path / "gunicorn.log"
    env = _environment(database_url, BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="2")
    with out.open("wb") as sink:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "wsgi:app"],
            cwd=REPO,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"{base}/readyz", timeout=5) as reply:
                        assert json.load(reply)["status"] == "ok"
                        break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise
                    time.sleep(0.3)
            request = urllib.request.Request(f"{base}/s/{token}", headers={"X-Forwarded-For": CLIENT_IP})
            with urllib.request.urlopen(request, timeout=10) as reply:
                assert reply.status == 200 and reply.headers["X-Request-ID"]
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    text = out.read_text()
    entries = _entries(text)
    assert any(e["logger"].startswith("gunicorn") for e in entries)  # gunicorn's own lines, as JSON
    assert any(e["logger"] == "heard.request" and e["path"] == "/s/…" for e in entries)
    _assert_none_of(
        text, {"survey token": token, "client address": CLIENT_IP, "loopback address": "127.0.0.1:"}
    )
