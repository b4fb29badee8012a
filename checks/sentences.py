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
# Terminal punctuation (and closing quotes or brackets) followed by whitespace and a possible sentence
# start: an upper-case letter, a digit or a non-word character, optionally after opening quotes. A
# non-word character is never alphanumeric (re's \w is str.isalnum() plus "_"), so every hit is a
# boundary unless an abbreviation precedes its full stop. It runs on the text with "!", "?" and "…"
# read as "." (see ``_as_stops``): opening with a literal, the pattern is searched for much faster than
# one opening with a character class, and the rest of it treats the four alike (each is \W).
_BOUNDARY = re.compile(r"\.\.*[\"'”’)\]]*(?=\s+[\"'“‘(\[]*(?:[A-Z0-9¿¡]|\W))")


def _as_stops(text: str) -> str:
    """``text`` with every "!", "?" and "…" replaced by "." (same length, same offsets)."""
    return text.replace("!", ".").replace("?", ".").replace("…", ".")


_SPACES = re.compile(r"\s*")
# The run of word characters and dots before a full stop, read backwards in the reversed text (a
# forward search would rescan the block for every full stop); a newline just before the stop is skipped.
_WORD_BEFORE = re.compile(r"\n?([\w.]*)")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return [start, end) ranges of the sentences of ``text``, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = _skip_spaces(text, 0)
    rev = ""
    for m in _BOUNDARY.finditer(_as_stops(text)):
        dot = m.start()
        if text[dot] == ".":
            rev = rev or text[::-1]
            if _is_abbreviation(text, rev, dot, start):
                continue
        # start <= dot < end, and the boundary ends in punctuation: nothing to trim
        end = m.end()
        spans.append((start, end))
        start = _skip_spaces(text, end)
    end = len(text.rstrip())
    if end > start:
        spans.append((start, end))
    return spans


def _skip_spaces(text: str, i: int) -> int:
    """The first offset at or after ``i`` that is not whitespace (or the end)."""
    m = _SPACES.match(text, i)
    return m.end() if m else i


def _is_abbreviation(text: str, rev: str, dot: int, sentence_start: int) -> bool:
    """Whether the full stop at ``dot`` ends an abbreviation or a number rather than a sentence.

    ``rev`` is ``text`` reversed.
    """
    n = len(text)
    m = _WORD_BEFORE.match(rev, n - dot)
    if not m or m.start(1) == m.end(1):
        return False
    w0, w1 = n - m.end(1), n - m.start(1)  # the word's range in ``text``
    word = text[w0:w1].lower().rstrip(".")
    # a number opening the sentence is a list or section number ("1. How ...")
    if word.replace(".", "").isdigit() and text[sentence_start:w0].strip() == "":
        return True
    if word in _ABBREVIATIONS:
        return True
    # single capital initials ("J. Smith") and dotted acronyms ("U.S."), but not a unit after its
    # number ("take 1 L. Then ...")
    if len(word) == 1 and word.isalpha() and text[w0].isupper():
        return not text[sentence_start:w0].rstrip()[-1:].isdigit()
    return False
