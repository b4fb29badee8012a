"""One quantity stated differently in two places (NUM006), found conservatively.

Two kinds of quantity are compared, because only for them can plain text tell that two figures
mean the same thing:

* **A dose range of one named product.** Ranges of one kind (mass, volume, activity, per body
  weight) in sentences about a dose, whose subjects share a name written with a capital in the
  middle of some sentence of the page (a product, a drug brand, a guideline). The subject of a
  range is the names of its sentence, else of the nearest earlier sentence of its paragraph
  that has some, plus the next sentence's when that one opens with "This"/"That"/"It". Ranges
  that overlap only in part disagree; a range inside the other may be a usual range within a
  full one, and ranges that do not meet are usually steps of a titration, so neither is
  reported. Sentences about starting, maximum, maintenance or children's doses are skipped.
* **The number of administrations in a course.** A count of doses, treatments, sessions,
  infusions or injections in the clause that names "a course" (not "of course", not "a second
  course"). A count is reported when it agrees with no earlier one.

Two figures agree when their rounding intervals, widened by hedges, overlap.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

from checks import arith_units as au
from checks.arith_model import Item, PageModel, Sentence
from checks.arith_outcome import Options, Outcome
from checks.arith_tolerance import value_interval
from checks.document import TextBlock, lazy

_NAME = re.compile(r"(?<![\w’'-])([A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*|[A-Z]{2,}[a-z]?)(?![\w’'])")
_FIRST_WORD = re.compile(r"[^\w]*[\w’'-]+")     # tried with ``match`` at a sentence's start
_NOT_NAMES = frozenset({"I", "I’m", "I'm", "OK", "TV", "US", "UK"})
_DOSE_WORD = re.compile(r"(?i)\bdos(?:e|es|ed|ing|age|ages)\b")
_PHASE = re.compile(r"(?i)\b(?:start\w*|initial\w*|first|then|increas\w*|titrat\w*|maintenance|maximum|max|minimum"
                    r"|loading|reduc\w*|decreas\w*|lower|higher|child\w*|pediatric|paediatric|elderly|renal|hepatic"
                    r"|overdose|toxic|lethal|rats?|mice|mouse|animals?)\b")
_ANAPHOR = re.compile(r"^[^\w]*(?:This|That|It|These|Those|Which)\b")
_COURSE = re.compile(r"(?i)(?<![\w-])(?P<qual>[\w-]+)[^\S\n]+course(?![\w-])")
_COURSE_WORD = (b"course",)
_SPAN_BEFORE = re.compile(r"\b(?:over|during|throughout|in)\s+$")    # "over a course": a span of time
_GENERIC_QUAL = frozenset({"a", "an", "the", "one", "per", "each", "typical", "average", "standard", "usual", "normal",
                           "full", "single", "complete", "whole", "entire", "regular", "common", "recommended"})
_ADMIN = frozenset({"dose", "treatment", "session", "infusion", "injection", "appointment", "visit", "shot"})
_RANGE_KINDS = frozenset({"mass", "dose", "volume", "activity", "amount"})


def find_inconsistencies(model: PageModel, opts: Options) -> list[Outcome]:
    return _dose_ranges(model, opts) + _course_counts(model, opts)


# -- quoting ------------------------------------------------------------------------

def _quote(model: PageModel, it: Item, width: int = 80) -> str:
    s = model.item_sentence(it)
    text = model.block_text(s.block)[s.start:s.end]
    a = max(0, it.start - s.start - width // 2)
    b = min(len(text), a + width)
    a = max(0, b - width)
    if a > 0 and " " in text[a:a + 15]:
        a = text.index(" ", a) + 1
    if b < len(text) and " " in text[b - 15:b]:
        b = text.rindex(" ", 0, b)
    snippet = " ".join(text[a:b].split())
    return ("…" if a > 0 else "") + snippet + ("…" if b < len(text) else "")


def _stated(model: PageModel, it: Item) -> str:
    return " ".join(model.block_text(it.block)[it.start:it.end].split())


def _meet(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] + 1e-9 and b[0] <= a[1] + 1e-9


# -- dose ranges of a named product ---------------------------------------------------

class _PageNames:
    """The names of the page: written with a capital somewhere other than as a sentence's first word.

    Asked name by name (``name in names``); only the sentences where the name is written are read.
    """

    def __init__(self, model: PageModel) -> None:
        self.model = model
        self._known: dict[str, bool] = {}

    @lazy
    def _joined(self) -> tuple[list[TextBlock], str, list[int]]:
        """The model's blocks, their texts joined by newlines, and where each starts: built when the first name
        is asked about (most pages ask about none)."""
        blocks = self.model.prose
        return blocks, "\n".join(b.text for b in blocks), list(accumulate((len(b.text) + 1 for b in blocks[:-1]),
                                                                          initial=0))

    def __contains__(self, name: str) -> bool:
        if name not in self._known:
            self._known[name] = name not in _NOT_NAMES and self._written(name)
        return self._known[name]

    def _written(self, name: str) -> bool:
        """Whether ``_NAME.finditer`` past the first word of some sentence finds ``name``.

        The scan finds a name exactly where ``_NAME`` matches: no match can overlap the next, since one
        starts after no word character and spans word characters only. So only the places where the name
        is written are tried (a name has no newline, so none spans two blocks of the joined text). A match
        there has no character of ``_NAME``'s lookbehind right before it and none of its lookahead right
        after it (texts are joined by a newline, which is neither), so places inside a longer word
        ("The" of "There") are passed over at once.
        """
        blocks, text, starts = self._joined
        n = len(name)
        at = text.find(name)
        while at >= 0:
            before, after = text[at - 1:at], text[at + n:at + n + 1]
            if not (before.isalnum() or before in _BEFORE_NAME or after.isalnum() or after in _AFTER_NAME):
                k = bisect_right(starts, at) - 1
                if _written_at(blocks[k], at - starts[k], name):
                    return True
            at = text.find(name, at + 1)
        return False


# what no ``_NAME`` match may have right before it or right after it besides letters and digits (``isalnum`` is
# what ``\w`` matches but "_")
_BEFORE_NAME = frozenset("_’'-")
_AFTER_NAME = frozenset("_’'")


def _written_at(block: TextBlock, at: int, name: str) -> bool:
    """Whether ``name``, written at ``at`` in the block's text, is a ``_NAME`` match of its sentence past the
    sentence's first word."""
    text = block.text
    spans = block.sentences or [(0, len(text))]
    j = bisect_right(spans, (at, len(text) + 1)) - 1     # the last sentence starting at or before it
    if j < 0:
        return False
    a, b = spans[j]
    # at a sentence's start it is the first word (which the name's word characters make at least one long)
    if at == a or at + len(name) > b:
        return False                # the first word, or not written inside one sentence
    # matched within the sentence as in its own text: a lookbehind at ``at`` > ``a`` sees only the sentence,
    # and ``endpos`` ends it for the lookahead
    first = _FIRST_WORD.match(text, a, b)
    if at < (first.end() if first else a):
        return False
    found = _NAME.match(text, at, b)
    return found is not None and found.group(1) == name


