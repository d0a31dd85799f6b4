"""Highlighting builds HTML from offsets and FTS markers without ever letting text become markup."""

from __future__ import annotations

from desk_client import marked, parse

from quotetrack.desk.highlight import Span, content_pieces, highlight, mark_within, render_matches

ATTACK = 'He said "<script>alert(1)</script> & <img src=x onerror=alert(1)>" loudly.'


def test_highlight_escapes_every_piece_and_keeps_the_text() -> None:
    start = ATTACK.index("<script>")
    end = ATTACK.index('" loudly')
    html = highlight(ATTACK, [Span(start, end, "content", 7), Span(0, 2, "speaker", 7, href="/s?a=1&b=<2>")])
    root = parse(html)
    assert root.text() == ATTACK
    assert {node.tag for node in root.iter()} == {"document", "mark", "a", "span"}
    assert marked(root, "content") == {7: ATTACK[start:end]}
    assert root.find_all("a")[0].attrs["href"] == "/s?a=1&b=<2>"
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_overlapping_spans_are_split_and_each_keeps_its_own_text() -> None:
    text = "Smith said Jones said it rains."
    spans = [
        Span(0, 5, "speaker", 1),
        Span(6, 10, "cue", 1),
        Span(11, 30, "content", 1),
        Span(11, 16, "speaker", 2),
        Span(17, 21, "cue", 2),
        Span(22, 30, "content", 2),
    ]
    root = parse(highlight(text, spans))
    assert root.text() == text
    assert marked(root, "content") == {1: "Jones said it rains", 2: "it rains"}
    assert marked(root, "speaker") == {1: "Smith", 2: "Jones"}
    assert marked(root, "cue") == {1: "said", 2: "said"}
    anchors = [node.attrs["id"] for node in root.find_all("span", cls="qt-anchor")]
    assert anchors == ["attribution-1", "attribution-2"]


def test_offsets_that_do_not_fit_are_not_drawn() -> None:
    text = "short text"
    spans = [Span(5, 99, "content", 1), Span(4, 2, "cue", 1), Span(None, 3, "speaker", 1), Span(0, 5, "x", 1)]
    html = highlight(text, spans)
    assert html == "short text"


def test_quote_is_marked_inside_its_sentence() -> None:
    root = parse(mark_within("She said <b>no</b> twice.", "<b>no</b>"))
    assert root.text() == "She said <b>no</b> twice."
    assert [mark.text() for mark in root.find_all("mark")] == ["<b>no</b>"]
    assert mark_within("<i>elsewhere</i>", "missing") == "&lt;i&gt;elsewhere&lt;/i&gt;"


def test_snippet_markers_become_balanced_marks_and_the_rest_is_escaped() -> None:
    assert render_matches("a <mark>firm</mark> <img src=x>") == "a <mark>firm</mark> &lt;img src=x&gt;"
    # A stray closing marker is text; an unclosed match is closed.
    assert render_matches("x </mark> <mark>y") == "x &lt;/mark&gt; <mark>y</mark>"
    root = parse(render_matches("<mark><mark><script>z</script></mark>"))
    assert {node.tag for node in root.iter()} == {"document", "mark"}
    assert root.text() == "<mark><script>z</script>"


def test_content_pieces_come_from_content_parts_or_the_whole_span() -> None:
    row = {"content_start": 1, "content_end": 40, "content_parts": "[[1, 10], [20, 40]]"}
    assert content_pieces(row) == [(1, 10), (20, 40)]
    for old_or_odd in (None, "", "not json", "[]", "[[1, 2, 3]]", '{"a": 1}'):
        assert content_pieces({**row, "content_parts": old_or_odd}) == [(1, 40)]
    assert content_pieces({"content_start": 1, "content_end": 40}) == [(1, 40)]  # a database before them
