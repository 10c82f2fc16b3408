"""Each kind of mistake in a questionnaire file is reported once, at the line marked ``# <-``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from questionnaires import Problem, QuestionnaireError, check_files, load_questionnaire

from .helpers import HEADER, ONE_QUESTION, doc, marked_line


def case(name: str, text: str, fragment: str) -> object:
    """One parametrised error case: YAML with a ``# <-`` marker, and a fragment of the expected message."""
    return pytest.param(text, fragment, id=name)


CASES = [
    # -- YAML itself --------------------------------------------------------------------------------
    case(
        "yaml-syntax",
        "key: demo\nversion: 1\ntitle: Demo\n  audience: staff  # <-\n",
        "invalid YAML: mapping values are not allowed here",
    ),
    case(
        "yaml-tab", doc("  - key: caseload\n\ttype: likert5  # <-\n"), "invalid YAML: found character '\\t'"
    ),
    case("yaml-two-documents", HEADER + "---  # <-\nkey: other\n", "but found another document"),
    case(
        "yaml-undefined-alias",
        HEADER.replace("title: Demo survey", "title: *name  # <-"),
        "found undefined alias 'name'",
    ),
    # -- the top level ------------------------------------------------------------------------------
    case("empty-file", "# only a comment  # <-\n", "file is empty"),
    case("top-level-list", "- key: demo  # <-\n- version: 1\n", "expected a mapping of fields"),
    case(
        "missing-title",
        doc(header="key: demo  # <-\nversion: 1\naudience: staff\nintro: Hi.\n"),
        "questionnaire is missing required field 'title'",
    ),
    case(
        "unknown-top-field",
        doc(header=HEADER + "titel: Typo  # <-\n"),
        "unknown field 'titel' in the questionnaire (did you mean 'title'?)",
    ),
    case(
        "unknown-top-field-no-match",
        doc(header=HEADER + "colour: blue  # <-\n"),
        "unknown field 'colour' in the questionnaire; expected one of: key, version",
    ),
    case(
        "repeated-top-field",
        doc(header=HEADER + "title: Again  # <-\n"),
        "field 'title' is given twice in the questionnaire (first at line 3)",
    ),
    case(
        "version-quoted",
        doc(header=HEADER.replace("version: 1", 'version: "1"  # <-')),
        "'version' must be a whole number of 1 or more, not '1' written in quotes",
    ),
    case(
        "version-zero",
        doc(header=HEADER.replace("version: 1", "version: 0  # <-")),
        "'version' must be a whole number of 1 or more, not '0'",
    ),
    case(
        "version-decimal",
        doc(header=HEADER.replace("version: 1", "version: 1.5  # <-")),
        "'version' must be a whole number",
    ),
    case(
        "estimated-minutes-negative",
        doc(header=HEADER + "estimated_minutes: -2  # <-\n"),
        "'estimated_minutes' must be a whole number of 1 or more",
    ),
    case(
        "questionnaire-key-pattern",
        doc(header=HEADER.replace("key: demo", "key: Staff_Pulse  # <-")),
        "questionnaire key 'Staff_Pulse' must start with a lower-case letter and use only a-z, 0-9 and -",
    ),
    case(
        "bad-audience",
        doc(header=HEADER.replace("audience: staff", "audience: staf  # <-")),
        "'audience' must be one of staff, partner, reference, not 'staf' (did you mean 'staff'?)",
    ),
    case(
        "bad-cadence",
        doc(header=HEADER + "cadence: weekly  # <-\n"),
        "'cadence' must be one of monthly, termly, ad_hoc, not 'weekly'",
    ),
    case(
        "empty-title", doc(header=HEADER.replace("title: Demo survey", 'title: ""  # <-')), "'title' is empty"
    ),
    case(
        "title-is-a-list",
        doc(header=HEADER.replace("title: Demo survey", "title: [a, b]  # <-")),
        "'title' must be text, not a list",
    ),
    case("questions-empty", HEADER + "questions: []  # <-\n", "'questions' is empty"),
    case("questions-missing-value", HEADER + "questions:  # <-\n", "'questions' is empty"),
    case("questions-not-a-list", HEADER + "questions: all of them  # <-\n", "'questions' must be a list"),
    # -- questions ----------------------------------------------------------------------------------
    case(
        "question-not-a-mapping",
        doc(ONE_QUESTION + "  - just a sentence  # <-\n"),
        "question 2 must be a mapping of fields",
    ),
    case(
        "missing-question-text",
        doc("""\
          - key: caseload  # <-
            type: likert5
        """),
        "question 'caseload' is missing required field 'text'",
    ),
    case(
        "missing-question-key",
        doc("""\
          - type: likert5  # <-
            text: My caseload is manageable.
        """),
        "question 1 is missing required field 'key'",
    ),
    case(
        "unknown-type",
        doc("""\
          - key: caseload
            type: likert  # <-
            text: My caseload is manageable.
        """),
        "unknown question type 'likert' (did you mean 'likert5'?); use one of likert5, scale0_10,",
    ),
    case(
        "duplicate-question-key",
        doc(ONE_QUESTION + "  - key: caseload  # <-\n    type: yes_no\n    text: Do you hold cases?\n"),
        "duplicate question key 'caseload' (first used at line 7)",
    ),
    case(
        "question-key-pattern",
        doc("""\
          - key: Case-load  # <-
            type: likert5
            text: My caseload is manageable.
        """),
        "question key 'Case-load' must start with a lower-case letter and use only a-z, 0-9 and _",
    ),
    case(
        "unknown-question-field",
        doc(ONE_QUESTION + "    hnit: Think about this month.  # <-\n"),
        "unknown field 'hnit' in question 1 (did you mean 'hint'?)",
    ),
    case(
        "repeated-question-field",
        doc(ONE_QUESTION + "    text: Again.  # <-\n"),
        "field 'text' is given twice in question 1 (first at line 9)",
    ),
    case(
        "required-not-bool",
        doc(ONE_QUESTION + "    required: maybe  # <-\n"),
        "'required' must be true or false, not 'maybe'",
    ),
    case(
        "theme-hint-pattern",
        doc(ONE_QUESTION + "    theme_hint: Case Load  # <-\n"),
        "theme_hint 'Case Load' must start with a lower-case letter",
    ),
    # -- options ------------------------------------------------------------------------------------
    case(
        "choice-without-options",
        doc("""\
          - key: setting  # <-
            type: single_choice
            text: Where do you work?
        """),
        "single_choice question 'setting' needs a list of options",
    ),
    case(
        "choice-empty-options",
        doc("""\
          - key: setting
            type: multi_choice
            text: Where do you work?
            options: []  # <-
        """),
        "'options' is empty; a multi_choice question needs at least 2 options",
    ),
    case(
        "choice-one-option",
        doc("""\
          - key: setting
            type: single_choice
            text: Where do you work?
            options: [School]  # <-
        """),
        "a single_choice question needs at least 2 options",
    ),
    case(
        "repeated-option-value",
        doc("""\
          - key: setting
            type: single_choice
            text: Where do you work?
            options:
              - value: school
                label: Primary school
              - value: school  # <-
                label: Secondary school
        """),
        "option value 'school' is used twice in this question (first at line 11)",
    ),
    case(
        "repeated-option-value-shorthand",
        doc("""\
          - key: setting
            type: single_choice
            text: Where do you work?
            options:
              - Health
              - health  # <-
        """),
        "option value 'health' is used twice in this question (first at line 11)",
    ),
    case(
        "repeated-option-label",
        doc("""\
          - key: setting
            type: single_choice
            text: Where do you work?
            options:
              - value: primary
                label: School
              - value: secondary
                label: School  # <-
        """),
        "option label 'School' is used twice in this question (first at line 12)",
    ),
    case(
        "option-value-pattern",
        doc("""\
          - key: setting
            type: single_choice
            text: Where do you work?
            options:
              - value: Primary School  # <-
                label: Primary school
              - Other
        """),
        "option value 'Primary School' must use only a-z, 0-9 and _ (for example 'primary_school')",
    ),
    case(
        "option-missing-label",
        doc("""\
          - key: setting
            type: single_choice
            text: Where do you work?
            options:
              - value: primary  # <-
              - Other
        """),
        "option is missing required field 'label'",
    ),
    case(
        "option-unknown-field",
        doc("""\
          - key: setting
            type: single_choice
            text: Where do you work?
            options:
              - value: primary
                lable: Primary school  # <-
              - Other
        """),
        "unknown field 'lable' in an option (did you mean 'label'?)",
    ),
    case(
        "option-shorthand-without-letters",
        doc("""\
          - key: setting
            type: single_choice
            text: Where do you work?
            options:
              - "???"  # <-
              - Other
        """),
        "cannot make an option value from '???'",
    ),
    case(
        "options-on-likert5",
        doc(ONE_QUESTION + "    options: [a, b]  # <-\n"),
        "likert5 questions must not list options: they are always 1 (Strongly disagree) to 5",
    ),
    case(
        "options-on-yes-no",
        doc("""\
          - key: holds_cases
            type: yes_no
            text: Do you hold cases?
            options:  # <-
              - value: yes
                label: Yes
        """),
        "yes_no questions must not list options: they are always yes and no",
    ),
    case(
        "options-on-free-text",
        doc("""\
          - key: comments
            type: free_text
            text: Anything else?
            options: [a, b]  # <-
        """),
        "free_text questions do not take options",
    ),
    # -- type-specific fields -----------------------------------------------------------------------
    case(
        "max-length-zero",
        doc("""\
          - key: comments
            type: free_text
            text: Anything else?
            max_length: 0  # <-
        """),
        "'max_length' must be a whole number of 1 or more, not '0'",
    ),
    case(
        "max-length-text",
        doc("""\
          - key: comments
            type: free_text
            text: Anything else?
            max_length: long  # <-
        """),
        "'max_length' must be a whole number of 1 or more, not 'long'",
    ),
    case(
        "max-length-on-likert5",
        doc(ONE_QUESTION + "    max_length: 200  # <-\n"),
        "'max_length' applies only to free_text questions",
    ),
    case(
        "low-label-on-likert5",
        doc(ONE_QUESTION + "    low_label: Not at all  # <-\n"),
        "'low_label' applies only to scale0_10 questions",
    ),
]


