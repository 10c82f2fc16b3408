"""Authenticator codes (TOTP) for admins and leaders: set-up, sign-in, replay, throttling, reset, demo."""

from __future__ import annotations

import json
import time
from typing import Any

import pyotp
import pytest
from flask import Flask
from sqlalchemy import select

from surveyapp.auth import sessions
from surveyapp.models import AuditEvent, User
from surveyapp.services.demo import DEMO_TOTP_SECRETS, enrol_demo_mfa
from tests.factories import (
    DEFAULT_PASSWORD,
    csrf_token,
    enrol_mfa,
    make_user,
    sign_in_as,
    totp_code,
)
from tests.pages import check_page
from tests.surveyapp.admin.test_access_map import _path, _routes, world  # noqa: F401 - world is a fixture


def _sign_in(client: Any, email: str, next_path: str = "") -> Any:
    path = "/sign-in" + (f"?next={next_path}" if next_path else "")
    token = csrf_token(client, "/sign-in")
    return client.post(path, data={"csrf_token": token, "email": email, "password": DEFAULT_PASSWORD})


def _code(client: Any, path: str, code: str) -> Any:
    return client.post(path, data={"csrf_token": csrf_token(client, path), "code": code})


def _actions(session: Any, user: User) -> list[str]:
    session.expire_all()
    return list(
        session.scalars(
            select(AuditEvent.action).where(AuditEvent.target_id == str(user.id)).order_by(AuditEvent.id)
        )
    )


def test_a_leader_without_an_app_sets_one_up_before_being_signed_in(client: Any, session: Any) -> None:
    leader = make_user(session, role="leader", email="lee@council.test")
    session.commit()
    response = _sign_in(client, "lee@council.test", next_path="/insights")
    assert response.status_code == 302 and response.location == "/sign-in/set-up-mfa"
    assert client.get("/insights").location.startswith("/sign-in?next=")  # not signed in yet

    page = check_page(client.get("/sign-in/set-up-mfa").data)
    assert page.h1.get_text(strip=True) == "Set up an authenticator app"
    svg = page.select_one(".heard-mfa-qr svg")
    assert svg is not None and svg["role"] == "img"
    session.expire_all()
    secret = session.get(User, leader.id).totp_secret
    assert secret and page.select_one(".heard-mfa-key").get_text().replace(" ", "").strip() == secret
    field = page.find("input", attrs={"name": "code"})
    assert field["autocomplete"] == "one-time-code" and field["inputmode"] == "numeric"

    wrong = _code(client, "/sign-in/set-up-mfa", "000000" if totp_code(secret) != "000000" else "111111")
    assert wrong.status_code == 200
    summary = check_page(wrong.data).select_one(".govuk-error-summary")
    assert "Enter the code your authenticator app shows now" in summary.get_text()
    assert session.get(User, leader.id).totp_enabled_at is None

    response = _code(client, "/sign-in/set-up-mfa", pyotp.TOTP(secret).now())
    assert response.status_code == 302 and response.location == "/insights"
    assert client.get("/insights").status_code == 200
    session.expire_all()
    assert session.get(User, leader.id).totp_enabled_at is not None
    assert _actions(session, leader) == ["auth.mfa_failed", "auth.mfa_enrolled", "auth.sign_in"]
    details = json.dumps([e.detail for e in session.scalars(select(AuditEvent))])
    assert secret not in details


