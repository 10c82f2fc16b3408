"""Which comments may be read, and the comment explorer's search.

A comment is readable by leaders only when it has been analysed (so it has a redacted text), is not held
for moderation, and sits in a group with at least ``k_text`` readable comments. Groups are unit subtrees
and the decision is ``analysis.anonymity``'s (threshold plus complementary suppression over the survey's
reporting tree). A comment is shown against the smallest *visible* group at service-area level or above,
never its team, and never with a date finer than its wave.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from analysis.anonymity import DisclosureControl, Group
from surveyapp.models import Comment, Response, Survey, Wave
from surveyapp.models.insights import AnalysisRun, ModerationDecision
from surveyapp.services.aggregates import AggregateCache, UnitTree, rolled_up, survey_tree

#: Moderation states whose comments may appear in quotes, themes, the explorer and exports.
VISIBLE_STATES = ("not_needed", "released")
#: Unit kinds too small to name beside a comment; the comment is shown against the unit above instead.
BELOW_GROUP_KINDS = ("team", "partner")
PAGE_SIZE = 20


def control_for(survey: Survey) -> DisclosureControl:
    """The thresholds in force for ``survey``."""
    return DisclosureControl(
        k=survey.reporting_threshold, k_text=max(survey.text_threshold, survey.reporting_threshold)
    )


def readable() -> object:
    """SQL condition: analysed and not held back by moderation."""
    return (Comment.redacted_text.is_not(None)) & Comment.moderation_state.in_(VISIBLE_STATES)


@dataclass(frozen=True)
class TextGroups:
    """The survey's reporting tree with the units whose comments must stay hidden."""

    tree: UnitTree
    hidden: frozenset[int]
    totals: dict[int, int]

    def shown_group(self, unit_id: int) -> int | None:
        """The unit a comment from ``unit_id`` is shown under, or None when it may not be shown at all."""
        node: int | None = unit_id
        while node is not None and node in self.tree.parent:
            if node not in self.hidden and self.tree.units[node].kind not in BELOW_GROUP_KINDS:
                return node
            node = self.tree.parent[node]
        return None

    def name(self, unit_id: int) -> str:
        return self.tree.units[unit_id].name


def readable_fingerprint(session: Session) -> tuple[object, ...]:
    """Something that changes whenever any comment becomes readable or stops being readable.

    Readability changes only as analysis stores comments (its run's progress is committed with each
    batch), as moderators decide (a new decision row), or as comments come and go (the count, sum and
    highest id of readable comments). Reading one table without joins, it costs a fraction of the
    per-unit count it guards.
    """
    readable_now = session.execute(
        select(func.count(), func.sum(Comment.id), func.max(Comment.id)).where(readable())
    ).one()
    decided = session.scalar(select(func.max(ModerationDecision.id)))
    run = session.execute(
        select(AnalysisRun.id, AnalysisRun.status, AnalysisRun.progress)
        .order_by(AnalysisRun.id.desc())
        .limit(1)
    ).first()
    return (*readable_now, decided, *(run or ()))


def text_groups(
    session: Session, survey: Survey, *, theme_id: int | None = None, cache: AggregateCache | None = None
) -> TextGroups:
    """Readable comments counted per unit over the whole series, with the groups hidden at ``k_text``.

    With ``theme_id`` only that theme's comments count (for where a theme is concentrated). With
    ``cache`` (web pages) the series' counts per unit are kept while ``readable_fingerprint`` holds;
    the tree and what it hides are always worked out afresh.
    """
    query = (
        select(Response.unit_id, func.count())
        .select_from(Comment)
        .join(Response, Comment.response_id == Response.id)
        .join(Wave, Response.wave_id == Wave.id)
        .where(Wave.survey_id == survey.id, readable())
        .group_by(Response.unit_id)
    )
    if theme_id is not None:
        query = query.where(Comment.theme_id == theme_id)

    def count() -> dict[int, int]:
        return {unit_id: n for unit_id, n in session.execute(query).all()}

    if cache is not None and theme_id is None:
        own = cache.checked(("readable comments", survey.id), readable_fingerprint(session), count)
    else:
        own = count()
    tree = survey_tree(session, survey, own.keys())
    totals = rolled_up(tree, own)
    hidden = control_for(survey).hidden_text(Group(u, tree.parent[u], totals[u]) for u in tree.parent)
    return TextGroups(tree, hidden, totals)


