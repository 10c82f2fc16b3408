"""Themes as leaders read and curate them: stored results only (pages never cluster).

Curation — rename, merge into another theme, hide, confirm — is kept on the ``Theme`` row and audited.
The pipeline keeps theme ids stable across re-analysis (see ``analysis_runs``), so these decisions
survive it: a curated label is never overwritten, a merged theme's comments keep following its target,
and a hidden theme stays out of every page.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from surveyapp.models import Action, Comment, Response, Survey, Theme, User, Wave
from surveyapp.models.insights import ThemeWaveStat
from surveyapp.services import audit
from surveyapp.services.aggregates import AggregateCache
from surveyapp.services.analysis_runs import store_wave_stats
from surveyapp.services.comments import TextGroups, control_for, readable, text_groups
from surveyapp.services.dashboard import reported_waves

#: Who may curate themes. Reference-group members and analysts read them; curating changes what
#: leaders and the Improvement Board see, so it stays with leaders and administrators.
CURATOR_ROLES = ("leader", "admin")
N_QUOTES = 5
QUOTE_BATCH = 100
LABEL_MAX = 200


class CurationError(ValueError):
    """A curation request that cannot be carried out; the message says why."""


def can_curate(user: User) -> bool:
    return user.role in CURATOR_ROLES


def listed_themes(session: Session, survey: Survey) -> list[Theme]:
    """Themes with comments in this survey, not hidden or merged away, largest first."""
    totals: dict[int, int] = defaultdict(int)
    for theme_id, count in session.execute(
        select(ThemeWaveStat.theme_id, ThemeWaveStat.comment_count)
        .join(Theme, ThemeWaveStat.theme_id == Theme.id)
        .where(Theme.survey_id == survey.id)
    ).all():
        totals[theme_id] += count
    themes = session.scalars(
        select(Theme).where(Theme.survey_id == survey.id, Theme.state.not_in(("hidden", "merged")))
    )
    return sorted((t for t in themes if totals.get(t.id)), key=lambda t: (-totals[t.id], t.display_label))


def hidden_or_merged(session: Session, survey: Survey) -> list[Theme]:
    """Curated-away themes, so curators can see (and undo by confirming) them."""
    return list(
        session.scalars(
            select(Theme)
            .where(Theme.survey_id == survey.id, Theme.state.in_(("hidden", "merged")))
            .order_by(Theme.id)
        )
    )


def theme_in_survey(session: Session, survey: Survey, theme_id: int) -> Theme | None:
    theme = session.get(Theme, theme_id)
    return theme if theme is not None and theme.survey_id == survey.id else None


@dataclass(frozen=True)
class WaveFigure:
    """A theme in one wave, as shown: count and share only when the wave's comments reach ``k_text``."""

    number: int
    count: int | None
    share: float | None
    sentiment: float | None
    change: float | None
    significant: bool
    still_open: bool = False  # the wave is still taking answers: its counts are from the last analysis


def wave_figures(session: Session, survey: Survey, theme: Theme) -> list[WaveFigure]:
    """The theme over waves. A theme's count is a comment count, so it is shown from ``k_text`` up."""
    k_text = control_for(survey).k_text
    rows = session.execute(
        select(ThemeWaveStat, Wave.number, Wave.status)
        .join(Wave, ThemeWaveStat.wave_id == Wave.id)
        .where(ThemeWaveStat.theme_id == theme.id)
        .order_by(Wave.number)
    ).all()
    out = []
    previous: int | None = None
    for stat, number, status in rows:
        shown = stat.comment_count >= k_text
        # A change is shown only where both waves are shown and the count moved by at least k_text.
        moved = previous is not None and abs(stat.comment_count - previous) >= k_text
        out.append(
            WaveFigure(
                number,
                stat.comment_count if shown else None,
                stat.share if shown else None,
                stat.sentiment_mean if shown else None,
                stat.change if shown and moved else None,
                bool(stat.significant and shown and moved),
                status == "open",
            )
        )
        previous = stat.comment_count if shown else None
    return out


