"""Units rules about one consistent style per page (AMA, SI, ISMP; configurable).

UNT012 thousands separators in drug amounts, UNT013 range style in running text, UNT014 unit
words beside numerals, UNT015 the blood-pressure unit, UNT016 number-and-unit compound
adjectives ("16-year-old"), UNT017 the space before "%".

Quotations keep their source's style: they are neither reported nor counted. A consistency
finding names the form the page uses elsewhere and one line where it does.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from checks.quantities import Quantity
from checks.units_page import DRUG_KINDS, Item, Page, UnitEmitter, is_word_unit, squeeze, written

THIN_SPACE = "\u2009"
_GROUP_SPACES = " \u2009\u202f\u00a0"


@dataclass(frozen=True)
class Styled:
    """One written occurrence of a style choice: which style, where, and how to quote it."""

    style: str
    item: Item
    start: int  # plain range in item.block of the text a finding marks
    end: int
    shown: str


def check_style(page: Page, em: UnitEmitter) -> None:
    _thousands(page, em)
    _ranges(page, em)
    _unit_words(page, em)
    _blood_pressure(page, em)
    _age_adjectives(page, em)
    _percent(page, em)


def _option(page: Page, name: str, choices: tuple[str, ...], default: str) -> str:
    value: Any = page.options.get(name)
    return value if value in choices else default


def _style_plan(mode: str, targets: dict[str, str], entries: list[Styled]) -> tuple[str, Styled | None, list[Styled]]:
    """The style the page should use (the configured one, or its most used for "consistent"), one place
    that uses it, and the entries written otherwise."""
    target = targets.get(mode) or _majority(entries)
    example = _first(entries, lambda e: e.style == target)
    return target, example, [e for e in entries if e.style != target]


def _majority(entries: list[Styled]) -> str:
    """The most used style; a tie goes to the style used first."""
    counts = Counter(e.style for e in entries)
    first: dict[str, int] = {}
    for i, e in enumerate(entries):
        first.setdefault(e.style, i)
    return max(counts, key=lambda s: (counts[s], -first[s]))


def _first(entries: list[Styled], pred: Any) -> Styled | None:
    return next((e for e in entries if pred(e)), None)


def _where(page: Page, e: Styled) -> str:
    return f'"{e.shown}" (line {page.line_of(e.item.block, e.start)})'


# -- UNT012 thousands separators --------------------------------------------------------

def _grouping(num: str) -> str | None:
    """ "comma", "space" or "plain" for a number of 1,000 or more written in digits, else None."""
    if len(num) < 4:  # fewer than four digits: the quick answer for most numbers
        return None
    whole = num.split(".", 1)[0]
    if not whole[:1].isdigit() or sum(c.isdigit() for c in whole) < 4 or not all(
            c.isdigit() or c == "," or c in _GROUP_SPACES for c in whole):
        return None
    if "," in whole:
        return "comma"
    return "space" if any(c in _GROUP_SPACES for c in whole) else "plain"


def _regroup(num: str, comma: bool) -> str:
    whole, dot, frac = num.partition(".")
    digits = "".join(c for c in whole if c.isdigit())
    if comma:
        out = f"{int(digits):,}"
    elif len(digits) <= 4:
        out = digits
    else:
        head = len(digits) % 3 or 3
        out = THIN_SPACE.join([digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)])
    return out + dot + frac


def _thousand_entries(page: Page) -> list[Styled]:
    out: list[Styled] = []
    for it in page.own_items:
        q = it.q
        if it.numerator_kind not in DRUG_KINDS:
            continue
        for num, span in ((q.number_text, q.number_span), (q.high_text, q.high_span)):
            style = _grouping(num) if num is not None and span is not None else None
            if style is not None and span is not None:
                out.append(Styled(style, it, span[0], span[1], squeeze(written(q, it.block.text))))
    return out


def _thousands(page: Page, em: UnitEmitter) -> None:
    mode = _option(page, "thousands_style", ("ismp", "ama", "consistent"), "ismp")
    entries = _thousand_entries(page)
    if not entries:
        return
    with_comma = [e for e in entries if e.style == "comma"]
    without = [e for e in entries if e.style != "comma"]
    if mode == "ismp":
        flagged, want_comma = without, True
    elif mode == "ama":
        flagged, want_comma = with_comma, False
    else:
        want_comma = _majority([Styled("comma" if e.style == "comma" else "none", e.item, e.start, e.end, e.shown)
                                for e in entries]) == "comma"
        flagged = without if want_comma else with_comma
    others = with_comma if want_comma else without
    for e in flagged:
        _report_thousands(page, em, e, want_comma, others[0] if others else None, mode)


_GROUPING_TEXT = {"plain": "has no thousands separator", "space": "is grouped with spaces, not commas",
                  "comma": "has a comma as thousands separator"}


def _report_thousands(page: Page, em: UnitEmitter, e: Styled, want_comma: bool, other: Styled | None,
                      mode: str) -> None:
    text = e.item.block.text
    num = text[e.start:e.end]
    new = _regroup(num, want_comma)
    has = _GROUPING_TEXT[e.style]
    subject = f'"{num}" in "{e.shown}"' if e.item.q.is_range else f'"{e.shown}"'
    if other is not None:
        other_has = "has commas" if want_comma else "has none"
        message = f'{subject} {has} but {_where(page, other)} {other_has}: use one style'
        if mode != "consistent":
            message += " (ISMP: commas from 1,000)" if mode == "ismp" else " (AMA and SI: no commas)"
    elif mode == "ismp":
        message = f'{subject} {has}: ISMP asks for commas in doses of 1,000 and more so the size reads at a glance'
    else:
        message = f'{subject} {has}: AMA and SI style write no commas in numbers ("1000", "12 345")'
    at = e.shown.find(num)
    rest = e.shown[at + len(num):]
    shown_new = e.shown[:at] + new + (" " if rest[:1].isalpha() else "") + rest  # "7000g": "7,000 g"
    em.emit("UNT012", e.item.block, e.start, e.end, message, suggestion=f'write "{shown_new}"',
            edits=((e.start, e.end, new),))


# -- UNT013 range style -------------------------------------------------------------------

_RANGE_KINDS = frozenset({"mass", "volume", "amount", "activity", "time", "pressure", "temperature", "length"})
_FORM_TEXT = {"to": " to ", "en dash": "–", "spaced dash": " – ", "em dash": "—", "hyphen": "-",
              "spaced hyphen": " - "}
_FORM_NAME = {"to": '"to"', "en dash": "an en dash", "spaced dash": "a spaced dash", "em dash": "an em dash",
              "hyphen": "a hyphen", "spaced hyphen": "a spaced hyphen"}


def _range_form(q: Quantity, raw: str) -> str | None:
    if q.range_sep == "to":
        return None if raw.lstrip().startswith("-") else "to"  # "6- to 8-week": a compound adjective
    core = raw.strip()
    spaced = raw != core
    if core == "–":
        return "spaced dash" if spaced else "en dash"
    if core == "—":
        return "spaced dash" if spaced else "em dash"
    if core in ("-", "‐", "‑"):
        return "spaced hyphen" if spaced else "hyphen"
    return None


def _range_entries(page: Page) -> list[Styled]:
    out: list[Styled] = []
    for it in page.own_items:
        q = it.q
        if q.range_sep_span is None or not q.is_range or not it.running_text:  # cheapest test first
            continue
        if q.range_sep in ("and", "or") or it.numerator_kind not in _RANGE_KINDS:
            continue
        a, b = q.range_sep_span
        raw = it.block.text[a:b]
        form = _range_form(q, raw)
        if form is None:
            continue
        core_start = a + len(raw) - len(raw.lstrip())
        out.append(Styled(form, it, core_start, core_start + len(raw.strip()), squeeze(q.text)))
    return out


def _ranges(page: Page, em: UnitEmitter) -> None:
    mode = _option(page, "range_style", ("to", "dash", "consistent"), "to")
    entries = _range_entries(page)
    if not entries:
        return
    target, example, off = _style_plan(mode, {"to": "to", "dash": "en dash"}, entries)
    for e in off:
        _report_range(page, em, e, target, example, mode)


def _report_range(page: Page, em: UnitEmitter, e: Styled, target: str, example: Styled | None, mode: str) -> None:
    q, text = e.item.q, e.item.block.text
    a, b = q.range_sep_span or (e.start, e.end)
    new_sep = _FORM_TEXT[target]
    new = squeeze(text[q.start:a] + new_sep + text[b:q.end])
    if example is not None:
        message = (f'range "{e.shown}" is written with {_FORM_NAME[e.style]} but {_where(page, example)} uses '
                   f"{_FORM_NAME[target]}: use one range style")
    else:
        message = f'range "{e.shown}" is written with {_FORM_NAME[e.style]}: write "{new}"'
    if mode == "to":
        message += " (AMA, NIST SP 811: a dash between numbers can be read as a minus sign)"
    em.emit("UNT013", e.item.block, e.start, e.end, message, suggestion=f'write "{new}"', edits=((a, b, new_sep),))


# -- UNT014 unit words beside numerals -----------------------------------------------------

_METRIC = frozenset({"mg", "mcg", "g", "ng", "kg", "mL", "L", "dL", "mcL", "mmol", "mol", "µmol", "nmol", "mEq"})


def _unit_words(page: Page, em: UnitEmitter) -> None:
    symbols: dict[str, Styled] = {}
    words: list[Item] = []
    for it in page.own_items:
        q = it.q
        if it.numerator not in _METRIC or q.unit_text is None or q.unit_span is None or q.spelled:
            continue
        if is_word_unit(q.unit_text):
            words.append(it)
            continue
        keys = [key for key in (it.numerator or "", it.numerator_kind or "") if key not in symbols]
        if keys:    # the first symbol of each unit and kind is the example; build it only then
            seen = Styled("symbol", it, q.start, q.end, squeeze(written(q, it.block.text)))
            symbols.update(dict.fromkeys(keys, seen))
    for it in words:
        # the same unit's symbol if the page writes it ("3.5 g" for "grams"), else one of the same kind
        example = symbols.get(it.numerator or "") or symbols.get(it.numerator_kind or "")
        if example is not None:
            _report_unit_word(page, em, it, example)


def _report_unit_word(page: Page, em: UnitEmitter, it: Item, example: Styled) -> None:
    q, text = it.q, it.block.text
    assert q.unit_span is not None and q.number_span is not None
    symbol = it.numerator or ""
    per = q.per_text or ""
    new = f"{text[q.number_span[0]:q.number_span[1]]} {symbol}{per}" if per.startswith("/") or not per else symbol
    em.emit("UNT014", it.block, q.unit_span[0], q.unit_span[1],
            f'"{squeeze(q.text)}": next to a numeral, write the unit symbol ("{symbol}"), as {_where(page, example)} '
            f"does", suggestion=f'write "{squeeze(new)}"')


# -- UNT015 blood-pressure unit -------------------------------------------------------------

def _blood_pressure(page: Page, em: UnitEmitter) -> None:
    mode = _option(page, "mmhg_form", ("mmHg", "mm Hg", "consistent"), "consistent")
    entries = [Styled(it.q.unit_text or "", it, it.q.unit_span[0], it.q.unit_span[1],
                      squeeze(written(it.q, it.block.text)))
               for it in page.own_items
               if it.numerator == "mmHg" and it.q.unit_span is not None
               and it.q.unit_text in ("mmHg", "mm Hg", "mm[Hg]")]
    if not entries:
        return
    target, example, off = _style_plan(mode, {"mmHg": "mmHg", "mm Hg": "mm Hg"}, entries)
    for e in off:
        if example is not None:
            message = f'"{e.shown}" writes "{e.style}" but {_where(page, example)} writes "{target}": use one form'
        else:
            message = f'"{e.shown}": write "{target}" (the configured blood-pressure unit form)'
        em.emit("UNT015", e.item.block, e.start, e.end, message, suggestion=f'write "{target}"',
                edits=((e.start, e.end, target),))


# -- UNT016 number-and-unit compound adjectives ---------------------------------------------

def _age_parts(it: Item) -> tuple[str, str, str, bool] | None:
    """(number, unit, unit singular, written correctly) of an age adjective such as "16 year old"."""
    q, text = it.q, it.block.text
    if q.kind != "age" or q.is_range or q.unit_span is None or q.number_span is None or q.unit_text is None:
        return None
    gap1 = text[q.number_span[1]:q.unit_span[0]]
    gap2 = text[q.unit_span[1]:q.end - len("old")]
    plural = q.unit_text.endswith("s")
    single = q.unit_text[:-1] if plural else q.unit_text
    hyphens = gap1 == "-" and gap2 == "-"
    if plural and not hyphens:
        return None  # "16 years old": a predicate, written correctly without hyphens
    return q.number_text, q.unit_text, single, hyphens and not plural


def _age_adjectives(page: Page, em: UnitEmitter) -> None:
    parsed = [(it, parts) for it in page.own_items if (parts := _age_parts(it)) is not None]
    example = next((Styled("ok", it, it.q.start, it.q.end, squeeze(it.q.text)) for it, p in parsed if p[3]), None)
    for it, (_num, _unit, single, ok) in parsed:
        if ok:
            continue
        q = it.q
        assert q.number_span is not None
        new_tail = f"-{single}-old"
        new = q.number_text + new_tail
        also = f', as {_where(page, example)} does' if example is not None else ""
        em.emit("UNT016", it.block, q.start, q.end,
                f'"{squeeze(q.text)}" as an adjective: write "{new}", hyphenated{also}',
                suggestion=f'write "{new}"', edits=((q.number_span[1], q.end, new_tail),))


# -- UNT017 percent spacing ------------------------------------------------------------------

def _percent_entries(page: Page) -> list[Styled]:
    out: list[Styled] = []
    for it in page.own_items:
        q = it.q
        if it.numerator != "%" or q.unit_text != "%" or q.unit_span is None or q.number_span is None:
            continue
        num_end = q.high_span[1] if q.high_span is not None and q.high_span[1] <= q.unit_span[0] else q.number_span[1]
        style = "closed" if num_end == q.unit_span[0] else "spaced"
        start = q.high_span[0] if num_end != q.number_span[1] and q.high_span is not None else q.number_span[0]
        out.append(Styled(style, it, start, q.unit_span[1], squeeze(it.block.text[start:q.unit_span[1]])))
    return out


def _percent(page: Page, em: UnitEmitter) -> None:
    mode = _option(page, "percent_space", ("ama", "si", "consistent"), "ama")
    entries = _percent_entries(page)
    if not entries:
        return
    target, example, off = _style_plan(mode, {"ama": "closed", "si": "spaced"}, entries)
    for e in off:
        q = e.item.q
        assert q.unit_span is not None
        pct = q.unit_span[0]
        num_end = e.start + len(e.item.block.text[e.start:pct].rstrip())
        new = e.item.block.text[e.start:num_end] + ("%" if target == "closed" else " %")
        edit = (num_end, pct, "") if target == "closed" else (pct, pct, " ")
        has = "has a space" if e.style == "spaced" else "has no space"
        if example is not None:
            other = "has none" if e.style == "spaced" else "has one"
            message = f'"{e.shown}" {has} before the percent sign but {_where(page, example)} {other}: use one style'
        elif target == "closed":
            message = f'"{e.shown}" {has} before the percent sign: write "{new}" (AMA style)'
        else:
            message = f'"{e.shown}" {has} before the percent sign: write "{new}" (SI style)'
        em.emit("UNT017", e.item.block, e.start, e.end, message, suggestion=f'write "{squeeze(new)}"',
                edits=(edit,))
