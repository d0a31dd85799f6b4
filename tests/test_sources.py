"""Reading inputs: normalisation, stable ids, format detection, encodings, and bad input that must not
crash a batch."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from quotetrack.read.inputs import ReadOptions, detect_format, expand_paths, read_input, read_sources
from quotetrack.records import Document, Skipped

ARTICLE = "Mayor Jane Okafor said the bridge would reopen in May."


def read_one(path: Path, **options) -> Document | Skipped:
    [item] = read_sources([path], ReadOptions(**options))
    return item


def test_bom_and_crlf_normalised_to_the_same_document(tmp_path: Path) -> None:
    (tmp_path / "unix.txt").write_bytes(b"Title line\n\nBody said he.\n")
    (tmp_path / "windows.txt").write_bytes(b"\xef\xbb\xbf  Title line\r\n\r\nBody said he.\r\n")
    unix, windows = read_sources([tmp_path / "unix.txt", tmp_path / "windows.txt"])
    assert isinstance(unix, Document) and isinstance(windows, Document)
    assert unix.text == windows.text == "Title line\n\nBody said he."
    assert unix.id == windows.id and len(unix.id) == 64
    assert windows.title == "Title line"
    assert windows.source == str(tmp_path / "windows.txt") and windows.label == "windows.txt"


def test_folders_are_walked_for_document_formats_but_not_url_lists(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text("One.")
    (tmp_path / "a" / "b" / "two.md").write_text("Two.")
    (tmp_path / "a" / "b" / "three.jsonl").write_text('{"text": "Three."}\n')
    (tmp_path / "a" / "b" / "four.csv").write_text("text\nFour.\n")
    (tmp_path / "a" / "b" / "image.png").write_bytes(b"\x89PNG\x00")
    (tmp_path / "a" / "b" / "feeds.urls").write_text("http://127.0.0.1:9/never-fetched\n")
    # Sorted by path, so the order is the same on every machine.
    assert [item.title for item in read_sources([tmp_path])] == ["Four.", "Three.", "Two.", "One."]


def test_expanding_expanded_inputs_gives_them_back(tmp_path: Path) -> None:
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "one.txt").write_text("One.", encoding="utf-8")
    inputs = expand_paths([tmp_path / "news", "-"])
    assert list(inputs) == [str(tmp_path / "news" / "one.txt"), "-"]
    assert expand_paths(inputs) == inputs  # the CLI expands for its progress bar; ingest reads those


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("a.html", b"plain words", "html"),
        ("a.HTM", b"", "html"),
        ("a.ndjson", b"", "jsonl"),
        ("a.csv", b"{", "csv"),
        ("a.urls", b"", "urls"),
        ("a.txt", b'\xef\xbb\xbf  {"text": "x"}', "jsonl"),
        ("", b"  <!DOCTYPE html>", "html"),
        ("page", b"<html lang='en'>", "html"),
        ("a.md", b"<b>bold</b> claims, said he", "text"),
        ("", b"The minister said so.", "text"),
    ],
)
def test_format_comes_from_extension_then_content(name: str, head: bytes, expected: str) -> None:
    assert detect_format(name, head) == expected


def test_format_option_overrides_detection(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_text("text,outlet\nMinisters said talks would resume.,Wire\n")
    assert read_one(path).text.startswith("text,outlet")
    assert read_one(path, format="csv").outlet == "Wire"


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("José Peña said “yes”.".encode("cp1252"), "José Peña said “yes”."),
        ("Café society.".encode("latin-1"), "Café society."),
        ("Hi, said he.".encode("utf-16"), "Hi, said he."),  # with BOM
        ("Hi, said he.".encode("utf-32"), "Hi, said he."),
        (b"\xef\xbb\xbfHi, said he.", "Hi, said he."),
    ],
)
def test_common_encodings_are_decoded(tmp_path: Path, data: bytes, text: str) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    assert read_one(path).text == text


def test_bad_files_are_skipped_with_reasons(tmp_path: Path) -> None:
    cases = {
        "empty.txt": (b"", "empty: no text to analyse"),
        "blank.txt": (b"  \n\r\n", "empty: no text to analyse"),
        "zip.txt": (b"PK\x03\x04\x00\x00", "binary: contains NUL bytes"),
        "controls.txt": (bytes(range(1, 32)) * 4, "binary: "),
        "cyrillic.txt": ("Министр заявил, что налоги вырастут.".encode("cp1251"), "encoding: not UTF-8, and"),
        "undefined.txt": (b"Price \x81 rose", "encoding: not UTF-8 or Windows-1252 (byte 0x81 at offset 6)"),
        "utf16-broken.txt": (b"\xff\xfeH\x00i", "encoding: has a UTF-16 byte-order mark but is not valid"),
        # Exports with nothing in them say so, as an empty text does (they were read silently as nothing).
        "empty.jsonl": (b"\n \n", "empty: no records"),
        "header-only.csv": (b"id,text\n", "empty: no records after the header row"),
        # Records are read by column name: one of two `text` columns was lost without a word.
        "twice.csv": (b"id,text,Text\n1,a,b\n", "malformed CSV: the header has 'Text' twice; rename one"),
        # UTF-8 with one Latin-1 byte: as Windows-1252 it was stored as `masterâ€™s cafÃ©`.
        "stray-byte.txt": (
            b"The master\xe2\x80\x99s caf\xc3\xa9, na\xefve.",
            "encoding: UTF-8 but for some bytes (the first: 0xef at offset 24); fix them or convert to UTF-8",
        ),
    }
    for name, (data, _) in cases.items():
        (tmp_path / name).write_bytes(data)
    for name, (_, reason) in cases.items():
        item = read_one(tmp_path / name)
        assert isinstance(item, Skipped) and item.reason.startswith(reason), (name, item)
    missing = read_one(tmp_path / "missing.txt")
    assert isinstance(missing, Skipped) and missing.reason == "cannot read: No such file or directory"


def test_stdin_is_a_document_or_any_other_format() -> None:
    [item] = read_sources(["-"], ReadOptions(stdin=io.BytesIO(b"Hello from a pipe.\n")))
    assert isinstance(item, Document)
    assert (item.source, item.label, item.text) == ("<stdin>", "stdin", "Hello from a pipe.")
    csv_in = ReadOptions(format="csv", stdin=io.BytesIO(f"id,body\n7,{ARTICLE}\n".encode()))
    [record] = read_sources(["-"], csv_in)
    assert (record.source, record.label, record.text) == ("<stdin>:2", "7", ARTICLE)


def test_jsonl_is_detected_by_content_on_stdin() -> None:
    stdin = io.BytesIO(b'\n{"id": 1, "text": "A."}\n{"id": 2, "text": "B."}\n')
    assert [item.label for item in read_input("-", ReadOptions(stdin=stdin))] == [1, 2]
    [plain] = read_input("-", ReadOptions(stdin=io.BytesIO(b"Not {json} at all.\n")))
    assert isinstance(plain, Document) and plain.label == "stdin"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_jsonl_in_utf16_or_utf32_is_decoded_before_it_is_split(codec: str) -> None:
    text = '\ufeff{"id": 1, "text": "Café, said he."}\n{"id": 2, "text": "B."}\n'  # with its BOM
    stdin = io.BytesIO(text.encode(codec))
    items = list(read_input("-", ReadOptions(format="jsonl", stdin=stdin)))
    assert [(item.label, item.text) for item in items] == [(1, "Café, said he."), (2, "B.")]


def test_jsonl_record_with_an_unpaired_surrogate_is_skipped_alone() -> None:
    lines = [b'{"id": 1, "text": "Bad \\ud800 half."}', b'{"id": 2, "text": "Pair \\ud83d\\ude00 ok."}']
    stdin = io.BytesIO(b"\n".join(lines))
    bad, good = read_input("-", ReadOptions(format="jsonl", stdin=stdin))
    assert isinstance(bad, Skipped)
    assert bad.reason == "encoding: holds an unpaired surrogate \\ud800, not Unicode text"
    assert isinstance(good, Document) and good.text == "Pair \U0001f600 ok."
