"""The organisation tree: walking it, and adding or changing units by hand."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from surveyapp.models import PARTNER_TYPES, UNIT_KINDS, Unit, User
from surveyapp.services import audit

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
KIND_LABELS = {
    "directorate": "Directorate",
    "service_area": "Service area",
    "team": "Team",
    "partner_group": "Partner group",
    "partner": "Partner organisation",
}
PARTNER_TYPE_LABELS = {
    "primary": "Primary school",
    "secondary": "Secondary school",
    "special": "Special school",
    "alternative_provision": "Alternative provision",
    "health": "Health",
    "police": "Police",
    "other": "Other partner",
}
assert set(KIND_LABELS) == set(UNIT_KINDS) and set(PARTNER_TYPE_LABELS) == set(PARTNER_TYPES)


class UnitError(ValueError):
    """A unit change that cannot be made; ``field`` names the form field at fault, if one is."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class TreeEntry:
    """A unit with its depth in the tree (0 for a top-level unit)."""

    unit: Unit
    depth: int


def tree_order(session: Session, *, include_inactive: bool = True) -> list[TreeEntry]:
    """Every unit, parents before their children, siblings by name."""
    units = list(session.scalars(select(Unit).order_by(Unit.name)))
    children: dict[int | None, list[Unit]] = defaultdict(list)
    ids = {u.id for u in units}
    for unit in units:
        children[unit.parent_id if unit.parent_id in ids else None].append(unit)
    ordered: list[TreeEntry] = []
    stack = [(u, 0) for u in reversed(children[None])]
    while stack:
        unit, depth = stack.pop()
        if include_inactive or unit.active:
            ordered.append(TreeEntry(unit, depth))
        stack.extend((child, depth + 1) for child in reversed(children[unit.id]))
    return ordered


def parent_map(session: Session) -> dict[int, int | None]:
    """Each unit id mapped to its parent's id."""
    return dict(session.execute(select(Unit.id, Unit.parent_id)).tuples().all())


def descendant_ids(parents: dict[int, int | None], roots: Iterable[int]) -> set[int]:
    """``roots`` and every unit below them."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for unit_id, parent_id in parents.items():
        children[parent_id].append(unit_id)
    found: set[int] = set()
    stack = list(roots)
    while stack:
        unit_id = stack.pop()
        if unit_id in found:
            continue
        found.add(unit_id)
        stack.extend(children[unit_id])
    return found


def ancestor_ids(parents: dict[int, int | None], unit_id: int) -> list[int]:
    """The ids above ``unit_id``, nearest first (stops at a loop rather than spinning)."""
    found: list[int] = []
    current = parents.get(unit_id)
    while current is not None and current not in found and current != unit_id:
        found.append(current)
        current = parents.get(current)
    return found


def path_label(unit: Unit) -> str:
    """The unit's name after its parent's, e.g. "Front door › MASH" (enough to tell teams apart)."""
    return f"{unit.parent.name} › {unit.name}" if unit.parent is not None else unit.name


def get_by_key(session: Session, key: str) -> Unit | None:
    """The unit with ``key``, if any."""
    return session.scalar(select(Unit).where(Unit.key == key))


def save_unit(
    session: Session,
    unit: Unit | None,
    *,
    key: str,
    name: str,
    kind: str,
    parent: Unit | None,
    headcount: int,
    partner_type: str | None = None,
    area: str | None = None,
    active: bool = True,
    user: User | None = None,
) -> Unit:
    """Create a unit (``unit`` None) or change one, refusing duplicate keys and loops in the tree."""
    key = key.strip().lower()
    if not KEY_PATTERN.match(key):
        raise UnitError("Enter a key of lower-case letters, numbers and hyphens", "key")
    clash = get_by_key(session, key)
    if clash is not None and clash is not unit:
        raise UnitError(f"There is already a unit with the key {key}", "key")
    if kind not in UNIT_KINDS:
        raise UnitError("Choose what kind of unit this is", "kind")
    if partner_type is not None and partner_type not in PARTNER_TYPES:
        raise UnitError("Choose a partner type from the list", "partner_type")
    if headcount < 0:
        raise UnitError("Headcount must be 0 or more", "headcount")
    if unit is not None and parent is not None:
        parents = parent_map(session)
        if parent.id == unit.id or unit.id in ancestor_ids(parents, parent.id):
            raise UnitError("A unit cannot sit inside itself or one of its own teams", "parent")
    creating = unit is None
    if unit is None:
        unit = Unit(key=key)
        session.add(unit)
    before = _snapshot(unit) if not creating else {}
    unit.key = key
    unit.name = name.strip()
    unit.kind = kind
    unit.parent = parent
    unit.headcount = headcount
    unit.partner_type = partner_type or None
    unit.area = (area or "").strip() or None
    unit.active = active
    session.flush()
    after = _snapshot(unit)
    changed = sorted(k for k in after if before.get(k) != after[k])
    audit.record(
        session,
        "unit.create" if creating else "unit.update",
        user=user,
        target_type="unit",
        target_id=unit.id,
        key=unit.key,
        **({} if creating else {"changed": changed}),
    )
    return unit


def _snapshot(unit: Unit) -> dict[str, object]:
    return {
        "key": unit.key,
        "name": unit.name,
        "kind": unit.kind,
        "parent": unit.parent_id,
        "headcount": unit.headcount,
        "partner_type": unit.partner_type,
        "area": unit.area,
        "active": unit.active,
    }
