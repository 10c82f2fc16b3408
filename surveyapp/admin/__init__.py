"""Administration: units, surveys and waves, invitations, open links, users, progress and the audit log.

Every page here is for survey administrators only; the check runs before each request, so no view can
forget it.
"""

from flask import Blueprint

from surveyapp.services.access import ADMIN, check_role

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
def _admins_only() -> object:
    return check_role(ADMIN)


# The view modules register their routes on ``bp``.
from surveyapp.admin import (  # noqa: E402
    api_tokens,
    audit,
    dashboard,
    invitations,
    moderation,
    open_links,
    progress,
    surveys,
    units,
    users,
    waves,
)

__all__ = [
    "api_tokens",
    "audit",
    "bp",
    "dashboard",
    "invitations",
    "moderation",
    "open_links",
    "progress",
    "surveys",
    "units",
    "users",
    "waves",
]
