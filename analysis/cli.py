"""CSV plumbing shared by the ``python -m analysis`` commands.

Reading checks everything that can be wrong with an input file up front and raises :class:`CliError` with one
line naming the problem; writing goes to a temporary file in the output's folder that replaces the output only
once complete, so a failed run never leaves a partial file behind.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

__all__ = ["CliError", "Progress", "Table", "check_output", "read_table", "stage", "write_table"]

EXIT_DATA = 1
EXIT_USAGE = 2


class CliError(Exception):
    """A problem to report as one line on stderr, with the process exit status to use."""

    def __init__(self, message: str, code: int = EXIT_DATA) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Table:
    """A CSV file as read: its header and rows (lists of strings, padded to the header's width)."""

    header: list[str]
    rows: list[list[str]]

    def column(self, name: str) -> list[str]:
        """The values of column ``name`` in row order."""
        idx = self.header.index(name)
        return [row[idx] for row in self.rows]

    def with_columns(self, columns: dict[str, Sequence[str]]) -> Table:
        """A copy with ``columns`` added at the end (or replacing a column of the same name in place)."""
        header = list(self.header)
        rows = [list(r) for r in self.rows]
        for name, values in columns.items():
            if len(values) != len(rows):
                raise ValueError(f"column {name!r} has {len(values)} values for {len(rows)} rows")
            if name in header:
                idx = header.index(name)
                for row, value in zip(rows, values, strict=False):
                    row[idx] = value
            else:
                header.append(name)
                for row, value in zip(rows, values, strict=False):
                    row.append(value)
        return Table(header, rows)


def stage(message: str, stream: TextIO | None = None) -> None:
    """Print a stage message ("read 1,200 rows") on stderr."""
    print(message, file=stream or sys.stderr, flush=True)


class Progress:
    """Count rows through a long stage, printing a percentage on stderr when it is a terminal."""

    def __init__(self, label: str, total: int, every: int = 1000, stream: TextIO | None = None) -> None:
        self.label = label
        self.total = total
        self.every = every
        self.stream = stream or sys.stderr
        self._tty = bool(getattr(self.stream, "isatty", lambda: False)())

    def wrap(self, items: Iterable[object]) -> Iterator[object]:
        """Yield ``items``, reporting every ``every`` rows and at the end."""
        for done, item in enumerate(items, start=1):
            yield item
            if self._tty and (done % self.every == 0 or done == self.total):
                pct = 100.0 * done / self.total if self.total else 100.0
                end = "\n" if done == self.total else ""
                print(
                    f"\r{self.label}: {done:,}/{self.total:,} ({pct:.0f}%)",
                    end=end,
                    file=self.stream,
                    flush=True,
                )


def read_table(path: str | os.PathLike[str], text_column: str | None = None) -> Table:
    """Read a UTF-8 CSV file (a byte-order mark is allowed) with a header row and at least one data row."""
    p = Path(path)
    if not p.exists():
        raise CliError(f"input file not found: {p}")
    if p.is_dir():
        raise CliError(f"input is a folder, not a CSV file: {p}")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise CliError(f"cannot read {p}: {exc.strerror or exc}") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CliError(
            f"{p} is not valid UTF-8 (line {line}, byte 0x{data[exc.start]:02x}); "
            "save it as UTF-8 CSV and try again"
        ) from exc
    if not text.strip():
        raise CliError(f"{p} is empty")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
        rows = [row for row in reader]
    except csv.Error as exc:
        raise CliError(f"{p} is not a valid CSV file (line {reader.line_num}): {exc}") from exc
    rows = [row for row in rows if row]  # blank lines carry no data
    if not rows:
        raise CliError(f"{p} has a header but no rows")
    width = len(header)
    for i, row in enumerate(rows):
        if len(row) < width:
            rows[i] = row + [""] * (width - len(row))
    if text_column is not None and text_column not in header:
        available = ", ".join(repr(h) for h in header)
        raise CliError(f"column {text_column!r} not found in {p}; available columns: {available}")
    return Table(header, rows)


def check_output(path: str | os.PathLike[str]) -> Path:
    """Fail early, before any slow work, if ``path`` cannot be written; return its folder."""
    p = Path(path)
    folder = p.parent if str(p.parent) else Path(".")
    if not folder.is_dir():
        raise CliError(f"output folder does not exist: {folder}")
    if p.is_dir():
        raise CliError(f"output is a folder, not a file: {p}")
    if not os.access(folder, os.W_OK):
        raise CliError(f"output folder is not writable: {folder}")
    return folder


def write_table(path: str | os.PathLike[str], table: Table) -> None:
    """Write ``table`` as UTF-8 CSV, atomically: all of it or nothing."""
    p = Path(path)
    folder = check_output(p)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=folder)
    try:
        # mkstemp creates the file private (0600); give the output the permissions a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(table.header)
            writer.writerows(table.rows)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, p)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise CliError(f"cannot write {p}: {exc.strerror or exc}") from exc
        raise
