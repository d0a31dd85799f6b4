"""The desk's SVG charts for known numbers: bars to scale, time buckets, labels, escaping, accessibility."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from quotetrack.desk.charts import (
    Series,
    bucketed,
    choose_unit,
    horizontal_bars,
    stacked_bars,
    timeline_chart,
)

SVG = "{http://www.w3.org/2000/svg}"
KINDS = [Series("direct", "#0072B2"), Series("mixed", "#E69F00"), Series("indirect", "#009E73")]


def parse(markup: str) -> ET.Element:
    """The chart as XML: it must be well-formed on its own."""
    return ET.fromstring(str(markup))


def bars(root: ET.Element) -> list[ET.Element]:
    return [rect for rect in root.iter(f"{SVG}rect") if rect.get("class") == "qt-bar"]


def texts(root: ET.Element) -> list[str]:
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def test_stacked_bars_are_to_scale_and_stacked_in_series_order() -> None:
    svg = stacked_bars(
        ["Jan", "Feb"],
        KINDS,
        [[2, 0, 1], [4, 4, 0]],
        title="Over time",
        description="test",
        chart_id="t",
    )
    root = parse(svg)
    found = [(r.get("data-series"), float(r.get("height")), float(r.get("y"))) for r in bars(root)]
    assert [name for name, _, _ in found] == ["direct", "indirect", "direct", "mixed"]  # zeros not drawn
    unit = found[0][1] / 2
    assert [round(height / unit, 6) for _, height, _ in found] == [2, 1, 4, 4]
    # Stacked: each part sits on top of the one before it in the same bar.
    assert found[1][2] + found[1][1] == pytest.approx(found[0][2])
    assert found[3][2] + found[3][1] == pytest.approx(found[2][2])
    labels = texts(root)
    assert {"Jan", "Feb", "direct", "mixed", "indirect"} <= set(labels)
    hover = ["".join(r.find(f"{SVG}title").itertext()) for r in bars(root)]
    assert hover[2] == "Feb · direct: 4 of 8 attributions"


def test_a_chart_names_itself_for_screen_readers() -> None:
    root = parse(stacked_bars(["a"], KINDS[:1], [[3]], title="Quotes", description="Per day", chart_id="q1"))
    assert root.get("role") == "img"
    ids = root.get("aria-labelledby").split()
    named = {node.get("id"): "".join(node.itertext()) for node in root if node.get("id")}
    assert [named[i] for i in ids] == ["Quotes", "Per day"]


@pytest.mark.parametrize(
    ("first", "last", "unit"),
    [
        (date(2024, 1, 1), date(2024, 1, 1), "day"),
        (date(2024, 1, 1), date(2024, 2, 29), "day"),  # 60 days
        (date(2024, 1, 1), date(2024, 3, 1), "week"),
        (date(2024, 1, 1), date(2024, 12, 31), "week"),  # 53 weeks
        (date(2022, 1, 1), date(2024, 12, 31), "month"),
        (date(2015, 1, 1), date(2024, 12, 31), "year"),
    ],
)
def test_the_time_unit_follows_the_span(first: date, last: date, unit: str) -> None:
    assert choose_unit(first, last) == unit


def test_days_are_summed_into_buckets_and_empty_buckets_kept() -> None:
    days = [("2024-01-31", [1, 2]), ("2024-01-05", [3, 0]), ("2024-04-10", [0, 7])]
    found = bucketed(days, 2, unit="month")
    assert found.labels == ["2024-01", "2024-02", "2024-03", "2024-04"]
    assert found.values == [[4, 2], [0, 0], [0, 0], [0, 7]]
    weeks = bucketed([("2024-01-07", [1]), ("2024-01-08", [1])], 1, unit="week")  # a Sunday, a Monday
    assert weeks.labels == ["2024-01-01", "2024-01-08"] and weeks.values == [[1], [1]]
    with pytest.raises(ValueError):
        bucketed([("2024-01-01", [1, 2, 3])], 2)


def test_timeline_chart_describes_its_buckets() -> None:
    days = [(f"2024-{month:02d}-15", [month, 1, 0]) for month in range(1, 13)]
    root = parse(timeline_chart(days, KINDS, title="Said over time", chart_id="tl", unit="month"))
    description = "".join(root.find(f"{SVG}desc").itertext())
    assert description == "Attributions per month, 2024-01 to 2024-12, 90 in all, by direct, mixed, indirect"
    groups = [g for g in root.iter(f"{SVG}g") if g.get("class") == "qt-bar-group"]
    assert [g.get("data-total") for g in groups] == [str(month + 1) for month in range(1, 13)]


def test_horizontal_bars_by_count_and_by_share() -> None:
    outlets = ["Port Daily", "Evening Star"]
    values = [[30, 10], [5, 15]]
    by_count = parse(horizontal_bars(outlets, KINDS[:2], values, title="t", description="d", chart_id="c"))
    widths = [float(r.get("width")) for r in bars(by_count)]
    assert widths[0] / widths[2] == pytest.approx(30 / 5) and widths[1] / widths[3] == pytest.approx(10 / 15)
    assert (widths[0] + widths[1]) / (widths[2] + widths[3]) == pytest.approx(40 / 20)
    by_share = parse(
        horizontal_bars(outlets, KINDS[:2], values, title="t", description="d", chart_id="s", normalise=True)
    )
    widths = [float(r.get("width")) for r in bars(by_share)]
    assert widths[0] + widths[1] == pytest.approx(widths[2] + widths[3])  # every bar is 100%
    assert widths[0] / (widths[0] + widths[1]) == pytest.approx(0.75)
    labels = texts(by_share)
    assert {"Port Daily", "Evening Star", "75%", "40", "20"} <= set(labels)


def test_names_with_markup_stay_text() -> None:
    hostile = '<script>alert(1)</script> & "Port"'
    svg = horizontal_bars(
        [hostile],
        [Series(hostile, "#000")],
        [[3]],
        title=hostile,
        description=hostile,
        chart_id='x"y',
        label_chars=80,
    )
    assert "<script>" not in svg
    root = parse(svg)
    assert not [node for node in root.iter() if node.tag.endswith("script")]
    assert hostile in texts(root)
    assert "".join(root.find(f"{SVG}title").itertext()) == hostile
    assert bars(root)[0].get("data-series") == hostile


def test_nothing_to_chart_says_so() -> None:
    root = parse(timeline_chart([], KINDS, title="Over time", chart_id="e"))
    assert texts(root) == ["No attributions to chart."] and not bars(root)
    root = parse(stacked_bars(["a"], KINDS[:1], [[0]], title="t", description="d", chart_id="z"))
    assert texts(root) == ["No attributions to chart."]


def test_axis_labels_are_thinned_so_they_never_overlap() -> None:
    days = [(f"2031-{month:02d}-{day:02d}", [1]) for month in range(1, 13) for day in (3, 17)]
    root = parse(timeline_chart(days, KINDS[:1], title="t", chart_id="w", unit="week"))
    labels = [node for node in root.iter(f"{SVG}text") if node.get("class") == "qt-axis-label"]
    assert len(labels) >= 4 and labels[0].text == "2030-12-30"  # the Monday of 3 January 2031
    centres = [float(node.get("x")) for node in labels]
    width = 7 * len("2031-01-05")  # about 7 px a character at 12 px
    assert min(b - a for a, b in zip(centres, centres[1:], strict=False)) >= width
