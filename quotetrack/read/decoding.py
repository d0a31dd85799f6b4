"""Bytes to text for news files in the encodings they really come in, refusing binary data and guesswork.

Order: a byte-order mark (UTF-8/16/32) decides; otherwise UTF-8, which non-UTF-8 text almost never
passes by accident; then an encoding the page or server declared; then Windows-1252, the usual legacy
encoding of English text (a superset of Latin-1's printable characters), unless the bytes hold UTF-8
characters: then they are UTF-8 with a few bad bytes, refused where the first one is (read as
Windows-1252 they were stored as `masterâ€™s` and `CafÃ©`, without a word). Statistical detectors were
tried and rejected: on short English texts they pick Central European code pages and turn "Peña" into
"Peņa" without saying so.
"""

from __future__ import annotations

import codecs
import contextlib
import re

from quotetrack.read.documents import Unusable

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),  # before UTF-16: its BOM starts with UTF-16 LE's
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
LEGACY = "cp1252"
# ASCII control characters other than tab, line feed, vertical tab, form feed and carriage return.
CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
LETTERS = re.compile(r"[^\W\d_]")
NON_ASCII_LETTERS = re.compile(r"[^\W\d_a-zA-Z]")
# More control characters than this share of the text means a binary file without NUL bytes.
MAX_CONTROL_SHARE = 0.01
# A well-formed multi-byte UTF-8 character. Windows-1252 text holds these only as mojibake (`Ã©`, `â€™`).
UTF8_CHARACTER = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
# Windows-1252 decodes almost any bytes. English news has a few accented letters (names, "café"); text
# in another encoding read this way is mostly accented letters, so refuse it instead of storing mojibake.
MAX_ACCENTED_SHARE = 0.3


def decode(data: bytes, declared: str | None = None) -> str:
    """Decode bytes to text, or raise Unusable (`binary` or `encoding`) with what was found."""
    for bom, codec, name in BOMS:
        if data.startswith(bom):
            try:
                return checked(data.decode(codec))
            except UnicodeDecodeError as error:
                raise Unusable("encoding", f"has a {name} byte-order mark but is not valid {name}") from error
    if b"\x00" in data:
        raise Unusable("binary", "contains NUL bytes, not text")
    try:
        return checked(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        bad_utf8 = error
    codec = known_codec(declared)
    if codec:
        with contextlib.suppress(UnicodeDecodeError):
            return checked(data.decode(codec))
    if UTF8_CHARACTER.search(data):
        checked(data.decode("utf-8", "replace"))  # binary data is reported as binary
        first = f"0x{data[bad_utf8.start : bad_utf8.start + 1].hex()} at offset {bad_utf8.start}"
        detail = f"UTF-8 but for some bytes (the first: {first}); fix them or convert to UTF-8"
        raise Unusable("encoding", detail)
    return checked(legacy(data))


def known_codec(name: str | None) -> str | None:
    """Python's codec for a declared charset name, or None if it is missing or unknown."""
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def legacy(data: bytes) -> str:
    """Windows-1252 text, unless the bytes are not plausibly that."""
    try:
        text = data.decode(LEGACY)
    except UnicodeDecodeError as error:
        checked(data.decode("latin-1"))  # binary data is reported as binary, not as a bad encoding
        byte = data[error.start : error.start + 1].hex()
        where = f"byte 0x{byte} at offset {error.start}"
        raise Unusable("encoding", f"not UTF-8 or Windows-1252 ({where}); convert it to UTF-8") from error
    letters = len(LETTERS.findall(text))
    if letters and len(NON_ASCII_LETTERS.findall(text)) / letters > MAX_ACCENTED_SHARE:
        raise Unusable(
            "encoding",
            "not UTF-8, and as Windows-1252 it would be mostly accented letters; convert it to UTF-8",
        )
    return text


def checked(text: str) -> str:
    """The text itself, unless control characters show it is really binary data."""
    controls = len(CONTROLS.findall(text))
    if text and controls / len(text) > MAX_CONTROL_SHARE:
        raise Unusable("binary", f"{controls} control characters, not text")
    return text
