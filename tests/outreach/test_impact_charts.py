"""The dashboard's charts: SVG drawn on the server, each with a title and a description
that name it to a screen reader, and a table beside it with the same numbers."""

import re
import xml.etree.ElementTree as ET

import pytest

from outreach.impact.charts import bar_chart
from tests.outreach.impact_data import attendance_seed

SVG = re.compile(r"<svg .*?</svg>", re.S)
NS = "{http://www.w3.org/2000/svg}"


def test_bar_chart_bars_are_in_proportion_to_a_round_top():
    chart = bar_chart(
        key="k",
        title="T",
        description="D",
        category_label="Month",
        categories=["Jan", "Feb"],
        series=[("Talks", [10, 5]), ("People", [20, 0])],
    )

    assert [bar.height for bar in chart.bars] == [92.0, 184.0, 46.0, 0.0]  # Jan: talks, people; Feb
    assert [tick.text for tick in chart.y_ticks] == ["0", "5", "10", "15", "20"]
    assert [bar.label for bar in chart.bars][:2] == ["Talks, Jan: 10", "People, Jan: 20"]
    assert [(row.category, row.cells) for row in chart.rows] == [
        ("Jan", (("Talks", 10), ("People", 20))),
        ("Feb", (("Talks", 5), ("People", 0))),
    ]


@pytest.mark.django_db
def test_impact_charts_are_named_svg_with_their_numbers_in_a_table(coordinator_client, frozen):
    attendance_seed()

    page = coordinator_client.get("/coordinate/impact/").content.decode()

    charts = [ET.fromstring(svg) for svg in SVG.findall(page)]  # noqa: S314 - our own page
    named = [
        (
            svg.get("role"),
            svg.get("aria-labelledby"),
            svg.find(f"{NS}title").get("id"),
            svg.find(f"{NS}title").text,
            svg.find(f"{NS}desc").get("id"),
        )
        for svg in charts
    ]
    assert named == [
        ("img", "talks-per-month-title talks-per-month-desc", "talks-per-month-title",
         "Talks held per month", "talks-per-month-desc"),
        ("img", "people-per-month-title people-per-month-desc", "people-per-month-title",
         "People per month: confirmed and checked in", "people-per-month-desc"),
    ]  # fmt: skip
    assert [len(svg.findall(f"{NS}rect[{NS}title]")) for svg in charts] == [2, 4]
    assert "<caption>People per month: confirmed and checked in</caption>" in page
    assert (
        '<tr><th scope="row">Mar 2026</th><td data-label="Confirmed">4</td>'
        '<td data-label="Checked in">5</td></tr>'
    ) in page
    assert "style=" not in page
    charts = page.split('<section aria-labelledby="attendance-heading"', 1)[1]
    assert "<script" not in charts  # the site's one script (local times) is not a chart's
