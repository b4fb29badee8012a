"""When a stated figure agrees with a computed one: statcheck's rounding interval, widened by hedges.

A figure written "3.5" stands for anything from 3.45 to 3.55, so a computation landing there
is no error (Nuijten et al.'s statcheck applies the same reading to reported statistics). A
whole number ending in zeros may itself be rounded ("7000" can be 6500 to 7500), up to 10 %
of its value. A hedge ("about", "~", "roughly") widens the interval by a relative tolerance
(15 % by default); a bound ("over 80", "up to 70") only needs the computed value on its side.
Ranges compare as ranges: end to end, or the computed range inside the stated one.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from checks.arith_model import Item

_NUMERIC = re.compile(r"[0-9][0-9,\u2009\u202f\u00a0 ]*(?:\.[0-9]+)?|\.[0-9]+")
_NOT_DIGIT = re.compile(r"[^0-9.]")


@dataclass(frozen=True)
class Stated:
    """A stated figure as an interval of values it may stand for."""

    lo: float
    hi: float
    r_lo: float
    r_hi: float
    hedge: float
    bound: str | None

    def low_interval(self) -> tuple[float, float]:
        return widen(self.lo, self.r_lo, self.hedge)

    def high_interval(self) -> tuple[float, float]:
        return widen(self.hi, self.r_hi, self.hedge)


def widen(v: float, r: float, hedge: float) -> tuple[float, float]:
    """The values a figure stands for: its rounding interval, or the hedge's, whichever is wider."""
    return min(v - r, v * (1 - hedge)), max(v + r, v * (1 + hedge))


def rounding(number_text: str, value: float, trailing_zeros: bool = True, count: bool = False) -> float:
    """Half a unit of the last digit written; whole numbers ending in zeros may be rounded further.

    A count ("8 doses", "six treatments") is exact unless it ends in zeros ("1200 patients").
    """
    m = _NUMERIC.search(number_text)
    if not m or (not number_text[:1].isdigit() and number_text[:1] not in ".$€£"):
        return 0.5 if float(value).is_integer() and not count else 0.0
    token = _NOT_DIGIT.sub("", m.group(0))
    try:
        base = float(token)
    except ValueError:
        return 0.0
    scale = abs(value / base) if base else 1.0
    if "." in token:
        decimals = len(token.split(".", 1)[1])
        return 0.5 * 10 ** -decimals * scale
    digits = token.lstrip("0") or "0"
    zeros = len(digits) - len(digits.rstrip("0")) if digits != "0" else 0
    r = 0.0 if count else 0.5 * scale
    if trailing_zeros and zeros:
        r = max(r, min(0.5 * 10 ** zeros * scale, 0.1 * abs(value)))
    return r


def is_count(item: Item) -> bool:
    return item.q.unit is None and item.q.noun is not None


def value_interval(item: Item, which: str, hedge: float, trailing_zeros: bool = True) -> tuple[float, float]:
    """The interval one end ("lo" or "hi") of a stated figure stands for."""
    q = item.q
    text = q.high_text if which == "hi" and q.high_text else q.number_text
    v = item.hi if which == "hi" else item.lo
    r = rounding(text, v / item.factor, trailing_zeros, count=is_count(item)) * item.factor
    return widen(v, r, hedge if item.hedged else 0.0)


def stated_of(item: Item, hedge: float, trailing_zeros: bool = True, approx: bool = False) -> Stated:
    """The interval a result stands for; ``approx`` widens it even when the result itself is not hedged."""
    q = item.q
    count = is_count(item)
    r_lo = rounding(q.number_text, q.value, trailing_zeros, count) * item.factor
    r_hi = rounding(q.high_text, q.high, trailing_zeros, count) * item.factor if q.high_text and q.high else r_lo
    h = hedge if (item.hedged or approx) else 0.0
    bound = q.bound if q.bound in ("lower", "upper") else None
    return Stated(item.lo, item.hi, r_lo, r_hi, h, bound)


