"""Disclosure control: no group below the threshold is shown or can be worked out from what is shown."""

from __future__ import annotations

import itertools
from collections.abc import Hashable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.anonymity import (
    DisclosureControl,
    Group,
    change_allowed,
    filtered_view_allowed,
    groups_from_counts,
    pool_waves,
    suppress,
)


def tree(parents: dict[str, str | None], own: dict[str, int]) -> list[Group]:
    return groups_from_counts(parents, own)


# --- examples a reader can check by hand -------------------------------------------------------------


def test_small_group_is_hidden_and_so_is_the_next_smallest_sibling() -> None:
    groups = tree(
        {"dir": None, "a": "dir", "b": "dir", "c": "dir"},
        {"a": 2, "b": 6, "c": 20},
    )
    assert suppress(groups, 5) == {"a", "b"}  # a alone could be found as dir − b − c


def test_complementary_suppression_continues_until_hidden_groups_reach_k() -> None:
    groups = tree(
        {"dir": None, "a": "dir", "b": "dir", "c": "dir", "d": "dir"},
        {"a": 1, "b": 1, "c": 1, "d": 30},
    )
    # a, b and c are all small; together they make 3 < 5, so d must go too.
    assert suppress(groups, 5) == {"a", "b", "c", "d"}


def test_everything_under_a_hidden_group_is_hidden() -> None:
    groups = tree(
        {"dir": None, "area": "dir", "other": "dir", "t1": "area", "t2": "area"},
        {"t1": 2, "t2": 1, "other": 40},
    )
    assert suppress(groups, 5) >= {"area", "t1", "t2"}


def test_responses_filed_against_a_parent_count_as_a_hidden_child() -> None:
    # 3 responses sit on "dir" itself; shown children a and b would reveal them by subtraction.
    groups = tree({"dir": None, "a": "dir", "b": "dir"}, {"dir": 3, "a": 9, "b": 12})
    assert suppress(groups, 5) == {"a"}


def test_nothing_hidden_when_every_group_reaches_k() -> None:
    groups = tree({"dir": None, "a": "dir", "b": "dir"}, {"a": 5, "b": 7})
    assert suppress(groups, 5) == frozenset()


def test_a_zero_response_team_is_hidden_so_non_response_is_not_revealed() -> None:
    groups = tree({"dir": None, "a": "dir", "b": "dir", "c": "dir"}, {"a": 0, "b": 8, "c": 9})
    assert suppress(groups, 5) == {"a", "b"}


def test_thresholds_below_three_are_refused() -> None:
    with pytest.raises(ValueError, match="at least 3"):
        suppress([], 2)
    with pytest.raises(ValueError, match="at least 3"):
        DisclosureControl(k=2)
    with pytest.raises(ValueError, match="comment threshold"):
        DisclosureControl(k=5, k_text=4)


def test_inconsistent_trees_are_rejected() -> None:
    with pytest.raises(ValueError, match="unknown parent"):
        suppress([Group("a", "nowhere", 10)], 5)
    with pytest.raises(ValueError, match="fewer responses than its children"):
        suppress([Group("p", None, 3), Group("c", "p", 10)], 5)


def test_labels_read_fewer_than_k() -> None:
    control = DisclosureControl(k=5)
    shown = control.shown_counts(tree({"dir": None, "a": "dir", "b": "dir"}, {"a": 2, "b": 20}))
    assert shown == {"dir": 22, "a": None, "b": None}
    assert control.label(shown["a"]) == "fewer than 5"
    assert control.label(shown["dir"]) == "22"


@pytest.mark.parametrize(
    ("filtered", "parent", "allowed"),
    [(6, 6, True), (6, 20, True), (6, 9, False), (4, 20, False), (10, 14, False), (10, 15, True)],
)
def test_filtered_view_needs_the_rest_of_its_parent_empty_or_at_least_k(
    filtered: int, parent: int, allowed: bool
) -> None:
    assert filtered_view_allowed(filtered, parent, 5) is allowed


@pytest.mark.parametrize(
    ("previous", "current", "allowed"),
    [(20, 20, True), (20, 25, True), (20, 22, False), (22, 20, False), (4, 20, False), (20, 30, True)],
)
def test_trend_change_hidden_when_group_size_moved_by_fewer_than_k(
    previous: int, current: int, allowed: bool
) -> None:
    assert change_allowed(previous, current, 5) is allowed


def test_pooling_small_team_into_non_overlapping_windows_from_the_latest_wave() -> None:
    assert pool_waves([2, 3, 1, 4, 2, 3], 5) == [range(0, 2), range(2, 4), range(4, 6)]
    assert pool_waves([1, 1, 1], 5) == []
    assert pool_waves([6, 7], 5) == [range(0, 1), range(1, 2)]


def test_pooling_folds_early_leftovers_into_the_oldest_window() -> None:
    assert pool_waves([1, 1, 6], 5) == [range(0, 3)]
    assert pool_waves([1, 4, 3, 3], 5) == [range(0, 2), range(2, 4)]


