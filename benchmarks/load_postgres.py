"""Load proof: the real respondent journey on PostgreSQL, at many times the expected peak.

Expected peak (an assumption, stated so the multiple means something): a council of 1,500 staff who all
answer in the last hour of a wave — 1,500 submissions an hour, 0.42 a second. This proof drives a steady
10 submissions a second by default (24x that peak; 36,000 an hour), for ``--duration`` seconds (600 by
default, as ``make bench`` runs it; ``--duration 30`` in CI).

It runs on its OWN PostgreSQL: a throwaway cluster made with initdb in a temporary folder and served on
a free loopback port (as the ``postgres`` user when run as root), so it never disturbs the shared server
on 5432; only when initdb is missing does it fall back to a fresh database on 127.0.0.1:5432 (and never
restarts that server). The app runs under gunicorn (gunicorn.conf.py) with 2 workers by default.

Each journey is what a respondent's browser does: GET the question page, POST all eight answers and two
comments with the page's CSRF token and response key, then GET the thank-you page it is sent to.
Three in four journeys use a single-use invitation, one in four the team's open link (its per-address
rate limit is raised: every simulated respondent comes from 127.0.0.1).

Printed: submissions/s achieved (and the multiple of the peak), GET/POST p50 and p99, errors by kind,
and acknowledged vs stored: every acknowledged (303) submission must be stored — its id is derived from
the page's key, so the proof checks each one — with 8 answers, and nothing stored that no page sent.
PASS needs zero errors, acknowledged == stored, none lost, none duplicated, the rate within 90% of the
target and POST p99 under ``--p99-ms``. Exit status 0 on PASS, 1 on FAIL.

Usage: python benchmarks/load_postgres.py [--duration 600] [--rate 10] [--users 12] [--workers 2]
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import pwd
import queue
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

BENCHMARKS = Path(__file__).resolve().parent
ROOT = BENCHMARKS.parent
for folder in (ROOT, BENCHMARKS):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from submit_load import (  # noqa: E402 - needs the paths above
    CLOSED_ANSWERS,
    FORM_FIELDS,
    free_port,
    gunicorn,
    percentile,
    seed,
)

SECRET_KEY = "benchmark-secret-key"  # what submit_load.gunicorn gives the app: response ids derive from it
PEAK_PER_SECOND = 1500 / 3600
PG_BIN_DIRS = ("/usr/local/bin", "/usr/lib/postgresql/15/bin")
SHARED_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
_KEY = re.compile(r'name="response_key" value="([^"]+)"')
OPEN_LINK_EVERY = 4  # one journey in four comes through the open link


# --- a PostgreSQL of our own -------------------------------------------------------------------------------


def pg_tool(name: str) -> str | None:
    """The PostgreSQL program ``name`` (initdb, pg_ctl), or None when it is not installed."""
    for folder in PG_BIN_DIRS:
        if os.access(Path(folder) / name, os.X_OK):
            return str(Path(folder) / name)
    return shutil.which(name)


class PrivatePostgres:
    """A throwaway PostgreSQL cluster on a free loopback port; or, without initdb, a fresh database on
    the shared server (which is then never restarted: ``can_restart`` is False)."""

    def __init__(self) -> None:
        self.initdb, self.pg_ctl = pg_tool("initdb"), pg_tool("pg_ctl")
        self.private = bool(self.initdb and self.pg_ctl)
        self.folder: Path | None = None
        self.port = 0
        self.url = ""
        self._shared_db = ""

    @property
    def can_restart(self) -> bool:
        return self.private

    @property
    def description(self) -> str:
        if self.private:
            return f"private PostgreSQL cluster (initdb) on 127.0.0.1:{self.port}"
        return f"database {self._shared_db} on the shared server 127.0.0.1:5432 (initdb not found)"

    def _as_owner(self, *command: str) -> list[str]:
        # PostgreSQL refuses to run as root: run its programs as the postgres user then.
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--", *command]
        return list(command)

    def _run(self, *command: str, timeout: float = 120) -> None:
        # Output to a file, not a pipe: the server pg_ctl starts would hold a pipe open, and wait forever.
        with tempfile.TemporaryFile() as output:
            result = subprocess.run(
                self._as_owner(*command),
                stdout=output,
                stderr=subprocess.STDOUT,
                timeout=timeout,
                check=False,
            )
            if result.returncode:
                output.seek(0)
                raise RuntimeError(f"{command[0]} failed: {output.read().decode(errors='replace')[-2000:]}")

    def __enter__(self) -> PrivatePostgres:
        import psycopg

        if not self.private:
            self._shared_db = f"heard_proof_{uuid.uuid4().hex[:10]}"
            with psycopg.connect(SHARED_POSTGRES, autocommit=True) as conn:
                conn.execute(f"CREATE DATABASE {self._shared_db}")
            self.port = 5432
            self.url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{self._shared_db}"
            return self
        self.folder = Path(tempfile.mkdtemp(prefix="heard-pg-"))
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
        self.port = free_port()
        data = self.folder / "data"
        assert self.initdb and self.pg_ctl
        self._run(self.initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        # Durable as in production (fsync and synchronous commit on): the crash proof relies on it.
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories={self.folder} "
            "-c max_connections=60 -c shared_buffers=32MB -c fsync=on -c synchronous_commit=on"
        )
        self._run(self.pg_ctl, "-D", str(data), "-l", str(self.folder / "log"), "-w", "-o", options, "start")
        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{self.port}/postgres", autocommit=True) as c:
            c.execute("CREATE DATABASE heard")
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/heard"
        return self

    def restart(self, mode: str = "immediate") -> None:
        """Restart the cluster: ``immediate`` is a crash (recovery from WAL), ``fast`` a clean stop."""
        assert self.can_restart and self.folder is not None and self.pg_ctl
        data, log = str(self.folder / "data"), str(self.folder / "log")
        self._run(self.pg_ctl, "-D", data, "-l", log, "-m", mode, "-w", "-t", "60", "restart")

    def __exit__(self, *_exc: object) -> None:
        if not self.private:
            import psycopg

            with psycopg.connect(SHARED_POSTGRES, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {self._shared_db} WITH (FORCE)")
            return
        assert self.folder is not None and self.pg_ctl
        try:
            self._run(self.pg_ctl, "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


@dataclass
class Target:
    """What the simulated respondents answer: the wave, its invitations and its open link."""

    wave_id: int
    tokens: list[str]
    open_slug: str


def seed_target(url: str, invitations: int) -> Target:
    """Migrate ``url`` and seed an open staff-pulse wave with invitations and an open link for its team."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from surveyapp.extensions import make_engine
    from surveyapp.migrate import upgrade
    from surveyapp.models import Survey, Unit
    from surveyapp.services.invitations import create_open_link

    upgrade(url)
    seeded = seed(url, invitations)
    engine = make_engine(url)
    with Session(engine) as session:
        survey = session.scalars(select(Survey)).one()
        link = create_open_link(session, survey, session.get(Unit, seeded.unit_id))
        session.commit()
        slug = link.slug
    engine.dispose()
    return Target(seeded.wave_id, seeded.tokens, slug)


