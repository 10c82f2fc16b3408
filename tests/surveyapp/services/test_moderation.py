"""Moderation decisions: required reasons, state changes, audit, and nothing that identifies a writer."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveyapp.models import AuditEvent
from surveyapp.models.insights import ModerationDecision
from surveyapp.services import moderation
from tests.factories import make_flagged_comment, make_survey, make_unit, make_user, make_wave


@pytest.fixture
def flagged(session):
    area = make_unit(session, kind="service_area", name="Assessment")
    team = make_unit(session, kind="team", parent=area, name="Assessment team 3")
    survey = make_survey(session, title="Staff pulse", audience=[area])
    wave = make_wave(session, survey, status="closed", number=4)
    comment = make_flagged_comment(session, wave, team)
    session.commit()
    return comment


def test_queue_lists_pending_comments_by_area_and_wave_only(session, flagged):
    items = moderation.queue(session)
    assert [(i.id, i.survey, i.wave_number, i.area) for i in items] == [
        (flagged.id, "Staff pulse", 4, "Assessment")
    ]
    assert items[0].reasons == ("mentions bullying or harassment",)


@pytest.mark.parametrize("outcome", ["released", "kept_out", "referred"])
def test_each_outcome_is_recorded_applied_and_audited(session, flagged, outcome):
    admin = make_user(session, role="admin")
    decision = moderation.decide(session, flagged, outcome, "Discussed with the PSW", user=admin)
    session.commit()
    assert flagged.moderation_state == outcome
    assert session.scalar(select(ModerationDecision)).id == decision.id
    assert decision.decided_by_id == admin.id and decision.reason == "Discussed with the PSW"
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "comment.moderate"))
    assert event.detail == {"outcome": outcome} and event.target_id == str(flagged.id)
    assert moderation.queue(session) == []


def test_a_reason_and_a_known_outcome_are_required(session, flagged):
    admin = make_user(session, role="admin")
    with pytest.raises(moderation.ModerationError, match="reason"):
        moderation.decide(session, flagged, "released", "   ", user=admin)
    with pytest.raises(moderation.ModerationError, match="outcome"):
        moderation.decide(session, flagged, "deleted", "because", user=admin)
    assert flagged.moderation_state == "pending"


def test_opening_a_comment_is_audited(session, flagged):
    admin = make_user(session, role="admin")
    opened = moderation.open_comment(session, flagged.id, user=admin)
    assert opened.comment.text.startswith("My manager shouts")
    assert (
        session.scalar(select(AuditEvent).where(AuditEvent.action == "comment.view_raw")).user_id == admin.id
    )


def test_the_procedure_is_configurable(app, session):
    assert "LADO" in moderation.procedure_text() and "whistleblowing" in moderation.procedure_text()
    app.config["SAFEGUARDING_PROCEDURE"] = "Phone the duty PSW on extension 4000."
    assert moderation.procedure_text() == "Phone the duty PSW on extension 4000."
