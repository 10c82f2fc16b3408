import csv
import re
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from analysis.themes import (
    NO_COMMENT,
    Theme,
    ThemeModel,
    _is_noun_phrase,
    _ngrams,
    _tokens,
    describe_themes,
    is_no_comment,
    knn_graph,
    neighbour_lists,
)

from .theme_fixtures import NO_COMMENTS, TOPICS, topic_comments

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "themes"


@pytest.fixture(scope="module")
def corpus():
    texts, topics = topic_comments()
    return texts + NO_COMMENTS, topics


@pytest.fixture(scope="module")
def fitted(corpus):
    texts, _ = corpus
    return ThemeModel(n_themes=len(TOPICS), random_state=0).fit(texts)


@pytest.mark.parametrize("text", [*NO_COMMENTS, "Nothing to add at this time, thank you", "?", "", None])
def test_no_comment_detected(text):
    assert is_no_comment(text)


@pytest.mark.parametrize(
    "text", ["No parking spaces", "Not sure the new system works", "none of the training helped"]
)
def test_comments_with_content_are_kept(text):
    assert not is_no_comment(text)


def test_recovers_obvious_topics(corpus, fitted):
    _texts, topics = corpus
    labels = fitted.labels_[: len(topics)]
    assert adjusted_rand_score(topics, labels) > 0.9
    assert fitted.n_themes_ == len(TOPICS)


def test_no_comment_group_never_in_a_theme(corpus, fitted):
    _texts, topics = corpus
    assert (fitted.labels_[len(topics) :] == NO_COMMENT).all()
    assert (fitted.labels_[: len(topics)] != NO_COMMENT).all()
    assert fitted.theme_labels_[NO_COMMENT] == "No comment"
    assert sum(t.size for t in fitted.themes_) == len(topics)


def test_deterministic_under_random_state(corpus, fitted):
    texts, _ = corpus
    again = ThemeModel(n_themes=len(TOPICS), random_state=0).fit(texts)
    assert np.array_equal(again.labels_, fitted.labels_)
    assert again.themes_ == fitted.themes_
    assert np.allclose(again.cluster_centers_, fitted.cluster_centers_)


def test_fit_predict_consistency(corpus, fitted):
    texts, _ = corpus
    assert np.mean(fitted.predict(texts) == fitted.labels_) >= 0.95
    assert np.array_equal(ThemeModel(n_themes=len(TOPICS)).fit_predict(texts), fitted.labels_)


def test_new_comments_are_assigned_to_the_right_theme(corpus, fitted):
    _texts, topics = corpus
    new = {
        "parking": "There are never any parking spaces left in the car park",
        "laptops": "The laptop crashed twice today and I lost my notes",
        "supervision": "My manager cancelled supervision again",
        "training": "I would love more training courses on court work",
    }
    predicted = fitted.predict([*list(new.values()), "n/a"])
    for (topic, _), got in zip(new.items(), predicted, strict=False):
        members = [t for t, lab in zip(topics, fitted.labels_, strict=False) if lab == got]
        assert max(set(members), key=members.count) == topic
    assert predicted[-1] == NO_COMMENT


def test_transform_is_similarity_to_each_theme(corpus, fitted):
    texts, _ = corpus
    sims = fitted.transform(texts[:5])
    assert sims.shape == (5, fitted.n_themes_)
    assert np.all(sims <= 1 + 1e-5) and np.all(sims >= -1 - 1e-5)


def test_themes_are_described(fitted, corpus):
    texts, _ = corpus
    labels = [t.label for t in fitted.themes_]
    assert len(set(labels)) == len(labels)
    for theme in fitted.themes_:
        assert isinstance(theme, Theme)
        assert 3 <= len(theme.exemplars) <= 5
        assert len(set(theme.exemplars)) == len(theme.exemplars)
        assert len({texts[i] for i in theme.exemplars}) == len(theme.exemplars)  # distinct texts
        assert all(fitted.labels_[i] == theme.id for i in theme.exemplars)
        assert theme.keywords and theme.size > 0
        # A readable phrase: whole words from the comments, capitalised, no stems or fragments.
        assert re.fullmatch(r"[A-Z][\w'’ -]*(\([\w ]+\))?", theme.label), theme.label
        words = {w.lower() for t in texts for w in re.findall(r"\w+", t)}
        assert all(w.lower() in words | {"and"} for w in re.findall(r"\w+", theme.label)), theme.label
    by_topic = " ".join(labels).lower()
    for word in ("parking", "laptop", "supervision", "training"):
        assert word in by_topic


