"""Hostile streams and texts: closed stdin, endless or huge inputs, one-line texts, broken CSV quoting,
and one article in two Unicode forms."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from quotetrack.read.documents import MAX_TITLE_CHARS, content_id, normalise
from quotetrack.read.inputs import MAX_INPUT_BYTES, MAX_LINE_BYTES, ReadOptions, read_input, read_sources
from quotetrack.records import Document, Skipped

ARTICLE = "Mayor Jane Okafor said the bridge would reopen in May."
SMALL = {"max_input_bytes": 1000, "max_line_bytes": 100}


def test_closed_stdin_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", None)  # what Python makes of a closed fd 0 (`0<&-`)
    assert list(read_sources(["-"])) == [Skipped("<stdin>", "cannot read", "stdin is closed")]


def test_closed_stdin_of_a_real_process_is_skipped() -> None:
    script = "from quotetrack.read import read_sources; print([item.reason for item in read_sources(['-'])])"
    result = subprocess.run(
        [sys.executable, "-c", script],
        preexec_fn=lambda: os.close(0),  # noqa: PLW1509 (no threads in this child yet)
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.stdout, result.stderr) == ("['cannot read: stdin is closed']\n", "")


@pytest.mark.slow  # about 5 s: a whole CLI process
def test_closed_stdin_on_the_command_line_is_one_line(tmp_path: Path) -> None:
    db_path = tmp_path / "q.db"
    result = subprocess.run(
        [sys.executable, "-m", "quotetrack", "ingest", "-", "--db", str(db_path)],
        preexec_fn=lambda: os.close(0),  # noqa: PLW1509 (no threads in this child yet)
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert "skipped <stdin>: cannot read: stdin is closed" in result.stderr.splitlines()
    assert "Traceback" not in result.stderr


def test_dev_zero_is_too_large_and_read_no_further() -> None:
    [item] = read_sources(["/dev/zero"], ReadOptions(**SMALL))
    assert item == Skipped(
        "/dev/zero", "too large", "more than 1,000 bytes; the limit for one input is 1,000"
    )


def test_dev_zero_with_the_real_limits_stays_within_memory() -> None:
    """Before the limits, reading /dev/zero ended in MemoryError; here in 1.5 GB of address space."""
    script = (
        "import resource; resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))\n"
        "from quotetrack.read.inputs import read_sources\n"
        "print([item.reason for item in read_sources(['/dev/zero'])])\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout == f"['too large: more than {MAX_INPUT_BYTES:,} bytes; the limit for one input is "
        f"{MAX_INPUT_BYTES:,}']\n"
    )
    assert MAX_LINE_BYTES < MAX_INPUT_BYTES


@pytest.mark.parametrize("fmt", ["text", "html", "csv", None])
def test_a_large_stdin_is_too_large_in_any_whole_format(fmt: str | None) -> None:
    stdin = io.BytesIO(b"word " * 500)
    [item] = read_input("-", ReadOptions(format=fmt, stdin=stdin, **SMALL))
    assert item.reason == "too large: more than 1,000 bytes; the limit for one input is 1,000"
    assert stdin.tell() <= 1001


def test_endless_blank_lines_are_not_gathered_without_limit() -> None:
    stdin = io.BytesIO(b"\n" * 100_000)
    [item] = read_input("-", ReadOptions(stdin=stdin, **SMALL))
    assert item.kind == "too large" and stdin.tell() <= 1001


def test_jsonl_is_limited_per_line_and_stops_at_an_overlong_one() -> None:
    long_line = b'{"text": "' + b"a" * 200 + b'"}\n'
    stdin = io.BytesIO(b'{"id": 1, "text": "Short."}\n' + long_line + b'{"id": 3, "text": "After."}\n')
    first, refused = read_input("-", ReadOptions(format="jsonl", stdin=stdin, **SMALL))
    assert isinstance(first, Document) and first.label == 1
    assert refused == Skipped(
        "<stdin>", "too large", "line 2 is longer than 100 bytes; the rest was not read"
    )
    assert stdin.tell() <= 28 + 101


def test_jsonl_detected_from_an_overlong_first_line_is_refused() -> None:
    stdin = io.BytesIO(b'{"text": "' + b"a" * 500 + b'"}\n')
    [item] = read_input("-", ReadOptions(stdin=stdin, **SMALL))
    assert item.reason == "too large: line 1 is longer than 100 bytes; the rest was not read"


def test_utf16_jsonl_is_limited_as_a_whole() -> None:
    text = "".join(f'{{"id": {n}, "text": "Line {n}."}}\n' for n in range(100))
    stdin = io.BytesIO(text.encode("utf-16"))
    [item] = read_input("-", ReadOptions(format="jsonl", stdin=stdin, **SMALL))
    assert item.reason == "too large: more than 1,000 bytes; the limit for one input is 1,000"


def test_jsonl_nested_too_deeply_skips_only_its_line() -> None:
    """`[[[[...` thousands deep, inside a record or as one, made json recurse until RecursionError, which
    ended the ingest with a traceback and left the lines after it unread."""
    deep = "[" * 100_000 + "]" * 100_000
    lines = [f'{{"id": 1, "text": {deep}}}', '{"id": 2, "text": "After."}', deep]
    stdin = io.BytesIO("\n".join(lines).encode())
    refused, after, alone = read_input("-", ReadOptions(format="jsonl", stdin=stdin))
    assert refused == Skipped("<stdin>:1", "malformed JSON", "nested too deeply to read")
    assert isinstance(after, Document) and after.label == 2
    assert alone == Skipped("<stdin>:3", "malformed JSON", "nested too deeply to read")


def test_a_url_list_is_limited_per_line(tmp_path: Path) -> None:
    listed = tmp_path / "a.urls"
    listed.write_bytes(b"# " + b"x" * 500 + b"\n")
    [item] = read_sources([listed], ReadOptions(**SMALL))
    assert item.reason == "too large: line 1 is longer than 100 bytes; the rest was not read"


def test_a_one_line_text_gets_a_short_title(tmp_path: Path) -> None:
    path = tmp_path / "one-line.txt"
    path.write_text(f"{ARTICLE} " * 200_000)  # 11 MB on one line
    [item] = read_sources([path])
    assert len(item.title) <= MAX_TITLE_CHARS and item.title.endswith("…")
    assert item.title.startswith("Mayor Jane Okafor said") and item.title[:-1] in item.text
    assert item.title[-2] != " " and (item.text + " ")[len(item.title) - 1] == " "  # cut at a word


def test_a_long_title_field_is_cut_too() -> None:
    record = '{"title": "' + "Headline " * 100 + '", "text": "' + ARTICLE + '"}'
    [item] = read_input("-", ReadOptions(stdin=io.BytesIO(record.encode())))
    assert item.title == ("Headline " * 100)[:MAX_TITLE_CHARS].rsplit(" ", 1)[0].strip() + "…"


def test_a_short_title_is_kept() -> None:
    [item] = read_input("-", ReadOptions(stdin=io.BytesIO(f"{'x' * MAX_TITLE_CHARS}\n{ARTICLE}".encode())))
    assert item.title == "x" * MAX_TITLE_CHARS


def test_an_unterminated_csv_quote_is_reported_and_rows_before_it_kept() -> None:
    """The open quote runs on to the next quotation mark, here on line 5: rows 3-5 are lost, and said so;
    row 6 is read again as usual."""
    broken_rows = '2,"Never closed, said he.\n3,Swallowed row.\n4,"Also swallowed."\n'
    data = f"id,text\n1,{ARTICLE}\n{broken_rows}6,{ARTICLE}\n".encode()
    good, broken, after = read_input("-", ReadOptions(format="csv", stdin=io.BytesIO(data)))
    assert isinstance(good, Document) and good.label == "1"
    assert broken == Skipped(
        "<stdin>:3",
        "unterminated quote",
        "a quoted field opened here is not closed properly, so lines 3-5 were read as that one field and "
        "none of them was stored; reading goes on after it",
    )
    assert isinstance(after, Document) and after.label == "6"


def test_an_unterminated_csv_quote_can_run_to_the_end_of_the_file() -> None:
    data = f'id,text\n1,{ARTICLE}\n2,"Never closed.\n3,Swallowed.\n4,Swallowed.\n'.encode()
    good, broken = read_input("-", ReadOptions(format="csv", stdin=io.BytesIO(data)))
    assert isinstance(good, Document)
    assert (
        broken.source == "<stdin>:3" and broken.kind == "unterminated quote" and "lines 3-5 " in broken.detail
    )


def test_a_closed_multi_line_csv_field_is_fine() -> None:
    data = f'id,text\n1,"{ARTICLE}\nSecond line, said she."\n2,{ARTICLE}\n'.encode()
    items = list(read_input("-", ReadOptions(format="csv", stdin=io.BytesIO(data))))
    assert [(item.label, item.text.count("\n")) for item in items] == [("1", 1), ("2", 0)]


def test_nfc_and_nfd_forms_are_one_document() -> None:
    """One id, so the second form is already stored; each text is kept as given, for its offsets."""
    text = "José Peña said the café in Zürich would reopen."
    forms = [unicodedata.normalize(form, text) for form in ("NFC", "NFD")]
    assert forms[0] != forms[1]
    nfc, nfd = (next(read_input("-", ReadOptions(stdin=io.BytesIO(form.encode())))) for form in forms)
    assert nfc.id == nfd.id and (nfc.text, nfd.text) == tuple(forms)


def test_zero_width_characters_do_not_make_another_document() -> None:
    plain = "José said the café would reopen."
    hidden = "\ufeffJo\u200bsé said\u2060 the\ufeff café would reopen."
    assert content_id(normalise(hidden)) == content_id(plain)
    assert normalise(hidden) == hidden[1:]  # offsets into the text as given
    # zero-width (non-)joiners spell words and emoji: kept, and they make a difference
    assert content_id("کتاب\u200cها") != content_id("کتابها")
    assert content_id("👩\u200d🔬") != content_id("👩🔬")
