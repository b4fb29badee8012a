"""Sums: parts of one kind followed by their stated total ("20 mg in the morning and 10 mg at night,
30 mg in all"). Tried only for a result that no product explains and whose cue speaks of a total.

The parts are the quantities of the result's dimension before it in its clause (a daily total
may sum plain amounts: "... 30 mg a day"). A disagreement is reported only when the parts form a
list joined by "and", "plus", "+" or commas, so that the text plainly adds them up.
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

_SUM_CUE = re.compile(r"(?i)(?<![\w-])(?:total\w*|in[^\S\n]+total|in[^\S\n]+all|altogether|all[^\S\n]+told|combined|sum"
                      r"|adds?[^\S\n]+up|added[^\S\n]+up|adding[^\S\n]+up)(?![\w-])|=")
_JOIN = re.compile(r"^[^\S\n]*(?:[\w’'-]+[^\S\n]+){0,5}?(?:and|plus|\+|,)[^\S\n]*(?:[\w’'-]+[^\S\n]+){0,2}$"
                   r"|^[^\S\n]*(?:,|\+|and|plus)[^\S\n]*(?:[\w’'-]+[^\S\n]+){0,5}$")


def _part_unit(it: Item, result_unit: str) -> str | None:
    """The unit a part is added in: its own, or per day for a daily total of plain amounts."""
    if not it.unit:
        return None
    if _same(it.unit, result_unit):
        return it.unit
    if result_unit.endswith("/day") and "/" not in it.unit and _same(it.unit + "/day", result_unit):
        return it.unit + "/day"
    return None


@cache
def _same(a: str, b: str) -> bool:
    try:
        return ua.same_dimension(a, b)
    except Exception:
        return False


def check_sum(model: PageModel, r: Item, before: list[Item], opts: Options) -> Outcome | None:
    assert r.unit is not None
    text = model.block_text(r.block)
    prev_end = before[-1].end if before else model.clause_span(r)[0]
    if not (_SUM_CUE.search(text[prev_end:r.start]) or _SUM_CUE.match(text[r.end:r.end + 20].lstrip())):
        return None
    parts = [(it, u) for it in before if (u := _part_unit(it, r.unit)) is not None and not it.bounded]
    if len(parts) < 2:
        return None
    ends = [0.0, 0.0, 0.0, 0.0]
    elo = ehi = 0.0
    for it, unit in parts:
        for k, v in enumerate(operand_ends(it)):
            ends[k] += au.convert(v, unit, r.unit)
        elo += au.convert(it.lo, unit, r.unit)
        ehi += au.convert(it.hi, unit, r.unit)
    approx = any(it.hedged for it, _ in parts)
    st = stated_of(r, opts.hedge_tolerance, opts.trailing_zeros, approx=approx)
    ok = agrees(Computed(ends[0], ends[1], ends[2], ends[3], elo != ehi), st)
    expr = " + ".join(it.display for it, _ in parts)
    stated = stated_text(r, text)
    head = f"{expr} = {show(elo, ehi, r.unit)}"
    if ok:
        return Outcome("NUM008", r, True, f"{head} ✓ (stated {stated})")
    joined = all(_JOIN.match(text[a.end:b.start]) for (a, _), (b, _) in pairwise(parts))
    part_ids = {p.id for p, _ in parts}
    contiguous = all(not any(a.end <= o.start < b.start for o in before if o.id not in part_ids)
                     for (a, _), (b, _) in pairwise(parts))
    disc = discrepancy(mid(r.lo, r.hi), mid(elo, ehi))
    msg = f"{head}, but the text says {stated}" + (f" ({disc})" if disc else "")
    return Outcome("NUM008", r, False, msg, report=joined and contiguous)
