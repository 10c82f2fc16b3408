"""Open links per unit, with a printable QR code."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from surveyapp.models import OpenLink
from tests.factories import make_survey, make_unit, make_wave
from tests.pages import check_page
from tests.surveyapp.admin.helpers import post_form


def test_an_open_link_for_a_unit_has_a_qr_code_and_its_address_printed(
    admin_client: Any, session: Any
) -> None:
    mash = make_unit(session, key="mash", name="MASH")
    survey = make_survey(session, key="pulse", title="Monthly staff pulse", audience=[mash])
    make_wave(session, survey)
    session.commit()
    response = post_form(
        admin_client,
        "/admin/surveys/pulse/open-links",
        {"unit": str(mash.id)},
        form_page="/admin/surveys/pulse",
    )
    link = session.scalar(select(OpenLink))
    assert (link.slug, link.unit_id) == ("pulse-mash", mash.id)
    assert response.location == f"/admin/open-links/{link.id}"

    page = check_page(admin_client.get(response.location).data)
    svg = page.find("svg")
    assert svg["role"] == "img"
    assert svg.title.get_text() == "QR code for Monthly staff pulse for MASH: http://heard.test/s/pulse-mash"
    assert "http://heard.test/s/pulse-mash" in page.find("figcaption").get_text()
    assert admin_client.get("/s/pulse-mash").status_code == 200  # the link works for respondents

    post_form(
        admin_client, f"/admin/open-links/{link.id}/switch", {"active": "0"}, form_page=response.location
    )
    session.expire_all()
    assert session.scalar(select(OpenLink.active)) is False
    assert admin_client.get("/s/pulse-mash").status_code == 404


def test_slugs_stay_unique(admin_client: Any, session: Any) -> None:
    survey = make_survey(session, key="pulse")
    session.commit()
    for _ in range(2):
        post_form(
            admin_client, "/admin/surveys/pulse/open-links", {"unit": ""}, form_page="/admin/surveys/pulse"
        )
    assert sorted(session.scalars(select(OpenLink.slug)).all()) == ["pulse-event", "pulse-event-2"]
    assert survey.key == "pulse"
