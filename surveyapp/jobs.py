"""Background jobs — the analysis and emailing invitations and reminders — on RQ when ``REDIS_URL`` is set.

Without ``REDIS_URL`` (the embedded default) an analysis runs on a background thread with its own
database session, so the web request that asked for it returns at once (the thread is not a daemon: a
command that closed a wave waits for its analysis before exiting), and emails are sent in the request.
With ``REDIS_URL`` the work goes on the ``RQ_QUEUE`` queue for ``heard worker``. If Redis does not
answer, the work is done in-process as above instead, with a warning logged and flashed to the person
who asked, so nothing waits on Redis coming back.

Jobs are retried with backoff (``JOB_RETRY_INTERVALS``) and safe to run twice:

- analysis: a survey has at most one queued run; asking again while it waits returns the same run and
  job (``heard-analysis-<survey>-<run>``). A run starts only when no other run of the survey is
  running (checked under a lock on the survey row; otherwise it waits, retried), and the pipeline
  replaces its results rather than adding to them, so two runs over the same comments leave one result.
- email: one pending job per wave and kind (``heard-email-<kind>-<wave>``); a job sends only to people
  not emailed since it was asked for, and each email is claimed before it goes
  (see :func:`surveyapp.services.reminders.deliver`), so nobody is emailed twice.
- write order: after an admin closes a wave, ``heard-write-order`` rewrites the response tables on
  PostgreSQL (:mod:`surveyapp.services.write_order`) away from the request, which returns at once; a
  rewrite that cannot get its locks in time is retried, and one pending job serves every close.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from typing import Any

from flask import Flask, current_app, flash, has_request_context
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session, scoped_session, sessionmaker

from surveyapp.models import Survey, Wave
from surveyapp.models.base import utcnow
from surveyapp.models.insights import AnalysisRun
from surveyapp.services.analysis_runs import queue_run, run_analysis
from surveyapp.services.write_order import forget_write_order

log = logging.getLogger(__name__)

QUEUE_NAME = "heard"
JOB_TIMEOUT = 60 * 60
EMAIL_JOB_TIMEOUT = 30 * 60
# Backoff between attempts of a failed job: seconds, one entry per retry.
JOB_RETRY_INTERVALS = (10, 60, 300)
EMAIL_KINDS = ("unsent", "remind")
PENDING = ("queued", "scheduled", "deferred", "started")
FALLBACK_WARNING = (
    "The background job queue is not available, so this is being done here instead: "
    "it may take a little longer."
)

_threads: list[threading.Thread] = []


class QueueUnavailable(RuntimeError):
    """Redis did not answer: the job was not queued."""


class AnalysisBusy(RuntimeError):
    """Another run of the same survey is still running; this one waits (it is retried)."""


class EmailsDeferred(RuntimeError):
    """Some emails were not sent for now (the server said later, or the connection failed); retried."""


def _session_for(app: Flask) -> Session:
    engine = app.extensions["heard_db"].engine
    return sessionmaker(bind=engine, expire_on_commit=False)()


def _job_app(app: Flask | None) -> Flask:
    if app is not None:
        return app
    from surveyapp import create_app

    return create_app()


# -- Redis and RQ ---------------------------------------------------------------------------------------


def redis_connection(url: str) -> Any:
    """A Redis client that gives up quickly, so a dead Redis never holds a web request for long."""
    from redis import Redis

    return Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)


def redis_queue(url: str, name: str = QUEUE_NAME) -> Any:
    """The RQ queue Heard's jobs go on."""
    from rq import Queue

    return Queue(name, connection=redis_connection(url), default_timeout=JOB_TIMEOUT)


def queue_for(app: Flask) -> Any:
    """The queue ``app``'s jobs go on (``REDIS_URL``, ``RQ_QUEUE``)."""
    return redis_queue(app.config["REDIS_URL"], app.config.get("RQ_QUEUE") or QUEUE_NAME)


