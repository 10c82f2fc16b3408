"""Charts drawn on the server as accessible SVG: no JavaScript, no network, and they print in the PDF.

Each chart is an ``<svg role="img">`` labelled by its own ``<title>`` and ``<desc>`` (``aria-labelledby``),
and comes with the same figures as a table (``Chart.table``) that the page shows beside or beneath it,
because a picture alone is no use to a screen reader or to someone checking a number. All text is escaped:
labels can come from theme names that leaders typed.

Colours use presentation attributes rather than ``style`` so a strict content security policy still
applies; text sits on fills chosen to keep at least 4.5:1 contrast.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape

INK = "#0b0c0c"
BRAND = "#0b4f6c"
GRID = "#b1b4b6"
MUTED = "#505a5f"
HIDDEN_FILL = "#f3f2f1"
# A sequential scale from low (orange-brown) through pale to high (teal): each with the text colour that
# keeps contrast on it.
HEAT_STEPS: tuple[tuple[str, str], ...] = (
    ("#8a3b00", "#ffffff"),
    ("#c8753a", INK),
    ("#f0c9a0", INK),
    ("#f3f2f1", INK),
    ("#a9d6cc", INK),
    ("#4f9e8e", INK),
    ("#0b5e50", "#ffffff"),
)


@dataclass(frozen=True)
class Chart:
    """An SVG chart and the table of the figures it draws."""

    svg: Markup
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = field(default_factory=tuple)


def _attr(value: object) -> str:
    return str(escape(str(value)))


FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"


def _open_svg(
    chart_id: str, width: int, height: int, title: str, desc: str, css_class: str, *, fixed: bool = False
) -> list[str]:
    cid = _attr(chart_id)
    # Full-width charts scale with the page (and print); a sparkline keeps its own small size.
    size = f'width="{width}" height="{height}"' if fixed else 'width="100%"'
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="heard-chart {css_class}" role="img" '
        f'viewBox="0 0 {width} {height}" {size} preserveAspectRatio="xMinYMin meet" '
        f'font-family="{_attr(FONT)}" aria-labelledby="{cid}-title {cid}-desc" focusable="false">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(desc)}</desc>',
    ]


def _fmt(value: float | None, suffix: str = "", places: int = 0) -> str:
    return "–" if value is None else f"{value:.{places}f}{suffix}"


def line_chart(
    chart_id: str,
    title: str,
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    y_max: float = 100.0,
    suffix: str = "%",
    value_header: str = "Value",
    missing: str = "not shown",
) -> Chart:
    """A line over ``labels`` (e.g. waves); None values leave a gap and read ``missing`` in the table."""
    width, height, left, right, top, bottom = 560, 220, 44, 36, 16, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    count = max(len(values), 1)
    step = plot_w / max(count - 1, 1)

    def x(i: int) -> float:
        return left + (i * step if count > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top + plot_h - (max(0.0, min(v, y_max)) / y_max) * plot_h

    shown = [(i, v) for i, v in enumerate(values) if v is not None]
    desc = (
        "; ".join(
            f"{label}: {_fmt(v, suffix) if v is not None else missing}"
            for label, v in zip(labels, values, strict=False)
        )
        or "No figures yet."
    )
    parts = _open_svg(chart_id, width, height, title, desc, "heard-chart--line")
    for tick in (0, 0.25, 0.5, 0.75, 1):
        ty = y(tick * y_max)
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="{GRID}"/>')
        parts.append(
            f'<text x="{left - 6}" y="{ty + 4:.1f}" text-anchor="end" font-size="12" fill="{INK}">'
            f"{tick * y_max:.0f}{escape(suffix)}</text>"
        )
    segment: list[str] = []
    for i, v in enumerate(values):
        if v is None:
            if len(segment) > 1:
                parts.append(_polyline(segment))
            segment = []
            continue
        segment.append(f"{x(i):.1f},{y(v):.1f}")
    if len(segment) > 1:
        parts.append(_polyline(segment))
    for i, v in shown:
        parts.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="4" fill="{BRAND}"/>')
    for i, label in enumerate(labels):
        parts.append(
            f'<text x="{x(i):.1f}" y="{height - 12}" text-anchor="middle" font-size="12" fill="{INK}">'
            f"{escape(label)}</text>"
        )
    parts.append("</svg>")
    rows = tuple(
        (str(label), _fmt(v, suffix) if v is not None else missing)
        for label, v in zip(labels, values, strict=False)
    )
    return Chart(Markup("".join(parts)), title, ("Wave", value_header), rows)  # noqa: S704 - escaped above  # nosec B704


def _polyline(points: list[str]) -> str:
    return f'<polyline points="{" ".join(points)}" fill="none" stroke="{BRAND}" stroke-width="3"/>'


def sparkline(chart_id: str, title: str, labels: Sequence[str], values: Sequence[float | None]) -> Markup:
    """A small trend line with no axes, for a table cell; the cell beside it carries the figures."""
    width, height, pad = 120, 28, 3
    desc = "; ".join(
        f"{label}: {_fmt(v, '%') if v is not None else 'none'}"
        for label, v in zip(labels, values, strict=False)
    )
    parts = _open_svg(
        chart_id, width, height, title, desc or "No figures yet.", "heard-chart--spark", fixed=True
    )
    known = [v for v in values if v is not None]
    top = max(known) if known else 1.0
    top = top or 1.0
    count = max(len(values), 1)
    step = (width - 2 * pad) / max(count - 1, 1)
    points = [
        f"{pad + i * step:.1f},{height - pad - (v / top) * (height - 2 * pad):.1f}"
        for i, v in enumerate(values)
        if v is not None
    ]
    if len(points) > 1:
        parts.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="{BRAND}" stroke-width="2"/>')
    if points:
        last_x, last_y = points[-1].split(",")
        parts.append(f'<circle cx="{last_x}" cy="{last_y}" r="3" fill="{BRAND}"/>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every piece of text was escaped above  # nosec B704


def bar_chart(
    chart_id: str,
    title: str,
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    x_max: float = 100.0,
    suffix: str = "%",
    value_header: str = "Value",
    missing: str = "not shown",
) -> Chart:
    """Horizontal bars, one per label, scaled 0–``x_max``; None draws no bar and reads ``missing``."""
    label_w, bar_w, row_h, value_w = 230, 260, 26, 90
    width = label_w + bar_w + value_w
    height = max(row_h * len(labels), row_h) + 8
    desc = "; ".join(
        f"{label}: {_fmt(v, suffix) if v is not None else missing}"
        for label, v in zip(labels, values, strict=False)
    )
    parts = _open_svg(chart_id, width, height, title, desc or "No figures yet.", "heard-chart--bar")
    for i, (label, value) in enumerate(zip(labels, values, strict=False)):
        top = 4 + i * row_h
        text = str(label) if len(str(label)) <= 32 else str(label)[:31] + "…"
        parts.append(
            f'<text x="{label_w - 8}" y="{top + 17}" text-anchor="end" font-size="13" fill="{INK}">'
            f"{escape(text)}</text>"
        )
        if value is not None:
            length = max(0.0, min(value, x_max)) / x_max * bar_w
            parts.append(
                f'<rect x="{label_w}" y="{top + 4}" width="{length:.1f}" '
                f'height="{row_h - 8}" fill="{BRAND}"/>'
            )
        parts.append(
            f'<text x="{label_w + bar_w + 8}" y="{top + 17}" font-size="13" fill="{INK}">'
            f"{escape(_fmt(value, suffix) if value is not None else missing)}</text>"
        )
    parts.append("</svg>")
    rows = tuple(
        (str(label), _fmt(v, suffix) if v is not None else missing)
        for label, v in zip(labels, values, strict=False)
    )
    return Chart(Markup("".join(parts)), title, ("", value_header), rows)  # noqa: S704 - escaped above  # nosec B704


def heat_colour(value: float) -> tuple[str, str]:
    """The fill and text colour for a share between 0 and 1."""
    index = min(len(HEAT_STEPS) - 1, max(0, int(value * len(HEAT_STEPS))))
    return HEAT_STEPS[index]


def heatmap(
    chart_id: str,
    title: str,
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    cells: Sequence[Sequence[float | None]],
    *,
    hidden_text: str = "fewer than 5",
) -> Chart:
    """A grid of shares (0–1) shown as % favourable; None cells are hidden and read ``hidden_text``."""
    label_w, cell_w, cell_h, head_h = 320, 96, 34, 64
    width = label_w + cell_w * max(len(column_labels), 1)
    height = head_h + cell_h * max(len(row_labels), 1)
    desc_rows = []
    for label, row in zip(row_labels, cells, strict=False):
        desc_rows.append(
            f"{label}: "
            + ", ".join(
                f"{column} {_fmt(None if v is None else v * 100, '%') if v is not None else hidden_text}"
                for column, v in zip(column_labels, row, strict=False)
            )
        )
    desc = "Percentage favourable. " + ("; ".join(desc_rows) or "No figures yet.")
    parts = _open_svg(chart_id, width, height, title, desc, "heard-chart--heatmap")
    for j, column in enumerate(column_labels):
        cx = label_w + j * cell_w + cell_w / 2
        words = _wrap(str(column), 13)[:3]
        for line_no, word in enumerate(words):
            parts.append(
                f'<text x="{cx:.1f}" y="{head_h - 8 - (len(words) - 1 - line_no) * 15}" text-anchor="middle" '
                f'font-size="12" fill="{INK}">{escape(word)}</text>'
            )
    for i, (label, row) in enumerate(zip(row_labels, cells, strict=False)):
        top = head_h + i * cell_h
        text = str(label) if len(str(label)) <= 40 else str(label)[:39] + "…"
        parts.append(
            f'<text x="{label_w - 8}" y="{top + 22}" text-anchor="end" font-size="13" fill="{INK}">'
            f"{escape(text)}</text>"
        )
        for j, value in enumerate(row):
            left = label_w + j * cell_w
            if value is None:
                fill, ink, shown = HIDDEN_FILL, MUTED, hidden_text
                parts.append(
                    f'<rect x="{left + 1}" y="{top + 1}" width="{cell_w - 2}" height="{cell_h - 2}" '
                    f'fill="{fill}" stroke="{GRID}" stroke-dasharray="4 3"/>'
                )
                font = 11
            else:
                fill, ink = heat_colour(value)
                shown = f"{value * 100:.0f}%"
                parts.append(
                    f'<rect x="{left + 1}" y="{top + 1}" width="{cell_w - 2}" '
                    f'height="{cell_h - 2}" fill="{fill}"/>'
                )
                font = 14
            parts.append(
                f'<text x="{left + cell_w / 2:.1f}" y="{top + 22}" text-anchor="middle" font-size="{font}" '
                f'fill="{ink}">{escape(shown)}</text>'
            )
    parts.append("</svg>")
    rows = tuple(
        (str(label), *(f"{v * 100:.0f}%" if v is not None else hidden_text for v in row))
        for label, row in zip(row_labels, cells, strict=False)
    )
    svg = Markup("".join(parts))  # noqa: S704 - every piece of text was escaped above  # nosec B704
    return Chart(svg, title, ("Question", *map(str, column_labels)), rows)


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]
