"""What a cue reports: the rules that find its content, from the parse and from the quotations around it.

Each rule takes the cue verb and returns the token or character span of the content, or None when it does
not apply; `quotetrack.nlp.candidates` tries them in order. Spans cut from the parse end before a closing
gloss or aside, which is the reporter's (`..., a plan he has since modified`).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from quotetrack.nlp.cues import ASPECTUAL_VERBS, INFINITIVE_CONTENT_VERBS, SPEECH_VERBS, cue_lemma
from quotetrack.nlp.nesting import CONCESSIVE_MARKERS
from quotetrack.nlp.quotation_marks import Quotation, follows_sentence_end
from quotetrack.nlp.subjects import SETTING_ENTITIES, SUBJECT_DEPS, reporters_conjunct
from quotetrack.nlp.text_geometry import TextGeometry, only_joiners

# A relative clause these open, set off by a comma at the end of the content, glosses it (`a win in Texas,
# which votes in March`); one opened by `where` or `when` often goes on with what was said.
GLOSS_PRONOUNS = {"which", "who", "whom", "whose"}
# Prepositions that complete an object cue: `accused X of`, `criticized X for`, `described X as`.
OBJECT_PREPOSITIONS = {"for", "of", "as"}
# Occasions on which something is said: `at a news conference`, `during a hearing`, `at the rally`.
OCCASIONS = frozenset("conference briefing hearing rally meeting summit event debate session".split())
# Words describing a speaker between a quotation and the cue clause the parser found (`Spotify chief
# executive`).
MAX_DESCRIPTION_WORDS = 5
# An adverbial clause these open, after the content, says why or on what terms: it belongs to the content.
CONDITION_MARKERS = {"because", "if", "unless"}


def clause_bounds(text: TextGeometry, verb: Token, speaker: Span | None) -> tuple[int, int]:
    """Character bounds of the cue clause: the verb, its auxiliaries and its subject mention."""
    tokens = [verb] + [
        t
        for t in verb.children
        if t.dep_ in ("aux", "auxpass", "neg", "advmod", "prt") and not text.inside[t.idx]
    ]
    starts = [t.idx for t in tokens] + ([speaker.start_char] if speaker is not None else [])
    ends = [t.idx + len(t.text) for t in tokens] + ([speaker.end_char] if speaker is not None else [])
    return min(starts), max(ends)


# Where something was said: `said in a statement that ...`, `wrote on Twitter that ...`.
MEDIA = frozenset(
    "statement interview letter post email filing speech release tweet message video note op-ed".split()
)


def clause_content(text: TextGeometry, verb: Token, lemma: str) -> tuple[int, int] | None:
    """`said (that) the port would reopen`, `promised to act`: the clause the cue governs."""
    deps = ("ccomp",) + (("xcomp",) if lemma in INFINITIVE_CONTENT_VERBS else ())
    # Of two reported clauses, the nearer (`A, Kall said: “B”` and `The union praised X: “B,” the union
    # wrote` report B), but the first when it is quoted: the quote goes on after the cue (`“A,” she
    # wrote, “and B.”`).
    clauses = sorted((t for t in verb.children if t.dep_ in deps), key=lambda t: t.i)
    if clauses and text.inside[clauses[0].idx]:
        clause = clauses[0]
    else:
        clause = min(clauses, key=lambda t: (_gap(verb, t), t.i < verb.i), default=None)  # a tie: the later
    if clause is None and lemma in SPEECH_VERBS and lemma not in ASPECTUAL_VERBS:
        # `proposed taxing carbon`, `said seeing police there was welcome` (a gerund subject the parser
        # took for a complement of the cue)
        clause = next((t for t in verb.children if t.dep_ == "xcomp" and t.tag_ == "VBG"), None)
    if clause is None and lemma in SPEECH_VERBS:
        clause = _clause_on_the_medium(verb) or _complement_taken_for_relative(verb)
    if clause is None:
        # `the military authorities added` with the reported clause parsed as the head's ccomp sibling
        return None
    end = before_trailing_aside(text, clause)
    joined = next((t for t in clause.rights if reporters_conjunct(t)), None)
    if joined is not None:  # `said she had made mistakes but denied ...`: the cue's own, not the content
        end = joined.left_edge.i
        while end - 1 > clause.i and text.doc[end - 1].dep_ in ("cc", "punct"):
            end -= 1
    for condition in _conditions(verb, clause):
        end = max(end, condition.right_edge.i + 1)
    if clause.i > verb.i:
        # `said she had seen the emails, and that talk of dissent masked ...`: the parser hangs a second
        # reported clause on the cue, as its complement or (`wrote that A and that B`) its conjunct
        later = [
            t
            for t in verb.rights
            if t.i > clause.i and (t.dep_ == "ccomp" or t.dep_ == "conj" and _introduced_by_that(t))
        ]
        if later:
            end = max(end, before_trailing_aside(text, later[-1]))
    start = after_cue_adjuncts(text, verb, clause)
    subjectless = not any(t.dep_ in SUBJECT_DEPS for t in clause.children)
    if verb.dep_ == "relcl" and clause.i > verb.i and subjectless and verb.head.pos_ in ("NOUN", "PRON"):
        # `a probe the agency said was ongoing`: what the noun is said to be or do
        return text.trim(verb.head.left_edge.i, end)
    if clause.i > verb.i and subjectless:
        # `said their networks, once all men, were now mostly women`, `said her memoir, “The Salt Years”,
        # was the hardest`: the clause's subject hung on the cue, as its object or a second subject
        subject = next((t for t in verb.rights if t.dep_ in ("dobj", "nsubj") and t.i < clause.i), None)
        if subject is not None:
            start = min(start, subject.left_edge.i)
    return text.trim(start, end)


def after_cue_adjuncts(text: TextGeometry, verb: Token, clause: Token) -> int:
    """Where a reported clause after its cue begins, without the time, place or medium that opens it
    when no `that` marks where the report starts: `said on Thursday it would cut jobs` and `said in a
    statement it would` report `it would cut jobs` (the parser hangs the phrase on either verb)."""
    start = clause.left_edge.i
    subject = next((t for t in clause.children if t.dep_ in SUBJECT_DEPS), None)
    if clause.i < verb.i or subject is None or any(t.dep_ == "mark" for t in clause.children):
        return start
    openers = sorted((t for t in clause.children if t.i < subject.i), key=lambda t: t.i)
    for opener in openers:
        if opener.left_edge.i != start or not _placing_phrase(opener):
            break
        start = opener.right_edge.i + 1
    return start if not text.inside[text.doc[start].idx] else clause.left_edge.i


def _placing_phrase(token: Token) -> bool:
    """`on Thursday`, `in Brussels`, `in a statement`, `last week`: when or where a statement was made."""
    if token.dep_ == "prep":
        return is_setting(token) or any(
            t.dep_ == "pobj" and t.lemma_.lower() in MEDIA for t in token.children
        )
    return token.dep_ in ("npadvmod", "advmod") and token.ent_type_ in ("DATE", "TIME")


def _clause_on_the_medium(verb: Token) -> Token | None:
    """`said in a statement that inflation had eased`: the parser hangs the `that` clause on the noun
    saying where it was said."""
    for prep in verb.rights:
        if prep.dep_ != "prep" or prep.lower_ not in ("in", "on"):
            continue
        for medium in prep.children:
            if medium.dep_ != "pobj" or medium.lemma_.lower() not in MEDIA:
                continue
            clause = next((t for t in medium.rights if t.dep_ in ("acl", "relcl", "ccomp")), None)
            if clause is not None and _introduced_by_that(clause):
                return clause
    return None


def before_trailing_aside(text: TextGeometry, head: Token) -> int:
    """Where `head`'s phrase ends without a closing gloss: a noun phrase, relative clause or participle
    set off by a comma or dash at the end (`his plan to ban imports, a plan he has since modified`, `a win
    in Texas, which votes in March`, `asked them to stay calm — a plea few heeded`, `turnout rose, putting
    the city ahead`) is the reporter's; a participle that quotes the speaker goes on with the report."""
    end = head.right_edge.i + 1
    for token in head.subtree:
        relative = token.dep_ == "relcl" and token.left_edge.lower_ in GLOSS_PRONOUNS
        participle = token.dep_ == "advcl" and token.tag_ == "VBG" and token.left_edge.i == token.i
        participle = participle and not any(text.inside[t.idx] for t in token.subtree)
        concession = token.dep_ == "advcl" and any(
            t.dep_ == "mark" and t.lower_ in CONCESSIVE_MARKERS for t in token.children
        )
        gloss = token.dep_ == "appos" or relative or participle or concession
        if gloss and token.left_edge.i > head.i and token.right_edge.i + 1 >= end - 1:
            first = token.left_edge  # the parser may hang the comma on the gloss itself
            mark = first if first.is_punct else text.doc[first.i - 1]
            if mark.text in (",", "—", "–") and not text.inside[mark.idx]:
                return mark.i
    return end