def _retry(app: Flask) -> Any:
    from rq import Retry

    intervals = list(app.config.get("JOB_RETRY_INTERVALS", JOB_RETRY_INTERVALS))
    return Retry(max=len(intervals), interval=intervals)


def _enqueue(app: Flask, function: str, args: tuple[Any, ...], job_id: str, timeout: int) -> tuple[str, bool]:
    """Queue ``function(*args)`` as job ``job_id`` unless that job is already pending.

    Returns the job id and whether a new job was queued; raises ``QueueUnavailable`` if Redis is down.
    """
    from redis.exceptions import RedisError
    from rq.exceptions import NoSuchJobError
    from rq.job import Job

    queue = queue_for(app)
    try:
        try:
            existing = Job.fetch(job_id, connection=queue.connection)
        except NoSuchJobError:
            existing = None
        if existing is not None and existing.get_status(refresh=False) in PENDING:
            return job_id, False
        job = queue.enqueue(
            function,
            *args,
            job_id=job_id,
            retry=_retry(app),
            job_timeout=timeout,
            result_ttl=24 * 3600,
            failure_ttl=7 * 24 * 3600,
            description=f"{function.rsplit('.', 1)[1]} {job_id}",
        )
    except (RedisError, OSError) as error:
        raise QueueUnavailable(f"Redis did not answer: {type(error).__name__}") from None
    return job.id, True


def _warn_fallback(what: str) -> None:
    log.warning("Job queue unavailable; %s runs in-process instead", what, extra={"fallback": what})
    if has_request_context():
        flash(FALLBACK_WARNING, "information")


def _will_retry() -> bool:
    """True when this code runs in an RQ job that will be tried again if it fails now."""
    from rq import get_current_job

    job = get_current_job()
    return bool(job is not None and (job.retries_left or 0) > 0)


# -- Analysis ---------------------------------------------------------------------------------------------


def _claim_run(session: Session, run_id: int) -> AnalysisRun | None:
    """Mark run ``run_id`` running if it is queued and no other run of its survey is; None if not queued.

    Raises ``AnalysisBusy`` while another run of the survey is running. The survey row is locked for
    the check (PostgreSQL), so two workers cannot both start; SQLite allows one writer anyway.
    """
    run = session.get(AnalysisRun, run_id)
    if run is None or run.status != "queued":
        session.rollback()
        return None
    session.execute(select(Survey.id).where(Survey.id == run.survey_id).with_for_update())
    stale = utcnow() - dt.timedelta(seconds=JOB_TIMEOUT)  # a run whose worker died long ago holds nothing
    busy = session.scalar(
        select(AnalysisRun.id).where(
            AnalysisRun.survey_id == run.survey_id,
            AnalysisRun.id != run.id,
            AnalysisRun.status == "running",
            AnalysisRun.started_at > stale,
        )
    )
    if busy is not None:
        session.rollback()
        raise AnalysisBusy(f"run {busy} of survey {run.survey_id} is still running")
    # Conditional, so of two claims racing for the same run only one succeeds.
    claimed = session.execute(
        update(AnalysisRun)
        .where(AnalysisRun.id == run_id, AnalysisRun.status == "queued")
        .values(status="running", started_at=utcnow(), stage="Starting")
        .execution_options(synchronize_session=False)
    )
    session.commit()
    if claimed.rowcount != 1:
        return None
    session.refresh(run)
    return run


