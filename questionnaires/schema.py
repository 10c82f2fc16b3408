"""Questionnaire definitions as typed, immutable values.

The loader (``questionnaires.loader``) builds these from YAML after validating it; the rest of Heard
(survey forms, scoring, insights) only ever sees these objects, never raw YAML.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

QUESTION_TYPES: tuple[str, ...] = (
    "likert5",
    "scale0_10",
    "single_choice",
    "multi_choice",
    "free_text",
    "yes_no",
)
SCORED_TYPES: frozenset[str] = frozenset({"likert5", "scale0_10", "yes_no"})
CHOICE_TYPES: frozenset[str] = frozenset({"single_choice", "multi_choice"})
# Types whose options are fixed by the type itself, so a YAML file must not list them.
IMPLIED_OPTION_TYPES: frozenset[str] = frozenset({"likert5", "scale0_10", "yes_no"})

AUDIENCES: tuple[str, ...] = ("staff", "partner", "reference")
CADENCES: tuple[str, ...] = ("monthly", "termly", "ad_hoc")
DEFAULT_MAX_LENGTH = 2000

LIKERT5_LABELS: tuple[str, ...] = (
    "Strongly disagree",
    "Disagree",
    "Neither agree nor disagree",
    "Agree",
    "Strongly agree",
)

_FAVOURABLE: dict[str, frozenset[str]] = {
    "likert5": frozenset({"4", "5"}),
    "scale0_10": frozenset({"9", "10"}),
    "yes_no": frozenset({"yes"}),
}

# Rough seconds per answer, used only when a file gives no estimated_minutes.
_SECONDS_PER_ANSWER: dict[str, int] = {
    "likert5": 6,
    "scale0_10": 6,
    "yes_no": 5,
    "single_choice": 8,
    "multi_choice": 12,
    "free_text": 30,
}


@dataclass(frozen=True)
class Option:
    """One answer a respondent can pick: ``value`` is what is stored, ``label`` what is shown."""

    value: str
    label: str


def implied_options(question_type: str) -> tuple[Option, ...]:
    """The fixed options of ``likert5``, ``scale0_10`` and ``yes_no`` questions; empty for other types."""
    if question_type == "likert5":
        return tuple(Option(str(i), label) for i, label in enumerate(LIKERT5_LABELS, start=1))
    if question_type == "scale0_10":
        return tuple(Option(str(i), str(i)) for i in range(11))
    if question_type == "yes_no":
        return (Option("yes", "Yes"), Option("no", "No"))
    return ()


@dataclass(frozen=True)
class Question:
    """One question. ``key`` is stable across questionnaire versions and carries the trend.

    Implied options and the free-text ``max_length`` default are filled in on construction, so a
    ``Question`` built in code behaves the same as one loaded from YAML.
    """

    key: str
    type: str
    text: str
    hint: str | None = None
    options: tuple[Option, ...] = ()
    required: bool = True
    theme_hint: str | None = None
    max_length: int | None = None
    low_label: str | None = None
    high_label: str | None = None

    def __post_init__(self) -> None:
        if self.type not in QUESTION_TYPES:
            raise ValueError(f"unknown question type {self.type!r}; use one of {', '.join(QUESTION_TYPES)}")
        # object.__setattr__ is the documented way to normalise fields of a frozen dataclass.
        options = tuple(self.options) or implied_options(self.type)
        object.__setattr__(self, "options", options)
        if self.type == "free_text" and self.max_length is None:
            object.__setattr__(self, "max_length", DEFAULT_MAX_LENGTH)

    @property
    def is_scored(self) -> bool:
        """True for types that give a favourable/unfavourable score: likert5, scale0_10, yes_no."""
        return self.type in SCORED_TYPES

    @property
    def favourable_values(self) -> frozenset[str]:
        """Answer values counted as favourable ("4"/"5", "9"/"10", "yes"); empty if not scored."""
        return _FAVOURABLE.get(self.type, frozenset())


def estimate_minutes(questions: Iterable[Question]) -> int:
    """A rough completion time in whole minutes (at least 1), used when a file does not give one."""
    seconds = sum(_SECONDS_PER_ANSWER[q.type] for q in questions)
    return max(1, math.ceil(seconds / 60))


@dataclass(frozen=True)
class Questionnaire:
    """A versioned survey definition: who it is for, how often it runs and its questions in order."""

    key: str
    version: int
    title: str
    audience: str
    intro: str
    cadence: str
    estimated_minutes: int
    questions: tuple[Question, ...]
    source: str = ""

    def question(self, key: str) -> Question:
        """The question with this key; raises ``KeyError`` if there is none."""
        for question in self.questions:
            if question.key == key:
                return question
        raise KeyError(key)

    @property
    def question_keys(self) -> tuple[str, ...]:
        """Question keys in the order they are asked."""
        return tuple(q.key for q in self.questions)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a questionnaire file, at a 1-based line number."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class QuestionnaireError(ValueError):
    """Raised when one or more questionnaire files are invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[QuestionnaireError], tuple[list[Problem]]]:
        # The default pickling would pass the joined message back to __init__ (e.g. via a job queue).
        return (type(self), (self.problems,))
