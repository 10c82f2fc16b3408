"""Theme discovery: a scikit-learn-style estimator that groups comments into a readable number of themes.

Pipeline (each step measured on the shared labelled sets, see ``benchmarks/analysis_themes.py``):

1. Comments that say nothing ("n/a", "no", "nothing to add", "-") go to ``NO_COMMENT`` and never into a theme.
2. Each comment becomes L2-normalised views, concatenated: sentence embeddings (meaning) and an LSA
   projection of a TF-IDF bag of words fitted on the comments themselves (the set's own vocabulary: product
   names, acronyms). Up to ``max_contextual`` comments the embeddings are all-MiniLM-L6-v2 itself, in
   context, beside its static distillation with equal weight (``analysis.embeddings``); above that, or
   where PyTorch is not installed, the static distillation alone (~50x faster).
3. With contextual embeddings (200 comments or more) the comments are laid out in 10 dimensions by UMAP
   from their exact cosine neighbours and k-means (10 restarts) cuts the layout into themes, BERTopic's
   recipe on a richer space. Otherwise a symmetric k-nearest-neighbour cosine graph is built and two
   partitions of it are made: k-means on its spectral embedding (top eigenvectors of the normalised
   adjacency) and k-means on the comment vectors diffused over the graph; the one with the higher graph
   modularity is kept.
4. With no number given, k is the fewest themes in ``[min_themes, max_themes]`` whose partition scores
   within 5% of the best cosine silhouette on a fixed-size sample (see ``_choose_k``).
5. Each theme gets keywords by class-based TF-IDF, a label that is the most distinctive frequent noun
   phrase in its own words (coverage counted mostly over its most typical comments; a bare system name is
   glossed: "Recording (Atlas)"), and 3-5 exemplars chosen by maximal marginal relevance (typical yet
   different).
"""

from __future__ import annotations

import functools
import itertools
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClusterMixin, TransformerMixin
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.metrics import silhouette_score
from sklearn.utils.extmath import randomized_svd
from sklearn.utils.validation import check_is_fitted

from analysis.embeddings import default_embedder, unit_rows
from analysis.text import normalise, tokenise

