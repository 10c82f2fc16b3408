"""Background jobs on a real Redis with a real RQ worker: analysis and emails are idempotent, a job that
fails for now is retried, and with Redis down answers are still taken and jobs run in-process."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import get_flashed_messages
from sqlalchemy import func, select

from surveyapp import create_app, jobs
from surveyapp.extensions import db
from surveyapp.models import Invitation, Response, Theme
from surveyapp.models.insights import AnalysisRun, ThemeWaveStat
from surveyapp.services.invitations import create_invitations
from tests.factories import (
    RequestIsolatingClient,
    csrf_token,
    form_answers,
    make_commented_survey,
    make_invitation,
    make_open_link,
    make_survey,
    make_unit,
    make_user,
    make_wave,
    sign_in_as,
)
from tests.surveyapp.admin.helpers import banner, upload
from tests.surveyapp.admin.mailbox import Mailbox, mailbox, point_app_at
from tests.surveyapp.respond.helpers import send_answers

__all__ = ["mailbox"]

REDIS_TEST_URL = "redis://127.0.0.1:6379/15"
REPO = Path(__file__).resolve().parents[3]


def _redis_reason() -> str | None:
    try:
        from redis import Redis

        Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=2).ping()
        return None
    except Exception as error:  # any failure means "no Redis here"; the reason goes in the skip message
        return f"Redis not reachable at {REDIS_TEST_URL}: {type(error).__name__}: {error}"


@pytest.fixture
def queue(app: Any, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A queue of this test's own on the real Redis; jobs retry at once (no backoff) so a burst sees it."""
    reason = _redis_reason()
    if reason:
        pytest.skip(reason)
    app.config.update(REDIS_URL=REDIS_TEST_URL, RQ_QUEUE=f"heard-test-{uuid.uuid4().hex}")
    app.config["JOB_RETRY_INTERVALS"] = (0, 0)
    # The worker builds its own app from the environment, as `heard worker` does.
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SECRET_KEY", "test-secret-key")
    monkeypatch.setenv("BASE_URL", "http://heard.test")
    found = jobs.queue_for(app)
    try:
        yield found
    finally:
        from rq.registry import FailedJobRegistry, FinishedJobRegistry

        for registry in (FailedJobRegistry(queue=found), FinishedJobRegistry(queue=found)):
            for job_id in registry.get_job_ids():
                registry.remove(job_id, delete_job=True)
        found.delete(delete_jobs=True)


def _work(queue: Any, session: Any, app: Any, mail: Mailbox | None = None) -> None:
    """Run a real RQ worker until the queue is empty (in this process, so it can reach the SMTP server)."""
    from rq import SimpleWorker

    if mail is not None:
        os.environ.update(
            MAIL_SERVER=mail.host, MAIL_PORT=str(mail.port), MAIL_FROM="Heard <heard@council.test>"
        )
    try:
        session.remove()  # the worker's app rebinds the shared session factory; let go of ours first
        SimpleWorker([queue], connection=queue.connection).work(burst=True)
    finally:
        for name in ("MAIL_SERVER", "MAIL_PORT", "MAIL_FROM"):
            os.environ.pop(name, None)
        session.expire_all()


def _theme_snapshot(session: Any, survey_id: int) -> tuple[list[tuple[int, str]], list[tuple[int, int, int]]]:
    session.expire_all()
    themes = [(t.id, t.label) for t in session.scalars(select(Theme).where(Theme.survey_id == survey_id))]
    stats = session.execute(
        select(ThemeWaveStat.theme_id, ThemeWaveStat.wave_id, ThemeWaveStat.comment_count).order_by(
            ThemeWaveStat.theme_id, ThemeWaveStat.wave_id
        )
    ).all()
    return sorted(themes), [tuple(row) for row in stats]


