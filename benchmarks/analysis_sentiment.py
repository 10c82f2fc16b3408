"""Sentiment on the shared sets: Heard's SentimentAnalyzer beside plain VADER (and TextBlob if installed).

    python benchmarks/analysis_sentiment.py [--data ../shared/data]

Every method is run on the same texts in the same process. Printed:

- Glassdoor UK pros (positive) / cons (negative), 19,998 texts: macro-F1 with the label taken from the sign
  of the score (a score of exactly 0 counts as negative, as a review answer must be one or the other), and
  macro-F1 over the two classes with each method's own labels, so that "neutral" counts as wrong. Shown for
  all reviews, for the firms Heard's developers never inspected (fixed before any development: a seeded 50%
  draw of the 11 firms), for a balanced sample of those firms, and per firm.
- Domain staff comments (dev half): 3-class macro-F1 (negative / neutral / positive), and the binary
  macro-F1 by sign on the rows that are not neutral.
- Throughput on the 19,998 Glassdoor texts, single process: comments per wall-clock second and per CPU
  second (the CPU figure is the one to compare on a shared machine).

VADER is the ``vaderSentiment`` package (the authors' implementation; nltk's is a port of it) with its
standard thresholds (compound >= 0.05 positive, <= -0.05 negative). TextBlob uses polarity with 0 as neutral.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.sentiment import SentimentAnalyzer  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
# Drawn with random.Random(5).sample(sorted(firms), 6) before any development; only the other five firms
# were ever read while building the analyser.
NEVER_INSPECTED = ("AFH-Wealth-Management", "AQA", "ASDA", "ASOS", "AXA-UK", "Accenture")

Scorer = Callable[[Sequence[str]], tuple[np.ndarray, list[str]]]


def heard_scorer() -> Scorer:
    analyzer = SentimentAnalyzer()

    def run(texts: Sequence[str]) -> tuple[np.ndarray, list[str]]:
        scores = analyzer.score(texts)
        return scores, analyzer.labels_for(scores)

    return run


def vader_scorer() -> Scorer | None:
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:
        return None
    vader = SentimentIntensityAnalyzer()

    def run(texts: Sequence[str]) -> tuple[np.ndarray, list[str]]:
        scores = np.array([vader.polarity_scores(t)["compound"] for t in texts])
        return scores, ["positive" if s >= 0.05 else "negative" if s <= -0.05 else "neutral" for s in scores]

    return run


def textblob_scorer() -> Scorer | None:
    try:
        from textblob import TextBlob
    except ImportError:
        return None

    def run(texts: Sequence[str]) -> tuple[np.ndarray, list[str]]:
        scores = np.array([TextBlob(t).sentiment.polarity for t in texts])
        return scores, ["positive" if s > 0 else "negative" if s < 0 else "neutral" for s in scores]

    return run


def read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def sign_f1(gold: Sequence[str], scores: np.ndarray) -> float:
    return float(f1_score(list(gold), ["positive" if s > 0 else "negative" for s in scores], average="macro"))


def label_f1(gold: Sequence[str], labels: Sequence[str], classes: Sequence[str]) -> float:
    return float(f1_score(list(gold), list(labels), labels=list(classes), average="macro", zero_division=0))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args(argv)
    reviews_path = args.data / "sentiment" / "glassdoor_uk.csv"
    staff_path = args.data / "domain" / "staff_comments_dev.csv"
    if not reviews_path.exists() or not staff_path.exists():
        print(f"shared evaluation data not found under {args.data}: nothing to measure")
        return 0
    reviews, staff = read(reviews_path), read(staff_path)
    texts = [r["text"] for r in reviews]
    gold = [r["label"] for r in reviews]
    firms = np.array([r["firm"] for r in reviews])
    unseen = np.isin(firms, NEVER_INSPECTED)
    rng = random.Random(0)
    pos = [i for i in np.flatnonzero(unseen) if gold[i] == "positive"]
    neg = [i for i in np.flatnonzero(unseen) if gold[i] == "negative"]
    n_bal = min(len(pos), len(neg), 4000)
    balanced = np.array(sorted(rng.sample(pos, n_bal) + rng.sample(neg, n_bal)))

    methods = {"Heard": heard_scorer(), "VADER": vader_scorer(), "TextBlob": textblob_scorer()}
    for name in [k for k, v in methods.items() if v is None]:
        print(f"{name}: not installed, not measured")
    methods = {k: v for k, v in methods.items() if v is not None}
    results: dict[str, dict[str, float]] = {}
    per_firm: dict[str, dict[str, float]] = {}
    for name, run in methods.items():
        run(["warm-up: load the lexicon and the model"])
        wall0, cpu0 = time.perf_counter(), time.process_time()
        scores, labels = run(texts)
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        s_scores, s_labels = run([r["text"] for r in staff])
        s_gold = [r["sentiment"] for r in staff]
        polar = [i for i, g in enumerate(s_gold) if g != "neutral"]
        g = np.array(gold)
        lab = np.array(labels)
        results[name] = {
            "glassdoor all: F1 by sign": sign_f1(gold, scores),
            "glassdoor all: F1, neutral counted wrong": label_f1(gold, labels, ("negative", "positive")),
            "glassdoor never-inspected firms: F1 by sign": sign_f1(g[unseen], scores[unseen]),
            "glassdoor never-inspected: F1, neutral wrong": label_f1(
                g[unseen], lab[unseen], ("negative", "positive")
            ),
            f"glassdoor never-inspected balanced {2 * n_bal}: F1 by sign": sign_f1(
                g[balanced], scores[balanced]
            ),
            "glassdoor: share labelled neutral": float(np.mean(lab == "neutral")),
            "glassdoor: share scored exactly 0": float(np.mean(scores == 0)),
            f"domain dev ({len(staff)}): 3-class macro-F1": label_f1(
                s_gold, s_labels, ("negative", "neutral", "positive")
            ),
            f"domain dev non-neutral ({len(polar)}): F1 by sign": sign_f1(
                [s_gold[i] for i in polar], np.asarray(s_scores)[polar]
            ),
            "throughput: comments / wall second": len(texts) / wall,
            "throughput: comments / CPU second": len(texts) / cpu,
        }
        per_firm[name] = {
            f: sign_f1(g[firms == f], scores[firms == f])
            for f in sorted(set(firms))
            if len(set(g[firms == f])) == 2
        }

    names = list(results)
    width = max(len(k) for k in results["Heard"]) + 2
    header = f"{'measure':<{width}}" + "".join(f"{n:>12}" for n in names)
    if "VADER" in results:
        header += f"{'Heard/VADER':>13}"
    print(header)
    for key in results["Heard"]:
        row = f"{key:<{width}}"
        for n in names:
            v = results[n][key]
            row += f"{v:>12,.0f}" if key.startswith("throughput") else f"{v:>12.3f}"
        if "VADER" in results and results["VADER"][key]:
            row += f"{results['Heard'][key] / results['VADER'][key]:>12.2f}x"
        print(row)
    print()
    print(f"{'per firm, F1 by sign (n; * = never inspected)':<{width}}" + "".join(f"{n:>12}" for n in names))
    for firm in per_firm["Heard"]:
        n = int(np.sum(firms == firm))
        mark = "*" if firm in NEVER_INSPECTED else " "
        print(
            f"{mark} {firm[: width - 10]:<{width - 10}}{n:>6}  "
            + "".join(f"{per_firm[m][firm]:>12.3f}" for m in names)
        )
    print()
    print(
        "targets: glassdoor macro-F1 >= 0.90 (firms not trained on); domain 3-class macro-F1 >= 0.85; "
        ">= 2,000 comments/s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
