"""Views for people answering a survey. They never sign in and nothing identifies them.

The journey at ``/s/<token-or-slug>``: a start page, one page of questions, and a confirmation page with
the latest "you said, we did". Links that cannot be answered get kind pages with 404 (unknown, not open
yet) or 410 (already used, closed). Storing is ``services.responses.submit``: one transaction, at most
once per invitation.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_limiter.util import get_remote_address
from flask_wtf import FlaskForm
from limits import parse
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from questionnaires.schema import Questionnaire
from surveyapp.extensions import db, limiter
from surveyapp.models import Action, Survey, Unit, survey_audience
from surveyapp.respond.forms import FIELD_PREFIX, MAX_RADIO_UNITS, UnitQuestion, build_form_class, choices
from surveyapp.services import open_links
from surveyapp.services.invitations import LinkProblem, LinkTarget, resolve_link
from surveyapp.services.questionnaires import from_definition
from surveyapp.services.responses import (
    AlreadyStored,
    AlreadySubmitted,
    Submission,
    answer_values,
    filing_unit,
    is_stored,
    new_response_key,
    partner_groups,
    response_id,
    submit,
    valid_response_key,
)

bp = Blueprint("respond", __name__)
log = logging.getLogger(__name__)

# Unknown links and waves not yet open are "not found"; used links and closed waves are "gone".
_PROBLEM_STATUS = {"unknown": 404, "not_open": 404, "used": 410, "closed": 410}
_PROBLEM_TITLES = {
    "unknown": "This survey link does not work",
    "not_open": "This survey is not open yet",
    "used": "This survey link has already been used",
    "closed": "This survey has closed",
}
_FRAGMENT_CACHE_SIZE = 256
RESPONSE_KEY_FIELD = "response_key"  # the question page's hidden idempotency key


@bp.get("/")
def about() -> ResponseReturnValue:
    """A short page saying what Heard is, for anyone who arrives without a link."""
    return render_template("respond/about.html", title="Have your say")


@bp.get("/privacy")
def privacy() -> ResponseReturnValue:
    """The privacy notice respondents are pointed to."""
    return render_template("respond/privacy.html", title="Privacy notice")


def _problem_page(problem: LinkProblem) -> ResponseReturnValue:
    return (
        render_template(
            "respond/link_problem.html",
            title=_PROBLEM_TITLES[problem.reason],
            reason=problem.reason,
            survey=problem.survey,
            wave=problem.wave,
        ),
        _PROBLEM_STATUS[problem.reason],
    )


def _answered_here(target: LinkTarget) -> bool:
    """True if this browser's cookie says it has answered this wave through an open link."""
    if target.open_link is None or target.wave is None:
        return False
    waves = open_links.answered_waves(
        request.cookies.get(open_links.ANSWERED_COOKIE), current_app.config["SECRET_KEY"]
    )
    return target.wave.id in waves


def _already_answered_page(target: LinkTarget, token_or_slug: str) -> ResponseReturnValue:
    return render_template(
        "respond/already_answered.html",
        title="You have already answered this survey",
        survey=target.survey,
        again_url=url_for(".questions", token_or_slug=token_or_slug, again=1),
    )


@bp.get("/s/<token_or_slug>")
def survey(token_or_slug: str) -> ResponseReturnValue:
    """The start page of the survey a link leads to, or a kind page saying why it cannot be answered."""
    try:
        target = resolve_link(db.session, token_or_slug)
    except LinkProblem as problem:
        return _problem_page(problem)
    if _answered_here(target):
        return _already_answered_page(target, token_or_slug)
    questionnaire = _questionnaire(target)
    config = current_app.config
    routes = [
        (
            config["SAFEGUARDING_ROUTE"],
            config["SAFEGUARDING_URL"],
            "How to contact the Children's Front Door",
        ),
        (config["LADO_ROUTE"], config["LADO_URL"], "How to contact the LADO"),
        (config["WHISTLEBLOWING_ROUTE"], config["WHISTLEBLOWING_URL"], "Read the whistleblowing policy"),
    ]
    return render_template(
        "respond/start.html",
        title=target.survey.title,
        target=target,
        questionnaire=questionnaire,
        partner=_is_partner_survey(target.survey),
        routes=[route for route in routes if route[0]],
        start_url=url_for(".questions", token_or_slug=token_or_slug),
    )


