"""Unit conversions written side by side: "3 g (3000 mg)", "70 kg (154 lb)", "$50 a month, or $600 a year".

Two quantities of the same dimension in different units, the second right after the first in
parentheses or after "=", "i.e.", "that is", "or". The first is converted with pint and compared
with the second within its rounding. "A or B" also joins alternatives ("40 minutes or 4 hours"),
so a pair linked only by "or" is listed when it agrees and never reported when it does not.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise

from checks import arith_units as au
from checks import unit_algebra as ua
from checks.arith_model import Item, PageModel
from checks.arith_outcome import Options, Outcome
from checks.arith_text import show, stated_text
from checks.arith_tolerance import Computed, agrees, discrepancy, mid, operand_ends, stated_of

_LINK = re.compile(
    r"^[^\S\n]*(?:\([^\S\n]*(?P<pcue>=|≈|i\.?[^\S\n]?e\.?,?|that[’']?s|which[^\S\n]+is|or)?[^\S\n]*"
    r"|,?[^\S\n]*(?P<cue>=|≈|i\.?[^\S\n]?e\.?,?|that[^\S\n]+is,?|which[^\S\n]+is|equals|equal[^\S\n]+to"
    r"|that[’']s|or)[^\S\n]*)$")
_WEIGHT_UNITS = frozenset({"kg", "lb", "oz"})


def find_pairs(model: PageModel) -> list[tuple[Item, Item, bool]]:
    """(first, second, reportable) for every conversion pair on the page."""
    pairs = []
    for s in model.sentences:
        items = s.items
        text = model.block_text(s.block)
        for a, b in pairwise(items):
            if a.clause != b.clause or a.q.unit is None or b.q.unit is None or a.q.unit == b.q.unit:
                continue
            m = _LINK.match(text[a.end:b.start])
            if not m or not convertible_pair(a, b):
                continue
            # "A or B" may offer alternatives; "A (or B)" restates A
            pairs.append((a, b, (m.group("cue") or "").strip() != "or"))
    return pairs


def convertible_pair(a: Item, b: Item) -> bool:
    """Two figures of one dimension in different units, neither a body weight set against a dose."""
    if a.q.unit is None or b.q.unit is None or a.q.unit == b.q.unit or not _convertible(a.q.unit, b.q.unit):
        return False
    return not ((a.weight or b.weight) and not {a.q.unit, b.q.unit} <= _WEIGHT_UNITS)


@cache
def _convertible(u1: str, u2: str) -> bool:
    try:
        return ua.same_dimension(u1, u2) and bool(ua.dimensionality(u1))
    except Exception:
        return False


def check_pair(model: PageModel, a: Item, b: Item, reportable: bool, opts: Options) -> Outcome | None:
    ua_unit, ub_unit = a.q.unit, b.q.unit
    assert ua_unit is not None and ub_unit is not None
    ends = operand_ends(a)
    try:
        c = [au.convert(v, ua_unit, ub_unit) for v in ends]
        exact_lo = au.convert(a.lo, ua_unit, ub_unit)
        exact_hi = au.convert(a.hi, ua_unit, ub_unit)
    except Exception:
        return None
    computed = Computed(min(c), max(c[0], c[1]), min(c[2], c[3]), max(c), a.is_range)
    st = stated_of(b, opts.hedge_tolerance, opts.trailing_zeros, approx=a.hedged)
    ok = agrees(computed, st)
    text = model.block_text(b.block)
    shown = show(min(exact_lo, exact_hi), max(exact_lo, exact_hi), ub_unit)
    stated = stated_text(b, text)
    first = stated_text(a, model.block_text(a.block))
    if ok:
        return Outcome("NUM007", b, True, f"{first} = {shown} ✓ (stated {stated})")
    disc = discrepancy(mid(b.lo, b.hi), mid(exact_lo, exact_hi))
    msg = f"{first} = {shown}, but the text says {stated}" + (f" ({disc})" if disc else "")
    return Outcome("NUM007", b, False, msg, report=reportable and not a.bounded and not b.bounded)
