"""The load and crash proofs of benchmarks/, bounded so every `.ci/run` pass runs them (about a minute).

Both run on a private PostgreSQL cluster made with initdb (never the shared server on 5432) and serve
Heard with gunicorn's worker processes: benchmarks/load_postgres.py for 20 seconds at 10 submissions a
second, benchmarks/crash_recovery.py for one round of killing a worker and crash-restarting PostgreSQL.
They skip, saying why, only when initdb, pg_ctl or gunicorn is missing.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import sys
from typing import Any

import pytest

from tests.conftest import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "benchmarks"))

import crash_recovery  # found through the path above
import load_postgres

pytestmark = pytest.mark.slow


def _missing() -> str | None:
    """Why the proofs cannot run here, or None."""
    if importlib.util.find_spec("gunicorn") is None:
        return "gunicorn is not installed (pip install -r requirements.txt)"
    for tool in ("initdb", "pg_ctl"):
        if load_postgres.pg_tool(tool) is None:
            return (
                f"{tool} not found in {', '.join(load_postgres.PG_BIN_DIRS)} or on PATH (PostgreSQL server)"
            )
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no postgres user to run a private PostgreSQL cluster as"
    return None


@pytest.fixture
def proof_tools() -> None:
    reason = _missing()
    if reason:
        pytest.skip(reason)


def _assert_nothing_lost_or_doubled(check: dict[str, int], acknowledged: int, report: str) -> None:
    assert acknowledged > 0, report
    assert check["lost"] == 0, report
    assert check["duplicates"] == 0, report
    assert check["partial"] == 0, report
    assert check["stored"] == check["acknowledged"] == acknowledged, report


def test_the_load_proof_stores_every_acknowledged_submission(proof_tools: Any) -> None:
    result = load_postgres.run_load_proof(duration=20, rate=10, users=8, clients=2, workers=2, p99_ms=2000)
    report = result.report()
    print(report)
    _assert_nothing_lost_or_doubled(result.check, result.tally.acknowledged, report)
    assert not result.tally.errors, report
    assert result.rate >= 9, report
    assert result.passed, report


def test_the_crash_proof_loses_and_doubles_nothing_and_recovers_within_30_seconds(proof_tools: Any) -> None:
    result = crash_recovery.run_crash_proof(rounds=1, interval=4, users=6, clients=2, workers=2)
    report = result.report()
    print(report)
    [only] = result.rounds
    assert only.database_recovery is not None, report  # PostgreSQL really was restarted
    assert max(result.recoveries) < crash_recovery.RECOVERY_LIMIT, report
    assert result.tally.retried > 0, report  # the faults really did cut requests off
    assert result.tally.gave_up == 0, report
    _assert_nothing_lost_or_doubled(result.check, result.tally.acknowledged, report)
    assert result.passed, report
