"""analysis.sentiment: edge cases, rules, determinism, the shipped model, and the targets on the dev data."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.sentiment import _MODEL_PATH, LABELS, SentimentAnalyzer, score_comment

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
STAFF = DATA / "domain" / "staff_comments_dev.csv"
REVIEWS = DATA / "sentiment" / "glassdoor_uk.csv"


@pytest.fixture(scope="module")
def analyzer() -> SentimentAnalyzer:
    return SentimentAnalyzer()


def one(analyzer: SentimentAnalyzer, text: str) -> tuple[float, str]:
    s = analyzer.score([text])
    return float(s[0]), analyzer.labels_for(s)[0]


def test_labels_constant() -> None:
    assert LABELS == ("negative", "neutral", "positive")


@pytest.mark.parametrize("text", ["", " ", "\n\t  "])
def test_empty_text_is_neutral_zero(analyzer: SentimentAnalyzer, text: str) -> None:
    assert one(analyzer, text) == (0.0, "neutral")
    assert score_comment(text) == (0.0, "neutral")


def test_empty_batch(analyzer: SentimentAnalyzer) -> None:
    out = analyzer.score([])
    assert out.shape == (0,) and out.dtype == np.float64
    assert analyzer.predict([]) == []


def test_score_comment_matches_analyzer(analyzer: SentimentAnalyzer) -> None:
    text = "My team manager has been really supportive this month."
    s, label = score_comment(text)
    assert isinstance(s, float) and label in LABELS
    assert (s, label) == one(analyzer, text)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("The training was not good.", "negative"),
        ("Not good enough.", "negative"),
        ("Supervision is not helpful at all.", "negative"),
        ("Not bad at all.", "positive"),
        ("The new rota is not bad.", "positive"),
    ],
)
def test_negation(analyzer: SentimentAnalyzer, text: str, label: str) -> None:
    assert one(analyzer, text)[1] == label


def test_negation_flips_direction(analyzer: SentimentAnalyzer) -> None:
    good, not_good = analyzer.score(["The induction was good.", "The induction was not good."])
    bad, not_bad = analyzer.score(["The induction was bad.", "The induction was not bad."])
    assert good > 0 > not_good
    assert bad < 0 < not_bad


@pytest.mark.parametrize(
    "text",
    [
        "No cons",
        "no cons really",
        "None",
        "none",
        "Nothing",
        "nothing really",
        "N/A",
        "No complaints",
        "No cons, great place to work",
        "Can't think of any downsides",
    ],
)
def test_empty_answers_and_no_cons_are_not_negative(analyzer: SentimentAnalyzer, text: str) -> None:
    s, label = one(analyzer, text)
    assert s >= 0.0
    assert label != "negative"


@pytest.mark.parametrize(
    "text",
    [
        "None",
        "nothing",
        "n/a",
        "Nothing to add.",
        "No comment",
        "Nothing that I can think of.",
        "I can't think of any at the moment",
        "Not that I can think of",
        "Nothing much to say yet",
        "None to mention",
    ],
)
def test_answers_that_say_nothing_score_zero(analyzer: SentimentAnalyzer, text: str) -> None:
    assert one(analyzer, text) == (0.0, "neutral")


@pytest.mark.parametrize(
    "text", ["Nothing to say, management is awful", "Nothing much to say, it's a great place"]
)
def test_a_view_after_nothing_to_say_still_counts(analyzer: SentimentAnalyzer, text: str) -> None:
    assert one(analyzer, text)[0] != 0.0


def test_no_cons_with_a_but_can_still_be_negative(analyzer: SentimentAnalyzer) -> None:
    s, _ = one(analyzer, "No cons really, but the pay is awful and the hours are terrible.")
    assert s < 0


def test_a_sentence_that_says_nothing_does_not_colour_the_rest(analyzer: SentimentAnalyzer) -> None:
    alone, with_filler = analyzer.score(["The team is great.", "The team is great. Nothing else to add."])
    assert with_filler > 0.2 and abs(alone - with_filler) < 0.2


@pytest.mark.parametrize(
    "text",
    [
        "Great, another new system to learn.",
        "Oh brilliant, another restructure.",
        "Fantastic... the laptop has died again.",
        "Yeah right, like caseloads are ever coming down.",
        "Thanks for nothing.",
        "Another wellbeing webinar, because that fixes caseloads.",
    ],
)
def test_sarcasm_markers_read_as_negative(analyzer: SentimentAnalyzer, text: str) -> None:
    s, label = one(analyzer, text)
    assert s < 0 and label == "negative"


def test_sincere_praise_is_not_taken_for_sarcasm(analyzer: SentimentAnalyzer) -> None:
    for text in ("Great team, great manager.", "Brilliant support from my PM this month."):
        assert one(analyzer, text)[1] == "positive", text
    assert one(analyzer, "It feels as if we are finally getting somewhere.")[0] > 0  # "as if" mid-sentence


@pytest.mark.parametrize(
    ("plain", "hedged"),
    [
        ("The new duty system is working.", "The new duty system seems to be working, I think."),
        ("Supervision is better.", "Supervision is a bit better, I suppose."),
        ("Morale is poor.", "Morale is probably a bit poor."),
    ],
)
def test_hedges_soften_without_flipping(analyzer: SentimentAnalyzer, plain: str, hedged: str) -> None:
    p, h = analyzer.score([plain, hedged])
    assert np.sign(p) == np.sign(h) != 0
    assert abs(h) < abs(p)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Caseload is 34 and still rising, I have unallocated transfers and no time to visit.", "negative"),
        ("Still no supervision since March and my PM cancels every time.", "negative"),
        ("Not enough social workers, too many agency staff and nobody stays.", "negative"),
        ("Mosaic keeps crashing and I lost a whole assessment.", "negative"),
        ("My team manager is brilliant, she always makes time for reflective supervision.", "positive"),
        ("Really proud of our team, morale is the best it has been for years.", "positive"),
        ("Down to 16 cases, first time I've felt on top of things.", "positive"),
        ("Great, another new system to learn in the middle of go live.", "negative"),
    ],
)
def test_domain_sentences(analyzer: SentimentAnalyzer, text: str, label: str) -> None:
    assert one(analyzer, text)[1] == label


@pytest.mark.parametrize(
    "text",
    [
        "Would be good to have a named contact for Mosaic questions.",
        "Could we have the team meeting fortnightly instead?",
        "Please share the caseload figures with the team each month.",
        "Any update on the pod review?",
    ],
)
def test_suggestions_are_neutral_or_mild(analyzer: SentimentAnalyzer, text: str) -> None:
    s, label = one(analyzer, text)
    assert label == "neutral" or abs(s) < 0.5


def test_contrast_weights_the_clause_after_but(analyzer: SentimentAnalyzer) -> None:
    a, b = analyzer.score(
        [
            "The team is lovely but the workload is crushing.",
            "The workload is crushing but the team is lovely.",
        ]
    )
    assert a < b
    assert a < 0


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=200), max_size=8))
def test_scores_are_bounded_floats(texts: list[str]) -> None:
    analyzer = SentimentAnalyzer()
    s = analyzer.score(texts)
    assert s.dtype == np.float64 and s.shape == (len(texts),)
    assert np.all(np.isfinite(s)) and np.all((s >= -1.0) & (s <= 1.0))
    assert all(label in LABELS for label in analyzer.labels_for(s))


def test_extreme_texts_are_bounded(analyzer: SentimentAnalyzer) -> None:
    texts = ["great " * 500, "awful!!! " * 500, "NOT NOT NOT good", "😀😀😀", "?!?!", "12345", "no " * 300]
    s = analyzer.score(texts)
    assert np.all((s >= -1) & (s <= 1))


def test_deterministic(analyzer: SentimentAnalyzer) -> None:
    texts = ["Supervision is rushed.", "Good team.", "Could we have lockers?", "", "Not bad."]
    first = analyzer.score(texts)
    assert np.array_equal(first, analyzer.score(texts))
    assert np.array_equal(first, SentimentAnalyzer().score(texts))
    assert np.array_equal(first, np.array([analyzer.score([t])[0] for t in texts]))  # batch-independent


def test_labels_for_thresholds() -> None:
    a = SentimentAnalyzer(neutral_band=0.2)
    assert a.labels_for(np.array([-1.0, -0.2, -0.19, 0.0, 0.19, 0.2, 1.0])) == [
        "negative",
        "negative",
        "neutral",
        "neutral",
        "neutral",
        "positive",
        "positive",
    ]
    wide = SentimentAnalyzer(neutral_band=0.6)
    assert wide.labels_for(np.array([-0.5, 0.5, 0.7])) == ["neutral", "neutral", "positive"]


def test_predict_is_labels_for_score(analyzer: SentimentAnalyzer) -> None:
    texts = ["Great manager.", "Awful building.", "Could we have lockers?"]
    assert analyzer.predict(texts) == analyzer.labels_for(analyzer.score(texts))


def test_parameters_stored_unchanged() -> None:
    a = SentimentAnalyzer(neutral_band=0.33, hedge_damping=0.7, C=1.5, min_df=3, dense_weight=2.0)
    assert (a.neutral_band, a.hedge_damping, a.C, a.min_df, a.dense_weight) == (0.33, 0.7, 1.5, 3, 2.0)
    assert not hasattr(a, "coef_")


def test_fit_learns_from_given_data_and_returns_self() -> None:
    texts = [f"the zorbly {w} was here" for w in ("rota", "office", "team", "plan")] * 3
    texts += [f"the blickish {w} was here" for w in ("rota", "office", "team", "plan")] * 3
    texts += [f"the {w} was here" for w in ("rota", "office", "team", "plan")] * 3
    labels = ["positive"] * 12 + ["negative"] * 12 + ["neutral"] * 12
    a = SentimentAnalyzer(min_df=1)
    assert a.fit(texts, labels) is a
    assert a.coef_.shape[1] == 3 and "zorbly" in a.vocabulary_
    assert a.predict(["the zorbly canteen was here", "the blickish canteen was here"]) == [
        "positive",
        "negative",
    ]
    b = SentimentAnalyzer(min_df=1).fit(texts, labels)
    assert np.array_equal(a.coef_, b.coef_) and np.array_equal(a.intercept_, b.intercept_)


def test_fit_on_two_labels() -> None:
    texts = ["lovely lovely place", "lovely team", "awful awful place", "awful team"] * 3
    labels = ["positive", "positive", "negative", "negative"] * 3
    a = SentimentAnalyzer(min_df=1).fit(texts, labels)
    assert a.predict(["lovely office", "awful office"]) == ["positive", "negative"]


def test_fit_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        SentimentAnalyzer().fit(["a", "b"], ["positive"])
    with pytest.raises(ValueError):
        SentimentAnalyzer().fit(["a", "b"], ["positive", "happy"])


@pytest.mark.slow
def test_shipped_model_is_the_one_built_from_heards_own_text() -> None:
    """Guards against editing the training text or the features without rebuilding the model file."""
    from analysis.sentiment_training import load_corpus

    shipped = json.loads(_MODEL_PATH.read_text("utf-8"))
    texts, labels = load_corpus()
    rebuilt = SentimentAnalyzer().fit(texts, labels).to_dict()
    assert shipped["vocabulary"] == rebuilt["vocabulary"]
    # Loose enough for another machine's floating point, far too tight for a changed corpus or feature.
    assert np.allclose(shipped["coef"], rebuilt["coef"], atol=1e-3)
    assert np.allclose(shipped["intercept"], rebuilt["intercept"], atol=1e-3)
    assert shipped["n_texts"] == len(texts)


def test_training_text_does_not_copy_the_evaluation_data() -> None:
    if not STAFF.exists():
        pytest.skip(f"shared evaluation data not found at {STAFF}")
    from analysis.sentiment_training import load_corpus
    from analysis.text import tokenise

    with open(STAFF, encoding="utf-8", newline="") as f:
        dev = [set(tokenise(r["text"])) for r in csv.DictReader(f)]
    near_copies = []
    for text in load_corpus()[0]:
        words = set(tokenise(text))
        if len(words) > 3 and any(len(words & d) / len(words | d) >= 0.75 for d in dev):
            near_copies.append(text)
    assert near_copies == []


@pytest.mark.skipif(not STAFF.exists(), reason=f"shared evaluation data not found at {STAFF}")
def test_domain_dev_target(analyzer: SentimentAnalyzer) -> None:
    from sklearn.metrics import f1_score

    with open(STAFF, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    scores = analyzer.score([r["text"] for r in rows])
    gold = [r["sentiment"] for r in rows]
    assert f1_score(gold, analyzer.labels_for(scores), average="macro") >= 0.85
    polar = [i for i, g in enumerate(gold) if g != "neutral"]
    binary = ["positive" if scores[i] > 0 else "negative" for i in polar]
    assert f1_score([gold[i] for i in polar], binary, average="macro") >= 0.85  # reported, no target


@pytest.mark.skipif(not REVIEWS.exists(), reason=f"shared evaluation data not found at {REVIEWS}")
def test_glassdoor_far_above_vader(analyzer: SentimentAnalyzer) -> None:
    """Floor on workplace reviews (sign of the score); the issue's target of 0.90 is not met yet."""
    from sklearn.metrics import f1_score

    with open(REVIEWS, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    scores = analyzer.score([r["text"] for r in rows])
    f1 = f1_score(
        [r["label"] for r in rows], ["positive" if s > 0 else "negative" for s in scores], average="macro"
    )
    assert f1 >= FLOOR_GLASSDOOR


FLOOR_GLASSDOOR = 0.85


@pytest.mark.parametrize(
    "text",
    [
        "No cons",
        "No cons worth mentioning so far",
        "Can't think of any",
        "nothing to complain about",
        "Nothing negative to share",
        "No cons for this company",
        "No cons from what I've seen",
        "No cons in my opinion.",
    ],
)
def test_bare_no_cons_answers_state_no_view(analyzer: SentimentAnalyzer, text: str) -> None:
    assert one(analyzer, text) == (0.0, "neutral")


@pytest.mark.parametrize(
    "text",
    ["The canteen food is rubbish", "Rotas are shoddy and inconsistent", "A thankless, monotonous job"],
)
def test_british_and_workplace_complaints_are_negative(analyzer: SentimentAnalyzer, text: str) -> None:
    assert one(analyzer, text)[1] == "negative"


@pytest.mark.parametrize(
    "text",
    [
        "No cons, the team is brilliant",
        "No cons about the team, the managers are supportive and kind",
        "No real cons, overall a great year",
    ],
)
def test_no_cons_followed_by_a_view_keeps_the_view(analyzer: SentimentAnalyzer, text: str) -> None:
    assert one(analyzer, text)[1] == "positive"


@pytest.mark.parametrize(
    "text", ["Pointless meetings and unrealistic deadlines", "Sloppy handovers between teams"]
)
def test_workplace_adjectives_missing_from_vader_are_read(analyzer: SentimentAnalyzer, text: str) -> None:
    assert one(analyzer, text)[1] == "negative"


def test_a_no_cons_opening_does_not_outweigh_the_complaint_after_it(analyzer: SentimentAnalyzer) -> None:
    assert one(analyzer, "Nothing bad about my colleagues, but the pay is dreadful")[0] < 0