@pytest.mark.parametrize(("text", "fragment"), CASES)
def test_each_mistake_is_reported_once_at_its_line(
    problems_in: Callable[[str], list[Problem]], text: str, fragment: str
) -> None:
    problems = problems_in(text)
    assert [(p.line, fragment in p.message) for p in problems] == [(marked_line(text), True)], problems


def test_every_problem_in_a_file_is_reported(problems_in: Callable[[str], list[Problem]]) -> None:
    text = doc(
        header=HEADER.replace("version: 1", "version: one") + "cadance: monthly\n",
        questions="""\
          - key: caseload
            type: likert9
            text: My caseload is manageable.
          - key: caseload
            type: single_choice
            text: Where do you work?
          - key: comments
            type: free_text
            text: Anything else?
            required: no thanks
        """,
    )
    found = [(p.line, p.message.split(" (")[0].split(";")[0]) for p in problems_in(text)]
    assert found == [
        (2, "'version' must be a whole number of 1 or more, not 'one'"),
        (6, "unknown field 'cadance' in the questionnaire"),
        (9, "unknown question type 'likert9'"),
        (11, "duplicate question key 'caseload'"),
        (11, "single_choice question 'caseload' needs a list of options"),
        (17, "'required' must be true or false, not 'no thanks'"),
    ]


