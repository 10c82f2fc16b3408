"""Finding what a URL names (404 when it does not exist) and building choices for forms."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select

from surveyapp.extensions import db
from surveyapp.models import OpenLink, Survey, Unit, User, Wave
from surveyapp.services.units import path_label, tree_order


def survey_or_404(key: str) -> Survey:
    """The survey with ``key``."""
    survey = db.session.scalar(select(Survey).where(Survey.key == key))
    if survey is None:
        abort(404)
    return survey


def wave_or_404(survey: Survey, number: int) -> Wave:
    """Wave ``number`` of ``survey``."""
    wave = db.session.scalar(select(Wave).where(Wave.survey_id == survey.id, Wave.number == number))
    if wave is None:
        abort(404)
    return wave


def unit_or_404(unit_id: int) -> Unit:
    """The unit with ``unit_id``."""
    unit = db.session.get(Unit, unit_id)
    if unit is None:
        abort(404)
    return unit


def user_or_404(user_id: int) -> User:
    """The account with ``user_id``."""
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def open_link_or_404(link_id: int) -> OpenLink:
    """The open link with ``link_id``."""
    link = db.session.get(OpenLink, link_id)
    if link is None:
        abort(404)
    return link


def unit_choices(*, exclude_kinds: tuple[str, ...] = (), active_only: bool = True) -> dict[int, str]:
    """Units by id in tree order, each labelled with the groups above it ("Front door › MASH")."""
    return {
        entry.unit.id: path_label(entry.unit)
        for entry in tree_order(db.session, include_inactive=not active_only)
        if entry.unit.kind not in exclude_kinds
    }
