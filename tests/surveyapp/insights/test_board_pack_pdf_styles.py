"""The board pack PDF keeps its print styles now that they live in a file, not an inline <style>."""

from __future__ import annotations

import re
from pathlib import Path

from surveyapp.services.board_pack import STYLESHEET, render_pdf

TEMPLATES = Path(__file__).resolve().parents[3] / "surveyapp" / "templates" / "insights" / "board_pack"


def _fonts(pdf: bytes) -> set[str]:
    return {
        name.split(b"+", 1)[1].split(b"/")[0].decode() for name in re.findall(rb"/FontName\s*/(\S+)", pdf)
    }


def test_the_pdf_is_drawn_with_the_stylesheet() -> None:
    assert "DejaVu Sans" in STYLESHEET.read_text()
    pdf = render_pdf("<html><body><h1>Pack</h1><p>Figures</p></body></html>", uncompressed_pdf=True)
    assert {"DejaVu-Sans", "DejaVu-Sans-Bold"} <= _fonts(pdf)  # WeasyPrint's default would be serif
    assert b"/MediaBox [0 0 595.27" in pdf  # A4


def test_the_templates_carry_no_inline_style() -> None:
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text()
        assert "<style" not in text and "style=" not in text, template.name