def reported_wave(survey: Survey) -> Wave | None:
    """The wave the themes list reports: the latest closed or analysed one, as on the dashboard.

    An open wave is still filling up, so its counts would read as a fall. Only while a survey has no
    closed wave yet is the open one reported (marked as open by the page).
    """
    reported = reported_waves(survey)
    if reported:
        return reported[-1]
    return survey.waves[-1] if survey.waves else None


def figure_in(figures: list[WaveFigure], wave: Wave | None) -> WaveFigure | None:
    """The figure of ``wave`` among a theme's ``figures`` (None when the theme has none there)."""
    if wave is None:
        return None
    return next((f for f in figures if f.number == wave.number), None)


def by_count_in_wave(themes: list[Theme], figures: dict[int, WaveFigure | None]) -> list[Theme]:
    """``themes`` with those shown in the reported wave first, most comments first; the rest (counts not
    shown) keep their order, so the order says nothing about counts below the threshold."""
    shown = [t for t in themes if (f := figures.get(t.id)) is not None and f.count is not None]
    shown.sort(key=lambda t: -(figures[t.id].count or 0))  # type: ignore[union-attr]
    return shown + [t for t in themes if t not in shown]


def quotes(
    session: Session,
    survey: Survey,
    theme: Theme,
    *,
    rng: random.Random | None = None,
    groups: TextGroups | None = None,
    unit_ids: frozenset[int] | set[int] | None = None,
    cache: AggregateCache | None = None,
) -> list[str]:
    """Representative redacted comments of ``theme``, shuffled, without dates, units or scores.

    Only readable comments (moderated if flagged) from groups at or above ``k_text`` qualify; the
    stored exemplars come first, then other members. ``groups``: the survey's ``text_groups``, when
    the caller already has them (a page quoting several themes counts them once). ``unit_ids``: the
    reader's scope (None = everything), so nobody reads quotes from units outside it.
    """
    groups = groups or text_groups(session, survey, cache=cache)
    shown_units: dict[int, bool] = {}

    def usable(rows: list[tuple[int, int]]) -> list[int]:
        found = []
        for cid, unit_id in rows:
            if unit_id not in shown_units:
                shown_units[unit_id] = groups.shown_group(unit_id) is not None
            if shown_units[unit_id]:
                found.append(cid)
        return found

    members = (
        select(Comment.id, Response.unit_id)
        .join(Response, Comment.response_id == Response.id)
        .where(Comment.theme_id == theme.id, readable())
    )
    if unit_ids is not None:
        members = members.where(Response.unit_id.in_(unit_ids))
    exemplar_ids = list(theme.exemplar_comment_ids)
    qualifying = set(usable(session.execute(members.where(Comment.id.in_(exemplar_ids or [-1]))).all()))
    chosen = [i for i in exemplar_ids if i in qualifying][:N_QUOTES]
    # Then the other members in id order, read a batch at a time until there are enough (usually one).
    after = None
    while len(chosen) < N_QUOTES:
        query = members.where(Comment.id.not_in(exemplar_ids or [-1])).order_by(Comment.id).limit(QUOTE_BATCH)
        if after is not None:
            query = query.where(Comment.id > after)
        rows = session.execute(query).all()
        chosen += usable(rows)[: N_QUOTES - len(chosen)]
        if len(rows) < QUOTE_BATCH:
            break
        after = rows[-1][0]
    texts = dict(
        session.execute(select(Comment.id, Comment.redacted_text).where(Comment.id.in_(chosen or [-1]))).all()
    )
    picked = [texts[i] for i in chosen]
    (rng or random.SystemRandom()).shuffle(picked)
    return picked


@dataclass(frozen=True)
class AreaFigure:
    name: str
    count: int
    share: float  # of the theme's shown comments


