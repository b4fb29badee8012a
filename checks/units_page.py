"""What the units rules share: the page's quantities with their blocks, unit vocabulary, an emitter.

Every rule of the units family reads a ``Page``: the quantities the shared reader
(``checks.quantities``) finds in each prose block, code spans dropped, with the block each
came from and whether that block is dosing text. Rules report through ``UnitEmitter``,
which turns plain-text ranges into source offsets, raises Joint Commission and ISMP items
to errors in dosing text, and attaches a fix only when the source holds exactly the text
the edit replaces (no entities, no line breaks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from checks.context import CheckContext
from checks.document import Document, TextBlock, lazy
from checks.finding import Edit
from checks.quantities import Quantity, UnitDef, unit_table, unit_words

# Numerator kinds that measure an amount of drug (as opposed to time, pressure, money...).
DRUG_KINDS = frozenset({"mass", "volume", "amount", "activity"})
# Counted nouns that are themselves a dose form ("one spray", "2 tablets").
DOSE_NOUNS = frozenset({"dose", "spray", "puff", "drop", "tablet", "pill", "capsule", "troche", "lozenge",
                        "injection", "infusion", "patch", "vial", "shot"})


class Item:
    """One quantity and the block it was read from, with what several rules read from the quantity."""

    __slots__ = ("block", "is_dose", "numerator", "numerator_kind", "q", "units")

    def __init__(self, block: TextBlock, q: Quantity, units: dict[str, UnitDef]) -> None:
        """``units``: ``unit_table()``, passed in by the caller that builds every item of a block."""
        self.block = block
        self.q = q
        self.numerator = num = numerator(q)
        u = units.get(num) if num is not None else None
        self.numerator_kind = kind = u.kind if u else None
        self.units = numerator_units(q, block.text)
        # a drug amount ("35 mg", "0.5 mg/kg") or a counted dose form ("one spray", "2 tablets")
        self.is_dose = kind in DRUG_KINDS or (q.kind == "count" and q.noun in DOSE_NOUNS)

    @property
    def in_quote(self) -> bool:
        return self.block.in_quote

    @property
    def running_text(self) -> bool:
        """A paragraph or list item outside quotations (not a heading, table cell or quote)."""
        return self.block.kind == "paragraph" and not self.block.in_quote


@dataclass
class Page:
    doc: Document
    items: list[Item]
    dosing_blocks: frozenset[int]
    options: dict[str, Any]

    def is_dosing(self, block: TextBlock) -> bool:
        return block.index in self.dosing_blocks

    def line_of(self, block: TextBlock, pos: int) -> int:
        return self.doc.loc(block.source_span(pos, pos + 1)[0])[0]

    @lazy
    def own_items(self) -> list[Item]:
        """Items whose style is the author's own (quotations keep their source's style)."""
        return [it for it in self.items if not it.in_quote]

    @lazy
    def items_by_block(self) -> dict[int, list[Item]]:
        """The items of each block (by block index), in order."""
        out: dict[int, list[Item]] = {}
        for it in self.items:
            out.setdefault(it.block.index, []).append(it)
        return out


def quantities_of(block: TextBlock, found: list[Quantity]) -> list[Item]:
    units = unit_table()
    if not block.code:
        return [Item(block, q, units) for q in found]
    return [Item(block, q, units) for q in found if not block.in_code(q.start, q.end)]


# ---------------------------------------------------------------------------
# unit helpers

def numerator(q: Quantity) -> str | None:
    return q.unit.split("/", 1)[0] if q.unit else None


def written(q: Quantity, text: str) -> str:
    """The quantity as written, from its first character to the end of its numerator unit ("3,000 mg")."""
    end = q.unit_span[1] if q.unit_span and q.unit_span[0] >= q.start else q.end
    return text[q.start:end]


def numerator_units(q: Quantity, text: str) -> list[tuple[int, int, str]]:
    """Each numerator unit as written, with its span: both of "50 mg to 80 mg", one of "50 to 80 mg".

    The reader reports only the last unit of a range that repeats it; the first is read back
    from the text between the first number and the range separator.
    """
    out: list[tuple[int, int, str]] = []
    if q.unit_repeated and q.number_span is not None and q.range_sep_span is not None:
        a, b = q.number_span[1], q.range_sep_span[0]
        seg = text[a:b]
        if seg.strip():
            start = a + len(seg) - len(seg.lstrip())
            out.append((start, start + len(seg.strip()), seg.strip()))
    if q.unit_span is not None and q.unit_text is not None:
        out.append((q.unit_span[0], q.unit_span[1], q.unit_text))
    return out


def is_word_unit(unit_text: str) -> bool:
    return " ".join(unit_text.lower().split()) in unit_words() and unit_text.isalpha()


_SPACES = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """Collapse runs of whitespace (a quantity may span a line break) for quoting in messages."""
    return _SPACES.sub(" ", text)


# ---------------------------------------------------------------------------
# emitting

PlainEdit = tuple[int, int, str]  # [start, end) in the block's plain text, replacement


class UnitEmitter:
    """Reports findings for plain-text ranges of blocks, with dosing severity and guarded fixes."""

    def __init__(self, page: Page, ctx: CheckContext) -> None:
        self.page = page
        self.ctx = ctx

    def emit(self, code: str, block: TextBlock, start: int, end: int, message: str, *,
             suggestion: str | None = None, escalate: bool = False, edits: tuple[PlainEdit, ...] = ()) -> None:
        """Report plain range [start, end) of ``block``.

        ``escalate``: the rule is a Joint Commission or ISMP item, an error in dosing text (never
        inside a quotation, whose wording the author does not control).
        """
        s, e = block.source_span(start, end)
        severity = None
        if escalate and self.page.is_dosing(block) and not block.in_quote:
            severity = "error"
        fix = self._fix(block, edits)
        self.ctx.emit(code, s, e, message, suggestion=suggestion, severity=severity, fix=fix)

    def _fix(self, block: TextBlock, edits: tuple[PlainEdit, ...]) -> tuple[Edit, ...]:
        if not edits or block.approximate:
            return ()
        out: list[Edit] = []
        for a, b, text in edits:
            edit = self._source_edit(block, a, b, text)
            if edit is None:
                return ()
            out.append(edit)
        return tuple(out)

    def _source_edit(self, block: TextBlock, a: int, b: int, text: str) -> Edit | None:
        src = self.page.doc.text
        if "\n" in text or not 0 <= a <= b <= len(block.text):
            return None
        if a == b:  # an insertion, next to characters the source holds as written (not entities)
            return self._insertion(block, a, text)
        s, e = block.source_span(a, b)
        if src[s:e] != block.text[a:b] or "\n" in src[s:e]:
            return None
        return Edit(s, e, text)

    def _insertion(self, block: TextBlock, a: int, text: str) -> Edit | None:
        src, plain, offsets = self.page.doc.text, block.text, block.offsets
        if not offsets:
            return None
        left = a - 1 if a > 0 else None
        right = a if a < len(offsets) else None
        for i in (left, right):
            if i is not None and src[offsets[i]] != plain[i]:
                return None
        if left is not None and right is not None and offsets[right] != offsets[left] + 1:
            return None
        at = offsets[right] if right is not None else offsets[-1] + 1
        return Edit(at, at, text)
