"""Open links: a team-wide link per unit for staff events, with a printable QR code."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from surveyapp.admin import bp
from surveyapp.admin.forms import OpenLinkForm
from surveyapp.admin.lookups import open_link_or_404, survey_or_404, unit_choices
from surveyapp.extensions import db
from surveyapp.models import Unit
from surveyapp.services.invitations import create_open_link, set_open_link_active
from surveyapp.services.qr import qr_svg


@bp.post("/surveys/<key>/open-links")
def new_open_link(key: str) -> ResponseReturnValue:
    """Make an open link for the survey, fixed to a unit or letting respondents choose."""
    survey = survey_or_404(key)
    form = OpenLinkForm()
    form.unit.choices = {"": "Any unit", **{str(unit_id): label for unit_id, label in unit_choices().items()}}
    if not form.validate_on_submit():
        flash("Choose a unit from the list.", "information")
        return redirect(url_for("admin.survey", key=key, _anchor="open-links"))
    unit = db.session.get(Unit, int(form.unit.data)) if form.unit.data else None
    link = create_open_link(db.session, survey, unit, user=current_user)
    db.session.commit()
    flash(f"The open link /s/{link.slug} has been made.", "success")
    return redirect(url_for("admin.open_link", link_id=link.id))


@bp.get("/open-links/<int:link_id>")
def open_link(link_id: int) -> ResponseReturnValue:
    """A printable page with the link's QR code and its address written out."""
    link = open_link_or_404(link_id)
    url = f"{current_app.config['BASE_URL']}/s/{link.slug}"
    where = f" for {link.unit.name}" if link.unit else ""
    return render_template(
        "admin/open_links/show.html",
        title=f"Open link – {link.survey.title}",
        link=link,
        url=url,
        qr=qr_svg(url, label=f"QR code for {link.survey.title}{where}: {url}"),
    )


@bp.post("/open-links/<int:link_id>/switch")
def switch_open_link(link_id: int) -> ResponseReturnValue:
    """Switch an open link off (or back on)."""
    link = open_link_or_404(link_id)
    active = request.form.get("active") == "1"
    set_open_link_active(db.session, link, active, user=current_user)
    db.session.commit()
    flash(f"The open link /s/{link.slug} is {'on' if active else 'switched off'}.", "success")
    return redirect(url_for("admin.open_link", link_id=link.id))
