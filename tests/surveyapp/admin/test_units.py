"""Units pages: the tree, adding and changing units, and CSV import and export."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from surveyapp.models import AuditEvent, Unit
from tests.factories import make_unit
from tests.pages import check_page
from tests.surveyapp.admin.helpers import banner, errors, post_form, upload

HEADER = "key,name,kind,parent_key,headcount,partner_type,area\n"


def test_the_units_page_lists_the_tree(admin_client: Any, session: Any) -> None:
    area = make_unit(session, key="front-door", name="Front door", kind="service_area", headcount=30)
    make_unit(session, key="mash", name="MASH", parent=area, headcount=16)
    session.commit()
    page = check_page(admin_client.get("/admin/units").data)
    rows = [r.find("th").get_text(" ", strip=True) for r in page.select("tbody tr")]
    assert rows == ["Front door", "MASH"]
    assert "16" in page.select("tbody tr")[1].get_text()


def test_adding_a_unit(admin_client: Any, session: Any) -> None:
    area = make_unit(session, key="front-door", kind="service_area")
    session.commit()
    response = post_form(
        admin_client,
        "/admin/units/new",
        {
            "name": "Duty team",
            "key": "duty",
            "kind": "team",
            "parent": str(area.id),
            "headcount": "12",
            "active": "y",
            "partner_type": "",
        },
    )
    assert response.status_code == 302
    unit = session.scalar(select(Unit).where(Unit.key == "duty"))
    assert (unit.name, unit.parent_id, unit.headcount, unit.active) == ("Duty team", area.id, 12, True)
    assert "Duty team has been added." in banner(admin_client, "/admin/units")
    assert (
        session.scalar(select(AuditEvent.action).where(AuditEvent.target_id == str(unit.id))) == "unit.create"
    )


def test_a_unit_form_with_mistakes_shows_gov_uk_errors(admin_client: Any, session: Any) -> None:
    make_unit(session, key="mash")
    session.commit()
    response = post_form(
        admin_client,
        "/admin/units/new",
        {"name": "", "key": "Bad Key", "headcount": "twelve", "parent": "", "partner_type": ""},
    )
    assert errors(response) == [
        "Enter the unit's name",
        "Use only lower-case letters, numbers and hyphens",
        "Choose what kind of unit this is",
        "Headcount must be a whole number, like 12",
    ]
    duplicate = post_form(
        admin_client,
        "/admin/units/new",
        {"name": "X", "key": "mash", "kind": "team", "headcount": "1", "parent": "", "partner_type": ""},
    )
    assert errors(duplicate) == ["There is already a unit with the key mash"]


def test_a_unit_cannot_be_moved_inside_its_own_team(admin_client: Any, session: Any) -> None:
    area = make_unit(session, key="front-door", kind="service_area")
    team = make_unit(session, key="mash", parent=area)
    session.commit()
    page = check_page(admin_client.get(f"/admin/units/{area.id}/edit").data)
    assert page.find("input", attrs={"name": "key"})["value"] == "front-door"
    response = post_form(
        admin_client,
        f"/admin/units/{area.id}/edit",
        {
            "name": "Front door",
            "key": "front-door",
            "kind": "service_area",
            "partner_type": "",
            "parent": str(team.id),
            "headcount": "0",
        },
    )
    assert errors(response) == ["A unit cannot sit inside itself or one of its own teams"]


def test_importing_a_good_file(admin_client: Any, session: Any) -> None:
    response = upload(
        admin_client,
        "/admin/units/import",
        HEADER + "cs,Children's Services,directorate,,10,,\nmash,MASH,team,cs,10,,\n",
    )
    assert response.status_code == 302
    assert "Imported 2 units: 2 new, 0 updated." in banner(admin_client, "/admin/units")
    assert session.scalar(select(Unit.parent_id).where(Unit.key == "mash")) is not None


def test_a_bad_file_lists_every_problem_with_its_line_and_imports_nothing(
    admin_client: Any, session: Any
) -> None:
    text = HEADER + "a,A,team,nowhere,1,,\na,Again,team,,x,,\n"
    response = upload(admin_client, "/admin/units/import", text)
    assert response.status_code == 200
    assert errors(response) == ["The file has 3 problems; nothing was imported"]
    page = check_page(response.data)
    listed = [cell.get_text(strip=True) for cell in page.select("table td")]
    assert listed == [
        "Line 2: the parent_key nowhere is not a unit in this file or already saved",
        "Line 3: the headcount 'x' is not a whole number",
        "Line 3: the key a is also on line 2",
    ]
    assert session.scalars(select(Unit)).all() == []


def test_no_file_chosen(admin_client: Any) -> None:
    assert errors(post_form(admin_client, "/admin/units/import", {})) == ["Choose a CSV file to upload"]


def test_export_downloads_every_unit_and_is_audited(admin_client: Any, session: Any) -> None:
    make_unit(session, key="mash", name="MASH", headcount=16)
    session.commit()
    response = admin_client.get("/admin/units/export.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.get_data(as_text=True).splitlines() == [HEADER.strip(), "mash,MASH,team,,16,,"]
    assert session.scalar(select(AuditEvent.action).where(AuditEvent.action == "units.export"))
