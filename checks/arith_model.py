"""The page as the arithmetic check sees it: sentences, clauses and the quantities in them.

Each quantity the reader finds becomes an ``Item`` with an *effective unit* for the algebra,
which may differ from the unit as written when the text says more than the number does:

* "8 doses of 35 mg each", "six treatments at $800", "25 mg tablets": the amount is per
  counted thing (``mg/dose``, ``mg/tablet``);
* "2 x 50 mg": one operand worth 100 mg, shown as written;
* counts and frequencies get their noun as unit ("8 doses" → ``dose``, "twice a day" →
  ``time/day``); bare numbers, multipliers ("3x") and percentages get no unit and take part
  only in the ratio and percentage checks.

Front-matter ``constants:`` (e.g. ``patient_weight: 70 kg``) become items outside any block.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache

from checks import arith_cues as cues
from checks.document import Document, TextBlock
from checks.quantities import Quantity, block_quantities, find_quantities, noun_lemmas

_ADVERBS = frozenset({"once", "twice", "thrice"})
_SKIP_KINDS = frozenset({"age", "p_value", "bmi"})
_OPERAND_KINDS_NO_UNIT = frozenset({"number", "multiplier", "percent"})


@dataclass(slots=True)
class Item:
    """One quantity placed on the page.

    Its source span, line and display text serve only messages and reports, so for a quantity of a
    block they are worked out on first use (from ``doc``) and kept.
    """

    id: int
    q: Quantity
    block: int                  # index into doc.blocks; -1 for a front-matter constant
    sentence: int               # global sentence index; -1 for a front-matter constant
    clause: int                 # global clause index; -1 for a front-matter constant
    start: int                  # plain-text span in the block, hedges included
    end: int
    unit: str | None            # effective unit for the algebra; None: never a product operand
    lo: float
    hi: float
    doc: Document | None = None     # the page, for the lazy fields below (None: they are given)
    factor: float = 1.0         # "2 x 50 mg": 2
    weight: bool = False        # a body weight ("a 70 kg person", "weighing 80 kg")
    fraction: bool = False      # a share of time ("6.5 days a week")
    defined: bool = False       # "each tablet contains 5 mg": a definition of an amount per thing
    label: str = ""             # front-matter constant name
    given_src: tuple[int, int] | None = None    # see ``src``, ``line``, ``display``
    given_line: int | None = None
    given_display: str | None = None

    @property
    def src(self) -> tuple[int, int]:
        """The source span [start, end)."""
        if self.given_src is None:
            assert self.doc is not None
            self.given_src = self.doc.blocks[self.block].source_span(self.start, self.end)
        return self.given_src

    @property
    def line(self) -> int:
        if self.given_line is None:
            assert self.doc is not None
            self.given_line = self.doc.loc(self.src[0])[0]
        return self.given_line

    @property
    def display(self) -> str:
        """How messages show it ("8 doses", "2 x 50 mg")."""
        if self.given_display is None:
            assert self.doc is not None
            self.given_display = _display(self.doc.blocks[self.block].text, self.q)
        return self.given_display

    @property
    def hedged(self) -> bool:
        return self.q.bound == "approx"

    @property
    def bounded(self) -> bool:
        return self.q.bound in ("lower", "upper")

    @property
    def is_range(self) -> bool:
        return self.hi != self.lo


@dataclass(slots=True)
class Sentence:
    index: int
    block: int
    start: int
    end: int
    clauses: list[tuple[int, int]]  # split only in a sentence with quantities; else the whole sentence
    # global index of the first clause, unique and increasing in page order among the sentences with items
    # (only those are split and their clauses compared); -1 for a sentence without items
    first_clause: int
    items: list[Item] = field(default_factory=list)


@dataclass(slots=True)
class _BlockSentences:
    """The sentences of a block with quantities, to make those without items when asked for."""

    block: int
    first: int                      # global index of the first sentence
    spans: list[tuple[int, int]]


class PageModel:
    """Sentences and items of a document, in page order.

    Sentence indexes count every sentence of the page's prose blocks. ``sentences`` holds the
    sentences with items (the only ones a check walks); ``sentence(i)`` also gives any other
    sentence of a block with quantities, made when first asked for. A sentence of a block without
    quantities is never read (``sentence(i)`` is None for it).
    """

    def __init__(self, doc: Document, constants_key: str = "constants") -> None:
        self.doc = doc
        self.sentences: list[Sentence] = []
        self.items: list[Item] = []
        self.constants: list[Item] = []
        self._by_index: dict[int, Sentence] = {}
        self._sentence_count = 0
        self._clause_count = 0
        self._lowered: dict[int, cues.Lowered] = {}
        self._blocks: list[_BlockSentences] = []
        self._block_firsts: list[int] = []      # ``first`` of each of ``_blocks``
        # the blocks read: every prose block but headings and empty ones
        self.prose = [b for b in doc.blocks if b.kind != "heading" and b.text.strip()]
        for block in self.prose:
            self._add_block(block)
        self._add_constants(constants_key)

    # -- access ----------------------------------------------------------------

    def text(self, item: Item) -> str:
        """The plain text of the item's block."""
        return self.doc.blocks[item.block].text if item.block >= 0 else item.display

    def block_text(self, block: int) -> str:
        return self.doc.blocks[block].text

    def sentence(self, index: int) -> Sentence | None:
        """The sentence with this global index, or None when it has no ``Sentence`` (its block has no
        quantities, or the index is outside the page)."""
        s = self._by_index.get(index)
        if s is None and (k := bisect_right(self._block_firsts, index) - 1) >= 0:
            s = self._sentence_without_items(self._blocks[k], index)
        return s

    def _sentence_without_items(self, rec: _BlockSentences, index: int) -> Sentence | None:
        j = index - rec.first
        if j >= len(rec.spans):
            return None
        a, b = rec.spans[j]
        s = Sentence(index, rec.block, a, b, [(a, b)], -1)
        self._by_index[index] = s
        return s

    def item_sentence(self, item: Item) -> Sentence:
        """The sentence of an item of the page (not a front-matter definition: those have none)."""
        return self._by_index[item.sentence]

    def clause_span(self, item: Item) -> tuple[int, int]:
        s = self.item_sentence(item)
        return s.clauses[item.clause - s.first_clause]

    def lowered(self, block: int) -> cues.Lowered:
        """The block's text lower-cased (made once), for literal prefilters."""
        if block not in self._lowered:
            self._lowered[block] = cues.Lowered(self.block_text(block))
        return self._lowered[block]

    def sentence_text(self, index: int) -> str:
        s = self.sentence(index)
        assert s is not None
        return self.block_text(s.block)[s.start:s.end]

    # -- building -------------------------------------------------------------

    def _add_block(self, block: TextBlock) -> None:
        text = block.text
        spans = block.sentences or [(0, len(text))]
        found = block_quantities(self.doc, block)
        code = block.code
        quantities = [q for q in found if q.kind not in _SKIP_KINDS and not (code and block.in_code(q.start, q.end))]
        if not quantities:
            self._sentence_count += len(spans)     # no items: only the global numbering of sentences moves on
            return
        # sentences are in order and do not overlap: the one holding a quantity is the last starting at or before it
        sentence_starts = [a for a, _b in spans]
        at: list[tuple[Quantity, int]] = []         # each quantity in a sentence, with the sentence's position
        for q in quantities:
            k = bisect_right(sentence_starts, q.start) - 1
            if k >= 0 and q.start < spans[k][1]:
                at.append((q, k))
        rec = _BlockSentences(block.index, self._sentence_count, spans)
        sentences: dict[int, Sentence] = {}
        lowered = self.lowered(block.index)
        for _q, k in at:
            if k in sentences:
                continue
            # only the clauses of a sentence with quantities are ever asked for: split only those
            a, b = spans[k]
            clauses = cues.clause_spans(lowered, a, b)
            s = Sentence(rec.first + k, block.index, a, b, clauses, self._clause_count)
            self._clause_count += len(clauses)
            sentences[k] = self._by_index[s.index] = s
            self.sentences.append(s)
        self._blocks.append(rec)
        self._block_firsts.append(rec.first)
        self._sentence_count += len(spans)
        placed = [(q, sentences[k], sentences[k].first_clause + _clause_index(sentences[k].clauses, q.start))
                  for q, k in at]
        self._items_of_block(block, placed)

    def _items_of_block(self, block: TextBlock, placed: list[tuple[Quantity, Sentence, int]]) -> None:
        text = block.text
        factors: dict[int, tuple[float, str]] = {}
        skip: set[int] = set()
        # "2 x 50 mg": the bare number multiplies the quantity after it
        for i in range(len(placed) - 1):
            q, nq = placed[i][0], placed[i + 1][0]
            if q.kind == "number" and q.high is None and placed[i][2] == placed[i + 1][2] \
                    and cues.TIMES_SIGN.match(text[q.end:nq.start]) and nq.unit is not None:
                factors[i + 1] = (q.value, text[q.start:nq.start])
                skip.add(i)
        for i, (q, s, clause) in enumerate(placed):
            if i in skip:
                continue
            prev = placed[i - 1][0] if i > 0 and placed[i - 1][2] == clause else None
            unit, defined = self._effective_unit(text, q, prev, placed, i, clause)
            factor, ftext = factors.get(i, (1.0, ""))
            a = min(q.start, q.approx_span[0]) if q.approx_span else q.start
            b = max(q.end, q.approx_span[1]) if q.approx_span else q.end
            # positional: with this many fields, keyword arguments cost several times more
            # only a plain kg or lb may be a body weight, only a unit per something a share of time
            item = Item(len(self.items), q, block.index, s.index, clause, a, b, unit,
                        q.value * factor, (q.high if q.high is not None else q.value) * factor, self.doc, factor,
                        q.per is None and q.unit in _WEIGHT_UNITS and _is_weight(text, q, a),
                        q.per is not None and _is_fraction(q), defined)
            if ftext:
                item.given_display = ftext + _display(text, q)
            s.items.append(item)
            self.items.append(item)

    def _effective_unit(self, text: str, q: Quantity, prev: Quantity | None,
                        placed: list[tuple[Quantity, Sentence, int]], i: int, clause: int) -> tuple[str | None, bool]:
        """The unit for the algebra, and whether the text defines it ("each tablet contains 5 mg");
        ``placed[:i]`` are the quantities of the block before ``q``."""
        if q.kind in _OPERAND_KINDS_NO_UNIT and q.unit in (None, "x", "%"):
            return None, False
        if q.unit is None:
            if q.noun is None or q.noun == "n":
                return None, False
            return _alias("/".join([q.noun, *(q.per.split("/") if q.per else [])])), False
        if q.per is not None:
            return _alias(q.unit), False
        after = text[q.end:q.end + 40]
        if q.each:
            prev_end = prev.end if prev is not None else max(0, q.start - 60)
            if cues.eq_cue_before(text[prev_end:q.start]):
                return q.unit, False        # "a total of 140 mg each": each person, not each dose
            count = _nearest_count(placed, i, clause, q.start)
            if count is not None:
                return _alias(f"{q.unit}/{count}"), False
            return q.unit, False
        if prev is not None and prev.noun and prev.unit is None and prev.per is None and prev.noun not in ("n", "time"):
            gap_start = prev.end
            hedge_start = q.approx_span[0] if q.approx_span and q.approx_span[0] < q.start else q.start
            if cues.OF_LINK.match(text[gap_start:hedge_start]):
                return _alias(f"{q.unit}/{prev.noun}"), False
        head = text[max(0, q.start - 60):q.approx_span[0] if q.approx_span and q.approx_span[0] < q.start else q.start]
        pm, written = cues.per_thing_before(head)
        if pm:
            return f"{q.unit}/{cues.PERIODIC_UNIT[pm.group('adv').lower()]}", False
        lemma = noun_lemmas().get(written or "")
        if lemma:
            return _alias(f"{q.unit}/{lemma}"), True
        fm = cues.FORM_AFTER.match(after) if q.kind in ("mass", "volume", "amount", "activity") else None
        if fm:
            lemma = noun_lemmas().get(fm.group("noun").lower())
            if lemma:
                return _alias(f"{q.unit}/{lemma}"), False
        fm = cues.for_each_after(after)
        if fm:
            lemma = noun_lemmas().get(fm.group("w1").lower()) or noun_lemmas().get((fm.group("w2") or "").lower())
            if lemma:
                return _alias(f"{q.unit}/{lemma}"), False
        return q.unit, False

    def _add_constants(self, key: str) -> None:
        fm = self.doc.front_matter or {}
        consts = fm.get(key) if isinstance(fm, dict) else None
        if not isinstance(consts, dict):
            return
        for name, raw in consts.items():
            if not isinstance(raw, str | int | float) or isinstance(raw, bool):
                continue
            value = str(raw)
            qs = [q for q in find_quantities(value) if q.unit is not None or q.noun is not None]
            if not qs:
                continue
            q = qs[0]
            src = self._front_matter_span(str(name))
            unit, _ = self._effective_unit(value, q, None, [], 0, -1)
            if unit is None:
                continue
            item = Item(id=len(self.items), q=q, block=-1, sentence=-1, clause=-1, start=0, end=len(value),
                        unit=unit, lo=q.value, hi=q.high if q.high is not None else q.value, label=str(name),
                        given_src=src, given_line=self.doc.loc(src[0])[0], given_display=value.strip())
            item.weight = q.unit in _WEIGHT_UNITS and q.per is None
            self.items.append(item)
            self.constants.append(item)

    def _front_matter_span(self, name: str) -> tuple[int, int]:
        lines = self.doc.front_matter_lines
        pat = re.compile(rf"^\s*['\"]?{re.escape(name)}['\"]?\s*:")
        for n in range(1, min(lines, len(self.doc.lines)) + 1):
            if pat.match(self.doc.line_text(n)):
                start = self.doc.line_start(n) + len(self.doc.line_text(n)) - len(self.doc.line_text(n).lstrip())
                return start, self.doc.line_end(n)
        return 0, 1


