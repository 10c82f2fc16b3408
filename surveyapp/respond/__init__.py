"""The respondent journey: survey links, the questions, and what happened after staff spoke."""

from surveyapp.respond.views import bp

__all__ = ["bp"]
