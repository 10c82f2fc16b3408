"""QR codes for open links."""

from __future__ import annotations

from bs4 import BeautifulSoup

from surveyapp.services.qr import qr_svg


def test_the_qr_code_is_one_labelled_image() -> None:
    svg = BeautifulSoup(
        str(qr_svg("http://heard.test/s/team-event", label="QR code for <the> event")), "html.parser"
    ).svg
    assert svg["role"] == "img"
    assert svg.title.get_text() == "QR code for <the> event"  # escaped in the markup, read back as text
    assert svg.get("viewbox") and svg.find("path")
    assert "<the>" not in str(qr_svg("x", label="<the>"))
