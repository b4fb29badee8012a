"""The messages of product relations: the computation, the stated figure, and which rule it is."""

from __future__ import annotations

from functools import cache

from checks import arith_solver as solver
from checks import unit_algebra as ua
from checks.arith_model import Item, PageModel
from checks.arith_outcome import Outcome
from checks.arith_text import computed_text, stated_text, where
from checks.arith_tolerance import discrepancy, mid


def product_outcome(model: PageModel, r: Item, combo: solver.Combo, ok: bool) -> Outcome:
    """The outcome of a product relation, its message showing the computation."""
    assert r.unit is not None
    if combo.divisor is not None and len(combo.operands) == 1 and r.unit in solver.count_nouns():
        return _count_outcome(model, r, combo, ok)
    code = classify(combo, r.unit)
    elo, ehi = solver.evaluate_exact(combo, r.unit)
    ops = sorted(combo.operands, key=lambda i: (i.sentence != r.sentence, order(i)))
    parts = [i.display + where(i, r) for i in ops]
    expr = " x ".join(parts)
    if combo.divisor is not None:
        expr += " / " + combo.divisor.display + where(combo.divisor, r)
    computed = computed_text(min(elo, ehi), max(elo, ehi), r.unit, combo.operands)
    assumption = combo.assumption_text()
    head = expr + " = " + computed + (f", {assumption}" if assumption else "")
    stated = stated_text(r, model.block_text(r.block))
    severity = "warning" if combo.assumption else None
    if ok:
        return Outcome(code, r, True, f"{head} ✓ (stated {stated})")
    disc = discrepancy(mid(r.lo, r.hi), mid(elo, ehi))
    msg = f"{head}, but the text says {stated}" + (f" ({disc})" if disc else "")
    return Outcome(code, r, False, msg, severity=severity)

def _count_outcome(model: PageModel, r: Item, combo: solver.Combo, ok: bool) -> Outcome:
    """"That is 8 doses of 35 mg": read as 8 doses x 35 mg against the stated total."""
    total, each = combo.operands[0], combo.divisor
    assert each is not None and total.unit is not None and r.unit is not None and each.unit is not None
    f = _count_factor(r.unit, each.unit, total.unit)
    lo, hi = sorted((f * r.lo * each.lo, f * r.hi * each.hi))
    computed = computed_text(lo, hi, total.unit, (each,))
    head = f"{r.display} x {each.display}{where(each, r)} = {computed}"
    stated = stated_text(total, model.block_text(total.block)) + where(total, r)
    code = classify(combo, r.unit)
    if ok:
        return Outcome(code, r, True, f"{head} ✓ (stated {stated})")
    disc = discrepancy(mid(total.lo, total.hi), mid(lo, hi))
    msg = f"{head}, but the text says {stated}" + (f" ({disc})" if disc else "")
    return Outcome(code, total if total.block >= 0 else r, False, msg)


@cache
def _count_factor(count_unit: str, each_unit: str, total_unit: str) -> float:
    """The factor of (count x each) in the total's unit, from pint once per three units."""
    ureg = ua.registry()
    return float((ureg.Quantity(1.0, ua.pint_expr(count_unit)) * ureg.Quantity(1.0, ua.pint_expr(each_unit)))
                 .to(ua.pint_expr(total_unit)).magnitude)


def order(d: Item) -> tuple[int, int]:
    return (d.block, d.start) if d.block >= 0 else (-1, d.id)


def classify(combo: solver.Combo, result_unit: str = "") -> str:
    """The rule a product belongs to, from the kinds of its operands and result."""
    items = combo.all_items
    units = [i.unit or "" for i in items] + [result_unit]
    if combo.body or any(solver.per_body(solver.dims(u)) for u in units if u):
        return "NUM001"
    volume = solver.dims("mL")
    per_volume = any("/" in u and solver.dims(u.rsplit("/", 1)[1]) == volume for u in units)
    volume_head = any(u and solver.dims(u.split("/")[0]) == volume for u in units)
    if per_volume and volume_head:
        return "NUM002"
    if combo.assumption and "/" in combo.assumption:
        return "NUM004"
    if any(solver.is_duration(i) for i in items):
        return "NUM004"
    return "NUM003"
