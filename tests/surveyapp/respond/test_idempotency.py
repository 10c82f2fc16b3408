"""A resent question page is stored once: the page's key makes a retry recognisable.

Each test runs on the suite's database and again on the local PostgreSQL server (``any_app``, from
conftest.py); the concurrent one sends the same page from two threads at once to the real app under
gunicorn.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
from typing import Any

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select
from sqlalchemy.orm import Session

from surveyapp.models import Response
from surveyapp.services import open_links
from surveyapp.services.responses import (
    AlreadyStored,
    AlreadySubmitted,
    AnswerValue,
    Submission,
    new_response_key,
    response_id,
    submit,
    valid_response_key,
)
from tests.factories import form_answers, make_invitation, make_open_link, make_survey, make_unit, make_wave
from tests.pages import check_page
from tests.surveyapp.respond.helpers import HttpTab, page_fields
from tests.surveyapp.services.test_responses import _app_session, _stored, gunicorn_server

SECRET = "test-secret-key"


def _setup(session: Session, invitations: int = 1) -> dict[str, Any]:
    """An open staff pulse for one team, with an open link fixed to it and ``invitations`` links."""
    unit = make_unit(session, name="Area team North")
    survey = make_survey(session, audience=[unit])
    wave = make_wave(session, survey)
    make_open_link(session, survey, slug="team-north", unit=unit)
    tokens = [make_invitation(session, wave, unit)[1] for _ in range(invitations)]
    session.commit()
    return {"wave_id": wave.id, "unit_id": unit.id, "tokens": tokens}


def _post(client: Any, link: str, fields: dict[str, str]) -> Any:
    return client.post(f"/s/{link}/questions", data={**form_answers(), **fields})


# --- the key and the id ------------------------------------------------------------------------------


def test_the_stored_id_is_a_keyed_hash_of_the_page_key_and_reveals_nothing_of_it() -> None:
    key = new_response_key()
    assert valid_response_key(key) and key != new_response_key()
    stored = response_id(SECRET, 7, key)
    assert len(stored) == 32 and int(stored, 16) >= 0  # the column's format: 32 hex digits
    assert stored == hmac.new(SECRET.encode(), f"heard.response:7:{key}".encode(), "sha256").hexdigest()[:32]
    assert stored not in (hashlib.sha256(key.encode()).hexdigest()[:32], key)  # needs the secret
    assert response_id("another-secret", 7, key) != stored
    assert response_id(SECRET, 8, key) != stored  # the same key in another wave is another response
    for bad in (None, "", "short", key + "x", key[:-1] + "!", "a" * 22 + "\n"):
        assert not valid_response_key(bad)


def test_submitting_one_page_twice_stores_it_once(any_app: Any) -> None:
    with _app_session(any_app) as session:
        setup = _setup(session)
        page_id = response_id(SECRET, setup["wave_id"], new_response_key())
        submission = Submission(
            wave_id=setup["wave_id"],
            unit_id=setup["unit_id"],
            channel="open_link",
            answers=(AnswerValue("caseload", "4", 4),),
            comments=(("one_change", "Fewer forms."),),
            response_id=page_id,
        )
        submit(session, submission)
        with pytest.raises(AlreadyStored):
            submit(session, submission)
        assert _stored(session) == (1, 1, 1, 0)
        assert session.scalars(select(Response.id)).all() == [page_id]


# --- through the pages ---------------------------------------------------------------------------------


def test_an_open_link_retry_after_the_reply_was_lost_is_thanked_and_stored_once(any_app: Any) -> None:
    with _app_session(any_app) as session:
        _setup(session)
        client = any_app.test_client()
        fields = page_fields(client.get("/s/team-north/questions").data)
        first = _post(client, "team-north", fields)
        assert first.status_code == 303 and first.headers["Location"] == "/s/team-north/done"
        # The reply never arrived, so neither did its "answered" cookie; the browser sends the page again.
        client.delete_cookie(open_links.ANSWERED_COOKIE, path="/s/")
        retry = _post(client, "team-north", fields)
        assert retry.status_code == 303 and retry.headers["Location"] == "/s/team-north/done"
        assert check_page(client.get("/s/team-north/done").data).h1.get_text(strip=True) == "Thank you"
        assert _stored(session) == (1, 8, 1, 0)
        # A colleague's fresh page on the same device is a new response.
        client.delete_cookie(open_links.ANSWERED_COOKIE, path="/s/")
        fresh = page_fields(client.get("/s/team-north/questions").data)
        assert fresh["response_key"] != fields["response_key"]
        assert _post(client, "team-north", fresh).status_code == 303
        assert _stored(session)[0] == 2


def test_an_invitation_retry_is_thanked_but_another_page_is_told_the_link_is_used(any_app: Any) -> None:
    with _app_session(any_app) as session:
        [token] = _setup(session)["tokens"]
        client = any_app.test_client()
        fields = page_fields(client.get(f"/s/{token}/questions").data)
        other_tab = page_fields(client.get(f"/s/{token}/questions").data)
        assert _post(client, token, fields).status_code == 303
        retry = _post(client, token, fields)
        assert retry.status_code == 303 and retry.headers["Location"] == f"/s/{token}/done"
        used = _post(client, token, other_tab)
        assert used.status_code == 410
        assert check_page(used.data).h1.get_text(strip=True) == "This survey link has already been used"
        assert _stored(session) == (1, 8, 1, 1)


@pytest.mark.parametrize("key", [None, "", "forged", "x" * 23, "<script>alert(1)</script>"])
def test_a_missing_or_malformed_key_stores_nothing_and_shows_the_answers_again(
    any_app: Any, key: str | None
) -> None:
    with _app_session(any_app) as session:
        [token] = _setup(session)["tokens"]
        client = any_app.test_client()
        fields = page_fields(client.get(f"/s/{token}/questions").data)
        if key is None:
            del fields["response_key"]
        else:
            fields["response_key"] = key
        comment = "Please keep the duty rota fair."
        reply = client.post(f"/s/{token}/questions", data={**form_answers(q_one_change=comment), **fields})
        assert reply.status_code == 200
        page = check_page(reply.data)
        assert "Your answers have not been sent yet" in page.get_text()
        assert page.find("textarea", attrs={"name": "q_one_change"}).get_text() == comment
        assert page.find("input", attrs={"name": "q_caseload", "checked": True})["value"] == "2"
        resend = page_fields(reply.data)
        assert valid_response_key(resend["response_key"]) and resend["response_key"] != key
        assert _stored(session) == (0, 0, 0, 0)
        # Sending the page it came back as works, once.
        resent = BeautifulSoup(reply.data, "html.parser")
        assert resent.find("form")["action"] == f"/s/{token}/questions"
        assert client.post(f"/s/{token}/questions", data={**form_answers(), **resend}).status_code == 303
        assert _stored(session) == (1, 8, 1, 1)


def test_a_page_with_errors_keeps_its_key(any_app: Any) -> None:
    with _app_session(any_app) as session:
        _setup(session)
        client = any_app.test_client()
        fields = page_fields(client.get("/s/team-north/questions").data)
        reply = client.post("/s/team-north/questions", data={**form_answers(q_caseload=""), **fields})
        assert reply.status_code == 200 and page_fields(reply.data)["response_key"] == fields["response_key"]
        assert _stored(session)[0] == 0


# --- the same page sent twice at once, to gunicorn's worker processes ------------------------------------


@pytest.mark.slow
def test_the_same_page_sent_from_two_threads_at_once_is_stored_once(any_app: Any) -> None:
    pages = 6
    with _app_session(any_app) as session:
        setup = _setup(session, invitations=pages)
        links = ["team-north"] * pages + setup["tokens"]
        with gunicorn_server(any_app.config["SQLALCHEMY_DATABASE_URI"], workers=2) as url:
            sends: list[tuple[str, HttpTab]] = []
            for link in links:
                tab = HttpTab(url)
                tab.open_questions(link)
                twin = HttpTab(url)  # the same page and cookies: a browser resending it
                twin.cookie, twin.form = tab.cookie, dict(tab.form)
                sends += [(link, tab), (link, twin)]
            start = threading.Barrier(len(sends))
            results: list[tuple[str, int]] = []

            def press_send(link: str, tab: HttpTab) -> None:
                start.wait()
                results.append((link, tab.send(link)[0]))

            threads = [threading.Thread(target=press_send, args=send) for send in sends]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)

        assert sorted(status for _link, status in results) == [303] * len(sends), results
        assert _stored(session) == (2 * pages, 16 * pages, 2 * pages, pages)


def test_the_invitation_service_tells_a_retry_from_another_page(session: Session) -> None:
    setup = _setup(session)
    from surveyapp.models import Invitation

    invitation_id = session.scalars(select(Invitation.id)).one()

    def page(key: str) -> Submission:
        return Submission(
            wave_id=setup["wave_id"],
            unit_id=setup["unit_id"],
            channel="invitation",
            invitation_id=invitation_id,
            response_id=response_id(SECRET, setup["wave_id"], key),
        )

    first = new_response_key()
    submit(session, page(first))
    with pytest.raises(AlreadyStored):
        submit(session, page(first))
    with pytest.raises(AlreadySubmitted):
        submit(session, page(new_response_key()))
    assert _stored(session) == (1, 0, 0, 1)
