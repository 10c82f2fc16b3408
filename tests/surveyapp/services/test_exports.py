"""Exports: one set of threshold-safe rows for every format, formulas neutralised, nothing differenced."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from analysis.anonymity import Group
from surveyapp.services.access import Scope
from surveyapp.services.aggregates import AggregateCache
from surveyapp.services.dashboard import build_dashboard
from surveyapp.services.exports import HEADERS, aggregate_rows, neutralise, to_csv, to_xlsx
from tests.analysis.test_anonymity import _determined_unknowns
from tests.conftest import _empty_all_tables
from tests.factories import make_scored_org, make_theme, make_theme_stat

WHOLE = Scope(None, None)


@pytest.mark.parametrize("text", ["=1+1", "+SUM(A1)", "-2", "@cmd", "\tx", "\rx"])
def test_formula_starts_are_neutralised(text: str) -> None:
    assert neutralise(text) == "'" + text
    assert neutralise("Caseloads") == "Caseloads" and neutralise(-3) == -3 and neutralise(None) is None


def _board(session: Any, sizes: dict[str, dict[str, int]], **kwargs: Any) -> Any:
    org = make_scored_org(session, sizes, **kwargs)
    session.commit()
    return org, build_dashboard(session, org["survey"], WHOLE, AggregateCache())


def test_csv_and_xlsx_carry_the_same_rows_and_no_formulas(session: Any) -> None:
    org, _ = _board(session, {"Assessment": {'=HYPERLINK("http://evil")': 8, "A2": 2}, "Care": {"C1": 10}})
    rows = aggregate_rows(build_dashboard(session, org["survey"], WHOLE, AggregateCache()))

    parsed = list(csv.reader(io.StringIO(to_csv(rows).lstrip("\ufeff"))))
    assert tuple(parsed[0]) == HEADERS
    assert len(parsed) == len(rows) + 1
    assert any(r[2] == '\'=HYPERLINK("http://evil")' for r in parsed)
    assert not any(cell.startswith(("=", "+", "@")) for row in parsed for cell in row)

    sheet = load_workbook(io.BytesIO(to_xlsx(rows))).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert tuple(values[0]) == HEADERS and len(values) == len(rows) + 1
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    for csv_row, xlsx_row in zip(parsed[1:], values[1:], strict=True):
        assert [_same(c) for c in csv_row] == [_same("" if v is None else v) for v in xlsx_row]


def _same(value: object) -> object:
    """A cell compared across formats: numbers as floats (XLSX keeps 50.0 as 50)."""
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return value


def test_label_starting_with_a_formula_is_prefixed(session: Any) -> None:
    org, _ = _board(session, {"Assessment": {"A1": 12}})
    theme = make_theme(session, org["survey"], label="x", curated_label="=cmd|' /C calc'!A0")
    make_theme_stat(session, theme, org["waves"][-1], comment_count=12, share=1.0)
    session.commit()
    board = build_dashboard(session, org["survey"], WHOLE, AggregateCache())
    text = to_csv(aggregate_rows(board))
    assert "Theme: =cmd" in text  # "Theme: " leads, so the cell cannot start a formula
    sheet = load_workbook(io.BytesIO(to_xlsx(aggregate_rows(board)))).active
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_rows_match_the_dashboard_and_hide_small_groups(session: Any) -> None:
    org, board = _board(session, {"Assessment": {"A1": 12, "A2": 2}, "Care": {"C1": 10}})
    rows = {(r.cells[2], r.cells[4]): r.cells for r in aggregate_rows(board)}
    assert rows[("A2", "All responses")][5] == "fewer than 5"
    assert rows[("A1", "All responses")][5] == "fewer than 5"  # complement of A2
    assert rows[("Assessment", "All responses")][5] == 14
    caseload = next(q for q in board.questions if q.key == "caseload")
    area = org["units"]["Assessment"].id
    shown = rows[("Assessment", caseload.text)]
    assert shown[7] == round(100 * board.heatmap[("caseload", area)].favourable, 1)
    assert rows[("A2", caseload.text)][7] is None


# --- property: no exported row shows a group below k, and no hidden group can be computed ------------


@st.composite
def organisations(draw: st.DrawFn) -> dict[str, dict[str, int]]:
    areas = draw(st.integers(1, 4))
    return {
        f"Area {a}": {f"Team {a}.{t}": draw(st.integers(0, 12)) for t in range(draw(st.integers(1, 4)))}
        for a in range(areas)
    }


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(organisations())
def test_exported_rows_never_show_or_give_away_a_small_group(app: Any, session: Any, sizes: dict) -> None:
    from surveyapp.extensions import db

    session.rollback()
    _empty_all_tables(db.engine)
    org = make_scored_org(session, sizes)
    session.commit()
    board = build_dashboard(session, org["survey"], WHOLE, AggregateCache())
    rows = aggregate_rows(board)
    k = board.k
    # The attacker sees each group's shown count (or "fewer than k") and the tree (from "Part of").
    shown: dict[str, int | None] = {}
    parents: dict[str, str | None] = {}
    for cells in (r.cells for r in rows):
        if cells[4] == "All responses":
            shown[cells[2]] = None if cells[5] == f"fewer than {k}" else cells[5]
            parents[cells[2]] = cells[3] or None
        elif cells[7] is not None or cells[8] is not None:
            assert shown[cells[2]] is not None, f"{cells[2]} has figures but a hidden count"
    for name, count in shown.items():
        assert count is None or count >= k, f"{name} shown with {count}"
    truth = {name: 0 for name in shown}
    for area, teams in sizes.items():
        for team, count in teams.items():
            truth[team] += count
            truth[area] += count
            truth["Children's Services"] += count
    groups = [Group(name, parents[name], truth[name]) for name in shown]
    hidden = frozenset(name for name, count in shown.items() if count is None)
    assert _determined_unknowns(groups, hidden) == set()
