"""A cue (a phrase matched in one sentence) and the text helpers every citation cue finder shares."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

WORD = re.compile(r"[\w']+")


@dataclass(frozen=True)
class Cue:
    kind: str
    start: int  # range in the sentence text
    end: int
    text: str
    detail: str = ""


def normalise(text: str) -> str:
    """Curly apostrophes become straight ones; the length (and so every offset) is unchanged."""
    return text.replace("’", "'").replace("‘", "'")


def by_position(cues: Iterable[Cue]) -> list[Cue]:
    return sorted(cues, key=lambda c: c.start)


@lru_cache(maxsize=2048)
def word_set(text: str) -> frozenset[str]:
    """The text's words, lower-cased (for the lexicon's cheap pre-filters; several cue finders ask per sentence)."""
    return frozenset(WORD.findall(text.lower()))


def is_plural_noun(noun: str) -> bool:
    low = noun.lower()
    return low.endswith("s") and not low.endswith(("sis", "series", "ss"))


def singular(noun: str) -> str:
    low = noun.lower()
    if low.endswith("ies"):
        return low[:-3] + "y"
    return low[:-1] if is_plural_noun(low) else low
