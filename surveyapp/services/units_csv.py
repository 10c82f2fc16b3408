"""Importing and exporting units as CSV: key,name,kind,parent_key,headcount,partner_type,area.

An import is all or nothing: every problem in the file is reported with its line number, and nothing is
saved unless there are none. Rows create units, or update the unit with the same key; units not in the
file are left as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from surveyapp.models import PARTNER_TYPES, UNIT_KINDS, Unit, User
from surveyapp.services import audit
from surveyapp.services.csv_files import CsvProblem, CsvRejected, CsvRow, decode, read_rows, write_csv
from surveyapp.services.units import KEY_PATTERN, tree_order

COLUMNS = ("key", "name", "kind", "parent_key", "headcount", "partner_type", "area")
REQUIRED_COLUMNS = ("key", "name", "kind", "parent_key", "headcount")
OPTIONAL_COLUMNS = ("partner_type", "area")
MAX_HEADCOUNT = 100_000


@dataclass(frozen=True)
class UnitRow:
    """A valid row of a units file."""

    line: int
    key: str
    name: str
    kind: str
    parent_key: str | None
    headcount: int
    partner_type: str | None
    area: str | None


@dataclass(frozen=True)
class ImportSummary:
    """What an import did."""

    created: int
    updated: int

    def __str__(self) -> str:
        return f"Imported {self.created + self.updated} units: {self.created} new, {self.updated} updated."


def export_units(session: Session) -> str:
    """Every unit as CSV, parents before their children (so the file imports back as it is)."""
    rows = [
        (
            e.unit.key,
            e.unit.name,
            e.unit.kind,
            e.unit.parent.key if e.unit.parent else "",
            e.unit.headcount,
            e.unit.partner_type or "",
            e.unit.area or "",
        )
        for e in tree_order(session)
    ]
    return write_csv(COLUMNS, rows)


def parse_units(session: Session, data: bytes) -> list[UnitRow]:
    """The rows of an uploaded units file, or ``CsvRejected`` with every problem and its line."""
    rows, problems = read_rows(decode(data), required=REQUIRED_COLUMNS, optional=OPTIONAL_COLUMNS)
    parsed: list[UnitRow] = []
    first_line: dict[str, int] = {}
    for row in rows:
        key = row.get("key").lower()
        duplicate = bool(key) and key in first_line
        if duplicate:
            problems.append(CsvProblem(row.line, f"the key {key} is also on line {first_line[key]}"))
        elif key:
            first_line[key] = row.line
        unit_row = _parse_row(row, problems)
        if unit_row is not None and not duplicate:
            parsed.append(unit_row)

    existing = dict(session.execute(select(Unit.key, Unit.id)).tuples().all())
    parent = aliased(Unit)
    existing_parent = dict(
        session.execute(select(Unit.key, parent.key).outerjoin(parent, Unit.parent_id == parent.id))
        .tuples()
        .all()
    )
    file_keys = {r.key for r in parsed}
    for unit_row in parsed:
        parent_key = unit_row.parent_key
        if parent_key is None:
            continue
        if parent_key == unit_row.key:
            problems.append(CsvProblem(unit_row.line, f"the unit {unit_row.key} cannot be its own parent"))
        elif parent_key not in file_keys and parent_key not in existing:
            problems.append(
                CsvProblem(
                    unit_row.line,
                    f"the parent_key {parent_key} is not a unit in this file or already saved",
                )
            )
    problems.extend(_loops(parsed, existing_parent))
    if problems:
        raise CsvRejected(sorted(problems, key=lambda p: (p.line or 0, p.message)))
    return parsed


def import_units(session: Session, data: bytes, *, user: User | None = None) -> ImportSummary:
    """Check the whole file, then create and update its units (the caller commits)."""
    rows = parse_units(session, data)
    by_key = {u.key: u for u in session.scalars(select(Unit).where(Unit.key.in_([r.key for r in rows])))}
    created = updated = 0
    for row in rows:
        unit = by_key.get(row.key)
        if unit is None:
            unit = Unit(key=row.key)
            session.add(unit)
            by_key[row.key] = unit
            created += 1
        else:
            updated += 1
        unit.name = row.name
        unit.kind = row.kind
        unit.headcount = row.headcount
        unit.partner_type = row.partner_type
        unit.area = row.area
    session.flush()
    parents_needed = {r.parent_key for r in rows if r.parent_key} - set(by_key)
    if parents_needed:
        by_key.update({u.key: u for u in session.scalars(select(Unit).where(Unit.key.in_(parents_needed)))})
    for row in rows:
        by_key[row.key].parent = by_key[row.parent_key] if row.parent_key else None
    session.flush()
    summary = ImportSummary(created, updated)
    audit.record(session, "units.import", user=user, target_type="unit", created=created, updated=updated)
    return summary


def _parse_row(row: CsvRow, problems: list[CsvProblem]) -> UnitRow | None:
    found: list[CsvProblem] = []
    key = row.get("key").lower()
    if not key:
        found.append(CsvProblem(row.line, "the key is missing"))
    elif not KEY_PATTERN.match(key):
        found.append(CsvProblem(row.line, f"the key {key!r} must be lower-case letters, numbers and hyphens"))
    name = row.get("name")
    if not name:
        found.append(CsvProblem(row.line, "the name is missing"))
    elif len(name) > 200:
        found.append(CsvProblem(row.line, "the name is longer than 200 characters"))
    kind = row.get("kind").lower()
    if kind not in UNIT_KINDS:
        shown = f"the kind {kind!r} is not known" if kind else "the kind is missing"
        found.append(CsvProblem(row.line, f"{shown} (use one of: {', '.join(UNIT_KINDS)})"))
    raw_headcount = row.get("headcount")
    headcount = 0
    if not raw_headcount:
        found.append(CsvProblem(row.line, "the headcount is missing"))
    else:
        try:
            headcount = int(raw_headcount)
        except ValueError:
            found.append(CsvProblem(row.line, f"the headcount {raw_headcount!r} is not a whole number"))
        else:
            if not 0 <= headcount <= MAX_HEADCOUNT:
                found.append(
                    CsvProblem(row.line, f"the headcount {headcount} must be between 0 and {MAX_HEADCOUNT:,}")
                )
    partner_type = row.get("partner_type").lower() or None
    if partner_type is not None and partner_type not in PARTNER_TYPES:
        found.append(
            CsvProblem(
                row.line,
                f"the partner_type {partner_type!r} is not known (use one of: {', '.join(PARTNER_TYPES)})",
            )
        )
    area = row.get("area") or None
    if area is not None and len(area) > 100:
        found.append(CsvProblem(row.line, "the area is longer than 100 characters"))
    if found:
        problems.extend(found)
        return None
    return UnitRow(
        line=row.line,
        key=key,
        name=name,
        kind=kind,
        parent_key=row.get("parent_key").lower() or None,
        headcount=headcount,
        partner_type=partner_type,
        area=area,
    )


def _loops(rows: list[UnitRow], existing_parent: dict[str, str | None]) -> list[CsvProblem]:
    """Rows whose parents lead back to themselves, once the file is applied over what is stored."""
    parent_of = dict(existing_parent)
    parent_of.update({r.key: r.parent_key for r in rows})
    problems = []
    for row in rows:
        seen = {row.key}
        current = parent_of.get(row.key)
        while current is not None and current != row.key:
            if current in seen:
                break
            seen.add(current)
            current = parent_of.get(current)
        if current == row.key and row.parent_key != row.key:
            problems.append(
                CsvProblem(row.line, f"the unit {row.key} would end up inside itself through its parents")
            )
    return problems
