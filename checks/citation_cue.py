"""A cue (a phrase matched in one sentence) and the text helpers every citation cue finder shares."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from checks.casefold import IGNORECASE_PARTNERS
from checks.frozen import frozen_from_fields

WORD = re.compile(r"\w+(?:'\w+)*")  # apostrophes inside a word ("don't"), not quotes around it
TOKEN = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")
# those of the characters re.IGNORECASE matches to an ASCII letter that str.lower leaves outside ASCII
# (all but the Kelvin sign), each mapped to its letter
_FOLD_TO = {c: a for a, cs in IGNORECASE_PARTNERS.items() for c in cs if not c.lower().isascii()}
_FOLD_CHARS = "".join(_FOLD_TO)
_FOLD = str.maketrans(_FOLD_TO)
_NON_ASCII_WORD_CHAR = re.compile(r"[^\W\x00-\x7f]")
# bytes: an ASCII word character or apostrophe kept, anything else a space
_WORDS_ONLY = bytes(c if chr(c).isascii() and (chr(c).isalnum() or chr(c) in "_'") else 32 for c in range(256))


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

    raw: str  # as written (cue texts are cut from it)
    text: str  # normalised (curly apostrophes straightened)
    low: str  # lower-cased, with the few characters re.IGNORECASE folds to ASCII folded
    words: frozenset[str]  # WORD tokens, lower-cased (what the lexicon's trigger words are read against)
    tokens: frozenset[str]  # \w+ tokens of ``low``
    marks: frozenset[str]  # DIGIT when the text holds a digit, PERCENT when also "%" or "cent"
    # the lexicon's pattern needs (``Lexicon.need_bits``) its words, tokens and marks meet, or more (each need a
    # word of the sentence meets as a word or a token), as the screen worked them out; None: not worked out
    needs: int | None = field(default=None, compare=False)
    memo: dict[object, object] = field(default_factory=dict, compare=False, repr=False)  # per lexicon
    # read once per occurrence (see ``checks.citation_page.Page.sentence``): what the finders work out is
    # kept in ``memo`` for this occurrence only, never shared with another sentence of the same text

    @classmethod
    def make(cls, raw: str, text: str, low: str, words: frozenset[str], tokens: frozenset[str],
             marks: frozenset[str], needs: int | None = None) -> Sentence:
        """The same sentence as ``Sentence(...)``, built without the frozen ``__init__`` (half the work, for
        every sentence read)."""
        return frozen_from_fields(cls, {"raw": raw, "text": text, "low": low, "words": words, "tokens": tokens,
                                        "marks": marks, "needs": needs, "memo": {}})


DIGIT, PERCENT = "<digit>", "<percent>"  # not words: ``tokens`` never holds them


def fold_lower(text: str) -> str:
    """Lower-cased so that a substring test finds whatever a case-insensitive regex for an ASCII word finds."""
    return text.translate(_FOLD).lower() if _folds(text) else text.lower()


def _folds(text: str) -> bool:
    return not text.isascii() and any(c in text for c in _FOLD_CHARS)


NO_MARKS: frozenset[str] = frozenset()  # every value of ``Sentence.marks``
DIGIT_MARKS, PERCENT_MARKS = frozenset((DIGIT,)), frozenset((DIGIT, PERCENT))


def read_sentence(sentence: str) -> Sentence:
    """The sentence worked out for the cue finders."""
    text = normalise(sentence)
    lower = text.lower()
    folds = _folds(text)
    low = text.translate(_FOLD).lower() if folds else lower
    spaced = None if folds else spaced_words(lower)  # with folds, tokens are read from the folded ``low``
    if spaced is not None:
        return _spaced_sentence(sentence, text, low, spaced, _marks(text, low, holds_digit(text)))
    words = frozenset(WORD.findall(lower))
    tokens = frozenset(TOKEN.findall(low)) if folds else _split_at_apostrophes(words)
    return Sentence.make(sentence, text, low, words, tokens, _marks(text, low, holds_digit(text)))


def _spaced_sentence(raw: str, text: str, low: str, spaced: str, marks: frozenset[str],
                     needs: int | None = None) -> Sentence:
    """A sentence with no word character outside ASCII (so nothing to fold), read from ``spaced_words(low)``."""
    if "'" in spaced:
        words = frozenset(apostrophe_words(spaced))
        tokens = frozenset(spaced.replace("'", " ").split())
    else:
        words = tokens = frozenset(spaced.split())
    return Sentence.make(raw, text, low, words, tokens, marks, needs)


def _marks(text: str, low: str, digit: bool, start: int = 0, end: int = sys.maxsize) -> frozenset[str]:
    """The marks of the normalised text (or its range [start, end)); ``low`` is it lower-cased, ``digit``
    whether the range holds a digit."""
    if not digit:
        return NO_MARKS
    return PERCENT_MARKS if text.find("%", start, end) >= 0 or low.find("cent", start, end) >= 0 else DIGIT_MARKS


class BlockReading(NamedTuple):
    """A block's text read once for the sentences in it: a sentence is then read from slices of these."""

    text: str  # normalised
    low: str  # lower-cased
    spaced: str | None  # ``spaced_words(low)``; None when a word character outside ASCII rules out slicing
    digits: bytes | None  # with ``spaced``: "1" where the text has a digit, a space elsewhere
    digit: bool  # whether the text holds a digit
    marks: dict[tuple[int, int], frozenset[str]]  # a range [s, e) -> its marks, once worked out (``range_marks``)
    needs: dict[tuple[int, int], int]  # a screened range [s, e) -> the needs it meets (see ``Sentence.needs``)

    def range_marks(self, s: int, e: int) -> frozenset[str]:
        """The marks (see ``Sentence``) of the normalised text's range [s, e), kept for its sentence."""
        found = self.marks.get((s, e))
        if found is None:
            digit = self.digit and (holds_digit(self.text, s, e) if self.digits is None
                                    else self.digits.find(b"1", s, e) >= 0)
            found = self.marks[s, e] = _marks(self.text, self.low, digit, s, e)
        return found

    def sentence(self, raw: str, s: int, e: int) -> Sentence:
        """``read_sentence(raw[s:e])`` for the block text ``raw``, cut from the block's copies. ``spaced``
        not None means no word character outside ASCII: nothing folds, and every character lower-cases to
        one character with no context (str.lower's one contextual case, final sigma, is a word character),
        so each copy's slice is that copy of the slice."""
        if self.spaced is None:
            return read_sentence(raw[s:e])
        return _spaced_sentence(raw[s:e], self.text[s:e], self.low[s:e], self.spaced[s:e], self.range_marks(s, e),
                                self.needs.get((s, e)))


