"""The `heard` command line (also `flask --app wsgi heard ...`)."""

from __future__ import annotations

import json
import secrets
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, ScriptInfo
from sqlalchemy import select

from surveyapp.extensions import db
from surveyapp.models import ROLES, Unit
from surveyapp.services import surveys as survey_service
from surveyapp.services.invitations import create_invitations
from surveyapp.services.surveys import SurveyError
from surveyapp.services.users import UserError, create_user
from surveyapp.services.write_order import forget_write_order

heard_group = AppGroup("heard", help="Run and administer Heard.")


def _fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


@heard_group.command("migrate")
def migrate_command() -> None:
    """Apply database migrations up to the latest."""
    from surveyapp.migrate import upgrade

    upgrade(current_app.config["SQLALCHEMY_DATABASE_URI"])
    click.echo("Database is up to date.")


@heard_group.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing if the demo has already been seeded.")
@click.option(
    "--seed", default=20261125, show_default=True, help="Random seed, so the demo is the same each time."
)
@click.option("--analyse/--no-analyse", default=True, show_default=True, help="Run the analysis on the demo.")
def seed_demo_command(if_empty: bool, seed: int, analyse: bool) -> None:
    """Load the demo council: units, surveys, six past waves, an open wave and demo accounts."""
    from surveyapp.services.demo import DemoAlreadySeeded, demo_password, enrol_demo_mfa, seed_demo

    password, generated = demo_password(Path(current_app.instance_path))
    try:
        summary = seed_demo(db.session, password=password, seed=seed)
    except DemoAlreadySeeded:
        if if_empty:
            db.session.rollback()
            enrol_demo_mfa(db.session)  # demos seeded before sign-in codes existed
            db.session.commit()
            click.echo("Demo data is already loaded.")
            _echo_demo_accounts(password, generated)
            return
        _fail("the demo has already been seeded into this database")
    db.session.commit()
    click.echo(summary)
    if analyse:
        from surveyapp.services.analysis_runs import run_analysis

        for key in ("staff-pulse", "partnership-feedback"):
            click.echo(f"Analysing the demo's {key} comments (redaction, sentiment, themes)…")
            run_analysis(db.session, survey_service.get_survey(db.session, key))
    _echo_demo_accounts(password, generated)


def _echo_demo_accounts(password: str, generated: bool) -> None:
    from surveyapp.services.demo import DEMO_ACCOUNTS

    click.echo("Demo accounts: " + ", ".join(email for email, _name, _role in DEMO_ACCOUNTS))
    if generated:
        click.echo(f"Demo password (generated, kept in instance/demo_password): {password}")
    else:
        click.echo("Demo password: the value of HEARD_DEMO_PASSWORD")
    click.echo(
        "admin@ and leader@ also need a code from an authenticator app: "
        "get one with `.venv/bin/heard demo-code admin@demo.invalid`"
    )


@heard_group.command("demo-code")
@click.argument("email")
def demo_code_command(email: str) -> None:
    """Print the current sign-in code of a demo account (only @demo.invalid accounts, never real ones)."""
    from surveyapp.services.mfa import current_code, is_enrolled
    from surveyapp.services.users import find_user

    if not email.strip().lower().endswith("@demo.invalid"):
        _fail("demo-code only works for the demo's @demo.invalid accounts; real accounts use their own app")
    user = find_user(db.session, email)
    if user is None or not is_enrolled(user) or not user.totp_secret:
        _fail(f"{email} is not a demo account with an authenticator app (run `heard seed-demo --if-empty`)")
        return
    click.echo(current_code(user.totp_secret))


