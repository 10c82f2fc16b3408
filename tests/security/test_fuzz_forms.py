"""Every form and query string, fuzzed with hostile values: never a 5xx, and a refusal never writes.

Routes come from the URL map and the fields of each form from the pages that show it, so a new route or
field is fuzzed without editing this file. Values include very long strings, control characters, NUL,
invalid UTF-8, huge and negative numbers, wrong types, unicode confusables, and fields that are missing or
sent twice, always with a valid CSRF token and signed in as someone allowed to use the route.
"""

from __future__ import annotations

import io
import os
from typing import Any
from urllib.parse import quote, quote_from_bytes, urlencode

import pytest
from flask import Flask
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from tests.security.helpers import (
    STATE_CHANGING,
    build_world,
    fill,
    has_error_summary,
    post_forms,
    routes,
    row_counts,
    signed_in,
)

# Downloads are not pages (and the PDF takes seconds to draw); their query strings are still fuzzed.
NOT_PAGES = ("_csv", "_pdf", "_xlsx", "_json", "export_units_view")
PUBLIC_PREFIXES = ("respond.", "health.", "auth.sign_in", "auth.reset_password", "api.")
# Tables a refused request still writes to, on purpose: failed sign-ins and every view of a flagged
# comment as written are audited.
AUDITED_REFUSALS = {"auth.sign_in": {"audit_event"}, "admin.moderate": {"audit_event"}}
FUZZ = settings(
    max_examples=int(os.environ.get("HEARD_FUZZ_EXAMPLES", "20")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
    # No shrinking: a failure prints the example as found, and a run stays bounded in time.
    phases=[Phase.explicit, Phase.generate],
)

CONFUSABLES = [
    "\x00",
    "a\x00b",
    "\u202eevil\u202c",
    "аdmin",  # Cyrillic а
    "１２",  # fullwidth digits
    "٣",  # Arabic-Indic three
    "²",  # a digit to str.isdigit(), not to int()
    "①",
    "𝟗",
    "\ufeff1",
    "\u200b",
    "ﬁle",
    "K",  # Kelvin sign
    "İ",
    "\r\n\r\n",
    "<script>alert(1)</script>",
    "' OR '1'='1",
    "../../etc/passwd",
    "{{7*7}}",
]
TEXT_ARGUMENTS = ("key", "survey_key", "token_or_slug", "token")
EXTRA_FIELDS = ["id", "role", "user_id", "survey_id", "x"]  # fields no form has: mass assignment
NUMBERISH = [
    "-1",
    "0",
    "-0",
    "1e309",
    "NaN",
    "inf",
    "0x1F",
    "1_000",
    "99999999999999999999999999",
    "[]",
    "{}",
    "null",
    "true",
    "2026-02-30",
    "9999",
    "0000",
]
INVALID_UTF8 = [b"\xed\xa0\x80", b"\xff\xfe", b"\xc3\x28", b"\x80abc", b"\xf4\x90\x80\x80", b"a\xc0\xafb"]

hostile_text = st.one_of(
    st.text(max_size=40),
    st.text(st.characters(categories=("Cc", "Cf", "Zl", "Zp", "Co")), min_size=1, max_size=20),
    st.sampled_from(CONFUSABLES + NUMBERISH),
    st.integers(-(10**30), 10**30).map(str),
    st.builds(
        lambda ch, n: ch * n, st.sampled_from(["a", "é", "😀", "=", "\n", "9"]), st.integers(101, 40_000)
    ),
)
hostile = st.one_of(hostile_text.map(lambda s: s.encode("utf-8")), st.sampled_from(INVALID_UTF8))


def _field_values(offered: list[str]) -> st.SearchStrategy[list[bytes]]:
    """Missing, one hostile value, the field twice, or a value the page offered."""
    strategies = [st.just([]), hostile.map(lambda v: [v]), st.lists(hostile, min_size=2, max_size=3)]
    if offered:
        strategies.append(st.sampled_from(offered).map(lambda v: [v.encode("utf-8")]))
    return st.one_of(*strategies)


def _body(fields: dict[str, list[bytes]], token: str) -> bytes:
    pairs = [(b"csrf_token", token.encode())] + [
        (name.encode(), value) for name, values in fields.items() for value in values
    ]
    return b"&".join(quote_from_bytes(k).encode() + b"=" + quote_from_bytes(v).encode() for k, v in pairs)


def _role_for(endpoint: str) -> str | None:
    return None if endpoint.startswith(PUBLIC_PREFIXES) else "admin"


@pytest.fixture
def world(session: Any) -> dict[str, Any]:
    return build_world(session)


def _forms(app: Flask, world: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Every POST form on every page the world has, by the path it posts to."""
    admin, _ = signed_in(app, world["users"]["admin"])
    anonymous, _ = signed_in(app, None)
    found: dict[str, list[dict[str, Any]]] = {}
    for endpoint, _method, rule in routes(app, methods={"GET"}):
        if endpoint.endswith(NOT_PAGES) or endpoint == "auth.sign_out":
            continue
        client = anonymous if _role_for(endpoint) is None else admin
        for path in dict.fromkeys(fill(rule, values) for values in _variants(world)):
            response = client.get(path)
            if response.status_code == 200 and response.mimetype == "text/html":
                for form in post_forms(response.get_data(as_text=True), path):
                    found.setdefault(form["action"], []).append(form)
    return found


def _variants(world: dict[str, Any]) -> list[dict[str, Any]]:
    """URL values for the closed wave 1 and the open wave 2 (each shows forms the other does not)."""
    return [world["own"], {**world["own"], "number": 2}]


def test_every_state_changing_route_is_fuzzed_and_most_forms_are_found(app: Flask, world: Any) -> None:
    forms = _forms(app, world)
    rules = {rule for _e, _m, rule in routes(app, methods=STATE_CHANGING)}
    found = {rule for rule in rules if any(fill(rule, v) in forms for v in _variants(world))}
    assert len(rules) >= 25
    # A button that only shows in another state (e.g. "open wave" on a scheduled wave, or the second
    # sign-in step) may be missing; those routes are fuzzed with the names of every field seen anywhere.
    assert len(found) >= 0.75 * len(rules), sorted(rules - found)


def _fuzz_form(
    client: Any, token: str, endpoint: str, method: str, path: str, forms: list[dict[str, Any]]
) -> None:
    """Post hostile values to one route; raises on a 5xx, a write after a refusal, or a bare re-render."""
    exempt = AUDITED_REFUSALS.get(endpoint, set())

    @FUZZ
    @given(data=st.data())
    def fuzz(data: Any) -> None:
        form = data.draw(st.sampled_from(forms))
        names = [n for n in form if n not in ("action", "multipart")]
        fields = {name: data.draw(_field_values(form[name]), label=name) for name in names}
        extra = st.dictionaries(st.sampled_from(EXTRA_FIELDS), hostile.map(lambda v: [v]), max_size=2)
        fields.update(data.draw(extra, label="extra"))
        before = row_counts()
        if form["multipart"]:
            payload: dict[str, Any] = {
                name: [v.decode("utf-8", "replace") for v in values] for name, values in fields.items()
            }
            payload["file"] = [(io.BytesIO(data.draw(hostile, label="file")), "upload.csv")]
            payload["csrf_token"] = token
            response = client.open(path, method=method, data=payload, content_type="multipart/form-data")
        else:
            body = _body(fields, token)
            response = client.open(
                path, method=method, data=body, content_type="application/x-www-form-urlencoded"
            )
        html = response.get_data(as_text=True)
        assert response.status_code < 500, f"answered {response.status_code} to {fields!r}"
        after = row_counts()
        changed = {t for t in after if after[t] != before[t]} - exempt
        if response.status_code >= 400 or has_error_summary(html):
            assert changed == set(), f"refused ({response.status_code}) but wrote to {changed}"
        elif response.status_code == 200 and response.mimetype == "text/html" and not changed:
            reposted = [f for f in post_forms(html, path) if f["action"] == path]
            assert not reposted or has_error_summary(html) or "govuk-notification-banner" in html, (
                f"re-showed its form without a GOV.UK error summary for {fields!r}"
            )

    fuzz()


def test_hostile_form_values_never_crash_and_refusals_write_nothing(
    app: Flask, world: dict[str, Any]
) -> None:
    """Every state-changing route, as someone allowed to use it (admin for staff pages, nobody for
    respondents'), with a valid CSRF token: no 5xx; a refusal (4xx or a GOV.UK error summary) writes no
    row to any table; a form shown again with nothing saved says what was wrong."""
    known = _forms(app, world)
    every_field = {k: v for found in known.values() for f in found for k, v in f.items()}
    problems = []
    for endpoint, method, rule in routes(app, methods=STATE_CHANGING):
        with_form = [fill(rule, v) for v in _variants(world) if fill(rule, v) in known]
        path = with_form[0] if with_form else fill(rule, world["own"])
        forms = known.get(path) or [{**every_field, "action": path, "multipart": False}]
        role = _role_for(endpoint)
        client, token = signed_in(app, world["users"][role] if role else None)
        try:
            _fuzz_form(client, token, endpoint, method, path, forms)
        except Exception as error:  # collect every route's failure, not just the first
            problems.append(f"{method} {rule}: {str(error)[:1500]}")
    assert problems == [], "\n\n".join(problems)


QUERY_NAMES = [
    *("wave", "page", "q", "sentiment", "theme", "with", "unit", "action", "user", "since", "until"),
    *("search", "since-day", "since-month", "since-year", "next", "format", "sort", "limit", "offset"),
]
query_value = st.one_of(hostile_text, st.sampled_from(["1", "2", "0", "-1", str(10**30), "positive"]))
queries = st.lists(st.tuples(st.sampled_from(QUERY_NAMES) | st.text(max_size=8), query_value), max_size=5)


def _fuzz_query(client: Any, path: str, headers: dict[str, str], examples: int) -> None:
    @settings(FUZZ, max_examples=examples)
    @given(query=queries)
    def fuzz(query: list[tuple[str, str]]) -> None:
        response = client.get(path + "?" + urlencode(query), headers=headers)
        assert response.status_code < 500, f"answered {response.status_code} to {query!r}"

    fuzz()


def test_hostile_query_strings_never_crash(app: Flask, world: dict[str, Any]) -> None:
    """Every GET page and download of insights, admin, respondents and the API (filters, page numbers,
    search words), with hostile query strings: never a 5xx."""
    problems = []
    for endpoint, _method, rule in routes(app, methods={"GET"}):
        if not endpoint.startswith(("insights.", "admin.", "respond.", "api.")):
            continue
        path = fill(rule, world["own"])
        api = endpoint.startswith("api.")
        role = "analyst" if api else _role_for(endpoint)
        client, _token = signed_in(app, world["users"][role] if role else None)
        headers = {"Authorization": f"Bearer {world['own']['api_token']}"} if api else {}
        # Query strings reach less code than forms; a PDF takes a second to draw.
        examples = 3 if endpoint.endswith("_pdf") else max(5, FUZZ.max_examples // 2)
        try:
            _fuzz_query(client, path, headers, examples)
        except Exception as error:
            problems.append(f"GET {rule}: {str(error)[:1500]}")
    assert problems == [], "\n\n".join(problems)


def _fuzz_segments(client: Any, method: str, path_for: Any, token: str, headers: dict[str, str]) -> None:
    @settings(FUZZ, max_examples=5)
    @given(segment=hostile_text.filter(lambda t: t not in ("", ".", "..") and len(t) < 3000))
    @example(segment="a\x00b")
    @example(segment="x" * 2000)
    def fuzz(segment: str) -> None:
        path = path_for(quote(segment, safe=""))
        response = client.open(path, method=method, data={"csrf_token": token}, headers=headers)
        assert response.status_code < 500, f"answered {response.status_code} to {segment!r}"

    fuzz()


def test_hostile_url_segments_never_crash(app: Flask, world: dict[str, Any]) -> None:
    """Text URL arguments (survey keys, link slugs, tokens) with hostile values: a 4xx, never a 5xx."""
    problems = []
    for endpoint, method, rule in routes(app):
        names = [n for n in TEXT_ARGUMENTS if f"<{n}>" in rule]
        if not names or endpoint.startswith("health."):
            continue
        api = endpoint.startswith("api.")
        role = "analyst" if api else _role_for(endpoint)
        client, token = signed_in(app, world["users"][role] if role else None)
        headers = {"Authorization": f"Bearer {world['own']['api_token']}"} if api else {}

        def path_for(segment: str, rule: str = rule, names: list[str] = names) -> str:
            return fill(rule, {**world["own"], **dict.fromkeys(names, segment)})

        try:
            _fuzz_segments(client, method, path_for, token, headers)
        except Exception as error:
            problems.append(f"{method} {rule}: {str(error)[:1000]}")
    assert problems == [], "\n\n".join(problems)


def test_the_api_is_fuzzed_whatever_routes_it_grows(app: Flask, world: dict[str, Any]) -> None:
    """/api/v1 GET routes are picked up from the URL map by the test above; this says they exist and
    every URL argument they take is known to the world (so none is silently left out)."""
    api = [rule for _e, _m, rule in routes(app, methods={"GET"}) if rule.startswith("/api/")]
    if not api:
        pytest.skip("no /api/ routes in the URL map yet")
    for rule in api:
        fill(rule, world["own"])  # a KeyError names an argument build_world must learn
