"""Which citation cue finders can find something in a sentence, worked out once per sentence on a page.

Each flag is a conservative pre-filter (False: the finder provably finds nothing), read by the sentence
checks of ``checks.citations``, by the figure check and by the single-study check. A sentence is screened
from its words and tokens, looked up in one table (word -> the needs it meets, as bits), and a few text
tests; only the sentences that pass are read by the finders.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from checks.citation_claims import CLAIM_SETS
from checks.citation_cue import DIGIT, DIGIT_MARKS, NO_MARKS, PERCENT, PERCENT_MARKS, chunk_words, spaced_terms
from checks.citation_figures import FIGURE_LEADS, figure_words
from checks.citation_lexicon import Lexicon
from checks.citation_marks import may_hold_author_year, may_hold_numbers
from checks.citation_named import COLLEAGUE_WORDS, function_words_at, may_title
from checks.citation_page import Page
from checks.document import TextBlock

# what a sentence can hold, as bits: words (from the table) and text tests; pattern needs are shifted above
_DETERMINER, _SOURCE_NOUN, _PLACEHOLDER, _HERE, _ET, _AL, _COLLEAGUES, _RESOURCE, _FIGURE, _FIGURE_LEAD = (
    1 << i for i in range(10))
_BRACKET, _NUMBERS, _YEARS, _TITLE = (1 << i for i in range(10, 14))
_UNKEYED = 1 << 14  # met by every sentence when a pattern needs nothing
_SHIFT = 15
# the pairs of needs a flag needs both of
_DETERMINED, _PLACED, _ET_AL, _FIGURED = (
    _DETERMINER | _SOURCE_NOUN, _PLACEHOLDER | _BRACKET, _ET | _AL, _FIGURE | _FIGURE_LEAD)


class Screen(NamedTuple):
    deictic: bool  # a deictic reference ("this study", "here", "[1]")
    names: bool  # a named source
    dated: bool  # an author-year citation
    claim: bool  # a claim pattern
    figure: bool  # a promised figure
    single: bool  # a single-study marker


NOTHING = Screen(False, False, False, False, False, False)


@dataclass(frozen=True)
class _Table:
    bits: dict[str, int]  # a word or token -> the needs it meets
    words: frozenset[str]
    keys: int  # needs one of which every flag needs
    key_words: frozenset[str]  # the words that meet one
    always: int  # needs taken as met by every sentence (a list with no word to look for)
    marks: dict[frozenset[str], int]  # a sentence's marks (see ``Sentence``) -> the pattern needs they meet, shifted
    claims: _Patterns
    claim_keys: int  # the needs one of which a claim pattern needs (``_Patterns.gate``)
    single: _Patterns
    single_keys: int
    apostrophes: frozenset[str]  # the words with an apostrophe inside
    memo: dict[int, Screen] = field(default_factory=dict, compare=False)  # needs met -> the screen (``_screen``)


def _table(lex: Lexicon) -> _Table:
    return lex.cached("screen", lambda: _build_table(lex))  # type: ignore[return-value]


def _build_table(lex: Lexicon) -> _Table:
    """Each finder's pre-filter, by the words one of which a sentence holds wherever it finds something."""
    bits: dict[str, int] = {}
    always = 0

    def add(bit: int, words: Iterable[str] | None) -> None:
        nonlocal always
        if words is None:
            always |= bit
            return
        for word in words:
            bits[word] = bits.get(word, 0) | bit

    nouns, own = lex.gate("deictic_nouns"), lex.gate("self_nouns")
    add(_DETERMINER, lex.gate("deictic_determiners"))  # "this study": a determiner and a noun
    add(_SOURCE_NOUN, None if nouns is None or own is None else nouns | own)
    add(_PLACEHOLDER, lex.gate("placeholders"))  # "(source)": with a bracket
    add(_HERE, ("here",))
    add(_ET, ("et",))  # "Zhu et al"
    add(_AL, ("al",))
    add(_COLLEAGUES, COLLEAGUE_WORDS)  # "Koffler and colleagues", "co-workers"
    add(_RESOURCE, lex.gate("named_resources"))
    add(_FIGURE, figure_words(lex))  # "the table below": a figure word and a lead word
    add(_FIGURE_LEAD, FIGURE_LEADS)
    needs = lex.need_bits()
    for word, need in needs.items():
        bits[word] = bits.get(word, 0) | need << _SHIFT
    claims = _patterns([p for name in CLAIM_SETS for p in lex.set_needs(name)])
    single = _patterns(lex.set_needs("single_study"))
    # what each flag below needs one of; of a pair both needed, the one fewer sentences meet ("this" is common)
    noun = _DETERMINER if always & _SOURCE_NOUN else _SOURCE_NOUN
    claim_keys, single_keys = claims.gate(), single.gate()
    keys = (noun | _PLACEHOLDER | _HERE | _NUMBERS | _ET | _COLLEAGUES | _RESOURCE | _TITLE | _YEARS | _FIGURE
            | claim_keys | single_keys)
    if claims.unkeyed or single.unkeyed:
        always |= _UNKEYED
    key_words = frozenset(w for w, b in bits.items() if b & keys)
    digit, percent = needs.get(DIGIT, 0) << _SHIFT, needs.get(PERCENT, 0) << _SHIFT
    marks = {NO_MARKS: 0, DIGIT_MARKS: digit, PERCENT_MARKS: digit | percent}
    return _Table(bits, frozenset(bits), keys, key_words, always, marks, claims, claim_keys, single, single_keys,
                  frozenset(w for w in bits if "'" in w))


