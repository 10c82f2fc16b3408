"""Posting admin forms as a browser would: with the page's CSRF token and its field names."""

from __future__ import annotations

import io
from typing import Any

from tests.factories import csrf_token
from tests.pages import check_page


def post_form(client: Any, path: str, data: dict[str, Any], *, form_page: str | None = None) -> Any:
    """POST ``data`` to ``path`` with a CSRF token taken from ``form_page`` (default: ``path``)."""
    return client.post(path, data={"csrf_token": csrf_token(client, form_page or path), **data})


def upload(client: Any, path: str, text: str | bytes, **fields: Any) -> Any:
    """Upload ``text`` as the form's CSV file."""
    content = text.encode() if isinstance(text, str) else text
    data = {"file": (io.BytesIO(content), "upload.csv"), **fields}
    return post_form(client, path, data)


def date_fields(name: str, day: Any) -> dict[str, list[str]]:
    """A GOV.UK date input's three boxes (all named ``name``) for ``day``."""
    return {name: [str(day.day), str(day.month), str(day.year)]}


def errors(response: Any) -> list[str]:
    """The error summary's messages on the page in ``response``."""
    page = check_page(response.data)
    return [a.get_text(strip=True) for a in page.select(".govuk-error-summary a")]


def banner(client: Any, path: str) -> str:
    """The text of the notification banner(s) on ``path``."""
    page = check_page(client.get(path).data)
    return " ".join(b.get_text(" ", strip=True) for b in page.select(".govuk-notification-banner"))
