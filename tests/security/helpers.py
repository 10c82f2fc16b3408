"""Shared pieces for the hostile-input and access tests: the URL map, a two-scope world, row counts."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from surveyapp.extensions import db
from surveyapp.models import Base
from surveyapp.services.password_resets import issue_reset
from tests.factories import (
    RequestIsolatingClient,
    make_action,
    make_flagged_comment,
    make_open_link,
    make_survey,
    make_theme,
    make_unit,
    make_user,
    make_wave,
    sign_in_as,
)

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
# Text planted in the out-of-scope half of the world: it must never appear on a page a scoped user reads.
OTHER_MARKER = "zqxcaresecret"
URL_ARGUMENT = re.compile(r"<(?:[^<>]*:)?(\w+)>")


def row_counts() -> dict[str, int]:
    """Rows in every table of the schema, read on a fresh connection (so only committed rows count)."""
    counts = {}
    with db.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            counts[table.name] = connection.execute(select(func.count()).select_from(table)).scalar_one()
    return counts


def routes(app: Flask, *, methods: set[str] | None = None) -> list[tuple[str, str, str]]:
    """(endpoint, method, rule) for every route but static files, sorted."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            if methods is None or method in methods:
                found.append((rule.endpoint, method, rule.rule))
    return sorted(found)


def fill(rule: str, values: dict[str, Any]) -> str:
    """``rule`` with each URL argument replaced from ``values`` (a KeyError names an unknown argument)."""
    return URL_ARGUMENT.sub(lambda m: str(values[m.group(1)]), rule)


def signed_in(app: Flask, user: Any | None) -> tuple[Any, str]:
    """A client (signed in as ``user`` when given) and a CSRF token valid for its session."""
    # Each request starts with an empty ``g``, as in production (the ``session`` fixture keeps an app
    # context open, which would otherwise carry one client's signed-in user into another's request).
    app.test_client_class = RequestIsolatingClient
    client = app.test_client()
    html = client.get("/sign-in").get_data(as_text=True)
    token = html.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    if user is not None:
        sign_in_as(client, user)
        _confirm_second_factor(client, user)
    return client, token


def _confirm_second_factor(client: Any, user: Any) -> None:
    """Mark the session as past its authenticator code, where the app asks for one (MFA roles)."""
    import inspect

    from surveyapp.auth.sessions import stamp

    if "mfa_verified" in inspect.signature(stamp).parameters:
        with client.session_transaction() as store:
            stamp(store, user, mfa_verified=True)


def has_error_summary(html: str) -> bool:
    return 'class="govuk-error-summary' in html


def post_forms(html: str, page_path: str) -> list[dict[str, Any]]:
    """The POST forms on a page: their action path, encoding and fields (name → values offered)."""
    found = []
    for form in BeautifulSoup(html, "html.parser").find_all("form"):
        if (form.get("method") or "get").lower() != "post":
            continue
        action = urlsplit(urljoin(page_path, form.get("action") or page_path)).path
        fields: dict[str, list[str]] = {}
        for element in form.find_all(["input", "select", "textarea", "button"]):
            name = element.get("name")
            if not name or name == "csrf_token":
                continue
            if element.name == "select":
                offered = [o.get("value", o.get_text()) for o in element.find_all("option")]
            elif element.name == "textarea":
                offered = [element.get_text()]
            else:
                offered = [element.get("value", "")]
            fields.setdefault(name, []).extend(offered)
        found.append({"action": action, "multipart": "multipart" in (form.get("enctype") or ""), **fields})
    return found


def build_world(session: Session) -> dict[str, Any]:
    """Two halves of one council: the front door (in the scoped users' scope) and care (outside it).

    Each half has a survey with a closed and an open wave, a flagged comment, a theme, an action and an
    open link; the care half's text carries ``OTHER_MARKER`` so a leak is easy to spot. ``own`` and
    ``other`` are URL-argument values for each half.
    """
    top = make_unit(session, key="childrens", kind="directorate", name="Children's services")
    front = make_unit(session, key="front-door", kind="service_area", parent=top, name="Front door")
    care = make_unit(session, key="care", kind="service_area", parent=top, name=f"Care {OTHER_MARKER}")
    mash = make_unit(session, key="mash", parent=front, name="MASH")
    cic = make_unit(session, key="cic", parent=care, name=f"Children in care {OTHER_MARKER}")
    halves = {}
    for name, unit, title in (("own", mash, "Front door pulse"), ("other", cic, f"Care {OTHER_MARKER}")):
        key = "front-pulse" if name == "own" else "care-pulse"
        survey = make_survey(session, key=key, title=title, audience=[unit])
        closed = make_wave(session, survey, number=1, status="closed")
        make_wave(session, survey, number=2)
        marker = OTHER_MARKER if name == "other" else "front"
        comment = make_flagged_comment(session, closed, unit, text=f"My manager shouts at me {marker}.")
        theme = make_theme(session, survey, label=f"Caseloads {marker}")
        action = make_action(session, survey, you_said=f"Caseloads are high {marker}")
        link = make_open_link(session, survey, unit=unit, slug=f"{key}-link")
        halves[name] = {
            "key": key,
            "survey_key": key,
            "number": 1,
            "unit_id": unit.id,
            "link_id": link.id,
            "comment_id": comment.id,
            "theme_id": theme.id,
            "action_id": action.id,
            "change": "confirm",
            "token_or_slug": link.slug,
        }
    users = {role: make_user(session, role=role) for role in ("admin", "leader", "reference", "analyst")}
    for role in ("leader", "reference", "analyst"):
        users[f"scoped {role}"] = make_user(session, role=role, scope=[front])
    other_user = make_user(session, role="analyst", scope=[care], name=f"Analyst {OTHER_MARKER}")
    token = issue_reset(session, users["analyst"], actor=users["admin"])
    api_tokens = _api_tokens(session, users["admin"], {"own": users["scoped analyst"], "other": other_user})
    session.commit()
    for name, half in halves.items():
        half["token"] = token
        half.update(api_tokens.get(name, {}))
    halves["own"]["user_id"] = users["analyst"].id
    halves["other"]["user_id"] = other_user.id
    return {"users": users, "own": halves["own"], "other": halves["other"], "units": {"top": top}}


def _api_tokens(session: Session, admin: Any, holders: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """An API token for each half's analyst (URL argument ``token_id``, raw value ``api_token``)."""
    try:
        from surveyapp.services.api_tokens import issue_token
    except ImportError:  # no API yet
        return {}
    made = {}
    for name, holder in holders.items():
        row, raw = issue_token(session, holder, f"{name} token", actor=admin)
        made[name] = {"token_id": row.id, "api_token": raw}
    return made