@bp.route("/s/<token_or_slug>/questions", methods=["GET", "POST"])
def questions(token_or_slug: str) -> ResponseReturnValue:
    """The questions on one page; a valid POST stores the response and goes to the confirmation page.

    The page carries a random key from which the response's id is derived: sending the same page again
    (a browser retrying a submit whose reply was lost) is thanked again and stored once. A POST without
    a well-formed key stores nothing: the page comes back with the answers kept and a fresh key.
    """
    key = request.form.get(RESPONSE_KEY_FIELD) if request.method == "POST" else None
    keyed = valid_response_key(key)
    try:
        target = resolve_link(db.session, token_or_slug)
    except LinkProblem as problem:
        # The retry of a submit that used this invitation: its key matches the stored response.
        if problem.reason == "used" and keyed and problem.wave is not None:
            assert key is not None
            if is_stored(db.session, _response_id(problem.wave.id, key), problem.wave.id):
                return redirect(url_for(".done", token_or_slug=token_or_slug), code=303)
        return _problem_page(problem)
    again = request.args.get("again") == "1"
    if _answered_here(target) and not again:
        return _already_answered_page(target, token_or_slug)

    page = _QuestionPage.for_target(target)
    form = page.form()
    if request.method == "POST" and form.validate() and keyed:
        assert key is not None and target.wave is not None
        if target.open_link is not None and not _within_rate_limit(token_or_slug):
            abort(
                429,
                description="A lot of answers have come through this link from your network in the last "
                "hour. Nothing you sent has been saved. Please try again later.",
            )
        try:
            submit(db.session, page.submission(form, _response_id(target.wave.id, key)))
        except AlreadySubmitted:
            return _problem_page(LinkProblem("used", target.survey, target.wave))
        except AlreadyStored:
            pass  # a retry: thank them again, as the first reply would have
        reply = redirect(url_for(".done", token_or_slug=token_or_slug), code=303)
        if target.open_link is not None and target.wave is not None:
            _remember_answered(reply, target.wave.id)
        return reply

    action = url_for(".questions", token_or_slug=token_or_slug, again=1 if again else None)
    return render_template(
        "respond/questions.html",
        title=target.survey.title,
        form=form,
        fields_html=page.fields_html(form, pristine=request.method == "GET"),
        action=action,
        target=target,
        # Re-shown after errors: keep the key (nothing was stored under it). New or keyless: a fresh one.
        response_key=key if keyed else new_response_key(),
        not_sent=request.method == "POST" and not keyed,
    )


@bp.get("/s/<token_or_slug>/done")
def done(token_or_slug: str) -> ResponseReturnValue:
    """Thank the respondent and show the latest "you said, we did" for the survey."""
    try:
        target = resolve_link(db.session, token_or_slug)
    except LinkProblem as problem:
        if problem.reason != "used" or problem.survey is None:
            return _problem_page(problem)
        survey = problem.survey
    else:
        # Nothing to thank anyone for yet: an unused invitation, or an open link not answered here.
        if target.invitation is not None or not _answered_here(target):
            return redirect(url_for(".survey", token_or_slug=token_or_slug))
        survey = target.survey
    latest = db.session.scalar(
        select(Action)
        .where(Action.survey_id == survey.id, Action.published_on.is_not(None))
        .order_by(Action.published_on.desc(), Action.id.desc())
        .limit(1)
    )
    return render_template("respond/done.html", title="Thank you", survey=survey, action=latest)


