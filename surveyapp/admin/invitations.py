"""Invitations: upload a list of addresses, email each person a single-use link (or download the links
for a mail merge), and remind people who have not answered yet."""

from __future__ import annotations

from flask import Response, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from surveyapp.admin import bp
from surveyapp.admin.forms import InvitationUploadForm
from surveyapp.admin.lookups import survey_or_404, wave_or_404
from surveyapp.extensions import db
from surveyapp.models import Survey, Wave
from surveyapp.services import audit
from surveyapp.services.csv_files import CsvRejected
from surveyapp.services.invitees import COLUMNS, create_for, links_csv, parse_invitees
from surveyapp.services.mailer import MailError, MailSettings
from surveyapp.services.reminders import Delivery, deliver, email_counts, send_reminders
from surveyapp.services.surveys import SurveyError

DELIVERY_CHOICES = {
    "email": "Email each person their link now",
    "download": "Download the links as a CSV file for a mail merge",
}


def _settings() -> MailSettings:
    return MailSettings.from_config(current_app.config)


def _sent_message(delivery: Delivery, what: str) -> tuple[str, str]:
    sent = f"{delivery.sent:,} {what}{'s' if delivery.sent != 1 else ''} sent."
    if delivery.failed:
        return f"{sent} {delivery.failed:,} could not be sent: try again later.", "information"
    return sent, "success"


def _page(survey: Survey, wave: Wave, form: InvitationUploadForm, problems: list[str]) -> ResponseReturnValue:
    return render_template(
        "admin/invitations/index.html",
        title=f"Invitations – wave {wave.number} of {survey.title}",
        survey=survey,
        wave=wave,
        form=form,
        problems=problems,
        counts=email_counts(db.session, wave),
        mail_enabled=_settings().enabled,
        columns=COLUMNS,
    )


@bp.route("/surveys/<key>/waves/<int:number>/invitations", methods=["GET", "POST"])
def invitations(key: str, number: int) -> ResponseReturnValue:
    """Counts of invitations, the upload form and the reminder button."""
    survey = survey_or_404(key)
    wave = wave_or_404(survey, number)
    form = InvitationUploadForm()
    settings = _settings()
    form.delivery.choices = {
        value: label for value, label in DELIVERY_CHOICES.items() if settings.enabled or value != "email"
    }
    if not form.is_submitted():
        form.delivery.data = "email" if settings.enabled else "download"
    problems: list[str] = []
    if wave.status not in ("draft", "open"):
        return _page(survey, wave, form, problems)
    if form.validate_on_submit():
        try:
            invitees = parse_invitees(db.session, wave, form.file.data.read())
            pairs = create_for(db.session, wave, invitees, user=current_user)
        except CsvRejected as rejected:
            db.session.rollback()
            problems = [str(p) for p in rejected.problems]
            plural = "s" if len(problems) != 1 else ""
            form.file.errors.append(f"The file has {len(problems)} problem{plural}; no links were made")
            return _page(survey, wave, form, problems)
        except SurveyError as error:
            db.session.rollback()
            form.file.errors.append(str(error))
            return _page(survey, wave, form, problems)
        db.session.commit()
        base_url = current_app.config["BASE_URL"]
        if form.delivery.data == "download":
            audit.record(
                db.session,
                "invitation.export",
                user=current_user,
                target_type="wave",
                target_id=wave.id,
                count=len(pairs),
            )
            db.session.commit()
            filename = f"heard-{survey.key}-wave-{wave.number}-links.csv"
            return Response(
                links_csv(pairs, base_url),
                mimetype="text/csv",
                headers={
                    "Content-Disposition": f'attachment; filename="{filename}"',
                    "Cache-Control": "no-store",
                },
            )
        if _queued(wave, "unsent"):
            flash(
                f"{len(pairs):,} links were made. Their emails are being sent in the background: "
                "refresh this page to see the counts.",
                "success",
            )
            return redirect(url_for("admin.invitations", key=key, number=number))
        try:
            delivery = deliver(
                db.session,
                wave,
                pairs,
                settings=settings,
                base_url=base_url,
                council_name=current_app.config["COUNCIL_NAME"],
            )
        except MailError as error:
            db.session.rollback()
            flash(
                f"{len(pairs):,} links were made but could not be emailed ({error}). "
                "Use “Email links not sent yet” when the mail server is working.",
                "information",
            )
        else:
            audit.record(
                db.session,
                "invitation.email",
                user=current_user,
                target_type="wave",
                target_id=wave.id,
                sent=delivery.sent,
                failed=delivery.failed,
            )
            db.session.commit()
            flash(*_sent_message(delivery, "invitation"))
        return redirect(url_for("admin.invitations", key=key, number=number))
    return _page(survey, wave, form, problems)


def _queued(wave: Wave, kind: str) -> bool:
    """True if the emails went on the job queue; False if this request must send them (no Redis)."""
    from surveyapp.jobs import queue_emails  # not at import: the jobs module loads the analysis models

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    return queue_emails(app, wave.id, kind, user_id=current_user.id) is not None


def _remind(key: str, number: int, *, only_never_sent: bool) -> ResponseReturnValue:
    survey = survey_or_404(key)
    wave = wave_or_404(survey, number)
    sendable = wave.status == "open" or (wave.status == "draft" and only_never_sent)
    if sendable and _queued(wave, "unsent" if only_never_sent else "remind"):
        flash("The emails are being sent in the background: refresh this page to see the counts.", "success")
        return redirect(url_for("admin.invitations", key=key, number=number))
    try:
        delivery = send_reminders(
            db.session,
            wave,
            settings=_settings(),
            base_url=current_app.config["BASE_URL"],
            council_name=current_app.config["COUNCIL_NAME"],
            user=current_user,
            only_never_sent=only_never_sent,
        )
    except (SurveyError, MailError) as error:
        db.session.rollback()
        flash(str(error), "information")
    else:
        db.session.commit()
        flash(*_sent_message(delivery, "email" if only_never_sent else "reminder"))
    return redirect(url_for("admin.invitations", key=key, number=number))


@bp.post("/surveys/<key>/waves/<int:number>/invitations/remind")
def remind(key: str, number: int) -> ResponseReturnValue:
    """Email a fresh link to every invitation not used yet (the count is all anyone sees)."""
    return _remind(key, number, only_never_sent=False)


@bp.post("/surveys/<key>/waves/<int:number>/invitations/send-unsent")
def send_unsent(key: str, number: int) -> ResponseReturnValue:
    """Email the invitations whose first email never went."""
    return _remind(key, number, only_never_sent=True)