# --- properties over random organisations -----------------------------------------------------------


@st.composite
def organisations(draw: st.DrawFn) -> tuple[dict[str, str | None], dict[str, int]]:
    """A random tree up to three levels deep, with responses mostly on teams and a few on parents."""
    parents: dict[str, str | None] = {"root": None}
    own: dict[str, int] = {}
    frontier = ["root"]
    for depth in range(draw(st.integers(1, 3))):
        next_frontier = []
        for node in frontier:
            for index in range(draw(st.integers(1, 5 if depth else 6))):
                child = f"{node}.{index}"
                parents[child] = node
                next_frontier.append(child)
        frontier = next_frontier
    for node in parents:
        is_leaf = node in frontier
        own[node] = draw(st.integers(0, 14)) if is_leaf else draw(st.sampled_from([0, 0, 0, 1, 2, 6]))
    return parents, own


def _determined_unknowns(groups: list[Group], hidden: frozenset[Hashable]) -> set[Hashable]:
    """Hidden groups an attacker can compute exactly from the shown counts and the tree.

    The attacker is made strong on purpose: they know every group's structure and which parent groups
    have no responses filed directly against them. Each equation says a group's count is its children's plus
    what is filed against it directly; a hidden count is determined when its unit vector lies in the
    row space of the equations restricted to the unknowns.
    """
    by_key = {g.key: g for g in groups}
    children: dict[Hashable, list[Group]] = {g.key: [] for g in groups}
    for g in groups:
        if g.parent is not None:
            children[g.parent].append(g)
    unknowns: list[Hashable] = sorted(hidden, key=str)
    residual_unknowns = []
    for g in groups:
        residual = g.count - sum(c.count for c in children[g.key])
        if residual > 0:
            residual_unknowns.append(("residual", g.key))
    columns = {name: i for i, name in enumerate(unknowns + residual_unknowns)}
    rows = []
    for g in groups:
        if not children[g.key]:
            continue  # a team's count is its own responses: no equation ties it to anything shown
        row = np.zeros(len(columns))
        known = 0.0
        for term, sign in [(g, 1.0)] + [(c, -1.0) for c in children[g.key]]:
            if term.key in hidden:
                row[columns[term.key]] += sign
            else:
                known -= sign * by_key[term.key].count
        if ("residual", g.key) in columns:
            row[columns[("residual", g.key)]] -= 1.0
        if row.any():
            rows.append(row)
    if not rows or not unknowns:
        return set()
    matrix = np.array(rows)
    rank = np.linalg.matrix_rank(matrix)
    determined = set()
    for key in unknowns:
        probe = np.zeros(len(columns))
        probe[columns[key]] = 1.0
        if np.linalg.matrix_rank(np.vstack([matrix, probe])) == rank:
            determined.add(key)
    return determined


@settings(max_examples=300, deadline=None)
@given(organisations(), st.integers(3, 10))
def test_no_shown_group_is_below_k_and_no_hidden_group_can_be_computed(
    organisation: tuple[dict[str, str | None], dict[str, int]], k: int
) -> None:
    parents, own = organisation
    groups = groups_from_counts(parents, own)
    hidden = suppress(groups, k)
    for group in groups:
        if group.key not in hidden:
            assert group.count >= k, f"{group.key} shown with {group.count} < {k}"
        if group.parent in hidden:
            assert group.key in hidden, f"{group.key} shown under hidden {group.parent}"
    assert _determined_unknowns(groups, hidden) == set()


@settings(max_examples=300, deadline=None)
@given(organisations(), st.integers(3, 10))
def test_hidden_siblings_under_a_shown_parent_always_total_at_least_k(
    organisation: tuple[dict[str, str | None], dict[str, int]], k: int
) -> None:
    parents, own = organisation
    groups = groups_from_counts(parents, own)
    hidden = suppress(groups, k)
    for parent in (g for g in groups if g.key not in hidden):
        kids = [g for g in groups if g.parent == parent.key]
        if any(g.key in hidden for g in kids):
            # What a reader can work out: the parent minus its shown children.
            unknown_total = parent.count - sum(g.count for g in kids if g.key not in hidden)
            assert unknown_total >= k


@given(st.lists(st.integers(0, 12), min_size=1, max_size=12), st.integers(3, 10))
def test_pooled_windows_reach_k_never_overlap_and_cover_a_suffix(counts: list[int], k: int) -> None:
    windows = pool_waves(counts, k)
    if sum(counts) < k:
        assert windows == []
        return
    assert windows[0].start == 0 and windows[-1].stop == len(counts)
    for before, after in itertools.pairwise(windows):
        assert before.stop == after.start
    assert all(sum(counts[i] for i in window) >= k for window in windows)


def test_suppression_is_deterministic() -> None:
    groups = tree({"d": None, "a": "d", "b": "d", "c": "d"}, {"a": 1, "b": 6, "c": 6})
    assert len({suppress(groups, 5) for _ in range(5)}) == 1
