"""Reading inputs: normalisation, stable ids, folder walks and bad input that must not crash a batch."""

from __future__ import annotations

import io
from pathlib import Path

from quotetrack.sources import Document, Skipped, read_input, read_sources


def read_one(path: Path) -> Document | Skipped:
    [item] = read_sources([path])
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


def test_folders_are_walked_recursively_for_txt_and_md_only(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text("One.")
    (tmp_path / "a" / "b" / "two.md").write_text("Two.")
    (tmp_path / "a" / "b" / "image.png").write_bytes(b"\x89PNG\x00")
    # Sorted by path, so the order is the same on every machine.
    assert [item.title for item in read_sources([tmp_path])] == ["Two.", "One."]


def test_bad_files_are_skipped_with_reasons(tmp_path: Path) -> None:
    cases = {
        "empty.txt": (b"", "empty"),
        "blank.txt": (b"  \n\r\n", "empty"),
        "binary.txt": (b"PK\x03\x04\x00\x00", "binary"),
        "latin1.txt": ("Café society".encode("latin-1"), "not valid UTF-8"),
    }
    for name, (data, _) in cases.items():
        (tmp_path / name).write_bytes(data)
    for name, (_, reason) in cases.items():
        item = read_one(tmp_path / name)
        assert isinstance(item, Skipped) and reason in item.reason, (name, item)
    missing = read_one(tmp_path / "missing.txt")
    assert isinstance(missing, Skipped) and "cannot read" in missing.reason


def test_stdin_is_a_document() -> None:
    [item] = read_sources(["-"], stdin=io.BytesIO(b"Hello from a pipe.\n"))
    assert isinstance(item, Document)
    assert (item.source, item.label, item.text) == ("<stdin>", "stdin", "Hello from a pipe.")


def test_jsonl_keeps_record_ids_and_skips_malformed_lines(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    lines = ['{"id": "x", "text": "First."}', "{oops", "", '{"id": 2, "text": "Second.", "title": "T"}', "[]"]
    path.write_text("\n".join(lines) + "\n")
    items = list(read_input(path))
    assert [type(item).__name__ for item in items] == ["Document", "Skipped", "Document", "Skipped"]
    assert (items[0].label, items[2].label, items[2].title) == ("x", 2, "T")
    assert items[1].source == f"{path}:2" and "malformed JSON" in items[1].reason


def test_jsonl_is_detected_by_content_on_stdin() -> None:
    items = list(read_input("-", stdin=io.BytesIO(b'\n{"id": 1, "text": "A."}\n{"id": 2, "text": "B."}\n')))
    assert [item.label for item in items] == [1, 2]
    [plain] = read_input("-", stdin=io.BytesIO(b"Not {json} at all.\n"))
    assert isinstance(plain, Document) and plain.label == "stdin"
