"""Threshold-safe aggregates of closed answers: the numbers every insights page, export and API share.

Counts come from two grouped queries per wave; a closed wave's counts never change, so they are cached
by the caller (see ``AggregateCache``). Every figure passes through ``analysis.anonymity``: a group below
the survey's threshold, or one that could be found by subtraction, comes back as hidden.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analysis.anonymity import DisclosureControl, Group, change_allowed
from questionnaires.schema import Question, Questionnaire
from surveyapp.models import Answer, Response, Survey, Unit, Wave
from surveyapp.services.questionnaires import from_definition

SCORED_TYPES = ("likert5", "scale0_10", "yes_no")
T = TypeVar("T")


@dataclass(frozen=True)
class WaveCounts:
    """Everything countable about one wave: responses per unit and answers per unit × question × value."""

    wave_id: int
    responses: dict[int, int]
    answers: dict[tuple[int, str, str], int]
    by_question: dict[str, list[tuple[int, str, int]]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # The same answers grouped by question, so one question's figures read only its own rows (a
        # dashboard asks for every question × unit × wave, and the wave may hold thousands of rows).
        grouped: dict[str, list[tuple[int, str, int]]] = defaultdict(list)
        for (unit, key, value), n in self.answers.items():
            grouped[key].append((unit, value, n))
        object.__setattr__(self, "by_question", dict(grouped))


class AggregateCache:
    """Keeps the counts of closed waves, which rarely change; open waves are always counted afresh.

    A cached wave is checked against one indexed ``COUNT`` of its responses, so a wave that was reopened,
    answered and closed again (in any worker) is recounted rather than served stale.
    """

    def __init__(self) -> None:
        self._waves: dict[int, WaveCounts] = {}
        self._checked: dict[Hashable, tuple[Hashable, Any]] = {}

    def wave_counts(self, session: Session, wave: Wave) -> WaveCounts:
        """The counts for ``wave``, from memory when the wave is closed and unchanged since counted."""
        closed = wave.status in ("closed", "analysed")
        cached = self._waves.get(wave.id) if closed else None
        if cached is not None:
            total = session.scalar(
                select(func.count()).select_from(Response).where(Response.wave_id == wave.id)
            )
            if total == sum(cached.responses.values()):
                return cached
        counts = count_wave(session, wave.id)
        if closed:
            self._waves[wave.id] = counts
        return counts

    def forget(self, wave_id: int) -> None:
        """Drop a wave's counts."""
        self._waves.pop(wave_id, None)

    def checked(self, key: Hashable, fingerprint: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, kept under ``key`` for as long as ``fingerprint`` stays the same.

        Work out the fingerprint *before* calling this: if the data changes in between, the value is
        then stored under the older fingerprint and recomputed at the next call, never served stale.
        """
        kept = self._checked.get(key)
        if kept is not None and kept[0] == fingerprint:
            return kept[1]
        value = compute()
        self._checked[key] = (fingerprint, value)
        return value


def count_wave(session: Session, wave_id: int) -> WaveCounts:
    """Count one wave's responses per unit and answers per unit, question and value."""
    responses = dict(
        session.execute(
            select(Response.unit_id, func.count())
            .where(Response.wave_id == wave_id)
            .group_by(Response.unit_id)
        ).all()
    )
    rows = session.execute(
        select(Response.unit_id, Answer.question_key, Answer.value, func.count())
        .join(Answer, Answer.response_id == Response.id)
        .where(Response.wave_id == wave_id)
        .group_by(Response.unit_id, Answer.question_key, Answer.value)
    ).all()
    return WaveCounts(wave_id, responses, {(u, q, v): n for u, q, v, n in rows})


@dataclass(frozen=True)
class UnitTree:
    """The part of the organisation a survey reports on: its audience, where answers landed, their parents."""

    units: dict[int, Unit]
    parent: dict[int, int | None]
    children: dict[int | None, list[int]]

    def subtree(self, unit_id: int) -> list[int]:
        """``unit_id`` and every unit beneath it in this tree."""
        found, stack = [], [unit_id]
        while stack:
            node = stack.pop()
            found.append(node)
            stack.extend(self.children.get(node, []))
        return found

    @property
    def roots(self) -> list[int]:
        return self.children.get(None, [])


def survey_tree(session: Session, survey: Survey, extra_unit_ids: Iterable[int] = ()) -> UnitTree:
    """The reporting tree of ``survey``: audience units, units answers were filed under, and all ancestors.

    Units outside this tree are left out on purpose: an unrelated team with no responses would
    otherwise count as a tiny group and force needless suppression of its siblings.
    """
    all_units = {u.id: u for u in session.scalars(select(Unit))}
    wanted: set[int] = set()
    for unit_id in [u.id for u in survey.audience] + list(extra_unit_ids):
        node: int | None = unit_id
        while node is not None and node not in wanted:
            wanted.add(node)
            node = all_units[node].parent_id
    parent = {u: all_units[u].parent_id if all_units[u].parent_id in wanted else None for u in wanted}
    children: dict[int | None, list[int]] = defaultdict(list)
    for unit_id in sorted(wanted, key=lambda i: all_units[i].name):
        children[parent[unit_id]].append(unit_id)
    return UnitTree({u: all_units[u] for u in wanted}, parent, dict(children))


def rolled_up(tree: UnitTree, own: dict[int, int]) -> dict[int, int]:
    """Each unit's total including everything beneath it."""
    totals: dict[int, int] = defaultdict(int)
    for unit_id, count in own.items():
        node: int | None = unit_id
        while node is not None and node in tree.parent:
            totals[node] += count
            node = tree.parent[node]
    return {u: totals.get(u, 0) for u in tree.parent}


def hidden_units(tree: UnitTree, own_counts: dict[int, int], control: DisclosureControl) -> frozenset[int]:
    """Units whose figures must not be shown for these counts (threshold and differencing)."""
    totals = rolled_up(tree, own_counts)
    return control.hidden(Group(u, tree.parent[u], totals[u]) for u in tree.parent)


@dataclass(frozen=True)
class Measure:
    """One question's result for one group in one wave; every field is None when the group is hidden."""

    n: int | None
    favourable: float | None  # share of answers that are favourable, 0–1
    mean: float | None
    enps: float | None = None  # for 0–10 questions: % promoters − % detractors
    distribution: dict[str, int] = field(default_factory=dict)

    @property
    def hidden(self) -> bool:
        return self.n is None


HIDDEN = Measure(None, None, None)


def measure(question: Question, counts: dict[str, int]) -> Measure:
    """Summarise one question's answer counts (value → count) for a group that may be shown."""
    n = sum(counts.values())
    if n == 0:
        return Measure(0, None, None, None, {})
    favourable = sum(c for v, c in counts.items() if v in question.favourable_values) / n
    numeric = {v: c for v, c in counts.items() if v.isdigit()}
    mean = sum(int(v) * c for v, c in numeric.items()) / sum(numeric.values()) if numeric else None
    enps = None
    if question.type == "scale0_10":
        promoters = sum(c for v, c in numeric.items() if int(v) >= 9)
        detractors = sum(c for v, c in numeric.items() if int(v) <= 6)
        enps = 100.0 * (promoters - detractors) / n
    return Measure(n, favourable, mean, enps, dict(counts))


def two_proportion_p_value(success_a: int, n_a: int, success_b: int, n_b: int) -> float:
    """Two-sided p-value of a difference between two proportions (pooled z-test)."""
    if n_a == 0 or n_b == 0:
        return 1.0
    pooled = (success_a + success_b) / (n_a + n_b)
    variance = pooled * (1 - pooled) * (1 / n_a + 1 / n_b)
    if variance == 0:
        return 1.0
    z = (success_a / n_a - success_b / n_b) / math.sqrt(variance)
    return math.erfc(abs(z) / math.sqrt(2))


@dataclass(frozen=True)
class Change:
    """The change in % favourable since the previous wave, or why it is not shown."""

    points: float | None  # percentage points
    significant: bool
    reason: str | None = None  # why no change is shown


def change_between(
    previous: Measure, current: Measure, previous_size: int, current_size: int, k: int, alpha: float = 0.05
) -> Change:
    """The change in % favourable between two waves, if disclosure rules allow showing it."""
    if previous.hidden or current.hidden or previous.favourable is None or current.favourable is None:
        return Change(None, False, "not enough responses in one of the waves")
    if not change_allowed(previous_size, current_size, k):
        return Change(None, False, f"the group's size changed by fewer than {k}")
    p_value = two_proportion_p_value(
        round(previous.favourable * previous.n), previous.n, round(current.favourable * current.n), current.n
    )
    return Change(100.0 * (current.favourable - previous.favourable), p_value < alpha)


class SurveyAggregates:
    """Threshold-safe figures for one survey: per wave, per unit subtree, per question."""

    def __init__(self, session: Session, survey: Survey, cache: AggregateCache | None = None) -> None:
        self.session = session
        self.survey = survey
        self.control = DisclosureControl(survey.reporting_threshold, survey.text_threshold)
        self.cache = cache or AggregateCache()
        self.waves = [w for w in survey.waves if w.status != "draft"]
        self._counts = {w.id: self.cache.wave_counts(session, w) for w in self.waves}
        landed = {u for c in self._counts.values() for u in c.responses}
        self.tree = survey_tree(session, survey, landed)
        self._hidden = {
            w.id: hidden_units(self.tree, self._counts[w.id].responses, self.control) for w in self.waves
        }
        self._totals = {w.id: rolled_up(self.tree, self._counts[w.id].responses) for w in self.waves}
        self._subtrees: dict[int, frozenset[int]] = {}

    def questionnaire(self, wave: Wave) -> Questionnaire:
        """The questionnaire version ``wave`` was asked with."""
        return from_definition(wave.questionnaire.definition)

    def scored_questions(self, wave: Wave) -> list[Question]:
        """The questions of ``wave`` that have scores."""
        return [q for q in self.questionnaire(wave).questions if q.type in SCORED_TYPES]

    def is_hidden(self, wave: Wave, unit_id: int) -> bool:
        """Whether ``unit_id``'s figures are hidden in ``wave``."""
        return unit_id in self._hidden[wave.id]

    def responses(self, wave: Wave, unit_id: int) -> int | None:
        """Responses from ``unit_id`` and beneath, or None when hidden."""
        return None if self.is_hidden(wave, unit_id) else self._totals[wave.id][unit_id]

    def response_rate(self, wave: Wave, unit_id: int) -> float | None:
        """Responses ÷ headcount for ``unit_id``, or None when hidden or the headcount is unknown."""
        responses = self.responses(wave, unit_id)
        headcount = self.tree.units[unit_id].headcount
        if responses is None or not headcount:
            return None
        return min(1.0, responses / headcount)

    def question(self, wave: Wave, unit_id: int, question: Question) -> Measure:
        """One question's figures for ``unit_id`` and beneath in ``wave``."""
        if self.is_hidden(wave, unit_id):
            return HIDDEN
        members = self._members(unit_id)
        counts: dict[str, int] = defaultdict(int)
        for unit, value, n in self._counts[wave.id].by_question.get(question.key, ()):
            if unit in members:
                counts[value] += n
        return measure(question, counts)

    def _members(self, unit_id: int) -> frozenset[int]:
        """``unit_id`` and every unit beneath it (worked out once per unit)."""
        found = self._subtrees.get(unit_id)
        if found is None:
            found = self._subtrees[unit_id] = frozenset(self.tree.subtree(unit_id))
        return found

    def previous_wave(self, wave: Wave) -> Wave | None:
        """The wave before ``wave`` in this survey."""
        earlier = [w for w in self.waves if w.number < wave.number]
        return earlier[-1] if earlier else None

    def change(self, wave: Wave, unit_id: int, question: Question) -> Change:
        """The change in one question's % favourable for ``unit_id`` since the previous wave."""
        previous = self.previous_wave(wave)
        if previous is None:
            return Change(None, False, "first wave")
        return change_between(
            self.question(previous, unit_id, question),
            self.question(wave, unit_id, question),
            self._totals[previous.id].get(unit_id, 0),
            self._totals[wave.id].get(unit_id, 0),
            self.control.k,
        )

    # --- additions for the dashboard, board pack and exports (issue 6) --------------------------------

    def heatmap(
        self, wave: Wave, unit_ids: Iterable[int], questions: Iterable[Question]
    ) -> dict[tuple[str, int], Measure]:
        """Each question's figures for each unit in ``wave``, keyed by (question key, unit id).

        A unit hidden by the disclosure rules, or a cell with fewer than k answers to that question,
        comes back as ``HIDDEN``.
        """
        units = list(unit_ids)
        cells: dict[tuple[str, int], Measure] = {}
        for question in questions:
            for unit_id in units:
                result = self.question(wave, unit_id, question)
                if result.n is not None and result.n < self.control.k:
                    result = HIDDEN
                cells[(question.key, unit_id)] = result
        return cells

    def raw_total(self, wave: Wave, unit_id: int) -> int:
        """Responses from ``unit_id`` and beneath, unsuppressed: for disclosure decisions, never shown."""
        return self._totals[wave.id].get(unit_id, 0)

    def pooled(self, waves: list[Wave], unit_id: int, question: Question) -> Measure:
        """One question's figures for ``unit_id`` over several waves together (see ``pooled_windows``).

        The caller decides whether the pool may be shown; this only adds the counts up.
        """
        members = self._members(unit_id)
        counts: dict[str, int] = defaultdict(int)
        for wave in waves:
            for unit, value, n in self._counts[wave.id].by_question.get(question.key, ()):
                if unit in members:
                    counts[value] += n
        return measure(question, counts)

    def pooled_view(self, waves: list[Wave], unit_ids: Iterable[int]) -> dict[int, range]:
        """Units (hidden in the latest of ``waves``) that may be shown pooled over consecutive waves.

        For each unit, ``analysis.anonymity.pool_waves`` gives non-overlapping windows that reach k; the
        latest window is offered only when (a) the unit is hidden in every wave of the window, so no
        single-wave figure can be subtracted from the pool, and (b) the unit survives complementary
        suppression over the whole tree counted across that window, so the pool cannot be worked out
        from its parent and siblings pooled the same way. Returns unit id → range of indices into
        ``waves``.
        """
        offered: dict[int, range] = {}
        for unit_id in unit_ids:
            counts = [self._totals[w.id].get(unit_id, 0) for w in waves]
            windows = self.control.pool_waves(counts)
            if not windows:
                continue
            window = windows[-1]
            if len(window) < 2 or not all(self.is_hidden(waves[i], unit_id) for i in window):
                continue
            own: dict[int, int] = defaultdict(int)
            for i in window:
                for unit, n in self._counts[waves[i].id].responses.items():
                    own[unit] += n
            if unit_id not in hidden_units(self.tree, dict(own), self.control):
                offered[unit_id] = window
        return offered


def aggregate_cache(app: object) -> AggregateCache:
    """The app's one ``AggregateCache`` (kept in ``app.extensions``), created on first use."""
    extensions = app.extensions  # type: ignore[attr-defined]
    cache = extensions.get("heard.aggregates")
    if cache is None:
        cache = extensions["heard.aggregates"] = AggregateCache()
    return cache