def concentration(
    session: Session, survey: Survey, theme: Theme, *, unit_ids: frozenset[int] | set[int] | None = None
) -> list[AreaFigure]:
    """Where the theme's comments come from, by service area (or partner group), hidden below ``k_text``;
    only areas inside ``unit_ids`` (the reader's scope; None = everything)."""
    groups = text_groups(session, survey, theme_id=theme.id)
    areas = [
        (unit_id, groups.totals[unit_id])
        for unit_id, unit in groups.tree.units.items()
        if unit.kind in ("service_area", "partner_group")
        and (unit_ids is None or unit_id in unit_ids)
        and unit_id not in groups.hidden
        and groups.totals.get(unit_id)
    ]
    total = sum(count for _u, count in areas)
    return sorted(
        (AreaFigure(groups.name(u), count, count / total) for u, count in areas),
        key=lambda a: (-a.count, a.name),
    )


def linked_actions(session: Session, theme: Theme) -> list[Action]:
    """Published "you said, we did" actions that answer ``theme`` (or a theme merged into it)."""
    ids = [theme.id, *session.scalars(select(Theme.id).where(Theme.merged_into_id == theme.id))]
    return list(
        session.scalars(
            select(Action)
            .where(Action.theme_id.in_(ids), Action.published_on.is_not(None))
            .order_by(Action.published_on.desc())
        )
    )


# -- curation ----------------------------------------------------------------------------------------------
def rename(session: Session, theme: Theme, label: str, *, user: User) -> Theme:
    label = " ".join((label or "").split())
    if not label:
        raise CurationError("Enter a name for the theme")
    if len(label) > LABEL_MAX:
        raise CurationError(f"Theme name must be {LABEL_MAX} characters or fewer")
    previous = theme.display_label
    theme.curated_label = label
    theme.state = "renamed"
    audit.record(
        session,
        "theme.rename",
        user=user,
        target_type="theme",
        target_id=theme.id,
        previous=previous,
        label=label,
    )
    return theme


def merge(session: Session, theme: Theme, target: Theme, *, user: User) -> Theme:
    """Merge ``theme`` into ``target``: its comments are reported under ``target`` from now on."""
    if target.survey_id != theme.survey_id:
        raise CurationError("Choose a theme from the same survey")
    if target.id == theme.id:
        raise CurationError("Choose a different theme to merge into")
    if target.state in ("merged", "hidden"):
        raise CurationError("Choose a theme that is not hidden or merged")
    theme.state, theme.merged_into_id = "merged", target.id
    # Themes already merged into this one follow it to the new target.
    session.execute(
        update(Theme)
        .where(Theme.merged_into_id == theme.id, Theme.id != theme.id)
        .values(merged_into_id=target.id)
    )
    session.execute(update(Comment).where(Comment.theme_id == theme.id).values(theme_id=target.id))
    target.exemplar_comment_ids = list(target.exemplar_comment_ids) + [
        i for i in theme.exemplar_comment_ids if i not in target.exemplar_comment_ids
    ]
    store_wave_stats(session, theme.survey)
    audit.record(session, "theme.merge", user=user, target_type="theme", target_id=theme.id, into=target.id)
    return theme


def hide(session: Session, theme: Theme, *, user: User) -> Theme:
    theme.state = "hidden"
    audit.record(session, "theme.hide", user=user, target_type="theme", target_id=theme.id)
    return theme


def confirm(session: Session, theme: Theme, *, user: User) -> Theme:
    """Mark the theme as confirmed (also brings back a hidden theme). A merge is not undone here."""
    if theme.state == "merged":
        raise CurationError("A merged theme cannot be confirmed; confirm the theme it was merged into")
    theme.state = "confirmed"
    audit.record(session, "theme.confirm", user=user, target_type="theme", target_id=theme.id)
    return theme


def survey_waves(session: Session, survey: Survey) -> list[Wave]:
    return list(session.scalars(select(Wave).where(Wave.survey_id == survey.id).order_by(Wave.number)))