def execute_run(run_id: int, app: Flask | None = None, *, wait: float = 0) -> None:
    """Carry out queued run ``run_id`` (the job function, on a worker or a thread).

    On a thread (``wait`` > 0) a busy survey is waited for; on RQ the job fails and is retried later.
    A failure that will be retried leaves the run queued, with the reason, rather than failed.
    """
    app = _job_app(app)
    with app.app_context():
        session = _session_for(app)
        try:
            deadline = time.monotonic() + wait
            while True:
                try:
                    run = _claim_run(session, run_id)
                    break
                except AnalysisBusy:
                    if time.monotonic() >= deadline:
                        raise
                    time.sleep(1)
            if run is None:
                return
            survey = session.get(Survey, run.survey_id)
            if survey is None:
                return
            log.info("Analysis run %s of survey %s started", run_id, run.survey_id)
            try:
                run_analysis(session, survey, run)
            except Exception as error:
                if _will_retry():
                    run = session.get(AnalysisRun, run_id)
                    if run is not None:
                        run.status, run.finished_at, run.stage = "queued", None, "Waiting to try again"
                        run.message = f"{type(error).__name__}: {error}"[:500]
                        session.commit()
                log.exception("Analysis run %s failed", run_id)
                raise
            log.info("Analysis run %s finished: %s", run_id, run.message)
        finally:
            session.close()


def enqueue_analysis(
    app: Flask, survey_id: int, *, wave_id: int | None = None, user_id: int | None = None
) -> int:
    """Queue an analysis of survey ``survey_id`` and start it (on RQ, or on a thread); returns the run id.

    If a run of the survey is already queued, that run is returned instead of adding another: it will
    see everything committed by the time it starts.
    """
    session = _session_for(app)
    try:
        survey = session.get(Survey, survey_id)
        if survey is None:
            raise ValueError(f"no survey {survey_id}")
        run = session.scalar(
            select(AnalysisRun)
            .where(AnalysisRun.survey_id == survey_id, AnalysisRun.status == "queued")
            .order_by(AnalysisRun.id)
            .limit(1)
        )
        if run is None:
            wave = session.get(Wave, wave_id) if wave_id else None
            run = queue_run(session, survey, wave=wave, user_id=user_id)
            session.commit()
        elif not app.config.get("REDIS_URL") and any(
            t.name == run.job_id and t.is_alive() for t in threading.enumerate()
        ):
            return run.id  # its thread is on its way
        run_id = run.id
        if app.config.get("REDIS_URL"):
            job_id = f"heard-analysis-{survey_id}-{run_id}"
            try:
                run.job_id, _new = _enqueue(app, "surveyapp.jobs.execute_run", (run_id,), job_id, JOB_TIMEOUT)
                session.commit()
                return run_id
            except QueueUnavailable:
                _warn_fallback("analysis")
        thread = threading.Thread(
            target=execute_run,
            args=(run_id, app),
            kwargs={"wait": JOB_TIMEOUT},
            name=f"heard-analysis-{run_id}",
            daemon=False,
        )
        run.job_id = thread.name
        session.commit()
        _threads.append(thread)
        thread.start()
        return run_id
    finally:
        session.close()


def wait_for_threads(timeout: float | None = None) -> None:
    """Wait for in-process runs started here (tests, and the CLI before it exits)."""
    while _threads:
        _threads.pop().join(timeout)