# --- helpers -------------------------------------------------------------------------------------------


def _response_id(wave_id: int, key: str) -> str:
    return response_id(current_app.config["SECRET_KEY"], wave_id, key)


def _cache(name: str) -> dict[Any, Any]:
    """A per-app cache (tests make many apps over recycled row ids, so never module-global)."""
    caches = current_app.extensions.setdefault("heard.respond", {})
    return caches.setdefault(name, {})


def _questionnaire(target: LinkTarget) -> Questionnaire:
    """The wave's questionnaire, parsed once per stored version (versions are never rewritten)."""
    assert target.wave is not None
    cache = _cache("questionnaires")
    key = target.wave.questionnaire_id
    if key not in cache:
        cache[key] = from_definition(target.wave.questionnaire.definition)
    return cache[key]


def _is_partner_survey(survey: Survey) -> bool:
    return survey.anonymity_mode == "confidential-partner"


def _within_rate_limit(slug: str) -> bool:
    """Count one accepted answer against this address and open link; False once over the limit."""
    if not limiter.enabled:
        return True
    config = current_app.config
    limits = _cache("rate_limits")
    text = config["OPEN_LINK_RATE_LIMIT"]
    if text not in limits:
        limits[text] = parse(text)
    key = open_links.rate_limit_key(get_remote_address() or "", slug, config["SECRET_KEY"])
    try:
        return limiter.limiter.hit(limits[text], "open-link", key)
    except Exception:  # the store (e.g. Redis) is down: a deterrent must not stop people answering
        log.warning("Open-link rate limit store unavailable; answer accepted without counting")
        return True


def _remember_answered(reply: Any, wave_id: int) -> None:
    config = current_app.config
    value = open_links.with_answered_wave(
        request.cookies.get(open_links.ANSWERED_COOKIE), wave_id, config["SECRET_KEY"]
    )
    reply.set_cookie(
        open_links.ANSWERED_COOKIE,
        value,
        max_age=open_links.ANSWERED_COOKIE_DAYS * 24 * 3600,
        path="/s/",
        secure=config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )


