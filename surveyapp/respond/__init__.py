"""The respondent journey: survey links, the questions, and what happened after staff spoke."""

from surveyapp.respond import you_said  # noqa: F401 - registers the public 'you said, we did' page
from surveyapp.respond.views import bp

__all__ = ["bp"]
