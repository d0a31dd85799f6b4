"""Speaker names as stored and as compared, so that invisible differences never make two speakers."""

from __future__ import annotations

import re
import unicodedata

NAME_EDGES = " \t\n.,;:!?\"'“”‘’«»()[]"


def clean_name(name: str) -> str:
    """A name as stored: NFC, without invisible format characters (zero-width spaces and joiners, a byte-
    order mark, soft hyphens), single spaces."""
    name = unicodedata.normalize("NFC", name)
    name = "".join(char for char in name if unicodedata.category(char) != "Cf")
    return re.sub(r"\s+", " ", name).strip()


def name_key(name: str) -> str:
    """Comparison form of a name: `The US Government’s` ~ `US government's`; case, apostrophes, a leading
    `the` and invisible characters never tell two speakers apart."""
    key = clean_name(name).replace("’", "'").replace("‘", "'").casefold().strip(NAME_EDGES)
    key = re.sub(r"^the\s+", "", key)
    return re.sub(r"\s+", " ", key)
