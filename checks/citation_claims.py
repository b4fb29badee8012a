"""Unsupported claims (CIT002, CIT003): study results, animal results and statistics with no citation in
their paragraph, and weasel attributions ("studies show", "experts say") that name no source.

The cue finders here know words, not documents; ``check_claim`` judges a sentence's strongest cue.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from checks.citation_cue import WORD, Cue, Sentence
from checks.citation_lexicon import Lexicon
from checks.citation_page import BlockState, Page
from checks.citation_report import Span, clip, emit
from checks.context import CheckContext
from checks.document import TextBlock

CLAIM_SETS = ("study", "animal", "weasel", "statistic")
_MODALS = frozenset({"would", "could", "should", "might", "may", "can", "will", "must", "wouldn't", "couldn't",
                     "shouldn't", "won't", "can't"})
_CONDITIONALS = frozenset({"if", "unless", "whether", "suppose", "supposing", "once"})
_COUNTED = frozenset({"few", "little"})  # negative alone ("few studies"), not in "a few", "the past few"
_COUNTERS = frozenset({"a", "the", "past", "last", "next", "first", "quite"})
_FINITE_BE = re.compile(r"\b(?:was|were|is|are|been|be|being|has|have|had)\s+\S+$", re.I)
_LEAD = re.compile(r"^(?:[\"“'(]\s*)?(?:(?:and|but|so|also|then|now|first|second|third|finally|still|again|"
                   r"overall|however|realistically|obviously)\b,?\s+)*", re.I)
# a frame's closing preposition is not part of what the finding underlines ("in one study of")
_FRAME_TAIL = re.compile(r"(?:\s+(?:of|by|from|with|among|involving|on|published|conducted|at|led|including|across|"
                         r"comparing|in))?[\s,]*$", re.I)
_PERSONAL = re.compile(r"\b(?:your|you|my|our|his|her)\b", re.I)
_HYPOTHETICAL = re.compile(r"^(?:\S+\s+){0,8}?(?:would|could|might|should)\b", re.I)
_BAND = re.compile(r"^1\s+(?:in|out\s+of)\s+10*(?:,000)*\b")
_BAND_CONTEXT = re.compile(r"\b(?:side effects?|common|uncommon|rare|rarely|frequency|affects?|happen)\b", re.I)
# "a review report", "a study finding": a base form or -ing right after a singular noun is a noun
_BASE_AFTER_NOUN = re.compile(r"\b(?:study|trial|review|survey|analysis|poll|paper|report|experiment|RCT)\s+"
                              r"(?:find|show|suggest|demonstrate|report|conclude|rank|reveal|indicate|confirm|prove|"
                              r"establish|estimate|observe|discover|\w+ing)$", re.I)

_CLAIM_CODES = {"study": "CIT002", "animal": "CIT002", "statistic": "CIT002", "weasel": "CIT003"}
_CLAIM_MESSAGES = {
    "study": ("study result with no citation in its paragraph: \"{}\"",
              "link the study (DOI, PubMed or journal page) in this sentence or paragraph"),
    "animal": ("animal or laboratory result with no citation in its paragraph: \"{}\"",
               "link the study this result comes from"),
    "statistic": ("statistic with no citation in its paragraph: \"{}\"",
                  "link the source of the figure in this sentence or paragraph"),
    "weasel": ("unsupported attribution \"{}\": no source is named or linked in its paragraph",
               "name the studies or experts and link them, or state the claim as your own view"),
}


# --- the claims in one sentence -----------------------------------------------------------

def find_claims(lex: Lexicon, sent: Sentence) -> list[Cue]:
    """Claim cues of every set, in set order then position; overlapping repeats removed."""
    text = sent.text
    out: list[Cue] = []
    triggered = lex.triggered_sets(sent)
    for kind in CLAIM_SETS:
        for rx in triggered[kind]:
            for m in rx.finditer(text):
                a, b = m.start(), m.end()
                b = a + len(_FRAME_TAIL.sub("", text[a:b]))
                if b <= a or _blocked(lex, text, a, b) or _not_a_claim(lex, kind, sent, a, b):
                    continue
                if any(c.kind == kind and c.start < b and a < c.end for c in out):
                    continue
                out.append(Cue(kind, a, b, sent.raw[a:b]))
    return out


def _words_before(text: str, pos: int, n: int) -> list[str]:
    return [w.lower() for w in WORD.findall(text[:pos])][-n:]


def _blocked(lex: Lexicon, text: str, start: int, end: int) -> bool:
    """A match negated, made hypothetical, or a participle ("effects reported by users")."""
    before = _words_before(text, start, 5)
    negators = lex.words("negators")
    for i in range(max(1, len(before) - 3), len(before)):
        if before[i] in negators and not (before[i] in _COUNTED and before[i - 1] in _COUNTERS):
            return True
    if before and before[0] in negators and len(before) <= 3:
        return True
    if before and before[-1] in _MODALS:
        return True
    if set(before) & _CONDITIONALS:
        return True
    return bool(re.match(r"\s+by\b", text[end:], re.I)) and not _FINITE_BE.search(text[start:end])


def _not_a_claim(lex: Lexicon, kind: str, sent: Sentence, a: int, b: int) -> bool:
    """Study words about the reader ("a review of your medicines"), a hypothetical study, a leaflet's
    frequency band ("affects up to 1 in 10 people")."""
    text = sent.text
    span = text[a:b]
    if kind == "study":
        # "participation": a trial's own information sheet ("you will", "take part")
        if _PERSONAL.search(span) or _BASE_AFTER_NOUN.search(span) or lex.search_phrases("participation", sent):
            return True
        return span.lower().startswith("in ") and bool(_HYPOTHETICAL.match(text[b:]))
    if kind == "statistic" and _BAND.match(span):
        return bool(_BAND_CONTEXT.search(text))
    return False


def sentence_mode(lex: Lexicon, sent: Sentence) -> str | None:
    """Why a sentence makes no claim of its own: a question, condition, instruction or opinion."""
    text = sent.text.strip()
    if text.rstrip(" )\"'”").endswith("?"):
        return "question"
    body = text[_LEAD.match(text).end():]  # type: ignore[union-attr]
    if lex.phrases("conditional_starters").match(body):
        return "conditional"
    first = WORD.match(body)
    if first and first.group(0).lower() in lex.words("imperative_starters"):
        return "imperative"
    if lex.may_match("opinion_markers", sent) and lex.phrases("opinion_markers").search(text):
        return "opinion"
    return None


def _first_person_before(lex: Lexicon, sent: Sentence, pos: int) -> bool:
    return bool(set(_words_before(sent.text, pos, 1000)) & lex.words("first_person"))


def _is_definition(lex: Lexicon, sent: Sentence) -> bool:
    return bool(lex.phrases("definition_markers").search(sent.text))


# --- judged against the paragraph ------------------------------------------------------------

def check_claim(page: Page, ctx: CheckContext, block: TextBlock, state: BlockState, span: Span,
                covered: Callable[[], bool]) -> None:
    """Report the sentence's claim unless the paragraph is ``covered`` (asked last: it looks around the page)."""
    s, e = span
    cue = _claim(page.lex, page.sentence(block, s, e))
    if cue is None or (cue.kind == "statistic" and state.source_flagged):
        return
    a, b = s + cue.start, s + cue.end
    if block.in_code(a, b) or covered():
        return
    message, suggestion = _CLAIM_MESSAGES[cue.kind]
    emit(ctx, block, _CLAIM_CODES[cue.kind], a, b, message.format(clip(cue.text, 60)), suggestion)
    if cue.kind != "statistic":
        state.source_flagged = True


def _claim(lex: Lexicon, sent: Sentence) -> Cue | None:
    """The sentence's strongest claim cue, unless it asks, instructs, supposes or gives an opinion."""
    cues = find_claims(lex, sent)  # first: most sentences have none, and then the mode does not matter
    if not cues or sentence_mode(lex, sent) is not None:
        return None
    for cue in cues:  # already in order of strength: study, animal, weasel, statistic
        if _first_person_before(lex, sent, cue.start):
            continue
        if cue.kind == "statistic" and _is_definition(lex, sent):
            continue
        return cue
    return None
