"""Disclosure control: which groups may be shown, decided in one place for every page, export and API.

The rules (DESIGN.md §3.1):

* a group's figures are shown only when it has at least ``k`` responses (comments and themes: ``k_text``);
* a hidden group must not be computable by subtraction: when a parent is shown and some of its children
  are hidden, the hidden ones together must reach ``k`` — the next-smallest sibling is hidden too until
  they do (complementary suppression) — and everything beneath a hidden group is hidden with it;
* responses filed directly against a parent (not under any child) count as one more, never-shown child;
* a filtered view is shown only when the rest of its parent is empty or also reaches ``k``;
* a change between waves is not shown where the group's size moved by fewer than ``k``;
* small teams may be pooled over consecutive waves, in windows that never overlap.

Nothing here knows about Flask or the database: callers pass counts and get back decisions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

MIN_THRESHOLD = 3

GroupKey = Hashable


@dataclass(frozen=True)
class Group:
    """One group in a hierarchy: its key, its parent's key (None at the top) and its response count.

    ``count`` includes everything beneath the group, so a parent's count is at least the sum of its
    children's; the difference is responses filed directly against the parent.
    """

    key: GroupKey
    parent: GroupKey | None
    count: int


@dataclass(frozen=True)
class _Residual:
    """Stands for the responses filed directly against ``parent`` rather than a child."""

    parent: GroupKey


def _check_threshold(k: int) -> None:
    if k < MIN_THRESHOLD:
        raise ValueError(f"the reporting threshold must be at least {MIN_THRESHOLD}, not {k}")


def suppress(groups: Iterable[Group], k: int) -> frozenset[GroupKey]:
    """The keys of the groups that must be hidden at threshold ``k``.

    Works top-down: a top-level group below ``k`` is hidden with everything beneath it; under a shown
    group, children below ``k`` are hidden and, while the hidden ones (and any small remainder filed
    against the parent) add up to fewer than ``k``, the smallest still-visible sibling is hidden too.
    """
    _check_threshold(k)
    groups = list(groups)
    by_key = {g.key: g for g in groups}
    if len(by_key) != len(groups):
        raise ValueError("group keys must be unique")
    children: dict[GroupKey | None, list[Group]] = defaultdict(list)
    for group in groups:
        if group.parent is not None and group.parent not in by_key:
            raise ValueError(f"group {group.key!r} names an unknown parent {group.parent!r}")
        children[group.parent].append(group)
    for group in groups:
        if group.count < sum(child.count for child in children.get(group.key, [])):
            raise ValueError(f"group {group.key!r} has fewer responses than its children together")

    hidden: set[GroupKey] = set()

    def hide_subtree(group: Group) -> None:
        hidden.add(group.key)
        for child in children.get(group.key, []):
            hide_subtree(child)

    def visit(group: Group) -> None:
        kids = children.get(group.key, [])
        residual = group.count - sum(child.count for child in kids)
        cells: list[tuple[int, GroupKey | _Residual]] = [(child.count, child.key) for child in kids]
        if residual > 0:
            cells.append((residual, _Residual(group.key)))
        small = {key for count, key in cells if count < k}
        if small:
            hidden_total = sum(count for count, key in cells if key in small)
            # Stable order (count, then position) keeps the choice deterministic.
            for count, key in sorted((c for c in cells if c[1] not in small), key=lambda c: c[0]):
                if hidden_total >= k:
                    break
                small.add(key)
                hidden_total += count
        for child in kids:
            if child.key in small:
                hide_subtree(child)
            else:
                visit(child)

    for top in children.get(None, []):
        if top.count < k:
            hide_subtree(top)
        else:
            visit(top)
    return frozenset(hidden)


def filtered_view_allowed(filtered_count: int, parent_count: int, k: int) -> bool:
    """Whether a filtered slice (say, one role band) of a group may be shown.

    Both the slice and what is left of the group must be empty or reach ``k``, or the rest could be
    worked out by subtracting the slice from the unfiltered figure shown elsewhere.
    """
    _check_threshold(k)
    rest = parent_count - filtered_count
    if filtered_count < 0 or rest < 0:
        raise ValueError("a filtered view cannot be larger than its parent")
    return filtered_count >= k and (rest == 0 or rest >= k)


def change_allowed(previous_count: int, current_count: int, k: int) -> bool:
    """Whether the change in a group's figures between two waves may be shown.

    Both waves must be shown, and the group's size must not have moved by fewer than ``k`` (a change of
    one or two responses would let a reader see how the newcomers or leavers answered). An unchanged
    size is allowed: with anonymous responses it says nothing about who answered.
    """
    _check_threshold(k)
    if previous_count < k or current_count < k:
        return False
    moved = abs(current_count - previous_count)
    return moved == 0 or moved >= k


def pool_waves(counts: Sequence[int], k: int) -> list[range]:
    """Split consecutive waves into non-overlapping windows that each reach ``k`` responses.

    ``counts`` lists one group's responses per wave, oldest first. Windows are built from the latest
    wave backwards, so the most recent picture comes first; earliest waves that cannot reach ``k`` on
    their own join the window after them. Returns ``range`` objects of wave indices, oldest window
    first; an empty list when even all waves together are below ``k``. Because the windows never
    overlap, no pooled figure can be subtracted from another.
    """
    _check_threshold(k)
    if sum(counts) < k:
        return []
    windows: list[range] = []
    end = len(counts)
    total = 0
    for index in range(len(counts) - 1, -1, -1):
        total += counts[index]
        if total >= k:
            windows.append(range(index, end))
            end, total = index, 0
    if end > 0:  # leftover earliest waves below k: fold them into the oldest window
        oldest = windows.pop()
        windows.append(range(0, oldest.stop))
    return list(reversed(windows))


@dataclass(frozen=True)
class DisclosureControl:
    """The thresholds in force for one survey, and the decisions that follow from them."""

    k: int = 5
    k_text: int = 10

    def __post_init__(self) -> None:
        _check_threshold(self.k)
        if self.k_text < self.k:
            raise ValueError("the comment threshold must not be lower than the reporting threshold")

    def hidden(self, groups: Iterable[Group]) -> frozenset[GroupKey]:
        """Groups whose scores and counts must be hidden."""
        return suppress(groups, self.k)

    def hidden_text(self, groups: Iterable[Group]) -> frozenset[GroupKey]:
        """Groups whose comments and themes must be hidden (counts are comment counts)."""
        return suppress(groups, self.k_text)

    def shown_counts(self, groups: Iterable[Group]) -> dict[GroupKey, int | None]:
        """Each group's count, or None where it must be hidden."""
        groups = list(groups)
        hidden = self.hidden(groups)
        return {g.key: None if g.key in hidden else g.count for g in groups}

    def label(self, count: int | None) -> str:
        """How a count reads on a page: the number, or "fewer than k" when hidden."""
        return f"fewer than {self.k}" if count is None else str(count)

    def filtered_view_allowed(self, filtered_count: int, parent_count: int) -> bool:
        """See :func:`filtered_view_allowed`."""
        return filtered_view_allowed(filtered_count, parent_count, self.k)

    def change_allowed(self, previous_count: int, current_count: int) -> bool:
        """See :func:`change_allowed`."""
        return change_allowed(previous_count, current_count, self.k)

    def pool_waves(self, counts: Sequence[int]) -> list[range]:
        """See :func:`pool_waves`."""
        return pool_waves(counts, self.k)


def groups_from_counts(
    parents: Mapping[GroupKey, GroupKey | None], own_counts: Mapping[GroupKey, int]
) -> list[Group]:
    """Build ``Group`` rows for a tree from each node's own (directly filed) count, rolling counts up."""
    totals: dict[GroupKey, int] = defaultdict(int)
    for key, count in own_counts.items():
        node: GroupKey | None = key
        while node is not None:
            totals[node] += count
            node = parents[node]
    return [Group(key, parent, totals.get(key, 0)) for key, parent in parents.items()]