def test_an_enrolled_admin_enters_a_code_and_each_code_works_once(client: Any, session: Any) -> None:
    admin = make_user(session, role="admin", email="ada@council.test")
    enrol_mfa(session, admin)
    session.commit()
    assert _sign_in(client, "ada@council.test").location == "/sign-in/verify"
    page = check_page(client.get("/sign-in/verify").data)
    assert page.h1.get_text(strip=True) == "Enter the code from your authenticator app"

    empty = check_page(_code(client, "/sign-in/verify", "").data)
    assert "Enter the 6-digit code" in empty.select_one(".govuk-error-summary").get_text()
    letters = check_page(_code(client, "/sign-in/verify", "12ab56").data)
    assert "Enter the code as 6 digits" in letters.select_one(".govuk-error-summary").get_text()

    code = totp_code()
    assert _code(client, "/sign-in/verify", code).location == "/admin/"
    assert client.get("/admin/").status_code == 200
    client.get("/sign-out")

    # The same code again, inside its 30 seconds, is refused: someone who saw it cannot reuse it.
    assert _sign_in(client, "ada@council.test").location == "/sign-in/verify"
    replay = _code(client, "/sign-in/verify", code)
    assert replay.status_code == 200
    assert "Each code works once" in check_page(replay.data).select_one(".govuk-error-summary").get_text()
    assert client.get("/admin/").status_code == 302
    assert _code(client, "/sign-in/verify", totp_code(steps_ahead=1)).location == "/admin/"
    session.expire_all()
    failed = session.scalars(select(AuditEvent).where(AuditEvent.action == "auth.mfa_failed")).all()
    assert [e.detail["reason"] for e in failed] == ["code already used"]


def test_codes_far_from_now_are_refused(client: Any, session: Any) -> None:
    enrol_mfa(session, make_user(session, role="leader", email="lee@council.test"))
    session.commit()
    _sign_in(client, "lee@council.test")
    for steps in (-3, 3):
        assert _code(client, "/sign-in/verify", totp_code(steps_ahead=steps)).status_code == 200
    assert client.get("/insights").status_code == 302


def test_roles_without_mfa_sign_in_with_the_password_alone(client: Any, session: Any) -> None:
    make_user(session, role="analyst", email="ann@council.test")
    session.commit()
    assert _sign_in(client, "ann@council.test").location == "/insights"
    assert client.get("/insights").status_code == 200


def test_nothing_protected_answers_between_password_and_code(
    app: Flask,
    session: Any,
    world: dict[str, Any],  # noqa: F811 - the access map's fixture
) -> None:
    client = app.test_client()
    admin = world["users"]["admin"]
    admin.email = "ada@council.test"
    enrol_mfa(session, admin)
    session.commit()
    assert _sign_in(client, "ada@council.test").location == "/sign-in/verify"
    token = csrf_token(client, "/sign-in/verify")
    problems = []
    walked = 0
    for endpoint, method, rule in _routes(app):
        if not endpoint.startswith(("admin.", "insights.")):
            continue
        walked += 1
        path = _path(rule, world["values"])
        response = client.get(path) if method == "GET" else client.post(path, data={"csrf_token": token})
        if response.status_code != 302 or not response.location.startswith("/sign-in?next="):
            problems.append(f"{method} {rule}: {response.status_code} {response.location}")
    assert walked >= 30 and problems == []
    assert client.get("/sign-in/verify").status_code == 200  # still waiting for the code


def test_the_pages_for_codes_need_a_password_first(client: Any, session: Any) -> None:
    assert client.get("/sign-in/verify").location == "/sign-in"
    assert client.get("/sign-in/set-up-mfa").location == "/sign-in"


def test_a_pending_sign_in_expires(client: Any, session: Any) -> None:
    enrol_mfa(session, make_user(session, role="leader", email="lee@council.test"))
    session.commit()
    _sign_in(client, "lee@council.test")
    token = csrf_token(client, "/sign-in/verify")
    with client.session_transaction() as store:
        store[sessions.PENDING_SINCE] = time.time() - sessions.PENDING_SECONDS - 1
    response = client.post("/sign-in/verify", data={"csrf_token": token, "code": totp_code()})
    assert response.location == "/sign-in"
    assert client.get("/insights").status_code == 302


