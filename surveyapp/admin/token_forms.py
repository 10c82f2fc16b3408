"""The form for issuing an API token (choices of user are filled in by the view)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextInput
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length

from surveyapp.services.api_tokens import NAME_MAX


class ApiTokenForm(FlaskForm):
    """Whose token it is and what it is for."""

    user = SelectField(
        "Who is it for?",
        widget=GovSelect(),
        coerce=int,
        choices=[],
        description="The token reads what this person may read: their role and their units.",
        validators=[InputRequired("Choose who the token is for")],
    )
    name = StringField(
        "What is it for?",
        widget=GovTextInput(),
        description=(
            "For example, 'Power BI workforce report'. This helps you decide later whether to revoke it."
        ),
        validators=[DataRequired("Enter what the token is for"), Length(max=NAME_MAX)],
    )
    submit = SubmitField("Issue token", widget=GovSubmitInput())
