"""What a person types into a search box, as an SQLite FTS5 query that cannot be a syntax error.

One rule for the CLI's `--search`, the library and the desk's saved searches (registered as the SQL
function `fts_query`): the FTS5 syntax people use works as in FTS5 itself,

- `troop*`: words starting with `troop`;
- `"North Korean troops"` (straight or curly quotes): the words in that order;
- `Kiev OR Kyiv`, `troops AND Kursk`, `Russia NOT China`, and parentheses: the operators, in capitals;
- anything else: all of the words, in any order;

and any other text is searched as plain words. Each word is sent as an FTS5 string, so punctuation,
column filters (`content:`) and keywords (`NEAR`) in a word are never read as syntax, and a query that
FTS5 would refuse (`"unbalanced`, a lone `AND`, `NOT x` with nothing before it, `()`) becomes the plain
words instead of an error. The words are looked for in what was said and its sentence (SEARCHED_COLUMNS)
only, never in the speaker tokens the index also holds (store/search_index.py).
"""

from __future__ import annotations

import re

OPERATORS = frozenset({"AND", "OR", "NOT"})
# A phrase in straight or curly quotation marks, a parenthesis, a lone quotation mark (an unbalanced one),
# or a run of anything else: a word.
TOKENS = re.compile(r'"([^"]*)"(\s*\*)?|([()])|(")|([^\s()"]+)')
CURLY_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"'})
# Where a search's words are looked for: the index's other column holds speakers (search_index.py).
SEARCHED_COLUMNS = ("content", "context")
# The empty FTS5 string: a valid query that matches nothing (an empty MATCH is a syntax error).
NOTHING = '""'


def fts_string(text: str) -> str:
    """`text` as an FTS5 string: its words, in that order, with no syntax of its own."""
    return '"' + text.replace('"', '""') + '"'


def plain_words(text: str) -> str:
    """Every word of `text` (split at spaces), each as an FTS5 string: all of them must be there."""
    return " ".join(fts_string(word) for word in text.split()) or NOTHING


def has_word(text: str) -> bool:
    """Whether `text` holds a letter or digit, which FTS5's tokenizer makes a token of."""
    return any(char.isalnum() for char in text)


def tokens(text: str) -> list[str] | None:
    """`text` as FTS5 tokens (strings, `*` after one, operators, parentheses), or None if a quotation
    mark is left open."""
    found: list[str] = []
    for phrase, star, paren, lone_quote, word in TOKENS.findall(text):
        if lone_quote:
            return None
        if paren:
            found.append(paren)
        elif word in OPERATORS:
            found.append(word)
        elif word:
            stem = word.rstrip("*")
            if has_word(stem):
                found.append(fts_string(stem) + ("*" if stem != word else ""))
            elif stem != word and found and found[-1].endswith('"'):  # `troop *`: a prefix after all
                found[-1] += "*"
        elif has_word(phrase):
            found.append(fts_string(phrase) + ("*" if star else ""))
    return found


def well_formed(found: list[str]) -> list[str] | None:
    """The tokens with AND between a parenthesised group and what stands next to it (FTS5 only allows
    phrases side by side), or None where FTS5 would refuse them: an operator without a term on each
    side, an empty or unbalanced parenthesis."""
    result: list[str] = []
    depth = 0
    expect_term = True  # at the start, after an operator, after `(`
    for token in found:
        if token in OPERATORS or token == ")":
            if expect_term:
                return None
            if token == ")":
                depth -= 1
                if depth < 0:
                    return None
            expect_term = token in OPERATORS
            result.append(token)
            continue
        if not expect_term:  # two terms side by side
            if token == "(" or result[-1] == ")":
                result.append("AND")
        if token == "(":
            depth += 1
        expect_term = token == "("
        result.append(token)
    if depth or expect_term:
        return None
    return result


def fts_query(text: str | None) -> str:
    """The FTS5 query for what someone typed (module docstring): their syntax if FTS5 can take it, else
    their plain words, in SEARCHED_COLUMNS. Never empty, so never an FTS5 error."""
    if not text or not text.strip():
        return NOTHING
    found = tokens(text.translate(CURLY_QUOTES))
    checked = well_formed(found) if found else None
    words = " ".join(checked) if checked else plain_words(text)
    return f"{{{' '.join(SEARCHED_COLUMNS)}}} : ({words})"
