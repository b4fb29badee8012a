"""pint's answers for the arithmetic check, worked out once per unit or pair of units.

pint converts between multiplicative units with one multiplication, ``value * factor``, by a factor
that depends only on the two units; so the factor is asked once per pair and the multiplication done
here gives the same float. Offset units (temperatures) and failures go to pint every time, so a
conversion that fails raises pint's own error as before.
"""

from __future__ import annotations

from functools import cache

from checks import unit_algebra as ua

# Names of the registry's offset units (kelvin, degC, degF and their long names) occur in these.
_OFFSET_MARKS = ("K", "kelvin", "deg")


def _offset(unit: str) -> bool:
    expr = ua.pint_expr(unit)
    return any(mark in expr for mark in _OFFSET_MARKS)


@cache
def _factor(unit: str, to_unit: str) -> float | None:
    """pint's factor from ``unit`` to ``to_unit``; None for offset units or when pint cannot convert."""
    if _offset(unit) or _offset(to_unit):
        return None
    try:
        return ua.convert(1.0, unit, to_unit)
    except Exception:
        return None


def convert(value: float, unit: str, to_unit: str) -> float:
    """``ua.convert``, the same float."""
    f = _factor(unit, to_unit)
    return value * f if f is not None else ua.convert(value, unit, to_unit)


@cache
def convertible(unit: str, to_unit: str) -> bool:
    """Whether ``ua.convert`` from ``unit`` to ``to_unit`` succeeds."""
    if _factor(unit, to_unit) is not None:
        return True
    try:
        ua.convert(1.0, unit, to_unit)
    except Exception:
        return False
    return True


@cache
def pint_expr(unit: str) -> str:
    return ua.pint_expr(unit)