def test_the_eleventh_wrong_code_is_throttled(client: Any, session: Any) -> None:
    enrol_mfa(session, make_user(session, role="leader", email="lee@council.test"))
    session.commit()
    _sign_in(client, "lee@council.test")
    good = totp_code()
    wrong = "123456" if good != "123456" else "654321"
    for _ in range(10):
        assert _code(client, "/sign-in/verify", wrong).status_code == 200
    throttled = _code(client, "/sign-in/verify", good)
    assert throttled.status_code == 429
    assert client.get("/insights").status_code == 302


def test_a_session_without_a_confirmed_code_is_ended_for_mfa_roles(client: Any, session: Any) -> None:
    # e.g. someone promoted to leader while signed in as an analyst, without a code.
    leader = make_user(session, role="leader")
    session.commit()
    with client.session_transaction() as store:
        store["_user_id"] = str(leader.id)
        sessions.stamp(store, leader, mfa_verified=False)
    response = client.get("/insights")
    assert response.status_code == 302 and response.location.startswith("/sign-in")


def test_an_admin_resets_someones_app_and_it_is_audited(app: Flask, session: Any) -> None:
    admin = make_user(session, role="admin")
    leader = make_user(session, role="leader", email="lee@council.test")
    enrol_mfa(session, leader)
    session.commit()
    theirs = sign_in_as(app.test_client(), leader)
    assert theirs.get("/insights").status_code == 200
    mine = sign_in_as(app.test_client(), admin)
    page = check_page(mine.get(f"/admin/users/{leader.id}/edit").data)
    assert "Reset authenticator app" in page.get_text()
    token = csrf_token(mine, f"/admin/users/{leader.id}/edit")
    response = mine.post(f"/admin/users/{leader.id}/reset-mfa", data={"csrf_token": token})
    assert response.status_code == 302
    session.expire_all()
    reset = session.get(User, leader.id)
    assert reset.totp_secret is None and reset.totp_enabled_at is None
    assert theirs.get("/insights").status_code == 302  # their session began with the old app
    [event] = session.scalars(select(AuditEvent).where(AuditEvent.action == "user.mfa_reset")).all()
    assert event.user_id == admin.id and event.target_id == str(leader.id)
    assert _sign_in(app.test_client(), "lee@council.test").location == "/sign-in/set-up-mfa"


def test_only_admins_can_reset_an_app(app: Flask, session: Any) -> None:
    leader = make_user(session, role="leader")
    enrol_mfa(session, leader)
    session.commit()
    client = app.test_client()
    token = csrf_token(client, "/sign-in")  # before signing in, while the page still shows its form
    sign_in_as(client, leader)
    assert client.post(f"/admin/users/{leader.id}/reset-mfa", data={"csrf_token": token}).status_code == 403
    session.expire_all()
    assert session.get(User, leader.id).totp_enabled_at is not None


def test_demo_code_prints_codes_only_for_demo_accounts(app: Flask, session: Any) -> None:
    make_user(session, role="admin", email="admin@demo.invalid")
    real = make_user(session, role="admin", email="ada@council.test")
    enrol_mfa(session, real)
    enrol_demo_mfa(session)
    session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["heard", "demo-code", "admin@demo.invalid"])
    assert result.exit_code == 0, result.output
    secret = DEMO_TOTP_SECRETS["admin@demo.invalid"]
    assert pyotp.TOTP(secret).verify(result.output.strip(), valid_window=1)
    refused = runner.invoke(args=["heard", "demo-code", "ada@council.test"])
    assert refused.exit_code == 1 and "only works for the demo" in refused.output
    missing = runner.invoke(args=["heard", "demo-code", "leader@demo.invalid"])
    assert missing.exit_code == 1


def test_fixed_secrets_are_refused_for_real_accounts(session: Any) -> None:
    from surveyapp.services.mfa import enrol_with_secret

    with pytest.raises(ValueError, match="demo"):
        enrol_with_secret(session, make_user(session, email="ada@council.test"), "JBSWY3DPEHPK3PXP")
