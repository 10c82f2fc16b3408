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
from surveyapp.services.aggregates import UnitTree, rolled_up, survey_tree

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


def text_groups(session: Session, survey: Survey, *, theme_id: int | None = None) -> TextGroups:
    """Readable comments counted per unit over the whole series, with the groups hidden at ``k_text``.

    With ``theme_id`` only that theme's comments count (for where a theme is concentrated).
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
    own = {unit_id: count for unit_id, count in session.execute(query).all()}
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
) -> ExplorerPage:
    """Search readable comments of ``survey`` in groups at or above ``k_text``, shuffled and paginated.

    ``unit_ids`` limits the search to a reader's scope (None: the whole organisation).
    """
    from surveyapp.models import Theme

    groups = text_groups(session, survey)
    query = (
        select(
            Comment.id, Comment.redacted_text, Comment.sentiment_label, Wave.number, Response.unit_id, Theme
        )
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
    found = []
    for cid, redacted, label, number, unit_id, theme in session.execute(query).all():
        if unit_ids is not None and unit_id not in unit_ids:
            continue
        group = groups.shown_group(unit_id)
        if group is None:
            continue
        found.append(
            ExplorerRow(
                cid, redacted, theme.display_label if theme else None, label, number, groups.name(group)
            )
        )
    found.sort(key=lambda row: shuffle_key(row.id, salt))
    pages = max(1, -(-len(found) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    return ExplorerPage(found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE], len(found), page, pages)


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
