"""Load test of the respondent journey: Heard's real question page against a minimal Flask endpoint.

For each database (SQLite always; PostgreSQL too when DATABASE_URL points at one) and each app, this
script migrates a fresh database, seeds an open staff-pulse wave with single-use invitations, serves the
app with gunicorn (gunicorn.conf.py: one sync worker per core, at least two) on loopback, and drives it
for a bounded time with closed-loop simulated respondents (no think time) from separate client
processes. Each journey is GET the question page, then POST every answer with the page's CSRF token
and response key (the 303 to the confirmation page is not followed).

* ``heard``   — the real app: link lookup, form built from the questionnaire, CSRF, validation, the
  all-or-nothing submit (conditional UPDATE of the invitation + response, answers, comments).
* ``minimal`` — Flask + SQLAlchemy with no templates, CSRF or validation: a bare form, and a POST that
  inserts one equivalent response (same tables, same rows) and redirects.

Printed per run: completed submissions/s, GET and POST latency p50/p99 (measured at the client, so
they include the client's own share of the CPU), errors, responses stored versus submissions
acknowledged (they must be equal, and for Heard equal to the invitations marked used), and the
server's CPU time per completed journey — user+system time of the gunicorn master and workers from
/proc, before and after the run. On a small machine where client and server share cores, CPU per
journey is the figure noise does not move. PostgreSQL's own backend CPU is not included (SQLite's is,
being in-process).

Targets (issue 3): Heard's server CPU per journey within 4x the minimal endpoint's; p99 under 100 ms at
16 concurrent users; zero lost or duplicated responses.

Usage: python benchmarks/submit_load.py [--duration 20] [--users 16] [--clients 4] [--workers N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import multiprocessing
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CLOSED_ANSWERS = {
    "caseload": "2",
    "supervision": "4",
    "practice_model": "3",
    "leaders_visible": "4",
    "feedback_acted_on": "3",
    "recording_system": "2",
    "wellbeing": "4",
    "recommend": "7",
}
COMMENTS = {
    "working_well": "My supervision is regular and my manager makes time when a visit has been hard.",
    "one_change": "Fewer duplicate forms in the recording system, so I can spend more time with families.",
}
FORM_FIELDS = {f"q_{k}": v for k, v in {**CLOSED_ANSWERS, **COMMENTS}.items()}
_CSRF = re.compile(rb'name="csrf_token" type="hidden" value="([^"]+)"')
_KEY = re.compile(rb'name="response_key" value="([^"]+)"')  # the page's idempotency key
CLK_TCK = os.sysconf("SC_CLK_TCK")
WARM_UP_JOURNEYS = 24


# --- databases -----------------------------------------------------------------------------------------


@contextmanager
def fresh_database(kind: str) -> Iterator[str]:
    """A migrated, empty database: a temporary SQLite file or a throwaway PostgreSQL schema."""
    from surveyapp.migrate import upgrade

    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="heard-bench-") as folder:
            url = f"sqlite:///{folder}/bench.sqlite3"
            upgrade(url)
            yield url
        return
    import psycopg

    base = os.environ["DATABASE_URL"].split("?")[0]
    plain = base.replace("postgresql+psycopg://", "postgresql://")
    schema = f"heard_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        url = f"{base}?options=-csearch_path%3D{schema}"
        upgrade(url)
        yield url
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@dataclass
class Seeded:
    wave_id: int
    unit_id: int
    tokens: list[str]


def seed(url: str, invitations: int) -> Seeded:
    """An open wave of the staff pulse for one team, with ``invitations`` single-use links."""
    from sqlalchemy.orm import Session

    from surveyapp.extensions import make_engine
    from surveyapp.models import Unit
    from surveyapp.services.invitations import create_invitations
    from surveyapp.services.questionnaires import latest_version, sync_questionnaires
    from surveyapp.services.surveys import create_survey, open_wave

    engine = make_engine(url)
    with Session(engine) as session:
        sync_questionnaires(session)
        unit = Unit(key="bench-team", name="Benchmark team", kind="team", headcount=invitations)
        session.add(unit)
        questionnaire = latest_version(session, "staff-pulse")
        assert questionnaire is not None
        survey = create_survey(
            session,
            key="staff-pulse",
            title="Monthly staff pulse",
            questionnaire=questionnaire,
            cadence="monthly",
            audience=[unit],
        )
        wave = open_wave(session, survey)
        tokens = create_invitations(session, wave, unit, invitations)
        session.commit()
        seeded = Seeded(wave.id, unit.id, tokens)
    engine.dispose()
    return seeded


def stored_counts(url: str, wave_id: int) -> tuple[int, int, int]:
    """(responses, answers, invitations used) for the wave."""
    from sqlalchemy import func, select

    from surveyapp.extensions import make_engine
    from surveyapp.models import Answer, Invitation, Response

    engine = make_engine(url)
    with engine.connect() as conn:
        responses = conn.scalar(select(func.count()).select_from(Response).where(Response.wave_id == wave_id))
        answers = conn.scalar(
            select(func.count()).select_from(Answer).join(Response).where(Response.wave_id == wave_id)
        )
        used = conn.scalar(
            select(func.count()).select_from(Invitation).where(Invitation.wave_id == wave_id, Invitation.used)
        )
    engine.dispose()
    return responses or 0, answers or 0, used or 0


# --- the minimal endpoint (imported by gunicorn as `submit_load:minimal_app()`) ------------------------


def minimal_app():
    """Flask + SQLAlchemy, nothing else: a bare form, and a POST that inserts one equivalent response."""
    from flask import Flask, redirect, request
    from sqlalchemy.orm import Session

    from surveyapp.extensions import make_engine
    from surveyapp.models import Answer, Comment, Response

    engine = make_engine(os.environ["DATABASE_URL"])
    wave_id = int(os.environ["BENCH_WAVE_ID"])
    unit_id = int(os.environ["BENCH_UNIT_ID"])
    inputs = "".join(f'<label>{name}<input name="q_{name}"></label>' for name in [*CLOSED_ANSWERS, *COMMENTS])
    page = f"<!doctype html><title>Form</title><form method=post>{inputs}<button>Send</button></form>"
    app = Flask("minimal")

    @app.get("/healthz")
    def healthz() -> str:
        return "ok"

    @app.get("/m")
    def form() -> str:
        return page

    @app.post("/m")
    def post():
        data = request.form
        response = Response(
            wave_id=wave_id, unit_id=unit_id, submitted_on=dt.date.today(), channel="invitation"
        )
        response.answers = [
            Answer(question_key=key, value=data[f"q_{key}"], numeric_value=int(data[f"q_{key}"]))
            for key in CLOSED_ANSWERS
        ]
        response.comments = [Comment(question_key=key, text=data[f"q_{key}"]) for key in COMMENTS]
        with Session(engine) as session, session.begin():
            session.add(response)
        return redirect("/m/done", code=303)

    return app


# --- servers -------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(
    app_name: str, url: str, workers: int | None, extra_env: dict[str, str]
) -> Iterator[tuple[int, int]]:
    """Serve ``app_name`` with gunicorn.conf.py on a free loopback port; yields (port, master pid)."""
    port = free_port()
    env = {
        **os.environ,
        "SECRET_KEY": "benchmark-secret-key",
        **extra_env,
        "DATABASE_URL": url,
        "BIND": f"127.0.0.1:{port}",
        "LOG_LEVEL": "warning",
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "benchmarks")]),
    }
    if workers:
        env["WEB_CONCURRENCY"] = str(workers)
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in the finally below
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            str(ROOT / "gunicorn.conf.py"),
            "--no-control-socket",  # several servers may run at once; none needs gunicorn's control socket
            app_name,
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError(f"gunicorn did not start:\n{log.read().decode(errors='replace')[-3000:]}")
            time.sleep(0.2)
        # Let every worker finish booting, so start-up work is not charged to the run.
        time.sleep(1.0)
        yield port, process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def server_cpu_seconds(master: int) -> float:
    """User+system CPU of the gunicorn master and its worker processes so far."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        pid, ppid = int(entry), int(fields[1])
        if pid == master or ppid == master:
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLK_TCK


