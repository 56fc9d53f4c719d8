"""Reading the impact dashboard as a coordinator sees it: its figures and its CSV."""

import csv
import io
import re

FIGURE = re.compile(r"<dt>(.*?)</dt><dd>(.*?)</dd>", re.S)
TAG = re.compile(r"<[^>]+>")


def figures(html: str, section: str) -> dict[str, str]:
    """The figures (label: value, as printed) of the section whose heading is `section`."""
    part = html.split(f">{section}</h2>", 1)[1].split("</section>", 1)[0]
    return {label: TAG.sub("", value).strip() for label, value in FIGURE.findall(part)}


def csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode())))


def csv_values(response, section: str, month: str = "") -> dict[str, str]:
    """The CSV's figure: value pairs of one section (and month: "" is the totals)."""
    return {
        figure: value
        for row_section, figure, row_month, value in csv_rows(response)[1:]
        if row_section == section and row_month == month
    }