def object_content(text: TextGeometry, verb: Token, infinitive_only: bool = False) -> tuple[int, int] | None:
    """`denied any talks`, `called the plan “a disaster”`, `criticized Clinton for ...`: the object and
    what completes it; with `infinitive_only`, only when an infinitive completes it (`told supporters to
    vote`)."""
    obj = next((t for t in verb.children if t.dep_ == "dobj"), None)
    if obj is None or (obj.pos_ == "PRON" and not any(t.dep_ in ("oprd", "xcomp") for t in verb.rights)):
        return None
    completed = any(t.i > obj.i and (t.dep_ == "xcomp" or _infinitive(t)) for t in verb.rights)
    if infinitive_only and not completed:
        return None
    parts = [obj] + [
        t
        for t in verb.rights
        if t.i > obj.i
        and (
            t.dep_ in ("oprd", "xcomp", "ccomp")
            or (t.dep_ == "prep" and _completes_object(t))
            or _infinitive(t)
        )
    ]
    last = max(parts, key=lambda t: t.right_edge.i)
    return text.trim(min(t.left_edge.i for t in parts), before_trailing_aside(text, last))


def prepositional_content(text: TextGeometry, verb: Token, prepositions: set[str]) -> tuple[int, int] | None:
    """`called on FEMA to review the water supply`: the preposition's object and what completes it; not
    a time or place (`spoke to reporters on Monday`)."""
    prep = next(
        (t for t in verb.rights if t.dep_ == "prep" and t.lower_ in prepositions and not is_setting(t)),
        None,
    )
    objects = [t for t in prep.children if t.dep_ in ("pobj", "pcomp")] if prep is not None else []
    if not objects:
        return None
    end = max([objects[-1].right_edge.i] + [t.right_edge.i for t in verb.rights if t.dep_ == "xcomp"])
    return text.trim(objects[0].left_edge.i, end + 1)


