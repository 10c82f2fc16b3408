"""Forms for the administration pages (GOV.UK widgets, CSRF from Flask-WTF).

Choices that come from the database (units, questionnaires, users) are filled in by the view.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovDateInput,
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    StopValidation,
    ValidationError,
)

from surveyapp.models import ROLES
from surveyapp.models.surveys import CADENCES
from surveyapp.services.access import ROLE_LABELS
from surveyapp.services.units import KIND_LABELS, PARTNER_TYPE_LABELS

KEY_RULE = Regexp(r"^[a-z0-9][a-z0-9-]*$", message="Use only lower-case letters, numbers and hyphens")
CADENCE_LABELS = {"monthly": "Monthly", "termly": "Termly", "ad_hoc": "Ad hoc (waves opened by hand)"}
ANONYMITY_LABELS = {
    "anonymous": "Anonymous – nothing links a response to a person or organisation",
    "confidential-partner": (
        "Confidential for partners – a partner organisation is recorded only if the respondent "
        "chooses to name it"
    ),
}
assert set(CADENCE_LABELS) == set(CADENCES)


# The largest whole number any form takes: a PostgreSQL integer column's limit.
LARGEST_WHOLE_NUMBER = 2**31 - 1


class WholeNumberField(IntegerField):
    """A whole-number field whose error says what to type, in plain words."""

    def __init__(self, *args: Any, message: str = "Enter a whole number", **kwargs: Any) -> None:
        kwargs.setdefault("widget", GovTextInput())
        super().__init__(*args, **kwargs)
        self.message = message

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or not str(valuelist[0]).strip():
            self.data = None
            return
        try:
            self.data = int(str(valuelist[0]).strip())
        except ValueError:
            self.data = None
            raise ValueError(self.message) from None
        if abs(self.data) > LARGEST_WHOLE_NUMBER:  # range checks turn it into a float, which would overflow
            self.data = None
            raise ValueError("Enter a smaller number")


class HeardDateInput(GovDateInput):
    """GOV.UK date input that also copes with a field absent from the submitted data (raw_data == [])."""

    def map_gov_params(self, field: Any, **kwargs: Any) -> dict[str, Any]:
        raw = field.raw_data
        if raw is not None and len(raw) != 3:
            field.raw_data = None  # render from ``field.data`` (or empty) instead of failing to unpack
            try:
                return super().map_gov_params(field, **kwargs)
            finally:
                field.raw_data = raw
        return super().map_gov_params(field, **kwargs)


class GovDateField(DateField):
    """A GOV.UK date input (day, month, year) with the design system's error wording."""

    def __init__(self, *args: Any, error_name: str | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("widget", HeardDateInput())
        kwargs.setdefault("format", "%d %m %Y")
        super().__init__(*args, **kwargs)
        self.error_name = error_name or str(self.label.text)

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist or not any(v.strip() for v in valuelist):
            self.data = None
            return
        if not all(v.strip() for v in valuelist):
            self.data = None
            raise ValueError(f"{self.error_name} must include a day, month and year")
        try:
            self.data = dt.datetime.strptime(" ".join(v.strip() for v in valuelist), "%d %m %Y").date()
        except ValueError:
            self.data = None
            raise ValueError(f"{self.error_name} must be a real date, like 27 3 2027") from None


class BlankDateAllowed:
    """Stop validating an empty date (like ``Optional``, but looking at all three boxes)."""

    def __call__(self, form: FlaskForm, field: GovDateField) -> None:
        if not field.raw_data or not any(str(v).strip() for v in field.raw_data):
            field.errors[:] = []
            raise StopValidation()


class DateRequired:
    """All three boxes of a date must be filled."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, form: FlaskForm, field: GovDateField) -> None:
        if not field.raw_data or not any(str(v).strip() for v in field.raw_data):
            field.errors[:] = []
            raise StopValidation(self.message)


# --- units -------------------------------------------------------------------------------------------


class UnitForm(FlaskForm):
    """Add or change one unit."""

    name = StringField(
        "Name", widget=GovTextInput(), validators=[DataRequired("Enter the unit's name"), Length(max=200)]
    )
    key = StringField(
        "Key",
        widget=GovTextInput(),
        description="A short code used in CSV files and on the command line, for example mash-north",
        validators=[DataRequired("Enter a key"), Length(max=64), KEY_RULE],
    )
    kind = RadioField(
        "Kind of unit",
        widget=GovRadioInput(),
        choices=dict(KIND_LABELS),
        validators=[InputRequired("Choose what kind of unit this is")],
    )
    parent = SelectField("Part of", widget=GovSelect(), choices=[], validate_choice=True)
    headcount = WholeNumberField(
        "Headcount",
        message="Headcount must be a whole number, like 12",
        description="How many people the unit has: response rates are worked out from it",
        validators=[
            InputRequired("Enter the headcount"),
            NumberRange(0, 100_000, "Headcount must be between 0 and 100,000"),
        ],
    )
    partner_type = SelectField(
        "Partner type",
        widget=GovSelect(),
        choices={"": "Not a partner organisation", **PARTNER_TYPE_LABELS},
    )
    area = StringField(
        "Area (optional)",
        widget=GovTextInput(),
        description="For partners, the locality they serve, for example North",
        validators=[Optional(), Length(max=100)],
    )
    active = BooleanField("This unit is active (clear it when a team closes)", widget=GovCheckboxInput())
    submit = SubmitField("Save unit", widget=GovSubmitInput())


class UploadForm(FlaskForm):
    """Upload one CSV file."""

    file = FileField(
        "CSV file", widget=GovFileInput(), validators=[FileRequired("Choose a CSV file to upload")]
    )
    submit = SubmitField("Upload", widget=GovSubmitInput())


# --- surveys and waves -------------------------------------------------------------------------------


class SurveyForm(FlaskForm):
    """A survey's settings (the key and questionnaire are chosen once, when it is created)."""

    title = StringField(
        "Title",
        widget=GovTextInput(),
        description="Respondents see this, for example Monthly staff pulse",
        validators=[DataRequired("Enter a title"), Length(max=200)],
    )
    key = StringField(
        "Survey key",
        widget=GovTextInput(),
        description="Used in links and on the command line, for example staff-pulse. It cannot be changed.",
        validators=[DataRequired("Enter a survey key"), Length(max=64), KEY_RULE],
    )
    questionnaire = RadioField(
        "Questionnaire",
        widget=GovRadioInput(),
        choices=[],
        validators=[InputRequired("Choose a questionnaire")],
    )
    audience = SelectMultipleField(
        "Audience",
        widget=GovCheckboxesInput(),
        coerce=int,
        choices=[],
        description="Choose the units asked to take part. Choosing a service area includes its teams.",
        validators=[DataRequired("Choose at least one unit")],
    )
    cadence = RadioField(
        "How often",
        widget=GovRadioInput(),
        choices=dict(CADENCE_LABELS),
        validators=[InputRequired("Choose how often the survey runs")],
    )
    anonymity_mode = RadioField(
        "Anonymity",
        widget=GovRadioInput(),
        choices=dict(ANONYMITY_LABELS),
        validators=[InputRequired("Choose the anonymity mode")],
    )
    reporting_threshold = WholeNumberField(
        "Reporting threshold",
        message="Reporting threshold must be a whole number, like 5",
        description="No figure is shown for a group with fewer responses than this. It cannot be below 3.",
        validators=[
            InputRequired("Enter the reporting threshold"),
            NumberRange(3, 1000, "Reporting threshold must be 3 or more"),
        ],
    )
    text_threshold = WholeNumberField(
        "Comments threshold",
        message="Comments threshold must be a whole number, like 10",
        description="Comments and themes are shown only for groups at least this big",
        validators=[
            InputRequired("Enter the comments threshold"),
            NumberRange(3, 1000, "Comments threshold must be 3 or more"),
        ],
    )
    wave_length_days = WholeNumberField(
        "Days each wave is open",
        message="Days each wave is open must be a whole number, like 14",
        validators=[
            InputRequired("Enter how many days each wave is open"),
            NumberRange(1, 120, "A wave must be open for between 1 and 120 days"),
        ],
    )
    next_wave_opens_on = GovDateField(
        "Next wave opens on (optional)",
        error_name="The next wave's opening date",
        description=(
            "Leave blank to open waves by hand. With a date, the wave opens on that day and monthly or "
            "termly surveys get their following wave lined up automatically. For example, 1 3 2027"
        ),
        validators=[BlankDateAllowed()],
    )
    submit = SubmitField("Save survey", widget=GovSubmitInput())

    def validate_text_threshold(self, field: WholeNumberField) -> None:
        reporting = self.reporting_threshold.data
        if field.data is not None and reporting is not None and field.data < reporting:
            raise ValidationError("Comments threshold must be at least the reporting threshold")


class WaveForm(FlaskForm):
    """Open a wave now, or schedule one."""

    opens_on = GovDateField(
        "Opens on",
        description="Enter today's date to open it straight away, for example 1 3 2027",
        validators=[DateRequired("Enter the date the wave opens")],
    )
    closes_on = GovDateField(
        "Closes on",
        description="The last day answers are taken",
        validators=[DateRequired("Enter the date the wave closes")],
    )
    submit = SubmitField("Save wave", widget=GovSubmitInput())

    def validate_closes_on(self, field: GovDateField) -> None:
        if field.data and self.opens_on.data and field.data < self.opens_on.data:
            raise ValidationError("Closes on must be the same as or after the opening date")


class ClosingDateForm(FlaskForm):
    """Move the closing date."""

    closes_on = GovDateField("New closing date", validators=[DateRequired("Enter the new closing date")])
    submit = SubmitField("Change closing date", widget=GovSubmitInput())


class ReopenForm(FlaskForm):
    """Reopen a closed wave, with a reason for the audit log."""

    reason = TextAreaField(
        "Why are you reopening this wave?",
        widget=GovTextArea(),
        description="This is kept in the audit log. Do not include anything a respondent wrote.",
        validators=[DataRequired("Enter why you are reopening the wave"), Length(max=1000)],
    )
    closes_on = GovDateField("New closing date", validators=[DateRequired("Enter the new closing date")])
    submit = SubmitField("Reopen wave", widget=GovSubmitInput())


class ConfirmForm(FlaskForm):
    """A single button that confirms an action."""

    submit = SubmitField("Confirm", widget=GovSubmitInput())


# --- invitations and open links ----------------------------------------------------------------------


class InvitationUploadForm(FlaskForm):
    """A CSV of email,unit_key rows and what to do with the links."""

    file = FileField(
        "CSV file of email addresses",
        widget=GovFileInput(),
        description="Two columns with a header row: email,unit_key",
        validators=[FileRequired("Choose a CSV file of email addresses")],
    )
    delivery = RadioField(
        "What should Heard do with the links?",
        widget=GovRadioInput(),
        choices=[],
        validators=[InputRequired("Choose how to send the links")],
    )
    submit = SubmitField("Create links", widget=GovSubmitInput())


class OpenLinkForm(FlaskForm):
    """A team-wide link for an event."""

    unit = SelectField("Unit", widget=GovSelect(), choices=[])
    submit = SubmitField("Create open link", widget=GovSubmitInput())


# --- users -------------------------------------------------------------------------------------------


class UserForm(FlaskForm):
    """Add or change a staff account."""

    name = StringField(
        "Full name",
        widget=GovTextInput(),
        validators=[DataRequired("Enter the person's name"), Length(max=200)],
    )
    email = StringField(
        "Email address",
        widget=GovTextInput(),
        validators=[
            DataRequired("Enter the person's email address"),
            Length(max=320),
            Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message="Enter an email address like name@example.gov.uk"),
        ],
    )
    role = RadioField(
        "Role",
        widget=GovRadioInput(),
        choices={role: ROLE_LABELS[role] for role in ROLES},
        validators=[InputRequired("Choose a role")],
    )
    scope = SelectMultipleField(
        "Units they can see (optional)",
        widget=GovCheckboxesInput(),
        coerce=int,
        choices=[],
        description=(
            "Leave all unticked for the whole organisation. Ticking a service area includes its teams. "
            "Administrators always see the whole organisation."
        ),
    )
    active = BooleanField("This account can sign in", widget=GovCheckboxInput())
    submit = SubmitField("Save user", widget=GovSubmitInput())

    def validate_scope(self, field: SelectMultipleField) -> None:
        if self.role.data == "admin" and field.data:
            raise ValidationError("Administrators see the whole organisation: leave the units unticked")


# --- audit log ---------------------------------------------------------------------------------------


class AuditFilterForm(FlaskForm):
    """Filters for the audit log (a GET form, so no CSRF token)."""

    class Meta:
        csrf = False

    # Any value is safe to filter by (it is only compared), so a link with a stale choice still works.
    action = SelectField("Action", widget=GovSelect(), choices=[], validate_choice=False)
    user = SelectField("Who", widget=GovSelect(), choices=[], validate_choice=False)
    since = GovDateField("From", error_name="The From date", validators=[BlankDateAllowed()])
    until = GovDateField("To", error_name="The To date", validators=[BlankDateAllowed()])
    submit = SubmitField("Filter", widget=GovSubmitInput())