@dataclass(frozen=True)
class _Patterns:
    """Pattern needs (see ``Lexicon.set_needs``) by key need: a pattern is triggered only if its key is met."""

    keys: int  # every pattern's key bit
    by_key: dict[int, tuple[int, ...]]  # a key bit -> the needs of the patterns it is the key of
    unkeyed: bool  # a pattern needs nothing: always triggered

    def gate(self) -> int:
        """The needs, shifted as in a sentence's ``met``, one of which every triggered pattern meets."""
        return self.keys << _SHIFT | (_UNKEYED if self.unkeyed else 0)

    def triggered(self, met: int) -> bool:
        if self.unkeyed:
            return True
        hit = self.keys & met
        while hit:
            key = hit & -hit  # the lowest key bit met
            if any(n & met == n for n in self.by_key[key]):
                return True
            hit ^= key
        return False


def _patterns(needs: Iterable[tuple[int, int]]) -> _Patterns:
    by_key: dict[int, list[int]] = {}
    for key, need in needs:
        by_key.setdefault(key, []).append(need)
    keys = 0
    for key in by_key:
        keys |= key
    return _Patterns(keys, {k: tuple(v) for k, v in by_key.items()}, 0 in by_key)


def _met(table: _Table, met: int, hits: Iterable[str]) -> int:
    """The needs a sentence meets that meets ``met`` and holds the words and tokens ``hits`` of the table
    (and maybe others)."""
    bits = table.bits
    met |= table.always
    for word in hits:
        met |= bits[word]
    return met


def _screen(table: _Table, met: int) -> Screen:
    """The flags of a sentence that meets the needs ``met`` (see ``_met``); kept by the needs met, of which
    they are a function."""
    found = table.memo.get(met)
    if found is None:
        found = table.memo[met] = _flags(table, met)
    return found


def _flags(table: _Table, met: int) -> Screen:
    if not met & table.keys:  # most sentences
        return NOTHING
    deictic = (met & _DETERMINED == _DETERMINED or met & _PLACED == _PLACED
               or bool(met & (_HERE | _NUMBERS)))
    names = met & _ET_AL == _ET_AL or bool(met & (_COLLEAGUES | _RESOURCE | _TITLE))
    figure = met & _FIGURED == _FIGURED
    claim = bool(met & table.claim_keys) and table.claims.triggered(met >> _SHIFT)
    single = bool(met & table.single_keys) and table.single.triggered(met >> _SHIFT)
    if deictic or names or claim or figure or single or met & _YEARS:
        return Screen(deictic, names, bool(met & _YEARS), claim, figure, single)
    return NOTHING  # a key word without what it goes with, as "this" with no source noun


_ALL_TESTS = _BRACKET | _NUMBERS | _YEARS | _TITLE


