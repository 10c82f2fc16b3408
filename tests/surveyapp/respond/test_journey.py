"""The respondent journey: start page, questions, confirmation, by invitation and by open link."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from itsdangerous import URLSafeSerializer
from sqlalchemy import DateTime, Time, select

from surveyapp.models import Action, Answer, Base, Comment, Invitation, Response
from surveyapp.services import open_links
from tests.factories import (
    form_answers,
    make_invitation,
    make_open_link,
    make_partner_survey,
    make_survey,
    make_unit,
    make_wave,
)
from tests.pages import check_page
from tests.surveyapp.respond.helpers import counts, only_response, page_fields, send_answers


@pytest.fixture
def staff(session: Any) -> dict[str, Any]:
    """A staff pulse for two teams with an open wave, an invitation and an open link."""
    north = make_unit(session, name="Area team North")
    south = make_unit(session, name="Area team South")
    survey = make_survey(session, audience=[north, south], title="Monthly staff pulse")
    wave = make_wave(session, survey)
    invitation, token = make_invitation(session, wave, north)
    make_open_link(session, survey, slug="team-event")
    session.commit()
    return {
        "survey_id": survey.id,
        "wave_id": wave.id,
        "north": north.id,
        "south": south.id,
        "invitation_id": invitation.id,
        "token": token,
    }


def test_the_start_page_says_who_how_long_how_anonymous_and_where_to_raise_concerns(
    client: Any, staff: dict[str, Any]
) -> None:
    page = check_page(client.get(f"/s/{staff['token']}").data)
    text = " ".join(page.get_text(" ").split())
    assert "Northmoor Council Children's Services runs this survey" in text
    assert "It takes about 2 minutes" in text
    assert "Your answers are anonymous" in text and "at least 5 people" in text
    assert page.find("a", href="/privacy") is not None
    assert "not the way to raise a concern about a child's safety or a colleague's conduct" in text
    assert "Local Authority Designated Officer (LADO)" in text and "whistleblowing" in text
    assert page.find("a", class_="govuk-button--start")["href"] == f"/s/{staff['token']}/questions"


def test_the_safeguarding_routes_come_from_configuration(
    app: Any, client: Any, staff: dict[str, Any]
) -> None:
    app.config.update(
        SAFEGUARDING_ROUTE="Call the Front Door on 01234 567890.",
        SAFEGUARDING_URL="https://example.invalid/front-door",
        LADO_ROUTE="Email the LADO team.",
        WHISTLEBLOWING_URL="https://example.invalid/whistleblowing",
    )
    page = check_page(client.get(f"/s/{staff['token']}").data)
    text = page.get_text(" ")
    assert "Call the Front Door on 01234 567890." in text and "Email the LADO team." in text
    assert page.find("a", href="https://example.invalid/front-door") is not None
    assert page.find("a", href="https://example.invalid/whistleblowing") is not None


def test_the_question_page_asks_every_question_as_gov_uk_fields(client: Any, staff: dict[str, Any]) -> None:
    page = check_page(client.get(f"/s/{staff['token']}/questions").data)
    form = page.find("form")
    assert form["method"] == "post" and form.has_attr("novalidate")
    legends = [legend.get_text(" ", strip=True) for legend in form.find_all("legend")]
    assert "My caseload is manageable." in legends
    assert any(legend.startswith("How likely are you to recommend") for legend in legends)
    # Every Likert question: a fieldset of five radios.
    caseload = form.find("input", id="q_caseload").find_parent("fieldset")
    assert [i["value"] for i in caseload.find_all("input", type="radio")] == ["1", "2", "3", "4", "5"]
    assert caseload.find("label", string=lambda s: s and "Strongly agree" in s)
    recommend = form.find("input", id="q_recommend").find_parent("fieldset")
    assert len(recommend.find_all("input", type="radio")) == 11
    assert "0 means not at all likely and 10 means extremely likely." in recommend.get_text()
    # Free text: a textarea with a character count that states the limit.
    textarea = form.find("textarea", id="q_working_well")
    counter = textarea.find_parent(attrs={"data-module": "govuk-character-count"})
    assert counter["data-maxlength"] == "2000"
    assert "You can enter up to 2,000 characters" in counter.get_text()
    assert "(optional)" in form.find("label", attrs={"for": "q_working_well"}).get_text()
    # A fixed unit (invitation) asks nothing about where you work; no empty hints anywhere.
    assert form.find(attrs={"name": "unit"}) is None
    assert all(hint.get_text(strip=True) for hint in form.find_all(class_="govuk-hint"))


def test_an_invitation_journey_stores_one_anonymous_response_and_thanks_the_person(
    session: Any, client: Any, staff: dict[str, Any]
) -> None:
    session.add_all(
        [
            Action(
                survey_id=staff["survey_id"],
                you_said="Caseloads are too high.",
                we_did="We recruited six social workers.",
                owner="Director",
                published_on=dt.date.today() - dt.timedelta(days=20),
            ),
            Action(
                survey_id=staff["survey_id"],
                you_said="Laptops are slow.",
                we_did="We replaced every laptop older than four years.",
                owner="Head of IT",
                published_on=dt.date.today() - dt.timedelta(days=2),
            ),
            Action(  # a draft: never shown
                survey_id=staff["survey_id"], you_said="Draft", we_did="Not yet published", owner="Someone"
            ),
        ]
    )
    session.commit()
    reply = send_answers(client, staff["token"], form_answers(q_one_change="Fewer forms"))
    assert reply.status_code == 303
    assert reply.headers["Location"] == f"/s/{staff['token']}/done"

    response = only_response(session)
    assert response.wave_id == staff["wave_id"] and response.unit_id == staff["north"]
    assert response.channel == "invitation" and response.submitted_on == dt.date.today()
    assert response.organisation_named is False and response.role_band is None
    answers = {a.question_key: (a.value, a.numeric_value) for a in response.answers}
    assert answers["caseload"] == ("2", 2) and answers["recommend"] == ("7", 7)
    assert len(answers) == 8
    assert {c.question_key: c.text for c in response.comments} == {
        "working_well": "Supervision is regular and my manager makes time after a hard visit.",
        "one_change": "Fewer forms",
    }
    assert session.get(Invitation, staff["invitation_id"]).used is True

    done = client.get(reply.headers["Location"])
    assert done.status_code == 200
    page = check_page(done.data)
    assert page.h1.get_text(strip=True) == "Thank you"
    text = page.get_text(" ")
    assert "We replaced every laptop older than four years." in text  # the latest published
    assert "We recruited six social workers." not in text and "Not yet published" not in text


def test_a_used_invitation_is_gone_and_a_second_submit_stores_nothing(
    session: Any, client: Any, staff: dict[str, Any]
) -> None:
    page = client.get(f"/s/{staff['token']}/questions")
    second_tab = client.get(f"/s/{staff['token']}/questions")
    data = {**form_answers(), **page_fields(page.data)}
    assert client.post(f"/s/{staff['token']}/questions", data=data).status_code == 303
    again = client.post(f"/s/{staff['token']}/questions", data={**data, **page_fields(second_tab.data)})
    assert again.status_code == 410
    assert check_page(again.data).h1.get_text(strip=True) == "This survey link has already been used"
    assert counts(session) == (1, 8, 1)
    assert client.get(f"/s/{staff['token']}").status_code == 410
    assert client.get(f"/s/{staff['token']}/done").status_code == 200  # the thank-you page still works


def test_the_confirmation_page_is_not_shown_for_an_unused_invitation(
    client: Any, staff: dict[str, Any]
) -> None:
    reply = client.get(f"/s/{staff['token']}/done")
    assert reply.status_code == 302 and reply.headers["Location"] == f"/s/{staff['token']}"
    reply = client.get("/s/team-event/done")  # an open link not yet answered from this browser
    assert reply.status_code == 302 and reply.headers["Location"] == "/s/team-event"
    assert client.get("/s/no-such-link/done").status_code == 404


def test_nothing_stored_with_a_response_can_hold_a_time(app: Any) -> None:
    for table in ("response", "answer", "comment"):
        for column in Base.metadata.tables[table].columns:
            assert not isinstance(column.type, DateTime | Time), f"{table}.{column.name} can hold a time"
    assert "invitation_id" not in Base.metadata.tables["response"].columns


def test_an_open_link_asks_for_the_team_and_counts_the_answer_as_open_link(
    session: Any, client: Any, staff: dict[str, Any]
) -> None:
    page = check_page(client.get("/s/team-event/questions").data)
    legend = page.find("input", attrs={"name": "unit"}).find_parent("fieldset").legend
    assert legend.get_text(strip=True) == "Which team do you work in?"
    missing = send_answers(client, "team-event", form_answers())
    assert "Select the team you work in" in check_page(missing.data).get_text()
    assert counts(session)[0] == 0

    reply = send_answers(client, "team-event", form_answers(unit=str(staff["south"])))
    assert reply.status_code == 303
    response = only_response(session)
    assert response.unit_id == staff["south"] and response.channel == "open_link"


def test_an_open_link_refuses_a_team_outside_the_audience(
    session: Any, client: Any, staff: dict[str, Any]
) -> None:
    outsider = make_unit(session, name="Not in this survey")
    session.commit()
    reply = send_answers(client, "team-event", form_answers(unit=str(outsider.id)))
    assert reply.status_code == 200 and "Select the team you work in" in reply.get_data(as_text=True)
    assert counts(session)[0] == 0


def test_an_open_link_fixed_to_a_team_does_not_ask(session: Any, client: Any, staff: dict[str, Any]) -> None:
    survey_id = staff["survey_id"]
    from surveyapp.models import OpenLink

    session.add(OpenLink(slug="north-away-day", survey_id=survey_id, unit_id=staff["north"]))
    session.commit()
    page = check_page(client.get("/s/north-away-day/questions").data)
    assert page.find(attrs={"name": "unit"}) is None
    assert send_answers(client, "north-away-day", form_answers()).status_code == 303
    assert only_response(session).unit_id == staff["north"]


def test_the_answered_cookie_holds_only_the_wave_and_deters_a_repeat(
    app: Any, session: Any, client: Any, staff: dict[str, Any]
) -> None:
    reply = send_answers(client, "team-event", form_answers(unit=str(staff["north"])))
    cookie = client.get_cookie(open_links.ANSWERED_COOKIE, path="/s/")
    assert cookie is not None and cookie.http_only
    # Signed, and carrying nothing but the wave: no response id, no unit, no time.
    value = URLSafeSerializer(app.config["SECRET_KEY"], salt="heard.answered-waves").loads(cookie.value)
    assert value == [staff["wave_id"]]
    assert only_response(session).id not in cookie.value
    assert reply.status_code == 303

    for path in ("/s/team-event", "/s/team-event/questions"):
        page = check_page(client.get(path).data)
        assert page.h1.get_text(strip=True) == "You have already answered this survey"
        assert page.find("a", href="/s/team-event/questions?again=1") is not None
    # A resubmitted page (back button) is not stored twice...
    page = client.get("/s/team-event/questions?again=1")
    data = {**form_answers(unit=str(staff["north"])), **page_fields(page.data)}
    repeat = client.post("/s/team-event/questions", data=data)
    assert repeat.status_code == 200 and b"already answered" in repeat.data
    assert counts(session)[0] == 1
    # ...but a colleague sharing the device can answer on purpose.
    assert client.post("/s/team-event/questions?again=1", data=data).status_code == 303
    assert counts(session)[0] == 2


def test_a_forged_answered_cookie_is_ignored(client: Any, staff: dict[str, Any]) -> None:
    client.set_cookie(open_links.ANSWERED_COOKIE, f"[{staff['wave_id']}].forged", path="/s/")
    page = check_page(client.get("/s/team-event").data)
    assert page.h1.get_text(strip=True) == "Monthly staff pulse"


def test_the_open_link_rate_limit_counts_accepted_answers_per_address(
    app: Any, session: Any, client: Any, staff: dict[str, Any]
) -> None:
    app.config["OPEN_LINK_RATE_LIMIT"] = "2 per hour"
    answers = form_answers(unit=str(staff["north"]))
    send_answers(client, "team-event", {k: v for k, v in answers.items() if k != "q_caseload"})  # invalid
    assert send_answers(client, "team-event", answers).status_code == 303
    assert send_answers(client, "team-event", answers, again=True).status_code == 303
    over = send_answers(client, "team-event", answers, again=True)
    assert over.status_code == 429
    assert "Nothing you sent has been saved" in check_page(over.data).get_text()
    assert counts(session)[0] == 2
    # Invitations are single-use already and are not limited.
    assert send_answers(client, staff["token"], form_answers()).status_code == 303


def test_the_rate_limit_store_never_holds_an_address(app: Any) -> None:
    key = open_links.rate_limit_key("203.0.113.9", "team-event", "secret")
    assert "203.0.113.9" not in key and "team-event" not in key
    assert key == open_links.rate_limit_key("203.0.113.9", "team-event", "secret")
    assert key != open_links.rate_limit_key("203.0.113.10", "team-event", "secret")


# --- partners -------------------------------------------------------------------------------------------


@pytest.fixture
def partners(session: Any) -> dict[str, Any]:
    survey, groups, schools = make_partner_survey(session)
    wave = make_wave(session, survey)
    _inv, token = make_invitation(session, wave, schools[0])
    make_open_link(session, survey, slug="heads-briefing")
    session.commit()
    return {
        "token": token,
        "school": schools[0].id,
        "school_name": schools[0].name,
        "other_school": schools[3].id,
        "primary_north": groups["primary-north"].id,
        "secondary": groups["secondary"].id,
    }


def test_a_partner_invitation_offers_naming_off_by_default(client: Any, partners: dict[str, Any]) -> None:
    page = check_page(client.get(f"/s/{partners['token']}/questions").data)
    box = page.find("input", attrs={"name": "name_organisation"})
    assert box["type"] == "checkbox" and not box.has_attr("checked")
    label = page.find("label", attrs={"for": box["id"]}).get_text(strip=True)
    assert label == f"Say that my answers are from {partners['school_name']}"
    assert "Primary schools – North" in page.get_text()  # where unnamed answers are counted


def test_an_unnamed_partner_answer_is_filed_under_its_group_never_the_school(
    session: Any, client: Any, partners: dict[str, Any]
) -> None:
    assert send_answers(client, partners["token"], form_answers("partnership-feedback")).status_code == 303
    response = only_response(session)
    assert response.unit_id == partners["primary_north"] and response.organisation_named is False


def test_a_partner_who_opts_in_is_filed_under_their_school(
    session: Any, client: Any, partners: dict[str, Any]
) -> None:
    answers = form_answers("partnership-feedback", name_organisation="y")
    assert send_answers(client, partners["token"], answers).status_code == 303
    response = only_response(session)
    assert response.unit_id == partners["school"] and response.organisation_named is True


def test_a_partner_open_link_asks_for_the_group_and_optionally_the_organisation(
    session: Any, client: Any, partners: dict[str, Any]
) -> None:
    page = check_page(client.get("/s/heads-briefing/questions").data)
    groups = [
        i.find_next("label").get_text(strip=True) for i in page.find_all("input", attrs={"name": "unit"})
    ]
    assert groups == ["Primary schools – North", "Secondary schools"]  # never single schools
    assert page.find("select", attrs={"name": "organisation"}) is not None

    # Naming without choosing the organisation is an error; the group is not needed when naming.
    named = form_answers("partnership-feedback", name_organisation="y")
    reply = send_answers(client, "heads-briefing", named)
    assert "Select your organisation" in check_page(reply.data).get_text()
    assert (
        send_answers(
            client, "heads-briefing", {**named, "organisation": str(partners["other_school"])}
        ).status_code
        == 303
    )
    response = only_response(session)
    assert response.unit_id == partners["other_school"] and response.organisation_named is True


def test_a_partner_open_link_without_naming_files_under_the_chosen_group(
    session: Any, client: Any, partners: dict[str, Any]
) -> None:
    answers = form_answers("partnership-feedback", unit=str(partners["secondary"]))
    # An organisation left in the (hidden) select is ignored when the box is not ticked.
    answers["organisation"] = str(partners["other_school"])
    assert send_answers(client, "heads-briefing", answers).status_code == 303
    response = only_response(session)
    assert response.unit_id == partners["secondary"] and response.organisation_named is False
    assert response.channel == "open_link"


def test_a_partner_open_link_requires_a_group_when_not_naming(
    session: Any, client: Any, partners: dict[str, Any]
) -> None:
    reply = send_answers(client, "heads-briefing", form_answers("partnership-feedback"))
    assert "Select which of these best describes your organisation" in check_page(reply.data).get_text()
    assert counts(session)[0] == 0


def test_the_answers_stored_match_the_rows_the_service_writes(
    session: Any, client: Any, staff: dict[str, Any]
) -> None:
    send_answers(client, staff["token"], form_answers(q_working_well="  ", q_one_change="One\r\ntwo"))
    session.rollback()
    assert session.scalars(select(Comment.text)).all() == ["One\ntwo"]  # blank comments are not stored
    assert session.scalar(select(Response.channel)) == "invitation"
    assert {a.question_key for a in session.scalars(select(Answer))} == {
        "caseload",
        "supervision",
        "practice_model",
        "leaders_visible",
        "feedback_acted_on",
        "recording_system",
        "wellbeing",
        "recommend",
    }


def test_a_partner_invited_to_a_fully_anonymous_survey_cannot_be_named_or_singled_out(
    session: Any, client: Any
) -> None:
    survey, groups, schools = make_partner_survey(session, anonymity_mode="anonymous")
    _inv, token = make_invitation(session, make_wave(session, survey), schools[2])
    session.commit()
    secondary = groups["secondary"].id
    page = check_page(client.get(f"/s/{token}/questions").data)
    assert page.find(attrs={"name": "name_organisation"}) is None
    answers = form_answers("partnership-feedback", name_organisation="y")  # ignored: no such field
    assert send_answers(client, token, answers).status_code == 303
    response = only_response(session)
    assert response.unit_id == secondary and response.organisation_named is False
