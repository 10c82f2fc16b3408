import numpy as np
import pytest

from analysis.themes import NO_COMMENT, ThemeModel
from analysis.tracking import Curation, ThemeTracker, wave_report
from analysis.trends import mean_interval, two_proportion_test

from .theme_fixtures import TOPICS, topic_comments

NEW_TOPIC = [
    f"{s} {p}."
    for s in ["The lift in the office", "The office lift", "Our lift", "The broken lift"]
    for p in [
        "has been out of order for weeks",
        "is broken again so we carry files up the stairs",
        "keeps trapping people between floors",
        "needs fixing before someone gets hurt",
    ]
]


@pytest.fixture()
def tracker():
    texts, _ = topic_comments()
    return ThemeTracker(ThemeModel(n_themes=len(TOPICS), random_state=0), min_new_theme_size=8).fit(texts)


def _theme_of(tracker, word):
    return next(i for i, t in tracker.themes_.items() if word in t.label.lower() or word in t.keywords)


def test_assign_keeps_existing_themes(tracker):
    texts, _topics = topic_comments()
    result = tracker.assign([*texts[::3], "n/a"])
    fitted = tracker.model_.labels_[::3]
    assert np.mean(result.theme_ids[:-1] == fitted) > 0.9
    assert result.theme_ids[-1] == NO_COMMENT
    assert result.new_theme_ids == ()
    assert result.is_far[:-1].mean() < 0.2


def test_far_comments_surface_as_a_new_theme(tracker):
    texts, _ = topic_comments(per_topic=6)
    before = set(tracker.themes_)
    result = tracker.assign(texts + NEW_TOPIC)
    assert len(result.new_theme_ids) == 1
    new_id = result.new_theme_ids[0]
    assert new_id not in before and tracker.themes_[new_id].curation.state == "suggested"
    lift = result.theme_ids[len(texts) :]
    assert np.mean(lift == new_id) >= 0.7
    assert np.mean(result.theme_ids[: len(texts)] == new_id) < 0.1
    assert "lift" in tracker.themes_[new_id].label.lower()
    # Accepted: the next wave's lift comments go to the same new theme.
    again = tracker.assign(["The lift is broken again and nobody has fixed it"])
    assert again.theme_ids[0] == new_id


def test_scattered_outliers_do_not_make_a_theme(tracker):
    odd = [
        "Bananas",
        "I enjoyed the summer fair",
        "Who moved my chair",
        "Great coffee",
        "The river flooded",
        "My cat",
        "Football tonight",
        "Where is the stapler",
        "Nice weather",
        "Lottery numbers",
    ]
    assert tracker.assign(odd).new_theme_ids == ()


def test_refit_keeps_ids_and_curated_names(tracker):
    texts, _ = topic_comments()
    parking = _theme_of(tracker, "parking")
    laptops = _theme_of(tracker, "laptop")
    training = _theme_of(tracker, "training")
    tracker.curate(parking, Curation(state="renamed", label="Car parking at County Hall"))
    tracker.curate(laptops, Curation(state="hidden"))
    tracker.curate(training, Curation(state="merged", merged_into=_theme_of(tracker, "supervision")))
    # Re-fit on a shuffled, larger series: theme numbering inside the model changes, ids must not.
    order = np.random.default_rng(1).permutation(len(texts))
    mapping = tracker.refit([texts[i] for i in order] + NEW_TOPIC[:4])
    assert set(mapping.values()) >= {parking, laptops, training}
    assert tracker.labels()[parking] == "Car parking at County Hall"
    assert tracker.themes_[laptops].curation.state == "hidden"
    result = tracker.assign(["Training courses are booked up months ahead", "No parking spaces at all"])
    assert result.theme_ids[0] == tracker.resolve(training) == _theme_of(tracker, "supervision")
    assert result.theme_ids[1] == parking


def test_curation_restored_from_the_app():
    texts, _ = topic_comments()
    first = ThemeTracker(ThemeModel(n_themes=len(TOPICS))).fit(texts)
    stored = {i: Curation(state="renamed", label=f"Named {i}") for i in first.themes_}
    second = ThemeTracker(ThemeModel(n_themes=len(TOPICS)), curation=stored).fit(texts)
    assert second.labels()[0] == "Named 0"
    with pytest.raises(ValueError):
        Curation(state="merged")
    with pytest.raises(ValueError):
        Curation(state="archived")


def test_mean_interval_contains_mean():
    rng = np.random.default_rng(0)
    values = rng.uniform(-1, 1, 40)
    ci = mean_interval(values)
    assert ci.low < ci.mean < ci.high and ci.n == 40
    assert mean_interval([0.5]).low is None
    assert mean_interval([]).mean is None


def test_two_proportion_test():
    assert two_proportion_test(20, 100, 50, 100).p_value < 0.001
    assert two_proportion_test(20, 100, 22, 100).p_value > 0.5
    assert two_proportion_test(0, 10, 0, 10).p_value == 1.0
    assert two_proportion_test(1, 0, 1, 10) is None


def test_wave_report_flags_an_obvious_shift():
    rng = np.random.default_rng(0)
    waves = [1] * 100 + [2] * 100
    ids = [0] * 20 + [1] * 80 + [0] * 60 + [1] * 38 + [NO_COMMENT] * 2
    sentiment = rng.uniform(-1, 1, 200)
    rows = wave_report(waves, ids, sentiment, labels={0: "Parking", 1: "Laptops"})
    by = {(r.wave, r.theme_id): r for r in rows}
    first, second = by[(1, 0)], by[(2, 0)]
    assert first.count == 20 and first.share == pytest.approx(0.2) and first.p_value is None
    assert second.total == 98 and second.share == pytest.approx(60 / 98)
    assert second.significant and second.change > 0 and second.label == "Parking"
    for r in rows:
        assert r.sentiment_low <= r.sentiment_mean <= r.sentiment_high


def test_report_hides_hidden_themes(tracker):
    texts, _ = topic_comments()
    result = tracker.assign(texts)
    hidden = _theme_of(tracker, "laptop")
    tracker.curate(hidden, Curation(state="hidden"))
    rows = tracker.report([1] * len(texts), result.theme_ids)
    assert rows and all(r.theme_id != hidden for r in rows)
    assert all(r.sentiment_mean is None for r in rows)


def test_anchors_match_across_contextual_and_static_fits():
    # The app carries curated names between runs by anchors; a run embedded in context and one embedded
    # statically (over ThemeModel.max_contextual comments) must still find each other's themes.
    texts, _ = topic_comments()
    texts = texts + [f"{t[:-1]}, again this month." for t in texts]  # 240: the contextual UMAP path
    contextual = ThemeTracker(ThemeModel(n_themes=len(TOPICS), random_state=0)).fit(texts)
    static = ThemeTracker(ThemeModel(n_themes=len(TOPICS), random_state=0, max_contextual=0)).fit(texts)
    assert contextual.model_.embedder_.contextual and not static.model_.embedder_.contextual
    assert contextual.anchors_.shape == static.anchors_.shape == (len(TOPICS), 256)
    sim = contextual.anchors_ @ static.anchors_.T
    # Each contextual theme's best static match is the theme holding the same comments.
    same = [
        int(np.bincount(static.model_.labels_[contextual.model_.labels_ == c]).argmax())
        for c in range(len(TOPICS))
    ]
    assert list(sim.argmax(axis=1)) == same
    assert (sim.max(axis=1) >= contextual.min_match_similarity).all()
