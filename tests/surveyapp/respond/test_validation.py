"""Validation that loses nothing: GOV.UK error summary, "Error:" title, messages in GOV.UK wording."""

from __future__ import annotations

from typing import Any

import pytest

from questionnaires.schema import Question
from surveyapp.respond.forms import required_message, too_long_message
from tests.factories import form_answers, make_invitation, make_survey, make_unit, make_wave
from tests.pages import check_page
from tests.surveyapp.respond.helpers import counts, send_answers


@pytest.fixture
def token(session: Any) -> str:
    unit = make_unit(session, name="Area team North")
    survey = make_survey(session, audience=[unit], title="Monthly staff pulse")
    _invitation, token = make_invitation(session, make_wave(session, survey), unit)
    session.commit()
    return token


def _summary(page: Any) -> dict[str, str]:
    """Error summary links: href → message."""
    summary = page.find(class_="govuk-error-summary")
    assert summary is not None, "no error summary"
    return {a["href"]: a.get_text(strip=True) for a in summary.find_all("a")}


def test_missing_answers_are_listed_linked_and_everything_given_is_kept(
    session: Any, client: Any, token: str
) -> None:
    answers = form_answers(q_one_change="Keep this text, please.")
    del answers["q_caseload"], answers["q_recommend"]
    reply = send_answers(client, token, answers)
    assert reply.status_code == 200
    page = check_page(reply.data)
    assert page.title.get_text().startswith("Error: Monthly staff pulse")
    assert _summary(page) == {
        "#q_caseload": "Select how much you agree that my caseload is manageable",
        "#q_recommend": "Select how likely you are to recommend working here to a friend who works in "
        "children's services",
    }
    # Each link target exists and the field shows the same message.
    for href, message in _summary(page).items():
        target = page.find(id=href[1:])
        assert target is not None
        group = target.find_parent(class_="govuk-form-group--error")
        assert message in group.find(class_="govuk-error-message").get_text()
    # Nothing already answered is lost.
    assert page.find("input", attrs={"name": "q_supervision", "value": "4"}).has_attr("checked")
    assert page.find("input", attrs={"name": "q_leaders_visible", "value": "5"}).has_attr("checked")
    assert page.find("textarea", id="q_one_change").get_text() == "Keep this text, please."
    assert "Supervision is regular" in page.find("textarea", id="q_working_well").get_text()
    assert counts(session) == (0, 0, 0)


def test_an_option_the_page_never_offered_is_refused_like_a_missing_answer(
    session: Any, client: Any, token: str
) -> None:
    reply = send_answers(client, token, form_answers(q_wellbeing="6", q_recommend="11"))
    page = check_page(reply.data)
    summary = _summary(page)
    assert (
        summary["#q_wellbeing"] == "Select how much you agree that I can look after my own wellbeing at work"
    )
    assert "#q_recommend" in summary
    assert not page.find_all("input", attrs={"name": "q_wellbeing", "checked": True})
    assert counts(session) == (0, 0, 0)


def test_a_comment_over_the_limit_is_refused_and_kept(session: Any, client: Any, token: str) -> None:
    long_text = "a" * 2001
    page = check_page(send_answers(client, token, form_answers(q_one_change=long_text)).data)
    assert _summary(page) == {
        "#q_one_change": "Your answer to “What one change would most help you do your job well?” "
        "must be 2,000 characters or fewer"
    }
    assert page.find("textarea", id="q_one_change").get_text() == long_text
    assert counts(session) == (0, 0, 0)


def test_new_lines_count_as_one_character_as_the_page_counts_them(
    session: Any, client: Any, token: str
) -> None:
    text = ("x" * 99 + "\r\n") * 20  # 2,000 characters as the browser counts them, 2,020 as sent
    assert send_answers(client, token, form_answers(q_one_change=text)).status_code == 303
    assert counts(session)[2] == 2


def test_the_comment_limit_is_configurable(app: Any, session: Any, client: Any, token: str) -> None:
    app.config["COMMENT_MAX_LENGTH"] = 50
    page = check_page(client.get(f"/s/{token}/questions").data)
    assert "You can enter up to 50 characters" in page.get_text()
    reply = send_answers(client, token, form_answers(q_one_change="b" * 51))
    assert "must be 50 characters or fewer" in check_page(reply.data).get_text()


def test_a_post_without_its_csrf_token_is_refused(session: Any, client: Any, token: str) -> None:
    reply = client.post(f"/s/{token}/questions", data=form_answers())
    assert reply.status_code == 400
    assert counts(session) == (0, 0, 0)


@pytest.mark.parametrize(
    ("question", "message"),
    [
        (
            Question("a", "likert5", "My caseload is manageable."),
            "Select how much you agree that my caseload is manageable",
        ),
        (
            Question("b", "likert5", "I'm confident that feedback leads to change."),
            "Select how much you agree that I'm confident that feedback leads to change",
        ),
        (
            Question("c", "likert5", "SEND support is good."),
            "Select how much you agree that SEND support is good",
        ),
        (
            Question("d", "scale0_10", "Rate your week."),
            "Select a number from 0 to 10 for “Rate your week.”",
        ),
        (
            Question("e", "yes_no", "Have you seen anything change?"),
            "Select yes if you have seen anything change",
        ),
        (
            Question("f", "single_choice", "Which best describes where you work?", options=()),
            "Select which best describes where you work",
        ),
        (
            Question("g", "multi_choice", "Pick your favourite colours", options=()),
            "Select an answer for “Pick your favourite colours”",
        ),
        (Question("h", "free_text", "Anything else?"), "Enter your answer to “Anything else?”"),
    ],
)
def test_messages_follow_gov_uk_wording(question: Question, message: str) -> None:
    assert required_message(question) == message


def test_the_too_long_message_formats_the_limit() -> None:
    question = Question("h", "free_text", "Anything else?")
    assert (
        too_long_message(question, 12000)
        == "Your answer to “Anything else?” must be 12,000 characters or fewer"
    )