def analyse_after_commit(
    session: Session, survey: Survey, wave: Wave | None = None, user_id: int | None = None
) -> None:
    """Queue an analysis of ``survey`` once ``session`` commits (so the job sees what was committed)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if not app.config.get("ANALYSIS_ON_WAVE_CLOSE", not app.testing):
        return
    survey_id, wave_id = survey.id, wave.id if wave else None

    def _start(_session: Session) -> None:
        enqueue_analysis(app, survey_id, wave_id=wave_id, user_id=user_id)

    # Listen on this Session instance only: a scoped_session target would catch every session's commit.
    target = session() if isinstance(session, scoped_session) else session
    event.listen(target, "after_commit", _start, once=True)


# -- Write order ------------------------------------------------------------------------------------------


class WriteOrderDeferred(RuntimeError):
    """The response tables were busy (a lock was not had in time); the rewrite is retried."""


def rewrite_write_order(app: Flask | None = None) -> bool:
    """Job: rewrite the response tables so nothing pairs an invitation with its response (PostgreSQL)."""
    engine = _job_app(app).extensions["heard_db"].engine
    done = forget_write_order(engine)
    if not done and engine.dialect.name == "postgresql" and _will_retry():
        raise WriteOrderDeferred("the response tables were busy; retried")
    return done


def forget_write_order_soon(app: Flask) -> str | None:
    """Start the write-order rewrite in the background (RQ, else a thread); its job or thread name.

    None on SQLite, where there is nothing to rewrite. Called after a wave's close is committed.
    """
    if app.extensions["heard_db"].engine.dialect.name != "postgresql":
        return None
    if app.config.get("REDIS_URL"):
        try:
            job_id, _new = _enqueue(
                app, "surveyapp.jobs.rewrite_write_order", (), "heard-write-order", JOB_TIMEOUT
            )
            return job_id
        except QueueUnavailable:
            _warn_fallback("forgetting the order answers arrived in")
    thread = threading.Thread(target=rewrite_write_order, args=(app,), name="heard-write-order", daemon=False)
    _threads.append(thread)
    thread.start()
    return thread.name


# -- Email ------------------------------------------------------------------------------------------------


def send_wave_emails(
    wave_id: int,
    kind: str,
    requested_at: str,
    user_id: int | None = None,
    app: Flask | None = None,
) -> dict[str, int]:
    """Email links for wave ``wave_id`` (the job function): ``unsent`` first emails, or ``remind``.

    Sends only to people not emailed since ``requested_at`` (ISO time the job was asked for). Raises
    ``EmailsDeferred`` when some could not go for now, so RQ tries again after a pause; those already
    sent are skipped then.
    """
    from surveyapp.models import User
    from surveyapp.services.mailer import MailError, MailSettings
    from surveyapp.services.reminders import send_reminders
    from surveyapp.services.surveys import SurveyError

    app = _job_app(app)
    with app.app_context():
        session = _session_for(app)
        try:
            wave = session.get(Wave, wave_id)
            if wave is None:
                return {"sent": 0, "failed": 0}
            user = session.get(User, user_id) if user_id else None
            try:
                delivery = send_reminders(
                    session,
                    wave,
                    settings=MailSettings.from_config(app.config),
                    base_url=app.config["BASE_URL"],
                    council_name=app.config["COUNCIL_NAME"],
                    user=user,
                    only_never_sent=kind == "unsent",
                    not_sent_since=dt.datetime.fromisoformat(requested_at),
                )
            except SurveyError as error:  # the wave closed meanwhile: nothing to send, nothing to retry
                log.info("Email job for wave %s not run: %s", wave_id, error)
                return {"sent": 0, "failed": 0}
            except MailError as error:
                log.warning("Email job for wave %s: %s", wave_id, error)
                raise
            session.commit()
            log.info(
                "Email job for wave %s: %s sent, %s not sent",
                wave_id,
                delivery.sent,
                delivery.failed,
                extra={"sent": delivery.sent, "failed": delivery.failed, "deferred": delivery.deferred},
            )
            if delivery.deferred:
                raise EmailsDeferred(f"{delivery.deferred} emails to try again later")
            return {"sent": delivery.sent, "failed": delivery.failed}
        finally:
            session.close()


def queue_emails(app: Flask, wave_id: int, kind: str, *, user_id: int | None = None) -> str | None:
    """Queue emailing wave ``wave_id``'s links (``kind``: ``unsent`` or ``remind``); returns the job id.

    Returns None when the caller must send them now, in the request: Redis is not set, or does not
    answer (then a warning is logged and flashed). A job already pending for the wave and kind is
    not queued again.
    """
    if kind not in EMAIL_KINDS:
        raise ValueError(f"unknown email job {kind!r}")
    if not app.config.get("REDIS_URL"):
        return None
    try:
        job_id, _new = _enqueue(
            app,
            "surveyapp.jobs.send_wave_emails",
            (wave_id, kind, utcnow().isoformat(), user_id),
            f"heard-email-{kind}-{wave_id}",
            EMAIL_JOB_TIMEOUT,
        )
    except QueueUnavailable:
        _warn_fallback("sending email")
        return None
    return job_id
