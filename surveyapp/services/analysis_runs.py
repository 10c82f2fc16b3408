"""The analysis pipeline for one survey series, run as a job (never inside a web request).

For every comment not yet analysed: redact, score sentiment, check for sensitive content (flagged comments
wait in the moderation queue). Then themes for the whole series: a :class:`ThemeTracker` is fitted on the
readable comments and its themes are matched to the stored ones by their anchors (centres in the fixed
embedding space, Hungarian matching as in ``ThemeTracker.refit``), so a theme keeps its id — and with it
the name, merge or hidden state leaders gave it — from one run to the next. Running the pipeline twice
leaves one result: themes are matched, not added again, and per-wave figures are replaced.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

import numpy as np
from scipy.optimize import linear_sum_assignment
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from analysis.flags import SensitiveCommentFlagger
from analysis.redact import PLACEHOLDERS, Redactor
from analysis.sentiment import SentimentAnalyzer
from analysis.themes import NO_COMMENT
from analysis.tracking import ThemeTracker, wave_report
from surveyapp.models import Comment, Response, Survey, Theme, Wave
from surveyapp.models.insights import AnalysisRun, ThemeAnchor, ThemeWaveStat
from surveyapp.services.comments import readable, text_groups

BATCH = 200
MIN_MATCH_SIMILARITY = 0.6  # as ThemeTracker.min_match_similarity: below this a theme is a new one
N_EXEMPLARS = 5


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def latest_run(session: Session, survey: Survey) -> AnalysisRun | None:
    """The most recent analysis run of ``survey`` (for "analysis last ran … / in progress" notes)."""
    return session.scalar(
        select(AnalysisRun)
        .where(AnalysisRun.survey_id == survey.id)
        .order_by(AnalysisRun.created_at.desc(), AnalysisRun.id.desc())
        .limit(1)
    )


def last_finished_run(session: Session, survey: Survey) -> AnalysisRun | None:
    """The most recent run that finished.

    Loaded afresh: a page that has just read the run while it was going holds that object in its session,
    and without ``populate_existing`` the query would hand back those stale attributes (finished, but with
    no finish time) when the run ends between the two reads.
    """
    return session.scalar(
        select(AnalysisRun)
        .where(AnalysisRun.survey_id == survey.id, AnalysisRun.status == "done")
        .order_by(AnalysisRun.finished_at.desc(), AnalysisRun.id.desc())
        .limit(1)
        .execution_options(populate_existing=True)
    )


def queue_run(
    session: Session, survey: Survey, *, wave: Wave | None = None, user_id: int | None = None
) -> AnalysisRun:
    """Add a queued run for ``survey`` (the caller commits)."""
    run = AnalysisRun(
        survey_id=survey.id, wave_id=wave.id if wave else None, status="queued", requested_by_id=user_id
    )
    session.add(run)
    session.flush()
    return run


def _survey_comments(session: Session, survey: Survey, *conditions: object) -> list[Comment]:
    return list(
        session.scalars(
            select(Comment)
            .join(Response, Comment.response_id == Response.id)
            .join(Wave, Response.wave_id == Wave.id)
            .where(Wave.survey_id == survey.id, *conditions)
            .order_by(Comment.id)
        )
    )


def _wave_and_unit(session: Session, survey: Survey) -> dict[int, tuple[int, int]]:
    """``{comment id: (wave number, unit id)}`` for the survey's comments."""
    rows = session.execute(
        select(Comment.id, Wave.number, Response.unit_id)
        .select_from(Comment)
        .join(Response, Comment.response_id == Response.id)
        .join(Wave, Response.wave_id == Wave.id)
        .where(Wave.survey_id == survey.id)
    ).all()
    return {cid: (number, unit_id) for cid, number, unit_id in rows}


def analyse_comments(session: Session, comments: list[Comment], progress: Callable[[float], None]) -> int:
    """Redact, score and flag ``comments`` in batches, committing after each so progress shows."""
    redactor, sentiment, flagger = Redactor(), SentimentAnalyzer(), SensitiveCommentFlagger()
    for start in range(0, len(comments), BATCH):
        batch = comments[start : start + BATCH]
        texts = [c.text or "" for c in batch]
        redactions = redactor.redact_many(texts)
        scores = sentiment.score([r.text for r in redactions])
        labels = sentiment.labels_for(scores)
        flags = flagger.flag_many(texts)
        for comment, red, score, label, found in zip(batch, redactions, scores, labels, flags, strict=True):
            comment.redacted_text = red.text
            comment.redactions = [list(span) for span in red.spans]
            comment.sentiment = float(score)
            comment.sentiment_label = label
            comment.flags = [{"kind": f.kind, "reason": f.reason} for f in found]
            # Only a comment nobody has moderated yet changes state; a decision already taken stands.
            if comment.moderation_state in ("not_needed", "pending"):
                comment.moderation_state = "pending" if found else "not_needed"
        progress((start + len(batch)) / len(comments))
    return len(comments)


