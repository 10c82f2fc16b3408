"""Server-drawn SVG charts: labelled for assistive technology, escaped, and carrying their figures."""

from __future__ import annotations

from bs4 import BeautifulSoup

from surveyapp.services import charts


def _svg(markup: str) -> BeautifulSoup:
    svg = BeautifulSoup(str(markup), "html.parser").find("svg")
    assert svg is not None
    return svg


def _labelled(svg: BeautifulSoup) -> None:
    assert svg["role"] == "img"
    title_id, desc_id = svg["aria-labelledby"].split()
    assert svg.find("title", id=title_id).get_text(strip=True)
    assert svg.find("desc", id=desc_id).get_text(strip=True)


def test_line_chart_is_labelled_and_its_table_matches_with_gaps_for_hidden_waves() -> None:
    chart = charts.line_chart("rate", "Response rate", ["Wave 1", "Wave 2", "Wave 3"], [60.0, None, 72.5])
    svg = _svg(chart.svg)
    _labelled(svg)
    assert "Wave 2: not shown" in svg.find("desc").get_text()
    assert chart.rows == (("Wave 1", "60%"), ("Wave 2", "not shown"), ("Wave 3", "72%"))
    assert len(svg.find_all("circle")) == 2  # no point drawn for the hidden wave
    assert "<script" not in str(chart.svg) and "http" not in str(chart.svg).replace(
        "http://www.w3.org/2000/svg", ""
    )


def test_text_is_escaped_everywhere() -> None:
    evil = '<script>alert(1)</script>"&'
    for markup in (
        charts.line_chart("a", evil, [evil], [10.0]).svg,
        charts.bar_chart("b", evil, [evil], [10.0]).svg,
        charts.heatmap("c", evil, [evil], [evil], [[0.5]]).svg,
        charts.sparkline("d", evil, [evil], [1.0, 2.0]),
    ):
        assert "<script>" not in str(markup)
        assert "&lt;script&gt;" in str(markup)
        _labelled(_svg(markup))


def test_heatmap_hidden_cells_read_fewer_than_k_and_the_table_says_so_too() -> None:
    chart = charts.heatmap(
        "heat",
        "By area",
        ["Caseload", "Supervision"],
        ["North", "South"],
        [[0.5, None], [0.91, 0.1]],
        hidden_text="fewer than 5",
    )
    svg = _svg(chart.svg)
    _labelled(svg)
    texts = [t.get_text() for t in svg.find_all("text")]
    assert "fewer than 5" in texts and "50%" in texts and "91%" in texts
    assert chart.headers == ("Question", "North", "South")
    assert chart.rows == (("Caseload", "50%", "fewer than 5"), ("Supervision", "91%", "10%"))


def test_heat_colours_keep_text_readable() -> None:
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for fill, ink in charts.HEAT_STEPS:
        light, dark = sorted((luminance(fill), luminance(ink)), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, (fill, ink)


def test_bar_chart_rows_and_sparkline_with_one_point() -> None:
    chart = charts.bar_chart(
        "bars", "Favourable", ["Caseload", "Wellbeing"], [34.0, None], missing="fewer than 5"
    )
    assert chart.rows == (("Caseload", "34%"), ("Wellbeing", "fewer than 5"))
    assert len(_svg(chart.svg).find_all("rect")) == 1
    spark = _svg(charts.sparkline("s", "Share", ["Wave 1"], [12.0]))
    assert spark.find("polyline") is None and spark.find("circle") is not None
