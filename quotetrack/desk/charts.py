"""Charts for the quote desk, drawn on the server as inline SVG: pure functions from numbers to markup.

Why not a Datasette plugin: datasette-vega (last release 2018) and datasette-plot draw in the browser from a
table page's JSON rows (at most one page of them) with a chart the reader builds by hand; datasette-dashboards
runs its SQL from the browser through `?sql=`, which the desk refuses (arbitrary SQL is off, see app.py).
None can put a fixed chart of stored statistics on the speaker page. SVG made here needs no JavaScript and
no network (the desk works offline), prints, scales with the page, and is testable as text.

The API, for any page that wants a chart (the template inserts the result as it is: it is escaped here):

- `timeline_chart(days, series, ...)`: counts per day (or any dates) summed into day, week, month or
  year buckets chosen by the span (`choose_unit`), empty buckets kept so the axis is time to scale,
  drawn by `stacked_bars`.
- `stacked_bars(labels, series, values, ...)`: vertical bars, one per label, stacked by series.
- `horizontal_bars(categories, series, values, ...)`: one bar per category split by series, either by
  count (lengths to scale) or, with `normalise=True`, as shares of 100%.

Every chart has an SVG <title> and <desc> (named by aria-labelledby, role="img"), and a <title> on every
bar segment (the browser shows it on hover; screen readers read it), so each number is reachable as text.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from markupsafe import Markup

# Finest first: the finest unit that keeps a chart within its number of bars wins.
UNITS = ("day", "week", "month", "year")
MAX_BARS = 60
FONT = "font-family: system-ui, sans-serif; font-size: 12px"
# Okabe-Ito colours, distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999")


@dataclass(frozen=True)
class Series:
    """One stacked part of every bar: its name (legend and hover text) and its fill colour."""

    name: str
    colour: str


@dataclass(frozen=True)
class Bucketed:
    """Counts summed into consecutive time buckets of one unit: labels[i] starts on starts[i]."""

    unit: str
    starts: list[date]
    labels: list[str]
    values: list[list[float]]


def as_date(value: str | date) -> date:
    """A date from a date or an ISO string (YYYY-MM-DD, anything after the day ignored)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def bucket_start(day: date, unit: str) -> date:
    """The first day of the bucket holding `day`: itself, its (ISO, Monday) week, month or year."""
    if unit == "day":
        return day
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    if unit == "year":
        return day.replace(month=1, day=1)
    raise ValueError(f"unit must be one of {', '.join(UNITS)}, not {unit!r}")


def next_bucket(start: date, unit: str) -> date:
    """The first day of the bucket after the one starting on `start`."""
    if unit == "day":
        return start + timedelta(days=1)
    if unit == "week":
        return start + timedelta(days=7)
    if unit == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return date(start.year + 1, 1, 1)


def bucket_label(start: date, unit: str) -> str:
    """How a bucket is named on the axis: 2024-03-05 (day, or week starting then), 2024-03, 2024."""
    return {"month": start.strftime("%Y-%m"), "year": str(start.year)}.get(unit, start.isoformat())


def buckets_between(first: date, last: date, unit: str) -> list[date]:
    """Starts of every bucket from the one holding `first` to the one holding `last`."""
    starts, start = [], bucket_start(first, unit)
    while start <= last:
        starts.append(start)
        start = next_bucket(start, unit)
    return starts


def bucket_count(first: date, last: date, unit: str) -> int:
    """How many buckets of `unit` span first..last (without listing them)."""
    if unit in ("day", "week"):
        return (bucket_start(last, unit) - bucket_start(first, unit)).days // (7 if unit == "week" else 1) + 1
    if unit == "month":
        return (last.year - first.year) * 12 + last.month - first.month + 1
    return last.year - first.year + 1


def choose_unit(first: date, last: date, max_bars: int = MAX_BARS) -> str:
    """The finest unit (day, week, month, year) that spans first..last in at most `max_bars` bars."""
    return next((unit for unit in UNITS if bucket_count(first, last, unit) <= max_bars), "year")


def bucketed(
    days: Iterable[tuple[str | date, Sequence[float]]],
    width: int,
    unit: str | None = None,
    max_bars: int = MAX_BARS,
) -> Bucketed:
    """Sum per-day value vectors (each `width` long, one number per series) into time buckets.

    `unit` None chooses one by the span of the dates (`choose_unit`). Buckets with nothing are kept as
    zeros, so equal widths are equal times. No dates give no buckets.
    """
    totals: dict[date, list[float]] = {}
    found = [(as_date(day), list(values)) for day, values in days]
    if not found:
        return Bucketed(unit or "day", [], [], [])
    first, last = min(day for day, _ in found), max(day for day, _ in found)
    unit = unit or choose_unit(first, last, max_bars)
    for day, values in found:
        if len(values) != width:
            raise ValueError(f"{day}: {len(values)} values for {width} series")
        bucket = totals.setdefault(bucket_start(day, unit), [0] * width)
        for index, value in enumerate(values):
            bucket[index] += value or 0
    starts = buckets_between(first, last, unit)
    return Bucketed(
        unit,
        starts,
        [bucket_label(start, unit) for start in starts],
        [totals.get(s, [0] * width) for s in starts],
    )


