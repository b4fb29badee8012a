"""Citation marks written as text: DOIs, PMIDs, URLs, arXiv ids, author-year and numbered markers."""

from __future__ import annotations

import re

from checks.citation_cue import WORD, Cue, by_position, fold_lower, normalise

YEAR = r"(?:19|20)\d{2}[a-z]?"
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
           "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Spring|Summer|Autumn|Fall|Winter")
_AUTHOR = rf"(?!(?:{_MONTHS}|In|Since|Until|By|From|Before|After|The)\b)[A-Z][\w'-]+"
_AUTHOR_GROUP = rf"{_AUTHOR}(?:\s+et\s+al\.?|\s+(?:and|&)\s+{_AUTHOR})?"
_AUTHOR_YEAR = re.compile(
    rf"\(\s*(?:see\s+)?{_AUTHOR_GROUP},?\s+{YEAR}(?:\s*[;,]\s*[^)]*)?\)|{_AUTHOR_GROUP}\s+\({YEAR}\)")
_TEXT_MARKS = (
    ("doi", re.compile(r"(?<![\w/])(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?10\.\d{4,9}/[^\s)\]>,;]+", re.I)),
    ("pmid", re.compile(r"\b(?:PMID:?\s*\d{5,9}|PMC\d{5,9})\b")),
    ("url", re.compile(r"\bhttps?://[^\s)>\]]+|\bwww\.[\w-]+\.[\w.-]+[^\s)>\]]*", re.I)),
    ("arxiv", re.compile(r"\barXiv:\s*\d{4}\.\d{4,5}", re.I)),
)
_MARK_HINT = re.compile(r"10\.\d|PMID|PMC\d|https?:|www\.|arxiv", re.I)
_YEAR_HINT = re.compile(r"(?:19|20)\d\d")
_BRACKET_DIGIT = re.compile(r"[(\[]\s*\d")
_SUPERSCRIPT_DIGIT = re.compile("[¹²³⁴⁵⁶⁷⁸⁹⁰]")

_NUM_PAREN = re.compile(r"\((\d{1,3}(?:\s*,\s*\d{1,3})+|\d{1,3}\s*[-–]\s*\d{1,3})\)(?=\s*(?:[.,;:!?]|$))")
_NUM_BRACKET = re.compile(r"(?<!\^)\[(\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)\](?![(\[:])")
_SUPERSCRIPT = re.compile(r"(?<=[^\s\d])[¹²³⁴⁵⁶⁷⁸⁹⁰]+(?:[,–-][¹²³⁴⁵⁶⁷⁸⁹⁰]+)*")
_SCALE_WORDS = frozenset({"from", "to", "between", "score", "scored", "scale", "grade", "grades", "stage", "stages",
                          "level", "levels", "type", "types", "age", "ages", "aged", "step", "steps", "phase", "phases",
                          "day", "days", "week", "weeks", "month", "months", "year", "years", "hour", "hours", "item",
                          "items", "option", "options", "question", "questions", "rated", "range", "ranges", "points"})


def text_citations(sentence: str) -> tuple[Cue, ...]:
    """Locators written as text: DOIs, PMIDs, URLs, arXiv ids (author-year and numbers are separate)."""
    text = normalise(sentence)
    if not _may_hold_mark(text) or not _MARK_HINT.search(text):
        return ()
    return by_position(Cue(kind, m.start(), m.end(), m.group(0))
                       for kind, rx in _TEXT_MARKS for m in rx.finditer(text))


def _may_hold_mark(text: str) -> bool:
    """Whether ``_MARK_HINT`` can match: it needs "10." or, in any case, "pm", "http", "www." or "arxiv"."""
    if "10." in text:
        return True
    low = fold_lower(text)
    return "pm" in low or "http" in low or "www." in low or "arxiv" in low


def may_hold_author_year(text: str) -> bool:
    """Both author-year forms hold a bracket and a year (normalising apostrophes changes neither)."""
    return "(" in text and ("19" in text or "20" in text) and bool(_YEAR_HINT.search(text))


def author_year_marks(sentence: str) -> list[Cue]:
    if not may_hold_author_year(sentence):  # as of the normalised text
        return []
    return [Cue("author-year", m.start(), m.end(), m.group(0)) for m in _AUTHOR_YEAR.finditer(normalise(sentence))]


def _citation_like(text: str, m: re.Match[str]) -> bool:
    """A parenthesised number list reads as citations, not a scale or a range ("scored (0-10)")."""
    if not text.startswith("("):
        return True
    nums = [int(n) for n in re.findall(r"\d+", text)]
    if nums[0] == 0 or nums != sorted(nums):
        return False
    before = WORD.findall(m.string[:m.start()])
    return not before or not (before[-1].isdigit() or before[-1].lower() in _SCALE_WORDS)


def may_hold_numbers(text: str) -> bool:
    """A bracket before a digit, or a superscript digit: every marker holds one."""
    if ("(" in text or "[" in text) and _BRACKET_DIGIT.search(text):
        return True
    return not text.isascii() and bool(_SUPERSCRIPT_DIGIT.search(text))


def numbered_marks(text: str) -> tuple[Cue, ...]:
    """Vancouver-style markers: "(1, 2)", "(3-5)", "[1]", "[1, 2]", superscript digits."""
    if not may_hold_numbers(text):
        return ()
    return by_position(Cue("numbered", m.start(), m.end(), m.group(0))
                       for rx in (_NUM_PAREN, _NUM_BRACKET, _SUPERSCRIPT)
                       for m in rx.finditer(text) if _citation_like(m.group(0), m))
