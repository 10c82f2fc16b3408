"""Administrators issue API tokens (shown once), see when each was last used, and revoke them; all audited."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from surveyapp.models import AuditEvent
from surveyapp.models.insights import ApiToken
from surveyapp.services.tokens import hash_token
from tests.factories import make_user, sign_in_as
from tests.pages import check_page
from tests.surveyapp.admin.helpers import errors, post_form
from tests.surveyapp.api.conftest import bearer


def test_issue_use_and_revoke_a_token(client: Any, session: Any, org: dict[str, Any]) -> None:
    admin = make_user(session, role="admin", name="Ada Admin")
    analyst = make_user(session, role="analyst", name="Ana Lyst")
    make_user(session, role="leader", name="Gone Leader", active=False)
    session.commit()
    sign_in_as(client, admin)

    listing = check_page(client.get("/admin/api-tokens").data)
    assert "No tokens have been issued" in listing.get_text()
    nav = listing.select_one(".govuk-service-navigation")
    assert nav is not None and nav.find("a", href="/admin/api-tokens").get_text(strip=True) == "API tokens"
    form = check_page(client.get("/admin/api-tokens/new").data)
    choices = [o.get_text() for o in form.select("select[name=user] option")]
    assert any("Ana Lyst" in c for c in choices) and not any("Gone Leader" in c for c in choices)

    response = post_form(
        client, "/admin/api-tokens/new", {"user": str(analyst.id), "name": "Power BI workforce"}
    )
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    page = check_page(response.data)
    raw = page.find(id="api-token").get_text(strip=True)
    assert raw.startswith("heard_") and "shown only once" in page.get_text()
    stored = session.scalar(select(ApiToken))
    assert (
        stored.token_hash == hash_token(raw)
        and stored.user_id == analyst.id
        and stored.name == "Power BI workforce"
    )
    issued = session.scalar(select(AuditEvent).where(AuditEvent.action == "api_token.issued"))
    assert issued.user_id == admin.id and issued.target_id == str(stored.id)
    assert raw not in str(issued.detail)

    # Shown once: the list (and every other page) never shows it again.
    listed = client.get("/admin/api-tokens").get_data(as_text=True)
    assert raw not in listed and "Power BI workforce" in listed and "Never" in listed
    assert client.get("/api/v1/surveys", headers=bearer(raw)).status_code == 200
    listing = check_page(client.get("/admin/api-tokens").data)
    assert "Never" not in listing.select_one("tbody").get_text()  # last used today

    response = post_form(client, f"/admin/api-tokens/{stored.id}/revoke", {}, form_page="/admin/api-tokens")
    assert response.status_code == 302 and response.location == "/admin/api-tokens"
    after = check_page(client.get("/admin/api-tokens").data).get_text(" ")
    assert "has been revoked" in after and "Revoked" in after
    revoked = session.scalar(select(AuditEvent).where(AuditEvent.action == "api_token.revoked"))
    assert revoked.user_id == admin.id and revoked.target_id == str(stored.id)
    assert client.get("/api/v1/surveys", headers=bearer(raw)).status_code == 401
    audit = check_page(client.get("/admin/audit").data).get_text(" ")
    assert "Issued an API token" in audit and "Revoked an API token" in audit


def test_the_issue_form_explains_its_mistakes(client: Any, session: Any) -> None:
    admin = make_user(session, role="admin")
    session.commit()
    sign_in_as(client, admin)
    response = post_form(client, "/admin/api-tokens/new", {"user": str(admin.id), "name": "  "})
    assert errors(response) == ["Enter what the token is for"]
    response = post_form(client, "/admin/api-tokens/new", {"user": "999999", "name": "Report"})
    assert len(errors(response)) == 1
    assert session.scalar(select(ApiToken)) is None


def test_revoking_an_unknown_token_is_not_found(client: Any, session: Any) -> None:
    sign_in_as(client, make_user(session, role="admin"))
    session.commit()
    response = post_form(client, "/admin/api-tokens/999999/revoke", {}, form_page="/admin/api-tokens/new")
    assert response.status_code == 404
