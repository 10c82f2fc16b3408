"""The moderation queue pages: admins only, raw text audited, outcome with a required reason."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from surveyapp.models import AuditEvent, Comment
from tests.factories import (
    csrf_token,
    make_flagged_comment,
    make_survey,
    make_unit,
    make_user,
    make_wave,
    sign_in_as,
)
from tests.pages import check_page


def _flagged(session: Any) -> Comment:
    area = make_unit(session, kind="service_area", name="Assessment")
    team = make_unit(session, kind="team", parent=area, name="Duty team 7")
    survey = make_survey(session, title="Staff pulse", audience=[area])
    wave = make_wave(session, survey, status="closed", number=3)
    return make_flagged_comment(session, wave, team, "Mr Jones hit a child in the office.")


def test_admin_reviews_and_releases_a_flagged_comment(client: Any, session: Any) -> None:
    comment = _flagged(session)
    admin = make_user(session, role="admin")
    session.commit()
    sign_in_as(client, admin)

    queue = check_page(client.get("/admin/moderation").data)
    text = queue.get_text(" ")
    assert "Staff pulse, wave 3" in text and "Assessment" in text
    assert "Duty team 7" not in text and "Mr Jones" not in text  # no team, no text in the list
    link = queue.select_one("tbody a")["href"]

    page = check_page(client.get(link).data)
    text = page.get_text(" ")
    assert "Mr Jones hit a child in the office." in text
    assert "LADO" in text and "Duty team 7" not in text
    assert (
        session.scalar(select(AuditEvent).where(AuditEvent.action == "comment.view_raw")).user_id == admin.id
    )

    missing = client.post(
        link, data={"csrf_token": csrf_token(client, link), "outcome": "released", "reason": ""}
    )
    assert missing.status_code == 400
    assert (
        "Enter the reason for your decision"
        in check_page(missing.data).select_one(".govuk-error-summary").get_text()
    )

    done = client.post(
        link,
        data={"csrf_token": csrf_token(client, link), "outcome": "referred", "reason": "Referred to LADO"},
    )
    assert done.status_code == 302
    session.expire_all()
    assert session.get(Comment, comment.id).moderation_state == "referred"
    assert "No comments are waiting" in check_page(client.get("/admin/moderation").data).get_text()
    assert "Referred to LADO" in client.get(link).get_data(as_text=True)  # the history stays readable
    events = [e.action for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert "comment.moderate" in events


def test_safeguarding_procedure_comes_from_settings(app: Any, client: Any, session: Any) -> None:
    comment = _flagged(session)
    sign_in_as(client, make_user(session, role="admin"))
    session.commit()
    app.config["SAFEGUARDING_PROCEDURE"] = "Ring the MASH consultant line first."
    assert "Ring the MASH consultant line first." in client.get(f"/admin/moderation/{comment.id}").get_data(
        as_text=True
    )


def test_only_admins_moderate(client: Any, session: Any) -> None:
    comment = _flagged(session)
    sign_in_as(client, make_user(session, role="leader"))
    session.commit()
    assert client.get("/admin/moderation").status_code == 403
    assert client.get(f"/admin/moderation/{comment.id}").status_code == 403
    assert client.post(f"/admin/moderation/{comment.id}", data={"outcome": "released"}).status_code in (
        400,
        403,
    )
    session.expire_all()
    assert session.get(Comment, comment.id).moderation_state == "pending"