def nice_step(top: float, ticks: int = 4) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about `ticks` gridlines up to `top`."""
    if top <= 0:
        return 1
    rough = top / ticks
    power = 10 ** math.floor(math.log10(rough))
    for factor in (1, 2, 5, 10):
        if rough <= factor * power:
            return max(factor * power, 1)
    return 10 * power


def number(value: float) -> str:
    """A count or share as shown: thousands separated, at most one decimal."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def text(value: object) -> str:
    """Any value as SVG text, escaped for an element or a quoted attribute."""
    return escape(str(value), quote=True)


def shorten(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def frame(
    chart_id: str, width: float, height: float, title: str, description: str, body: list[str]
) -> Markup:
    """The <svg> element around a chart's parts, labelled for assistive technology."""
    ident = text(chart_id)
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="qt-chart" id="{ident}" role="img"'
        f' aria-labelledby="{ident}-title {ident}-desc" viewBox="0 0 {width:g} {height:g}"'
        f' width="{width:g}" height="{height:g}" style="max-width: 100%; height: auto; {FONT}">'
        f'<title id="{ident}-title">{text(title)}</title><desc id="{ident}-desc">{text(description)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def legend(series: Sequence[Series], x: float, y: float) -> list[str]:
    """Coloured squares with the series' names, in one row."""
    parts = []
    for item in series:
        parts.append(
            f'<g class="qt-legend-item"><rect x="{x:g}" y="{y - 10:g}" width="10" height="10"'
            f' fill="{text(item.colour)}"/><text x="{x + 14:g}" y="{y:g}">{text(item.name)}</text></g>'
        )
        x += 24 + 7 * len(item.name)
    return parts


def empty(chart_id: str, title: str, width: float, message: str) -> Markup:
    return frame(
        chart_id, width, 40, title, message, [f'<text x="0" y="24" class="qt-empty">{text(message)}</text>']
    )


def stacked_bars(
    labels: Sequence[str],
    series: Sequence[Series],
    values: Sequence[Sequence[float]],
    *,
    title: str,
    description: str,
    chart_id: str,
    unit_name: str = "attributions",
    width: float = 720,
    height: float = 240,
) -> Markup:
    """Vertical bars, one per label (left to right), each stacked from the bottom in `series` order.

    values[i][j] is label i's count for series j. Heights are to scale from a zero baseline; a light grid
    marks round numbers; labels under the axis are thinned to every n-th so none overlap (every bar has
    its own hover title: "2024-03 · direct: 12 of 20 attributions").
    """
    if not labels or not any(sum(row) for row in values):
        return empty(chart_id, title, width, f"No {unit_name} to chart.")
    left, right, top, bottom = 48, 8, 28, 36
    plot_width, plot_height = width - left - right, height - top - bottom
    highest = max(sum(row) for row in values)
    step = nice_step(highest)
    ceiling = math.ceil(highest / step) * step
    scale = plot_height / ceiling
    slot = plot_width / len(labels)
    bar = min(max(slot * 0.8, 1), 48)
    body = legend(series, left, 14)
    tick = 0.0
    while tick <= ceiling:
        y = top + plot_height - tick * scale
        body.append(
            f'<line x1="{left:g}" x2="{width - right:g}" y1="{y:.2f}" y2="{y:.2f}" stroke="#ddd"/>'
            f'<text x="{left - 6:g}" y="{y + 4:.2f}" text-anchor="end">{number(tick)}</text>'
        )
        tick += step
    # Every n-th label, so that labels (about 7 px a character) never overlap.
    every = max(1, math.ceil((7 * max(len(label) for label in labels) + 12) / slot))
    for index, (label, row) in enumerate(zip(labels, values, strict=True)):
        x = left + index * slot + (slot - bar) / 2
        y = top + plot_height
        total = sum(row)
        group = [f'<g class="qt-bar-group" data-label="{text(label)}" data-total="{number(total)}">']
        for item, value in zip(series, row, strict=True):
            if not value:
                continue
            h = value * scale
            y -= h
            group.append(
                f'<rect class="qt-bar" x="{x:.2f}" y="{y:.2f}" width="{bar:.2f}" height="{h:.2f}"'
                f' fill="{text(item.colour)}" data-series="{text(item.name)}" data-value="{number(value)}">'
                f"<title>{text(f'{label} · {item.name}: {number(value)} of {number(total)} {unit_name}')}"
                "</title></rect>"
            )
        body.append("".join(group) + "</g>")
        if index % every == 0:
            centre = left + index * slot + slot / 2
            body.append(
                f'<text class="qt-axis-label" x="{centre:.2f}" y="{height - bottom + 16:g}"'
                f' text-anchor="middle">{text(label)}</text>'
            )
    baseline = top + plot_height
    body.append(
        f'<line x1="{left:g}" x2="{width - right:g}" y1="{baseline:g}" y2="{baseline:g}" stroke="#333"/>'
    )
    return frame(chart_id, width, height, title, description, body)


def timeline_chart(
    days: Iterable[tuple[str | date, Sequence[float]]],
    series: Sequence[Series],
    *,
    title: str,
    chart_id: str,
    unit_name: str = "attributions",
    unit: str | None = None,
    width: float = 720,
    height: float = 240,
) -> Markup:
    """Counts per date as stacked bars over time: `days` are (date or ISO string, [one count per series]).

    Buckets by day, week, month or year as the span needs (or `unit`); the description says which and
    the span, e.g. "attributions per month, 2024-01 to 2024-12, 1,204 in all".
    """
    found = bucketed(days, len(series), unit)
    total = sum(sum(row) for row in found.values)
    span = f"{found.labels[0]} to {found.labels[-1]}" if found.labels else "no dates"
    description = (
        f"{unit_name.capitalize()} per {found.unit}, {span}, {number(total)} in all, by "
        + ", ".join(item.name for item in series)
    )
    return stacked_bars(
        found.labels,
        series,
        found.values,
        title=title,
        description=description,
        chart_id=chart_id,
        unit_name=unit_name,
        width=width,
        height=height,
    )


def horizontal_bars(
    categories: Sequence[str],
    series: Sequence[Series],
    values: Sequence[Sequence[float]],
    *,
    title: str,
    description: str,
    chart_id: str,
    normalise: bool = False,
    unit_name: str = "attributions",
    width: float = 720,
    label_chars: int = 28,
) -> Markup:
    """One horizontal bar per category (top to bottom, in the order given), split by series.

    By count: bar lengths to scale, the longest the full width. With `normalise`: every bar is 100% and
    its parts are shares (the bar's total is written at its end either way). A part wide enough shows
    its number or percentage inside it. Category names longer than `label_chars` are shortened on the
    axis and given whole in the hover title.
    """
    if not categories:
        return empty(chart_id, title, width, f"No {unit_name} to chart.")
    row_height, gap, top = 20, 6, 28
    label_width = 7 * min(label_chars, max(len(name) for name in categories)) + 12
    total_width = 7 * len(number(max(sum(row) for row in values))) + 16
    left = label_width
    plot_width = width - left - total_width
    height = top + len(categories) * (row_height + gap) + 4
    longest = max(sum(row) for row in values) or 1
    body = legend(series, left, 14)
    for index, (category, row) in enumerate(zip(categories, values, strict=True)):
        y = top + index * (row_height + gap)
        total = sum(row)
        length = plot_width if normalise else plot_width * total / longest
        body.append(
            f'<g class="qt-row" data-category="{text(category)}" data-total="{number(total)}">'
            f"<title>{text(category)}: {number(total)} {text(unit_name)}</title>"
            f'<text x="{left - 8:g}" y="{y + 14:g}" text-anchor="end">'
            f"{text(shorten(category, label_chars))}</text>"
        )
        x = float(left)
        for item, value in zip(series, row, strict=True):
            if not value or not total:
                continue
            share = value / total
            w = length * share
            shown = f"{100 * share:.0f}%" if normalise else number(value)
            hover = f"{category} · {item.name}: {number(value)} of {number(total)} {unit_name}"
            hover += f" ({100 * share:.1f}%)"
            body.append(
                f'<rect class="qt-bar" x="{x:.2f}" y="{y:g}" width="{w:.2f}" height="{row_height}"'
                f' fill="{text(item.colour)}" data-series="{text(item.name)}" data-value="{number(value)}">'
                f"<title>{text(hover)}</title></rect>"
            )
            if w >= 7 * len(shown) + 8:
                body.append(
                    f'<text x="{x + w / 2:.2f}" y="{y + 14:g}" text-anchor="middle" fill="#fff"'
                    f' aria-hidden="true">{text(shown)}</text>'
                )
            x += w
        body.append(
            f'<text class="qt-total" x="{left + length + 6:.2f}" y="{y + 14:g}">{number(total)}</text></g>'
        )
    return frame(chart_id, width, height, title, description, body)
