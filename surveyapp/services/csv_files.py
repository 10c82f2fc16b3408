"""Reading uploaded CSV files with line-numbered problems, and writing CSV that spreadsheets cannot run."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class CsvProblem:
    """One thing wrong with an uploaded file, and the line it is on (None for the file as a whole)."""

    line: int | None
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.message}" if self.line is not None else self.message


class CsvRejected(ValueError):
    """An uploaded file with problems; nothing from it has been saved."""

    def __init__(self, problems: Sequence[CsvProblem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = list(problems)


def decode(data: bytes) -> str:
    """The file as text: UTF-8 (with or without a byte order mark), or ``CsvRejected`` naming the line."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise CsvRejected([CsvProblem(None, "The file is larger than 2 MB; split it into smaller files")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CsvRejected(
            [
                CsvProblem(
                    line,
                    "the file is not UTF-8 text (it may have been saved as Windows or Excel CSV); "
                    "save it as “CSV UTF-8” and upload it again",
                )
            ]
        ) from None


@dataclass(frozen=True)
class CsvRow:
    """One data row: the line it starts on, and its values by (lower-cased, trimmed) column name."""

    line: int
    values: dict[str, str]

    def get(self, column: str) -> str:
        return self.values.get(column, "").strip()


def read_rows(
    text: str, *, required: Sequence[str], optional: Sequence[str] = ()
) -> tuple[list[CsvRow], list[CsvProblem]]:
    """Rows of ``text`` with line numbers, and the problems with its header (missing or unknown columns).

    Blank lines are skipped. When the header is wrong no rows are returned.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return [], [CsvProblem(None, "The file is empty")]
    except csv.Error as error:
        return [], [CsvProblem(1, f"the header cannot be read as CSV ({error})")]
    columns = [name.strip().lower() for name in header]
    problems = []
    missing = [c for c in required if c not in columns]
    if missing:
        problems.append(
            CsvProblem(
                1,
                f"the header is missing the column{'s' if len(missing) > 1 else ''} "
                + ", ".join(missing)
                + f" (expected: {', '.join([*required, *optional])})",
            )
        )
    duplicated = sorted({c for c in columns if c and columns.count(c) > 1})
    if duplicated:
        problems.append(CsvProblem(1, f"the header repeats the column {', '.join(duplicated)}"))
    if problems:
        return [], problems
    rows = []
    line = reader.line_num + 1
    try:
        for record in reader:
            start, line = line, reader.line_num + 1
            if not any(value.strip() for value in record):
                continue
            if len(record) > len(columns):
                problems.append(
                    CsvProblem(start, f"has {len(record)} values but the header has {len(columns)} columns")
                )
                continue
            rows.append(CsvRow(start, {c: v for c, v in zip(columns, record, strict=False) if c}))
    except csv.Error as error:
        problems.append(CsvProblem(line, f"cannot be read as CSV ({error})"))
    if not rows and not problems:
        problems.append(CsvProblem(None, "The file has a header but no rows"))
    return rows, problems


def safe_cell(value: object) -> str:
    """``value`` as a CSV cell a spreadsheet will show rather than run as a formula."""
    if value is None:
        return ""
    if not isinstance(value, str):  # numbers and dates are ours, never a formula
        return str(value)
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def write_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """CSV text (UTF-8 friendly, CRLF line ends as spreadsheets expect) with every cell made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return buffer.getvalue()