# bytes: an ASCII digit "1", anything else a space
_DIGITS_ONLY = bytes(49 if 48 <= c <= 57 else 32 for c in range(256))


def read_block(raw: str) -> BlockReading:
    text = normalise(raw)
    low = text.lower()
    spaced = spaced_words(low)
    if spaced is None or len(spaced) != len(raw):  # a word character outside ASCII, or str.lower lengthened one
        return BlockReading(text, low, None, None, holds_digit(text), {}, {})
    # no word character outside ASCII: no digit outside ASCII either (a digit is a word character), and
    # ``spaced`` keeps the text's ASCII digits in place
    digits = spaced.encode().translate(_DIGITS_ONLY)
    return BlockReading(text, low, spaced, digits, b"1" in digits, {}, {})


def holds_digit(text: str, start: int = 0, end: int = sys.maxsize) -> bool:
    """Whether the text (or its range [start, end)) holds a digit (the ``DIGIT`` mark of a sentence)."""
    return _DIGIT.search(text, start, end) is not None


def spaced_words(lower: str) -> str | None:
    """``lower`` with every character but ASCII word characters and apostrophes made a space, when that
    keeps its words (it holds no word character outside ASCII); a byte translation, far faster than a regex."""
    if not lower.isascii():
        if _NON_ASCII_WORD_CHAR.search(lower):
            return None
        lower = lower.encode("ascii", "replace").decode()  # each such character becomes one "?"
    return lower.encode().translate(_WORDS_ONLY).decode()


def apostrophe_words(spaced: str) -> list[str]:
    """``WORD.findall`` of a text of word characters, apostrophes and spaces: a run of apostrophes splits a
    word, one at its start or end is no part of it."""
    out: list[str] = []
    for chunk in spaced.split():
        if "'" not in chunk:
            out.append(chunk)
            continue
        out += chunk_words(chunk)
    return out


def chunk_words(chunk: str) -> list[str]:
    """``apostrophe_words`` of one run of word characters and apostrophes."""
    return [w for part in chunk.split("''") if (w := part.strip("'"))]


def spaced_terms(spaced: str) -> list[str]:
    """The words and the \\w+ tokens (see ``Sentence``) of a text ``spaced_words`` gives."""
    if "'" not in spaced:
        return spaced.split()
    return spaced.replace("'", " ").split() + apostrophe_words(spaced)


def _split_at_apostrophes(words: frozenset[str]) -> frozenset[str]:
    """The \\w+ tokens of WORD tokens (no folding character in the text)."""
    return frozenset(" ".join(words).replace("'", " ").split()) if any("'" in w for w in words) else words


def normalise(text: str) -> str:
    """Curly apostrophes become straight ones; the length (and so every offset) is unchanged."""
    return text.replace("’", "'").replace("‘", "'")


def by_position(cues: Iterable[Cue]) -> tuple[Cue, ...]:
    out = tuple(cues)
    return tuple(sorted(out, key=_start)) if len(out) > 1 else out


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
