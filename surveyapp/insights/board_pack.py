"""The Improvement Board pack for one wave: printable HTML, PDF, CSV and XLSX, each download audited."""

from __future__ import annotations

from flask import Response, abort, current_app, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user

from surveyapp.extensions import db
from surveyapp.insights import bp
from surveyapp.insights.dashboard import dashboard_charts
from surveyapp.models import Survey
from surveyapp.services import board_pack, exports
from surveyapp.services.access import scope_for, survey_for
from surveyapp.services.actions import actions_for
from surveyapp.services.aggregates import aggregate_cache
from surveyapp.services.dashboard import Dashboard, build_dashboard, ran_on, reported_waves

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _board(survey_key: str, number: int) -> tuple[Survey, Dashboard]:
    survey = survey_for(db.session, current_user, survey_key)
    if not any(w.number == number for w in reported_waves(survey)):
        abort(404)  # open, scheduled or unknown waves have no pack
    board = build_dashboard(
        db.session, survey, scope_for(db.session, current_user), aggregate_cache(current_app), upto=number
    )
    return survey, board


QUOTED_THEMES = 6
QUOTES_PER_THEME = 2
QUOTE_READERS = ("admin", "leader", "reference")


def _quotes(board: Dashboard) -> dict[int, list[str]] | None:
    """A few redacted, shuffled quotes for the largest themes, through the theme pages' own safe-quote
    service (readable comments from groups at or above k_text only); None when that service is absent."""
    if current_user.role not in QUOTE_READERS:
        return None  # analysts read aggregates only
    try:
        from surveyapp.services.themes import quotes
    except ImportError:
        return None
    from surveyapp.services.comments import text_groups

    groups = text_groups(db.session, board.survey, cache=aggregate_cache(current_app))  # once for all
    unit_ids = scope_for(db.session, current_user).unit_ids  # quotes only from the reader's units
    return {
        row.theme.id: quotes(db.session, board.survey, row.theme, groups=groups, unit_ids=unit_ids)[
            :QUOTES_PER_THEME
        ]
        for row in board.themes[:QUOTED_THEMES]
    }


def _context(board: Dashboard) -> dict[str, object]:
    return {
        "quotes": _quotes(board),
        "board": board,
        "charts": dashboard_charts(board),
        "ran_on": ran_on(board.last_run),
        "actions": actions_for(db.session, board.survey),
    }


def _filename(survey: Survey, number: int, extension: str) -> str:
    return f"{survey.key}-wave-{number}-board-pack.{extension}"


def _download(body: bytes | str, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/<survey_key>/waves/<int:number>/board-pack")
def board_pack_page(survey_key: str, number: int) -> ResponseReturnValue:
    """The pack as a page, styled to print."""
    survey, board = _board(survey_key, number)
    board_pack.audit_export(db.session, survey, number, "viewed", user=current_user)
    db.session.commit()
    return render_template(
        "insights/board_pack/show.html", title=f"Improvement Board pack, wave {number}", **_context(board)
    )


@bp.get("/<survey_key>/waves/<int:number>/board-pack.pdf")
def board_pack_pdf(survey_key: str, number: int) -> ResponseReturnValue:
    """The pack as a PDF."""
    survey, board = _board(survey_key, number)
    html = render_template(
        "insights/board_pack/document.html", title=f"Improvement Board pack, wave {number}", **_context(board)
    )
    pdf = board_pack.render_pdf(html)
    board_pack.audit_export(db.session, survey, number, "pdf", user=current_user)
    db.session.commit()
    return _download(pdf, "application/pdf", _filename(survey, number, "pdf"))


@bp.get("/<survey_key>/waves/<int:number>/board-pack.csv")
def board_pack_csv(survey_key: str, number: int) -> ResponseReturnValue:
    """The pack's aggregates as CSV."""
    survey, board = _board(survey_key, number)
    body = exports.to_csv(exports.aggregate_rows(board))
    board_pack.audit_export(db.session, survey, number, "csv", user=current_user)
    db.session.commit()
    return _download(body.encode("utf-8"), "text/csv; charset=utf-8", _filename(survey, number, "csv"))


@bp.get("/<survey_key>/waves/<int:number>/board-pack.xlsx")
def board_pack_xlsx(survey_key: str, number: int) -> ResponseReturnValue:
    """The pack's aggregates as an Excel workbook."""
    survey, board = _board(survey_key, number)
    body = exports.to_xlsx(exports.aggregate_rows(board), title=f"Wave {number}")
    board_pack.audit_export(db.session, survey, number, "xlsx", user=current_user)
    db.session.commit()
    return _download(body, XLSX_TYPE, _filename(survey, number, "xlsx"))