def test_asking_twice_queues_one_run_and_running_again_gives_one_result(
    app: Any, session: Any, queue: Any
) -> None:
    survey = make_commented_survey(session, waves=1)
    session.commit()
    first = jobs.enqueue_analysis(app, survey.id)
    again = jobs.enqueue_analysis(app, survey.id)
    assert again == first and queue.count == 1  # one queued run, one job
    _work(queue, session, app)
    assert session.get(AnalysisRun, first).status == "done"
    once = _theme_snapshot(session, survey.id)
    assert once[0] and once[1]

    second = jobs.enqueue_analysis(app, survey.id)  # the same wave's analysis run a second time
    assert second != first
    _work(queue, session, app)
    assert session.get(AnalysisRun, second).status == "done", session.get(AnalysisRun, second).message
    assert _theme_snapshot(session, survey.id) == once  # same themes, same figures: not added twice


def test_a_run_waits_while_another_run_of_the_survey_is_running(app: Any, session: Any) -> None:
    survey = make_commented_survey(session, waves=1, comments_per_team=2)
    session.commit()
    busy = AnalysisRun(survey_id=survey.id, status="running", started_at=jobs.utcnow())
    waiting = AnalysisRun(survey_id=survey.id, status="queued")
    session.add_all([busy, waiting])
    session.commit()
    with pytest.raises(jobs.AnalysisBusy):
        jobs.execute_run(waiting.id, app)
    session.expire_all()
    assert session.get(AnalysisRun, waiting.id).status == "queued"  # left for the retry


