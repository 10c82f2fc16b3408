"""The questionnaire value types: implied options, scoring and errors."""

from __future__ import annotations

import dataclasses
import json
import pickle

import pytest

from questionnaires import (
    QUESTION_TYPES,
    Option,
    Problem,
    Question,
    Questionnaire,
    QuestionnaireError,
    load_directory,
)


def test_likert5_has_five_implied_options_with_agreement_labels() -> None:
    question = Question(key="caseload", type="likert5", text="My caseload is manageable.")
    assert [o.value for o in question.options] == ["1", "2", "3", "4", "5"]
    assert question.options[0] == Option("1", "Strongly disagree")
    assert question.options[2].label == "Neither agree nor disagree"
    assert question.options[4] == Option("5", "Strongly agree")


def test_scale0_10_and_yes_no_have_implied_options() -> None:
    scale = Question(key="recommend", type="scale0_10", text="How likely?")
    assert [(o.value, o.label) for o in scale.options] == [(str(i), str(i)) for i in range(11)]
    yes_no = Question(key="seen_change", type="yes_no", text="Seen change?")
    assert yes_no.options == (Option("yes", "Yes"), Option("no", "No"))


@pytest.mark.parametrize(
    ("qtype", "scored", "favourable"),
    [
        ("likert5", True, {"4", "5"}),
        ("scale0_10", True, {"9", "10"}),
        ("yes_no", True, {"yes"}),
        ("single_choice", False, set()),
        ("multi_choice", False, set()),
        ("free_text", False, set()),
    ],
)
def test_scoring_by_type(qtype: str, scored: bool, favourable: set[str]) -> None:
    options = (Option("a", "A"), Option("b", "B")) if qtype.endswith("choice") else ()
    question = Question(key="q", type=qtype, text="?", options=options)
    assert question.is_scored is scored
    assert question.favourable_values == frozenset(favourable)
    assert qtype in QUESTION_TYPES


def test_free_text_defaults_to_2000_characters_and_others_have_no_limit() -> None:
    assert Question(key="c", type="free_text", text="?").max_length == 2000
    assert Question(key="c", type="free_text", text="?", max_length=500).max_length == 500
    assert Question(key="c", type="likert5", text="?").max_length is None


def test_question_rejects_unknown_type() -> None:
    with pytest.raises(ValueError, match="unknown question type 'likert'"):
        Question(key="q", type="likert", text="?")


def test_questionnaire_finds_questions_by_key() -> None:
    first = Question(key="caseload", type="likert5", text="?")
    second = Question(key="comments", type="free_text", text="?", required=False)
    questionnaire = Questionnaire(
        key="demo",
        version=1,
        title="Demo",
        audience="staff",
        intro="Hi.",
        cadence="monthly",
        estimated_minutes=1,
        questions=(first, second),
    )
    assert questionnaire.question("comments") is second
    assert questionnaire.question_keys == ("caseload", "comments")
    with pytest.raises(KeyError):
        questionnaire.question("nope")


def test_problem_and_error_formatting() -> None:
    problems = [Problem("a.yaml", 3, "first"), Problem("a.yaml", 9, "second")]
    assert str(problems[0]) == "a.yaml:3: first"
    error = QuestionnaireError(problems)
    assert isinstance(error, ValueError)
    assert str(error) == "a.yaml:3: first\na.yaml:9: second"
    copy = pickle.loads(pickle.dumps(error))
    assert copy.problems == problems and str(copy) == str(error)


def test_questionnaire_round_trips_through_json() -> None:
    # The app stores dataclasses.asdict() snapshots as JSON and rebuilds them with the constructors.
    for original in load_directory().values():
        data = json.loads(json.dumps(dataclasses.asdict(original)))
        questions = tuple(
            Question(**{**q, "options": tuple(Option(**o) for o in q["options"])}) for q in data["questions"]
        )
        assert Questionnaire(**{**data, "questions": questions}) == original
