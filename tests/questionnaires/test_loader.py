"""Loading valid files: defaults, shorthand, YAML quirks, directories and versions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from questionnaires import (
    Option,
    QuestionnaireError,
    check_files,
    load_directory,
    load_questionnaire,
    load_text,
    load_versions,
)

from .helpers import HEADER, ONE_QUESTION, doc


def test_minimal_file_gets_defaults(write_yaml: Callable[..., Path]) -> None:
    comments = "  - key: comments\n    type: free_text\n    text: Anything else?\n"
    path = write_yaml(doc(ONE_QUESTION + comments))
    questionnaire = load_questionnaire(path)
    assert (questionnaire.key, questionnaire.version, questionnaire.title) == ("demo", 1, "Demo survey")
    assert questionnaire.cadence == "ad_hoc"
    assert questionnaire.estimated_minutes == 1
    assert questionnaire.source == str(path)
    caseload, comments = questionnaire.questions
    assert caseload.required and caseload.hint is None and caseload.theme_hint is None
    assert len(caseload.options) == 5
    assert comments.max_length == 2000


def test_all_fields_are_read(write_yaml: Callable[..., Path]) -> None:
    text = doc(
        header=HEADER.replace("intro: Tell us how things are.", "intro: >\n  Two lines\n  of intro.\n")
        + "cadence: termly\nestimated_minutes: 4\n",
        questions="""\
          - key: recommend
            type: scale0_10
            text: How likely are you to recommend working here?
            hint: 0 is not at all likely.
            required: false
            theme_hint: recommend_workplace
            low_label: Not at all likely
            high_label: Extremely likely
          - key: comments
            type: free_text
            text: Anything else?
            max_length: 500
        """,
    )
    questionnaire = load_questionnaire(write_yaml(text))
    assert questionnaire.intro == "Two lines of intro."
    assert (questionnaire.cadence, questionnaire.estimated_minutes) == ("termly", 4)
    recommend = questionnaire.question("recommend")
    assert recommend.hint == "0 is not at all likely."
    assert recommend.required is False
    assert recommend.theme_hint == "recommend_workplace"
    assert (recommend.low_label, recommend.high_label) == ("Not at all likely", "Extremely likely")
    assert questionnaire.question("comments").max_length == 500


def test_choice_options_accept_mappings_and_plain_string_shorthand() -> None:
    questionnaire = load_text(
        doc("""\
      - key: setting
        type: multi_choice
        text: Where do you work?
        options:
          - value: primary
            label: Primary school
          - Alternative provision
          - Café or other
          - value: 7
            label: Year 7
    """)
    )
    assert questionnaire.question("setting").options == (
        Option("primary", "Primary school"),
        Option("alternative_provision", "Alternative provision"),
        Option("cafe_or_other", "Café or other"),
        Option("7", "Year 7"),
    )


def test_yes_and_no_written_plainly_stay_text() -> None:
    # YAML 1.1 would read these as booleans; in labels they must stay as written.
    questionnaire = load_text(
        doc("""\
      - key: answer
        type: single_choice
        text: Pick one
        options:
          - value: y
            label: Yes
          - value: n
            label: No
          - Off
    """)
    )
    assert [o.label for o in questionnaire.question("answer").options] == ["Yes", "No", "Off"]


def test_windows_line_endings_keep_line_numbers(write_yaml: Callable[..., Path]) -> None:
    text = doc(header=HEADER.replace("audience: staff", "audience: nobody")).replace("\n", "\r\n")
    assert [p.line for p in check_files([write_yaml(text.encode("utf-8"))])] == [4]


def test_byte_order_mark_is_accepted(write_yaml: Callable[..., Path]) -> None:
    path = write_yaml(b"\xef\xbb\xbf" + doc().encode("utf-8"))
    assert load_questionnaire(path).key == "demo"


def test_load_text_names_its_source_in_problems() -> None:
    with pytest.raises(QuestionnaireError) as caught:
        load_text(doc(header=HEADER.replace("version: 1", "version: x")), source="pasted")
    assert [str(p) for p in caught.value.problems] == [
        "pasted:2: 'version' must be a whole number of 1 or more, not 'x'"
    ]


def test_directory_loads_latest_version_of_each_key(write_yaml: Callable[..., Path], tmp_path: Path) -> None:
    write_yaml(doc(), "demo.yaml")
    version_2 = HEADER.replace("version: 1", "version: 2").replace("Demo survey", "Demo v2")
    write_yaml(doc(header=version_2), "v2.yaml")
    write_yaml(doc(header=HEADER.replace("key: demo", "key: other")), "other.yaml")
    (tmp_path / "notes.md").write_text("not a questionnaire", encoding="utf-8")
    loaded = load_directory(tmp_path)
    assert sorted(loaded) == ["demo", "other"]
    assert (loaded["demo"].version, loaded["demo"].title) == (2, "Demo v2")
    assert sorted(load_versions(tmp_path)) == [("demo", 1), ("demo", 2), ("other", 1)]


def test_directory_with_same_key_and_version_twice_is_an_error(
    write_yaml: Callable[..., Path], tmp_path: Path
) -> None:
    write_yaml(doc(), "a.yaml")
    write_yaml(doc(), "b.yaml")
    with pytest.raises(QuestionnaireError) as caught:
        load_directory(tmp_path)
    [problem] = caught.value.problems
    assert problem.file == str(tmp_path / "b.yaml")
    assert problem.message == f"questionnaire 'demo' version 1 is already defined in {tmp_path / 'a.yaml'}:1"


def test_directory_reports_problems_from_every_file(write_yaml: Callable[..., Path], tmp_path: Path) -> None:
    bad_audience = HEADER.replace("key: demo", "key: a").replace("audience: staff", "audience: x")
    write_yaml(doc(header=bad_audience), "a.yaml")
    write_yaml(doc(header=HEADER.replace("key: demo", "key: b") + "colour: red\n"), "b.yaml")
    with pytest.raises(QuestionnaireError) as caught:
        load_directory(tmp_path)
    assert [(Path(p.file).name, p.line) for p in caught.value.problems] == [("a.yaml", 4), ("b.yaml", 6)]


def test_empty_directory_loads_nothing(tmp_path: Path) -> None:
    assert load_directory(tmp_path) == {}


def test_check_files_expands_directories_in_order(write_yaml: Callable[..., Path], tmp_path: Path) -> None:
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "z.yaml").write_text("key: [", encoding="utf-8")
    broken = write_yaml("- a list\n", "a.yaml")
    assert [(Path(p.file).name, p.line) for p in check_files([sub, broken])] == [("z.yaml", 1), ("a.yaml", 1)]