def adjacent_quotation(text: TextGeometry, verb: Token, speaker: Span | None) -> tuple[int, int] | None:
    """`“...,” said X`, `X said: “...”` or `X asked at a town hall, “...”`: a quotation joined to the
    cue clause by punctuation, or by a verbless phrase ending in a comma or colon."""
    clause_start, clause_end = clause_bounds(text, verb, speaker)
    q = _quotation_before(text, clause_start)
    if q is not None:
        return q.start, q.end
    following = text.opening_from(clause_end)
    if not following:
        return None
    q = following[0]
    between = text.text[clause_end : q.open_at]
    if text.text[q.close_at - 1] == "," and (any(mark in between for mark in ".!?") or text.runs_on_after(q)):
        # `Dunn declined to comment. “We are sorry,” the company said`, `Ruiz praised the law: “...,” the
        # union wrote`: the quotation's own cue follows it
        return None
    if only_joiners(between) and "\n" not in between:
        return q.start, q.end
    return (q.start, q.end) if text.verbless_lead_in(clause_end, between) else None


def after_lead_in(
    text: TextGeometry, verb: Token, speaker: Span | None, content: tuple[int, int]
) -> tuple[int, int]:
    """`..., but with a caveat: “The person is one of many,” the source said`: a clause before the cue
    that runs into the quotation joined to it, after a colon or dash, is the reporter's lead-in."""
    clause_start = clause_bounds(text, verb, speaker)[0]
    q = _quotation_before(text, clause_start)
    if q is None or content[1] > clause_start or not content[0] < q.open_at < content[1]:
        return content
    lead_in = text.text[content[0] : q.open_at].rstrip().rstrip("'")
    return (q.start, q.end) if lead_in.endswith((":", "—", "–", " -", "--")) else content


def before_speaker_description(
    text: TextGeometry, speaker: Span | None, content: tuple[int, int]
) -> tuple[int, int]:
    """`“We will achieve justice,” Tulsa police Chief Chuck Jordan said`: a reported clause the parser ran
    past its closing quotation mark into the words that describe the speaker ends with the quotation."""
    q = text.closing_before(speaker.start_char) if speaker is not None else None
    if q is None or not content[0] <= q.start < q.close_at < content[1] <= speaker.start_char:
        return content
    if text.text[q.close_at - 1] != "," or not speaker_description(text, q.close_at + 1, speaker.start_char):
        return content
    return content[0], q.close_at + 1


