"""Rule-based sentence splitting of a block's plain text."""

from __future__ import annotations

import re

# Abbreviations after which a full stop does not end a sentence (lower-cased, without the final dot).
_ABBREVIATIONS = frozenset({
    "e.g", "eg", "i.e", "ie", "etc", "vs", "al", "cf", "approx", "dr", "mr", "mrs", "ms", "prof", "st",
    "fig", "figs", "no", "vol", "p", "pp", "ed", "eds", "jr", "sr", "inc", "ltd", "co", "u.s", "u.k",
    "ca", "resp", "incl", "dept", "univ", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec",
})
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+)")
_NEXT_START = re.compile(r"\s+[\"'“‘(\[]*([A-Z0-9¿¡]|\W)")
_WORD_CHAR = re.compile(r"[\w.]")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return [start, end) ranges of the sentences of ``text``, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        nxt = _NEXT_START.match(text, end)
        if not nxt or not (nxt.group(1).isupper() or nxt.group(1).isdigit() or not nxt.group(1).isalnum()):
            continue
        if m.group(0).startswith(".") and _is_abbreviation(text, m.start(), start):
            continue
        _add(spans, text, start, end)
        start = end
    _add(spans, text, start, len(text))
    return spans


def _word_before(text: str, dot: int) -> tuple[int, int] | None:
    """[start, end) of the run of word characters and dots that ends at ``dot``, or None.

    Walks back from ``dot`` (a forward regex search would rescan the block for every full stop).
    Like ``[\\w.]+$`` searched in ``text[:dot]``, a newline just before ``dot`` is skipped.
    """
    end = dot - 1 if dot > 0 and text[dot - 1] == "\n" else dot
    start = end
    while start > 0 and _WORD_CHAR.match(text, start - 1):
        start -= 1
    return (start, end) if start < end else None


def _is_abbreviation(text: str, dot: int, sentence_start: int) -> bool:
    w = _word_before(text, dot)
    if not w:
        return False
    word = text[w[0]:w[1]].lower().rstrip(".")
    # a number opening the sentence is a list or section number ("1. How ...")
    if text[sentence_start:w[0]].strip() == "" and word.replace(".", "").isdigit():
        return True
    if word in _ABBREVIATIONS:
        return True
    # single capital initials ("J. Smith") and dotted acronyms ("U.S."), but not a unit after its
    # number ("take 1 L. Then ...")
    if len(word) == 1 and word.isalpha() and text[w[0]].isupper():
        return not text[sentence_start:w[0]].rstrip()[-1:].isdigit()
    return False


def _add(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
