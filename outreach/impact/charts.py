"""Bar charts drawn on the server as SVG: this module works out the geometry, the
template (templates/outreach/_impact_chart.html) draws it with presentation attributes
only (the CSP allows no inline style) and puts the same numbers in a table beside it.

Its loops are over the few categories a chart has (months, attitude items), never over
the data's rows."""

from dataclasses import dataclass

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 8, 36, 40
# Contrast of at least 4.5:1 on white, and told apart by a table as well as by colour.
FILLS = ("#1d4ed8", "#b45309")
MAX_LABELS = 8  # category labels under the bars; the others are in the table


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    fill: str
    label: str  # "<series>, <category>: <value>", the bar's own <title>


@dataclass(frozen=True)
class Tick:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class LegendEntry:
    x: float
    fill: str
    text: str


@dataclass(frozen=True)
class TableRow:
    category: str
    cells: tuple[tuple[str, float], ...]  # (series, value), in the series' order


@dataclass(frozen=True)
class BarChart:
    key: str  # for the ids of its title and description
    title: str
    description: str
    category_label: str  # the table's first column: "Month", "Item"
    series: tuple[str, ...]
    rows: tuple[TableRow, ...]
    bars: tuple[Bar, ...]
    x_labels: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    legend: tuple[LegendEntry, ...]
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = LEFT
    plot_bottom: int = HEIGHT - BOTTOM
    plot_right: int = WIDTH - RIGHT


def _scale_top(largest: float) -> float:
    """A round number at or above `largest`, for the top of the axis."""
    if largest <= 0:
        return 1
    step = 1
    while step * 10 <= largest:
        step *= 10
    for multiple in (1, 2, 5, 10):
        if step * multiple >= largest:
            return step * multiple
    return step * 10


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def bar_chart(
    *,
    key: str,
    title: str,
    description: str,
    category_label: str,
    categories: list[str],
    series: list[tuple[str, list[float]]],
    ticks: list[str] | None = None,
) -> BarChart:
    """Grouped bars: one group per category, one bar per series in each. `ticks` are
    short names under the bars where the categories are too long to fit (the table
    beside the chart gives the categories in full)."""
    top = _scale_top(max((v for _name, values in series for v in values), default=0))
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    group = plot_width / max(len(categories), 1)
    bar_width = group * 0.8 / max(len(series), 1)
    bars = []
    for n, category in enumerate(categories):
        for s, (name, values) in enumerate(series):
            height = plot_height * values[n] / top
            bars.append(
                Bar(
                    x=round(LEFT + n * group + group * 0.1 + s * bar_width, 2),
                    y=round(HEIGHT - BOTTOM - height, 2),
                    width=round(bar_width, 2),
                    height=round(height, 2),
                    fill=FILLS[s % len(FILLS)],
                    label=f"{name}, {category}: {_number(values[n])}",
                )
            )
    every = -(-len(categories) // MAX_LABELS)  # ceiling division
    x_labels = [
        Tick(x=round(LEFT + (n + 0.5) * group, 2), y=HEIGHT - BOTTOM + 18, text=tick)
        for n, tick in enumerate(ticks or categories)
        if n % every == 0
    ]
    y_ticks = [
        Tick(
            x=LEFT - 6, y=round(HEIGHT - BOTTOM - plot_height * k / 4, 2), text=_number(top * k / 4)
        )
        for k in range(5)
    ]
    legend = [
        LegendEntry(x=LEFT + s * 220, fill=FILLS[s % len(FILLS)], text=name)
        for s, (name, _values) in enumerate(series)
    ]
    rows = [
        TableRow(category=category, cells=tuple((name, values[n]) for name, values in series))
        for n, category in enumerate(categories)
    ]
    return BarChart(
        key=key,
        title=title,
        description=description,
        category_label=category_label,
        series=tuple(name for name, _values in series),
        rows=tuple(rows),
        bars=tuple(bars),
        x_labels=tuple(x_labels),
        y_ticks=tuple(y_ticks),
        legend=tuple(legend),
    )
