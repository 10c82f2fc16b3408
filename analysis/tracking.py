"""Tracking themes across the waves of a survey series.

A :class:`ThemeTracker` is fitted once on a series' comments. Each new wave is assigned to the existing
themes; comments far from every theme are clustered, and groups large enough surface as *suggested* new
themes. A periodic :meth:`ThemeTracker.refit` on all comments re-discovers themes and maps them onto the
old ones (Hungarian matching of theme centres) so that ids, and with them the names and merges that
people curated in the app, survive. :func:`wave_report` gives the per-wave figures leaders read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.base import clone

from analysis.embeddings import StaticEmbedder, unit_rows
from analysis.text import normalise
from analysis.themes import NO_COMMENT, ThemeModel, is_no_comment
from analysis.trends import mean_interval, two_proportion_test

CURATION_STATES = ("suggested", "confirmed", "renamed", "merged", "hidden")


@dataclass(frozen=True)
class Curation:
    """What people decided about a theme in the app, keyed there by theme id."""

    state: str = "confirmed"
    label: str | None = None
    merged_into: int | None = None

    def __post_init__(self) -> None:
        if self.state not in CURATION_STATES:
            raise ValueError(f"unknown curation state {self.state!r}; expected one of {CURATION_STATES}")
        if (self.state == "merged") != (self.merged_into is not None):
            raise ValueError("a merged theme needs merged_into, and only a merged theme has one")


@dataclass(frozen=True)
class TrackedTheme:
    """A theme with a stable id across waves and refits."""

    id: int
    label: str
    keywords: tuple[str, ...]
    curation: Curation = field(default_factory=lambda: Curation(state="suggested"))
    active: bool = True  # False once a refit found no current theme matching it

    @property
    def display_label(self) -> str:
        return self.curation.label or self.label


@dataclass(frozen=True)
class Assignment:
    """Result of assigning one wave's comments to tracked themes."""

    theme_ids: np.ndarray  # per comment, after following merges; NO_COMMENT for comments that say nothing
    similarity: np.ndarray  # cosine similarity to the theme the comment was first placed in (NaN if none)
    is_far: np.ndarray  # farther than the learned threshold from every existing theme
    new_theme_ids: tuple[int, ...]  # themes suggested from this wave's far comments


@dataclass(frozen=True)
class WaveThemeStats:
    """One row of a trend report: a theme in a wave."""

    wave: object
    theme_id: int
    label: str
    count: int
    total: int  # comments with content in the wave (the denominator of ``share``)
    share: float
    sentiment_mean: float | None
    sentiment_low: float | None  # 95% interval for the mean sentiment (None when fewer than 2 scores)
    sentiment_high: float | None
    previous_share: float | None
    change: float | None  # share minus previous wave's share
    p_value: float | None  # two-proportion z-test of the change
    significant: bool  # p_value < 0.05


def _l2(x: np.ndarray) -> np.ndarray:
    return unit_rows(np.asarray(x, dtype=np.float32))


def _anchor_vectors(texts: Sequence[str]) -> np.ndarray:
    """Unit static embeddings of ``texts``: the space anchors live in, whichever embedder fitted the themes.

    The app stores anchors to carry curated names from one analysis run to the next. A run over 30,000
    comments embeds statically and a smaller one contextually (``ThemeModel.max_contextual``), and anchors
    stored before contextual embeddings were added are static; in one fixed space they all still match.
    """
    return _l2(np.asarray(StaticEmbedder().encode(list(texts)), dtype=np.float32))