def shuffle_key(comment_id: int, salt: str) -> str:
    """A stable order unrelated to when or where a comment was written (so pages can be paginated)."""
    return hashlib.sha256(f"{salt}:{comment_id}".encode()).hexdigest()


@dataclass(frozen=True)
class ExplorerRow:
    """One comment as the explorer shows it: no date finer than the wave, no unit below the group."""

    id: int
    text: str
    theme: str | None
    sentiment_label: str | None
    wave_number: int
    group: str


@dataclass(frozen=True)
class ExplorerPage:
    rows: list[ExplorerRow]
    total: int
    page: int
    pages: int


def explore(
    session: Session,
    survey: Survey,
    *,
    salt: str,
    text: str | None = None,
    theme_id: int | None = None,
    sentiment: str | None = None,
    wave_number: int | None = None,
    unit_ids: frozenset[int] | None = None,
    page: int = 1,
    cache: AggregateCache | None = None,
) -> ExplorerPage:
    """Search readable comments of ``survey`` in groups at or above ``k_text``, shuffled and paginated.

    ``unit_ids`` limits the search to a reader's scope (None: the whole organisation).
    """
    from surveyapp.models import Theme

    groups = text_groups(session, survey, cache=cache)
    # Rows carry no text or theme objects: of thousands of matches only one page is shown, so the text
    # and theme names are read for those rows alone.
    query = (
        select(Comment.id, Comment.sentiment_label, Wave.number, Response.unit_id, Comment.theme_id)
        .join(Response, Comment.response_id == Response.id)
        .join(Wave, Response.wave_id == Wave.id)
        .outerjoin(Theme, Comment.theme_id == Theme.id)
        .where(Wave.survey_id == survey.id, readable())
    )
    if text:
        like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(Comment.redacted_text.ilike(like, escape="\\"))
    if theme_id is not None:
        query = query.where(Comment.theme_id == theme_id)
    if sentiment:
        query = query.where(Comment.sentiment_label == sentiment)
    if wave_number is not None:
        query = query.where(Wave.number == wave_number)
    # Hidden themes stay out of the explorer like everywhere else.
    query = query.where(or_(Theme.id.is_(None), Theme.state != "hidden"))
    shown: dict[int, int | None] = {}
    found = []
    for cid, label, number, unit_id, comment_theme in session.execute(query).all():
        if unit_ids is not None and unit_id not in unit_ids:
            continue
        if unit_id not in shown:
            shown[unit_id] = groups.shown_group(unit_id)
        group = shown[unit_id]
        if group is None:
            continue
        found.append((shuffle_key(cid, salt), cid, label, number, group, comment_theme))
    found.sort()
    pages = max(1, -(-len(found) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    chosen = found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    ids = [row[1] for row in chosen]
    texts = dict(
        session.execute(select(Comment.id, Comment.redacted_text).where(Comment.id.in_(ids or [-1]))).all()
    )
    theme_ids = {row[5] for row in chosen if row[5] is not None}
    themes = {t.id: t for t in session.scalars(select(Theme).where(Theme.id.in_(theme_ids or [-1])))}
    rows = [
        ExplorerRow(
            cid,
            texts[cid],
            themes[tid].display_label if tid is not None else None,
            label,
            number,
            groups.name(group),
        )
        for _key, cid, label, number, group, tid in chosen
    ]
    return ExplorerPage(rows, len(found), page, pages)


def comment_in_survey(session: Session, survey: Survey, comment_id: int) -> Comment | None:
    """The comment ``comment_id`` if it belongs to ``survey``."""
    return session.scalar(
        select(Comment)
        .join(Response, Comment.response_id == Response.id)
        .join(Wave, Response.wave_id == Wave.id)
        .where(Comment.id == comment_id, Wave.survey_id == survey.id)
    )


def counts_by_group(
    groups: TextGroups, kinds: tuple[str, ...] = ("service_area", "partner_group")
) -> dict[int, int]:
    """Shown comment totals for units of ``kinds`` (hidden ones left out)."""
    out: dict[int, int] = defaultdict(int)
    for unit_id, unit in groups.tree.units.items():
        if unit.kind in kinds and unit_id not in groups.hidden and groups.totals.get(unit_id):
            out[unit_id] = groups.totals[unit_id]
    return dict(out)
