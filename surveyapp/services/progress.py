"""Live response rates for a wave: how many responses each unit of the audience has, against headcount.

Counts only — never who. A unit (or the "not attributed" remainder of a group) with fewer responses than
the survey's reporting threshold *k* shows "fewer than k" in place of its count and rate. So that hidden
counts cannot be worked out by subtraction, when one group among siblings is hidden the next-smallest
sibling is hidden too until the hidden ones together reach *k*, and everything inside a hidden group is
hidden. The decisions come from ``analysis.anonymity``, as for every other figure (DESIGN.md §3.1).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analysis.anonymity import Group, suppress
from surveyapp.models import Response, Unit, Wave
from surveyapp.services.units import ancestor_ids, parent_map


@dataclass
class ProgressRow:
    """One line of the progress table."""

    row_id: str
    label: str
    depth: int
    headcount: int | None
    count: int = 0
    hidden: bool = False
    children: list[ProgressRow] = field(default_factory=list)

    @property
    def responses(self) -> int | None:
        """The count, or None when it is hidden."""
        return None if self.hidden else self.count

    @property
    def rate(self) -> float | None:
        """Responses as a share of headcount, or None when hidden or there is no headcount."""
        if self.hidden or not self.headcount:
            return None
        return self.count / self.headcount


@dataclass(frozen=True)
class WaveProgress:
    """A wave's response counts, ready to show: the total and one row per unit (parents first)."""

    wave: Wave
    threshold: int
    total: ProgressRow
    rows: list[ProgressRow]

    def display(self, row: ProgressRow) -> tuple[str, str]:
        """The count and rate as shown to people, e.g. ("12", "40%") or ("fewer than 5", "fewer than 5")."""
        if row.hidden:
            hidden = f"fewer than {self.threshold}"
            return hidden, hidden
        rate = row.rate
        return f"{row.count:,}", "–" if rate is None else f"{rate:.0%}"

    def as_json(self) -> dict[str, object]:
        """The figures for the page's live updates: the same strings the page shows."""
        rows = {}
        for row in [self.total, *self.rows]:
            count, rate = self.display(row)
            rows[row.row_id] = {"responses": count, "rate": rate}
        return {
            "wave": self.wave.number,
            "status": self.wave.status,
            "threshold": self.threshold,
            "rows": rows,
        }


def wave_progress(session: Session, wave: Wave) -> WaveProgress:
    """Response counts for ``wave`` per audience unit and the groups above them, threshold applied."""
    survey = wave.survey
    k = survey.reporting_threshold
    audience = {u.id: u for u in survey.audience}
    parents = parent_map(session)
    # The tree shown: audience units and every unit above them.
    shown: set[int] = set(audience)
    for unit_id in audience:
        shown.update(ancestor_ids(parents, unit_id))
    units = {u.id: u for u in session.scalars(select(Unit).where(Unit.id.in_(shown)))} if shown else {}

    counts = dict(
        session.execute(
            select(Response.unit_id, func.count())
            .where(Response.wave_id == wave.id)
            .group_by(Response.unit_id)
        )
        .tuples()
        .all()
    )
    direct: dict[int | None, int] = defaultdict(int)  # responses landing on a shown unit itself
    for unit_id, n in counts.items():
        holder: int | None = unit_id if unit_id in shown else None
        if holder is None:
            holder = next((a for a in ancestor_ids(parents, unit_id) if a in shown), None)
        direct[holder] += n

    rows_by_id: dict[int, ProgressRow] = {}
    children: dict[int | None, list[int]] = defaultdict(list)
    for unit_id in sorted(units, key=lambda i: units[i].name):
        parent = parents.get(unit_id)
        children[parent if parent in shown else None].append(unit_id)

    def build(unit_id: int, depth: int) -> ProgressRow:
        unit = units[unit_id]
        row = ProgressRow(f"u{unit_id}", unit.name, depth, None)
        row.children = [build(child, depth + 1) for child in children[unit_id]]
        row.count = direct[unit_id] + sum(c.count for c in row.children)
        if unit_id in audience or not row.children:
            row.headcount = unit.headcount
        else:
            row.headcount = sum(c.headcount or 0 for c in row.children)
        if direct[unit_id] and row.children:
            row.children.append(_remainder(f"r{unit_id}", depth + 1, direct[unit_id]))
        rows_by_id[unit_id] = row
        return row

    roots = [build(unit_id, 0) for unit_id in children[None]]
    if direct[None]:
        roots.append(_remainder("other", 0, direct[None], "Units outside this survey's audience"))
    total = ProgressRow(
        "total",
        "All responses",
        0,
        sum(r.headcount or 0 for r in roots),
        count=sum(counts.values()),
        children=roots,
    )
    _suppress(total, k)
    flat: list[ProgressRow] = []

    def walk(row: ProgressRow) -> None:
        flat.append(row)
        for child in row.children:
            walk(child)

    for root in roots:
        walk(root)
    return WaveProgress(wave=wave, threshold=k, total=total, rows=flat)


def _remainder(row_id: str, depth: int, count: int, label: str = "Not attributed to one unit") -> ProgressRow:
    return ProgressRow(row_id, label, depth, None, count=count)


def _suppress(total: ProgressRow, k: int) -> None:
    """Mark the rows that must read "fewer than k", using the shared disclosure rules."""
    rows: dict[str, ProgressRow] = {}
    groups: list[Group] = []

    def collect(row: ProgressRow, parent: str | None) -> None:
        rows[row.row_id] = row
        groups.append(Group(row.row_id, parent, row.count))
        for child in row.children:
            collect(child, row.row_id)

    collect(total, None)
    for row_id in suppress(groups, k):
        rows[row_id].hidden = True