def _group_centres(vectors: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Unit mean vector of each labelled group (labels below 0 are ignored)."""
    groups = sorted({int(c) for c in labels if c >= 0})
    return _l2(np.vstack([vectors[labels == c].mean(axis=0) for c in groups]))


def _closest_pair(centres: np.ndarray) -> float:
    """Largest cosine between two different rows of unit ``centres`` (-1 with fewer than two rows)."""
    if len(centres) < 2:
        return -1.0
    sims = centres @ centres.T
    np.fill_diagonal(sims, -np.inf)
    return float(sims.max())


class ThemeTracker:
    """Keep a survey series' themes stable across waves.

    Parameters
    ----------
    model : an unfitted :class:`ThemeModel` to clone for each (re)fit; default ``ThemeModel()``.
    far_percentile : a comment is *far* when its similarity to its nearest theme is below this
        percentile of fitted comments' distances to their own theme (95 means: farther than 95% of them).
    min_new_theme_size : smallest group of far comments that surfaces as a suggested theme.
    max_new_themes : most suggested themes from one wave.
    min_match_similarity : smallest centre similarity for a refitted theme to inherit an old id.
    curation : the app's stored decisions, ``{theme_id: Curation}``.
    """

    def __init__(
        self,
        model: ThemeModel | None = None,
        far_percentile: float = 95.0,
        min_new_theme_size: int = 10,
        max_new_themes: int = 5,
        min_match_similarity: float = 0.6,
        curation: Mapping[int, Curation] | None = None,
    ) -> None:
        self.model = model
        self.far_percentile = far_percentile
        self.min_new_theme_size = min_new_theme_size
        self.max_new_themes = max_new_themes
        self.min_match_similarity = min_match_similarity
        self.curation = curation

    # -- helpers ---------------------------------------------------------------------------------------
    def _new_model(self, **params: object) -> ThemeModel:
        base = self.model if self.model is not None else ThemeModel()
        return clone(base).set_params(**params) if params else clone(base)

    @staticmethod
    def _anchors(texts: Sequence[str], labels: np.ndarray) -> np.ndarray:
        """Theme centres in the static embedding space, comparable across refits (unlike LSA)."""
        return _group_centres(_anchor_vectors(texts), labels)

    def _install(self, model: ThemeModel, texts: Sequence[str], ids: list[int]) -> None:
        """Adopt a fitted model whose theme ``c`` is tracked as ``ids[c]``."""
        self.model_ = model
        content = [normalise(texts[i]) for i in np.flatnonzero(model.labels_ != NO_COMMENT)]
        local = model.fit_labels_
        self.centres_ = model.cluster_centers_.astype(np.float32)
        self.anchors_ = self._anchors(content, local)
        self.row_ids_ = list(ids)
        sims = (model.fit_vectors_ * self.centres_[local]).sum(axis=1)
        self.threshold_ = float(np.percentile(sims, 100 - self.far_percentile)) if len(sims) else 0.0

    def _far_model(self, texts: list[str], k: int, exact: bool = False) -> ThemeModel:
        """Themes among far comments in the fitted embedder's space: ``k`` of them, or at most ``k``."""
        return ThemeModel(
            n_themes=k if exact else None,
            min_themes=1,
            max_themes=k,
            random_state=self.model_.random_state,
            embedder=self.model_.embedder_,
            lexical_dims=0,
        ).fit(texts)

    def _separation(self) -> float:
        """Cosine of the two closest tracked theme centres (the typical-member threshold with one theme)."""
        return _closest_pair(self.centres_) if len(self.centres_) > 1 else self.threshold_

    def resolve(self, theme_id: int) -> int:
        """Follow curated merges to the theme a comment is reported under."""
        seen = set()
        while theme_id in self.themes_ and self.themes_[theme_id].curation.merged_into is not None:
            if theme_id in seen:  # a merge cycle is a curation error; stop rather than loop
                break
            seen.add(theme_id)
            theme_id = self.themes_[theme_id].curation.merged_into
        return theme_id

    def curate(self, theme_id: int, curation: Curation) -> None:
        """Record a decision made in the app (rename, merge, hide, confirm)."""
        self.themes_[theme_id] = replace(self.themes_[theme_id], curation=curation)

    def labels(self) -> dict[int, str]:
        """Display label per theme id (curated names win), including ``NO_COMMENT``."""
        return {NO_COMMENT: "No comment", **{i: t.display_label for i, t in self.themes_.items()}}

    # -- fitting ---------------------------------------------------------------------------------------
    def fit(self, texts: Sequence[str]) -> ThemeTracker:
        """Discover the series' themes; ids are the model's theme ids."""
        texts = [t if isinstance(t, str) else "" for t in texts]
        model = self._new_model().fit(texts)
        curation = dict(self.curation or {})
        self.themes_ = {
            t.id: TrackedTheme(t.id, t.label, t.keywords, curation.get(t.id, Curation(state="suggested")))
            for t in model.themes_
        }
        self.next_id_ = model.n_themes_
        self._install(model, texts, [t.id for t in model.themes_])
        return self

    def assign(self, texts: Sequence[str], accept_new: bool = True) -> Assignment:
        """Place a new wave's comments in tracked themes, surfacing groups of far comments as new themes.

        With ``accept_new`` the suggested themes join the tracker, so later waves are assigned to them.
        """
        texts = [normalise(t) if isinstance(t, str) else "" for t in texts]
        n = len(texts)
        ids = np.full(n, NO_COMMENT, dtype=int)
        similarity = np.full(n, np.nan, dtype=np.float32)
        is_far = np.zeros(n, dtype=bool)
        idx = np.flatnonzero([not is_no_comment(t) for t in texts])
        new_ids: list[int] = []
        if len(idx) == 0 or not self.row_ids_:
            return Assignment(ids, similarity, is_far, ())
        vectors = self.model_.embed([texts[i] for i in idx])
        sims = vectors @ self.centres_.T
        best = sims.argmax(axis=1)
        similarity[idx] = sims[np.arange(len(idx)), best]
        ids[idx] = np.asarray(self.row_ids_)[best]
        far = similarity[idx] < self.threshold_
        is_far[idx] = far
        far_rows = np.flatnonzero(far)
        if len(far_rows) >= self.min_new_theme_size:
            new_ids = self._suggest(texts, idx, vectors, far_rows, ids, accept_new)
        out = np.array([self.resolve(int(i)) if i != NO_COMMENT else NO_COMMENT for i in ids], dtype=int)
        return Assignment(out, similarity, is_far, tuple(new_ids))

    def _suggest(
        self,
        texts: list[str],
        idx: np.ndarray,
        vectors: np.ndarray,
        far_rows: np.ndarray,
        ids: np.ndarray,
        accept_new: bool,
    ) -> list[int]:
        """Cluster far comments; keep groups that are big and as tight as an ordinary theme."""
        far_texts = [texts[idx[r]] for r in far_rows]
        far_vecs = vectors[far_rows]
        k_max = max(1, min(self.max_new_themes, len(far_rows) // self.min_new_theme_size))
        sub = self._far_model(far_texts, k_max)
        # Groups closer to each other than any two tracked themes are one new topic put two ways ("the lift
        # is broken" / "the lift keeps trapping people"): suggest it once.
        while (
            sub.n_themes_ > 1 and _closest_pair(_group_centres(far_vecs, sub.labels_)) >= self._separation()
        ):
            sub = self._far_model(far_texts, sub.n_themes_ - 1, exact=True)
        new_ids = []
        for theme in sub.themes_:
            members = np.flatnonzero(sub.labels_ == theme.id)
            if len(members) < self.min_new_theme_size:
                continue
            centre = _l2(far_vecs[members].mean(axis=0, keepdims=True))[0]
            # A real new topic is about as tight around its centre as fitted comments are around theirs.
            if float(np.median(far_vecs[members] @ centre)) < self.threshold_:
                continue
            new_id = self.next_id_
            self.next_id_ += 1
            new_ids.append(new_id)
            ids[idx[far_rows[members]]] = new_id
            if accept_new:
                self.themes_[new_id] = TrackedTheme(new_id, theme.label, theme.keywords)
                anchor = _l2(_anchor_vectors([far_texts[m] for m in members]).mean(axis=0, keepdims=True))
                self.centres_ = np.vstack([self.centres_, centre[None, :]]).astype(np.float32)
                self.anchors_ = np.vstack([self.anchors_, anchor]).astype(np.float32)
                self.row_ids_.append(new_id)
        return new_ids

    def refit(self, texts: Sequence[str]) -> dict[int, int]:
        """Re-discover themes on ``texts`` (usually all waves) and keep ids of themes that persist.

        Returns ``{new model theme id: tracked id}``. A new theme inherits the id (and so the curated
        name, merge or hidden state) of the old theme whose centre it matches best, if their similarity
        is at least ``min_match_similarity``; unmatched new themes get fresh ids as suggestions, and old
        themes with no match become inactive (their history stays).
        """
        texts = [t if isinstance(t, str) else "" for t in texts]
        model = self._new_model().fit(texts)
        content = [normalise(texts[i]) for i in np.flatnonzero(model.labels_ != NO_COMMENT)]
        new_anchors = self._anchors(content, model.fit_labels_)
        old_ids = list(self.row_ids_)
        mapping: dict[int, int] = {}
        if old_ids and model.n_themes_:
            sim = new_anchors @ self.anchors_.T
            rows, cols = linear_sum_assignment(-sim)
            for r, c in zip(rows, cols, strict=True):
                if sim[r, c] >= self.min_match_similarity:
                    mapping[int(r)] = old_ids[c]
        themes = dict(self.themes_)
        for tid in themes:
            themes[tid] = replace(themes[tid], active=False)
        for t in model.themes_:
            if t.id in mapping:
                themes[mapping[t.id]] = replace(
                    themes[mapping[t.id]], label=t.label, keywords=t.keywords, active=True
                )
            else:
                mapping[t.id] = self.next_id_
                themes[self.next_id_] = TrackedTheme(self.next_id_, t.label, t.keywords)
                self.next_id_ += 1
        self.themes_ = themes
        self._install(model, texts, [mapping[t.id] for t in model.themes_])
        return mapping

    def report(
        self, waves: Sequence[object], theme_ids: Sequence[int], sentiment: Sequence[float] | None = None
    ) -> list[WaveThemeStats]:
        """:func:`wave_report` with curated labels, leaving out hidden themes."""
        rows = wave_report(waves, theme_ids, sentiment, labels=self.labels())
        hidden = {i for i, t in self.themes_.items() if t.curation.state == "hidden"}
        return [r for r in rows if r.theme_id not in hidden]


def wave_report(
    waves: Sequence[object],
    theme_ids: Sequence[int],
    sentiment: Sequence[float] | None = None,
    labels: Mapping[int, str] | None = None,
    alpha: float = 0.05,
) -> list[WaveThemeStats]:
    """Per wave and theme: count, share of the wave's comments with content, mean sentiment with a 95%
    interval, and the change in share from the previous wave with a two-proportion z-test.

    ``waves``, ``theme_ids`` and ``sentiment`` are aligned per comment; waves are ordered by sorting.
    ``NO_COMMENT`` comments count in no denominator.
    """
    waves_arr = np.asarray(list(waves), dtype=object)
    ids = np.asarray(theme_ids, dtype=int)
    scores = np.full(len(ids), np.nan) if sentiment is None else np.asarray(sentiment, dtype=float)
    if not (len(waves_arr) == len(ids) == len(scores)):
        raise ValueError("waves, theme_ids and sentiment must have the same length")
    labels = dict(labels or {})
    content = ids != NO_COMMENT
    theme_list = sorted(set(ids[content].tolist()))
    rows: list[WaveThemeStats] = []
    previous: dict[int, tuple[int, int]] = {}
    for wave in sorted(set(waves_arr.tolist())):
        in_wave = (waves_arr == wave) & content
        total = int(in_wave.sum())
        for tid in theme_list:
            members = in_wave & (ids == tid)
            count = int(members.sum())
            interval = mean_interval(scores[members])
            prev = previous.get(tid)
            test = two_proportion_test(prev[0], prev[1], count, total) if prev else None
            rows.append(
                WaveThemeStats(
                    wave=wave,
                    theme_id=tid,
                    label=labels.get(tid, f"Theme {tid}"),
                    count=count,
                    total=total,
                    share=count / total if total else 0.0,
                    sentiment_mean=interval.mean,
                    sentiment_low=interval.low,
                    sentiment_high=interval.high,
                    previous_share=test.p1 if test else None,
                    change=test.difference if test else None,
                    p_value=test.p_value if test else None,
                    significant=bool(test is not None and test.p_value < alpha),
                )
            )
            if total:
                previous[tid] = (count, total)
    return rows