@dataclass
class _QuestionPage:
    """The question page for one link: its form class, where-you-work choices and how to file the answer."""

    target: LinkTarget
    questionnaire: Questionnaire
    unit_question: UnitQuestion
    form_class: type[FlaskForm]
    unit_choices: list[tuple[str, str]] = field(default_factory=list)
    organisation_choices: list[tuple[str, str]] = field(default_factory=list)
    anonymous_unit: Unit | None = None  # where an unnamed partner's answer is filed (never the school)
    name_label: str = ""

    @classmethod
    def for_target(cls, target: LinkTarget) -> _QuestionPage:
        questionnaire = _questionnaire(target)
        partner = _is_partner_survey(target.survey)
        fixed = target.unit
        unit_choices: list[tuple[str, str]] = []
        organisation_choices: list[tuple[str, str]] = []
        anonymous_unit = fixed
        name_label = ""
        if fixed is not None:
            # Naming is offered only to partner organisations, and only on a confidential-partner survey.
            unit_question = UnitQuestion("fixed", can_name=partner and fixed.kind == "partner")
            anonymous_unit = filing_unit(fixed)
            if unit_question.can_name:
                name_label = f"Say that my answers are from {fixed.name}"
        else:
            audience = _audience(target.survey)
            partners = [unit for unit in audience if unit.kind == "partner"]
            if partners:
                unit_choices = [(str(u.id), u.name) for u in partner_groups(audience)]
                if partner:
                    organisation_choices = [("", "Choose your organisation")] + [
                        (str(u.id), u.name) for u in sorted(partners, key=lambda u: u.name)
                    ]
                unit_question = UnitQuestion("group", can_name=partner)
            elif len(audience) == 1:
                anonymous_unit = audience[0]
                unit_question = UnitQuestion("fixed")
            else:
                many = len(audience) > MAX_RADIO_UNITS
                unit_choices = [(str(u.id), u.name) for u in audience]
                if many:
                    unit_choices.insert(0, ("", "Choose your team"))
                unit_question = UnitQuestion("team", many_units=many)
        comment_limit = current_app.config["COMMENT_MAX_LENGTH"]
        assert target.wave is not None
        forms = _cache("form_classes")
        key = (target.wave.questionnaire_id, comment_limit, unit_question)
        if key not in forms:
            forms[key] = build_form_class(questionnaire, comment_limit=comment_limit, unit=unit_question)
        return cls(
            target,
            questionnaire,
            unit_question,
            forms[key],
            unit_choices,
            organisation_choices,
            anonymous_unit,
            name_label,
        )

    def form(self) -> FlaskForm:
        form = self.form_class()
        if "unit" in form:
            form.unit.choices = choices(self.unit_choices)
        if "organisation" in form:
            form.organisation.choices = choices(self.organisation_choices)
        if "name_organisation" in form:
            if self.name_label:
                form.name_organisation.label.text = self.name_label
                form.name_organisation.description = (
                    f"Leave this unticked to stay anonymous: your answers will be counted with "
                    f"{self.anonymous_unit.name if self.anonymous_unit else 'similar organisations'}."
                )
            else:
                form.name_organisation.description = (
                    "Leave this unticked to stay anonymous. If you tick it, choose your organisation."
                )
        return form

    def fields_html(self, form: FlaskForm, *, pristine: bool) -> Markup:
        """The form's fields as HTML. An untouched form is the same for everyone, so it is cached."""
        if not pristine:
            return Markup(render_template("respond/_fields.html", form=form))  # noqa: S704 - autoescaped  # nosec B704
        assert self.target.wave is not None
        key = (
            self.target.wave.questionnaire_id,
            current_app.config["COMMENT_MAX_LENGTH"],
            self.unit_question,
            tuple(self.unit_choices),
            tuple(self.organisation_choices),
            self.name_label,
            form.name_organisation.description if "name_organisation" in form else "",
        )
        fragments = _cache("fragments")
        html = fragments.get(key)
        if html is None:
            if len(fragments) >= _FRAGMENT_CACHE_SIZE:
                fragments.clear()
            rendered = render_template("respond/_fields.html", form=form)
            html = fragments[key] = Markup(rendered)  # noqa: S704 - rendered by autoescaping Jinja  # nosec B704
        return html

    def submission(self, form: FlaskForm, response_id: str) -> Submission:
        """What to store for a validated ``form``: the answers and the unit the response is filed under."""
        answers = {
            name[len(FIELD_PREFIX) :]: form[name].data
            for name in form._fields
            if name.startswith(FIELD_PREFIX)
        }
        rows, comments = answer_values(self.questionnaire, answers)
        named = bool("name_organisation" in form and form.name_organisation.data)
        if self.unit_question.mode == "fixed":
            unit = self.target.unit if named else self.anonymous_unit
            assert unit is not None
            unit_id = unit.id
        elif named:
            unit_id = int(form.organisation.data)
        else:
            unit_id = int(form.unit.data)
        target = self.target
        assert target.wave is not None
        return Submission(
            wave_id=target.wave.id,
            unit_id=unit_id,
            channel=target.channel,
            answers=rows,
            comments=comments,
            organisation_named=named,
            invitation_id=target.invitation.id if target.invitation is not None else None,
            response_id=response_id,
        )


def _audience(survey: Survey) -> list[Unit]:
    """The survey's audience units, by name, with their parents loaded."""
    return list(
        db.session.scalars(
            select(Unit)
            .join(survey_audience, survey_audience.c.unit_id == Unit.id)
            .where(survey_audience.c.survey_id == survey.id, Unit.active.is_(True))
            .options(selectinload(Unit.parent))
            .order_by(Unit.name)
        )
    )
