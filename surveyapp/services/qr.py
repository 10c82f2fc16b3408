"""QR codes for open links, drawn as inline SVG so they print sharply and need no image files."""

from __future__ import annotations

import segno
from markupsafe import Markup


def qr_svg(url: str, *, label: str) -> Markup:
    """An SVG QR code for ``url`` with ``label`` as its accessible name (role="img" with a title)."""
    code = segno.make(url, error="m")
    svg = code.svg_inline(
        omitsize=True, border=4, svgclass="heard-qr", title=label
    )  # segno escapes the title
    # segno escapes the title; mark the whole drawing as one image for screen readers.
    svg = svg.replace("<svg ", '<svg role="img" focusable="false" ', 1)
    return Markup(svg)  # noqa: S704 - segno's own markup; the only text in it (the title) is escaped  # nosec B704
