"""Sentiment of free-text comments: a score in [-1, 1] and a label (negative, neutral, positive).

Design (measured in ``benchmarks/analysis_sentiment.py``):

1. Text is normalised, lower-cased, and multi-word units are joined into one token: children's-services names
   ("early help", "social care", "signs of safety", ...), so that *help*, *care* and *safety* inside them do
   not count as praise, and the phrases of Heard's domain lexicon ("could be better", "long hours",
   "not fit for purpose", ...).
2. nltk's VADER scores the whole comment with VADER's MIT-licensed lexicon (from the ``vaderSentiment``
   package) plus Heard's domain adjustments (``resources/sentiment_domain_lexicon.txt``). A second pass over
   the words sums the same lexicon with Heard's own negation scope ("no support", "limited progression"), also
   for the clause after the last contrast word ("good team, but ...").
3. Hand-written markers add what VADER misses here: suggestions and questions (neutral), complaint frames
   ("still", "not enough", "where is ...?"), improvement frames ("finally", "now"), caseload counts,
   answers that say nothing ("none", "n/a"), "no cons" answers, sarcasm markers and hedges.
4. A multinomial logistic regression over those features plus word 1–3-grams (negation scope marked on the
   unigrams) gives probabilities of negative / neutral / positive. The shipped model
   (``resources/sentiment_model.json``) was trained only on sentences the Heard team wrote
   (``analysis/sentiment_training``); rebuild it with ``python -m analysis.sentiment_training.build``.
5. The score is the expected polarity ``P(positive) - P(negative)``, so a mean over comments is meaningful.
   Four explainable rules then apply: answers that say nothing score 0, and so do bare "no cons" answers
   ("No cons", "can't think of any": no problem raised, no view stated); other "no cons" answers are never
   negative (unless a "but" clause follows); a sarcasm marker makes a comment negative; each hedge ("seems",
   "a bit", "I think", at most two) multiplies the score by ``hedge_damping``.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from nltk.sentiment.vader import SentimentIntensityAnalyzer, VaderConstants

from analysis.text import normalise

LABELS = ("negative", "neutral", "positive")

_RESOURCES = Path(__file__).with_name("resources")
_MODEL_PATH = _RESOURCES / "sentiment_model.json"
_DOMAIN_LEXICON_PATH = _RESOURCES / "sentiment_domain_lexicon.txt"

# Service names whose words would otherwise be read as sentiment ("help", "care", "safety", "protection").
_COMPOUNDS = (
    "early help",
    "social care",
    "signs of safety",
    "child protection",
    "children in care",
    "child in care",
    "care leaver",
    "care leavers",
    "leaving care",
    "looked after",
    "mental health",
    "foster care",
    "residential care",
    "care proceedings",
    "care order",
    "care orders",
    "care plan",
    "care plans",
    "in care",
    "front door",
    "health visitor",
    "health visitors",
    "safeguarding partnership",
    "virtual school",
    "edge of care",
    "help desk",
    "family help",
    "care home",
    "care homes",
    "special educational needs",
    "child sexual exploitation",
    "domestic abuse",
    "domestic violence",
)
_TOKEN_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[.,;:!?]")
_PUNCT = frozenset(".,;:!?")
_CONTRASTS = frozenset(["but", "however", "although", "though", "yet", "except"])

_NEGATORS = frozenset(
    [
        *(
            "not",
            "no",
            "never",
            "nobody",
            "nothing",
            "none",
            "nowhere",
            "neither",
            "nor",
            "without",
            "cannot",
        ),
        *("hardly", "barely", "lack", "lacking", "lacks", "cant", "dont", "doesnt", "didnt", "isnt", "wasnt"),
        *("arent", "werent", "havent", "hasnt", "hadnt", "wont", "wouldnt", "couldnt", "shouldnt", "aint"),
        *("noone", "notenough", "notmuch", "lackof"),  # joined phrases (see _prepare)
    ]
)
# Words that deny the good thing after them ("limited progression", "poor work life balance") without being
# grammatical negations; they open the same scope for the n-grams and lexicon sums (not for VADER).
_DIMINISHERS = frozenset(
    ["limited", "little", "few", "fewer", "minimal", "insufficient", "inadequate", "poor", "zero", "reduced"]
)
_SCOPE_END = _PUNCT | _CONTRASTS | {"and"}
_NEG_SCOPE = 3
_NGRAMS = (2, 3)

# Marker phrases counted as features, matched on word n-grams (so cheaper than one regex each).
_MARKERS = {
    "hedge": "seem|seems|seemed|maybe|perhaps|might|a bit|a little|slightly|somewhat|sort of|kind of|i think|"
    "i guess|i suppose|probably|possibly|fairly|reasonably|mostly|to some extent|in places|at times|"
    "sometimes|could be worse|not entirely|on the whole|more or less",
    "suggestion": "would be good|would be helpful|would be nice|would be great|would be useful|"
    "would be better|"
    "would be welcome|would it be|it would help|it would be|would help|could we|could you|could they|"
    "could the|could there|could someone|could schools|could senior|can we|can you|can the|"
    "can someone|can there|please|maybe|perhaps|might help|it might|i'd like|id like|i would like|"
    "we would like|would like|would appreciate|would welcome|suggest|suggestion|recommend|consider|"
    "should be|should have|should come|should get|need to be|needs to be|needs a|need a|why not|"
    "how about|what about|is there a plan|any update|any news|when will|who is",
    "complaint": "still|again|yet to|never|no one|nobody|nothing|not enough|too many|too much|far too|"
    "lack of|"
    "waiting|chase|chasing|promised|supposed to|meant to|months|weeks|no longer|could be better|"
    "could be improved|can be|worse|behind|late|cancelled|overdue|left|leaving|turnover|vacancies|"
    "vacancy|agency|unallocated|on hold|where is|where are|what happened to|how are we meant|"
    "how are we supposed|how are we expected|how is that|how can we|why does|why do|why is|why are|"
    "why can't|why has|why have|since",
    "improvement": "now|finally|at last|better|improved|improving|improvement|difference|thank you|thanks|"
    "appreciate|appreciated|welcome|pleased|glad|proud|valued|supported|listened|"
    "step in the right direction|turned a corner|no problems|no issues|huge|massive",
}
_MARKER_NAMES = tuple(_MARKERS)

# Whole answers (or sentences) that say nothing. Matched against lower-cased text with punctuation removed.
_NULL_RE = re.compile(
    r"(?:none|nothing|nil|nope|no|na|n a|n/a|not applicable|nothing really|none really|not really|"
    r"no comments?|no further comments?|no other comments?|"
    r"nothing (?:else |more |further )?(?:to (?:add|say|report|mention)|at (?:the|this) (?:moment|time)|new|"
    r"comes to mind|specific(?: this \w+)?)|"
    r"none (?:at|for) (?:the|this) (?:moment|time)|nothing (?:else|more|this time|to report)|"
    r"none that i can (?:think of|recall|remember)|"
    r"none (?:i can think of|to (?:say|speak of|mention|report))|"
    r"not that i can think of|nothing (?:that )?i (?:can )?think of|"
    r"nothing (?:much |as such |really |in particular )?to (?:say|add|mention|report)|"
    r"(?:i )?(?:can'?t|cannot|can not|couldn'?t) think of any(?:thing)?(?: really| else)?|"
    r"no suggestions?|not sure|don'?t know|dont know|"
    r"same as (?:last|before)(?: \w+)?|see (?:previous|above)(?: answer| comment)?|nothing to add here|)"
    # "... at the moment", "... yet": the same answer with a time tag
    r"(?: (?:at (?:the|this) (?:moment|time|stage)|right now|at present|for now|yet|here|really|so far))?"
)
_NULL_MAX_CHARS = 60
_NULL_STRIP_RE = re.compile(r"[^a-z0-9/' ]+")
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+|\n+")
# "No cons", "nothing bad to say": praise of the employer, so never negative.
_NO_CONS_RE = re.compile(
    r"^\W*(?:honestly |really |genuinely |literally )?"
    r"(?:no|none|nothing|zero|not any|there are no|there aren'?t any|i have no|i can'?t think of any"
    r"|can'?t think of any|cannot think of any|couldn'?t think of any)"
    r"\W+(?:real |major |big |significant |actual )?"
    r"(?:cons?|negatives?|downsides?|complaints?|bad (?:points|things)|drawbacks?|problems?|issues?)\b"
    r"|^\W*nothing (?:bad|negative) to (?:say|share|report|mention)\b|^\W*can'?t (?:fault|complain)\b"
    r"|^\W*(?:there(?:'s| is| was)? )?nothing (?:really |much )?(?:bad|wrong|negative)"
    r"(?: about it| with (?:it|the \w+))?\b"
    r"|^\W*nothing to complain about\b|^\W*not really any (?:cons|negatives|downsides)\b"
)
# What may follow a "no cons" phrase in an answer that says nothing more ("No cons really.").
_NO_CONS_FILLER = frozenset(
    re.findall(
        r"\w+",
        "really at all to mention to speak of that i can think of recall so far currently the moment for now "
        "yet here whatsoever honestly as such worth mentioning from my point view tell add about it "
        "say share report write",
    )
)
_NO_CONS_MAX_CONTEXT = 3


def _says_nothing_more(rest: str) -> bool:
    """True when what follows a "no cons" phrase adds no view: filler ("really", "so far") and at most
    ``_NO_CONS_MAX_CONTEXT`` words of context that carry no valence, negation or contrast ("about this
    company", "from what I've seen", "in my opinion")."""
    lexicon = _lexicon()
    context = 0
    for w in re.findall(r"[a-z']+", rest):
        if w in _NO_CONS_FILLER:
            continue
        context += 1
        if (
            context > _NO_CONS_MAX_CONTEXT
            or lexicon.get(w, 0.0) != 0.0
            or w in _CONTRASTS
            or w.replace("'", "") in _NEGATORS
            or w.endswith("n't")
        ):
            return False
    return True


# Praise words used to mean the opposite. Deliberately narrow: a marker must be unambiguous on its own.
_SARCASM_RE = re.compile(
    r"^\W*(?:oh,? )?(?:great|brilliant|fantastic|wonderful|lovely|perfect|amazing|marvellous|super|excellent|"
    r"good|terrific|splendid)\s*[,!.…\-–]+\s*(?:another|yet another|more|one more|again|just what|"
    r"(?:the|my|our) \w+ (?:has|have|is|are) (?:down|broken|died|crashed|gone)|no \w+ again)\b"
    r"|\byeah,? right\b|(?:^|[.!?]\s*)as if\b|\bthanks for nothing\b|\bwhat a surprise\b"
    r"|\bjust what (?:we|i) needed\b"
    r"|\bbecause that (?:fixes|solves|helps|works)\b|\boh (?:great|good|brilliant|joy|wonderful|fantastic)\b"
    r"|\bperfect timing as (?:always|usual)\b|\bwell done to whoever\b"
)
# A caseload count: "35 cases", "caseload of 31", "still on 38". Above about 25 is widely read as unsafe.
_CASELOAD_RE = re.compile(
    r"\b(\d{2})\+? (?:cases|children|kids|families)\b"
    r"|\bcaseloads? (?:is |of |at |are |still |over |around |near )*(\d{2})\b"
    r"|\b(?:still|now|currently|i'm|im) on (\d{2})\b"
)
_DOWN_TO_RE = re.compile(r"\bdown to \d{1,2}\b")

DENSE_FEATURES = (
    "vader_compound",
    "vader_pos",
    "vader_neg",
    "lexicon_after_contrast",
    "has_contrast",
    "suggestion",
    "question",
    "complaint",
    "improvement",
    "caseload_high",
    "caseload_low",
    "null_answer",
    "no_cons",
    "sarcasm",
    "hedges",
    "exclamations",
    "negations",
    "log_tokens",
    "lexicon_pos",
    "lexicon_neg",
)


class _Vader(SentimentIntensityAnalyzer):
    """nltk's VADER with its lexicon passed in as a dict.

    nltk 3.10 loads the lexicon through ``nltk.data.load``, whose path guard rejects files outside nltk's data
    folders, and ``nltk.download`` cannot run here. Handing the parsed lexicon over directly keeps nltk's
    scoring code unchanged while avoiding a write to disk and a change to the process-wide ``nltk.data.path``.
    """

    def __init__(self, lexicon: dict[str, float]) -> None:
        self.lexicon_file = ""
        self.lexicon = lexicon
        self.constants = VaderConstants()


def _parse_lexicon(text: str) -> dict[str, float]:
    lex: dict[str, float] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, value = line.split("\t")[:2]
        lex[word.strip()] = float(value)
    return lex


@functools.cache
def _lexicon() -> dict[str, float]:
    """VADER's lexicon (vaderSentiment, MIT) with Heard's domain adjustments applied; read-only once built."""
    base = _parse_lexicon(resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text("utf-8"))
    base.update({_join(w): v for w, v in _domain_lexicon().items()})
    return base


@functools.cache
def _domain_lexicon() -> dict[str, float]:
    return _parse_lexicon(_DOMAIN_LEXICON_PATH.read_text("utf-8"))


@functools.cache
def _phrase_re() -> re.Pattern[str]:
    """Service names and lexicon phrases, to be joined into single tokens (a trie-shaped regex: fast)."""
    phrases = [p.lower() for p in _domain_lexicon() if " " in p or "-" in p] + list(_COMPOUNDS)
    return re.compile(r"\b" + _trie_pattern(phrases) + r"\b")


def _trie_pattern(phrases: Sequence[str]) -> str:
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}

    def walk(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + walk(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return "(?:" + walk(trie) + ")"


@functools.cache
def _markers() -> dict[str, tuple[int, ...]]:
    """Marker phrase (as the space-joined tokens it becomes after preparation) -> indices of its markers."""
    table: dict[str, list[int]] = {}
    for i, name in enumerate(_MARKER_NAMES):
        for phrase in _MARKERS[name].split("|"):
            key = " ".join(_TOKEN_RE.findall(_prepare(phrase)))
            table.setdefault(key, []).append(i)
    return {k: tuple(v) for k, v in table.items()}


@functools.cache
def _vader() -> _Vader:
    return _Vader(_lexicon())


@dataclass(frozen=True)
class _Model:
    vocabulary: dict[str, int]
    coef: np.ndarray  # (n_vocabulary + n_dense, 3) in LABELS order
    intercept: np.ndarray  # (3,)
    dense_mean: np.ndarray
    dense_scale: np.ndarray


@functools.cache
def _shipped_model() -> _Model:
    return _model_from_dict(json.loads(_MODEL_PATH.read_text("utf-8")))


def _model_from_dict(d: dict) -> _Model:
    if tuple(d["labels"]) != LABELS or tuple(d["dense_features"]) != DENSE_FEATURES:
        raise ValueError("sentiment model file does not match this version of analysis.sentiment")
    vocab = {term: i for i, term in enumerate(d["vocabulary"])}
    return _Model(
        vocab,
        np.asarray(d["coef"], dtype=np.float64),
        np.asarray(d["intercept"], dtype=np.float64),
        np.asarray(d["dense_mean"], dtype=np.float64),
        np.asarray(d["dense_scale"], dtype=np.float64),
    )


@dataclass(frozen=True)
class _Parsed:
    terms: list[str]
    dense: list[float]
    null: bool
    no_cons: bool
    sarcasm: bool
    hedges: int
    contrast: bool


def _prepare(text: str) -> str:
    """Normalised, lower-cased text with service names and lexicon phrases joined into single tokens.

    Lower-casing loses VADER's ALL-CAPS emphasis, which changes intensity but not direction; in exchange one
    case-sensitive pass serves VADER, the n-grams and every marker.
    """
    text = normalise(text).lower().replace("’", "'").replace("‘", "'")
    return _phrase_re().sub(lambda m: _join(m.group(0)), text)


def _join(phrase: str) -> str:
    # Letters only: VADER strips "_" and "-" as punctuation, which would split the phrase again.
    return phrase.replace(" ", "").replace("-", "")


def _null_sentence(sentence: str) -> bool:
    if len(sentence) > _NULL_MAX_CHARS:
        return False
    return bool(_NULL_RE.fullmatch(" ".join(_NULL_STRIP_RE.sub(" ", sentence).split())))


def _scan(tokens: list[str]) -> tuple[list[str], list[float]]:
    """One pass over the tokens: n-gram terms, marker counts and lexicon sums.

    Unigrams inside a negation scope are marked ("not_good"); bigrams and trigrams are plain. The lexicon sums
    add up positive and negative valences, a word inside a negation scope counting with VADER's negation
    factor, so "no support" and "limited progression" count as negative; they are also kept for the words
    after the last contrast word ("good team, but ..."), which usually carry the writer's conclusion.
    """
    lexicon = _lexicon()
    markers = _markers()
    terms: list[str] = []
    words: list[str] = []
    counts = [0] * len(_MARKER_NAMES)
    scope = 0
    pos = neg = after = 0.0
    n_after = negations = 0
    contrast = False
    for tok in tokens:
        if tok in _SCOPE_END:
            scope = 0
            if tok in _CONTRASTS:
                contrast, after, n_after = True, 0.0, 0
                terms.append(tok)
            elif tok == "!" or tok == "?":
                terms.append(tok)
            words.append("|" if tok in _PUNCT else tok)
            continue
        valence = lexicon.get(tok, 0.0)
        if scope > 0:
            terms.append("not_" + tok)
            scope -= 1
            valence *= -0.74
        else:
            terms.append(tok)
        if valence > 0:
            pos += valence
        else:
            neg -= valence
        after += valence
        n_after += 1
        bare = tok.replace("'", "")
        if bare in _NEGATORS or tok.endswith("n't"):
            negations += 1
            scope = _NEG_SCOPE
        elif tok in _DIMINISHERS and (not words or words[-1] != "a"):
            scope = _NEG_SCOPE
        words.append(tok)
    for n in (1, *_NGRAMS):
        for i in range(len(words) - n + 1):
            gram = " ".join(words[i : i + n]) if n > 1 else words[i]
            if "|" in gram:
                continue
            if n > 1:
                terms.append(gram)
            hit = markers.get(gram)
            if hit:
                for j in hit:
                    counts[j] += 1
    n_words = sum(1 for w in words if w != "|" and w not in _CONTRASTS)
    norm = math.sqrt(n_words + 1)
    has_contrast = contrast and n_after > 0
    features = [
        after / math.sqrt(n_after + 1) if has_contrast else 0.0,
        float(has_contrast),
        *[float(min(c, 3)) for c in counts],
        float(min(negations, 3)),
        math.log1p(n_words),
        pos / norm,
        neg / norm,
    ]
    return terms, features


def _parse(text: str) -> _Parsed:
    prepared = _prepare(text)
    if "\n" in prepared or ". " in prepared or "! " in prepared or "? " in prepared:
        sentences = _SENTENCE_RE.split(prepared)
        kept = [s for s in sentences if not _null_sentence(s)]
        if kept and len(kept) < len(sentences):  # "Supervision ok. Nothing to add.": drop the empty part
            prepared = " ".join(kept)
    tokens = _TOKEN_RE.findall(prepared)
    null = _null_sentence(prepared)
    terms, (after, contrast, hedge, suggest, complaint, improve, negations, log_len, lex_pos, lex_neg) = (
        _scan(tokens)
    )
    scores = _vader().polarity_scores(prepared) if log_len else {"compound": 0.0, "pos": 0.0, "neg": 0.0}
    found = _NO_CONS_RE.search(prepared)
    no_cons = found is not None
    # A bare "no cons" answer raises no problem and states no view either: it scores 0 like "none". Praise
    # after it ("No cons, great place to work") is left to the model.
    bare_no_cons = no_cons and _says_nothing_more(prepared[found.end() :])  # type: ignore[union-attr]
    sarcasm = _SARCASM_RE.search(prepared) is not None
    high = low = 0.0
    if any(ch.isdigit() for ch in prepared):
        counts = [int(n) for m in _CASELOAD_RE.findall(prepared) for n in m if n]
        down = _DOWN_TO_RE.search(prepared) is not None
        high = float(not down and any(25 <= n <= 80 for n in counts))
        low = float(down or any(n <= 20 for n in counts))
    dense = [
        scores["compound"],
        scores["pos"],
        scores["neg"],
        after,
        contrast,
        min(suggest, 2.0),
        float("?" in prepared),
        complaint,
        improve,
        high,
        low,
        float(null),
        float(no_cons),
        float(sarcasm),
        hedge,
        float(min(prepared.count("!"), 3)),
        negations,
        log_len,
        lex_pos,
        lex_neg,
    ]
    return _Parsed(terms, dense, null or bare_no_cons, no_cons, sarcasm, int(hedge), bool(contrast))


def _design(parsed: Sequence[_Parsed], model: _Model) -> sp.csr_matrix:
    """Sparse design matrix: L2-normalised binary n-grams, then standardised dense features."""
    n_vocab = len(model.vocabulary)
    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    for p in parsed:
        cols = sorted({model.vocabulary[t] for t in p.terms if t in model.vocabulary})
        if cols:
            w = 1.0 / math.sqrt(len(cols))
            indices.extend(cols)
            data.extend([w] * len(cols))
        dense = (np.asarray(p.dense) - model.dense_mean) / model.dense_scale
        indices.extend(range(n_vocab, n_vocab + len(dense)))
        data.extend(dense.tolist())
        indptr.append(len(indices))
    return sp.csr_matrix(
        (
            np.asarray(data, dtype=np.float64),
            np.asarray(indices, dtype=np.int64),
            np.asarray(indptr, dtype=np.int64),
        ),
        shape=(len(parsed), n_vocab + len(DENSE_FEATURES)),
    )


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class SentimentAnalyzer:
    """Score comments in [-1, 1] and label them negative / neutral / positive.

    Parameters
    ----------
    neutral_band:
        Scores strictly inside ``(-neutral_band, neutral_band)`` are labelled neutral. The score is
        ``P(positive) - P(negative)``, so 0.3 means "polar only when one polarity is at least 30 points more
        likely than the other"; chosen by cross-validation on Heard's own training sentences.
    hedge_damping:
        Factor applied to the score once per hedge word ("seems", "a bit", "I think", at most two), because a
        hedged statement is a weaker statement of the same view.
    C:
        Inverse L2 regularisation strength of the logistic regression (used by ``fit`` only). 10 was kept
        over 3 and 1 when compared on the inspected Glassdoor firms (see ``sentiment_training/README.md``).
    min_df:
        Minimum number of training texts an n-gram must occur in to become a feature (``fit`` only).
    dense_weight:
        How much less the lexicon and rule features are regularised than the n-grams (``fit`` only).

    Without ``fit`` the analyser uses the model shipped in ``analysis/resources/sentiment_model.json``.
    """

    def __init__(
        self,
        neutral_band: float = 0.2,
        hedge_damping: float = 0.85,
        C: float = 10.0,
        min_df: int = 2,
        dense_weight: float = 1.0,
    ):
        self.neutral_band = neutral_band
        self.hedge_damping = hedge_damping
        self.C = C
        self.min_df = min_df
        self.dense_weight = dense_weight

    # -- training ------------------------------------------------------------------------------------------
    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> SentimentAnalyzer:
        """Train the linear model on ``texts`` with ``labels`` drawn from ``LABELS``; returns self."""
        from sklearn.linear_model import LogisticRegression  # only needed to train, keeps import time low

        if len(texts) != len(labels):
            raise ValueError("texts and labels must have the same length")
        unknown = set(labels) - set(LABELS)
        if unknown:
            raise ValueError(f"unknown labels: {sorted(unknown)}")
        parsed = [_parse(t) for t in texts]
        df: dict[str, int] = {}
        for p in parsed:
            for t in set(p.terms):
                df[t] = df.get(t, 0) + 1
        vocabulary = sorted(t for t, c in df.items() if c >= self.min_df)
        dense = np.asarray([p.dense for p in parsed], dtype=np.float64)
        scale = dense.std(axis=0)
        scale[scale == 0] = 1.0
        # Dividing the scale by dense_weight enlarges the lexicon/rule features, regularising them less than
        # the thousands of n-grams: the n-grams then only correct what the general features get wrong.
        scale = scale / self.dense_weight
        stub = _Model(
            {t: i for i, t in enumerate(vocabulary)}, np.zeros((0, 3)), np.zeros(3), dense.mean(axis=0), scale
        )
        X = _design(parsed, stub)
        y = np.asarray([LABELS.index(lab) for lab in labels])
        clf = LogisticRegression(C=self.C, class_weight="balanced", max_iter=5000, tol=1e-8)
        clf.fit(X, y)
        # Write the weights in LABELS order; a label absent from the training data gets a very low intercept.
        coef = np.zeros((X.shape[1], 3))
        intercept = np.full(3, -30.0)
        if (
            len(clf.classes_) == 2
        ):  # sklearn keeps one weight vector: logit of classes_[1] against classes_[0]
            coef[:, clf.classes_[1]] = clf.coef_[0]
            intercept[clf.classes_] = (0.0, clf.intercept_[0])
        else:
            coef[:, clf.classes_] = clf.coef_.T
            intercept[clf.classes_] = clf.intercept_
        self.vocabulary_ = stub.vocabulary
        self.coef_ = coef
        self.intercept_ = intercept
        self.dense_mean_ = stub.dense_mean
        self.dense_scale_ = stub.dense_scale
        return self

    def to_dict(self) -> dict:
        """The fitted model as JSON-ready data (the format of ``resources/sentiment_model.json``)."""
        vocab = sorted(self.vocabulary_, key=self.vocabulary_.get)
        return {
            "labels": list(LABELS),
            "dense_features": list(DENSE_FEATURES),
            "vocabulary": vocab,
            "coef": np.round(self.coef_, 6).tolist(),
            "intercept": np.round(self.intercept_, 6).tolist(),
            "dense_mean": np.round(self.dense_mean_, 6).tolist(),
            "dense_scale": np.round(self.dense_scale_, 6).tolist(),
        }

    def _model(self) -> _Model:
        if hasattr(self, "coef_"):
            return _Model(self.vocabulary_, self.coef_, self.intercept_, self.dense_mean_, self.dense_scale_)
        return _shipped_model()

    # -- inference -----------------------------------------------------------------------------------------
    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Model probabilities of ``LABELS`` per text, before the rule adjustments; shape (n, 3)."""
        return self._proba([_parse(t) for t in texts])

    def _proba(self, parsed: Sequence[_Parsed]) -> np.ndarray:
        if not parsed:
            return np.zeros((0, 3))
        model = self._model()
        return _softmax(np.asarray(_design(parsed, model) @ model.coef) + model.intercept)

    def score(self, texts: Sequence[str]) -> np.ndarray:
        """Sentiment score per text, float64 in [-1, 1]; empty or whitespace-only text scores 0."""
        texts = [t if isinstance(t, str) else "" for t in texts]
        out = np.zeros(len(texts), dtype=np.float64)
        idx = [i for i, t in enumerate(texts) if t.strip()]
        parsed = [_parse(texts[i]) for i in idx]
        proba = self._proba(parsed)
        for row, (i, p) in enumerate(zip(idx, parsed, strict=True)):
            s = float(proba[row, 2] - proba[row, 0])
            if p.null:
                s = 0.0  # "none", "n/a": the writer expressed no view
            elif p.sarcasm:
                s = -max(abs(s), 0.5)  # "great, another restructure": praise words, negative meaning
            elif p.no_cons and not p.contrast:
                s = max(
                    s, 0.0
                )  # "no cons" praises the employer; only a "but ..." clause can make it negative
            s *= self.hedge_damping ** min(p.hedges, 2)
            out[i] = s
        return np.clip(out, -1.0, 1.0)

    def labels_for(self, scores: np.ndarray) -> list[str]:
        """Map scores to ``LABELS``: at or beyond ``±neutral_band`` is polar, anything inside is neutral."""
        s = np.asarray(scores, dtype=np.float64)
        return [
            LABELS[2] if v >= self.neutral_band else LABELS[0] if v <= -self.neutral_band else LABELS[1]
            for v in s.ravel()
        ]

    def predict(self, texts: Sequence[str]) -> list[str]:
        """Labels for ``texts``: ``labels_for(score(texts))``."""
        return self.labels_for(self.score(texts))


@functools.cache
def _default_analyzer() -> SentimentAnalyzer:
    return SentimentAnalyzer()


def score_comment(text: str) -> tuple[float, str]:
    """Score and label one comment with the default analyser."""
    analyzer = _default_analyzer()
    s = analyzer.score([text])
    return float(s[0]), analyzer.labels_for(s)[0]