def test_automatic_number_of_themes_within_bounds(corpus):
    texts, _ = corpus
    model = ThemeModel(min_themes=3, max_themes=8, random_state=0).fit(texts)
    assert 3 <= model.n_themes_ <= 8
    assert set(model.k_scores_) == set(range(3, 9))
    best = max(model.k_scores_.values())
    assert model.k_scores_[model.n_themes_] >= best - 0.05 * abs(best)


def test_small_and_empty_inputs():
    model = ThemeModel().fit(["n/a", "", "none"])
    assert model.n_themes_ == 0 and (model.labels_ == NO_COMMENT).all()
    assert (model.predict(["more parking please"]) == NO_COMMENT).all()
    few = ThemeModel().fit(["parking is bad", "parking is awful", "laptops crash"])
    assert few.n_themes_ == 1 and len(few.themes_[0].exemplars) == 3


def test_get_params_roundtrip():
    model = ThemeModel(n_themes=7, max_themes=12)
    assert model.get_params()["n_themes"] == 7
    assert ThemeModel(**model.get_params()).get_params() == model.get_params()


@pytest.mark.skipif(not (SHARED / "agnews.csv").exists(), reason="shared/data/themes not available")
def test_quick_nmi_on_shared_subsample():
    with open(SHARED / "agnews.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    rng = np.random.default_rng(0)
    rows = [rows[i] for i in rng.choice(len(rows), 2000, replace=False)]
    labels = ThemeModel(n_themes=4, random_state=0).fit_predict([r["text"] for r in rows])
    assert normalized_mutual_info_score([r["label"] for r in rows], labels) > 0.45


@pytest.mark.parametrize(
    "phrase, ok",
    [
        ("unallocated cases", True),
        ("signs of safety", True),
        ("early help", True),
        ("front door", True),
        ("mosaic", True),
        ("looks good", False),
        ("caseload of actually", False),
        ("social", False),
        ("wellbeing day", True),
        ("working hours", True),
        ("four tms", False),  # counts and quantities never open a label
        ("twelve years", False),
        ("less paperwork", False),
        ("real difference", False),  # nor judgements
        ("tuesday morning", False),  # nor "when" phrases
        ("useful hour", False),
        ("hard days", False),
        ("ap ap", False),
        ("transfer take", False),  # an everyday verb, not a noun
    ],
)
def test_labels_are_noun_phrases(phrase, ok):
    assert _is_noun_phrase(phrase) is ok


def test_acronyms_count_as_nouns():
    assert not _is_noun_phrase("eh hub")  # "eh" is an interjection to the word list...
    assert _is_noun_phrase("eh hub", frozenset({"eh"}))  # ...but "EH hub" is the early help hub


def test_phrases_do_not_cross_sentences_numbers_or_hyphens():
    grams = _ngrams(
        _tokens("Each one reviews my cases and changes the plan. Families wait 18 weeks at DCS drop-in")
    )
    assert "plan families" not in grams and "wait weeks" not in grams
    assert "dcs drop-in" in grams and "dcs drop" not in grams


def _describe(groups: list[list[str]], repeat: int = 3) -> list[str]:
    """Labels of hand-made themes: each group of comments is one theme."""
    texts = [text for group in groups for text in group * repeat]
    labels = np.repeat(np.arange(len(groups)), [len(group) * repeat for group in groups])
    return [label for label, _ in describe_themes(texts, labels, len(groups))]


PARKING = [
    "No parking spaces at the office",
    "Parking at the hub is impossible",
    "Parking permits cost a fortune",
]
SECTOR = [  # marks the set as children's services: CAMHS and MASH written as staff write them
    "CAMHS waiting lists are far too long",
    "CAMHS never come to the MASH",
    "The MASH needs CAMHS in the room",
]


def test_no_label_opens_with_a_count_or_a_time():
    turnover = [
        "Four TMs left this year",
        "four TMs left in a year and nobody explained why",
        "We have had four TMs left since January",
        "Four TMs left. Twelve years I have been here",
    ]
    labels = _describe([turnover, PARKING])
    first = labels[0].split()[0].lower()
    assert first not in {"four", "twelve", "years", "january"}, labels
    assert "tm" in labels[0].lower() or "team manager" in labels[0].lower(), labels


def test_a_small_theme_is_named_by_a_noun_phrase_not_a_bare_adjective():
    # Each comment once (no phrase used twice): the fallback must still pick a noun phrase, not "Short".
    invites = [
        "Invites to conferences arrive at short notice",
        "Short breaks between meetings",
        "Reports are short and late",
    ]
    labels = _describe([invites, PARKING], repeat=1)
    assert labels[0].lower() != "short", labels
    nouns = {"notice", "breaks", "conferences", "invites", "meetings", "reports"}
    assert labels[0].split()[-1].lower() in nouns, labels


def test_staff_shorthand_is_spelled_out_on_childrens_services_sets():
    managers = ["My TM is amazing", "TM always passes on updates", "my TM listens", "the TM is stretched"]
    labels = _describe([managers, SECTOR, PARKING])
    assert labels[0] == "Team manager", labels


def test_two_themes_about_one_role_are_told_apart_by_a_topic_not_by_its_shorthand():
    support = ["My TM is amazing", "TM always passes on updates", "my TM listens", "the TM is supportive"]
    absent = ["TM is never there", "TM too busy", "cannot find my TM", "TM always in meetings"]
    labels = _describe([support, absent, SECTOR, PARKING])
    assert labels[0] == "Team manager", labels
    assert labels[1].startswith("Team manager") and labels[1] != "Team manager", labels
    assert "(tm)" not in labels[1].lower(), labels


def test_shorthand_is_not_guessed_on_other_sets():
    news = [
        "AP reports the game was won",
        "AP says the team won",
        "the AP story on the game",
        "AP on the win",
    ]
    labels = _describe([news, PARKING])
    assert "provision" not in labels[0].lower(), labels


def test_an_acronym_defined_in_the_text_is_spelled_out():
    macs = [
        "The operating system (OS) update broke my build",
        "OS upgrade broke everything",
        "which OS is best for this",
        "OS crashes after install",
    ]
    labels = _describe([macs, PARKING])
    assert labels[0].lower().startswith("operating system"), labels


def test_and_joins_two_halves_not_one_sentence():
    # "front door" and "real difference" always come together: one topic (and a judgement), no "and".
    door = [
        "Fix the front door, it made a real difference",
        "the front door made a real difference to us",
        "Real difference from the front door team",
        "front door changes made a real difference",
    ]
    assert _describe([door, PARKING])[0] == "Front door"
    # Laptops and parking are said in different comments, each by half the theme: two halves.
    halves = ["The laptops are ancient", "laptops are so slow", "Parking is a nightmare", "no parking again"]
    assert _describe([halves, SECTOR])[0].lower() in {"laptops and parking", "parking and laptops"}


def test_labels_are_distinct_across_themes_even_in_the_plural():
    caseload = ["My caseload is too high", "caseload is unmanageable"]
    caseloads = ["caseloads are too high", "caseloads unmanageable"]
    labels = _describe([caseload, caseloads, PARKING])
    keys = {re.sub(r"s\b", "", label.lower()) for label in labels}
    assert len(keys) == len(labels), labels


def test_an_english_word_used_as_a_system_name_is_glossed():
    system = [
        "Recording on Framework takes ages",
        "I lost my recording when Framework crashed",
        "Since Framework went live recording is slower",
        "recording in Framework needs too many clicks",
    ]
    labels = _describe([system, PARKING])
    assert labels[0].endswith("(Framework)"), labels


def test_a_system_name_label_says_what_it_is():
    systems = [
        "Atlas crashes every afternoon",
        "Atlas is so slow to load",
        "Atlas lost my recording",
        "recording on Atlas takes ages",
        "Atlas keeps freezing during recording",
        "recording in Atlas needs too many clicks",
    ]
    parking = ["no parking spaces at the office", "parking at the hub is impossible", "parking permits"]
    supervision = ["supervision keeps being cancelled", "monthly supervision is good", "rushed supervision"]
    groups = (systems, parking, supervision)
    texts = [f"{text}{tail}" for group in groups for text in group for tail in ("", "!", ".")]
    model = ThemeModel(n_themes=3, random_state=0).fit(texts * 3)
    labels = [t.label for t in model.themes_]
    assert "Recording (Atlas)" in labels, labels


def test_knn_graph_does_not_depend_on_the_block_size():
    x = np.random.default_rng(1).normal(size=(300, 16)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    small, default = knn_graph(x, 10, block=7), knn_graph(x, 10)
    assert (small != default).nnz == 0
    assert small.shape == (300, 300) and small.diagonal().sum() == 0


def test_approximate_neighbours_for_large_sets_find_the_exact_edges(monkeypatch):
    """Above ``_EXACT_KNN_MAX`` comments the graph comes from an inverted-file search: still faithful."""
    import analysis.themes as themes

    rng = np.random.default_rng(0)
    centres = rng.normal(size=(30, 32))
    x = (centres[rng.integers(0, 30, 6000)] + 0.7 * rng.normal(size=(6000, 32))).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    exact = knn_graph(x, 10)
    monkeypatch.setattr(themes, "_EXACT_KNN_MAX", 1000)
    monkeypatch.setattr(themes, "_CELL_SIZE", 200)
    approx = knn_graph(x, 10, random_state=0)
    assert (approx != knn_graph(x, 10, random_state=0)).nnz == 0  # deterministic
    found = (exact > 0).multiply(approx > 0).nnz / (exact > 0).nnz
    assert found >= 0.95
    assert approx.diagonal().sum() == 0


# -- UMAP layout of contextual embeddings ------------------------------------------------------------------
@pytest.fixture(scope="module")
def umap_corpus():
    texts, topics = topic_comments()
    # Enough comments (240) for the UMAP layout; the second half says the same things a little differently.
    return texts + [f"{t[:-1]}, again this month." for t in texts], topics * 2


def test_contextual_embeddings_take_the_umap_layout_deterministically(umap_corpus):
    texts, topics = umap_corpus
    model = ThemeModel(n_themes=len(TOPICS), random_state=0).fit(texts)
    assert model.method_ == "umap" and model.embedder_.contextual
    assert model.lexical_weight_ == 0.3
    assert adjusted_rand_score(topics, model.labels_) > 0.9
    again = ThemeModel(n_themes=len(TOPICS), random_state=0).fit(texts)
    assert np.array_equal(again.labels_, model.labels_) and again.themes_ == model.themes_
    assert np.mean(model.predict(texts) == model.labels_) >= 0.95


def test_automatic_number_of_themes_on_the_umap_layout(umap_corpus):
    texts, _ = umap_corpus
    model = ThemeModel(min_themes=2, max_themes=8, random_state=0).fit(texts)
    assert model.method_ == "umap"
    assert model.n_themes_ == len(TOPICS)
    assert set(model.k_scores_) == set(range(2, 9))


def test_small_sets_and_static_embeddings_keep_the_graph_layout(corpus, fitted, umap_corpus):
    assert fitted.method_ in ("spectral", "diffusion")  # 120 comments: below UMAP's minimum
    static = ThemeModel(n_themes=len(TOPICS), random_state=0, max_contextual=0).fit(umap_corpus[0])
    assert type(static.embedder_).__name__ == "StaticEmbedder"
    assert static.method_ in ("spectral", "diffusion") and static.lexical_weight_ == 0.5
    forced = ThemeModel(n_themes=len(TOPICS), random_state=0, max_contextual=0, layout="umap").fit(
        umap_corpus[0]
    )
    assert forced.method_ == "umap"


def test_unknown_layout_is_refused(umap_corpus):
    with pytest.raises(ValueError, match="layout"):
        ThemeModel(n_themes=2, layout="tsne").fit(umap_corpus[0])


def test_neighbour_lists_start_with_the_comment_itself_then_nearest_first():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(60, 8)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    idx, dist = neighbour_lists(x, 6)
    assert idx.shape == dist.shape == (60, 6)
    assert (idx[:, 0] == np.arange(60)).all() and np.allclose(dist[:, 0], 0, atol=1e-6)
    assert (np.diff(dist, axis=1) >= -1e-6).all()
    brute = np.argsort(-(x @ x.T), axis=1)[:, :6]
    assert all(set(a) == set(b) for a, b in zip(idx, brute, strict=True))
    assert np.allclose(dist, 1 - np.take_along_axis(x @ x.T, idx, axis=1), atol=1e-5)
