"""Heard's data model (DESIGN.md §2), as SQLAlchemy 2.0 typed models."""

from surveyapp.models.accounts import ROLES, AuditEvent, PasswordReset, User, user_scope
from surveyapp.models.base import Base
from surveyapp.models.insights import AnalysisRun, ApiToken, ModerationDecision, ThemeAnchor, ThemeWaveStat
from surveyapp.models.links import Invitation, OpenLink
from surveyapp.models.organisation import PARTNER_TYPES, UNIT_KINDS, Unit
from surveyapp.models.responses import Answer, Comment, Response
from surveyapp.models.surveys import QuestionnaireVersion, Survey, Wave, survey_audience
from surveyapp.models.themes import Action, Theme

__all__ = [
    "PARTNER_TYPES",
    "ROLES",
    "UNIT_KINDS",
    "Action",
    "AnalysisRun",
    "Answer",
    "ApiToken",
    "AuditEvent",
    "Base",
    "Comment",
    "Invitation",
    "ModerationDecision",
    "OpenLink",
    "PasswordReset",
    "QuestionnaireVersion",
    "Response",
    "Survey",
    "Theme",
    "ThemeAnchor",
    "ThemeWaveStat",
    "Unit",
    "User",
    "Wave",
    "survey_audience",
    "user_scope",
]
