"""Units CSV: a round trip, and bad files rejected whole with every problem on its line."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from surveyapp.models import AuditEvent, Unit
from surveyapp.services.csv_files import CsvRejected
from surveyapp.services.units_csv import export_units, import_units, parse_units
from tests.factories import make_unit

KINDS = "(use one of: directorate, service_area, team, partner_group, partner)"
HEADER = "key,name,kind,parent_key,headcount,partner_type,area\n"
GOOD = HEADER + (
    "childrens,Children's Services,directorate,,0,,\n"
    "front-door,Front door,service_area,childrens,0,,\n"
    "mash,MASH,team,front-door,16,,\n"
    "partners,Schools and partners,partner_group,,0,,\n"
    "oak,Oak Primary School,partner,partners,1,primary,North\n"
)


def _problems(session: Any, text: str | bytes) -> list[str]:
    """The problems reported for ``text``, checking that no unit was added or changed."""
    before = export_units(session)
    data = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(CsvRejected) as caught:
        import_units(session, data)
    assert export_units(session) == before, "something was imported"
    return [str(p) for p in caught.value.problems]


def test_a_good_file_creates_the_tree(session: Any) -> None:
    summary = import_units(session, GOOD.encode())
    assert (summary.created, summary.updated) == (5, 0)
    mash = session.scalar(select(Unit).where(Unit.key == "mash"))
    assert mash.parent.key == "front-door" and mash.parent.parent.key == "childrens"
    assert mash.headcount == 16
    oak = session.scalar(select(Unit).where(Unit.key == "oak"))
    assert (oak.partner_type, oak.area) == ("primary", "North")
    [event] = session.scalars(select(AuditEvent).where(AuditEvent.action == "units.import")).all()
    assert event.detail == {"created": 5, "updated": 0}


def test_export_then_import_changes_nothing(session: Any) -> None:
    import_units(session, GOOD.encode())
    exported = export_units(session)
    assert exported.splitlines()[0] == HEADER.strip()
    summary = import_units(session, exported.encode())
    assert (summary.created, summary.updated) == (0, 5)
    assert export_units(session) == exported


def test_rows_update_units_with_the_same_key_and_may_refer_to_saved_parents(session: Any) -> None:
    area = make_unit(session, key="area-teams", kind="service_area", headcount=0)
    make_unit(session, key="north", name="North", parent=area, headcount=3)
    summary = import_units(session, (HEADER + "north,Area team North,team,area-teams,17,,\n").encode())
    assert (summary.created, summary.updated) == (0, 1)
    north = session.scalar(select(Unit).where(Unit.key == "north"))
    assert (north.name, north.headcount, north.parent.key) == ("Area team North", 17, "area-teams")


def test_a_byte_order_mark_and_windows_line_ends_are_fine(session: Any) -> None:
    data = "\ufeff".encode() + GOOD.replace("\n", "\r\n").encode()
    assert import_units(session, data).created == 5


def test_every_problem_is_reported_with_its_line_and_nothing_is_imported(session: Any) -> None:
    text = HEADER + (
        "childrens,Children's Services,directorate,,0,,\n"  # line 2: fine
        "mash,MASH,team,front-door,16,,\n"  # 3: unknown parent
        "childrens,Again,directorate,,0,,\n"  # 4: duplicate key
        "north,North,team,childrens,,,\n"  # 5: missing headcount
        "south,South,team,childrens,lots,,\n"  # 6: headcount not a number
        "east,East,squad,childrens,4,,\n"  # 7: unknown kind
        "west,West,team,childrens,-2,,\n"  # 8: negative headcount
        "oak,Oak,partner,childrens,1,academy,\n"  # 9: unknown partner type
        ",No key,team,childrens,3,,\n"  # 10: missing key
    )
    assert _problems(session, text) == [
        "Line 3: the parent_key front-door is not a unit in this file or already saved",
        "Line 4: the key childrens is also on line 2",
        "Line 5: the headcount is missing",
        "Line 6: the headcount 'lots' is not a whole number",
        f"Line 7: the kind 'squad' is not known {KINDS}",
        "Line 8: the headcount -2 must be between 0 and 100,000",
        "Line 9: the partner_type 'academy' is not known (use one of: primary, secondary, special, "
        "alternative_provision, health, police, other)",
        "Line 10: the key is missing",
    ]


def test_a_file_that_is_not_utf8_is_rejected_with_the_line_of_the_first_bad_byte(session: Any) -> None:
    data = (HEADER + "a,Alpha,team,,1,,\n").encode() + "b,Bromsgrove Café,team,,2,,\n".encode("cp1252")
    [problem] = _problems(session, data)
    assert problem.startswith("Line 3: the file is not UTF-8 text")
    assert "CSV UTF-8" in problem


@pytest.mark.parametrize(
    ("header", "missing"),
    [
        ("key,name,kind,headcount\n", "parent_key"),
        ("name,kind,parent_key\n", "key, headcount"),
        ("Key;Name;Kind;Parent_key;Headcount\n", "key, name, kind, parent_key, headcount"),  # wrong separator
    ],
)
def test_missing_columns_are_named(session: Any, header: str, missing: str) -> None:
    [problem] = _problems(session, header + "a,b,c,d,e\n")
    assert problem.startswith(
        f"Line 1: the header is missing the column{'s' if ',' in missing else ''} {missing}"
    )


def test_an_empty_file_or_one_with_only_a_header_is_rejected(session: Any) -> None:
    assert _problems(session, "") == ["The file is empty"]
    assert _problems(session, HEADER) == ["The file has a header but no rows"]


def test_a_loop_of_parents_is_rejected(session: Any) -> None:
    text = HEADER + "a,A,team,b,1,,\nb,B,team,a,1,,\nc,C,team,c,1,,\n"
    assert _problems(session, text) == [
        "Line 2: the unit a would end up inside itself through its parents",
        "Line 3: the unit b would end up inside itself through its parents",
        "Line 4: the unit c cannot be its own parent",
    ]


def test_a_loop_through_a_saved_unit_is_rejected(session: Any) -> None:
    top = make_unit(session, key="top", kind="directorate")
    make_unit(session, key="below", parent=top)
    problems = _problems(session, HEADER + "top,Top,directorate,below,0,,\n")
    assert problems == ["Line 2: the unit top would end up inside itself through its parents"]


def test_a_row_with_more_values_than_the_header_is_a_problem(session: Any) -> None:
    assert _problems(session, HEADER + "a,A,team,,1,,,surplus\n") == [
        "Line 2: has 8 values but the header has 7 columns"
    ]


def test_blank_lines_are_skipped_and_line_numbers_still_match_the_file(session: Any) -> None:
    problems = _problems(session, HEADER + "\na,A,team,,1,,\n\nb,B,teem,,1,,\n")
    assert problems == [f"Line 5: the kind 'teem' is not known {KINDS}"]


def test_parse_does_not_touch_the_database(session: Any) -> None:
    rows = parse_units(session, GOOD.encode())
    assert [r.key for r in rows] == ["childrens", "front-door", "mash", "partners", "oak"]
    assert session.scalar(select(func.count()).select_from(Unit)) == 0


def test_exported_names_cannot_run_as_spreadsheet_formulas(session: Any) -> None:
    make_unit(session, key="x", name='=HYPERLINK("http://evil")')
    assert "'=HYPERLINK" in export_units(session)
