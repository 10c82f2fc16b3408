"""Helpers for driving the respondent journey through Flask's test client."""

from __future__ import annotations

import http.client
import re
from typing import Any
from urllib.parse import urlencode, urlsplit

from bs4 import BeautifulSoup
from sqlalchemy import func, select

from surveyapp.models import Answer, Comment, Response
from tests.factories import form_answers

_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
_KEY = re.compile(r'name="response_key" value="([^"]+)"')


def csrf_token(html: bytes | str) -> str:
    """The CSRF token of the (only) form on a page."""
    field = BeautifulSoup(html, "html.parser").find("input", attrs={"name": "csrf_token"})
    assert field is not None, "page has no CSRF token"
    return field["value"]


def page_fields(html: bytes | str) -> dict[str, str]:
    """The hidden fields a question page's form sends: its CSRF token and its response key."""
    field = BeautifulSoup(html, "html.parser").find("input", attrs={"name": "response_key"})
    assert field is not None, "page has no response key"
    return {"csrf_token": csrf_token(html), "response_key": field["value"]}


def send_answers(client: Any, token_or_slug: str, answers: dict[str, str], *, again: bool = False) -> Any:
    """Open the question page as a respondent would, then send ``answers`` with its CSRF token."""
    query = "?again=1" if again else ""
    page = client.get(f"/s/{token_or_slug}/questions{query}")
    assert page.status_code == 200, page.status_code
    data = {**answers, **page_fields(page.data)}
    return client.post(f"/s/{token_or_slug}/questions{query}", data=data)


def counts(session: Any) -> tuple[int, int, int]:
    """(responses, answers, comments) stored, read fresh from the database."""
    session.rollback()
    return (
        session.scalar(select(func.count()).select_from(Response)),
        session.scalar(select(func.count()).select_from(Answer)),
        session.scalar(select(func.count()).select_from(Comment)),
    )


def only_response(session: Any) -> Response:
    """The single stored response (fails if there is not exactly one)."""
    session.rollback()
    responses = session.scalars(select(Response)).all()
    assert len(responses) == 1, f"expected one response, found {len(responses)}"
    return responses[0]


class HttpTab:
    """One browser tab: its own cookies, talking HTTP to a real (live) server."""

    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.cookie = ""
        self.form: dict[str, str] = {}

    def _request(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            reply = connection.getresponse()
            if reply.getheader("Set-Cookie"):
                self.cookie = reply.getheader("Set-Cookie").split(";", 1)[0]
            return reply.status, reply.read().decode()
        finally:
            connection.close()

    def open_questions(self, token: str) -> None:
        status, body = self._request("GET", f"/s/{token}/questions")
        assert status == 200, status
        match, key = _CSRF.search(body), _KEY.search(body)
        assert match is not None and key is not None
        self.form = {**form_answers(), "csrf_token": match.group(1), "response_key": key.group(1)}

    def send(self, token: str) -> tuple[int, str]:
        return self._request("POST", f"/s/{token}/questions", urlencode(self.form))

    def send_answers(self, token: str) -> tuple[int, str]:
        self.open_questions(token)
        return self.send(token)