def split_quotation_start(
    text: TextGeometry, verb: Token, speaker: Span | None, content: tuple[int, int]
) -> tuple[int, int]:
    """`“Now that I can speak,” he told the host, “it was hard”`: quoted content after the cue begins
    with the quotation that ends in a comma just before the cue clause (the parser may not hang it on
    the cue)."""
    clause_start, clause_end = clause_bounds(text, verb, speaker)
    q = _quotation_before(text, clause_start)
    first = content[0] + (1 if content[0] in text.open_marks else 0)
    if q is None or content[0] < clause_end or not text.inside[first] or text.text[q.close_at - 1] != ",":
        return content
    return q.start, content[1]


def _quotation_before(text: TextGeometry, clause_start: int) -> Quotation | None:
    """The quotation closing last before a cue clause, when only punctuation on the same line stands
    between them (`“...,” said X`), or, after a quotation that ends in a comma, the words that describe
    the speaker before the parser's subject (`“...,” Spotify chief executive Daniel Ek wrote`)."""
    q = text.closing_before(clause_start)
    if q is None:
        return None
    between = text.text[q.close_at : clause_start]
    if "\n" in between:
        return None
    if only_joiners(between):
        if any(mark in between for mark in ".!?") and not follows_sentence_end(text.text, q.open_at):
            return None  # `X said it was “a scandal”. He accused ...`: the end of X's sentence
        return q
    if text.text[q.close_at - 1] == "," and speaker_description(text, q.close_at + 1, clause_start):
        return q
    return None


def speaker_description(text: TextGeometry, start: int, end: int) -> bool:
    """A few words that can only describe who speaks: nouns, adjectives and capitalised words, nothing
    quoted, no punctuation (`Spotify chief executive`, whatever the parser made of `Spotify`)."""
    words = text.doc.char_span(start, end, alignment_mode="contract")
    if words is None or not 0 < len(words) <= MAX_DESCRIPTION_WORDS:
        return False
    return all(
        not (t.is_punct or text.inside[t.idx]) and (t.pos_ in ("NOUN", "PROPN", "ADJ") or t.is_title)
        for t in words
        if not t.is_space
    )


def host_clause(text: TextGeometry, verb: Token, speaker: Span | None) -> tuple[int, int] | None:
    """`This campaign, he says, is different`: a cue inserted in the clause it reports."""
    if verb.dep_ != "parataxis" or speaker is None:
        return None
    host = verb.head
    start = host.left_edge.i
    lead = text.doc[start : verb.left_edge.i]
    if lead and all(t.is_punct or t.dep_ == "cc" for t in lead):
        start = verb.right_edge.i + 1  # `And yet, he says, ...`: the connective is the reporter's
    return text.trim(start, before_trailing_aside(text, host))


def preceding_clause(text: TextGeometry, verb: Token, speaker: Span | None) -> tuple[int, int] | None:
    """`..., the military authorities added.`: the clause is everything before the cue clause."""
    if speaker is None or verb.dep_ != "ROOT":
        return None
    sentence = verb.sent
    clause_start, clause_end = clause_bounds(text, verb, speaker)
    tail = text.text[clause_end : sentence.end_char].strip()
    head = text.text[sentence.start_char : clause_start].rstrip()
    if not head.endswith(",") or len(tail) > 2:
        return None
    first = sentence.start
    last = text.doc.char_span(sentence.start_char, clause_start, alignment_mode="contract")
    if last is None or len(last) < 4:
        return None
    return text.trim(first, last.end)


def continue_split_quotation(text: TextGeometry, verb: Token, clause_end: int, end: int) -> int:
    """`“...,” he said, “...”`, `“...,” he said. “...”` or `“...,” said X, a lawyer in Ohio. “...”`: the
    next quotation continues the same quote when only punctuation or the rest of the cue's own sentence
    stands between; so it does after reported words (`It is open, he said. “...”`), and in the next
    paragraph when the cue's sentence ends its paragraph and the quotation fills the next one."""
    for q in text.opening_from(clause_end):
        lead, newline, gap = text.text[clause_end : q.open_at].partition("\n")
        if gap.replace("'", " ").strip() or (newline and not text.fills_paragraph(q)):
            return end
        if text.text[q.close_at - 1] == ",":
            return end  # `“No thanks,” he added`: a quotation with a cue of its own
        # `“You squeezed them” to drive up the price, she said`: words of another sentence, not a quote
        goes_on = not text.runs_on_after(q)
        if only_joiners(lead) or text.verbless_lead_in(clause_end, lead):
            return q.end if goes_on else end
        if not lead.replace("'", " ").rstrip().endswith((".", "!", "?")):
            continue  # a quotation inside the cue's sentence (`after hinting that “changes” could come.`)
        tokens = text.doc.char_span(clause_end, clause_end + len(lead), alignment_mode="contract") or []
        same_sentence = all(t.sent == verb.sent for t in tokens if not (t.is_punct or t.is_space))
        return q.end if same_sentence and goes_on else end
    return end