@dataclass(frozen=True)
class Computed:
    """A computed value or range, each end with the spread its operands' written decimals allow."""

    lo_min: float
    lo_max: float
    hi_min: float
    hi_max: float
    is_range: bool

    @staticmethod
    def exact(lo: float, hi: float) -> Computed:
        lo, hi = min(lo, hi), max(lo, hi)
        return Computed(lo, lo, hi, hi, not _close(lo, hi))


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)


def operand_ends(item: Item, exact_integers: bool = True) -> tuple[float, float, float, float]:
    """(low end - r, low end + r, high end - r, high end + r) with r half a unit of a written decimal."""
    q = item.q
    r = _decimal_rounding(q.number_text, q.value, exact_integers) * item.factor
    rh = _decimal_rounding(q.high_text or q.number_text, q.high or q.value, exact_integers) * item.factor
    return max(item.lo - r, 0.0), item.lo + r, max(item.hi - rh, 0.0), item.hi + rh


def _decimal_rounding(text: str, value: float, exact_integers: bool) -> float:
    """An operand's own rounding: its last written decimal, at most 5 % of it ("0.1" is a dose, not 0.05-0.15)."""
    if "." not in text and exact_integers:
        return 0.0
    return min(rounding(text, value, trailing_zeros=False), 0.05 * abs(value))


def _meet(a: tuple[float, float], b: tuple[float, float]) -> bool:
    eps = 1e-9 * max(abs(a[0]), abs(a[1]), abs(b[0]), abs(b[1]), 1.0)
    return a[0] <= b[1] + eps and b[0] <= a[1] + eps


def agrees(c: Computed, st: Stated) -> bool:
    """Whether a computed value or range is what the stated figure says, within rounding and hedges."""
    lo_a, lo_b = st.low_interval()
    hi_a, hi_b = st.high_interval()
    eps = 1e-9 * max(abs(c.lo_min), abs(c.hi_max), 1.0)
    if st.bound == "lower":
        return c.hi_max >= lo_a - eps
    if st.bound == "upper":
        return c.lo_min <= hi_b + eps
    whole = (c.lo_min, c.hi_max)
    if st.lo == st.hi:
        return _meet(whole, (lo_a, lo_b))                     # a stated value inside the computed range
    if not c.is_range:
        return _meet(whole, (lo_a, hi_b))                     # a computed value inside the stated range
    if _meet((c.lo_min, c.lo_max), (lo_a, lo_b)) and _meet((c.hi_min, c.hi_max), (hi_a, hi_b)):
        return True                                           # end to end
    return c.lo_max >= lo_a - eps and c.hi_min <= hi_b + eps  # the computed range inside the stated one


def fmt(v: float) -> str:
    """A computed number for a message: three significant digits, whole numbers from 100 up."""
    if v == 0 or not math.isfinite(v):
        return "0" if v == 0 else str(v)
    a = abs(v)
    if a >= 1000:
        return str(round(v))
    if a >= 100:
        return f"{v:.1f}".rstrip("0").rstrip(".")
    digits = max(0, 2 - math.floor(math.log10(a)))
    s = f"{v:.{digits}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def fmt_range(lo: float, hi: float) -> str:
    a, b = fmt(lo), fmt(hi)
    return a if a == b else f"{a}–{b}"


def discrepancy(stated: float, computed: float) -> str:
    """How far apart: "10.7 times more", "25 % less"."""
    if computed <= 0 or stated <= 0:
        return ""
    r = stated / computed
    if r >= 2:
        return f"{r:.1f} times more"
    if r > 1:
        return f"{(r - 1) * 100:.0f}% more"
    if 1 / r >= 2:
        return f"{1 / r:.1f} times less"
    return f"{(1 - r) * 100:.0f}% less"


def mid(lo: float, hi: float) -> float:
    return (lo + hi) / 2