def stored_ids(url: str, wave_id: int) -> tuple[set[str], int]:
    """(ids of the wave's stored responses, how many of them do not have all eight answers)."""
    from sqlalchemy import func, select

    from surveyapp.extensions import make_engine
    from surveyapp.models import Answer, Response

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                select(Response.id, func.count(Answer.id))
                .outerjoin(Answer, Answer.response_id == Response.id)
                .where(Response.wave_id == wave_id)
                .group_by(Response.id)
            ).all()
    finally:
        engine.dispose()
    return {row[0] for row in rows}, sum(1 for row in rows if row[1] != len(CLOSED_ANSWERS))


@contextmanager
def serve(url: str, workers: int) -> Iterator[tuple[int, int]]:
    """Heard under gunicorn on ``url``; yields (port, master pid). No Redis: the proofs leave it alone."""
    env = {"REDIS_URL": "", "OPEN_LINK_RATE_LIMIT": "1000000 per hour", "LOG_FORMAT": "text"}
    with gunicorn("wsgi:app", url, workers, env) as (port, master):
        yield port, master


def worker_pids(master: int) -> list[int]:
    """The gunicorn master's worker processes."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat[stat.rindex(")") + 2 :].split()[1]) == master:
                pids.append(int(entry))
    return pids


def healthy(port: int) -> bool:
    """True if /healthz answers 200 (the app and its database are up)."""
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        conn.request("GET", "/healthz")
        return conn.getresponse().status == 200
    except OSError:
        return False


def seconds_until_healthy(port: int, since: float, limit: float = 120) -> float:
    """Poll /healthz until it answers 200; seconds from ``since`` (a time.monotonic()), or inf."""
    while time.monotonic() - since < limit:
        if healthy(port):
            return time.monotonic() - since
        time.sleep(0.1)
    return float("inf")


# --- simulated respondents ----------------------------------------------------------------------------


class Failed(Exception):
    """One request that did not get the answer a browser needs; ``kind`` names it for the report."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


