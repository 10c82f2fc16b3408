"""Stored XSS: 60 payloads sent as comments through the real respondent form, and as theme names, actions,
unit and user names through the real staff forms, then the real analysis; headless Chromium then opens
every page that shows any of them and no script may run.

Each page is watched three ways: ``alert``/``confirm``/``prompt`` are replaced (before any page script)
by a function that counts into ``window.__xss``, which payloads also set directly; any dialog that still
opens is recorded; and console messages are checked for the payloads' own marker. The DOM is also read
for injected handlers (``on*`` attributes), ``javascript:`` links and foreign inline scripts, and
template-injection payloads must be shown literally (``{{7*191}}``, never 1337).
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from sqlalchemy import select

from surveyapp.models import Comment, Theme, Unit, User
from surveyapp.services.analysis_runs import run_analysis
from tests.browser.conftest import LiveServer
from tests.factories import form_answers, make_open_link, make_survey, make_unit, make_user, make_wave
from tests.security.helpers import post_forms, signed_in

pytestmark = pytest.mark.slow

MARK = "XSSFIRED"
JS = f"window.__xss=(window.__xss||0)+1;console.log('{MARK}')"
PAYLOADS = [
    "<script>alert(1)</script>",
    f"<script>{JS}</script>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<script src=data:text/javascript,alert(1)></script>",
    f'<img src=x onerror="{JS}">',
    "<img src=x onerror=alert(1)//",
    "<img/src/onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    '<svg><a xlink:href="javascript:alert(1)"><text x=20 y=20>XSS</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math href="javascript:alert(1)">click</math>',
    "<body onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>parent.alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<a href="javascript:alert(1)">click me</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    "javascript:alert(1)",
    "<input autofocus onfocus=alert(1)>",
    "<select autofocus onfocus=alert(1)>",
    "<textarea autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>",
    '<div style="background:url(javascript:alert(1))">',
    '<div style="width:expression(alert(1))">',
    "<style>@import 'javascript:alert(1)';</style>",
    "<style>*{background:url('x')}</style><img src=x onerror=alert(1)>",
    "<link rel=stylesheet href=javascript:alert(1)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    "<form action=javascript:alert(1)><button>x</button></form>",
    '"><script>alert(1)</script>',
    "'><script>alert(1)</script>",
    '" onmouseover="alert(1)" x="',
    "' onmouseover='alert(1)' x='",
    '" autofocus onfocus="alert(1)',
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "{{7*191}}",
    "{{7*7}}",
    "${7*191}",
    "#{7*191}",
    "{% print(7*191) %}",
    "{{ config.items() }}",
    "{{''.__class__.__mro__[1].__subclasses__()}}",
    "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=alert(1) )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/"
    "</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert(1)//>\\x3e",
    "\"'--></style></script><svg onload=alert(1)>",
    "<<script>alert(1)//<</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "\u003cscript\u003ealert(1)\u003c/script\u003e",
    "<x contenteditable onblur=alert(1)>lose focus</x>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
]
# Short ones fit names and labels (theme labels, unit and user names are at most 100-200 characters).
SHORT = [p for p in PAYLOADS if len(p) <= 60]
INIT_SCRIPT = """
window.__xss = 0;
const hit = () => { window.__xss += 1; };
window.alert = hit; window.confirm = hit; window.prompt = hit; window.print = hit;
"""
# Inline scripts a page may have of its own (Heard has none; GOV.UK Frontend's init is a module file).
DOM_CHECK = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const v = (a.value || '').trim().toLowerCase();
      if (a.name.startsWith('on')) bad.push(el.tagName + ' ' + a.name);
      if (['href', 'src', 'action', 'formaction', 'data', 'xlink:href'].includes(a.name)
          && v.startsWith('javascript:')) bad.push(el.tagName + ' ' + a.name + '=' + v);
    }
  }
  for (const s of document.querySelectorAll('script:not([src])')) {
    if (/alert|__xss/.test(s.textContent)) bad.push('inline script: ' + s.textContent.slice(0, 60));
  }
  for (const tag of ['iframe', 'object', 'embed', 'base', 'meta[http-equiv]']) {
    if (document.querySelector(tag)) bad.push('injected ' + tag);
  }
  return bad;
}"""


