"""Rebuild ``analysis/resources/sentiment_model.json`` from Heard's own training text.

Run from the repository root: ``python -m analysis.sentiment_training.build``. Deterministic: the same
training files give the same model file.
"""

from __future__ import annotations

import json
from collections import Counter

from analysis.sentiment import _MODEL_PATH, SentimentAnalyzer
from analysis.sentiment_training import load_corpus


def main() -> None:
    texts, labels = load_corpus()
    model = SentimentAnalyzer().fit(texts, labels)
    data = model.to_dict()
    data["trained_on"] = "analysis/sentiment_training (sentences written by the Heard team)"
    data["n_texts"] = len(texts)
    _MODEL_PATH.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    n_grams = len(data["vocabulary"])
    print(f"wrote {_MODEL_PATH} from {len(texts)} texts {dict(Counter(labels))}, {n_grams} n-grams")


if __name__ == "__main__":
    main()