@heard_group.command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--unit", "unit_keys", multiple=True, help="Limit the account to these units (repeatable).")
@click.option("--password", help="Leave out to generate one and print it.")
def create_user_command(
    email: str, name: str, role: str, unit_keys: tuple[str, ...], password: str | None
) -> None:
    """Create a staff account."""
    from surveyapp.services.passwords import password_problem

    generated = password is None
    password = password or secrets.token_urlsafe(12)
    problem = password_problem(password, [email, name])
    if problem:
        _fail(problem)
    units = []
    for key in unit_keys:
        unit = db.session.scalar(select(Unit).where(Unit.key == key))
        if unit is None:
            _fail(f"there is no unit with key '{key}' (see `heard units`)")
        units.append(unit)
    try:
        create_user(db.session, email=email, name=name, role=role, password=password, scope=units)
    except UserError as error:
        _fail(str(error))
    db.session.commit()
    click.echo(f"Created {role} account for {email}." + (f" Password: {password}" if generated else ""))


@heard_group.command("issue-token")
@click.argument("email")
@click.option("--name", required=True, help="What the token is for, e.g. 'Power BI board report'.")
def issue_token_command(email: str, name: str) -> None:
    """Issue a read-only API token for an existing account and print it once (admins can also use the web)."""
    from surveyapp.services.api_tokens import issue_token
    from surveyapp.services.users import find_user

    user = find_user(db.session, email)
    if user is None or not user.active:
        _fail(f"there is no active account for {email} (see `heard create-user`)")
        return
    try:
        _token, raw = issue_token(db.session, user, name, actor=None)
    except ValueError as error:
        _fail(str(error))
        return
    db.session.commit()
    click.echo(raw)
    click.echo(f"API token for {email} ({user.role}); copy it now, it is not shown again.", err=True)


@heard_group.command("units")
def units_command() -> None:
    """List units, one a line: KEY<TAB>NAME<TAB>HEADCOUNT."""
    for unit in db.session.scalars(select(Unit).order_by(Unit.key)):
        click.echo(f"{unit.key}\t{unit.name}\t{unit.headcount}")


@heard_group.command("invite")
@click.option("--survey", "survey_key", required=True)
@click.option("--unit", "unit_key", required=True)
@click.option("--count", type=click.IntRange(1, 10_000), required=True)
@click.option("--wave", "wave_number", type=int, help="Defaults to the open wave.")
def invite_command(survey_key: str, unit_key: str, count: int, wave_number: int | None) -> None:
    """Create single-use links and print them, one a line. They are shown only this once."""
    try:
        survey = survey_service.get_survey(db.session, survey_key)
        wave = survey_service.get_wave(db.session, survey, wave_number)
        unit = db.session.scalar(select(Unit).where(Unit.key == unit_key))
        if unit is None:
            raise SurveyError(f"there is no unit with key '{unit_key}' (see `heard units`)")
        tokens = create_invitations(db.session, wave, unit, count)
    except SurveyError as error:
        _fail(str(error))
    db.session.commit()
    base = current_app.config["BASE_URL"]
    for token in tokens:
        click.echo(f"{base}/s/{token}")


@heard_group.command("stats")
@click.option("--survey", "survey_key", required=True)
def stats_command(survey_key: str) -> None:
    """Print JSON counts of responses and comments per wave (counts only)."""
    try:
        survey = survey_service.get_survey(db.session, survey_key)
    except SurveyError as error:
        _fail(str(error))
    waves = [
        {"number": c.number, "status": c.status, "responses": c.responses, "comments": c.comments}
        for c in survey_service.wave_counts(db.session, survey)
    ]
    click.echo(json.dumps({"survey": survey.key, "waves": waves}))


@heard_group.command("open-wave")
@click.option("--survey", "survey_key", required=True)
@click.option("--opens", type=click.DateTime(["%Y-%m-%d"]), help="Defaults to today.")
@click.option("--closes", type=click.DateTime(["%Y-%m-%d"]), help="Defaults to 14 days after opening.")
def open_wave_command(survey_key: str, opens: object, closes: object) -> None:
    """Open the next wave of a survey."""
    try:
        survey = survey_service.get_survey(db.session, survey_key)
        wave = survey_service.open_wave(
            db.session,
            survey,
            opens_on=opens.date() if opens else None,  # type: ignore[attr-defined]
            closes_on=closes.date() if closes else None,  # type: ignore[attr-defined]
        )
    except SurveyError as error:
        _fail(str(error))
    db.session.commit()
    click.echo(f"Opened wave {wave.number} of {survey.key}, closing on {wave.closes_on.isoformat()}.")


