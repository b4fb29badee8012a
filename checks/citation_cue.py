"""A cue (a phrase matched in one sentence) and the text helpers every citation cue finder shares."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from checks.casefold import IGNORECASE_PARTNERS

WORD = re.compile(r"\w+(?:'\w+)*")  # apostrophes inside a word ("don't"), not quotes around it
_TOKEN = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")
# those of the characters re.IGNORECASE matches to an ASCII letter that str.lower leaves outside ASCII
# (all but the Kelvin sign), each mapped to its letter
_FOLD_TO = {c: a for a, cs in IGNORECASE_PARTNERS.items() for c in cs if not c.lower().isascii()}
_FOLD_CHARS = "".join(_FOLD_TO)
_FOLD = str.maketrans(_FOLD_TO)


@dataclass(frozen=True)
class Cue:
    kind: str
    start: int  # range in the sentence text
    end: int
    text: str
    detail: str = ""


@dataclass(frozen=True)
class Sentence:
    """A sentence as every cue finder reads it, worked out once.

    ``tokens`` and ``marks`` feed conservative pre-filters: a case-insensitive whole-word match of an
    ASCII word in ``text`` is one of ``tokens``; ``marks`` names what a numeral or percentage needs."""

    text: str  # normalised (curly apostrophes straightened)
    low: str  # lower-cased, with the few characters re.IGNORECASE folds to ASCII folded
    words: frozenset[str]  # WORD tokens, lower-cased (what the lexicon's trigger words are read against)
    tokens: frozenset[str]  # \w+ tokens of ``low``
    marks: frozenset[str]  # DIGIT when the text holds a digit, PERCENT when also "%" or "cent"
    memo: dict[object, object] = field(default_factory=dict, compare=False, repr=False)  # per lexicon


DIGIT, PERCENT = "<digit>", "<percent>"  # not words: ``tokens`` never holds them


def fold_lower(text: str) -> str:
    """Lower-cased so that a substring test finds whatever a case-insensitive regex for an ASCII word finds."""
    return text.translate(_FOLD).lower() if _folds(text) else text.lower()


def _folds(text: str) -> bool:
    return not text.isascii() and any(c in text for c in _FOLD_CHARS)


@lru_cache(maxsize=4096)
def read_sentence(sentence: str) -> Sentence:
    """The sentence worked out for the cue finders (kept: each finder, and each pass over a page, asks)."""
    text = normalise(sentence)
    lower = text.lower()
    words = frozenset(WORD.findall(lower))
    folds = _folds(text)
    low = text.translate(_FOLD).lower() if folds else lower
    if folds:
        tokens = frozenset(_TOKEN.findall(low))
    elif "'" in text:  # WORD tokens split at their apostrophes are the \w+ tokens
        tokens = frozenset(" ".join(words).replace("'", " ").split())
    else:
        tokens = words
    marks: frozenset[str] = frozenset()
    if _DIGIT.search(text):
        marks = frozenset((DIGIT, PERCENT)) if "%" in text or "cent" in low else frozenset((DIGIT,))
    return Sentence(text, low, words, tokens, marks)


def normalise(text: str) -> str:
    """Curly apostrophes become straight ones; the length (and so every offset) is unchanged."""
    return text.replace("’", "'").replace("‘", "'")


def by_position(cues: Iterable[Cue]) -> list[Cue]:
    out = list(cues)
    return sorted(out, key=_start) if len(out) > 1 else out


def _start(cue: Cue) -> int:
    return cue.start



def is_plural_noun(noun: str) -> bool:
    low = noun.lower()
    return low.endswith("s") and not low.endswith(("sis", "series", "ss"))


def singular(noun: str) -> str:
    low = noun.lower()
    if low.endswith("ies"):
        return low[:-3] + "y"
    return low[:-1] if is_plural_noun(low) else low
