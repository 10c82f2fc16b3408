"""Insights for people who read results (leaders, the staff reference group, analysts, admins).

For now an index of the surveys in the reader's scope and a page per survey; the insights issue builds
the results pages on these. Everyone signed in may read insights, within their scope.
"""

from flask import Blueprint

from surveyapp.services.access import READER_ROLES, check_role

bp = Blueprint("insights", __name__, url_prefix="/insights")


@bp.before_request
def _readers_only() -> object:
    return check_role(*READER_ROLES)


from surveyapp.insights import (  # noqa: E402,F401 - issue 6 pages register their views on bp
    actions,
    board_pack,
    comments,
    compare,
    dashboard,
    themes,
    views,
)

__all__ = ["bp", "comments", "themes", "views"]
