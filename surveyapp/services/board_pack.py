"""The Improvement Board pack: one wave's dashboard as a printable document, and as a PDF.

The PDF is the same HTML rendered by WeasyPrint, which never touches the network here: its URL fetcher
refuses everything: the charts are inline SVG, and the stylesheet (static/board-pack.css) is read from
disk and handed over directly, so the HTML needs no inline style for the content security policy to forbid.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from surveyapp.models import Survey, User
from surveyapp.services.audit import record

STYLESHEET = Path(__file__).resolve().parents[2] / "static" / "board-pack.css"


class NoNetwork(ValueError):
    """WeasyPrint asked for an external resource; the pack must be self-contained."""


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise NoNetwork(f"the board pack may not fetch {url}")


def render_pdf(html: str, **options: Any) -> bytes:
    """The PDF of a self-contained HTML document (``options`` go to WeasyPrint's ``write_pdf``)."""
    from weasyprint import CSS, HTML

    stylesheet = CSS(string=STYLESHEET.read_text(encoding="utf-8"), url_fetcher=_refuse_fetch)
    return HTML(string=html, url_fetcher=_refuse_fetch).write_pdf(stylesheets=[stylesheet], **options)


def audit_export(session: Session, survey: Survey, wave_number: int, fmt: str, *, user: User) -> None:
    """Record that ``user`` viewed or downloaded the pack (the caller commits)."""
    record(
        session,
        f"board_pack.{fmt}",
        user=user,
        target_type="survey",
        target_id=survey.id,
        survey=survey.key,
        wave=wave_number,
        format=fmt,
    )