@dataclass
class Tally:
    """What one client process saw."""

    get_ms: list[float] = field(default_factory=list)
    post_ms: list[float] = field(default_factory=list)
    journeys: int = 0
    acknowledged: int = 0
    retried: int = 0
    acknowledged_on_retry: int = 0
    gave_up: int = 0
    errors: Counter[str] = field(default_factory=Counter)

    def add(self, other: Tally) -> None:
        self.get_ms += other.get_ms
        self.post_ms += other.post_ms
        self.journeys += other.journeys
        self.acknowledged += other.acknowledged
        self.retried += other.retried
        self.acknowledged_on_retry += other.acknowledged_on_retry
        self.gave_up += other.gave_up
        self.errors.update(other.errors)


def _request(
    port: int, method: str, path: str, body: str | None = None, cookies: dict[str, str] | None = None
) -> tuple[int, dict[str, str], str]:
    """One request on a fresh connection; updates ``cookies`` (a browser's jar) from the reply."""
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())} if cookies else {}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        try:
            conn.request(method, path, body=body, headers=headers)
            reply = conn.getresponse()
            text = reply.read().decode(errors="replace")
        except TimeoutError:
            raise Failed(f"{method} timeout") from None
        except OSError as error:  # refused, reset, broken pipe: the worker or server went away
            raise Failed(f"{method} {type(error).__name__}") from None
        except http.client.HTTPException as error:
            raise Failed(f"{method} {type(error).__name__}") from None
        if cookies is not None:
            for line in reply.msg.get_all("Set-Cookie") or []:
                name, _, value = line.split(";", 1)[0].partition("=")
                cookies[name.strip()] = value
        return reply.status, {k.lower(): v for k, v in reply.getheaders()}, text
    finally:
        conn.close()


@dataclass
class Journey:
    """One respondent: the link they use, and the page they were given (its cookie, token and key)."""

    link: str
    cookies: dict[str, str] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)
    thank_you: str = ""

    def open(self, port: int, tally: Tally) -> None:
        started = time.perf_counter()
        status, _headers, body = _request(port, "GET", f"/s/{self.link}/questions", cookies=self.cookies)
        tally.get_ms.append((time.perf_counter() - started) * 1000)
        csrf, key = _CSRF.search(body), _KEY.search(body)
        if status != 200 or csrf is None or key is None:
            raise Failed(f"GET {status}")
        self.fields = {**FORM_FIELDS, "csrf_token": csrf.group(1), "response_key": key.group(1)}

    def send(self, port: int, tally: Tally, *, retry: bool) -> None:
        """POST the answers; returns on the 303 that acknowledges them."""
        started = time.perf_counter()
        status, headers, _body = _request(
            port, "POST", f"/s/{self.link}/questions", urlencode(self.fields), self.cookies
        )
        tally.post_ms.append((time.perf_counter() - started) * 1000)
        if status != 303:
            raise Failed(f"POST {status}" + (" on retry" if retry else ""))
        self.thank_you = headers.get("location", "")

    def see_thank_you(self, port: int) -> None:
        """Follow the 303 to the thank-you page, as the browser does."""
        if _request(port, "GET", self.thank_you, cookies=self.cookies)[0] != 200:
            raise Failed("GET thank-you page")


def respondent(
    port: int,
    links: Callable[[], str | None],
    tally: Tally,
    *,
    stop: Callable[[], bool],
    pace: float,
    retry_for: float,
    record: Callable[[str, str], None],
) -> None:
    """Answer surveys until ``stop()``: one journey every ``pace`` seconds (0 = back to back).

    With ``retry_for`` > 0 a failed step is tried again, for up to that many seconds, as a browser's
    user would: the page again if it never loaded, the SAME page (same key) again if sending failed.
    ``record(event, key)`` is told of each page sent ("sent") and acknowledged ("ack").
    """
    next_start = time.monotonic() + random.uniform(0, pace)  # spread the respondents' starts
    while not stop():
        if pace:
            time.sleep(max(0.0, next_start - time.monotonic()))
            next_start += pace
        link = links()
        if link is None:
            return
        journey = Journey(link)
        tally.journeys += 1
        deadline = time.monotonic() + retry_for
        sent = False
        while True:
            try:
                if not journey.fields:
                    journey.open(port, tally)
                if not sent:
                    record("sent", journey.fields["response_key"])
                journey.send(port, tally, retry=sent)
                tally.acknowledged += 1
                tally.acknowledged_on_retry += sent
                record("ack", journey.fields["response_key"])
                try:
                    journey.see_thank_you(port)
                except Failed as failure:  # the answers are safe; only the page after them failed
                    tally.errors[failure.kind] += 1
                break
            except Failed as failure:
                tally.errors[failure.kind] += 1
                sent = sent or bool(journey.fields)
                if time.monotonic() >= deadline:
                    tally.gave_up += 1 if retry_for else 0
                    break
                tally.retried += 1
                time.sleep(0.25)


