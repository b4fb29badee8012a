"""What a relation finder hands back to the arithmetic check: a verified or contradicted figure."""

from __future__ import annotations

from dataclasses import dataclass

from checks.arith_model import Item


@dataclass
class Outcome:
    code: str
    item: Item                  # the stated figure (the finding goes on its span)
    ok: bool
    message: str
    severity: str | None = None
    report: bool = True         # a mismatch that may be reported (False: too loosely linked to blame)
    span: tuple[int, int] | None = None   # source span, when not the item's own
    key: frozenset[int] = frozenset()     # ids of the result and its operands (one relation, one outcome)


@dataclass
class Options:
    hedge_tolerance: float = 0.15
    trailing_zeros: bool = True
    window_sentences: int = 2
    page_definitions: bool = True
    assumptions: bool = True
    constants_key: str = "constants"
    grim: bool = True