def _names_in(model: PageModel, s: Sentence, names: _PageNames) -> set[str]:
    text = model.block_text(s.block)[s.start:s.end]
    return {m.group(1) for m in _NAME.finditer(text) if m.group(1) in names}


def _subject(model: PageModel, it: Item, names: _PageNames) -> set[str]:
    s = model.item_sentence(it)
    keys = _names_in(model, s, names)
    k = s.index - 1
    while not keys and s.index - k <= 2 and (earlier := model.sentence(k)) is not None and earlier.block == s.block:
        keys = _names_in(model, earlier, names)
        k -= 1
    nxt = model.sentence(s.index + 1)
    if nxt is not None and nxt.block == s.block and _ANAPHOR.match(model.sentence_text(nxt.index)):
        keys |= _names_in(model, nxt, names)
    return keys


def _dose_ranges(model: PageModel, opts: Options) -> list[Outcome]:
    names = _PageNames(model)
    cands: list[tuple[Item, set[str]]] = []
    for s in model.sentences:
        ranges = [it for it in s.items if it.is_range and it.q.kind in _RANGE_KINDS and it.q.unit and not it.bounded]
        if not ranges:
            continue
        text = model.sentence_text(s.index)
        if not _DOSE_WORD.search(text) or _PHASE.search(text):
            continue
        for it in ranges:
            keys = _subject(model, it, names)
            if keys:
                cands.append((it, keys))
    out = []
    for j, (b, kb) in enumerate(cands):
        for a, ka in cands[:j]:
            if a.block == b.block or not (ka & kb) or not _partial_overlap(a, b, opts):
                continue
            shared = sorted(ka & kb)[0]
            msg = (f"the dose range of {shared} is {_stated(model, b)} here (“{_quote(model, b)}”) but "
                   f"{_stated(model, a)} on line {a.line} (“{_quote(model, a)}”)")
            out.append(Outcome("NUM006", b, False, msg))
            break
    return out


