"""End to end in a real headless Chromium: `quotetrack serve` in a subprocess, the article and speaker
pages with their highlights, and markup inside quotes staying text. Screenshots go to tmp_path.

Needs Debian's chromium at /usr/bin/chromium (scripts/test.sh installs it when run as root) and the
playwright package (the [test] extra); no browser is downloaded. Without them the test is skipped, or
fails when QUOTETRACK_REQUIRE_BROWSER=1 (as scripts/test.sh sets it once chromium is there).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from desk_client import query

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require(condition: bool, reason: str) -> None:
    """Skip without a browser, unless the run insists on one (then it is a failure)."""
    if not condition:
        if os.environ.get("QUOTETRACK_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)


require(
    CHROMIUM.is_file(), f"no browser at {CHROMIUM}: run scripts/test.sh as root, or apt-get install chromium"
)
try:
    from playwright.sync_api import Page, sync_playwright
except ImportError:
    require(False, "playwright is not installed: pip install -e '.[test]'")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen, timeout: float = 30) -> None:
    """Poll until the server answers, failing early (with its output) if it exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"quotetrack serve exited with {server.returncode}: {server.stderr.read()}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"quotetrack serve did not answer at {url} within {timeout}s")


@pytest.fixture(scope="module")
def server(desk_db: Path) -> Iterator[str]:
    """`quotetrack serve` on desk.db, on a free local port, as a user would start it."""
    port = free_port()
    command = [
        str(Path(sys.executable).parent / "quotetrack"),
        "serve",
        "--db",
        str(desk_db),
        "--port",
        str(port),
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/-/versions.json", process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@dataclass
class Tab:
    """A browser page, and every JavaScript dialog or error it showed (there must be none)."""

    page: Page
    problems: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def tab() -> Iterator[Tab]:
    """A page in headless Chromium that records dialogs (alert) and uncaught errors."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        tab = Tab(browser.new_page(viewport={"width": 1200, "height": 900}))
        tab.page.on(
            "dialog", lambda dialog: (tab.problems.append(f"dialog: {dialog.message}"), dialog.dismiss())
        )
        tab.page.on("pageerror", lambda error: tab.problems.append(f"error: {error}"))
        yield tab
        browser.close()


def background(page: Page, selector: str) -> str:
    return page.locator(selector).first.evaluate("element => getComputedStyle(element).backgroundColor")


def test_article_view_and_speaker_page_in_a_browser(
    server: str, tab: Tab, desk_db: Path, tmp_path: Path
) -> None:
    page = tab.page
    ((document_id, text, attribution, content, speaker_id),) = query(
        desk_db,
        "select documents.id, text, attributions.id, content, speaker_id from documents"
        " join attributions on document_id = documents.id where content like '%<script>%'",
    )
    page.goto(f"{server}/desk/-/article/{document_id}")
    body = page.locator("#article-text")
    assert body.text_content() == text
    quote = page.locator(f'#article-text mark.qt-content[data-content~="{attribution}"]').all_text_contents()
    assert "".join(quote) == content
    assert "<script>alert(1)</script>" in content and "<img src=x onerror=alert(1)>" in content
    assert page.locator("script:has-text('alert')").count() == 0 and page.locator("img").count() == 0
    # Content, cue and speaker are each marked, in three different colours, and are on screen.
    colours = {background(page, f"#article-text mark.qt-{role}") for role in ("content", "cue", "speaker")}
    assert len(colours) == 3 and "rgba(0, 0, 0, 0)" not in colours
    assert page.locator(f'#article-text mark.qt-content[data-content~="{attribution}"]').first.is_visible()
    page.screenshot(path=tmp_path / "article.png", full_page=True)

    page.locator("#article-text a", has_text="Mayor Jane Doe").click()
    page.wait_for_url(f"**/desk/-/speaker/{speaker_id}")
    assert page.locator("h1").inner_text() == "Jane Doe"
    assert page.locator(".qt-context mark").first.text_content() == content
    page.screenshot(path=tmp_path / "speaker.png", full_page=True)

    page.locator("a.qt-article-link").first.click()
    page.wait_for_url(f"**/desk/-/article/{document_id}#attribution-{attribution}")
    page.goto(f"{server}/desk/search?words=accept")
    assert page.locator("td.col-snippet mark").first.text_content() == "accept"
    assert "<script>alert(1)</script>" in page.locator("td.col-snippet").first.text_content()
    page.screenshot(path=tmp_path / "search.png", full_page=True)

    assert tab.problems == []  # no alert(1) ever ran
    assert all(
        (tmp_path / name).stat().st_size > 10_000 for name in ("article.png", "speaker.png", "search.png")
    )


def test_seed_article_shows_every_attribution_highlighted(server: str, tab: Tab, desk_db: Path) -> None:
    page = tab.page
    (document_id, count), *_ = query(
        desk_db,
        "select document_id, count(*) from attributions group by document_id order by count(*) desc",
    )
    page.goto(f"{server}/desk/-/article/{document_id}")
    assert page.locator("span.qt-anchor").count() == count >= 10
    assert page.locator("#article-text a mark.qt-speaker").count() >= 1
    assert tab.problems == []


# How many lines an element's text takes on screen.
LINES_OF_TEXT = """element => {
  const range = document.createRange();
  range.selectNodeContents(element);
  return range.getClientRects().length;
}"""


def test_home_page_attributions_and_a_saved_query_read_first(server: str, tab: Tab) -> None:
    page = tab.page
    page.goto(f"{server}/")
    page.fill("form.qt-home-search input[name=q]", "Blinken")
    page.locator("form.qt-home-search button").click()
    page.wait_for_url("**/desk/-/search?q=Blinken")
    assert page.locator("ul.qt-found-speakers a").first.inner_text() == "Antony Blinken"

    page.goto(f"{server}/desk/quotes_and_claims")
    # No screen of column descriptions; what was said is wide enough to read; dates on one line.
    assert not page.locator("dl.column-descriptions").is_visible()
    assert page.locator("td.col-content").first.bounding_box()["width"] >= 300
    assert page.locator("td.col-date").first.evaluate(LINES_OF_TEXT) == 1
    assert page.locator("td.col-content").first.bounding_box()["y"] < 900  # rows start on the first screen

    page.goto(f"{server}/desk/top_speakers")
    assert page.title() == "Top speakers · desk"
    assert page.locator("#sql-query").count() == 0
    assert page.locator("td.col-speaker a").first.bounding_box()["y"] < 900
    assert tab.problems == []


def test_speaker_chart_and_filters_in_a_browser(server: str, tab: Tab, desk_db: Path, tmp_path: Path) -> None:
    page = tab.page
    ((speaker_id, name),) = query(desk_db, "select id, name from speakers where name = 'Antony Blinken'")
    kinds = dict(
        query(
            desk_db, "select kind, count(*) from attributions where speaker_id = ? group by kind", speaker_id
        )
    )
    page.goto(f"{server}/desk/-/speaker/{speaker_id}")
    chart = page.locator("svg#qt-speaker-chart")
    assert chart.is_visible()
    assert chart.locator("title").first.text_content() == f"{name}: attributions over time by kind"
    bars = chart.locator("rect.qt-bar")
    drawn = {bars.nth(i).get_attribute("data-series"): bars.nth(i) for i in range(bars.count())}
    assert {kind: int(bar.get_attribute("data-value")) for kind, bar in drawn.items()} == kinds
    # On screen, bar heights are to scale: pixels per attribution are the same for every bar.
    scales = [bar.bounding_box()["height"] / kinds[kind] for kind, bar in drawn.items()]
    assert min(scales) > 5 and max(scales) - min(scales) < 0.05  # within a rendering rounding
    page.screenshot(path=tmp_path / "speaker-chart.png", full_page=True)

    page.select_option("form.qt-filters select[name=kind]", "quote")
    page.locator("form.qt-filters button[type=submit]").click()
    page.wait_for_url("**kind=quote**")
    quotes = kinds.get("direct", 0) + kinds.get("mixed", 0)
    assert page.locator("ol.qt-attributions > li").count() == quotes
    assert set(page.locator("ol.qt-attributions .qt-kind").all_text_contents()) <= {"direct", "mixed"}
    shown = page.locator("svg#qt-speaker-chart rect.qt-bar")
    assert {shown.nth(i).get_attribute("data-series") for i in range(shown.count())} <= {"direct", "mixed"}
    assert page.locator("p.qt-matching").inner_text() == f"{quotes} of {sum(kinds.values())} match."
    assert page.locator("form.qt-filters select[name=kind]").input_value() == "quote"

    page.goto(f"{server}/-/quotetrack")
    page.locator("a.qt-outlets-link").click()
    page.wait_for_url("**/desk/-/outlets")
    for chart_id in ("qt-outlet-kinds", "qt-outlet-anonymous"):
        assert page.locator(f"svg#{chart_id}").is_visible()
        assert page.locator(f"svg#{chart_id} rect.qt-bar").count() >= 1
    page.screenshot(path=tmp_path / "outlets.png", full_page=True)
    assert tab.problems == []
