"""Training text for ``analysis.sentiment``: sentences written by the Heard team, and nothing else.

``load_corpus`` returns the hand-written sentences in ``staff.txt``, ``partners.txt``, ``workplace.txt`` and
``edge.txt`` (``label<TAB>text``) plus the combinations made by ``fragments`` and ``workplace_fragments``.
No evaluation data (``../shared/data``) is read here.
"""

from __future__ import annotations

from pathlib import Path

from analysis.sentiment_training import fragments, workplace_fragments

_DIR = Path(__file__).parent
_LABEL = {"pos": "positive", "neu": "neutral", "neg": "negative"}
FILES = (
    "staff.txt",
    "partners.txt",
    "workplace.txt",
    "workplace_reviews.txt",
    "workplace_reviews_round3.txt",
    "edge.txt",
)


def handwritten() -> list[tuple[str, str]]:
    """``(text, label)`` pairs from the hand-written files, labels as in ``analysis.sentiment.LABELS``."""
    out = []
    for name in FILES:
        for n, line in enumerate((_DIR / name).read_text("utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            label, _, text = line.partition("\t")
            if label not in _LABEL or not text.strip():
                raise ValueError(f"{name}:{n}: expected 'pos|neu|neg<TAB>text'")
            out.append((text.strip(), _LABEL[label]))
    return out


def load_corpus(
    random_state: int = 0, per_family: int = 70, workplace: int = 600, templates: int = 12
) -> tuple[list[str], list[str]]:
    """All training texts and labels: hand-written first, then generated ones not already present."""
    pairs = handwritten()
    seen = {t for t, _ in pairs}
    generated = (
        fragments.generate(random_state, per_family)
        + workplace_fragments.generate(random_state, workplace)
        + workplace_fragments.generate_templates(random_state, templates)
    )
    for text, label in generated:
        if text not in seen:
            seen.add(text)
            pairs.append((text, _LABEL[label]))
    return [t for t, _ in pairs], [lab for _, lab in pairs]