def _partial_overlap(a: Item, b: Item, opts: Options) -> bool:
    assert a.q.unit is not None and b.q.unit is not None
    try:
        alo = au.convert(a.lo, a.q.unit, b.q.unit)
        ahi = au.convert(a.hi, a.q.unit, b.q.unit)
    except Exception:
        return False
    h = opts.hedge_tolerance
    a_lo, a_hi = value_interval(a, "lo", h, opts.trailing_zeros), value_interval(a, "hi", h, opts.trailing_zeros)
    if a.q.unit != b.q.unit:
        a_lo = (au.convert(a_lo[0], a.q.unit, b.q.unit), au.convert(a_lo[1], a.q.unit, b.q.unit))
        a_hi = (au.convert(a_hi[0], a.q.unit, b.q.unit), au.convert(a_hi[1], a.q.unit, b.q.unit))
    b_lo, b_hi = value_interval(b, "lo", h, opts.trailing_zeros), value_interval(b, "hi", h, opts.trailing_zeros)
    if _meet(a_lo, b_lo) and _meet(a_hi, b_hi):
        return False                                    # the same range, within rounding
    overlap = alo <= b.hi and b.lo <= ahi
    a_in_b = b.lo <= alo and ahi <= b.hi
    b_in_a = alo <= b.lo and b.hi <= ahi
    return overlap and not a_in_b and not b_in_a


# -- the number of administrations in a course ------------------------------------------

def _course_counts(model: PageModel, opts: Options) -> list[Outcome]:
    seen: list[Item] = []
    out = []
    modifiers: dict[int, str] = {}      # item id -> its modifier words, read once (each count meets every earlier one)

    def modifier(it: Item) -> str:
        if it.id not in modifiers:
            modifiers[it.id] = _modifier(model, it)
        return modifiers[it.id]

    for s in model.sentences:
        text = model.block_text(s.block)
        for it in s.items:
            if it.q.noun not in _ADMIN or it.q.unit is not None or it.q.per is not None or it.bounded:
                continue
            if not _in_course_clause(model, it, text):
                continue
            if sum(1 for o in s.items if o.clause == it.clause and o.q.noun in _ADMIN and o.q.unit is None) > 1:
                continue                    # "2 dosing sessions and 3 preparation sessions": parts of a course
            earlier = [e for e in seen if e.block != it.block and modifier(e) == modifier(it)]
            if earlier and not any(_counts_agree(e, it, opts) for e in earlier):
                first = earlier[0]
                msg = (f"a course is {_stated(model, it)} here (“{_quote(model, it)}”) but {_stated(model, first)} "
                       f"on line {first.line} (“{_quote(model, first)}”)")
                out.append(Outcome("NUM006", it, False, msg))
            seen.append(it)
    return out


def _modifier(model: PageModel, it: Item) -> str:
    """The words between a count's number and its noun ("preparation" in "3 preparation sessions")."""
    q = it.q
    if q.number_span is None or q.noun_span is None:
        return ""
    words = model.block_text(it.block)[q.number_span[1]:q.noun_span[0]].lower().split()
    return " ".join(w for w in words if w not in _GENERIC_QUAL and w not in ("total", "consecutive"))


def _in_course_clause(model: PageModel, it: Item, text: str) -> bool:
    a, b = model.clause_span(it)
    if not model.lowered(it.block).may_contain(a, b, _COURSE_WORD):
        return False                # every match has "course" in the clause
    for m in _COURSE.finditer(text, a, b):
        qual = m.group("qual").lower()
        if qual == "of" or qual not in _GENERIC_QUAL:
            continue
        before = text[max(a, m.start() - 12):m.start()].lower()
        if _SPAN_BEFORE.search(before):
            continue
        if abs(m.start() - it.start) <= 90:
            return True
    return False


def _counts_agree(a: Item, b: Item, opts: Options) -> bool:
    h = opts.hedge_tolerance
    ia = (value_interval(a, "lo", h, opts.trailing_zeros)[0], value_interval(a, "hi", h, opts.trailing_zeros)[1])
    ib = (value_interval(b, "lo", h, opts.trailing_zeros)[0], value_interval(b, "hi", h, opts.trailing_zeros)[1])
    return _meet(ia, ib)