def _submit_comments(app: Flask, slug: str) -> None:
    """Every payload, through the real respondent form (each from its own device and address)."""
    for number, payload in enumerate(PAYLOADS * 2):  # twice, so every group clears the comment threshold
        client, token = signed_in(app, None)
        address = {"REMOTE_ADDR": f"10.0.{number // 250}.{number % 250 + 1}"}
        page = client.get(f"/s/{slug}/questions", environ_base=address)
        forms = post_forms(page.get_data(as_text=True), f"/s/{slug}/questions")
        assert forms, (number, page.status_code, page.get_data(as_text=True)[:3000])
        form = forms[0]
        field = BeautifulSoup(page.data, "html.parser").find("input", attrs={"name": "csrf_token"})
        token = field["value"]
        other = PAYLOADS[(number + 7) % len(PAYLOADS)]
        answers = form_answers(q_working_well=payload, q_one_change=f"Caseloads: {other}")
        hidden = {k: v[0] for k, v in form.items() if k not in answers and k not in ("action", "multipart")}
        data = {**{k: v for k, v in hidden.items() if v}, **answers, "csrf_token": token}
        response = client.post(f"/s/{slug}/questions", data=data, environ_base=address)
        assert response.status_code in (302, 303), (payload, response.status_code)


def _post(client: Any, path: str, token: str, **fields: str) -> Any:
    response = client.post(path, data={"csrf_token": token, **fields})
    assert response.status_code in (200, 302, 303), (path, fields, response.status_code)
    summary = BeautifulSoup(response.data, "html.parser").find(class_="govuk-error-summary")
    assert summary is None, (path, fields, summary.get_text(" ", strip=True))
    return response


@pytest.fixture
def stored(app: Flask, session: Any) -> dict[str, Any]:
    area = make_unit(session, kind="service_area", name="Assessment")
    team = make_unit(session, parent=area, name="Duty team", headcount=200)
    survey = make_survey(session, key="xss-pulse", title="Staff pulse", audience=[team])
    wave = make_wave(session, survey, number=1)
    link = make_open_link(session, survey, unit=team, slug="xss-link")
    admin = make_user(session, role="admin")
    session.commit()
    _submit_comments(app, link.slug)
    wave.status = "closed"
    session.commit()
    run_analysis(session, survey)
    # Some comments are held for moderation; make sure several payloads are in the queue too.
    for comment in session.scalars(select(Comment).limit(8)):
        comment.flags = [{"kind": "harassment", "reason": "test"}]
        comment.moderation_state = "pending"
    session.commit()

    client, token = signed_in(app, admin)
    themes = list(session.scalars(select(Theme).where(Theme.survey_id == survey.id, Theme.state != "hidden")))
    assert themes, "the analysis found no themes"
    for theme, payload in zip(themes, SHORT, strict=False):
        _post(client, f"/insights/xss-pulse/themes/{theme.id}/rename", token, label=payload)
    rng = random.Random(1)
    for number in range(4):
        subject = f"theme:{themes[number % len(themes)].id}" if number % 2 else "question:caseload"
        _post(
            client,
            "/insights/xss-pulse/actions/new",
            token,
            subject=subject,
            you_said=rng.choice(PAYLOADS),
            we_did=rng.choice(PAYLOADS),
            owner=rng.choice(SHORT),
        )
    from surveyapp.models import Action

    for action in session.scalars(select(Action)):
        _post(client, f"/insights/xss-pulse/actions/{action.id}/publish", token)
    new_team = rng.choice(SHORT)
    _post(
        client,
        "/admin/units/new",
        token,
        name=new_team,
        key="xss-team",
        kind="team",
        parent=str(area.id),
        headcount="5",
        area=rng.choice(SHORT),
        partner_type="",
    )
    for number, payload in enumerate(SHORT[:5]):
        _post(
            client, "/admin/users/new", token, name=payload, email=f"xss{number}@heard.test", role="analyst"
        )
    session.expire_all()
    assert session.scalar(select(Unit).where(Unit.key == "xss-team")).name == new_team
    assert session.scalar(select(User).where(User.email == "xss0@heard.test")).name == SHORT[0]
    return {"survey": survey, "admin": admin, "themes": themes, "client": client, "link": link}


