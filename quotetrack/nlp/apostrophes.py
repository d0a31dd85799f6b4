"""A typographic apostrophe inside a word reads to the parser as the straight one: `O’Donnell` as `O'Donnell`.

spaCy's small English models represent a word by its norm, prefix, suffix and shape. The norm and shape of
`O’Donnell` (`o’donnell`, `X’Xxxxx`) are ones the models rarely saw in training, so they tag it a common noun
and may parse the sentence around it wrongly (`Councillor Margaret O’Donnell, who led the opposition, called
the plan ...` rooted on the name, with `called` a modifier of it). Giving the word the norm and shape of its
straight spelling, before the token-to-vector layer reads them, parses it as the straight spelling is
parsed. The text is unchanged: offsets and what is shown keep the apostrophe as written.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

TYPOGRAPHIC = "\u2019\u02bc"  # right single quotation mark, modifier letter apostrophe
# An apostrophe between two letters: in a name or a word, not a closing quotation mark or a clitic (`’s`).
INSIDE_A_WORD = re.compile(rf"(?<=[^\W\d_])[{TYPOGRAPHIC}](?=[^\W\d_])")


class ApostropheNormaliser:
    """Sets each word with a typographic apostrophe inside it to the norm and shape of its straight spelling
    (on the vocabulary's entry: the same for every document, and done once per word)."""

    def __call__(self, doc: Doc) -> Doc:
        vocab = doc.vocab
        for token in doc:
            if not INSIDE_A_WORD.search(token.text):
                continue
            straight = vocab[INSIDE_A_WORD.sub("'", token.text)]
            lexeme = vocab[token.text]
            if lexeme.norm_ != straight.norm_ or lexeme.shape_ != straight.shape_:
                lexeme.norm_, lexeme.shape_ = straight.norm_, straight.shape_
        return doc
