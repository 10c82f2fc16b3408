"""Who may see what: roles and unit scopes, checked on the server for every request.

Roles: ``admin`` runs the service and sees every page; ``leader``, ``reference`` and ``analyst`` read
results. A user's scope is a set of units; they see those units and everything below them. An empty
scope means the whole organisation (this is how the demo accounts and administrators work). A survey is
in a user's scope when its audience includes a unit inside the scope, or a unit above one (a survey sent
to the whole directorate covers every team in it).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session

from surveyapp.extensions import login_manager
from surveyapp.models import ROLES, Survey, Unit, User, survey_audience
from surveyapp.services.units import ancestor_ids, descendant_ids, parent_map

ADMIN = "admin"
READER_ROLES = ROLES  # everyone who signs in may read insights for their scope
ROLE_LABELS = {
    "admin": "Survey administrator",
    "leader": "Senior leader",
    "reference": "Staff reference group",
    "analyst": "Analyst",
}

F = TypeVar("F", bound=Callable[..., Any])


def check_role(*roles: str) -> Any:
    """Stop the request unless someone with one of ``roles`` is signed in.

    Anonymous visitors are sent to sign in (Flask-Login's redirect, with ``next``); signed-in users
    with another role get 403. Returns a response to send, or None to carry on.
    """
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if current_user.role not in roles:
        abort(403)
    return None


def role_required(*roles: str) -> Callable[[F], F]:
    """Decorate a view so only ``roles`` reach it (see ``check_role``)."""

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            refusal = check_role(*roles)
            return refusal if refusal is not None else view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


@dataclass(frozen=True)
class Scope:
    """The units a user may see: ``unit_ids`` None means the whole organisation."""

    unit_ids: frozenset[int] | None
    covering_ids: frozenset[int] | None  # the scope plus every unit above it

    @property
    def whole_organisation(self) -> bool:
        return self.unit_ids is None

    def includes(self, unit_id: int | None) -> bool:
        """True if ``unit_id`` is inside the scope."""
        return self.unit_ids is None or unit_id in self.unit_ids


def scope_for(session: Session, user: User) -> Scope:
    """The units ``user`` may see. Administrators always see the whole organisation."""
    if user.role == ADMIN or not user.scope:
        return Scope(None, None)
    parents = parent_map(session)
    roots = [u.id for u in user.scope]
    inside = descendant_ids(parents, roots)
    covering = set(inside)
    for root in roots:
        covering.update(ancestor_ids(parents, root))
    return Scope(frozenset(inside), frozenset(covering))


def surveys_in_scope(session: Session, user: User) -> list[Survey]:
    """The surveys ``user`` may read, by title."""
    scope = scope_for(session, user)
    query = select(Survey).order_by(Survey.title)
    if scope.covering_ids is not None:
        query = query.where(
            Survey.id.in_(
                select(survey_audience.c.survey_id).where(survey_audience.c.unit_id.in_(scope.covering_ids))
            )
        )
    return list(session.scalars(query))


def survey_for(session: Session, user: User, key: str) -> Survey:
    """The survey ``key`` if ``user`` may read it; 404 otherwise (so other scopes' keys are not confirmed)."""
    survey = session.scalar(select(Survey).where(Survey.key == key))
    if survey is None:
        abort(404)
    scope = scope_for(session, user)
    if scope.covering_ids is not None and not any(u.id in scope.covering_ids for u in survey.audience):
        abort(404)
    return survey


def units_in_scope(session: Session, user: User) -> list[Unit]:
    """The units ``user`` may see, by name."""
    scope = scope_for(session, user)
    query = select(Unit).order_by(Unit.name)
    if scope.unit_ids is not None:
        query = query.where(Unit.id.in_(scope.unit_ids))
    return list(session.scalars(query))
