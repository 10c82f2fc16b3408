"""The questionnaires Heard ships load, validate and have the questions other code relies on."""

from __future__ import annotations

import pytest

from questionnaires import DEFAULT_DIR, Questionnaire, load_directory, load_questionnaire

STAFF_PULSE_KEYS = (
    "caseload",
    "supervision",
    "practice_model",
    "leaders_visible",
    "feedback_acted_on",
    "recording_system",
    "wellbeing",
    "recommend",
    "working_well",
    "one_change",
)
PARTNER_KEYS = (
    "communication",
    "roles_contacts",
    "safeguarding_referrals",
    "early_help",
    "send_inclusion",
    "exclusions_ap",
    "overall_confidence",
    "setting",
    "comments",
)


@pytest.fixture(scope="module")
def shipped() -> dict[str, Questionnaire]:
    return load_directory()


def test_the_three_shipped_files_load(shipped: dict[str, Questionnaire]) -> None:
    assert sorted(shipped) == ["partnership-feedback", "reference-group-checkin", "staff-pulse"]
    for key, questionnaire in shipped.items():
        assert questionnaire.source == str(DEFAULT_DIR / f"{key}.yaml")
        assert load_questionnaire(questionnaire.source) == questionnaire


def test_staff_pulse(shipped: dict[str, Questionnaire]) -> None:
    pulse = shipped["staff-pulse"]
    assert (pulse.audience, pulse.cadence, pulse.estimated_minutes) == ("staff", "monthly", 2)
    assert 8 <= len(pulse.questions) <= 10
    assert set(STAFF_PULSE_KEYS) <= set(pulse.question_keys)
    assert all(q.theme_hint for q in pulse.questions)
    assert all(q.required for q in pulse.questions if q.is_scored)
    assert [q.key for q in pulse.questions if q.type == "scale0_10"] == ["recommend"]
    assert pulse.question("recommend").low_label and pulse.question("recommend").high_label
    for key, wording in [
        ("working_well", "What is working well?"),
        ("one_change", "What one change would most help you do your job well?"),
    ]:
        question = pulse.question(key)
        assert (question.type, question.text, question.required, question.max_length) == (
            "free_text",
            wording,
            False,
            2000,
        )


def test_partnership_feedback(shipped: dict[str, Questionnaire]) -> None:
    partner = shipped["partnership-feedback"]
    assert (partner.audience, partner.cadence) == ("partner", "termly")
    assert set(PARTNER_KEYS) <= set(partner.question_keys)
    setting = partner.question("setting")
    assert setting.type == "single_choice"
    assert {"primary", "secondary", "special", "alternative_provision", "health", "police", "other"} <= {
        o.value for o in setting.options
    }
    assert partner.question("comments").type == "free_text"
    assert partner.question("overall_confidence").type == "likert5"


def test_reference_group_checkin(shipped: dict[str, Questionnaire]) -> None:
    checkin = shipped["reference-group-checkin"]
    assert (checkin.audience, checkin.cadence) == ("reference", "monthly")
    assert 4 <= len(checkin.questions) <= 6
    types = {q.type for q in checkin.questions}
    assert {"yes_no", "free_text"} <= types


def test_shipped_free_text_warns_against_identifying_people(shipped: dict[str, Questionnaire]) -> None:
    # Comments are redacted later, but asking people not to identify anyone is the first line of defence.
    for questionnaire in shipped.values():
        for question in questionnaire.questions:
            if question.type == "free_text":
                assert question.hint and "identify" in question.hint, (questionnaire.key, question.key)