def _client_process(
    port: int,
    tokens: list[str],
    open_slug: str,
    threads: int,
    pace: float,
    retry_for: float,
    stop_at: float,
    stop_event: multiprocessing.synchronize.Event,
    events: multiprocessing.Queue,
    out: multiprocessing.Queue,
) -> None:
    """One load-generator process running ``threads`` respondents."""
    lock = threading.Lock()
    pending = list(reversed(tokens))
    count = [0]

    def next_link() -> str | None:
        with lock:
            count[0] += 1
            if count[0] % OPEN_LINK_EVERY == 0:
                return open_slug
            return pending.pop() if pending else None

    def stop() -> bool:
        return time.monotonic() >= stop_at or stop_event.is_set()

    def record(event: str, key: str) -> None:
        events.put((event, key, time.monotonic()))

    tallies = [Tally() for _ in range(threads)]
    workers = [
        threading.Thread(
            target=respondent,
            args=(port, next_link, tally),
            kwargs={"stop": stop, "pace": pace, "retry_for": retry_for, "record": record},
        )
        for tally in tallies
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    total = Tally()
    for tally in tallies:
        total.add(tally)
    out.put(total)


class Load:
    """Simulated respondents in ``clients`` processes, running in the background until stopped."""

    def __init__(
        self,
        port: int,
        target: Target,
        *,
        users: int,
        clients: int,
        rate: float,
        seconds: float,
        retry_for: float = 0.0,
    ) -> None:
        context = multiprocessing.get_context("fork")
        self.events: multiprocessing.Queue = context.Queue()
        self._out: multiprocessing.Queue = context.Queue()
        self._stop = context.Event()
        self.sent: dict[str, float] = {}
        self.acked: dict[str, float] = {}
        self.tally = Tally()
        per_client = [users // clients + (1 if i < users % clients else 0) for i in range(clients)]
        pace = users / rate if rate else 0.0  # each respondent's interval, so together they make ``rate``
        stop_at = time.monotonic() + seconds
        self._processes = [
            context.Process(
                target=_client_process,
                args=(
                    port,
                    target.tokens[i::clients],
                    target.open_slug,
                    n,
                    pace,
                    retry_for,
                    stop_at,
                    self._stop,
                    self.events,
                    self._out,
                ),
            )
            for i, n in enumerate(per_client)
            if n
        ]

    def start(self) -> Load:
        self.started = time.monotonic()
        for process in self._processes:
            process.start()
        return self

    def drain(self) -> None:
        """Take in the sent/acknowledged events reported so far."""
        while True:
            try:
                event, key, at = self.events.get_nowait()
            except queue.Empty:
                return
            (self.sent if event == "sent" else self.acked).setdefault(key, at)

    def stop(self) -> None:
        self._stop.set()

    def wait(self) -> Tally:
        """Wait for every respondent to finish (including their retries); returns the combined tally."""
        for _ in self._processes:
            while True:
                self.drain()
                try:
                    self.tally.add(self._out.get(timeout=0.5))
                    break
                except queue.Empty:
                    continue
        for process in self._processes:
            process.join()
        self.finished = time.monotonic()
        self.drain()
        return self.tally


def check_stored(url: str, wave_id: int, sent: set[str], acked: set[str]) -> dict[str, int]:
    """Compare what the database holds with what respondents sent and were told was saved.

    A response's id is the HMAC of its page's key, so each acknowledged page can be looked for by id.
    ``lost``: acknowledged but not stored; ``duplicates``: stored rows no page accounts for (a second
    copy of a page would need a new id); ``partial``: stored without all eight answers.
    """
    from surveyapp.services.responses import response_id

    ids = {response_id(SECRET_KEY, wave_id, key): key for key in sent}
    stored, partial = stored_ids(url, wave_id)
    acked_ids = {response_id(SECRET_KEY, wave_id, key) for key in acked}
    return {
        "stored": len(stored),
        "acknowledged": len(acked),
        "lost": len(acked_ids - stored),
        "duplicates": len(stored - set(ids)),
        "partial": partial,
        "stored_not_acknowledged": len(stored & set(ids) - acked_ids),
    }


# --- the proof ----------------------------------------------------------------------------------------


@dataclass
class LoadResult:
    database: str
    workers: int
    users: int
    target_rate: float
    seconds: float
    tally: Tally
    check: dict[str, int]
    p99_limit_ms: float

    @property
    def rate(self) -> float:
        return self.tally.acknowledged / self.seconds

    @property
    def errors(self) -> int:
        return sum(self.tally.errors.values())

    @property
    def passed(self) -> bool:
        c = self.check
        return (
            self.errors == 0
            and c["lost"] == 0
            and c["duplicates"] == 0
            and c["partial"] == 0
            and c["stored"] == c["acknowledged"] == self.tally.acknowledged
            and (not self.target_rate or self.rate >= 0.9 * self.target_rate)
            and percentile(self.tally.post_ms, 0.99) < self.p99_limit_ms
        )

    def report(self) -> str:
        t, c = self.tally, self.check
        errors = ", ".join(f"{kind}: {n}" for kind, n in sorted(t.errors.items())) or "none"
        load = os.getloadavg()
        return "\n".join(
            [
                f"load_postgres: {self.database}; gunicorn {self.workers} workers; {self.users} respondents; "
                f"target {self.target_rate:g} submissions/s "
                f"({self.target_rate / PEAK_PER_SECOND:.0f}x the assumed peak of 1,500 an hour)"
                if self.target_rate
                else f"load_postgres: {self.database}; gunicorn {self.workers} workers; "
                f"{self.users} respondents back to back",
                f"  {self.seconds:.0f} s: {t.acknowledged} journeys completed, {self.rate:.2f} submissions/s "
                f"({self.rate / PEAK_PER_SECOND:.0f}x peak, {self.rate * 3600:,.0f} an hour)",
                f"  GET question page p50 {percentile(t.get_ms, 0.5):.0f} ms, p99 "
                f"{percentile(t.get_ms, 0.99):.0f} ms; POST answers p50 {percentile(t.post_ms, 0.5):.0f} ms, "
                f"p99 {percentile(t.post_ms, 0.99):.0f} ms (limit {self.p99_limit_ms:.0f} ms)",
                f"  errors: {errors}",
                f"  acknowledged {c['acknowledged']} vs stored {c['stored']}: lost {c['lost']}, duplicates "
                f"{c['duplicates']}, partial {c['partial']}",
                f"  machine: {os.cpu_count()} cores shared with the load generator; load average "
                f"{load[0]:.1f} {load[1]:.1f} {load[2]:.1f}",
                f"  {'PASS' if self.passed else 'FAIL'}",
            ]
        )


def run_load_proof(
    *,
    duration: float,
    rate: float = 10.0,
    users: int = 12,
    clients: int = 3,
    workers: int = 2,
    p99_ms: float = 1000.0,
) -> LoadResult:
    """Run the load proof on a private PostgreSQL; returns the result (``report()`` prints it)."""
    expected = (rate or 60) * duration
    with PrivatePostgres() as postgres:
        target = seed_target(postgres.url, int(expected * 1.2) + 100)
        with serve(postgres.url, workers) as (port, _master):
            # Compile templates and SQL in every worker before measuring; these are checked like the rest.
            warm_keys = set()
            for _ in range(6):
                warm = Journey(target.tokens.pop())
                warm.open(port, Tally())
                warm.send(port, Tally(), retry=False)
                warm_keys.add(warm.fields["response_key"])
            load = Load(port, target, users=users, clients=clients, rate=rate, seconds=duration).start()
            tally = load.wait()
        seconds = load.finished - load.started
        check = check_stored(
            postgres.url, target.wave_id, set(load.sent) | warm_keys, set(load.acked) | warm_keys
        )
        for name in ("stored", "acknowledged"):
            check[name] -= len(warm_keys)
        database = postgres.description
    return LoadResult(database, workers, users, rate, seconds, tally, check, p99_ms)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=600.0, help="seconds of load (default 600)")
    parser.add_argument(
        "--rate", type=float, default=10.0, help="target submissions/s (default 10; 0 = as fast as possible)"
    )
    parser.add_argument("--users", type=int, default=12, help="concurrent respondents (default 12)")
    parser.add_argument("--clients", type=int, default=3, help="load-generator processes (default 3)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--p99-ms", type=float, default=1000.0, help="POST p99 limit for PASS (default 1000)")
    args = parser.parse_args(argv)
    result = run_load_proof(
        duration=args.duration,
        rate=args.rate,
        users=args.users,
        clients=args.clients,
        workers=args.workers,
        p99_ms=args.p99_ms,
    )
    print(result.report(), flush=True)
    return 0 if result.passed else 1


if __name__ == "__main__":
    sys.exit(main())