def over_speaker_gloss(text: TextGeometry, verb: Token, speaker: Span | None, clause_end: int) -> int:
    """`“...,” said Jim Carter, whose daughter died in the collapse, “...”`: after the cue, the speaker's
    gloss (a relative clause, an apposition) is part of the cue clause, so the quote goes on after it."""
    if speaker is None or speaker.start_char < verb.idx:
        return clause_end
    gloss = [t for t in speaker.root.subtree if t.i >= speaker.end]
    if not gloss or any(text.inside[t.idx] for t in gloss):
        return clause_end
    last = gloss[-1]
    return max(clause_end, last.idx + len(last.text))


def continue_parenthetical(
    text: TextGeometry, verb: Token, cue_lemmas: frozenset[str], clause_end: int, end: int
) -> int:
    """`The emails were on many topics, the Times said, including speeches`: the sentence goes on."""
    sentence = verb.sent
    subject = next((t for t in verb.children if t.dep_ in SUBJECT_DEPS), None)
    if subject is not None and subject.i > verb.i:  # `..., said X, a lawyer in Ohio.`: X's gloss
        clause_end = max(clause_end, subject.right_edge.idx + len(subject.right_edge.text))
    rest = text.text[clause_end : sentence.end_char]
    if not rest.startswith(",") or len(rest.split()) < 3:
        return end
    following = text.doc.char_span(clause_end, sentence.end_char, alignment_mode="contract")
    first = next((t for t in following or [] if not t.is_punct), None)
    reports = first is not None and first.head == verb and first.dep_ == "advcl"
    if reports and cue_lemma(first) in cue_lemmas:
        return end  # `..., an official said, adding that ...`: a report of its own
    trimmed = text.trim(verb.i + 1, sentence.end)
    return trimmed[1] if trimmed else end


def _complement_taken_for_relative(verb: Token) -> Token | None:
    """`told a meeting of leaders that few people understood ...`: a clause the parser hung on the object
    as a relative clause, though `that` only introduces it (a relative `that` is its subject or object)."""
    for obj in (t for t in verb.children if t.dep_ == "dobj"):
        for t in obj.subtree:
            if (
                t.dep_ == "relcl"
                and _introduced_by_that(t)
                and any(c.dep_ in SUBJECT_DEPS for c in t.children)
            ):
                return t
    return None


def _introduced_by_that(clause: Token) -> bool:
    """A clause opened by the complementiser `that` (`... that inflation had eased`)."""
    return any(t.dep_ == "mark" and t.lower_ == "that" for t in clause.children)


def _gap(verb: Token, clause: Token) -> int:
    """Tokens between a cue and a clause it governs."""
    return clause.left_edge.i - verb.i if clause.i > verb.i else verb.i - clause.right_edge.i


def is_setting(prep: Token) -> bool:
    """`on Monday`, `in Brussels`, `at a news conference`: a prepositional phrase placing the statement
    in time or space, or on an occasion."""
    return any(
        t.dep_ == "pobj" and (t.ent_type_ in SETTING_ENTITIES or t.lemma_.lower() in OCCASIONS)
        for t in prep.children
    )


def _completes_object(prep: Token) -> bool:
    """`for accepting donations`, `in its war effort`, `in backing the war`: yes; `on Tuesday`, `in Brussels`:
    no."""
    if prep.lower_ in OBJECT_PREPOSITIONS:
        return True
    return any(t.dep_ in ("pobj", "pcomp") for t in prep.children) and not is_setting(prep)


def _conditions(verb: Token, clause: Token) -> list[Token]:
    """Clauses after the content that the parser hung on the cue but that qualify what was said: `said she
    would go, because ...`, `promised to act should he win`."""
    return [
        t
        for t in verb.rights
        if t.dep_ == "advcl"
        and t.i > clause.i
        and (
            any(m.dep_ == "mark" and m.lower_ in CONDITION_MARKERS for m in t.children)
            or (t.left_edge.lower_ == "should" and t.left_edge.dep_ == "aux")
        )
    ]


def _infinitive(clause: Token) -> bool:
    """`called on Smith to resign` with `to resign` hung on the cue as an adverbial clause."""
    return clause.dep_ == "advcl" and clause.left_edge.lower_ == "to" and clause.left_edge.dep_ == "aux"
