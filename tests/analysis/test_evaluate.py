"""``python -m analysis evaluate`` on a tiny data folder made here (the shared data is not needed)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

from analysis.evaluate import Row, evaluate, format_table

REPO = Path(__file__).resolve().parents[2]


def _write(path: Path, header: list[str], rows: list[list[object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def _tiny_data(root: Path) -> Path:
    text = "Ring Mrs Okoro on 07700 900123."
    _write(
        root / "domain" / "redaction_dev.csv",
        ["id", "text", "spans"],
        [
            [1, text, json.dumps([[5, 14, "person"], [18, 30, "phone"]])],
            [3, "Framework was down again.", "[]"],
        ],
    )
    _write(
        root / "domain" / "staff_comments_dev.csv",
        ["id", "text", "theme", "sentiment", "audience", "wave"],
        [
            [
                1,
                "Supervision is brilliant and regular.",
                "supervision_management_support",
                "positive",
                "staff",
                1,
            ],
            [
                3,
                "Caseloads are far too high and nobody listens.",
                "caseload_workload",
                "negative",
                "staff",
                1,
            ],
            [5, "Could the briefing move to Tuesdays?", "communication", "neutral", "staff", 2],
        ],
    )
    _write(
        root / "sentiment" / "glassdoor_uk.csv",
        ["text", "label", "date", "firm", "overall_rating"],
        [
            ["Great colleagues and flexible hours.", "positive", "1/1/2020", "A", 5],
            ["Poor pay and no progression.", "negative", "1/1/2020", "A", 2],
        ],
    )
    return root


def test_evaluate_reports_redaction_and_degrades_gracefully(tmp_path: Path) -> None:
    rows = evaluate(_tiny_data(tmp_path))
    by_metric = {r.metric: r for r in rows}
    assert by_metric["redaction: personal-data spans masked"].met == "yes"
    assert by_metric["redaction: clean comments altered"].value.startswith("0.000")
    assert any(r.metric.startswith("flags ") for r in rows)
    # Theme sets are absent from this folder (and the modules may not exist yet): a row says why, no crash.
    assert any(r.metric.startswith("themes") for r in rows)
    assert any(r.metric.startswith("sentiment") for r in rows)
    for r in rows:
        assert r.met in {"yes", "no", "-"}
        if r.value.startswith("not available"):
            assert r.met == "-"


def test_format_table_aligns_columns() -> None:
    table = format_table([Row("a metric", "set", "0.5", ">= 0.4", "yes"), Row("m", "s", "1", "report", "-")])
    lines = table.splitlines()
    assert lines[0].split() == ["metric", "dataset", "value", "target", "met"]
    assert set(lines[1]) <= {"-", " "}
    assert lines[2].index("set") == lines[0].index("dataset")


def test_evaluate_command_prints_a_table(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "evaluate", "--data", str(_tiny_data(tmp_path))],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "redaction: personal-data spans masked" in result.stdout
    assert "metric" in result.stdout.splitlines()[0]


def test_evaluate_command_missing_data_folder(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "evaluate", "--data", str(tmp_path / "none")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("error: data folder not found")


def test_flag_rows_report_each_held_out_split_on_its_own(tmp_path: Path) -> None:
    from analysis.evaluate import flag_rows

    datasets = {r.dataset for r in flag_rows(tmp_path)}
    assert "flags_labelled (held-out test2)" in datasets
    assert "flags_labelled (first test split, since used for development)" in datasets
    assert "flags_labelled (development splits)" in datasets
