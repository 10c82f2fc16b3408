"""Live response rates: counts per unit against headcount, small groups hidden, no way to subtract."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from surveyapp.services.progress import ProgressRow, _suppress, wave_progress
from tests.factories import make_response, make_survey, make_unit, make_wave


def _respond(session: Any, wave: Any, unit: Any, n: int) -> None:
    for _ in range(n):
        make_response(session, wave, unit)


def _shown(progress: Any) -> dict[str, tuple[str, str]]:
    return {row.label: progress.display(row) for row in [progress.total, *progress.rows]}


def test_counts_roll_up_the_tree_and_rates_use_headcount(session: Any) -> None:
    top = make_unit(session, kind="directorate", name="Children's Services", headcount=0)
    front = make_unit(session, kind="service_area", name="Front door", parent=top, headcount=0)
    care = make_unit(session, kind="service_area", name="Children in care", parent=top, headcount=0)
    mash = make_unit(session, name="MASH", parent=front, headcount=20)
    duty = make_unit(session, name="Duty", parent=front, headcount=10)
    cic = make_unit(session, name="CiC North", parent=care, headcount=25)
    survey = make_survey(session, audience=[mash, duty, cic], reporting_threshold=5)
    wave = make_wave(session, survey)
    _respond(session, wave, mash, 10)
    _respond(session, wave, duty, 6)
    _respond(session, wave, cic, 5)

    progress = wave_progress(session, wave)
    assert [(r.label, r.depth) for r in progress.rows] == [
        ("Children's Services", 0),
        ("Children in care", 1),
        ("CiC North", 2),
        ("Front door", 1),
        ("Duty", 2),
        ("MASH", 2),
    ]
    assert _shown(progress) == {
        "All responses": ("21", "38%"),
        "Children's Services": ("21", "38%"),
        "Children in care": ("5", "20%"),
        "CiC North": ("5", "20%"),
        "Front door": ("16", "53%"),
        "Duty": ("6", "60%"),
        "MASH": ("10", "50%"),
    }
    assert progress.total.headcount == 55  # the audience's headcount, not the parents' own figures


def test_a_small_group_shows_fewer_than_k_and_so_does_its_smallest_sibling(session: Any) -> None:
    area = make_unit(session, kind="service_area", name="Area teams", headcount=0)
    north = make_unit(session, name="North", parent=area, headcount=12)
    south = make_unit(session, name="South", parent=area, headcount=12)
    east = make_unit(session, name="East", parent=area, headcount=12)
    survey = make_survey(session, audience=[north, south, east], reporting_threshold=5)
    wave = make_wave(session, survey)
    _respond(session, wave, north, 2)
    _respond(session, wave, south, 7)
    _respond(session, wave, east, 9)
    shown = _shown(wave_progress(session, wave))
    # North alone (2) could be worked out as 18 − 7 − 9, so South (the next smallest) is hidden too.
    assert shown["North"] == ("fewer than 5", "fewer than 5")
    assert shown["South"] == ("fewer than 5", "fewer than 5")
    assert shown["East"] == ("9", "75%")
    assert shown["Area teams"] == ("18", "50%")


def test_a_unit_with_no_responses_is_hidden_too(session: Any) -> None:
    a, b, c = (make_unit(session, name=n, headcount=10) for n in ("A", "B", "C"))
    survey = make_survey(session, audience=[a, b, c], reporting_threshold=3)
    wave = make_wave(session, survey)
    _respond(session, wave, b, 4)
    _respond(session, wave, c, 8)
    shown = _shown(wave_progress(session, wave))
    assert shown["A"][0] == "fewer than 3" and shown["B"][0] == "fewer than 3"
    assert shown["C"][0] == "8" and shown["All responses"][0] == "12"


def test_everything_is_hidden_while_the_whole_wave_is_below_the_threshold(session: Any) -> None:
    a = make_unit(session, name="A", headcount=10)
    survey = make_survey(session, audience=[a], reporting_threshold=5)
    wave = make_wave(session, survey)
    _respond(session, wave, a, 4)
    progress = wave_progress(session, wave)
    assert all(
        progress.display(row) == ("fewer than 5", "fewer than 5") for row in [progress.total, *progress.rows]
    )
    assert progress.as_json()["rows"]["total"] == {"responses": "fewer than 5", "rate": "fewer than 5"}


def test_answers_recorded_against_a_group_are_shown_as_not_attributed(session: Any) -> None:
    group = make_unit(session, kind="partner_group", name="Primary schools", headcount=0)
    schools = [
        make_unit(session, kind="partner", name=f"School {i}", parent=group, headcount=1) for i in range(8)
    ]
    survey = make_survey(
        session, questionnaire_key="partnership-feedback", audience=schools, reporting_threshold=3
    )
    wave = make_wave(session, survey)
    _respond(session, wave, group, 6)  # schools that chose not to be named count towards their group
    progress = wave_progress(session, wave)
    shown = _shown(progress)
    assert shown["Primary schools"] == ("6", "75%")
    # Every school shows "fewer than 3" – and so must the remainder, or 6 − 6 would say none answered.
    assert shown["Not attributed to one unit"] == ("fewer than 3", "fewer than 3")
    assert shown["School 0"] == ("fewer than 3", "fewer than 3")

    for school in schools[:3]:
        _respond(session, wave, school, 1)  # three named answers: the hidden schools now add up to 3
    shown = _shown(wave_progress(session, wave))
    assert shown["Primary schools"] == ("9", "112%")
    assert shown["Not attributed to one unit"] == ("6", "–")


def test_json_carries_the_same_strings_as_the_page(session: Any) -> None:
    a = make_unit(session, name="A", headcount=10)
    b = make_unit(session, name="B", headcount=10)
    survey = make_survey(session, audience=[a, b], reporting_threshold=3)
    wave = make_wave(session, survey)
    _respond(session, wave, a, 5)
    _respond(session, wave, b, 5)
    progress = wave_progress(session, wave)
    data = progress.as_json()
    assert data["threshold"] == 3 and data["wave"] == wave.number
    assert data["rows"][f"u{a.id}"] == {"responses": "5", "rate": "50%"}
    assert set(data["rows"]) == {"total", f"u{a.id}", f"u{b.id}"}


# --- the suppression rule itself, for any tree --------------------------------------------------------


def _trees(depth: int = 0) -> st.SearchStrategy[dict]:
    leaf = st.builds(lambda n: {"count": n, "children": []}, st.integers(0, 15))
    if depth >= 2:
        return leaf
    branch = st.builds(
        lambda direct, children: {"count": direct + sum(c["count"] for c in children), "children": children},
        st.integers(0, 4),
        st.lists(_trees(depth + 1), min_size=1, max_size=5),
    )
    return st.one_of(leaf, branch)


def _build(tree: dict, depth: int = 0) -> ProgressRow:
    row = ProgressRow(f"n{id(tree)}", "unit", depth, 10, count=tree["count"])
    row.children = [_build(c, depth + 1) for c in tree["children"]]
    direct = tree["count"] - sum(c["count"] for c in tree["children"])
    if direct and row.children:
        row.children.append(ProgressRow(f"r{id(tree)}", "remainder", depth + 1, None, count=direct))
    return row


def _walk(row: ProgressRow) -> list[ProgressRow]:
    return [row, *(r for child in row.children for r in _walk(child))]


@settings(max_examples=300, deadline=None)
@given(tree=_trees(), k=st.integers(3, 6))
def test_no_hidden_count_can_be_worked_out_from_what_is_shown(tree: dict, k: int) -> None:
    root = _build(tree)
    _suppress(root, k)
    for row in _walk(root):
        if not row.hidden:
            assert row.count >= k
            hidden = [c for c in row.children if c.hidden]
            # parent − visible children = the hidden ones together, which must be 0 or at least k … but 0
            # would say "nobody in these units answered", so hidden siblings always add up to at least k.
            assert not hidden or sum(c.count for c in hidden) >= k
        else:
            assert all(c.hidden for c in row.children)
