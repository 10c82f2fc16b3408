"""User pages: adding people with a one-time password link, changing roles and scopes (audited)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from surveyapp.models import AuditEvent, User
from tests.factories import make_unit, make_user
from tests.pages import check_page
from tests.surveyapp.admin.helpers import errors, post_form


def test_adding_a_user_shows_their_password_link_once(admin_client: Any, session: Any, client: Any) -> None:
    area = make_unit(session, key="front-door", name="Front door", kind="service_area")
    session.commit()
    response = post_form(
        admin_client,
        "/admin/users/new",
        {"name": "Lee Leader", "email": "Lee@Council.test", "role": "leader", "scope": [str(area.id)]},
    )
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = check_page(response.data)
    assert page.h1.get_text(strip=True) == "Account created"
    link = page.find(id="password-link").get_text(strip=True)
    assert link.startswith("http://heard.test/reset-password/")
    user = session.scalar(select(User).where(User.email == "lee@council.test"))
    assert [u.key for u in user.scope] == ["front-door"]
    assert admin_client.get(link.removeprefix("http://heard.test")).status_code == 200
    listed = check_page(admin_client.get("/admin/users").data).get_text()
    assert "Lee Leader" in listed and "Front door" in listed


def test_the_user_form_explains_its_mistakes(admin_client: Any, session: Any, admin: Any) -> None:
    area = make_unit(session, key="front-door", kind="service_area")
    session.commit()
    response = post_form(
        admin_client,
        "/admin/users/new",
        {"name": "", "email": "not an address", "role": "admin", "scope": [str(area.id)]},
    )
    assert errors(response) == [
        "Enter the person's name",
        "Enter an email address like name@example.gov.uk",
        "Administrators see the whole organisation: leave the units unticked",
    ]
    taken = post_form(
        admin_client, "/admin/users/new", {"name": "Ada", "email": admin.email, "role": "leader"}
    )
    assert errors(taken) == [f"There is already an account for {admin.email}"]


def test_changing_a_role_is_audited(admin_client: Any, session: Any) -> None:
    user = make_user(session, role="reference", name="Rae", email="rae@council.test")
    session.commit()
    path = f"/admin/users/{user.id}/edit"
    assert (
        check_page(admin_client.get(path).data).find("input", attrs={"name": "role", "checked": True})[
            "value"
        ]
        == "reference"
    )
    response = post_form(
        admin_client, path, {"name": "Rae", "email": "rae@council.test", "role": "leader", "active": "y"}
    )
    assert response.status_code == 302
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "user.update"))
    assert event.detail["role"] == ["reference", "leader"]


def test_disabling_an_account_signs_it_out(admin_client: Any, session: Any, app: Any) -> None:
    from tests.factories import sign_in_as

    user = make_user(session, role="leader", name="Lee", email="lee@council.test")
    session.commit()
    their_browser = sign_in_as(app.test_client(), user)
    assert their_browser.get("/insights").status_code == 200
    post_form(
        admin_client,
        f"/admin/users/{user.id}/edit",
        {"name": "Lee", "email": "lee@council.test", "role": "leader"},
    )
    assert their_browser.get("/insights").status_code == 302


def test_administrators_cannot_demote_or_disable_themselves(admin_client: Any, admin: Any) -> None:
    path = f"/admin/users/{admin.id}/edit"
    response = post_form(
        admin_client, path, {"name": admin.name, "email": admin.email, "role": "leader", "active": "y"}
    )
    assert errors(response) == ["You cannot change your own role or disable your own account"]


def test_a_new_password_link_replaces_the_old_one(admin_client: Any, session: Any) -> None:
    user = make_user(session, role="analyst")
    session.commit()
    pages = [
        post_form(
            admin_client,
            f"/admin/users/{user.id}/password-link",
            {},
            form_page=f"/admin/users/{user.id}/edit",
        )
        for _ in range(2)
    ]
    first, second = (check_page(p.data).find(id="password-link").get_text(strip=True) for p in pages)
    assert admin_client.get(first.removeprefix("http://heard.test")).status_code == 404
    assert admin_client.get(second.removeprefix("http://heard.test")).status_code == 200
