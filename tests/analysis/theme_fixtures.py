"""Synthetic survey comments with obvious topics, written for these tests."""

from __future__ import annotations

import itertools

TOPICS: dict[str, tuple[list[str], list[str]]] = {
    "parking": (
        [
            "Parking at the office",
            "The car park",
            "Finding a parking space",
            "Parking near the civic centre",
            "Staff parking",
        ],
        [
            "is impossible after nine in the morning",
            "needs more spaces for visiting workers",
            "makes me late for home visits",
            "costs too much for part time staff",
            "is a daily stress for the team",
            "has got worse since the new building opened",
        ],
    ),
    "laptops": (
        [
            "My laptop",
            "The new laptop",
            "The laptop docking station",
            "Our team laptops",
            "The laptop battery",
        ],
        [
            "keeps crashing during video calls",
            "takes twenty minutes to start up",
            "freezes when I open documents",
            "will not connect to the wifi at home",
            "needs replacing because it is so slow",
            "loses my work when it restarts for updates",
        ],
    ),
    "supervision": (
        [
            "Supervision with my manager",
            "Monthly supervision",
            "Reflective supervision",
            "My supervision sessions",
            "Case supervision",
        ],
        [
            "keeps getting cancelled at short notice",
            "is rushed and only covers case numbers",
            "has been really supportive this year",
            "happens less than once every two months",
            "never leaves time to talk about my wellbeing",
            "is the most useful hour of my month",
        ],
    ),
    "training": (
        [
            "The training courses",
            "Training on court skills",
            "The training budget",
            "Online training modules",
            "Training for newly qualified workers",
        ],
        [
            "are booked up months in advance",
            "were excellent and very practical",
            "has been cut again this year",
            "are not relevant to the work we do",
            "should be offered in work time not evenings",
            "helped me feel confident in my role",
        ],
    ),
}
NO_COMMENTS = ["n/a", "No", "nothing to add", "-", "none", "not sure", "N/A.", "nothing", "  ", "No comment"]


def topic_comments(per_topic: int = 30) -> tuple[list[str], list[str]]:
    """``per_topic`` comments for each topic (subject x predicate), with their topic names."""
    texts, topics = [], []
    for name, (subjects, predicates) in TOPICS.items():
        pairs = list(itertools.product(subjects, predicates))
        for s, p in pairs[:per_topic]:
            texts.append(f"{s} {p}.")
            topics.append(name)
    return texts, topics
