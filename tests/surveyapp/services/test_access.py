"""Scopes: a user sees the units they are given and everything below; surveys that reach those units."""

from __future__ import annotations

from typing import Any

import pytest
from werkzeug.exceptions import NotFound

from surveyapp.services.access import scope_for, survey_for, surveys_in_scope, units_in_scope
from tests.factories import make_survey, make_unit, make_user


@pytest.fixture
def org(session: Any) -> dict[str, Any]:
    top = make_unit(session, key="childrens", kind="directorate")
    front = make_unit(session, key="front-door", kind="service_area", parent=top)
    care = make_unit(session, key="care", kind="service_area", parent=top)
    units = {
        "top": top,
        "front": front,
        "care": care,
        "mash": make_unit(session, key="mash", parent=front),
        "cic": make_unit(session, key="cic", parent=care),
    }
    units["front_survey"] = make_survey(session, key="front-pulse", audience=[units["mash"]])
    units["care_survey"] = make_survey(session, key="care-pulse", audience=[units["cic"]])
    units["all_survey"] = make_survey(session, key="directorate-checkin", audience=[top])
    return units


def test_an_empty_scope_is_the_whole_organisation(session: Any, org: dict[str, Any]) -> None:
    leader = make_user(session, role="leader")
    assert scope_for(session, leader).whole_organisation
    assert {s.key for s in surveys_in_scope(session, leader)} == {
        "front-pulse",
        "care-pulse",
        "directorate-checkin",
    }


def test_a_scoped_user_sees_their_subtree_and_surveys_reaching_it(session: Any, org: dict[str, Any]) -> None:
    leader = make_user(session, role="leader", scope=[org["front"]])
    scope = scope_for(session, leader)
    assert scope.includes(org["mash"].id) and scope.includes(org["front"].id)
    assert not scope.includes(org["cic"].id) and not scope.includes(org["top"].id)
    assert {u.key for u in units_in_scope(session, leader)} == {"front-door", "mash"}
    # The directorate-wide survey covers the front door too; the children-in-care survey does not.
    assert {s.key for s in surveys_in_scope(session, leader)} == {"front-pulse", "directorate-checkin"}
    assert survey_for(session, leader, "front-pulse").key == "front-pulse"
    with pytest.raises(NotFound):
        survey_for(session, leader, "care-pulse")
    with pytest.raises(NotFound):
        survey_for(session, leader, "no-such-survey")


def test_administrators_always_see_everything(session: Any, org: dict[str, Any]) -> None:
    admin = make_user(session, role="admin", scope=[org["front"]])
    assert scope_for(session, admin).whole_organisation
    assert len(surveys_in_scope(session, admin)) == 3
