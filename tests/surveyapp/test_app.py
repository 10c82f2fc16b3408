"""The app factory, health check and error pages."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import create_engine

from surveyapp.extensions import db
from tests.pages import check_page, h1_text


def test_healthz_answers_json_once_the_database_does(client: Any) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_an_unreachable_database(app: Flask) -> None:
    original = db.engine
    db.session.configure(bind=create_engine("sqlite:////nonexistent-dir/heard.sqlite3"))
    try:
        response = app.test_client().get("/healthz")
    finally:
        db.session.remove()
        db.session.configure(bind=original)
    assert response.status_code == 503
    assert response.get_json()["status"] == "unavailable"


def test_unknown_page_is_a_styled_404(client: Any) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert h1_text(response.data) == "Page not found"


def test_a_crash_shows_the_services_own_500_page(app: Flask) -> None:
    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("kaboom")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert h1_text(response.data) == "Sorry, there is a problem with the service"
    assert b"kaboom" not in response.data


def test_a_post_without_csrf_token_is_refused_kindly(app: Flask) -> None:
    @app.post("/needs-csrf")
    def needs_csrf() -> str:
        return "should not get here"

    response = app.test_client().post("/needs-csrf", data={"x": "1"})
    assert response.status_code == 400
    page = check_page(response.data)
    assert "nothing was saved" in page.get_text()


def test_pages_carry_the_council_brand_not_govuk(client: Any) -> None:
    page = check_page(client.get("/").data)
    assert "Northmoor Council" in page.get_text()
    assert page.find(class_="govuk-header__logotype") is None  # no crown
    assert page.title.get_text().endswith("Heard – Northmoor Council")
