"""Units: the organisation tree and partners, with headcounts; added by hand or imported as CSV."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from surveyapp.admin import bp
from surveyapp.admin.forms import UnitForm, UploadForm
from surveyapp.admin.lookups import unit_choices, unit_or_404
from surveyapp.extensions import db
from surveyapp.models import Unit
from surveyapp.services import audit
from surveyapp.services.csv_files import CsvRejected
from surveyapp.services.units import KIND_LABELS, PARTNER_TYPE_LABELS, UnitError, save_unit, tree_order
from surveyapp.services.units_csv import COLUMNS, export_units, import_units


@bp.get("/units")
def units() -> ResponseReturnValue:
    """Every unit in tree order."""
    return render_template(
        "admin/units/index.html",
        title="Units",
        entries=tree_order(db.session),
        kind_labels=KIND_LABELS,
        partner_labels=PARTNER_TYPE_LABELS,
    )


def _unit_form(unit: Unit | None) -> UnitForm:
    form = UnitForm(obj=None)
    excluded = {unit.id} if unit is not None else set()
    form.parent.choices = {
        "": "Nothing – a top-level unit",
        **{
            str(unit_id): label
            for unit_id, label in unit_choices(active_only=False).items()
            if unit_id not in excluded
        },
    }
    if unit is not None and not form.is_submitted():
        form.name.data = unit.name
        form.key.data = unit.key
        form.kind.data = unit.kind
        form.parent.data = str(unit.parent_id or "")
        form.headcount.data = unit.headcount
        form.partner_type.data = unit.partner_type or ""
        form.area.data = unit.area or ""
        form.active.data = unit.active
    elif unit is None and not form.is_submitted():
        form.active.data = True
    return form


def _save(form: UnitForm, unit: Unit | None) -> Unit | None:
    parent = db.session.get(Unit, int(form.parent.data)) if form.parent.data else None
    try:
        saved = save_unit(
            db.session,
            unit,
            key=form.key.data or "",
            name=form.name.data or "",
            kind=form.kind.data or "",
            parent=parent,
            headcount=form.headcount.data or 0,
            partner_type=form.partner_type.data or None,
            area=form.area.data,
            active=bool(form.active.data),
            user=current_user,
        )
    except UnitError as error:
        db.session.rollback()
        getattr(form, error.field or "name").errors.append(str(error))
        return None
    db.session.commit()
    return saved


@bp.route("/units/new", methods=["GET", "POST"])
def new_unit() -> ResponseReturnValue:
    """Add a unit."""
    form = _unit_form(None)
    if form.validate_on_submit() and (unit := _save(form, None)) is not None:
        flash(f"{unit.name} has been added.", "success")
        return redirect(url_for("admin.units"))
    return render_template("admin/units/form.html", title="Add a unit", form=form, unit=None)


@bp.route("/units/<int:unit_id>/edit", methods=["GET", "POST"])
def edit_unit(unit_id: int) -> ResponseReturnValue:
    """Change a unit."""
    unit = unit_or_404(unit_id)
    form = _unit_form(unit)
    if form.validate_on_submit() and _save(form, unit) is not None:
        flash(f"{unit.name} has been saved.", "success")
        return redirect(url_for("admin.units"))
    return render_template("admin/units/form.html", title=f"Change {unit.name}", form=form, unit=unit)


@bp.route("/units/import", methods=["GET", "POST"])
def import_units_view() -> ResponseReturnValue:
    """Upload a units CSV; a file with any problem is refused whole, listing every problem."""
    form = UploadForm()
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            summary = import_units(db.session, form.file.data.read(), user=current_user)
        except CsvRejected as rejected:
            db.session.rollback()
            problems = [str(p) for p in rejected.problems]
            plural = "s" if len(problems) != 1 else ""
            form.file.errors.append(f"The file has {len(problems)} problem{plural}; nothing was imported")
        else:
            db.session.commit()
            flash(str(summary), "success")
            return redirect(url_for("admin.units"))
    return render_template(
        "admin/units/import.html", title="Import units", form=form, problems=problems, columns=COLUMNS
    )


@bp.get("/units/export.csv")
def export_units_view() -> ResponseReturnValue:
    """Download every unit as CSV (the same columns the import reads)."""
    body = export_units(db.session)
    audit.record(db.session, "units.export", user=current_user, target_type="unit")
    db.session.commit()
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="heard-units.csv"'},
    )