def _strip_placeholders(text: str) -> str:
    for placeholder in PLACEHOLDERS.values():
        text = text.replace(placeholder, " ")
    return text


def _anchor_matrix(anchors: list[ThemeAnchor]) -> np.ndarray:
    return np.vstack([np.frombuffer(a.vector, dtype="<f4") for a in anchors]) if anchors else np.zeros((0, 0))


def _resolve(themes: dict[int, Theme], theme_id: int) -> int:
    """Follow curated merges to the theme a comment is reported under."""
    seen: set[int] = set()
    while theme_id in themes and themes[theme_id].merged_into_id is not None and theme_id not in seen:
        seen.add(theme_id)
        theme_id = themes[theme_id].merged_into_id  # type: ignore[assignment]
    return theme_id


def find_themes(session: Session, survey: Survey, progress: Callable[[float], None]) -> int:
    """Fit themes on the series' readable comments and store them, keeping ids of themes that persist.

    Returns the number of themes found in this run.
    """
    comments = _survey_comments(session, survey, readable())
    # Every comment is re-placed below; those held back or with nothing to say end up with no theme.
    session.execute(
        update(Comment)
        .where(
            Comment.id.in_(
                select(Comment.id)
                .select_from(Comment)
                .join(Response, Comment.response_id == Response.id)
                .join(Wave, Response.wave_id == Wave.id)
                .where(Wave.survey_id == survey.id)
            )
        )
        .values(theme_id=None)
        .execution_options(synchronize_session=False)
    )
    for comment in comments:
        comment.theme_id = None
    existing = {t.id: t for t in session.scalars(select(Theme).where(Theme.survey_id == survey.id))}
    # Placeholders ("[name]", "[phone]") say nothing about the topic; left in, they form a theme of their own.
    texts = [_strip_placeholders(c.redacted_text or "") for c in comments]
    if not comments:
        store_wave_stats(session, survey)
        return 0
    tracker = ThemeTracker(min_match_similarity=MIN_MATCH_SIMILARITY).fit(texts)
    model = tracker.model_
    progress(0.5)
    if model.n_themes_ == 0:
        return 0

    # Map this fit's themes onto stored ones by anchor similarity (one-to-one, best total match).
    anchors = list(
        session.scalars(select(ThemeAnchor).where(ThemeAnchor.theme_id.in_(list(existing) or [-1])))
    )
    old = _anchor_matrix(anchors)
    new = tracker.anchors_
    mapping: dict[int, Theme] = {}
    if len(anchors) and old.shape[1] == new.shape[1]:
        sim = new @ old.T
        for r, c in zip(*linear_sum_assignment(-sim), strict=True):
            if sim[r, c] >= MIN_MATCH_SIMILARITY:
                mapping[int(r)] = existing[anchors[c].theme_id]
    by_anchor = {a.theme_id: a for a in anchors}
    for found in model.themes_:
        theme = mapping.get(found.id)
        if theme is None:
            theme = Theme(
                survey_id=survey.id, label=found.label, keywords=list(found.keywords), state="suggested"
            )
            session.add(theme)
            session.flush()
            mapping[found.id] = theme
            existing[theme.id] = theme
        theme.label = found.label  # the suggested label follows the data; a curated label is kept apart
        theme.keywords = list(found.keywords)
        vector = np.asarray(new[found.id], dtype="<f4")
        anchor = by_anchor.get(theme.id)
        if anchor is None:
            session.add(ThemeAnchor(theme_id=theme.id, vector=vector.tobytes(), dimensions=len(vector)))
        else:
            anchor.vector, anchor.dimensions = vector.tobytes(), len(vector)

    # Comments: the fitted theme, followed through curated merges.
    assigned: list[int] = []
    for comment, local in zip(comments, model.labels_, strict=True):
        if local == NO_COMMENT:
            assigned.append(NO_COMMENT)
            continue
        theme_id = _resolve(existing, mapping[int(local)].id)
        comment.theme_id = theme_id
        assigned.append(theme_id)

    # Exemplars: typical comments first (the model's picks, then the closest members), only from groups
    # at or above k_text; pages check moderation again when they show them.
    session.flush()
    groups = text_groups(session, survey)
    where = _wave_and_unit(session, survey)
    unit_of = {cid: unit_id for cid, (_number, unit_id) in where.items()}
    content_rows = np.flatnonzero(model.labels_ != NO_COMMENT)
    for found in model.themes_:
        members = content_rows[model.fit_labels_ == found.id]
        sims = model.fit_vectors_[model.fit_labels_ == found.id] @ model.cluster_centers_[found.id]
        order = list(found.exemplars) + [int(members[i]) for i in np.argsort(-sims)]
        picks: list[int] = []
        for row in order:
            comment = comments[row]
            if comment.id in picks or groups.shown_group(unit_of[comment.id]) is None:
                continue
            picks.append(comment.id)
            if len(picks) == N_EXEMPLARS:
                break
        mapping[found.id].exemplar_comment_ids = picks
    progress(0.8)

    session.flush()
    store_wave_stats(session, survey)
    return model.n_themes_