# Clinic encounters counted under different names are one thing to pay for ("$500 for each appointment
# ... 12 induction visits").
_ENCOUNTERS = {"visit": "session", "appointment": "session", "treatment": "session"}


@cache
def _alias(unit: str) -> str:
    return "/".join(_ENCOUNTERS.get(part, part) for part in unit.split("/"))


def _clause_index(clauses: list[tuple[int, int]], pos: int) -> int:
    """The index of the clause holding ``pos``; the last clause when none does."""
    if len(clauses) > 1:
        for i, (a, b) in enumerate(clauses):
            if a <= pos < b:
                return i
    return len(clauses) - 1


def _nearest_count(placed: list[tuple[Quantity, Sentence, int]], i: int, clause: int, pos: int) -> str | None:
    """The counted noun of the nearest count before ``placed[i]`` in its clause, within 80 characters."""
    for k in range(i - 1, -1, -1):
        q, _s, c = placed[k]
        if c != clause or pos - q.end > 80:
            return None
        if q.unit is None and q.noun and q.noun not in ("n", "time") and q.per is None:
            return q.noun
    return None


def _is_fraction(q: Quantity) -> bool:
    """"6.5 days a week", "8 hours a day": a share of time."""
    if q.unit is None or q.per is None or "/" not in q.unit:
        return False
    num, den = q.unit.split("/", 1)
    return num in _TIMES and den in _TIMES


_TIMES = frozenset({"s", "min", "h", "day", "week", "month", "year", "decade"})


_WEIGHT_UNITS = frozenset({"kg", "lb"})


def _is_weight(text: str, q: Quantity, start: int) -> bool:
    """Whether a plain mass in kg or lb is a body weight ("a 70 kg person")."""
    return cues.is_weight_phrase(text[max(0, start - 40):start], text[q.end:q.end + 40])


def _display(text: str, q: Quantity) -> str:
    """The quantity as written, with a spelled number shown in digits ("six treatments" → "6 treatments")."""
    written = text[q.start:q.end]
    if q.high is not None and q.unit is None and q.noun is None and q.high_text:
        return f"{q.number_text}–{q.high_text}"
    if q.spelled and q.high is None and q.number_span is not None and q.number_text.lower() not in _ADVERBS:
        a, b = q.number_span
        return written[:a - q.start] + _num(q.value) + written[b - q.start:]
    return " ".join(written.split())


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"

