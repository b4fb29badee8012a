"""How the arithmetic check writes numbers, units and computations in its messages."""

from __future__ import annotations

from functools import cache

from checks import arith_units as au
from checks.arith_model import Item
from checks.arith_tolerance import fmt_range
from checks.quantities import noun_lemmas

_CURRENCY = {"USD": "$", "EUR": "€", "GBP": "£", "CAD": "C$", "AUD": "A$"}
_SYMBOLS = {"degC": "°C", "degF": "°F", "unit": "units"}
_TIME_WORDS = frozenset({"day", "week", "month", "year", "decade"})
_PLURAL_EXCEPTIONS = {"person": "people", "child": "children", "woman": "women", "man": "men", "mouse": "mice"}


@cache
def _nouns() -> frozenset[str]:
    return frozenset(noun_lemmas().values())


@cache
def _plurals() -> dict[str, str]:
    """Counted noun -> its plural as the vocabulary writes it."""
    return {v: k for k, v in noun_lemmas().items() if k != v}


def _noun(noun: str, value: float) -> str:
    if value == 1:
        return noun
    return _plurals().get(noun) or _PLURAL_EXCEPTIONS.get(noun) or noun + "s"


def show(lo: float, hi: float, unit: str) -> str:
    """A value in a canonical unit: "280 mg", "$4800", "3 sprays", "10 mg/spray", "2 times a day"."""
    num = fmt_range(lo, hi)
    head, _, per = unit.partition("/")
    nouns = _nouns()
    if head in _CURRENCY:
        text = f"{_CURRENCY[head]}{num}"
    elif head in nouns:
        text = f"{num} {_noun(head, hi)}"
    elif head == "time":
        text = f"{num} times"
    elif head in ("dimensionless", ""):
        text = num
    elif head in _SYMBOLS:
        text = f"{num} {_SYMBOLS[head]}"
    elif head in _TIME_WORDS and hi != 1:
        text = f"{num} {head}s"
    else:
        text = f"{num} {head}"
    if per:
        text += f" per {per.replace('/', ' per ')}" if head in nouns or head == "time" else f"/{per}"
    return text


def natural_unit(operands: tuple[Item, ...], result_unit: str) -> str | None:
    """The unit the operands speak in when the result uses another ("mg" for a result in g)."""
    head, _, per = result_unit.partition("/")
    heads = [it.unit.split("/")[0] for it in operands if it.unit and not it.weight and "/" in it.unit]
    heads += [it.unit for it in operands if it.unit and "/" not in it.unit and not it.weight]
    nouns = _nouns() | {"time"}
    if head in heads:
        return None
    for oh in heads:
        if oh in nouns:
            continue
        candidate = oh + (f"/{per}" if per else "")
        if au.convertible(result_unit, candidate):
            return candidate
    return None


def computed_text(lo: float, hi: float, result_unit: str, operands: tuple[Item, ...]) -> str:
    """"280 mg (0.28 g)": the computed value in the operands' unit, then in the result's."""
    nat = natural_unit(operands, result_unit)
    in_result = show(lo, hi, result_unit)
    if nat is None:
        return in_result
    a = au.convert(lo, result_unit, nat)
    b = au.convert(hi, result_unit, nat)
    return f"{show(a, b, nat)} ({in_result})"


def stated_text(item: Item, text: str) -> str:
    """The result as written, hedge included ("about 3g")."""
    if item.block < 0:
        return item.display
    return " ".join(text[item.start:item.end].split())


def where(item: Item, result: Item) -> str:
    """" (line 12)" for an operand stated on another line than the result, else ""."""
    if item.block < 0:
        return f" ({item.label} in the front matter)" if item.label else " (front matter)"
    return f" (line {item.line})" if item.line != result.line else ""