NO_COMMENT = -1
NO_COMMENT_LABEL = "No comment"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words, written for Heard (sklearn's list drops content words such as "system", "call", "fire").
STOP_WORDS = _words(
    """
    a about above after again against all almost also although always am an and any anyone anything are
    aren't around as at be because been before being below between both but by can can't cannot could
    couldn't did didn't do does doesn't doing don't done down during each either else even ever every
    few for from further get gets getting got had hadn't has hasn't have haven't having he he'd he'll
    her here here's hers herself him himself his how how's however i i'd i'll i'm i've if im in into is
    isn't it it's its itself just let's lot lots many may maybe me might more most much must mustn't my
    myself need needs no nor not now of off often on once one only or other others otherwise ought our
    ours ourselves out over own per quite rather really said same say says shall shan't she she'd she'll
    she's should shouldn't since so some something sometimes still such than that that's the their
    theirs them themselves then there there's these they they'd they'll they're they've thing things
    this those though through thus to too toward towards under until up upon us very via was wasn't we
    we'd we'll we're we've were weren't what what's whatever when when's where where's whether which
    while who who's whom whose why why's will with within without won't would wouldn't yet you you'd
    you'll you're you've your yours yourself yourselves dont cant wont isnt didnt doesnt ive id nothing
    everything anybody somebody
    """
)

# Everyday words that say little about a topic on their own: never a one-word label or keyword, never the
# first word of a label phrase (they may end one: "waiting time").
GENERIC_WORDS = _words(
    """
    like feel feels felt came come comes coming went gone know knows knew think thought told tell
    telling make makes made want wanted well back way bit yes ok okay good great bad better worse best
    worst first last next new old time times day days week weeks month months year years today now ago
    people person everyone everybody someone nobody anyone thanks thank please lot lots little big keep
    kept put take took taken use used using work working worked said says say see seen saw also actually
    still even definitely honestly literally sure able feel difference place part idea point kind sort stuff
    reason side note matter sense issue issues problem problems
    """
)

# Words that, alone or together, make a comment that says nothing.
_FILLER = _words(
    """
    n a na n/a no none nothing nope nil null not sure unsure applicable comment comments to add further
    else more at this time the moment present thanks thank you ta ok okay fine i have no don't dont know
    idk nah really other than that all for now as above see previous answer same pass skip yes x xx xxx
    tbc any anything
    """
)
_MAX_FILLER_TOKENS = 8
_SVD_ITERATIONS = 8
_DIFFUSION_STEPS = 2
_K_TOLERANCE = 0.05
# Words keep their apostrophes and hyphens ("drop-in" is one word, so no label ends on half of it: "DCS
# drop"); punctuation that ends a clause and numbers cut phrases.
_TOKEN = re.compile(r"(?P<word>[^\W\d_]+(?:['’-][^\W\d_]+)*)|(?P<cut>[.!?;:,()\[\]\"“”…|]|\d+|\s[-–—]+\s)")
_BREAK = "|"


def is_no_comment(text: str | None) -> bool:
    """True if ``text`` carries no content: empty, punctuation only, or only filler words ("n/a", "no")."""
    if not isinstance(text, str):
        return True
    tokens = tokenise(text.replace("/", ""))
    if not tokens:
        return True
    return len(tokens) <= _MAX_FILLER_TOKENS and all(tok in _FILLER for tok in tokens)


@dataclass(frozen=True)
class Theme:
    """One discovered theme; ``exemplars`` index into the texts the model was fitted on."""

    id: int
    label: str
    keywords: tuple[str, ...]
    size: int
    exemplars: tuple[int, ...]


_l2 = unit_rows


# Elements of one block of similarities (rows x fitted comments). 2**26 float32 values are 256 MB; with the
# negated copy and argpartition's int64 indices a block costs about 1 GB at most, however many comments
# there are. (A fixed 2,048-row block cost 3-4 GB at 100,000 comments.) Up to 32,768 comments the block is
# the 2,048 rows it always was, so results on the benchmark sets are unchanged.
_BLOCK_ELEMENTS = 1 << 26


def _row_block(n_columns: int, budget: int = _BLOCK_ELEMENTS) -> int:
    return int(max(16, min(2048, budget // max(1, n_columns))))


def _top_k(sims: np.ndarray, k: int) -> np.ndarray:
    """Column indices of the ``k`` largest entries of each row, in any order."""
    # When the contextual embedder has already loaded PyTorch, its multi-threaded top-k is about four times
    # faster than numpy's single-threaded partition (the same neighbours, ties aside); it is never imported
    # just for this.
    torch = sys.modules.get("torch")
    if torch is not None and sims.dtype == np.float32 and sims.flags.c_contiguous:
        return torch.topk(torch.from_numpy(sims), k, dim=1, sorted=False).indices.numpy()
    return np.argpartition(sims, -k, axis=1)[:, -k:]


# Above this many comments the neighbour search is restricted to nearby cells of a coarse k-means partition
# (an inverted-file index): exact search grows with n squared and took ~4 minutes of 100,000 comments' run.
_EXACT_KNN_MAX = 40_000
_CELL_SIZE = 500  # comments per cell, on average
_PROBES = 8  # cells searched for each cell's comments


def _approximate_neighbours(
    x: np.ndarray, k: int, random_state: int | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows, columns and similarities of ``k`` near neighbours per row, searched among the comments of the
    ``_PROBES`` cells whose centres are closest to the row's own cell centre (cells: k-means on a sample)."""
    n = x.shape[0]
    n_cells = max(2, n // _CELL_SIZE)
    rng = np.random.default_rng(random_state)
    sample = x[np.sort(rng.choice(n, size=min(n, 20 * n_cells), replace=False))]
    centres = _l2(
        KMeans(n_cells, n_init=1, max_iter=50, random_state=random_state).fit(sample).cluster_centers_
    ).astype(np.float32)
    cell = np.concatenate([(x[s : s + 8192] @ centres.T).argmax(axis=1) for s in range(0, n, 8192)])
    members = [np.flatnonzero(cell == c) for c in range(n_cells)]
    near_cells = _top_k(centres @ centres.T, min(_PROBES, n_cells))
    rows, cols, vals = [], [], []
    for c in range(n_cells):
        queries = members[c]
        if len(queries) == 0:
            continue
        pool = np.concatenate([members[j] for j in near_cells[c]])
        kk = min(k, len(pool) - 1)
        sims = x[queries] @ x[pool].T
        sims[pool[None, :] == queries[:, None]] = -np.inf  # no self loops
        nn = _top_k(sims, kk)
        rows.append(np.repeat(queries.astype(np.int32), kk))
        cols.append(pool[nn].astype(np.int32).ravel())
        vals.append(np.take_along_axis(sims, nn, axis=1).ravel())
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)


def knn_graph(
    x: np.ndarray, n_neighbors: int, block: int | None = None, random_state: int | None = 0
) -> sp.csr_matrix:
    """Symmetric cosine k-nearest-neighbour graph of L2-normalised rows, without self loops.

    The neighbours are :func:`neighbour_lists`' (exact, blocked matrix products; approximate above
    ``_EXACT_KNN_MAX`` comments, deterministic under ``random_state``) minus each comment itself.
    """
    n = x.shape[0]
    k = min(n_neighbors, n - 1)
    indices, distances = neighbour_lists(x, k + 1, random_state, block=block)
    rows = np.repeat(np.arange(n, dtype=np.int32), indices.shape[1] - 1)
    # Similarities are floored just above zero so that every edge keeps the graph connected.
    w = np.maximum(1.0 - distances[:, 1:].ravel(), 1e-3).astype(np.float64)
    graph = sp.csr_matrix((w, (rows, indices[:, 1:].ravel())), shape=(n, n))
    return graph.maximum(graph.T).tocsr()


def modularity(graph: sp.csr_matrix, labels: np.ndarray) -> float:
    """Newman modularity of a partition of a weighted undirected graph."""
    total = graph.sum()
    degree = np.asarray(graph.sum(axis=1)).ravel()
    k = int(labels.max()) + 1
    onehot = sp.csr_matrix((np.ones(len(labels)), (np.arange(len(labels)), labels)), shape=(len(labels), k))
    within = (onehot.T @ graph @ onehot).diagonal()
    return float(within.sum() / total - ((onehot.T @ degree) ** 2).sum() / total**2)


def spectral_embedding(graph: sp.csr_matrix, n_components: int, random_state: int | None) -> np.ndarray:
    """Top eigenvectors of the symmetrically normalised adjacency, rows L2-normalised (Ng-Jordan-Weiss)."""
    degree = np.asarray(graph.sum(axis=1)).ravel()
    inv_sqrt = 1.0 / np.sqrt(np.maximum(degree, 1e-12))
    adj = sp.diags(inv_sqrt) @ graph @ sp.diags(inv_sqrt)
    n = adj.shape[0]
    n_components = max(1, min(n_components, n - 1))
    # (A + I) / 2 is positive semi-definite, so its top singular vectors are A's top eigenvectors; a
    # randomised range finder gets them in a few sparse products, several times faster than Lanczos here.
    vecs, _, _ = randomized_svd(
        (adj + sp.identity(n)) / 2,
        n_components,
        n_oversamples=30,
        n_iter=_SVD_ITERATIONS,
        random_state=random_state,
    )
    # Fix each eigenvector's sign so results do not depend on the solver's arbitrary choice.
    signs = np.sign(vecs[np.abs(vecs).argmax(axis=0), np.arange(vecs.shape[1])])
    return _l2(vecs * signs)


# UMAP layout of contextual embeddings, measured on the shared sets (benchmarks/README.md): 10 dimensions
# rather than BERTopic's 5 (0.2-0.5 NMI points more on Banking77, equal on StackOverflow); 100 epochs above
# 2,000 comments rather than UMAP's 200-500 (2-5x faster, NMI unchanged within seed noise on all three
# sets); 10 k-means restarts rather than 4 (+0.3 points on StackOverflow over 3 seeds, for half a second).
# Below 200 comments UMAP's own spectral start is unreliable, so small sets keep the graph partition.
_UMAP_COMPONENTS = 10
_UMAP_MIN_COMMENTS = 200
_UMAP_SHORT_EPOCHS_ABOVE = 2_000
_UMAP_N_INIT = 10


def neighbour_lists(
    x: np.ndarray, n_neighbors: int, random_state: int | None = 0, block: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Each row's ``n_neighbors`` nearest rows by cosine, itself first: ``(indices, distances)`` sorted by
    distance, the form UMAP takes as precomputed neighbours.

    Exact below ``_EXACT_KNN_MAX`` rows, by matrix products over blocks of rows (at most ``_BLOCK_ELEMENTS``
    similarities at a time, or ``block`` rows); above it approximate (see ``_approximate_neighbours``),
    deterministic under ``random_state``.
    """
    n = x.shape[0]
    k = min(n_neighbors, n)
    if n > _EXACT_KNN_MAX:
        rows, cols, vals = _approximate_neighbours(x, k - 1, random_state)
        per_row = len(rows) // n
        order = np.argsort(rows, kind="stable")
        cols = np.concatenate([np.arange(n)[:, None], cols[order].reshape(n, per_row)], axis=1)
        sims = np.concatenate([np.ones((n, 1), np.float32), vals[order].reshape(n, per_row)], axis=1)
    else:
        block = block or _row_block(n)
        cols_parts, sims_parts = [], []
        for start in range(0, n, block):
            s = x[start : start + block] @ x.T
            s[np.arange(s.shape[0]), np.arange(start, start + s.shape[0])] = np.inf  # itself first, always
            nn = _top_k(s, k)
            cols_parts.append(nn)
            sims_parts.append(np.take_along_axis(s, nn, axis=1))
            del s
        cols, sims = np.vstack(cols_parts), np.vstack(sims_parts)
        sims[cols == np.arange(n)[:, None]] = 1.0
    order = np.argsort(-sims, axis=1, kind="stable")
    cols = np.take_along_axis(cols, order, axis=1).astype(np.int64)
    dists = np.maximum(1.0 - np.take_along_axis(sims, order, axis=1), 0.0).astype(np.float32)
    return cols, dists


def umap_layout(x: np.ndarray, n_neighbors: int, n_components: int, random_state: int | None) -> np.ndarray:
    """UMAP coordinates of unit rows from their cosine neighbours (deterministic under ``random_state``)."""
    import warnings

    import umap  # imported here: numba compiles it on first use, which only theme fitting should pay

    n = x.shape[0]
    indices, distances = neighbour_lists(x, n_neighbors, random_state)
    reducer = umap.UMAP(
        n_neighbors=indices.shape[1],
        n_components=n_components,
        min_dist=0.0,
        metric="cosine",
        random_state=random_state,
        n_epochs=100 if n > _UMAP_SHORT_EPOCHS_ABOVE else None,
        precomputed_knn=(indices, distances, None),
    )
    with warnings.catch_warnings():  # "n_jobs overridden by random_state" and similar notices
        warnings.simplefilter("ignore")
        return np.asarray(reducer.fit_transform(x), dtype=np.float32)


_JOINERS = frozenset({"and", "or", "but", "nor", "so", "because", "than", "then", "if", "when", "while"})

# Words that never open a label: counts and quantities ("Four TMs", "Twelve years", "Less paperwork"),
# determiners and judgements ("Real difference", "Huge patch"). The rest of the phrase is a candidate too.
_QUANTITY_WORDS = _words(
    """
    zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
    seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds
    thousand thousands million millions dozen dozens half couple first second third fourth fifth sixth
    seventh eighth ninth tenth once twice double triple few fewer less least more most several many much
    lots plenty enough numerous various whole entire every each another other same certain
    """
)
_EVALUATIVE_WORDS = _words(
    """
    real huge massive proper useful amazing brilliant excellent fantastic lovely nice terrible awful
    horrible genuine actual absolute total complete constant right wrong different main major quick small
    large tiny poor ridiculous simple easy correct strange
    """
)
# Phrases about when, not what ("Tuesday morning", "Useful hour", "Hard days"): a time word may end a label
# only after a noun ("wellbeing day", "working hours").
_CALENDAR_WORDS = _words(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april june july august
    september october november december yesterday tomorrow tonight
    """
)
_TIME_UNITS = _words(
    """
    minute minutes min mins hour hours day days week weeks fortnight month months year years morning
    mornings afternoon afternoons evening evenings night nights weekend weekends
    """
)
_NOT_FIRST = _QUANTITY_WORDS | _EVALUATIVE_WORDS
_FIRST_TAGS_BANNED = frozenset({"CD", "DT", "PDT", "PRP$", "WDT", "EX"})


def _ngrams(words: list[str], max_n: int = 3) -> set[str]:
    """Word n-grams that neither start nor end with a function word (so never "of the" or "the new"), do
    not span two clauses ("term and nothing") and do not cross a ``_BREAK`` (a full stop, comma or number:
    "changes the plan. Families" gives no "plan families")."""
    grams = set()
    start = 0
    cuts = [i for i, w in enumerate(words) if w == _BREAK] if _BREAK in words else []
    for end in [*cuts, len(words)]:
        segment = words[start:end]
        start = end + 1
        for n in range(1, max_n + 1):
            for i in range(len(segment) - n + 1):
                first, last = segment[i], segment[i + n - 1]
                if first in STOP_WORDS or last in STOP_WORDS or first in GENERIC_WORDS:
                    continue
                if n == 3 and segment[i + 1] in _JOINERS:
                    continue
                if n == 1 and len(first) < 2:
                    continue
                grams.add(" ".join(segment[i : i + n]))
    return grams


def _tokens(text: str) -> list[str]:
    """Lower-case words of ``text`` with ``_BREAK`` wherever a sentence, clause or number cuts it."""
    return [
        _BREAK if m.lastgroup == "cut" else m.group(0)
        for m in _TOKEN.finditer(text.lower().replace("’", "'"))
    ]


def _surface_form(phrase: str, texts: Sequence[str]) -> str:
    """The phrase as its writers most often spelled it ("Mosaic", "CAMHS"), in sentence case."""
    pattern = re.compile(
        r"(?<!\w)" + r"[\s\-/]+".join(re.escape(w) for w in phrase.split()) + r"(?!\w)", re.IGNORECASE
    )
    forms: Counter[str] = Counter()
    for text in texts:
        forms.update(m.group(0) for m in pattern.finditer(text))
    if not forms:
        return phrase[:1].upper() + phrase[1:]
    # Shouted forms ("CASELOADS!!") lose to any quieter spelling; genuine acronyms have no quieter one.
    quiet = [(c, f) for f, c in forms.items() if not (f.isupper() and len(f) > 5)] or [
        (c, f) for f, c in forms.items()
    ]
    best = " ".join(max(quiet, key=lambda cf: (cf[0], cf[1]))[1].split())
    return best[:1].upper() + best[1:]


@functools.cache
def _pos_tags() -> dict[str, str]:
    """Word -> its commonest part-of-speech tag (the Brill lexicon shipped for the redactor)."""
    from analysis.redact import _lexicon  # the same table, loaded once for both

    return _lexicon().words


_NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS", "VBG"})
_MODIFIER_TAGS = _NOUN_TAGS | {"JJ", "JJR", "JJS", "VBN"}


def _is_noun_phrase(phrase: str, acronyms: frozenset[str] = frozenset()) -> bool:
    """A phrase a leader can read as a topic: modifiers then a noun ("unallocated cases", "front door",
    "signs of safety"), never a verb, adverb or pronoun ("looks good", "caseload of actually").

    Words missing from the English word list (service names: "Mosaic") and the set's ``acronyms`` ("EH",
    which the word list knows as an interjection) count as nouns. Never a label: a phrase opened by a count,
    quantity, determiner or judgement ("four TMs", "less paperwork", "real difference"), one about when
    ("Tuesday morning", "useful hour"), or one repeating a word ("AP AP").
    """
    tags = _pos_tags()
    words = phrase.split()
    if words[0] in _NOT_FIRST or tags.get(words[0]) in _FIRST_TAGS_BANNED or len(set(words)) < len(words):
        return False
    if any(w in _CALENDAR_WORDS or w in _QUANTITY_WORDS for w in words):
        return False
    last = words[-1]
    if last in _TIME_UNITS and not any(tags.get(w, "NN") in _NOUN_TAGS or w in acronyms for w in words[:-1]):
        return False
    for i, word in enumerate(words):
        tag = "NN" if word in acronyms else tags.get(word)
        is_last = i == len(words) - 1
        if word == "of" and 0 < i < len(words) - 1:
            continue
        if tag is None:
            continue
        # "early help", "peer support": a base verb after a modifier, but not after its subject ("rates
        # change") nor an everyday verb ("transfer take").
        prev = words[i - 1] if i > 0 else ""
        plural_prev = tags.get(prev) == "NNS" or (prev.endswith("s") and not prev.endswith("ss"))
        if is_last and tag == "VB" and i > 0 and not plural_prev and word not in GENERIC_WORDS:
            continue
        if tag not in (_NOUN_TAGS if is_last else _MODIFIER_TAGS):
            return False
    return True


_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n(\"“]\s*|\s[-–•*]\s*)$")


def _is_name(phrase: str, surface: str, texts: Sequence[str] = ()) -> bool:
    """A single Title-case word used as a proper noun: a system or product name ("Atlas", "Mosaic").

    A word the English word list does not know is a name when written in Title case; an English word
    ("Atlas", "Framework") is one when its writers capitalise it in mid-sentence (4 times in 5).
    """
    # Acronyms ("CAMHS", "ASYE") are how staff name those topics already; only Title-case names need a gloss.
    if " " in phrase or not surface[:1].isupper() or surface.isupper():
        return False
    if phrase not in _pos_tags():
        return True
    pattern = re.compile(r"(?<![\w'’-])" + re.escape(phrase) + r"(?![\w-])", re.IGNORECASE)
    title = lower = 0
    for text in texts:
        for m in pattern.finditer(text):
            if _SENTENCE_START.search(text[: m.start()]):
                continue  # capitals at the start of a sentence say nothing
            if m.group(0).istitle():
                title += 1
            else:
                lower += 1
    return title >= 3 and title >= 4 * lower


# Staff shorthand a reader outside the team cannot parse alone, as Heard's users write it. Used only when
# the set's own text does not spell the acronym out, and only on sets that are plainly children's services
# (see ``_SECTOR_ACRONYMS``): elsewhere "AP" is a news agency, not alternative provision.
ACRONYM_GLOSSARY: dict[str, str] = {
    "tm": "team manager",
    "pm": "practice manager",
    "sw": "social worker",
    "ssw": "senior social worker",
    "eh": "early help",
    "cp": "child protection",
    "cin": "children in need",
    "cla": "children looked after",
    "lac": "looked-after children",
    "iro": "independent reviewing officer",
    "ad": "assistant director",
    "hos": "head of service",
    "la": "local authority",
    "ap": "alternative provision",
    "dsl": "designated safeguarding lead",
    "fgc": "family group conference",
    "qa": "quality assurance",
}
# Acronyms that mark a set as children's services (at least two must appear, in capitals).
_ACRONYM = re.compile(r"\b[A-Z]{2,6}s?\b")
_SECTOR_ACRONYMS = frozenset(
    {"camhs", "mash", "asye", "dcs", "iro", "plo", "cin", "cla", "lac", "ehcp", "fgc"}
)


def _acronyms(texts: Sequence[str], index: dict[str, int], doc_freq: np.ndarray) -> frozenset[str]:
    """Lower-case words the set writes in capitals (4 times in 5 or more): "eh", "tms", "camhs"."""
    upper: Counter[str] = Counter()
    for text in texts:
        upper.update({w.lower() for w in _ACRONYM.findall(text)})
    return frozenset(w for w, n in upper.items() if n >= 2 and w in index and n >= 0.8 * doc_freq[index[w]])


_DEFINITION = re.compile(r"((?:[^\W\d_][\w'’-]*\s+){2,6})\(\s*([A-Z]{2,6})(s?)\s*\)")


def _expansions(acronyms: frozenset[str], texts: Sequence[str]) -> dict[str, str]:
    """Acronym -> what it stands for, as the set's writers spell it out ("operating system (OS)") or else,
    on children's-services sets only, by ``ACRONYM_GLOSSARY``. Keys are singular ("tm" for "TMs")."""
    defined: dict[str, Counter[str]] = {}
    for text in texts:
        if "(" not in text:
            continue
        for m in _DEFINITION.finditer(text):
            short = m.group(2).lower()
            before = m.group(1).lower().replace("-", " ").split()
            for n in range(2, min(len(before), _MAX_LABEL_WORDS - 1) + 1):
                words = before[-n:]
                initials = {"".join(w[0] for w in words), "".join(w[0] for w in words if w not in STOP_WORDS)}
                if short in initials and words[0] not in STOP_WORDS:
                    if m.group(3) and words[-1].endswith("s"):  # "team managers (TMs)" defines "TM"
                        words[-1] = words[-1][:-1]
                    defined.setdefault(short, Counter())[" ".join(words)] += 1
                    break
    out = {a: forms.most_common(1)[0][0] for a, forms in defined.items()}
    stems = acronyms | {a[:-1] for a in acronyms if a.endswith("s")}  # "TMs" and "CAMHS" alike
    if len(stems & _SECTOR_ACRONYMS) >= 2:
        for a in stems & ACRONYM_GLOSSARY.keys():
            out.setdefault(a, ACRONYM_GLOSSARY[a])
    return out


def _spell_out(label: str, acronyms: frozenset[str], expansions: dict[str, str]) -> str:
    """``label`` with staff shorthand spelled out ("EH hub" -> "Early help hub", "TMs" -> "Team managers")."""
    out: list[str] = []
    for word in label.split(" "):
        low = word.lower()
        plural = low.endswith("s") and low not in expansions and low[:-1] in expansions
        stem = low[:-1] if plural else low
        if low not in acronyms or stem not in expansions:
            out.append(word)
            continue
        full = expansions[stem]
        out.append(full + "s" if plural and not full.endswith(("s", "children")) else full)
    text = " ".join(out)
    return text[:1].upper() + text[1:]


def _class_tfidf(doc_terms: sp.csr_matrix, labels: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Per-theme document counts of each term and class-based TF-IDF scores (BERTopic's c-TF-IDF)."""
    onehot = sp.csr_matrix((np.ones(len(labels)), (labels, np.arange(len(labels)))), shape=(k, len(labels)))
    counts = np.asarray((onehot @ doc_terms).todense(), dtype=np.float64)
    tf = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
    idf = np.log1p(counts.sum(axis=1).mean() / np.maximum(counts.sum(axis=0), 1))
    return counts, tf * idf


def _widen(
    j: int, share: float, top: list[int], vocab: np.ndarray, counts: np.ndarray, f1: np.ndarray
) -> int:
    """The best phrase of ``top`` around word ``j`` with ``share`` of its uses ("door" -> "front door")."""
    if " " in vocab[j]:
        return j
    around = [p for p in top if p != j and vocab[j] in vocab[p].split() and counts[p] >= share * counts[j]]
    return max(around, key=lambda p: f1[p]) if around else j


def _label_key(label: str) -> str:
    """What two labels must not share: "Caseload" and "Caseloads" read the same."""
    return " ".join(w.removesuffix("s") for w in re.findall(r"\w+", label.lower()))


_MAX_LABEL_WORDS = 4
_PAIR_MIN_CORE = 0.2  # each half of an "X and Y" label is used by a fifth of the theme's core at least
_PAIR_MAX_OVERLAP = 0.5  # and Y mostly comes in comments without X: two halves, not one sentence


def describe_themes(
    texts: Sequence[str],
    labels: np.ndarray,
    k: int,
    n_keywords: int = 8,
    typicality: np.ndarray | None = None,
) -> list[tuple[str, tuple[str, ...]]]:
    """A readable label and top keywords for each theme ``0..k-1`` from its members' own words.

    The label is a noun phrase of one to four words ("Unallocated cases", "Front door and MASH",
    "Recording (Atlas)", "Early help hub" for "EH hub"), never opened by a count or quantity and never about
    when rather than what (see ``_is_noun_phrase``); no two themes' labels read the same. ``typicality``
    (one weight per text, e.g. its similarity to its theme's centre) makes the label's coverage count the
    most typical comments most, so a label names what the theme's core says rather than what its fringe adds.
    """
    words = [_tokens(t) for t in texts]
    vectorizer = CountVectorizer(analyzer=_ngrams, binary=True)
    doc_terms = vectorizer.fit_transform(words).tocsr()
    vocab = vectorizer.get_feature_names_out()
    index: dict[str, int] = vectorizer.vocabulary_
    counts, scores = _class_tfidf(doc_terms, labels, k)
    totals = counts.sum(axis=0)
    weights = np.ones(len(texts)) if typicality is None else np.clip(np.asarray(typicality, float), 0, 1) ** 2
    onehot_w = sp.csr_matrix((weights, (labels, np.arange(len(labels)))), shape=(k, len(labels)))
    core = np.asarray((onehot_w @ doc_terms).todense(), dtype=np.float64)
    core_mass = np.maximum(np.asarray(onehot_w.sum(axis=1)).ravel(), 1e-12)
    acronyms = _acronyms(texts, index, totals)
    nounish_memo: dict[
        int, bool
    ] = {}  # checked lazily: only a few hundred terms per theme are ever candidates

    def nounish(j: int) -> bool:
        if j not in nounish_memo:
            nounish_memo[j] = _is_noun_phrase(vocab[j], acronyms)
        return nounish_memo[j]

    expansions = _expansions(acronyms, texts)
    out: list[tuple[str, tuple[str, ...]]] = []
    used: set[str] = set()
    for c in range(k):
        member_idx = np.flatnonzero(labels == c)
        members = [texts[i] for i in member_idx]
        size = len(members)
        if size == 0:
            out.append(("Other comments", ()))
            continue

        def readable(j: int, members: list[str] = members) -> str:
            """Term ``j`` as this theme's writers spell it, acronyms spelled out ("Team manager")."""
            return _spell_out(_surface_form(vocab[j], members), acronyms, expansions)

        order = np.argsort(-scores[c], kind="stable")
        order = order[counts[c, order] > 0]
        keywords = tuple(vocab[j] for j in order if " " not in vocab[j] or counts[c, j] >= 2)[:n_keywords]
        # The label is the phrase that best balances coverage (how many of the theme's comments use it)
        # and precision (how much of its use is in this theme): the F1 of the two. A word everyone uses
        # ("month") has low precision; one vivid comment's phrase has low coverage.
        coverage = core[c] / core_mass[c]
        precision = counts[c] / np.maximum(totals, 1)
        f1 = 2 * coverage * precision / np.maximum(coverage + precision, 1e-12)
        min_count = max(1.0, min(2.0, size / 2), 0.05 * size)
        ranked = np.argsort(-f1, kind="stable")[:300]
        cands = [j for j in ranked if counts[c, j] >= min_count and f1[j] > 0 and nounish(j)]
        # A lone past participle ("Changed") names no topic; let a noun or phrase lead when there is one.
        cands.sort(key=lambda j: " " not in vocab[j] and vocab[j].endswith("ed"))
        if not cands:
            # A small theme may have no noun phrase used twice; a noun phrase used once still reads better
            # than the top keyword, which can be a bare adjective ("Short" for "short notice").
            cands = [j for j in ranked if counts[c, j] >= 1 and f1[j] > 0 and nounish(j)][:1]
            cands = cands or list(order[:1])
        if not cands:
            out.append(("Other comments", ()))
            continue
        top = cands[:40]

        best = cands[0]
        # Prefer a phrase ("unallocated cases") to a lone word when it is nearly as distinctive and
        # common: a leader reads phrases, and a phrase disambiguates ("supervision" vs "group supervision").
        phrase = next(
            (
                j
                for j in top
                if " " in vocab[j] and counts[c, j] >= 0.4 * counts[c, best] and f1[j] >= 0.6 * f1[best]
            ),
            None,
        )
        first = phrase if phrase is not None else best
        # A bare acronym takes the head noun its writers give it ("DCS drop-ins"); any word its usual phrase.
        first = _widen(first, 0.3 if vocab[first] in acronyms else 0.6, top, vocab, counts[c], f1)
        first_words = set(vocab[first].split())
        surface = _surface_form(vocab[first], members)
        label = _spell_out(surface, acronyms, expansions)
        if vocab[first] not in acronyms and _is_name(vocab[first], surface, members):
            # A bare system or service name ("Atlas") says what, not which topic: pair it with the theme's
            # broadest ordinary noun that is not just part of a phrase with the name ("Atlas training"),
            # as a leader would write it ("Recording (Atlas)").
            name = vocab[first]

            def _count(phrase: str, c: int = c) -> float:
                return counts[c, index[phrase]] if phrase in index else 0.0

            for j in sorted(top, key=lambda j: -coverage[j]):
                if (
                    j == first
                    or name in vocab[j].split()
                    or vocab[j] in GENERIC_WORDS
                    or coverage[j] < 0.1
                    or precision[j] < 0.3
                    or f1[j] < 0.25 * f1[first]
                    or 2 * max(_count(f"{name} {vocab[j]}"), _count(f"{vocab[j]} {name}")) > counts[c, j]
                ):
                    continue
                gloss = readable(j)
                if _is_name(vocab[j], gloss) or len(gloss.split()) > _MAX_LABEL_WORDS - 1:
                    continue
                label = f"{gloss} ({label})"
                first_words |= set(vocab[j].split())
                break
        # A second, unrelated concept widens the label when the theme clearly has two halves: both common
        # in its core, and mostly said in different comments (else one sentence would read as two topics).
        if "(" not in label and coverage[first] >= _PAIR_MIN_CORE:
            with_first = None
            for j in top:
                if (
                    j == first
                    or set(vocab[j].split()) & first_words
                    or f1[j] < 0.8 * f1[first]
                    or coverage[j] < _PAIR_MIN_CORE
                    or vocab[j].endswith("ed")
                    or vocab[j] in GENERIC_WORDS
                ):
                    continue
                j = _widen(j, 0.5, top, vocab, counts[c], f1)
                if set(vocab[j].split()) & first_words:
                    continue
                if with_first is None:
                    sub = doc_terms[member_idx].tocsc()
                    with_first = sub[:, first].toarray().ravel() > 0
                has_j = sub[:, j].toarray().ravel() > 0
                if (has_j & with_first).sum() > _PAIR_MAX_OVERLAP * has_j.sum():
                    continue
                second = readable(j)
                if len(label.split()) + len(second.split()) > _MAX_LABEL_WORDS or (
                    set(_label_key(second).split())
                    & set(_label_key(label).split())  # "Practice manager", "PM"
                ):
                    continue
                if second[1:2].islower():  # "Parking and Laptops" -> "Parking and laptops"; keep "CAMHS"
                    second = second[:1].lower() + second[1:]
                label = f"{label} and {second}"
                break
        if _label_key(label) in used:  # two themes must never read the same ("Caseload", "Caseloads")
            # First a narrower phrase of the same topic ("Lower caseloads"), then a keyword in brackets.
            narrower = (readable(j) for j in top if " " in vocab[j] and first_words < set(vocab[j].split()))
            label_words = set(_label_key(label).split())
            extra = (
                f"{label} ({kw})"
                for kw in keywords
                if kw not in label.lower()
                and kw.split()[0] not in label.lower()
                and not set(kw.split()) & (_NOT_FIRST | _CALENDAR_WORDS | _TIME_UNITS)
                # "Team manager (tm)": shorthand for words the label already spells out adds nothing
                and not set(_label_key(_spell_out(kw, acronyms, expansions)).split()) <= label_words
            )
            label = next(
                (alt for alt in itertools.chain(narrower, extra) if _label_key(alt) not in used),
                f"{label} ({c + 1})",
            )
        used.add(_label_key(label))
        out.append((label, keywords))
    return out


def select_exemplars(
    vectors: np.ndarray,
    center: np.ndarray,
    texts: Sequence[str],
    n: int = 5,
    pool: int = 50,
    diversity: float = 0.4,
) -> list[int]:
    """Row indices of ``n`` typical yet mutually different members, by maximal marginal relevance.

    Candidates are the ``pool`` members closest to the centre; each pick maximises
    ``(1 - diversity) * similarity to centre - diversity * similarity to the closest pick so far``.
    Duplicate texts are skipped so that exemplars are distinct.
    """
    sims = vectors @ center
    order = np.argsort(-sims, kind="stable")[:pool]
    seen: set[str] = set()
    cands = []
    for i in order:
        key = " ".join(tokenise(texts[i]))
        if key not in seen:
            seen.add(key)
            cands.append(int(i))
    picked: list[int] = []
    while cands and len(picked) < n:
        if not picked:
            best = cands[0]
        else:
            redundancy = (vectors[cands] @ vectors[picked].T).max(axis=1)
            best = cands[int(np.argmax((1 - diversity) * sims[cands] - diversity * redundancy))]
        picked.append(best)
        cands.remove(best)
    return picked


class ThemeModel(ClusterMixin, TransformerMixin, BaseEstimator):
    """Discover themes in free-text comments.

    Parameters
    ----------
    n_themes : number of themes, or None to choose it in ``[min_themes, max_themes]`` by silhouette.
    min_themes, max_themes : bounds for the automatic choice (also capped at one theme per 5 comments).
    random_state : seed for every random step; the same seed and texts give the same themes.
    embedder : object with ``encode(texts) -> (n, d)`` array; default: MiniLM itself beside its static
        distillation (:class:`JointEmbedder` of :class:`ContextualEmbedder` and :class:`StaticEmbedder`) when
        MiniLM is installed and there are at most ``max_contextual`` comments, else the static one alone.
    max_contextual : most comments embedded contextually by default (more would take minutes on 2 cores).
    layout : ``"umap"`` (k-means on a 10-dimensional UMAP layout), ``"graph"`` (spectral or diffusion
        partition of the neighbour graph) or ``"auto"``: UMAP for contextual embeddings of at least 200
        comments, the graph otherwise (the combinations measured best on the shared sets).
    lexical_dims : LSA dimensions of the TF-IDF view (0 turns the view off).
    lexical_weight : weight of the TF-IDF view relative to the embedding view; default 0.4 beside
        contextual embeddings and 0.5 beside static ones.
    n_neighbors : neighbours per comment in the similarity graph (and in ``predict``'s vote).
    n_init : k-means restarts on the spectral coordinates.
    n_exemplars : representative comments per theme (3-5 when the theme is large enough).
    sample_size : comments used to score each candidate number of themes.

    Attributes
    ----------
    labels_ : theme id per fitted text (``NO_COMMENT`` for comments that say nothing).
    themes_ : list of :class:`Theme`, ordered by id (largest theme first).
    theme_labels_ : dict id -> label, including ``NO_COMMENT: "No comment"``.
    n_themes_ : number of themes found.
    cluster_centers_ : (n_themes_, d) unit vectors, the mean comment of each theme.
    k_scores_ : dict k -> silhouette, for the automatic choice (empty when ``n_themes`` was given).
    method_ : which partition was kept ("umap", "spectral" or "diffusion"); partition_scores_ the graph
        partitions' modularity.
    embedder_ : the embedder used; lexical_weight_ the weight used.
    """

    def __init__(
        self,
        n_themes: int | None = None,
        min_themes: int = 6,
        max_themes: int = 25,
        random_state: int | None = 0,
        embedder: object | None = None,
        max_contextual: int = 30_000,
        layout: str = "auto",
        lexical_dims: int = 100,
        lexical_weight: float | None = None,
        n_neighbors: int = 15,
        n_init: int = 4,
        n_exemplars: int = 5,
        sample_size: int = 3000,
    ) -> None:
        self.n_themes = n_themes
        self.min_themes = min_themes
        self.max_themes = max_themes
        self.random_state = random_state
        self.embedder = embedder
        self.max_contextual = max_contextual
        self.layout = layout
        self.lexical_dims = lexical_dims
        self.lexical_weight = lexical_weight
        self.n_neighbors = n_neighbors
        self.n_init = n_init
        self.n_exemplars = n_exemplars
        self.sample_size = sample_size

    # -- vectors ---------------------------------------------------------------------------------------
    def _vectorise(self, texts: Sequence[str], fit: bool = False) -> np.ndarray:
        if fit:
            self.embedder_ = (
                self.embedder
                if self.embedder is not None
                else default_embedder(len(texts), self.max_contextual)
            )
            contextual = getattr(self.embedder_, "contextual", False)
            self.lexical_weight_ = (
                self.lexical_weight if self.lexical_weight is not None else (0.3 if contextual else 0.5)
            )
        parts = [_l2(np.asarray(self.embedder_.encode(list(texts)), dtype=np.float32))]
        if fit:
            self.lexical_ = None
            if self.lexical_dims > 0 and len(texts) >= 3:
                tfidf = TfidfVectorizer(
                    sublinear_tf=True,
                    min_df=2,
                    max_df=0.5,
                    token_pattern=r"(?u)\b[^\W\d_][\w'’]+\b",  # noqa: S106 - a regex, not a password  # nosec B106
                    stop_words=sorted(STOP_WORDS),
                    dtype=np.float32,
                )
                try:
                    bag = tfidf.fit_transform(texts)
                except ValueError:  # nothing left after pruning: too few or too uniform comments
                    bag = None
                dims = 0 if bag is None else min(self.lexical_dims, bag.shape[1] - 1, bag.shape[0] - 1)
                if dims >= 2:
                    svd = TruncatedSVD(dims, random_state=self.random_state).fit(bag)
                    self.lexical_ = (tfidf, svd)
        if self.lexical_ is not None:
            tfidf, svd = self.lexical_
            parts.append(self.lexical_weight_ * _l2(svd.transform(tfidf.transform(texts)).astype(np.float32)))
        return _l2(np.hstack(parts)).astype(np.float32)

    # -- fitting ---------------------------------------------------------------------------------------
    def _k_bounds(self, n: int) -> tuple[int, int]:
        k_max = max(1, min(self.max_themes, n // 5))
        return min(max(1, self.min_themes), k_max), k_max

    def _partition(self, spectral: np.ndarray, k: int, n_init: int) -> np.ndarray:
        coords = _l2(spectral[:, :k])
        return KMeans(k, n_init=n_init, random_state=self.random_state).fit_predict(coords)

    def _cluster(
        self, vectors: np.ndarray, graph: sp.csr_matrix, spectral: np.ndarray, k: int
    ) -> tuple[np.ndarray, str]:
        """Two partitions of the same graph; keep the one with the higher modularity.

        Spectral k-means suits many small, tight themes; k-means on graph-diffused vectors suits a few
        broad ones (the leading eigenvectors then pick out small tight cliques instead). Which one a set
        needs is unknown in advance, so both are scored on the graph itself: no labels, no tuning per set.
        """
        candidates = {"spectral": self._partition(spectral, k, n_init=self.n_init)}
        step = sp.diags(1.0 / np.maximum(np.asarray(graph.sum(axis=1)).ravel(), 1e-12)) @ graph
        diffused = vectors
        for _ in range(_DIFFUSION_STEPS):  # lazy random walk: each comment moves halfway to its neighbours
            diffused = 0.5 * diffused + 0.5 * (step @ diffused)
        candidates["diffusion"] = KMeans(k, n_init=self.n_init, random_state=self.random_state).fit_predict(
            _l2(np.asarray(diffused, dtype=np.float32))
        )
        self.partition_scores_ = {name: modularity(graph, labels) for name, labels in candidates.items()}
        best = max(self.partition_scores_, key=self.partition_scores_.get)
        return candidates[best], best

    def _use_umap(self, n: int) -> bool:
        if self.layout not in ("auto", "umap", "graph"):
            raise ValueError(f"layout must be 'auto', 'umap' or 'graph', not {self.layout!r}")
        if self.layout == "auto":
            return getattr(self.embedder_, "contextual", False) and n >= _UMAP_MIN_COMMENTS
        return self.layout == "umap" and n > self.n_neighbors + _UMAP_COMPONENTS

    def _choose_k(
        self, vectors: np.ndarray, partition: Callable[[int], np.ndarray], k_min: int, k_max: int
    ) -> int:
        """The fewest themes whose partition (spectral, or k-means on UMAP) has (nearly) the best silhouette.

        Silhouette rewards themes that are tight and apart in the space a reader perceives (the
        comments' meaning), not in the graph coordinates that produced them; it is scored on a fixed
        random sample so the cost stays flat as comments grow.
        """
        n = vectors.shape[0]
        sample = min(n, self.sample_size)
        self.k_scores_ = {}
        for k in range(k_min, k_max + 1):
            labels = partition(k)
            if len(np.unique(labels)) < 2:
                self.k_scores_[k] = -1.0
                continue
            self.k_scores_[k] = float(
                silhouette_score(
                    vectors,
                    labels,
                    metric="cosine",
                    sample_size=sample if sample < n else None,
                    random_state=self.random_state,
                )
            )
        # Parsimony: the fewest themes whose score is within 5% of the best, since the curve is flat and
        # noisy near its top and fewer themes are easier to read.
        best = max(self.k_scores_.values())
        return min(k for k, v in self.k_scores_.items() if v >= best - _K_TOLERANCE * abs(best))

    def fit(self, texts: Sequence[str], y: object = None) -> ThemeModel:
        """Discover themes in ``texts``."""
        texts = [t if isinstance(t, str) else "" for t in texts]
        clean = [normalise(t) for t in texts]
        content = np.array([not is_no_comment(t) for t in clean], dtype=bool)
        idx = np.flatnonzero(content)
        docs = [clean[i] for i in idx]
        self.k_scores_, self.partition_scores_, self.method_ = {}, {}, "single"
        vectors = self._vectorise(docs, fit=True) if docs else np.zeros((0, 1), np.float32)
        n = len(docs)
        if n == 0:
            k, local = 0, np.zeros(0, dtype=int)
        elif self.n_themes is not None:
            k = max(1, min(int(self.n_themes), n))
        else:
            k_min, k_max = self._k_bounds(n)
            k = k_min if k_min == k_max else -1
        if n > 0:
            k_cap = k if k > 0 else self._k_bounds(n)[1]
            if k_cap <= 1 or n <= 2:
                k, local = 1, np.zeros(n, dtype=int)
            elif self._use_umap(n):
                coords = umap_layout(vectors, self.n_neighbors, _UMAP_COMPONENTS, self.random_state)

                def partition(k: int, n_init: int = 2) -> np.ndarray:
                    return KMeans(k, n_init=n_init, random_state=self.random_state).fit_predict(coords)

                if k < 0:
                    k = self._choose_k(vectors, partition, *self._k_bounds(n))
                local, self.method_ = partition(k, n_init=_UMAP_N_INIT), "umap"
            else:
                graph = knn_graph(vectors, self.n_neighbors, random_state=self.random_state)
                spectral = spectral_embedding(graph, k_cap, self.random_state)
                if k < 0:
                    k = self._choose_k(
                        vectors, lambda k: self._partition(spectral, k, n_init=2), *self._k_bounds(n)
                    )
                local, self.method_ = self._cluster(vectors, graph, spectral, k)
        # Renumber by size (largest first), ties by first occurrence, so ids read naturally and are stable.
        if n > 0:
            sizes = np.bincount(local, minlength=k)
            first = np.array([np.flatnonzero(local == c)[0] if sizes[c] else n for c in range(k)])
            order = sorted((c for c in range(k) if sizes[c]), key=lambda c: (-sizes[c], first[c]))
            remap = np.full(k, -1)
            remap[order] = np.arange(len(order))
            local = remap[local]
            k = len(order)
        self.n_themes_ = k
        self.labels_ = np.full(len(texts), NO_COMMENT, dtype=int)
        self.labels_[idx] = local
        self.fit_vectors_ = vectors
        self.fit_labels_ = local
        self.cluster_centers_ = (
            _l2(np.vstack([vectors[local == c].mean(axis=0) for c in range(k)])) if k else np.zeros((0, 1))
        )
        typicality = np.einsum("ij,ij->i", vectors, self.cluster_centers_[local]) if k else None
        described = describe_themes(docs, local, k, typicality=typicality) if k else []
        self.themes_ = []
        for c, (label, keywords) in enumerate(described):
            members = np.flatnonzero(local == c)
            picks = select_exemplars(
                vectors[members], self.cluster_centers_[c], [docs[i] for i in members], n=self.n_exemplars
            )
            exemplars = tuple(int(idx[members[p]]) for p in picks)
            self.themes_.append(Theme(c, label, keywords, len(members), exemplars))
        self.theme_labels_ = {NO_COMMENT: NO_COMMENT_LABEL, **{t.id: t.label for t in self.themes_}}
        return self

    # -- using a fitted model -------------------------------------------------------------------------
    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of ``texts`` in the fitted comment space (the space of ``cluster_centers_``)."""
        check_is_fitted(self, "cluster_centers_")
        texts = [normalise(t) if isinstance(t, str) else "" for t in texts]
        if not texts or self.n_themes_ == 0:
            return np.zeros((len(texts), self.cluster_centers_.shape[1]), np.float32)
        return self._vectorise(texts)

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        """Cosine similarity of each text to each theme centre, shape ``(n, n_themes_)``."""
        return self.embed(texts) @ self.cluster_centers_.T

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        """Theme id per text by a similarity-weighted vote of its nearest fitted comments.

        The vote follows the same neighbourhood structure that formed the themes, so fitted comments are
        predicted into their own theme; comments that say nothing get ``NO_COMMENT``.
        """
        check_is_fitted(self, "cluster_centers_")
        clean = [normalise(t) if isinstance(t, str) else "" for t in texts]
        out = np.full(len(clean), NO_COMMENT, dtype=int)
        idx = np.flatnonzero([not is_no_comment(t) for t in clean])
        if len(idx) == 0 or self.n_themes_ == 0:
            return out
        vectors = self._vectorise([clean[i] for i in idx])
        k = min(self.n_neighbors, len(self.fit_labels_))
        block = _row_block(len(self.fit_labels_), budget=1 << 24)  # a prediction may run beside others
        for start in range(0, len(idx), block):
            sims = vectors[start : start + block] @ self.fit_vectors_.T
            nn = _top_k(sims, k)
            weights = np.maximum(np.take_along_axis(sims, nn, axis=1), 0) + 1e-6
            votes = np.zeros((len(nn), self.n_themes_))
            np.add.at(
                votes, (np.repeat(np.arange(len(nn)), k), self.fit_labels_[nn].ravel()), weights.ravel()
            )
            out[idx[start : start + block]] = votes.argmax(axis=1)
        return out

    def fit_predict(self, texts: Sequence[str], y: object = None) -> np.ndarray:
        """Fit and return ``labels_``."""
        return self.fit(texts).labels_
