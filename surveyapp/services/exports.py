"""Exports of threshold-safe aggregates: one function makes the rows, and CSV and XLSX only format them.

The rows carry exactly the figures the dashboard and board pack show (both read ``SurveyAggregates``),
so a number can never differ between a page and a spreadsheet, and never appears in one where the
other hides it. Every cell that a spreadsheet could read as a formula is neutralised.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from surveyapp.services.aggregates import HIDDEN
from surveyapp.services.dashboard import Dashboard

HEADERS = (
    "Survey",
    "Wave",
    "Group",
    "Part of",
    "Measure",
    "Responses",
    "Response rate %",
    "Favourable %",
    "Mean",
    "eNPS",
    "Change since last wave (points)",
    "Change significant",
)
# Characters that make Excel, LibreOffice or Sheets treat a cell as a formula (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ExportRow:
    """One row of an export; numbers stay numbers (rounded) so spreadsheets can sort them."""

    cells: tuple[str | int | float | None, ...]


def neutralise(value: str | int | float | None) -> str | int | float | None:
    """Prefix text that would start a formula with a single quote; numbers pass untouched."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _round(value: float | None, places: int = 1) -> float | None:
    return None if value is None else round(value, places)


def aggregate_rows(board: Dashboard) -> list[ExportRow]:
    """The threshold-safe rows for ``board``'s latest wave: responses per group, each question per group,
    and each theme that reaches the comment threshold.

    Groups are every unit of the reader's part of the tree, except partner organisations, which appear
    only when their respondents named them and there are enough answers (as on the dashboard). A hidden
    group gets a row reading "fewer than k" and no figures.
    """
    wave = board.latest
    if wave is None:
        return []
    aggregates = board.aggregates
    tree = aggregates.tree
    hidden_text = f"fewer than {board.k}"
    survey = board.survey.title
    named = set(board.scope.named)
    units: list[int] = []
    for top in board.scope.tops:
        for unit_id in _walk(tree.children, top):
            if tree.units[unit_id].kind == "partner" and unit_id not in named:
                continue
            units.append(unit_id)
    rows: list[ExportRow] = []
    for unit_id in units:
        unit = tree.units[unit_id]
        parent_id = tree.parent[unit_id]
        parent = tree.units[parent_id].name if parent_id is not None else ""
        responses = aggregates.responses(wave, unit_id)
        rate = aggregates.response_rate(wave, unit_id)
        rows.append(
            ExportRow(
                (
                    survey,
                    wave.number,
                    unit.name,
                    parent,
                    "All responses",
                    hidden_text if responses is None else responses,
                    None if rate is None else round(100 * rate, 1),
                    None,
                    None,
                    None,
                    None,
                    None,
                )
            )
        )
        for question in board.questions:
            result = aggregates.question(wave, unit_id, question)
            if not result.hidden and result.n is not None and result.n < board.k:
                result = HIDDEN  # too few answers to this question, though enough responses
            change = aggregates.change(wave, unit_id, question) if not result.hidden else None
            rows.append(
                ExportRow(
                    (
                        survey,
                        wave.number,
                        unit.name,
                        parent,
                        question.text,
                        hidden_text if result.hidden else None,
                        None,
                        None if result.favourable is None else round(100 * result.favourable, 1),
                        _round(result.mean, 2),
                        _round(result.enps, 1),
                        None if change is None or change.points is None else round(change.points, 1),
                        None
                        if change is None or change.points is None
                        else ("yes" if change.significant else "no"),
                    )
                )
            )
    for theme in board.themes:
        rows.append(
            ExportRow(
                (
                    survey,
                    wave.number,
                    "All comments",
                    "",
                    f"Theme: {theme.theme.display_label}",
                    theme.count,
                    None,
                    None,
                    _round(theme.sentiment, 2),
                    None,
                    None,
                    ", ".join(theme.flags) or None,
                )
            )
        )
    return rows


def _walk(children: dict[int | None, list[int]], top: int) -> Iterable[int]:
    """``top`` and its descendants, parents before children, siblings by name (the tree's order)."""
    yield top
    for child in children.get(top, []):
        yield from _walk(children, child)


def to_csv(rows: Sequence[ExportRow]) -> str:
    """The rows as CSV text (UTF-8 with a byte-order mark so Excel reads the accents right)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow(["" if cell is None else neutralise(cell) for cell in row.cells])
    return buffer.getvalue()


def to_xlsx(rows: Sequence[ExportRow], *, title: str = "Aggregates") -> bytes:
    """The rows as an XLSX workbook; text cells are stored as text, never as formulas."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(list(HEADERS))
    for row in rows:
        sheet.append([neutralise(cell) for cell in row.cells])
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = TYPE_STRING  # openpyxl would otherwise store "=…" as a formula
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
