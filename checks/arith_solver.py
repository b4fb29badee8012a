"""Find the operands that produce a stated result, by dimensional analysis.

``search`` tries every small set of candidate operands (up to four) and keeps the sets whose
product has the result's dimension, in pint's algebra (``checks.unit_algebra``): body mass,
currency and every counted noun are dimensions of their own, so ``mg/kg × kg`` is a mass only
when the kilograms are a body weight and ``USD/treatment × treatment`` is money. Sets are
ranked by cost: fewer operands, fewer assumptions, nearer to the result.

Besides plain products a set may

* divide by one operand when that operand is what the result is "per" ("35 mg for a 70 kg
  person, i.e. 0.5 mg/kg"; "$4800 for six treatments, $800 each");
* leave the result's "per counted thing" implicit ("100 mg/ml × 0.1 ml at a time = 10 mg per
  spray");
* assume one dose a day (a per-dose amount over a duration: "six years ... 3.5 g/dose"), or
  one dose each time (a per-dose amount at a frequency: "3.5 g/dose twice a day"); such sets
  say so in the message.

Shares of time ("6.5 days a week") are dimensionless; they join a set that has a duration.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from checks import arith_units as au
from checks import unit_algebra as ua
from checks.arith_model import Item
from checks.arith_tolerance import Computed, operand_ends
from checks.quantities import noun_lemmas

if TYPE_CHECKING:
    import pint

Dims = tuple[tuple[str, float], ...]

_TIME: Dims = (("[time]", 1.0),)
_MAX_OPERANDS = 4


@dataclass(frozen=True)
class Combo:
    operands: tuple[Item, ...]
    divisor: Item | None = None
    body: frozenset[int] = frozenset()       # ids of masses read as body weight
    absorbed: str | None = None              # the result's "per" noun, left implicit in the operands
    assumption: str | None = None            # "dose/day" (one dose a day) or "dose" (one dose each time)
    cost: tuple[float, float, float] = (0.0, 0.0, 0.0)

    @property
    def all_items(self) -> tuple[Item, ...]:
        return self.operands + ((self.divisor,) if self.divisor is not None else ())

    def assumption_text(self) -> str | None:
        if self.assumption is None:
            return None
        noun = self.assumption.split("/")[0]
        if "/" in self.assumption:
            return f"assuming one {noun} a day"
        return f"assuming one {noun} each time"


@cache
def dims(unit: str) -> Dims:
    return tuple(sorted((k, float(v)) for k, v in dict(ua.dimensionality(unit)).items()))


@lru_cache(maxsize=8192)
def _mul(a: Dims, b: Dims, sign: float = 1.0) -> Dims:
    out = dict(a)
    for k, v in b:
        out[k] = out.get(k, 0.0) + sign * v
    return tuple(sorted((k, v) for k, v in out.items() if v != 0))


@cache
def _body_dims() -> Dims:
    return dims("kg_bw")


def per_body(d: Dims) -> bool:
    return any(k == "[body_mass]" and v < 0 for k, v in d)


@cache
def count_nouns() -> frozenset[str]:
    return frozenset(noun_lemmas().values())


def per_noun(unit: str) -> str | None:
    """The counted noun a unit is per ("mg/spray" → "spray"), or None."""
    if "/" not in unit:
        return None
    last = unit.rsplit("/", 1)[1]
    return last if last in count_nouns() else None


def _nouns_per(unit: str) -> tuple[str, ...]:
    """The counted nouns a unit is per, in order ("USD/dose/day" → ("dose",))."""
    out: list[str] = []
    for seg in unit.split("/")[1:]:
        if seg in count_nouns() and seg not in out:
            out.append(seg)
    return tuple(out)


def is_duration(it: Item) -> bool:
    return bool(it.unit) and dims(it.unit) == _TIME


@dataclass(slots=True)
class _Info:
    """What the search needs to know about one candidate, computed once."""

    item: Item
    dims: Dims
    body_dims: Dims
    per_body: bool
    per_nouns: tuple[str, ...]
    per_noun: str | None
    duration: bool
    frequency: bool
    weight_unit: bool
    counted: str | None         # the unit's head when it is a counted noun ("dose" of "dose/day")
    plain_code: int | None      # ``_code`` of ``dims`` and of ``body_dims``
    body_code: int | None
    covers: frozenset[str]      # base dimensions of ``dims``, ``body_dims`` and each of ``per_nouns``


def _info(it: Item) -> _Info:
    assert it.unit is not None
    return _Info(it, *_unit_facts(it.unit))


# masses read as a body weight where a dose is "per kg" ("0.5 mg/kg ... a 70 kg person")
_BODY_MASSES = ("kg", "lb", "g")


@cache
def _unit_facts(unit: str) -> tuple[Dims, Dims, bool, tuple[str, ...], str | None, bool, bool, bool, str | None,
                                    int | None, int | None, frozenset[str]]:
    """The fields of ``_Info`` that follow from the unit alone."""
    d = dims(unit)
    plain_weight = unit in _BODY_MASSES
    body = _body_dims() if plain_weight else d
    head = unit.split("/")[0]
    nouns = _nouns_per(unit)
    covers = frozenset(k for dd in (d, body, *(dims(n) for n in nouns)) for k, _v in dd)
    return (d, body, per_body(d), nouns, per_noun(unit), d == _TIME, unit.startswith("time/"),
            plain_weight, head if head in count_nouns() else None, _code(d), _code(body), covers)


@cache
def _result_facts(unit: str) -> tuple[tuple[tuple[Dims, str | None], ...], frozenset[Dims], str | None,
                                      tuple[frozenset[str], ...]]:
    """The targets (the result's dimension; also times its "per" noun, left implicit), what the result is
    per, its counted noun, and the base dimensions each target needs, for a result in ``unit``."""
    target = dims(unit)
    absorbed_noun = per_noun(unit)
    targets: list[tuple[Dims, str | None]] = [(target, None)]
    if absorbed_noun is not None:
        targets.append((_mul(target, dims(absorbed_noun)), absorbed_noun))
    per_dims = frozenset(_body_dims() if p in _BODY_MASSES else dims(p) for p in unit.split("/")[1:])
    needs = tuple(frozenset(k for k, v in tgt if v) for tgt, _ in targets)
    return tuple(targets), per_dims, unit if unit in count_nouns() else None, needs


_MAX_CANDIDATES = 10


def search(result: Item, candidates: list[Item], distance: dict[int, float], *, defs: AbstractSet[int] = frozenset(),
           allow_assumptions: bool = True) -> list[Combo]:
    """Every small set of candidates whose product has the result's dimension, cheapest first.

    Sizes are tried upwards; the search stops one size after the first that matches (the larger
    sets are alternatives when the cheapest disagrees). Only the nearest candidates take part.
    """
    assert result.unit is not None
    targets, per_dims, result_noun, needs = _result_facts(result.unit)
    cands = [c for c in candidates if c.unit is not None and c.id != result.id]
    cands = sorted(cands, key=lambda c: distance.get(c.id, 1e6))[:_MAX_CANDIDATES]
    infos = [_info(c) for c in cands]
    # "one dose a day" only where the text gives days of use ("6.5 days a week")
    allow_daily = allow_assumptions and any(c.fraction for c in cands)
    if not _reachable(needs, infos, allow_daily):
        return []
    counted = frozenset(i.counted for i in infos if i.counted is not None)
    ctx = _SearchContext(targets, per_dims, result_noun, distance, defs, allow_assumptions, allow_daily, counted)
    out: list[Combo] = []
    found_at = None
    sets = _Sets(infos, ctx)
    largest = min(_MAX_OPERANDS, len(infos))
    for size in range(1, largest + 1):
        if found_at is not None and size > found_at + 1:
            break
        for subset in sets.next_size(size >= 2, grow=size < largest and (found_at is None or size <= found_at)):
            got = _match_subset(subset, ctx)
            if got:
                out.extend(got)
                found_at = size if found_at is None else found_at
    out.sort(key=lambda c: c.cost)
    return out


def _reachable(needs: tuple[frozenset[str], ...], infos: list[_Info], allow_daily: bool) -> bool:
    """Whether some target's base dimensions (``needs``) all occur among the candidates' (as read plainly, as
    body weight, or in a noun they are per), and in time when one dose a day may be assumed. A product of
    candidates, divided by one of them, times an assumed noun of theirs (per day), has no other base dimension,
    so when this is False ``_match_subset`` accepts no set."""
    covered = set().union(*(i.covers for i in infos))
    if allow_daily:
        covered.add("[time]")
    return any(n <= covered for n in needs)


@dataclass(slots=True)
class _SearchContext:
    targets: tuple[tuple[Dims, str | None], ...]
    per_dims: frozenset[Dims]           # what the result is "per" (a divisor must be one of these)
    result_noun: str | None
    distance: dict[int, float]
    defs: AbstractSet[int]
    allow_assumptions: bool
    allow_daily: bool
    counted: frozenset[str]     # nouns the text counts: no assumption about how many of them


def _body_of(subset: tuple[_Info, ...], ctx: _SearchContext) -> bool:
    """Whether the set's masses are read as body weight."""
    return any(i.per_body for i in subset) or _body_dims() in ctx.per_dims


_SLOT_BITS = 16
_slots: dict[str, int] = {}     # base dimension -> its place in a dimension code


@cache
def _code(d: Dims) -> int | None:
    """``d`` as one integer, exponent e of the k-th base dimension adding e * 2**(16 k), so that a product
    of dimensions is a sum of codes; None unless every exponent is a small whole number."""
    code = 0
    for name, v in d:
        if not float(v).is_integer() or abs(v) >= 1 << (_SLOT_BITS - 4):
            return None
        code += int(v) << (_SLOT_BITS * _slots.setdefault(name, len(_slots)))
    return code


_PER_BODY, _FRACTION, _DURATION = 1, 2, 4
_SHARE_ALONE = _FRACTION | _DURATION      # a set's flags masked so: a share of time and no duration is _FRACTION


class _Sets:
    """The sets of candidates in ``combinations`` order, one size at a time, less those that ``_match_subset``
    must reject: a share of time without a duration, or a product that no divisor and assumption can turn
    into a target (see ``_Screen``)."""

    def __init__(self, infos: list[_Info], ctx: _SearchContext) -> None:
        self.infos = infos
        self.screen = _Screen.of(infos, ctx)
        self.plain_codes = self.screen.plain if self.screen else (0,) * len(infos)
        self.body_codes = self.screen.body if self.screen else (0,) * len(infos)
        self.body_result = _body_dims() in ctx.per_dims
        # each candidate's flags: per body weight, a share of time, a duration
        self.flags = [(_PER_BODY if i.per_body else 0) | (_FRACTION if i.item.fraction else 0)
                      | (_DURATION if i.duration else 0) for i in infos]
        # the sets of the last size, each with its plain and body codes, its members' flags (or-ed), the
        # members' bit mask and the last member's index
        self.level: list[tuple[int, int, int, int, int]] = [(0, 0, 0, 0, -1)]

    def next_size(self, several: bool, grow: bool = True) -> list[tuple[_Info, ...]]:
        """The sets one member larger than the last (``several``: of two members or more); ``grow=False`` when
        no larger sets will be asked for."""
        infos, screen, flags = self.infos, self.screen, self.flags
        per_body, share_alone, fraction = _PER_BODY, _SHARE_ALONE, _FRACTION
        plain_codes, body_codes, body_result = self.plain_codes, self.body_codes, self.body_result
        # ``_Screen``: the product is a goal, or (two members or more) a goal times the square of a member
        # allowed to divide
        accepted = screen.accepted(several) if screen is not None else None
        n = len(infos)
        bits = [1 << k for k in range(n)]
        grown = []
        masks = []
        for plain, body, flag, mask, last in self.level:
            for k in range(last + 1, n):
                p = plain + plain_codes[k]
                b = body + body_codes[k]
                f = flag | flags[k]
                m = mask | bits[k]
                if grow:
                    grown.append((p, b, f, m, k))
                if f & share_alone == fraction:
                    continue                    # a share of time joins only a set with a duration
                if accepted is None:
                    masks.append(m)
                elif body_result or f & per_body:
                    if accepted[1].get(b, 0) & m:
                        masks.append(m)
                elif accepted[0].get(p, 0) & m:
                    masks.append(m)
        self.level = grown
        return [tuple(i for k, i in enumerate(infos) if m >> k & 1) for m in masks]


@cache
def _goal_codes(targets: tuple[Dims, ...], nouns: frozenset[str]) -> frozenset[int] | None:
    """The codes of every target divided by each assumption about ``nouns`` (one each time, one a day)."""
    goal_dims = list(targets)
    for tgt in targets:
        for n in nouns:
            goal_dims += [_mul(tgt, dims(n), -1.0), _mul(_mul(tgt, _TIME), dims(n), -1.0)]
    codes = [_code(d) for d in goal_dims]
    return None if any(c is None for c in codes) else frozenset(c for c in codes if c is not None)


@dataclass(frozen=True, slots=True)
class _Screen:
    """Which products could match at all, so that most sets are rejected with one lookup.

    ``_match_subset`` accepts a set only when its product, divided by the square of one allowed divisor
    or by none, times at most one assumed noun (per day), is a target. ``goals`` holds (as dimension
    codes) every target divided by every assumption any candidate could add; ``via`` maps the goals
    times the square of each allowed divisor to the candidates (bit mask) that may divide, per body reading.
    """

    # for one candidate, then for sets of two or more: per body reading, the codes a set's product may have,
    # each with the members (bit mask, -1: any) that make it acceptable (the goals; for sets also ``via``)
    tables: tuple[tuple[dict[int, int], dict[int, int]], tuple[dict[int, int], dict[int, int]]]
    plain: tuple[int, ...]          # code of each candidate, read plainly
    body: tuple[int, ...]           # and with plain masses as body weight

    def accepted(self, several: bool) -> tuple[dict[int, int], dict[int, int]]:
        return self.tables[several]

    @staticmethod
    def of(infos: list[_Info], ctx: _SearchContext) -> _Screen | None:
        """None when some dimension has no code: then every set is tried."""
        nouns = frozenset(n for i in infos for n in i.per_nouns) if ctx.allow_assumptions else frozenset()
        goals = _goal_codes(tuple(tgt for tgt, _ in ctx.targets), nouns)
        codes = [i.plain_code for i in infos] + [i.body_code for i in infos]
        if goals is None or any(c is None for c in codes):
            return None
        plain = tuple(c or 0 for c in codes[:len(infos)])
        body = tuple(c or 0 for c in codes[len(infos):])
        via: tuple[dict[int, int], dict[int, int]] = ({}, {})
        for reading, table in enumerate(via):
            for k, i in enumerate(infos):
                dd = i.body_dims if reading else i.dims
                if dd in ctx.per_dims or (ctx.result_noun is not None and i.per_noun == ctx.result_noun):
                    square = 2 * (body[k] if reading else plain[k])
                    for g in goals:
                        table[g + square] = table.get(g + square, 0) | 1 << k
        any_member = dict.fromkeys(goals, -1)
        return _Screen(((any_member, any_member), ({**via[0], **any_member}, {**via[1], **any_member})), plain, body)


def _match_subset(subset: tuple[_Info, ...], ctx: _SearchContext) -> list[Combo]:
    body = _body_of(subset, ctx)
    body_ids = frozenset(i.item.id for i in subset if body and i.weight_unit)
    ds = [i.body_dims if body else i.dims for i in subset]
    total: Dims = ()
    for d in ds:
        total = _mul(total, d)
    found: list[Combo] = []
    divisors: list[int | None] = [None]
    if len(subset) >= 2:
        divisors += list(range(len(subset)))
    has_duration = any(i.duration for i in subset)
    has_frequency = any(i.frequency for i in subset)
    for di in divisors:
        if di is not None:
            dd = ds[di]
            per_ok = dd in ctx.per_dims
            noun_ok = ctx.result_noun is not None and subset[di].per_noun == ctx.result_noun
            if not (per_ok or noun_ok):
                continue
            prod = _mul(total, dd, -2.0)
        else:
            if len(subset) == 1 and subset[0].item.factor == 1.0:
                continue
            prod = total
        ops = tuple(i.item for k, i in enumerate(subset) if k != di)
        divisor = subset[di].item if di is not None else None
        nouns = [n for k, i in enumerate(subset) if k != di for n in i.per_nouns]
        for tgt, absorbed in ctx.targets:
            extra = 1.0 if absorbed else 0.0
            if prod == tgt:
                found.append(_combo(ops, divisor, body_ids, absorbed, None, extra, ctx))
                continue
            if not ctx.allow_assumptions:
                continue
            for noun in dict.fromkeys(nouns):
                if noun in ctx.counted:
                    continue
                nd = dims(noun)
                if ctx.allow_daily and has_duration and not has_frequency \
                        and _mul(prod, _mul(nd, _TIME, -1.0)) == tgt:
                    found.append(_combo(ops, divisor, body_ids, absorbed, f"{noun}/day", extra + 1.5, ctx))
                elif has_frequency and _mul(prod, nd) == tgt:
                    found.append(_combo(ops, divisor, body_ids, absorbed, noun, extra + 0.5, ctx))
    return found


def _combo(ops: tuple[Item, ...], divisor: Item | None, body: frozenset[int], absorbed: str | None,
           assumption: str | None, extra: float, ctx: _SearchContext) -> Combo:
    items = ops + ((divisor,) if divisor is not None else ())
    n = len(items) + extra + (1.0 if divisor is not None else 0.0)
    used_defs = sum(1 for it in items if it.id in ctx.defs)
    dist = sum(ctx.distance.get(it.id, 1e6) for it in items)
    return Combo(ops, divisor, body, absorbed, assumption, (n, float(used_defs), dist))


def with_fractions(combo: Combo, fractions: list[Item]) -> Combo:
    """Add shares of time ("6.5 days a week") to a set that has a duration and none yet."""
    if not any(is_duration(c) for c in combo.operands) or any(c.fraction for c in combo.operands):
        return combo
    extra = tuple(f for f in fractions if f.id not in {c.id for c in combo.all_items})
    if not extra:
        return combo
    ops = tuple(sorted(combo.operands + extra, key=lambda c: (c.block, c.start) if c.block >= 0 else (-1, c.id)))
    return Combo(ops, combo.divisor, combo.body, combo.absorbed, combo.assumption, combo.cost)


def _pint_unit(it: Item, combo: Combo) -> str:
    assert it.unit is not None
    if it.id in combo.body:
        return {"kg": "body_kilogram", "lb": "body_pound", "g": "body_gram"}[it.unit]
    return au.pint_expr(it.unit)


def _factor(combo: Combo, result_unit: str) -> float:
    return _unit_factor(tuple(_pint_unit(it, combo) for it in combo.operands),
                        _pint_unit(combo.divisor, combo) if combo.divisor is not None else None,
                        combo.assumption, combo.absorbed, result_unit)


@lru_cache(maxsize=4096)
def _unit_factor(operands: tuple[str, ...], divisor: str | None, assumption: str | None, absorbed: str | None,
                 result_unit: str) -> float:
    """The conversion factor of a set's units to the result's; keyed by unit names only, so a page's
    repeated sets (and every page's common ones) pay pint once."""
    ureg = ua.registry()
    x: pint.Quantity = ureg.Quantity(1.0, "dimensionless")
    for unit in operands:
        x = x * ureg.Quantity(1.0, unit)
    if divisor is not None:
        x = x / ureg.Quantity(1.0, divisor)
    if assumption is not None:
        x = x * ureg.Quantity(1.0, ua.pint_expr(assumption))
    if absorbed is not None:
        x = x / ureg.Quantity(1.0, ua.pint_expr(absorbed))
    return float(x.to(ua.pint_expr(result_unit)).magnitude)


def evaluate(combo: Combo, result_unit: str) -> Computed | None:
    """The computed value or range in the result's unit, each end spread by written decimals."""
    f = _factor(combo, result_unit)
    lo_min = lo_max = hi_min = hi_max = f
    for it in combo.operands:
        a, b, c, d = operand_ends(it)
        lo_min, lo_max, hi_min, hi_max = lo_min * a, lo_max * b, hi_min * c, hi_max * d
    exact_lo, exact_hi = evaluate_exact(combo, result_unit)
    if combo.divisor is not None:
        a, b, c, d = operand_ends(combo.divisor)
        if min(a, c) <= 0:
            return None
        lo_min, lo_max, hi_min, hi_max = lo_min / d, lo_max / c, hi_min / b, hi_max / a
    lo_min, hi_max = min(lo_min, hi_min, lo_max, hi_max), max(lo_min, hi_min, lo_max, hi_max)
    c_ = Computed.exact(exact_lo, exact_hi)
    return Computed(lo_min, max(lo_max, lo_min), min(hi_min, hi_max), hi_max, c_.is_range)


def evaluate_exact(combo: Combo, result_unit: str) -> tuple[float, float]:
    """The computed range from the values as written (for messages)."""
    f = _factor(combo, result_unit)
    lo = hi = f
    for it in combo.operands:
        lo *= it.lo
        hi *= it.hi
    if combo.divisor is not None:
        lo /= combo.divisor.hi
        hi /= combo.divisor.lo
    return lo, hi
