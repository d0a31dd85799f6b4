"""Speaker names as stored and as compared, so that invisible differences never make two speakers."""

from __future__ import annotations

import functools
import re
import unicodedata

NAME_EDGES = " \t\n.,;:!?\"'“”‘’«»()[]"
# Names repeat (a few speakers are most attributions): normalising each anew, character by character, was
# a quarter of `quotetrack load`'s time. Both functions are pure, so their answers are kept.
NAMES_CACHED = 65_536


@functools.lru_cache(maxsize=NAMES_CACHED)
def clean_name(name: str) -> str:
    """A name as stored: NFC, without invisible format characters (zero-width spaces and joiners, a byte-
    order mark, soft hyphens), single spaces."""
    name = unicodedata.normalize("NFC", name)
    name = "".join(char for char in name if unicodedata.category(char) != "Cf")
    return re.sub(r"\s+", " ", name).strip()


@functools.lru_cache(maxsize=NAMES_CACHED)
def name_key(name: str) -> str:
    """Comparison form of a name: `The US Government’s` ~ `US government's`; case, apostrophes, a leading
    `the` and invisible characters never tell two speakers apart."""
    key = clean_name(name).replace("’", "'").replace("‘", "'").casefold().strip(NAME_EDGES)
    key = re.sub(r"^the\s+", "", key)
    return re.sub(r"\s+", " ", key)