def _text_needs(lex: Lexicon, text: str, tests: int = _ALL_TESTS) -> int:
    """Which of the text tests in ``tests`` the normalised text passes. Each finds in a block whatever it
    finds in one of its sentences, at the same place (a sentence is whole words of the block, with
    whitespace around it), so a test that fails on a block need not be run on its sentences, and the
    function words ``may_title`` counts in a sentence are those it finds there in the block."""
    met = 0
    if tests & _BRACKET and ("(" in text or "[" in text):
        met |= _BRACKET
    if tests & _NUMBERS and may_hold_numbers(text):
        met |= _NUMBERS
    if tests & _YEARS and may_hold_author_year(text):
        met |= _YEARS
    if tests & _TITLE and may_title(lex, text):
        met |= _TITLE
    return met


def _screen_block(page: Page, block: TextBlock) -> list[Screen]:
    text, lex = block.text, page.lex
    table = _table(lex)
    spans = block.sentences or [(0, len(text))]
    reading = page.reading(block)
    spaced = reading.spaced
    if spaced is None:  # a word character outside ASCII: read each sentence
        out = []
        for s, e in spans:
            sent = page.sentence(block, s, e)
            met = _text_needs(lex, sent.text) | table.marks[sent.marks]
            out.append(_screen(table, _met(table, met, table.words.intersection(sent.words | sent.tokens))))
        return out
    norm = reading.text
    tests = _text_needs(lex, norm, _ALL_TESTS & ~_TITLE)
    titles = function_words_at(lex, norm)  # as ``may_title`` counts them in each sentence
    bare = spaced.replace("'", " ") if "'" in spaced else spaced  # the \w+ tokens, split at apostrophes
    inner = _inner_apostrophes(table, spaced)
    words, marks, digit = table.words, table.marks, reading.digit
    out = []
    for s, e in spans:
        met = _text_needs(lex, norm[s:e], tests) if tests else 0
        if len(titles) >= 2 and bisect_left(titles, e) - bisect_left(titles, s) >= 2:
            met |= _TITLE
        if digit:  # the marks, kept for the sentence's reading
            met |= marks[reading.range_marks(s, e)]
        if not _whole_words(spaced, s, e):
            hits = words.intersection(spaced_terms(spaced[s:e]))
        elif inner:
            hits = words.intersection(bare[s:e].split()).union(w for p, w in inner if s <= p < e)
        else:
            hits = words.intersection(bare[s:e].split())
        met = _met(table, met, hits)
        reading.needs[s, e] = met >> _SHIFT  # for the pattern sets (``Lexicon.triggered_sets``)
        out.append(_screen(table, met))
    return out


def _inner_apostrophes(table: _Table, spaced: str) -> list[tuple[int, str]]:
    """(where its run of word characters and apostrophes starts, word) of each word of the spaced text, as
    ``apostrophe_words`` reads it, that is one of the table's words with an apostrophe inside (``split``
    of ``bare`` gives every other word)."""
    out: list[tuple[int, str]] = []
    if not any(w in spaced for w in table.apostrophes):  # such a word is a stretch of the text
        return out
    i = spaced.find("'")
    while i >= 0:
        start = spaced.rfind(" ", 0, i) + 1
        end = spaced.find(" ", i)
        end = len(spaced) if end < 0 else end
        out += [(start, w) for w in chunk_words(spaced[start:end]) if w in table.apostrophes]
        i = spaced.find("'", end)
    return out


def _whole_words(spaced: str, s: int, e: int) -> bool:
    """Whether the range [s, e) of the spaced text cuts no run of word characters and apostrophes: its words
    are then the text's words inside it (those ``_inner_apostrophes`` finds among them start in it)."""
    n = len(spaced)
    return ((s <= 0 or s >= n or spaced[s - 1] == " " or spaced[s] == " ")
            and (e <= 0 or e >= n or spaced[e - 1] == " " or spaced[e] == " "))


def block_screens(page: Page, block: TextBlock) -> list[Screen]:
    """The screen of each sentence of the block (the whole text when it has none), kept per page."""
    found = page.screens.get(block.index)
    if found is None:
        found = page.screens[block.index] = _screen_block(page, block)
    return found


def candidates(page: Page, flag: str) -> Iterator[tuple[TextBlock, int]]:
    """(block, sentence index) of each sentence of the page's own paragraphs whose screen has ``flag``."""
    for block in page.paragraphs():
        if block.sentences:
            for i, sc in enumerate(block_screens(page, block)):
                if getattr(sc, flag):
                    yield block, i