def _pages(stored: dict[str, Any], session: Any) -> list[str]:
    key = stored["survey"].key
    themes = list(session.scalars(select(Theme.id).where(Theme.survey_id == stored["survey"].id)))
    flagged = list(session.scalars(select(Comment.id).where(Comment.moderation_state == "pending")))
    from surveyapp.models import Action

    actions = list(session.scalars(select(Action.id)))
    users = list(session.scalars(select(User.id)))
    units = list(session.scalars(select(Unit.id)))
    explorer_pages = [f"/insights/{key}/comments?page={n}" for n in range(1, 8)]
    return [
        f"/insights/{key}",
        f"/insights/surveys/{key}",
        f"/insights/{key}/themes",
        *[f"/insights/{key}/themes/{t}" for t in themes],
        *explorer_pages,
        f"/insights/{key}/comments?q=script",
        f"/insights/{key}/comments?q=%3Cscript%3E",
        *[f"/insights/{key}/comments/{c}/raw" for c in flagged[:3]],
        f"/insights/{key}/compare",
        f"/insights/{key}/actions",
        *[f"/insights/{key}/actions/{a}/edit" for a in actions],
        f"/insights/{key}/waves/1/board-pack",
        f"/you-said-we-did/{key}",
        f"/s/{stored['link'].slug}",
        f"/s/{stored['link'].slug}/done",
        "/admin/",
        "/admin/moderation",
        *[f"/admin/moderation/{c}" for c in flagged],
        "/admin/units",
        *[f"/admin/units/{u}/edit" for u in units],
        "/admin/users",
        *[f"/admin/users/{u}/edit" for u in users],
        "/admin/audit",
        f"/admin/surveys/{key}",
        f"/admin/surveys/{key}/waves/1",
        "/insights",
    ]


def test_no_payload_runs_on_any_page_that_shows_them(
    app: Flask, session: Any, stored: dict[str, Any], chromium: Any
) -> None:
    # What was sent is what is kept: escaping happens on output, never by mangling what people wrote.
    texts = set(session.scalars(select(Comment.text)))
    assert set(PAYLOADS) <= texts | {t.removeprefix("Caseloads: ") for t in texts}
    paths = _pages(stored, session)
    # The payloads really are on the pages (as text), so a clean run is not a page that showed nothing.
    shown = "".join(stored["client"].get(p).get_data(as_text=True) for p in paths)
    assert "{{7*7}}" in shown and "{{7*191}}" in shown and "&lt;script&gt;alert(1)&lt;/script&gt;" in shown

    with LiveServer(app) as server:
        context = chromium.new_context()
        context.add_init_script(INIT_SCRIPT)
        cookie = stored["client"].get_cookie("session")
        context.add_cookies([{"name": "session", "value": cookie.value, "url": server.url}])
        page = context.new_page()
        dialogs: list[str] = []
        console: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.message}"), d.dismiss()))
        page.on("console", lambda m: console.append(f"{page.url}: {m.text}") if MARK in m.text else None)
        problems = []
        visited = 0
        for path in paths:
            response = page.goto(server.url + path)
            # The survey's link answers 410 once its wave has closed; that page is checked too.
            allowed = (200, 410) if path.startswith("/s/") else (200,)
            assert response is not None and response.status in allowed, (path, response and response.status)
            page.wait_for_load_state("load")
            page.wait_for_timeout(50)  # onerror/onload of injected media fire just after load
            if page.evaluate("window.__xss") != 0:
                problems.append(f"{path}: script ran ({page.evaluate('window.__xss')})")
            injected = page.evaluate(DOM_CHECK)
            if injected:
                problems.append(f"{path}: {injected[:5]}")
            text = page.inner_text("body")
            if "1337" in text:
                problems.append(f"{path}: a template payload was evaluated (1337 shown)")
            visited += 1
        context.close()
    assert visited == len(paths) >= 30
    assert problems == [] and dialogs == [] and console == [], (problems, dialogs, console)