@heard_group.command("close-wave")
@click.option("--survey", "survey_key", required=True)
@click.option("--wave", "wave_number", type=int, help="Defaults to the open wave.")
def close_wave_command(survey_key: str, wave_number: int | None) -> None:
    """Close a wave and discard its invitation email addresses."""
    try:
        survey = survey_service.get_survey(db.session, survey_key)
        wave = survey_service.get_wave(db.session, survey, wave_number)
        survey_service.close_wave(db.session, wave)
    except SurveyError as error:
        _fail(str(error))
    db.session.commit()
    forget_write_order(db.engine)
    click.echo(f"Closed wave {wave.number} of {survey.key}.")


@heard_group.command("tick")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), help="Act as if it were this day (for testing).")
def tick_command(today: object) -> None:
    """Open and close waves on their dates and schedule next waves. Safe to run from cron often."""
    from sqlalchemy.exc import IntegrityError, OperationalError

    from surveyapp.services.scheduling import tick

    try:
        result = tick(db.session, today=today.date() if today else None)  # type: ignore[attr-defined]
        db.session.commit()
        if result.closed:
            forget_write_order(db.engine)
    except (OperationalError, IntegrityError):
        # Another tick got there first (SQLite allows one writer; a wave number was just taken).
        db.session.rollback()
        click.echo("Another tick is running; nothing done.")
        return
    for line in result.lines():
        click.echo(line)


@heard_group.command("analyse")
@click.option("--survey", "survey_key", required=True)
def analyse_command(survey_key: str) -> None:
    """Run the analysis of a survey now, in the foreground (redact, sentiment, flags, themes)."""
    import time

    from surveyapp.services.analysis_runs import run_analysis

    try:
        survey = survey_service.get_survey(db.session, survey_key)
    except SurveyError as error:
        _fail(str(error))
    started = time.perf_counter()
    run = run_analysis(db.session, survey)
    click.echo(
        f"Analysed {survey.key}: {run.comments_analysed} new comments, {run.message or ''} "
        f"(run {run.id}, {time.perf_counter() - started:.1f} s)"
    )


@heard_group.command("worker")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty (for tests and cron).")
def worker_command(burst: bool) -> None:
    """Work through queued jobs (analysis, invitation and reminder emails) on RQ (needs REDIS_URL).

    Logs go through Heard's formatter (``LOG_FORMAT``: JSON lines in production). The worker also runs
    RQ's scheduler, which puts failed jobs back on the queue after their backoff.
    """
    from surveyapp.jobs import queue_for
    from surveyapp.logging_setup import configure_logging

    if not current_app.config.get("REDIS_URL"):
        _fail("REDIS_URL is not set: without it jobs run in-process and no worker is needed")
    from rq import Worker

    configure_logging(
        current_app.config.get("LOG_FORMAT", "text"), current_app.config.get("LOG_LEVEL", "INFO")
    )
    queue = queue_for(current_app._get_current_object())  # type: ignore[attr-defined]
    worker = Worker([queue], connection=queue.connection)
    worker.work(burst=burst, with_scheduler=True, logging_level=current_app.config.get("LOG_LEVEL", "INFO"))
    click.echo(f"Worker on {queue.name} stopped.")


def main() -> None:
    """Entry point of the `heard` console script."""
    from surveyapp import create_app

    app = create_app()
    heard_group.main(prog_name="heard", obj=ScriptInfo(create_app=lambda: app))