class DeferringMailbox(Mailbox):
    """A real SMTP server that tells the first attempt to each address in ``defer`` to try again later."""

    def __init__(self, *args: Any, defer: set[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.defer = set(defer or ())

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address.lower() in self.defer:
            self.defer.discard(address.lower())
            return "451 4.3.0 Mailbox busy, try again later"
        return await super().handle_RCPT(server, session, envelope, address, options)


@pytest.fixture
def deferring_mailbox() -> Iterator[DeferringMailbox]:
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    box = DeferringMailbox(port=port, defer={"ben@council.test"})
    controller = Controller(box, hostname=box.host, port=box.port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


def _invited_wave(session: Any, emails: list[str]) -> Any:
    team = make_unit(session, key="mash")
    survey = make_survey(session, key="pulse", audience=[team])
    wave = make_wave(session, survey, number=1)
    create_invitations(session, wave, team, len(emails), emails=emails)
    session.commit()
    return wave


def test_email_jobs_retry_what_the_server_deferred_and_never_email_anyone_twice(
    app: Any, session: Any, queue: Any, deferring_mailbox: DeferringMailbox
) -> None:
    box = deferring_mailbox
    people = ["ana@council.test", "ben@council.test", "cat@council.test"]
    wave = _invited_wave(session, people)
    wave_id = wave.id
    first = jobs.queue_emails(app, wave_id, "unsent")
    assert jobs.queue_emails(app, wave_id, "unsent") == first and queue.count == 1  # one pending job
    _work(queue, session, app, box)
    # ben was told "later" on the first attempt; the retry sent his, and nobody else's again.
    assert sorted(box.recipients) == people
    assert box.defer == set()
    assert all(i.last_sent_at for i in session.scalars(select(Invitation)))
    from rq.job import Job

    assert Job.fetch(first, connection=queue.connection).get_status() == "finished"

    jobs.queue_emails(app, wave_id, "unsent")  # asked again: everyone has had theirs
    _work(queue, session, app, box)
    assert sorted(box.recipients) == people

    jobs.queue_emails(app, wave_id, "remind")
    _work(queue, session, app, box)
    assert sorted(box.recipients) == sorted(people * 2)  # one reminder each
    # The same reminder job run again (a retry after a crash) reminds nobody twice.
    requested = session.scalar(select(func.min(Invitation.last_sent_at)))
    session.remove()
    os.environ.update(MAIL_SERVER=box.host, MAIL_PORT=str(box.port))
    try:
        jobs.send_wave_emails(wave_id, "remind", requested.isoformat())
    finally:
        os.environ.pop("MAIL_SERVER"), os.environ.pop("MAIL_PORT")
    assert sorted(box.recipients) == sorted(people * 2)
    session.expire_all()
    assert [i.reminders_sent for i in session.scalars(select(Invitation))] == [1, 1, 1]


def test_the_worker_command_logs_json_without_addresses_or_links(
    app: Any, session: Any, queue: Any, mailbox: Mailbox, database_url: str
) -> None:
    people = ["dee@council.test", "eve@council.test"]
    wave = _invited_wave(session, people)
    jobs.queue_emails(app, wave.id, "unsent")
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOG_")}
    env.update(
        REDIS_URL=REDIS_TEST_URL,
        RQ_QUEUE=queue.name,
        LOG_FORMAT="json",
        MAIL_SERVER=mailbox.host,
        MAIL_PORT=str(mailbox.port),
        PYTHONPATH=str(REPO),
    )
    done = subprocess.run(
        [sys.executable, "-c", "from surveyapp.cli import main; main()", "worker", "--burst"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert sorted(mailbox.recipients) == people
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines if not line.startswith("Worker on ")]
    assert any(e["logger"] == "rq.worker" for e in entries)
    assert any(e["logger"] == "surveyapp.jobs" and e.get("sent") == 2 and e.get("job_id") for e in entries)
    text = "\n".join(lines)
    links = [link for p in people for link in mailbox.links(p)]
    for secret in [*people, *links, *(link.rsplit("/", 1)[1] for link in links)]:
        assert secret not in text


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens once the probe is closed


def test_with_redis_down_answers_sign_ins_emails_and_analysis_still_work(
    app: Any, session: Any, database_url: str, mailbox: Mailbox, caplog: pytest.LogCaptureFixture
) -> None:
    down = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "test-secret-key",
            "TESTING": True,
            "BASE_URL": "http://heard.test",
            "REDIS_URL": f"redis://127.0.0.1:{_closed_port()}/0",
        }
    )
    down.test_client_class = RequestIsolatingClient
    point_app_at(down, mailbox)
    team = make_unit(session, key="mash")
    survey = make_survey(session, key="pulse", audience=[team])
    wave = make_wave(session, survey, number=1)
    _invitation, token = make_invitation(session, wave, team)
    make_open_link(session, survey, slug="pulse-event", unit=team)
    analyst = make_user(session, role="analyst", email="ana.lyst@council.test")
    admin = make_user(session, role="admin", email="ada@council.test")
    session.commit()
    survey_id = survey.id

    with down.app_context():
        respondent = down.test_client()
        assert send_answers(respondent, token, form_answers()).status_code == 303
        assert send_answers(down.test_client(), "pulse-event", form_answers()).status_code == 303
        visitor = down.test_client()
        data = {"csrf_token": csrf_token(visitor, "/sign-in"), "email": analyst.email}
        assert visitor.post("/sign-in", data={**data, "password": "wrong password"}).status_code == 200
        signed_in = visitor.post("/sign-in", data={**data, "password": "correct horse battery staple"})
        assert signed_in.status_code == 302

        # Readiness reports the outage but keeps the process in service, since answers still go in.
        ready = down.test_client().get("/readyz")
        assert ready.status_code == 200 and ready.json["redis"] == "unreachable"
        assert down.test_client().get("/healthz").status_code == 200

        # An admin's invitation emails go now, in the request, with a warning on the page.
        admin_client = sign_in_as(down.test_client(), admin)
        page = "/admin/surveys/pulse/waves/1/invitations"
        sent = upload(admin_client, page, "email,unit_key\nfay@council.test,mash\n", delivery="email")
        assert sent.status_code == 302
        assert mailbox.recipients == ["fay@council.test"]
        shown = banner(admin_client, page)
        assert "background job queue is not available" in shown and "1 invitation sent." in shown

        # The analysis (as closing a wave on the admin pages asks for it) runs in-process instead of on
        # the queue, and the person who asked is told.
        with down.test_request_context("/admin/"):
            run_id = jobs.enqueue_analysis(down, survey_id)
            flashed = get_flashed_messages()
        jobs.wait_for_threads(timeout=300)
        assert flashed == [jobs.FALLBACK_WARNING]

    db.session.remove()
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Response)) == 2
    run = session.get(AnalysisRun, run_id)
    assert run.status == "done" and run.job_id.startswith("heard-analysis-")
    assert any("runs in-process instead" in r.getMessage() for r in caplog.records)
