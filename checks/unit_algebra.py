"""Unit algebra for quantities read by ``checks.quantities``: a small pint registry.

Design
------
* **Lazy and small.** pint is imported on the first call that needs it, never at
  module import, so checks that only read quantities pay nothing. The registry is
  built from our own definitions (below, plus the counted nouns in
  ``rules/vocab/units.yaml``) on an empty ``UnitRegistry(None)``: it knows exactly
  the units the reader can report, and building it costs a few milliseconds instead
  of the quarter second the full default registry takes.
* **Body mass is its own dimension.** In plain pint ``mg/kg`` is mass/mass, i.e.
  dimensionless, so "0.5 mg/kg" could be converted to "0.0005" and compared with a
  ratio (pint issue #1720). Here a mass unit in a *denominator* becomes a body-mass
  unit (``kg`` → ``body_kilogram``, dimension ``[body_mass]``), and ``m2`` in a
  denominator becomes body surface (``[body_surface]``). ``0.5 mg/kg × 70 kg`` is
  therefore not a plain mass until the 70 kg is declared a body weight: call
  ``to_pint(q, body_mass=True)`` for the weight, or ``as_body_mass(...)``.
* **Currency** is a dimension with no exchange rates: ``USD`` is ``[currency]``;
  other currencies have their own dimensions, so they never silently mix.
* **Counted things are dimensions.** Every noun lemma of the vocabulary (dose,
  spray, treatment, session, patient, ...) becomes a base unit with its own
  dimension, so ``10 mg/spray × 3 spray = 30 mg`` and ``$800/treatment × 6
  treatment = $4800`` come out in the right unit, while ``$/dose`` and ``$/month``
  stay incomparable (which is exactly what a "mismatched denominators" check needs).
  "times a day" counts occasions and is dimensionless per time.
* **Activity.** ``IU`` and "units" share ``[activity]``; ``mEq`` is its own
  dimension (milliequivalents cannot become moles without the valence).
* Months are ``year / 12`` and years 365.25 days, as in pint's default registry.

API: ``registry()``, ``pint_expr(unit)``, ``to_pint(q)``, ``convert(value, unit,
to_unit)``, ``same_dimension(a, b)``, ``dimensionality(a)``, ``as_body_mass(x)``.
A ``unit`` string is a canonical unit from the reader ("mg/kg", "USD/month",
"day/week") or, failing that, any expression this registry parses.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from checks.quantities import Quantity, noun_lemmas, unit_table

if TYPE_CHECKING:
    import pint

__all__ = ["as_body_mass", "convert", "dimensionality", "pint_expr", "registry", "same_dimension", "to_pint"]

# Facts about units, in pint's definition syntax.
_DEFINITIONS = """
kilo- = 1e3 = k-
deci- = 1e-1 = d-
centi- = 1e-2 = c-
milli- = 1e-3 = m-
micro- = 1e-6 = µ- = μ- = u- = mc-
nano- = 1e-9 = n-
gram = [mass] = g
meter = [length] = m = metre
second = [time] = s = sec
mole = [substance] = mol
kelvin = [temperature]; offset: 0 = K
liter = decimeter ** 3 = l = L = litre
cubic_centimeter = centimeter ** 3 = cc
minute = 60 * second = min
hour = 60 * minute = h = hr
day = 24 * hour = d
week = 7 * day = wk
year = 365.25 * day = yr
month = year / 12 = mo
decade = 10 * year
pound = 453.59237 * gram = lb
ounce = pound / 16 = oz
inch = 2.54 * centimeter = in
foot = 12 * inch = ft
pascal = kilogram / meter / second ** 2 = Pa
millimeter_Hg = 133.322387415 * pascal = mmHg = mm_Hg
centimeter_H2O = 98.0665 * pascal = cmH2O
joule = kilogram * meter ** 2 / second ** 2 = J
calorie = 4.184 * joule = cal
degree_Celsius = kelvin; offset: 273.15 = degC
degree_Fahrenheit = 5 / 9 * kelvin; offset: 233.15 + 200 / 9 = degF
percent = 0.01 = %
percentage_point = 0.01 = pp
ppm = 1e-6
equivalent = [charge_equivalent] = Eq
international_unit = [activity] = IU
body_kilogram = [body_mass] = kg_bw
body_gram = body_kilogram / 1000 = g_bw
body_milligram = body_kilogram / 1e6 = mg_bw
body_pound = 0.45359237 * body_kilogram = lb_bw
body_square_meter = [body_surface] = m2_bsa
US_dollar = [currency] = USD
euro = [currency_EUR] = EUR
pound_sterling = [currency_GBP] = GBP
canadian_dollar = [currency_CAD] = CAD
australian_dollar = [currency_AUD] = AUD
"""


def _noun_unit(lemma: str) -> str:
    return lemma.replace(" ", "_").replace("-", "_")


@cache
def registry() -> pint.UnitRegistry:
    """The shared registry (built on first use)."""
    import pint

    ureg: pint.UnitRegistry = pint.UnitRegistry(None, autoconvert_offset_to_baseunit=True)
    lines = _DEFINITIONS.strip().splitlines()
    lines += [f"{n} = [{n}]" for n in sorted({_noun_unit(lemma) for lemma in noun_lemmas().values()})]
    ureg.load_definitions(lines)
    return ureg


def _segment_expr(segment: str, denominator: bool) -> str:
    nouns = noun_lemmas()
    table = unit_table()
    u = table.get(segment)
    if u is not None:
        if denominator and u.body:
            return u.body
        return u.pint
    if segment in nouns:
        return _noun_unit(nouns[segment])
    if segment == "time":                  # occasions: "twice a week"
        return "dimensionless"
    return segment


def pint_expr(unit: str) -> str:
    """The registry expression of a canonical unit ("mg/kg" → "(milligram) / (body_kilogram)").

    Strings that are not canonical units, nouns or "/"-joined chains of them pass through
    unchanged, so pint expressions ("kg_bw", "milligram / day") work too.
    """
    parts = unit.split("/")
    if not all(p in unit_table() or p in noun_lemmas() or p == "time" for p in parts):
        return unit
    out = f"({_segment_expr(parts[0], False)})"
    for p in parts[1:]:
        # kg/m2 is a body-mass index (per height squared), not a dose per body surface
        plain = p == "m2" and parts[0] in ("kg", "lb")
        out += f" / ({_segment_expr(p, not plain)})"
    return out


def _quantity_unit(q: Quantity) -> str:
    if q.unit is not None:
        return q.unit
    if q.noun is not None and q.noun in set(noun_lemmas().values()) | {"time"}:
        return "/".join([q.noun, *(q.per.split("/") if q.per else [])])
    if q.per is not None:
        return "/".join(["time", *q.per.split("/")])
    return "dimensionless"


def to_pint(q: Quantity, which: str = "value", body_mass: bool = False) -> pint.Quantity:
    """``q`` as a pint quantity. ``which`` is "value" (the low end) or "high".

    ``body_mass=True`` reads a plain mass ("70 kg") as a body weight, so that it cancels
    the denominator of a weight-based dose.
    """
    ureg = registry()
    magnitude = q.high if which == "high" and q.high is not None else q.value
    unit = _quantity_unit(q)
    if unit == "age" or q.kind == "age":
        unit = q.unit or "year"
    pq = ureg.Quantity(magnitude, pint_expr(unit))
    return as_body_mass(pq) if body_mass else pq


def as_body_mass(x: pint.Quantity) -> pint.Quantity:
    """A plain mass quantity re-expressed as body mass (other quantities unchanged)."""
    ureg = registry()
    if x.dimensionality == ureg.Quantity(1, "gram").dimensionality:
        return ureg.Quantity(x.to("kilogram").magnitude, "body_kilogram")
    return x


def convert(value: float, unit: str, to_unit: str) -> float:
    """``value`` in ``unit`` expressed in ``to_unit`` (pint raises if they are incompatible)."""
    ureg = registry()
    return float(ureg.Quantity(value, pint_expr(unit)).to(pint_expr(to_unit)).magnitude)


def dimensionality(a: Quantity | str) -> Any:
    """The pint dimensionality of a reader quantity or a unit string."""
    ureg = registry()
    unit = _quantity_unit(a) if isinstance(a, Quantity) else a
    return ureg.Quantity(1, pint_expr(unit)).dimensionality


def same_dimension(a: Quantity | str, b: Quantity | str) -> bool:
    """Whether two quantities or units measure the same thing (mg and g: yes; mg/kg and mg: no)."""
    return bool(dimensionality(a) == dimensionality(b))
