"""One checker for every rendered page: it parses, has a title and one h1, unique ids, and proper forms."""

from __future__ import annotations

from collections import Counter

from bs4 import BeautifulSoup


def check_page(html: str | bytes) -> BeautifulSoup:
    """Parse ``html`` and assert the rules every Heard page keeps; returns the parsed page for more checks."""
    page = BeautifulSoup(html, "html.parser")
    assert page.html is not None and page.html.get("lang"), "page has no <html lang>"
    title = page.title.get_text(strip=True) if page.title else ""
    assert title, "page has no <title>"
    h1s = page.find_all("h1")
    assert len(h1s) == 1, (
        f"expected exactly one h1, found {len(h1s)}: {[h.get_text(strip=True) for h in h1s]}"
    )
    duplicates = [i for i, n in Counter(tag["id"] for tag in page.find_all(id=True)).items() if n > 1]
    assert not duplicates, f"duplicate ids: {duplicates}"
    assert page.find(id="main-content") is not None, "no #main-content for the skip link"
    for form in page.find_all("form"):
        assert form.get("action") is not None, f"form without an action: {form.get('id') or form}"
        if form.get("method", "get").lower() == "post":
            assert form.find("input", attrs={"name": "csrf_token"}), "POST form without a CSRF token"
    text = page.get_text(" ")
    assert "GOV.UK" not in text, "page shows GOV.UK branding"
    return page


def h1_text(html: str | bytes) -> str:
    """The text of the page's h1."""
    return check_page(html).h1.get_text(" ", strip=True)
