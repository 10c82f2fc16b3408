"""The survey dashboard: response rates, headline measures, the heatmap and the latest themes.

Everything is read from ``services.aggregates`` (threshold-safe counts) and from what analysis stored
(``ThemeWaveStat``, ``AnalysisRun``): nothing is clustered or re-counted during a request. The same
``ReportScope`` decides which units a reader sees on the dashboard, in the board pack and in exports.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from questionnaires.schema import Question
from surveyapp.models import AnalysisRun, Survey, Theme, ThemeWaveStat, Wave
from surveyapp.services.access import Scope
from surveyapp.services.aggregates import AggregateCache, Change, Measure, SurveyAggregates


@dataclass(frozen=True)
class ReportScope:
    """The units a reader's results are about.

    ``tops`` are the highest units of the survey's tree inside the reader's scope (usually one: the
    directorate, or the partners' root); ``columns`` are the groups beneath them that the heatmap
    compares — service areas for staff, phase-and-area groups for partners, never single schools.
    ``named`` lists partner organisations whose respondents chose to name them.
    """

    tops: list[int]
    columns: list[int]
    named: list[int] = field(default_factory=list)


def report_scope(aggregates: SurveyAggregates, scope: Scope) -> ReportScope:
    """Which units of ``aggregates``' tree the reader may see, and how the heatmap splits them."""
    tree = aggregates.tree
    inside = [u for u in tree.parent if scope.includes(u)]
    inside_set = set(inside)
    tops = sorted((u for u in inside if tree.parent[u] not in inside_set), key=lambda u: tree.units[u].name)
    columns: list[int] = []
    named: list[int] = []
    for top in tops:
        kids = [c for c in tree.children.get(top, []) if c in inside_set]
        groups = [c for c in kids if tree.units[c].kind != "partner"]
        columns.extend(groups or [top])
        for unit_id in tree.subtree(top):
            if tree.units[unit_id].kind == "partner":
                named.append(unit_id)
    return ReportScope(tops, columns, sorted(set(named), key=lambda u: tree.units[u].name))


@dataclass(frozen=True)
class WaveRate:
    """One wave's responses and response rate for a unit; both None when hidden."""

    wave: Wave
    responses: int | None
    rate: float | None


@dataclass(frozen=True)
class Headline:
    """One scored question for one unit in the latest wave, with its change and trend."""

    question: Question
    measure: Measure
    change: Change
    trend: list[float | None]  # % favourable per wave (None where hidden)


@dataclass(frozen=True)
class ThemeRow:
    """A theme in the latest wave, as the dashboard lists it."""

    theme: Theme
    count: int
    share: float
    sentiment: float | None
    trend: list[float | None]  # share per wave, as a percentage
    flags: list[str]


@dataclass(frozen=True)
class PooledRow:
    """A small team's figures over several waves pooled together."""

    unit_id: int
    waves: list[Wave]
    responses: int
    measures: dict[str, Measure]


@dataclass
class Dashboard:
    """Everything the dashboard page shows for one survey and one reader."""

    survey: Survey
    aggregates: SurveyAggregates
    scope: ReportScope
    waves: list[Wave]
    latest: Wave | None
    questions: list[Question]
    rates: dict[int, list[WaveRate]]
    headlines: dict[int, list[Headline]]
    heatmap: dict[tuple[str, int], Measure]
    themes: list[ThemeRow]
    themes_hidden: int
    pooled: list[PooledRow]
    last_run: AnalysisRun | None

    @property
    def k(self) -> int:
        return self.aggregates.control.k

    @property
    def k_text(self) -> int:
        return self.aggregates.control.k_text

    def unit_name(self, unit_id: int) -> str:
        return self.aggregates.tree.units[unit_id].name


def reported_waves(survey: Survey) -> list[Wave]:
    """Waves with results to report: closed or analysed (an open wave is still filling up)."""
    return [w for w in survey.waves if w.status in ("closed", "analysed")]


def latest_run(session: Session, survey: Survey) -> AnalysisRun | None:
    """The most recent analysis run for ``survey`` (from the analysis-runs service when it exists)."""
    try:
        from surveyapp.services import analysis_runs  # the analysis job's own service, if present

        return analysis_runs.latest_run(session, survey)
    except (ImportError, AttributeError):
        return session.scalar(
            select(AnalysisRun)
            .where(AnalysisRun.survey_id == survey.id)
            .order_by(AnalysisRun.created_at.desc(), AnalysisRun.id.desc())
            .limit(1)
        )


def theme_rows(
    session: Session, survey: Survey, waves: list[Wave], k_text: int
) -> tuple[list[ThemeRow], int]:
    """The latest wave's themes (those reaching ``k_text`` comments) and how many were left out as small.

    Hidden and merged themes are left out; flags: "new" (no comments in the previous wave), "rising"
    and "falling" (a significant change in share since the previous wave, as analysis stored it).
    """
    if not waves:
        return [], 0
    latest, wave_ids = waves[-1], [w.id for w in waves]
    stats = session.execute(
        select(ThemeWaveStat, Theme)
        .join(Theme, Theme.id == ThemeWaveStat.theme_id)
        .where(Theme.survey_id == survey.id, ThemeWaveStat.wave_id.in_(wave_ids))
    ).all()
    by_theme: dict[int, dict[int, ThemeWaveStat]] = {}
    themes: dict[int, Theme] = {}
    for stat, theme in stats:
        if theme.state in ("hidden", "merged"):
            continue
        themes[theme.id] = theme
        by_theme.setdefault(theme.id, {})[stat.wave_id] = stat
    previous = waves[-2] if len(waves) > 1 else None
    rows, small = [], 0
    for theme_id, per_wave in by_theme.items():
        current = per_wave.get(latest.id)
        if current is None or current.comment_count == 0:
            continue
        if current.comment_count < k_text:
            small += 1
            continue
        flags = []
        before = per_wave.get(previous.id) if previous else None
        if previous is not None and (before is None or before.comment_count == 0):
            flags.append("new")
        elif current.significant and current.change is not None:
            flags.append("rising" if current.change > 0 else "falling")
        trend = [
            100.0 * per_wave[w.id].share
            if w.id in per_wave and per_wave[w.id].comment_count >= k_text
            else None
            for w in waves
        ]
        rows.append(
            ThemeRow(
                themes[theme_id], current.comment_count, current.share, current.sentiment_mean, trend, flags
            )
        )
    rows.sort(key=lambda r: (-r.count, r.theme.display_label))
    return rows, small


def build_dashboard(
    session: Session, survey: Survey, scope: Scope, cache: AggregateCache, *, upto: int | None = None
) -> Dashboard:
    """Assemble the dashboard of ``survey`` for a reader with ``scope`` (as it stood at wave ``upto``)."""
    aggregates = SurveyAggregates(session, survey, cache)
    reach = report_scope(aggregates, scope)
    waves = [w for w in reported_waves(survey) if upto is None or w.number <= upto]
    latest = waves[-1] if waves else None
    questions = aggregates.scored_questions(latest) if latest else []
    rates = {
        top: [WaveRate(w, aggregates.responses(w, top), aggregates.response_rate(w, top)) for w in waves]
        for top in reach.tops
    }
    headlines: dict[int, list[Headline]] = {}
    heat: dict[tuple[str, int], Measure] = {}
    pooled: list[PooledRow] = []
    if latest is not None:
        for top in reach.tops:
            headlines[top] = [
                Headline(
                    question,
                    aggregates.question(latest, top, question),
                    aggregates.change(latest, top, question),
                    [_percent(aggregates.question(w, top, question).favourable) for w in waves],
                )
                for question in questions
            ]
        heat = aggregates.heatmap(latest, reach.columns, questions)
        # A school appears only when its respondents named it and enough of them did.
        reach = ReportScope(
            reach.tops, reach.columns, [u for u in reach.named if not aggregates.is_hidden(latest, u)]
        )
        heat.update(aggregates.heatmap(latest, reach.named, questions))
        pooled = _pooled_rows(aggregates, waves, reach, questions)
    themes, small = theme_rows(session, survey, waves, aggregates.control.k_text)
    return Dashboard(
        survey,
        aggregates,
        reach,
        waves,
        latest,
        questions,
        rates,
        headlines,
        heat,
        themes,
        small,
        pooled,
        latest_run(session, survey),
    )


def _pooled_rows(
    aggregates: SurveyAggregates, waves: list[Wave], reach: ReportScope, questions: list[Question]
) -> list[PooledRow]:
    """Teams hidden in the latest wave that reach k when consecutive waves are pooled (never overlapping)."""
    candidates = [
        u
        for top in reach.tops
        for u in aggregates.tree.subtree(top)
        if u not in reach.tops
        and aggregates.tree.units[u].kind == "team"
        and aggregates.is_hidden(waves[-1], u)
    ]
    rows = []
    for unit_id, window in aggregates.pooled_view(waves, candidates).items():
        pool = [waves[i] for i in window]
        measures = {q.key: aggregates.pooled(pool, unit_id, q) for q in questions}
        responses = sum(aggregates.raw_total(w, unit_id) for w in pool)
        rows.append(PooledRow(unit_id, pool, responses, measures))
    rows.sort(key=lambda r: aggregates.tree.units[r.unit_id].name)
    return rows


def _percent(share: float | None) -> float | None:
    return None if share is None else 100.0 * share


def ran_on(run: AnalysisRun | None) -> dt.datetime | None:
    """When ``run`` finished (or was created, while it is still going)."""
    if run is None:
        return None
    return run.finished_at or run.started_at or run.created_at


# --- staff and partners side by side -------------------------------------------------------------------

COMPARABLE_AUDIENCES = ("staff", "partner")


@dataclass(frozen=True)
class SharedQuestion:
    """A topic both surveys ask about (the same ``theme_hint``), with each side's headline."""

    topic: str
    left: Headline
    right: Headline


@dataclass(frozen=True)
class SharedTheme:
    """Comment themes from each survey that share keywords."""

    keywords: list[str]
    left: ThemeRow
    right: ThemeRow


@dataclass
class SideBySide:
    """What staff and partners each say about the topics they share (latest closed wave of each)."""

    left: Dashboard
    right: Dashboard
    questions: list[SharedQuestion]
    themes: list[SharedTheme]


def audience_of(survey: Survey) -> str:
    """Who a survey asks: ``staff``, ``partner`` or ``reference`` (from its questionnaire)."""
    return survey.questionnaire.audience


def comparable_surveys(survey: Survey, candidates: list[Survey]) -> list[Survey]:
    """Surveys in ``candidates`` that ask the other audience (staff ↔ partners)."""
    mine = audience_of(survey)
    if mine not in COMPARABLE_AUDIENCES:
        return []
    return [s for s in candidates if audience_of(s) in COMPARABLE_AUDIENCES and audience_of(s) != mine]


def _theme_words(row: ThemeRow) -> set[str]:
    words = {str(k).lower() for k in (row.theme.keywords or [])}
    words |= {w.lower() for w in row.theme.display_label.replace("-", " ").split()}
    return {w for w in words if len(w) >= 4}


def side_by_side(left: Dashboard, right: Dashboard) -> SideBySide:
    """Match the two dashboards' headlines by ``theme_hint`` and their themes by shared keywords.

    Only figures each dashboard already shows are used, so every disclosure rule still holds.
    """
    questions: list[SharedQuestion] = []
    if left.scope.tops and right.scope.tops:
        right_by_hint = {h.question.theme_hint: h for h in right.headlines.get(right.scope.tops[0], [])}
        for line in left.headlines.get(left.scope.tops[0], []):
            hint = line.question.theme_hint
            if hint and hint in right_by_hint:
                questions.append(SharedQuestion(hint.replace("_", " "), line, right_by_hint[hint]))
    themes: list[SharedTheme] = []
    for a in left.themes:
        for b in right.themes:
            shared = sorted(_theme_words(a) & _theme_words(b))
            if shared:
                themes.append(SharedTheme(shared, a, b))
    themes.sort(key=lambda t: (-len(t.keywords), -(t.left.count + t.right.count)))
    return SideBySide(left, right, questions, themes)
