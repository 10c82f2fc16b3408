"""Whatever the input, the loader either returns a questionnaire or raises QuestionnaireError."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from questionnaires import DEFAULT_DIR, Questionnaire, QuestionnaireError, load_text

STAFF_PULSE = (DEFAULT_DIR / "staff-pulse.yaml").read_text(encoding="utf-8")
STAFF_LINES = STAFF_PULSE.splitlines(keepends=True)
# Characters that matter to YAML, so generated text reaches the parser's odd corners.
YAML_ALPHABET = st.sampled_from([*":-[]{}#&*!|>'\"%@`,? \n\t", "key", "type", "yes", "1", "\x07", "é"])


def assert_loads_or_reports(text: str) -> None:
    try:
        assert isinstance(load_text(text, source="fuzz"), Questionnaire)
    except QuestionnaireError as error:
        assert error.problems
        # YAML also counts lone CR, NEL and the Unicode line and paragraph separators as line breaks.
        last_line = sum(text.count(brk) for brk in ("\n", "\r", "\x85", "\u2028", "\u2029")) + 1
        for problem in error.problems:
            assert problem.file == "fuzz"
            assert 1 <= problem.line <= last_line
            assert problem.message and "\n" not in problem.message


@settings(max_examples=300, deadline=None)
@given(st.lists(YAML_ALPHABET, max_size=40).map("".join))
def test_arbitrary_yaml_ish_text(text: str) -> None:
    assert_loads_or_reports(text)


@settings(max_examples=200, deadline=None)
@given(st.sets(st.integers(min_value=0, max_value=len(STAFF_LINES) - 1), min_size=1, max_size=4))
def test_staff_pulse_with_lines_deleted(deleted: set[int]) -> None:
    assert_loads_or_reports("".join(line for n, line in enumerate(STAFF_LINES) if n not in deleted))


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=len(STAFF_PULSE)), st.text(max_size=5))
def test_staff_pulse_with_text_inserted(position: int, inserted: str) -> None:
    assert_loads_or_reports(STAFF_PULSE[:position] + inserted + STAFF_PULSE[position:])