def store_wave_stats(session: Session, survey: Survey) -> int:
    """Replace the per-wave figures of every theme of ``survey`` from the stored comment themes.

    Cheap (no clustering): also used straight after a merge so the figures follow it at once.
    """
    theme_ids = list(session.scalars(select(Theme.id).where(Theme.survey_id == survey.id)))
    session.execute(delete(ThemeWaveStat).where(ThemeWaveStat.theme_id.in_(theme_ids or [-1])))
    rows = session.execute(
        select(Wave.number, Wave.id, Comment.theme_id, Comment.sentiment)
        .select_from(Comment)
        .join(Response, Comment.response_id == Response.id)
        .join(Wave, Response.wave_id == Wave.id)
        .where(Wave.survey_id == survey.id, readable())
    ).all()
    wave_ids = {number: wave_id for number, wave_id, _t, _s in rows}
    report = wave_report(
        [number for number, *_ in rows],
        [NO_COMMENT if theme_id is None else theme_id for _n, _w, theme_id, _s in rows],
        [np.nan if score is None else score for *_, score in rows],
    )
    for row in report:
        session.add(
            ThemeWaveStat(
                theme_id=row.theme_id,
                wave_id=wave_ids[row.wave],
                comment_count=row.count,
                share=row.share,
                sentiment_mean=row.sentiment_mean,
                sentiment_low=row.sentiment_low,
                sentiment_high=row.sentiment_high,
                change=row.change,
                p_value=row.p_value,
                significant=row.significant,
            )
        )
    session.flush()
    return len(report)


def run_analysis(session: Session, survey: Survey, run: AnalysisRun | None = None) -> AnalysisRun:
    """Run the whole pipeline for ``survey``, recording progress on ``run`` (a new one if None).

    Commits as it goes, so another process can show the stage and fraction done.
    """
    run = run or queue_run(session, survey)
    run.status, run.started_at, run.stage, run.progress, run.message = (
        "running",
        _now(),
        "Starting",
        0.0,
        None,
    )
    session.commit()
    started = time.perf_counter()

    def stage(name: str, low: float, high: float) -> Callable[[float], None]:
        run.stage = name

        def report(fraction: float) -> None:
            run.progress = round(low + (high - low) * min(max(fraction, 0.0), 1.0), 3)
            session.commit()

        report(0.0)
        return report

    try:
        new = _survey_comments(session, survey, Comment.redacted_text.is_(None))
        if new:
            run.comments_analysed = analyse_comments(
                session, new, stage("Redacting, scoring and checking comments", 0.0, 0.6)
            )
        found = find_themes(session, survey, stage("Finding themes", 0.6, 0.95))
        for wave in survey.waves:
            if wave.status == "closed":
                wave.status = "analysed"
                wave.analysed_at = _now()
        run.status, run.stage, run.progress, run.finished_at = "done", "Finished", 1.0, _now()
        run.message = f"{found} themes; {time.perf_counter() - started:.1f} seconds"
        session.commit()
    except Exception as error:
        session.rollback()
        run = session.get(AnalysisRun, run.id) or run
        run.status, run.finished_at = "failed", _now()
        run.message = f"{type(error).__name__}: {error}"[:500]
        session.commit()
        raise
    return run
