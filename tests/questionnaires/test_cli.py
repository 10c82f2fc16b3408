"""``python -m questionnaires``: check and list."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from questionnaires.__main__ import main

from .helpers import HEADER, ROOT, doc

PROBLEM_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): (?P<message>.+)$")


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    # PYTHONPATH lets the CLI run from any folder, so paths can be given relative to that folder.
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "questionnaires", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_check_shipped_files_exits_0() -> None:
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "questionnaires").glob("*.yaml"))
    assert len(files) == 3
    result = run("check", *files)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "3 files OK\n")


def test_check_broken_file_prints_file_line_message_and_exits_1(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text(
        doc(header=HEADER.replace("version: 1", "version: first") + "colour: red\n"), encoding="utf-8"
    )
    result = run("check", "broken.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "broken.yaml:2: 'version' must be a whole number of 1 or more, not 'first'",
        (
            "broken.yaml:6: unknown field 'colour' in the questionnaire; expected one of: "
            "key, version, title, audience, intro, cadence, estimated_minutes, questions"
        ),
    ]
    assert result.stderr == "2 problems in 1 of 1 file\n"


def test_check_several_files_reports_only_the_broken_ones_in_order(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text(doc(), encoding="utf-8")
    (tmp_path / "bad.yaml").write_text("key: demo\n  title: x\n", encoding="utf-8")
    worse = doc("  - key: a\n    type: essay\n    text: Say\n")
    (tmp_path / "worse.yaml").write_text(worse, encoding="utf-8")
    result = run("check", "bad.yaml", "good.yaml", "worse.yaml", "missing.yaml", cwd=tmp_path)
    assert result.returncode == 1
    parsed = [PROBLEM_LINE.match(line) for line in result.stdout.splitlines()]
    assert all(parsed), result.stdout
    assert [(m["file"], int(m["line"])) for m in parsed if m] == [
        ("bad.yaml", 2),
        ("worse.yaml", 8),
        ("missing.yaml", 1),
    ]
    assert result.stderr == "3 problems in 3 of 4 files\n"


def test_list_prints_key_version_title_of_shipped_files() -> None:
    result = run("list")
    assert result.returncode == 0
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert [row[:2] for row in rows] == [
        ["partnership-feedback", "1"],
        ["reference-group-checkin", "1"],
        ["staff-pulse", "1"],
    ]
    assert all(len(row) == 3 and row[2] for row in rows)


@pytest.mark.parametrize("argv", [[], ["check"], ["frobnicate"]])
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_check_accepts_a_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.yaml").write_text(doc(), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(doc(header=HEADER.replace("key: demo", "key: b")), encoding="utf-8")
    assert main(["check", str(tmp_path)]) == 0
    assert capsys.readouterr().err == "2 files OK\n"


def test_list_of_a_broken_folder_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.yaml").write_text("- nope\n", encoding="utf-8")
    assert main(["list", "--dir", str(tmp_path)]) == 1
    out = capsys.readouterr()
    assert out.out == "" and out.err.startswith(f"{tmp_path / 'a.yaml'}:1: expected a mapping")
