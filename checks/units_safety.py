"""Units rules read from single quantities: how a dose is written (ISMP, Joint Commission, SI, AMA).

UNT001 number and unit run together, UNT002 lower-case litre, UNT003 "µg"/"ug", UNT004 "cc",
UNT005 "U"/"IU" after a number (the text-only items of UNT005 are in ``units_abbrev``),
UNT006 trailing zero in a dose, UNT007 naked decimal point, UNT008 plural or dotted unit
symbol, UNT010 a slash between two doses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from checks.quantities import Quantity, unit_table
from checks.units_page import DRUG_KINDS, Item, Page, UnitEmitter, squeeze, written

# Kinds whose symbol is written closed up by AMA and life-science style ("50%", "3x", "37°C"), or
# that the SI spacing rule does not reach (a currency sign).
_GLUE_EXEMPT = frozenset({"percent", "multiplier", "temperature", "currency"})
_LITRE = {"ml": "mL", "dl": "dL", "l": "L", "µl": "mcL", "μl": "mcL", "ul": "mcL"}
_LITRE_IN_PER = re.compile(r"(?<![A-Za-zµμ])(?:ml|dl|µl|μl|ul|l)(?![A-Za-z])")
_MICROGRAM = frozenset({"µg", "μg", "ug"})
_MICROGRAM_IN_PER = re.compile(r"(?<![A-Za-z])(?:µg|μg|ug)(?![A-Za-z])")
_CC_IN_PER = re.compile(r"(?<![A-Za-z])cc(?![A-Za-z])")
_PLURALS = {"mgs": "mg", "mcgs": "mcg", "gms": "g", "gs": "g", "kgs": "kg", "mLs": "mL", "mls": "mL"}
# Units a trailing zero misleads in: drug amounts (not body weight, not lab concentrations per dL or L).
_DOSE_UNITS = frozenset({"mg", "mcg", "g", "mL", "L", "unit", "IU", "mEq", "mmol"})
_TRAILING_ZERO = re.compile(r"[0-9,]*\.[0-9]*0")
_SLASH_ONLY = re.compile(r"[^\S\n]*/[^\S\n]*")
_MID_SENTENCE_AFTER_PERIOD = re.compile(r"\.(?:[^\S\n]+[a-z0-9]|[,;:])")
_SYMBOL_PER = re.compile(r"/[^\S\n]*[A-Za-zµμ]+$")   # a denominator that ends in a unit symbol


def check_quantities(page: Page, em: UnitEmitter) -> None:
    # Each item goes only to the rules it can trigger; every gate here is a condition the rule itself
    # returns on or never yields for (UNT001: a numerator kind outside _GLUE_EXEMPT and a glue point, see
    # _glue_points; UNT006/UNT007: a number holding a decimal point; UNT008: a drug kind with a unit span).
    for it in page.items:
        kind = it.numerator_kind
        if kind is not None and kind not in _GLUE_EXEMPT and (it.q.glued or len(it.units) > 1):
            _number_unit_space(it, em)  # a sole (so last) unit glues only in a glued quantity
        if _may_have_form(it):
            _litre(it, em)
            _microgram(it, em)
            _cc(it, em)
            _unit_letters(it, em)
        if _has_point(it.q):
            _trailing_zero(it, em)
            _naked_decimal(it, em)
        if kind in DRUG_KINDS and it.q.unit_span is not None:
            _plural_or_period(it, em)
    _slash_between_doses(page, em)


def _has_point(q: Quantity) -> bool:
    """Whether a number ``_numbers`` yields holds a decimal point."""
    return "." in q.number_text or "." in (q.high_text or "")


# every unit form UNT002-UNT005 read in a numerator
_FORMS = frozenset({*_LITRE, *_MICROGRAM, "cc", "IU", "U", "u"})


def _may_have_form(it: Item) -> bool:
    """Whether UNT002-UNT005 can report ``it``: a numerator unit is one of their forms, or there is a
    denominator (where their patterns look for forms)."""
    if it.q.per_text:
        return True
    for _, _, form in it.units:
        if form in _FORMS:
            return True
    return False


# -- UNT001 ----------------------------------------------------------------------

def _glue_points(it: Item) -> Iterator[tuple[int, int, int]]:
    """(number start, unit start, unit end) for each number written against its unit."""
    q, units = it.q, it.units
    assert q.number_span is not None
    for i, (us, ue, _form) in enumerate(units):
        last = i == len(units) - 1
        if last and q.high_span is not None and q.high_span[1] <= us:
            ns, ne = q.high_span          # "10–15mg": the unit follows the high end
        else:
            ns, ne = q.number_span
        if ne == us and (not last or q.glued):
            yield ns, us, ue


def _number_unit_space(it: Item, em: UnitEmitter) -> None:
    kind = it.numerator_kind
    if kind is None or kind in _GLUE_EXEMPT:
        return
    text = it.block.text
    for ns, us, ue in _glue_points(it):
        glued = text[ns:ue]
        spaced = f"{text[ns:us]} {text[us:ue]}"
        em.emit("UNT001", it.block, ns, ue,
                f'"{glued}": the number and the unit run together; write "{spaced}" '
                f'(a unit run into its number is misread as part of it: "10mg" as "100 mg")',
                suggestion=f'write "{spaced}"', escalate=kind in DRUG_KINDS, edits=((us, us, " "),))


# -- UNT002, UNT003, UNT004: written forms of a unit ----------------------------

def _unit_forms(it: Item, numerator_forms: set[str] | frozenset[str] | dict[str, str], per_cue: str,
                in_per: re.Pattern[str]) -> Iterator[tuple[int, int, str]]:
    """Spans and text of the unit forms in the numerator(s) and the denominator of ``it``; ``per_cue`` is a
    substring every match of ``in_per`` holds."""
    for a, b, form in it.units:
        if form in numerator_forms:
            yield a, b, form
    q = it.q
    if q.per_text and q.per_span and per_cue in q.per_text:
        for m in in_per.finditer(q.per_text):
            yield q.per_span[0] + m.start(), q.per_span[0] + m.end(), m.group(0)


def _whole_with(it: Item, a: int, b: int, new: str) -> str:
    """The quantity as written with [a, b) replaced by ``new`` (and a glued unit spaced off: "5 mL")."""
    q, text = it.q, it.block.text
    if a > q.start and text[a - 1].isdigit() and any(a == u[0] for u in it.units):
        new = " " + new
    return squeeze(text[q.start:a] + new + text[b:q.end])


def _litre(it: Item, em: UnitEmitter) -> None:
    for a, b, form in _unit_forms(it, _LITRE, "l", _LITRE_IN_PER):
        fixed = _LITRE[form]
        micro = " (and \"mc\", not \"µ\" or \"u\", for micro)" if fixed == "mcL" else ""
        em.emit("UNT002", it.block, a, b,
                f'"{form}": write "{fixed}" with a capital L{micro}; a lower-case l is easily read as the digit 1',
                suggestion=f'write "{_whole_with(it, a, b, fixed)}"', edits=((a, b, fixed),))


def _microgram(it: Item, em: UnitEmitter) -> None:
    for a, b, form in _unit_forms(it, _MICROGRAM, "g", _MICROGRAM_IN_PER):
        em.emit("UNT003", it.block, a, b,
                f'"{form}": write "mcg"; "{form}" is misread as "mg", a thousandfold overdose',
                suggestion=f'write "{_whole_with(it, a, b, "mcg")}"', escalate=True, edits=((a, b, "mcg"),))


def _cc(it: Item, em: UnitEmitter) -> None:
    for a, b, _form in _unit_forms(it, {"cc"}, "cc", _CC_IN_PER):
        em.emit("UNT004", it.block, a, b,
                '"cc": write "mL"; a handwritten or faint "cc" is misread as "u" (units) or as zeros',
                suggestion=f'write "{_whole_with(it, a, b, "mL")}"', escalate=True, edits=((a, b, "mL"),))


# -- UNT005 (after a number) ---------------------------------------------------------

def _unit_letters(it: Item, em: UnitEmitter) -> None:
    for a, b, form in it.units:
        if form == "IU":
            em.emit("UNT005", it.block, a, b,
                    '"IU": write "units" (or "international units"); "IU" is misread as "IV" or as "10"',
                    suggestion=f'write "{_whole_with(it, a, b, "units")}"', escalate=True)
        elif form in ("U", "u") and it.numerator == "unit":
            em.emit("UNT005", it.block, a, b,
                    f'"{form}" for units: write "units"; "U" is misread as a zero, a four or "cc"',
                    suggestion=f'write "{_whole_with(it, a, b, "units")}"', escalate=True,
                    edits=((a, b, "units"),))


# -- UNT006, UNT007: decimal points ------------------------------------------------

def _numbers(q: Quantity) -> Iterator[tuple[str, tuple[int, int]]]:
    if q.number_span is not None:
        yield q.number_text, q.number_span
    if q.high_text is not None and q.high_span is not None:
        yield q.high_text, q.high_span


def _is_dose_for_zero(it: Item) -> bool:
    q = it.q
    if it.numerator not in _DOSE_UNITS:
        return False
    if q.per:
        first = unit_table().get(q.per.split("/", 1)[0])
        if first is not None and first.kind == "volume" and first.unit != "mL":
            return False  # "1.0 mg/dL" is a laboratory value, where a trailing zero shows precision
    return True


def _trailing_zero(it: Item, em: UnitEmitter) -> None:
    q, text = it.q, it.block.text
    if not _is_dose_for_zero(it):
        return
    for num, (a, b) in _numbers(q):
        if "." not in num or not _TRAILING_ZERO.fullmatch(num):
            continue
        shown = squeeze(written(q, text))
        plain = num.rstrip("0").rstrip(".")
        misread = num.replace(".", "")
        em.emit("UNT006", it.block, a, b,
                f'"{num}" in "{shown}": a trailing zero after a dose\'s decimal point is easily missed; '
                f'write "{plain}" (if the point is missed, "{num}" reads as "{misread}")',
                suggestion=f'write "{_whole_with(it, a, b, plain)}"', escalate=True)


def _naked_decimal(it: Item, em: UnitEmitter) -> None:
    q, text = it.q, it.block.text
    if q.unit is None or q.kind == "currency":
        return
    for num, (a, b) in _numbers(q):
        if not num.startswith("."):
            continue
        em.emit("UNT007", it.block, a, b,
                f'"{squeeze(written(q, text))}": a decimal point with no zero before it is easily missed '
                f'("{num[1:]}", a tenfold overdose or more); write "0{num}"',
                suggestion=f'write "{_whole_with(it, a, b, "0" + num)}"', escalate=True, edits=((a, a, "0"),))


# -- UNT008 ----------------------------------------------------------------------------

def _last_symbol_end(q: Quantity) -> int | None:
    """End of the last unit symbol of ``q`` when the quantity ends with it ("5 mg", "2 mg/kg")."""
    if q.kind == "age" or q.unit_span is None:
        return None
    if q.per_span is not None:
        return q.per_span[1] if q.per_text and _SYMBOL_PER.search(q.per_text) else None
    return q.unit_span[1] if q.unit_span[1] == q.end else None


def _plural_or_period(it: Item, em: UnitEmitter) -> None:
    q, text = it.q, it.block.text
    if it.numerator_kind not in DRUG_KINDS or q.unit_span is None:
        return
    for a, b, form in it.units:
        if form in _PLURALS:
            single = _PLURALS[form]
            em.emit("UNT008", it.block, a, b, f'"{form}": unit symbols take no plural; write "{single}"',
                    suggestion=f'write "{_whole_with(it, a, b, single)}"', edits=((a, b, single),))
    end = _last_symbol_end(q)
    if end is not None and text.startswith(".", end) and _MID_SENTENCE_AFTER_PERIOD.match(text, end):
        unit = text[q.unit_span[0]:end]
        em.emit("UNT008", it.block, end, end + 1,
                f'"{squeeze(text[q.start:end])}." with a period inside the sentence: a period after a unit symbol '
                f'is misread as the digit 1; write "{squeeze(unit)}" without it',
                suggestion=f'write "{squeeze(text[q.start:end])}"', escalate=True)


# -- UNT010 --------------------------------------------------------------------------

def _slash_between_doses(page: Page, em: UnitEmitter) -> None:
    for items in page.items_by_block.values():
        for left, right in pairwise(items):
            _slash_pair(left, right, em)


def _slash_pair(left: Item, right: Item, em: UnitEmitter) -> None:
    q1, q2, text = left.q, right.q, left.block.text
    m = _SLASH_ONLY.fullmatch(text, q1.end, q2.start)
    if m is None or q1.per or q2.per:
        return
    k1, k2 = left.numerator_kind, right.numerator_kind
    if k1 not in DRUG_KINDS or k1 != k2:
        return  # "250 mg/5 mL" is a concentration, not two doses
    slash = q1.end + m.group(0).index("/")
    first, second = squeeze(written(q1, text)), squeeze(written(q2, text))
    em.emit("UNT010", left.block, slash, slash + 1,
            f'"{first}/{second}": a slash between two doses is misread as the digit 1 '
            f'("{first} and 1{second}"); write "{first} and {second}", or "per" for a rate',
            suggestion=f'write "{first} and {second}"', escalate=True)
