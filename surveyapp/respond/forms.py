"""The question page's form, built once per questionnaire version from its definition.

Each question becomes one field named ``q_<key>``: Likert and 0–10 questions are radios in a fieldset
whose legend is the question, choices are radios or checkboxes, free text is a textarea with a character
count. Every way an answer can be wrong (missing, an option the page never offered, too long) gives one
message in GOV.UK wording, and the page is re-rendered with everything already typed kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, Field, RadioField, SelectField, SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import StopValidation

from questionnaires.schema import Question, Questionnaire
from surveyapp.respond.widgets import (
    QuestionCharacterCount,
    QuestionCheckboxes,
    QuestionRadios,
    QuestionSelect,
    SingleCheckbox,
)

FIELD_PREFIX = "q_"
# Unit choices longer than this are a select rather than radios, so a phone screen is not all radios.
MAX_RADIO_UNITS = 8


def choices(pairs: list[tuple[str, str]]) -> list[SelectChoice]:
    """WTForms choices from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def field_name(question_key: str) -> str:
    """The form field of a question (prefixed so no key can clash with a form attribute)."""
    return FIELD_PREFIX + question_key


def _clean_text(value: Any) -> Any:
    """Browsers send new lines as CRLF but count them as one character: count them as the page did.

    NUL characters are dropped because PostgreSQL cannot store them in text.
    """
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").strip()
    return value


def _lower_first(text: str) -> str:
    # "My caseload" → "my caseload", but "I'm", "SEND" and other capitals stay as they are.
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _quoted(text: str) -> str:
    return f"“{text.strip()}”"


_WH_QUESTION = re.compile(r"^(Which|What|Where|When|Who|How many|How much|How often)\b(.*)\?$", re.DOTALL)
_HOW_ARE_YOU = re.compile(r"^How (\w+) are you (.*)\?$", re.DOTALL)
_YES_NO = re.compile(r"^(Have|Has|Are|Do|Did|Can|Could|Will|Would|Were|Was|Is) you (.*)\?$", re.DOTALL)


def required_message(question: Question) -> str:
    """The GOV.UK-style message for a missing (or not offered) answer to ``question``."""
    text = question.text.strip()
    if question.type == "likert5":
        return f"Select how much you agree that {_lower_first(text.rstrip('.'))}"
    if question.type == "scale0_10":
        match = _HOW_ARE_YOU.match(text)
        if match:
            return f"Select how {match[1]} you are {match[2]}"
        return f"Select a number from 0 to 10 for {_quoted(text)}"  # noqa: S608 - a message, not SQL  # nosec B608
    if question.type == "yes_no":
        match = _YES_NO.match(text)
        if match:
            return f"Select yes if you {match[1].lower()} {match[2]}"
        return f"Select yes or no for {_quoted(text)}"
    if question.type in ("single_choice", "multi_choice"):
        match = _WH_QUESTION.match(text)
        if match:
            return f"Select {_lower_first(text.rstrip('?'))}"
        return f"Select an answer for {_quoted(text)}"
    return f"Enter your answer to {_quoted(text)}"


def too_long_message(question: Question, limit: int) -> str:
    """The GOV.UK-style message for a comment over ``limit`` characters."""
    return f"Your answer to {_quoted(question.text)} must be {limit:,} characters or fewer"