def test_load_questionnaire_raises_with_all_problems(write_yaml: Callable[..., Path]) -> None:
    path = write_yaml(doc(header=HEADER.replace("audience: staff", "audience: everyone") + "extra: 1\n"))
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(path)
    assert [p.line for p in caught.value.problems] == [4, 6]
    assert str(caught.value).splitlines() == [str(p) for p in caught.value.problems]
    assert str(caught.value).startswith(f"{path}:4: 'audience' must be one of")


def test_missing_file_is_reported_at_line_1(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    assert check_files([missing]) == [Problem(str(missing), 1, "file not found")]


def test_file_not_in_utf8_is_reported_at_the_line_of_the_bad_byte(write_yaml: Callable[..., Path]) -> None:
    path = write_yaml(doc().replace("Demo survey", "Caf\xe9").encode("latin-1"))
    [problem] = check_files([path])
    assert problem.line == 3
    assert "not valid UTF-8 (byte 0xe9)" in problem.message


def test_control_character_is_reported_at_its_line(problems_in: Callable[[str], list[Problem]]) -> None:
    [problem] = problems_in(doc().replace("Tell us", "Tell\x07 us"))
    assert (problem.line, problem.message) == (5, "invalid YAML: character #x0007 is not allowed")


def test_unclosed_quote_is_reported_where_yaml_stops(problems_in: Callable[[str], list[Problem]]) -> None:
    [problem] = problems_in('key: demo\ntitle: "Demo\nversion: 1\n')
    assert problem.line == 4
    assert "found unexpected end of stream (while scanning a quoted scalar from line 2)" in problem.message


def test_same_key_and_version_in_two_files(write_yaml: Callable[..., Path]) -> None:
    first = write_yaml(doc(), "a.yaml")
    second = write_yaml("# a copy\n" + doc(), "b.yaml")
    assert check_files([first, second]) == [
        Problem(str(second), 2, f"questionnaire 'demo' version 1 is already defined in {first}:1")
    ]