# --- load generator ------------------------------------------------------------------------------------


@dataclass
class Tally:
    get_ms: list[float] = field(default_factory=list)
    post_ms: list[float] = field(default_factory=list)
    acknowledged: int = 0
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.get_ms += other.get_ms
        self.post_ms += other.post_ms
        self.acknowledged += other.acknowledged
        self.errors += other.errors
        self.error_samples += other.error_samples[: 5 - len(self.error_samples)]


def _request(port: int, method: str, path: str, body: str | None, headers: dict[str, str]):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers)
        reply = conn.getresponse()
        return reply.status, reply.getheader("Set-Cookie") or "", reply.read()
    finally:
        conn.close()


def _journey(port: int, app: str, token: str | None, tally: Tally) -> None:
    path = f"/s/{token}/questions" if app == "heard" else "/m"
    started = time.perf_counter()
    status, cookie, body = _request(port, "GET", path, None, {})
    tally.get_ms.append((time.perf_counter() - started) * 1000)
    fields = dict(FORM_FIELDS)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if app == "heard":
        match, key = _CSRF.search(body), _KEY.search(body)
        if status != 200 or match is None or key is None:
            tally.errors += 1
            tally.error_samples.append(f"GET {status}")
            return
        fields["csrf_token"] = match.group(1).decode()
        fields["response_key"] = key.group(1).decode()
        headers["Cookie"] = cookie.split(";", 1)[0]
    started = time.perf_counter()
    status, _cookie, _body = _request(port, "POST", path, urlencode(fields), headers)
    tally.post_ms.append((time.perf_counter() - started) * 1000)
    if status == 303:
        tally.acknowledged += 1
    else:
        tally.errors += 1
        tally.error_samples.append(f"POST {status}")


