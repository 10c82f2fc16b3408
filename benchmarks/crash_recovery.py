"""Crash proof: kill web workers and crash PostgreSQL under load; nothing acknowledged is lost or doubled.

On a private PostgreSQL cluster (see load_postgres.py: initdb in a temporary folder, a free port, never
the shared server) with Heard under gunicorn (2 workers by default), simulated respondents answer the
staff pulse back to back — three in four by single-use invitation, one in four by the team's open link.
Every ``--interval`` seconds, for ``--rounds`` rounds, the proof

1. SIGKILLs one gunicorn worker (gunicorn starts another), then
2. restarts PostgreSQL with ``pg_ctl restart``, ``-m immediate`` (a crash: in-flight transactions are
   cut off and the server recovers from its WAL) and ``-m fast`` in turn,

and times how long until ``/healthz`` answers 200 again (it must be under 30 s). Respondents whose
submit got no acknowledgement (connection reset, 500 while the database was away) send the SAME page
again — same cookies, CSRF token and response key — as someone pressing the button again would, for
up to 60 seconds.

Printed per round and in total: acknowledged, stored, lost (acknowledged but not stored: must be 0),
duplicates (stored rows no page accounts for — a retry stored twice would have a second id: must be
0), partial responses (fewer than eight answers: must be 0) and the recovery times; then PASS or FAIL
(exit status 0 or 1). Response ids derive from each page's key (an HMAC with the app's secret, which this
proof sets), so every acknowledged page is looked for by its id.

When initdb is missing the proof falls back to a database on the shared server and only kills workers
(restarting a shared server is never allowed); it says so.

Usage: python benchmarks/crash_recovery.py [--rounds 5] [--interval 6] [--users 8] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
if str(BENCHMARKS) not in sys.path:
    sys.path.insert(0, str(BENCHMARKS))

from load_postgres import (  # noqa: E402 - needs the path above
    Load,
    PrivatePostgres,
    Tally,
    check_stored,
    seconds_until_healthy,
    seed_target,
    serve,
    worker_pids,
)

RECOVERY_LIMIT = 30.0  # seconds until /healthz is 200 again
RETRY_FOR = 60.0  # how long a respondent keeps resending an unacknowledged page
# immediate: a crash (no checkpoint, recovery from WAL); fast: a clean restart that still cuts sessions off.
RESTART_MODES = ("immediate", "fast")


@dataclass
class Round:
    number: int
    worker_recovery: float
    database_recovery: float | None
    mode: str
    acknowledged: int = 0
    check: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        c = self.check
        database = (
            f"{self.database_recovery:.1f} s" if self.database_recovery is not None else "not restarted"
        )
        return (
            f"  round {self.number}: worker SIGKILL -> healthy in {self.worker_recovery:.1f} s; PostgreSQL "
            f"restart -m {self.mode} -> healthy in {database}; acknowledged {self.acknowledged} this round "
            f"({c['acknowledged']} so far), stored {c['stored']}, lost {c['lost']}, in flight "
            f"{c['duplicates']}, partial {c['partial']}"
        )


@dataclass
class CrashResult:
    database: str
    workers: int
    rounds: list[Round]
    tally: Tally
    check: dict[str, int]
    seconds: float

    @property
    def recoveries(self) -> list[float]:
        times = [r.worker_recovery for r in self.rounds]
        return times + [r.database_recovery for r in self.rounds if r.database_recovery is not None]

    @property
    def passed(self) -> bool:
        c = self.check
        return (
            c["lost"] == 0
            and c["duplicates"] == 0
            and c["partial"] == 0
            and c["stored"] == c["acknowledged"] == self.tally.acknowledged
            and self.tally.gave_up == 0
            and all(t < RECOVERY_LIMIT for t in self.recoveries)
            # Mid-run, a page stored but not yet reported back by its respondent process has no known key,
            # so "duplicates" can only be judged once everyone has finished (above); "lost" holds at once.
            and all(r.check["lost"] == 0 for r in self.rounds)
        )

    def report(self) -> str:
        t, c = self.tally, self.check
        errors = ", ".join(f"{kind}: {n}" for kind, n in sorted(t.errors.items())) or "none"
        load = os.getloadavg()
        lines = [
            f"crash_recovery: {self.database}; gunicorn {self.workers} workers; rounds: {len(self.rounds)} "
            f"in {self.seconds:.0f} s",
            *(r.line() for r in self.rounds),
            f"  total: {t.journeys} journeys, acknowledged {c['acknowledged']} vs stored {c['stored']}: "
            f"lost {c['lost']}, duplicates {c['duplicates']}, partial {c['partial']}, stored but never "
            f"acknowledged {c['stored_not_acknowledged']}, gave up {t.gave_up}; "
            f"{t.acknowledged_on_retry} pages acknowledged only when sent again",
            f"  failed requests: {sum(t.errors.values())} ({errors}); {t.retried} retries, each with the "
            "same page (a failed thank-you page is not retried: its answers were already acknowledged)",
            f"  slowest recovery {max(self.recoveries):.1f} s (limit {RECOVERY_LIMIT:.0f} s)",
            f"  machine: {os.cpu_count()} cores shared with the load generator; load average "
            f"{load[0]:.1f} {load[1]:.1f} {load[2]:.1f}",
            f"  {'PASS' if self.passed else 'FAIL'}",
        ]
        return "\n".join(lines)


def run_crash_proof(
    *, rounds: int = 5, interval: float = 6.0, users: int = 8, clients: int = 2, workers: int = 2
) -> CrashResult:
    """Run the crash proof on a private PostgreSQL; returns the result (``report()`` prints it)."""
    chooser = random.Random(7)  # which worker to kill: repeatable, not secret
    run_for = rounds * (2 * interval + 10) + 60  # an upper bound: the load is stopped after the rounds
    with PrivatePostgres() as postgres:
        target = seed_target(postgres.url, int(run_for * 40))
        with serve(postgres.url, workers) as (port, master):
            load = Load(
                port, target, users=users, clients=clients, rate=0, seconds=run_for, retry_for=RETRY_FOR
            ).start()
            started, done = time.monotonic(), []
            before = 0
            for number in range(1, rounds + 1):
                time.sleep(interval)
                victim = chooser.choice(worker_pids(master))
                killed = time.monotonic()
                os.kill(victim, signal.SIGKILL)
                worker_recovery = seconds_until_healthy(port, killed)
                time.sleep(interval)
                database_recovery = None
                mode = RESTART_MODES[(number - 1) % len(RESTART_MODES)]
                if postgres.can_restart:
                    crashed = time.monotonic()
                    postgres.restart(mode)
                    database_recovery = seconds_until_healthy(port, crashed)
                time.sleep(1)  # let retries of this round's failures land before counting
                load.drain()
                check = check_stored(postgres.url, target.wave_id, set(load.sent), set(load.acked))
                acknowledged = len(load.acked) - before
                done.append(Round(number, worker_recovery, database_recovery, mode, acknowledged, check))
                before = len(load.acked)
            load.stop()
            tally = load.wait()
        check = check_stored(postgres.url, target.wave_id, set(load.sent), set(load.acked))
        seconds = time.monotonic() - started
        return CrashResult(postgres.description, workers, done, tally, check, seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="fault rounds (default 5)")
    parser.add_argument(
        "--interval", type=float, default=6.0, help="seconds of load between faults (default 6)"
    )
    parser.add_argument("--users", type=int, default=8, help="concurrent respondents (default 8)")
    parser.add_argument("--clients", type=int, default=2, help="load-generator processes (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    args = parser.parse_args(argv)
    result = run_crash_proof(
        rounds=args.rounds,
        interval=args.interval,
        users=args.users,
        clients=args.clients,
        workers=args.workers,
    )
    print(result.report(), flush=True)
    return 0 if result.passed else 1


if __name__ == "__main__":
    sys.exit(main())
