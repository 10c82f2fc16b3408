"""The moderation queue (administrators only, like every admin page): flagged comments and their outcomes."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextArea
from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

from surveyapp.admin import bp
from surveyapp.extensions import db
from surveyapp.services import moderation as moderation_service


class DecisionForm(FlaskForm):
    outcome = RadioField(
        "What should happen to this comment?",
        widget=GovRadioInput(),
        choices=dict(moderation_service.OUTCOME_LABELS),
        validators=[InputRequired("Select an outcome")],
    )
    reason = TextAreaField(
        "Reason",
        widget=GovTextArea(),
        description="Kept with the decision. Do not guess at who wrote the comment.",
        validators=[
            InputRequired("Enter the reason for your decision"),
            Length(max=2000, message="Reason must be 2,000 characters or fewer"),
        ],
    )
    submit = SubmitField("Record decision", widget=GovSubmitInput())


@bp.get("/moderation")
def moderation_queue() -> ResponseReturnValue:
    """Comments waiting for a moderation decision (no text here; opening one is audited)."""
    return render_template(
        "admin/moderation/index.html",
        title="Moderation queue",
        items=moderation_service.queue(db.session),
    )


@bp.route("/moderation/<int:comment_id>", methods=["GET", "POST"])
def moderate(comment_id: int) -> ResponseReturnValue:
    """One flagged comment as written, the safeguarding procedure, and the outcome form."""
    form = DecisionForm()
    pending = moderation_service.open_comment(db.session, comment_id, user=current_user)
    if pending is None:
        abort(404)
    if form.validate_on_submit():
        if pending.comment.moderation_state != "pending":
            flash("A decision has already been recorded for this comment.", "information")
            db.session.commit()
            return redirect(url_for("admin.moderation_queue"))
        try:
            moderation_service.decide(
                db.session, pending.comment, form.outcome.data, form.reason.data, user=current_user
            )
        except moderation_service.ModerationError as error:
            form.reason.errors = [*form.reason.errors, str(error)]
        else:
            db.session.commit()
            flash("Decision recorded.", "success")
            return redirect(url_for("admin.moderation_queue"))
    db.session.commit()  # the audited view
    return render_template(
        "admin/moderation/show.html",
        title="Flagged comment",
        pending=pending,
        form=form,
        procedure=moderation_service.procedure_text(),
        outcome_labels=moderation_service.OUTCOME_LABELS,
    ), 400 if form.errors else 200
