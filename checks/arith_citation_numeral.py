"""Stray citation numerals: "In a study by Koffler and colleagues, 109 cognitive effects of ketamine ...".

A reference superscript copied as plain text lands right after the author mention. The check
reports a bare whole number of one to three digits standing directly after "<Name> and
colleagues", "<Name> et al." (a comma or a space between) when what follows is a lower-case
word and the reader found no unit or counted noun for the number ("45 patients", "12 weeks"
are counts and durations, not citations).
"""

from __future__ import annotations

import re

from checks.arith_model import PageModel
from checks.arith_outcome import Outcome

_AUTHOR_THEN_NUMBER = re.compile(
    r"(?P<who>\b[A-Z][\w’'-]+(?:[^\S\n]+(?:and|&)[^\S\n]+(?:colleagues|co-?workers|co-?authors|associates|team)"
    r"|[^\S\n]+et[^\S\n]+al\.?))(?:,[^\S\n]?|[^\S\n])(?P<num>[0-9]{1,3})"
    r"(?=[^\S\n]+(?!(?:of|to|and|or|in|out|per|times|more|fewer|less|other|years?|months?|weeks?|days?)\b)[a-z])")
# Every match of the pattern above contains "et al" or one of the group words: a sentence without any is skipped.
_ET_AL = re.compile(r"et[^\S\n]+al")
_GROUP_WORDS = ("colleagues", "workers", "authors", "associates", "team")


def _cued(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` has "et al" or a group word (a match in that range has one)."""
    sentence = text[start:end]
    return any(w in sentence for w in _GROUP_WORDS) or ("et" in sentence and _ET_AL.search(sentence) is not None)


def find_stray_numerals(model: PageModel) -> list[Outcome]:
    out = []
    for s in model.sentences:
        if not s.items:
            continue                    # the numeral must be an item of the sentence
        text = model.block_text(s.block)
        if not _cued(text, s.start, s.end):
            continue
        for m in _AUTHOR_THEN_NUMBER.finditer(text, s.start, s.end):
            a, b = m.span("num")
            item = next((i for i in s.items if i.q.start <= a < i.q.end), None)
            if item is None or item.q.kind != "number" or item.q.high is not None:
                continue
            msg = (f"“{m.group('num')}” right after “{m.group('who')}” reads as a reference number that lost its "
                   "superscript")
            out.append(Outcome("NUM010", item, False, msg, span=model.doc.blocks[s.block].source_span(a, b)))
    return out