class _GovParams:
    """Accepts ``gov_params``: extra GOV.UK macro parameters the widget merges in (see widgets.py)."""

    def __init__(self, *args: Any, gov_params: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.gov_params = gov_params or {}


class _OneMessage(_GovParams):
    """Validation in ``pre_validate``: missing or not-offered answers give the same single message."""

    message: str
    required: bool

    def _check(self, values: list[str], offered: set[str]) -> None:
        if not values:
            if self.required:
                raise StopValidation(self.message)
            raise StopValidation()  # optional and unanswered: nothing to check, nothing to store
        if any(value not in offered for value in values):
            raise StopValidation(self.message)


class AnswerRadioField(_OneMessage, RadioField):
    """Radios validated against the options offered, with one message for every failure."""

    def __init__(self, label: str, *, message: str, required: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("widget", QuestionRadios())
        super().__init__(label, validate_choice=False, **kwargs)
        self.message = message
        self.required = required

    def pre_validate(self, form: Any) -> None:
        self._check([self.data] if self.data else [], {str(value) for value, *_ in self.choices})


class AnswerSelectField(_OneMessage, SelectField):
    """A select validated like ``AnswerRadioField``; its first option is an empty prompt."""

    def __init__(self, label: str, *, message: str, required: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("widget", QuestionSelect())
        super().__init__(label, validate_choice=False, **kwargs)
        self.message = message
        self.required = required

    def pre_validate(self, form: Any) -> None:
        self._check([self.data] if self.data else [], {str(v) for v, *_ in self.choices if v})


class AnswerCheckboxesField(_OneMessage, SelectMultipleField):
    """Checkboxes for a multi-choice question."""

    def __init__(self, label: str, *, message: str, required: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("widget", QuestionCheckboxes())
        super().__init__(label, validate_choice=False, **kwargs)
        self.message = message
        self.required = required

    def pre_validate(self, form: Any) -> None:
        self._check(list(self.data or []), {str(value) for value, *_ in self.choices})


class CommentField(_GovParams, TextAreaField):
    """Free text with a character limit; whitespace-only counts as no answer."""

    def __init__(
        self, label: str, *, required_message: str, length_message: str, limit: int, required: bool, **kw: Any
    ) -> None:
        kw.setdefault("widget", QuestionCharacterCount())
        super().__init__(label, filters=[_clean_text], **kw)
        self.required_message = required_message
        self.length_message = length_message
        self.limit = limit
        self.required = required

    def pre_validate(self, form: Any) -> None:
        if not self.data:
            if self.required:
                raise StopValidation(self.required_message)
            raise StopValidation()
        if len(self.data) > self.limit:
            raise StopValidation(self.length_message)


class OptInField(_GovParams, BooleanField):
    """A single checkbox, off by default."""

    def __init__(self, label: str, **kwargs: Any) -> None:
        kwargs.setdefault("widget", SingleCheckbox())
        super().__init__(label, default=False, **kwargs)


class GroupField(AnswerRadioField):
    """The partner group (phase and area): required unless the respondent names their organisation."""

    def pre_validate(self, form: Any) -> None:
        naming = getattr(form, "name_organisation", None)
        self.required = not (naming is not None and naming.data)
        super().pre_validate(form)


class OrganisationField(AnswerSelectField):
    """The organisation a partner chose to name: only needed when they ticked the box."""

    def pre_validate(self, form: Any) -> None:
        self.required = bool(form.name_organisation.data)
        if not self.required:
            raise StopValidation()  # ignore whatever the hidden select holds
        super().pre_validate(form)


@dataclass(frozen=True)
class UnitQuestion:
    """What the page asks about where the respondent works.

    ``mode`` is ``fixed`` (the link says), ``team`` (choose one of the survey's audience) or ``group``
    (partners choose their phase and area group); ``can_name`` offers the opt-in to name the organisation.
    """

    mode: str = "fixed"
    can_name: bool = False
    many_units: bool = False


def _legend(text: str) -> dict[str, Any]:
    return {"fieldset": {"legend": {"text": text, "classes": "govuk-fieldset__legend--s"}}}


def _question_field(question: Question, comment_limit: int) -> Field:
    text = question.text.strip()
    label = text if question.required else f"{text} (optional)"
    description = question.hint or ""
    choices = [SelectChoice(option.value, option.label) for option in question.options]
    message = required_message(question)
    if question.type == "free_text":
        limit = min(question.max_length or comment_limit, comment_limit)
        return CommentField(
            label,
            description=description,
            required_message=message,
            length_message=too_long_message(question, limit),
            limit=limit,
            required=question.required,
            gov_params={
                "maxlength": limit,
                "rows": 5,
                "label": {"classes": "govuk-label--s"},
                "textareaDescriptionText": f"You can enter up to {limit:,} characters",
            },
        )
    if question.type == "multi_choice":
        return AnswerCheckboxesField(
            label,
            message=message,
            required=question.required,
            choices=choices,
            description=f"{description} Select all that apply.".strip(),
            gov_params=_legend(label),
        )
    params = _legend(label)
    if question.type == "scale0_10":
        ends = (
            f"0 means {_lower_first(question.low_label or 'not at all')} and "
            f"10 means {_lower_first(question.high_label or 'completely')}."
        )
        description = f"{description} {ends}".strip()
        params["classes"] = "heard-scale"  # a compact row of 0–10 that wraps on a phone
    elif question.type == "yes_no":
        params["classes"] = "govuk-radios--inline"
    return AnswerRadioField(
        label,
        message=message,
        required=question.required,
        choices=choices,
        description=description,
        gov_params=params,
    )


TEAM_QUESTION = "Which team do you work in?"
GROUP_QUESTION = "Which of these best describes your organisation?"


def _unit_fields(unit: UnitQuestion) -> dict[str, Field]:
    fields: dict[str, Field] = {}
    if unit.mode == "team":
        hint = "We only show results for groups big enough that no one can be identified."
        if unit.many_units:
            fields["unit"] = AnswerSelectField(
                TEAM_QUESTION,
                message="Select the team you work in",
                description=hint,
                choices=[],
                gov_params={"label": {"classes": "govuk-label--s"}},
            )
        else:
            fields["unit"] = AnswerRadioField(
                TEAM_QUESTION,
                message="Select the team you work in",
                description=hint,
                choices=[],
                gov_params=_legend(TEAM_QUESTION),
            )
    elif unit.mode == "group":
        fields["unit"] = GroupField(
            GROUP_QUESTION,
            message="Select which of these best describes your organisation",
            description="We show results by type of setting and area, never for one organisation "
            "unless it chooses to be named.",
            choices=[],
            gov_params=_legend(GROUP_QUESTION),
        )
    if unit.can_name:
        fields["name_organisation"] = OptInField(
            "Name my organisation with my answers",
            description="Leave this unticked to stay anonymous.",
        )
        if unit.mode == "group":
            fields["organisation"] = OrganisationField(
                "Your organisation",
                message="Select your organisation",
                choices=[],
                gov_params={"label": {"classes": "govuk-label--s"}},
            )
    return fields


def build_form_class(
    questionnaire: Questionnaire, *, comment_limit: int, unit: UnitQuestion
) -> type[FlaskForm]:
    """A form class for ``questionnaire``: build it once per version and reuse it (see views).

    Fields are ordered by creation, so where the respondent works comes first, then the questions.
    """
    attrs: dict[str, Any] = _unit_fields(unit)
    for question in questionnaire.questions:
        attrs[field_name(question.key)] = _question_field(question, comment_limit)
    return type("QuestionsForm", (FlaskForm,), attrs)