def _client_process(port: int, app: str, tokens: list[str], threads: int, seconds: float, out) -> None:
    """One load-generator process: ``threads`` respondents looping until time is up."""
    deadline = time.monotonic() + seconds
    lock = threading.Lock()
    queue = list(reversed(tokens))
    tallies = [Tally() for _ in range(threads)]

    def respondent(tally: Tally) -> None:
        while time.monotonic() < deadline:
            token = None
            if app == "heard":
                with lock:
                    if not queue:
                        return
                    token = queue.pop()
            try:
                _journey(port, app, token, tally)
            except Exception as error:  # count it and carry on: the run reports every error
                tally.errors += 1
                tally.error_samples.append(f"{type(error).__name__}: {error}")

    workers = [threading.Thread(target=respondent, args=(t,)) for t in tallies]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    total = Tally()
    for tally in tallies:
        total.add(tally)
    out.put(total)


def run_load(
    port: int, app: str, tokens: list[str], users: int, clients: int, seconds: float
) -> tuple[Tally, float]:
    """Drive ``users`` concurrent respondents from ``clients`` processes; returns the tally and wall time."""
    context = multiprocessing.get_context("fork")
    out = context.Queue()
    per_client = [users // clients + (1 if i < users % clients else 0) for i in range(clients)]
    shares = [tokens[i::clients] for i in range(clients)]
    processes = [
        context.Process(target=_client_process, args=(port, app, shares[i], n, seconds, out))
        for i, n in enumerate(per_client)
        if n
    ]
    started = time.perf_counter()
    for process in processes:
        process.start()
    total = Tally()
    for _ in processes:
        total.add(out.get())
    for process in processes:
        process.join()
    return total, time.perf_counter() - started


# --- report --------------------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


@dataclass
class Result:
    database: str
    app: str
    tally: Tally
    seconds: float
    cpu: float
    stored: int
    used: int | None

    @property
    def rate(self) -> float:
        return self.tally.acknowledged / self.seconds

    @property
    def cpu_ms_per_journey(self) -> float:
        return 1000 * self.cpu / max(1, self.tally.acknowledged)

    def line(self) -> str:
        t = self.tally
        used = f", invitations used {self.used}" if self.used is not None else ""
        exact = "OK" if self.stored == t.acknowledged and (self.used in (None, self.stored)) else "MISMATCH"
        return (
            f"{self.database:10} {self.app:8} {self.rate:7.1f} submissions/s | "
            f"GET p50 {percentile(t.get_ms, 0.5):6.1f} ms p99 {percentile(t.get_ms, 0.99):6.1f} ms | "
            f"POST p50 {percentile(t.post_ms, 0.5):6.1f} ms p99 {percentile(t.post_ms, 0.99):6.1f} ms | "
            f"errors {t.errors} | stored {self.stored} vs acknowledged {t.acknowledged}{used} [{exact}] | "
            f"server CPU {self.cpu_ms_per_journey:.2f} ms/journey"
        )


def measure(database: str, url_factory, app: str, args: argparse.Namespace) -> Result:
    with url_factory() as url:
        tokens_needed = WARM_UP_JOURNEYS + (0 if app == "minimal" else max(2000, int(args.duration * 400)))
        seeded = seed(url, max(1, tokens_needed))
        name = "wsgi:app" if app == "heard" else "submit_load:minimal_app()"
        env = {"BENCH_WAVE_ID": str(seeded.wave_id), "BENCH_UNIT_ID": str(seeded.unit_id)}
        warm_up, tokens = seeded.tokens[:WARM_UP_JOURNEYS], seeded.tokens[WARM_UP_JOURNEYS:]
        with gunicorn(name, url, args.workers, env) as (port, master):
            # Compile templates and SQL in every worker before measuring (these journeys are stored too,
            # and taken off the stored count below).
            warm = Tally()
            for i in range(WARM_UP_JOURNEYS):
                _journey(port, app, warm_up[i] if app == "heard" else None, warm)
            before = server_cpu_seconds(master)
            tally, seconds = run_load(port, app, tokens, args.users, args.clients, args.duration)
            cpu = server_cpu_seconds(master) - before
        stored, _answers, used = stored_counts(url, seeded.wave_id)
    stored -= warm.acknowledged
    used -= warm.acknowledged
    return Result(database, app, tally, seconds, cpu, stored, used if app == "heard" else None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of load per run (default 20)")
    parser.add_argument("--users", type=int, default=16, help="concurrent respondents (default 16)")
    parser.add_argument("--clients", type=int, default=4, help="load-generator processes (default 4)")
    parser.add_argument(
        "--workers", type=int, default=None, help="gunicorn workers (default: gunicorn.conf.py)"
    )
    args = parser.parse_args(argv)

    databases = [("sqlite", lambda: fresh_database("sqlite"))]
    if os.environ.get("DATABASE_URL", "").startswith("postgresql"):
        databases.append(("postgresql", lambda: fresh_database("postgresql")))
    cores = os.cpu_count()
    print(
        f"submit_load: {args.users} concurrent users from {args.clients} client processes, "
        f"{args.duration:g} s per run, {cores} cores (client and server share them), gunicorn workers "
        f"{args.workers or 'from gunicorn.conf.py'}; journey = GET question page + POST answers"
    )
    failed = False
    for database, factory in databases:
        results = {}
        for app in ("heard", "minimal"):
            result = measure(database, factory, app, args)
            results[app] = result
            print(result.line(), flush=True)
            for sample in result.tally.error_samples:
                print(f"    error: {sample}")
            if result.stored != result.tally.acknowledged or (result.used not in (None, result.stored)):
                failed = True
        heard, minimal = results["heard"], results["minimal"]
        cpu_ratio = heard.cpu_ms_per_journey / minimal.cpu_ms_per_journey
        print(
            f"{database:10} ratio    heard/minimal: server CPU per journey {cpu_ratio:.2f}x (target <= 4x), "
            f"throughput {heard.rate / minimal.rate:.2f}x; heard POST p99 "
            f"{percentile(heard.tally.post_ms, 0.99):.1f} ms, "
            f"GET p99 {percentile(heard.tally.get_ms, 0.99):.1f} ms (target < 100 ms at {args.users} users)",
            flush=True,
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
