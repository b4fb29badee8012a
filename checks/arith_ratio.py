"""Ratio claims: "between 0.6 and 1.0 ... around 0.3, so about two to three times larger".

A claim is a multiplier the reader found ("2-3x", "three times", "5-fold") followed by explicit
ratio wording ("larger", "as well", "higher", "more"), or "twice/half/double as". Its operands
are the only two quantities of one kind in the claim's sentence, or in it and the sentence
before: two bare numbers, two percentages, or two quantities of the same dimension. With more
or fewer than two, the claim is left alone. The ratio is larger over smaller (a claim below one,
"half as", is inverted); ranges divide end by end. A disagreement is reported only when one
operand sits in the claim's own sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from checks import arith_cues as cues
from checks import arith_units as au
from checks import unit_algebra as ua
from checks.arith_model import Item, PageModel, Sentence
from checks.arith_outcome import Options, Outcome
from checks.arith_tolerance import Computed, Stated, agrees, fmt_range, operand_ends, rounding


@dataclass
class _Claim:
    lo: float
    hi: float
    hedged: bool
    bound: str | None       # "lower" ("at least three times"), "upper" ("up to twice")
    number_text: str
    high_text: str | None
    start: int              # plain span in the block, hedge included
    end: int
    item: Item | None       # the multiplier item, when the reader found one


_LABEL_BEFORE = re.compile(r"(?<![\w-])(?i:the|a|an|this|that|each|whose)[^\S\n]+$")
_LABEL_AFTER = re.compile(r"^[^\S\n]+(?i:doses?|groups?|arms?|tablets?|capsules?|formulations?|strengths?|patch"
                          r"|patches|vials?|regimens?|cohorts?|levels?|pills?|sprays?|devices?)\b")
_LOWER_BEFORE = re.compile(r"(?i)(?:more[^\S\n]+than|over|at[^\S\n]+least|above)[^\S\n]*$")
_UPPER_BEFORE = re.compile(r"(?i)(?:less[^\S\n]+than|under|up[^\S\n]+to|at[^\S\n]+most|below)[^\S\n]*$")
_THAN_AS = re.compile(r"^[^\S\n]*(?i:than|as|compared[^\S\n]+(?:with|to)|versus|vs\.?)\b")


def find_ratios(model: PageModel, opts: Options) -> list[Outcome]:
    out = []
    for s in model.sentences:
        if not s.items:
            continue                # both operands, or one and the claim, are items of the claim's sentence
        claims = _claims(model, s)
        if len(claims) != 1:        # two claims in one sentence: which figures go with which is unclear
            continue
        o = _check(model, s, claims[0], opts)
        if o is not None:
            out.append(o)
    return out


def _is_label(text: str, it: Item) -> bool:
    """"the 20 mg dose", "a 10 mg tablet": a figure naming a thing, not a value being compared."""
    return bool(_LABEL_BEFORE.search(text[max(0, it.start - 8):it.start]) and _LABEL_AFTER.match(text, it.end))


def _compares_to_words(text: str, claim: _Claim, s: Sentence) -> bool:
    """"three times as effective as placebo": the claim compares with something that has no figure here."""
    m = cues.RATIO_AFTER.match(text, claim.end) if claim.item is not None else None
    at = m.end() if m else claim.end
    tm = _THAN_AS.match(text, at)
    if not tm:
        return False
    return not any(i.start >= tm.end() and i.q.unit != "x" for i in s.items)


def _claims(model: PageModel, s: Sentence) -> list[_Claim]:
    text = model.block_text(s.block)
    claims = []
    for it in s.items:
        q = it.q
        if q.unit == "x" and q.per is None and cues.RATIO_AFTER.match(text[q.end:q.end + 40]):
            bound = q.bound if q.bound in ("lower", "upper") else None
            claims.append(_Claim(it.lo, it.hi, it.hedged, bound, q.number_text, q.high_text, it.start, it.end, it))
    for m in cues.ratio_words(model.lowered(s.block), s.start, s.end):
        if any(i.start <= m.start() < i.end for i in s.items):
            continue
        v = cues.RATIO_WORD_VALUE[m.group("word").lower()]
        before = text[max(s.start, m.start() - 20):m.start()]
        hedged = _hedged_before(before)
        bm = _LOWER_BEFORE.search(before) or _UPPER_BEFORE.search(before)
        bound = None if bm is None else ("lower" if _LOWER_BEFORE.search(before) else "upper")
        start = m.start() - (len(before) - bm.start()) if bm else m.start()
        claims.append(_Claim(v, v, hedged, bound, m.group("word"), None, start, m.end(), None))
    return claims


def _hedged_before(before: str) -> bool:
    return before.rstrip().lower().endswith(("about", "around", "roughly", "approximately", "nearly", "almost", "~"))


def _kind(it: Item) -> str | None:
    """What a figure measures, as written (a "10 mg tablet" is a mass here, not mass per tablet)."""
    q = it.q
    if q.unit == "x":
        return None
    if q.kind == "number" and q.unit is None:
        return "number"
    if q.unit == "%":
        return "%"
    if q.unit is None and (q.per is not None or q.noun in (None, "n", "time")):
        return None
    return _dimension_key(q.unit or q.noun or "")


@cache
def _dimension_key(unit: str) -> str | None:
    try:
        return str(sorted(dict(ua.dimensionality(unit)).items()))
    except Exception:
        return None


def _operands(model: PageModel, s: Sentence, claim: _Claim) -> tuple[Item, Item] | None:
    text = model.block_text(s.block)
    if _compares_to_words(text, claim, s):
        return None
    own = [i for i in s.items if i is not claim.item and not (claim.start <= i.start < claim.end)
           and not _is_label(text, i)]
    groups = _groups(own)
    pair = _only_pair(groups)
    if pair is None and not any(len(g) >= 2 for g in groups.values()) and s.index > 0:
        prev = model.sentence(s.index - 1)
        if prev is not None and prev.block == s.block:
            both = _groups([i for i in prev.items if i.q.unit != "x"] + own)
            pair = _only_pair(both)
            if pair is not None and not any(i.sentence == s.index for i in pair):
                return None
    return pair


def _groups(items: list[Item]) -> dict[str, list[Item]]:
    groups: dict[str, list[Item]] = {}
    for i in items:
        k = _kind(i)
        if k is not None:
            groups.setdefault(k, []).append(i)
    return groups


def _only_pair(groups: dict[str, list[Item]]) -> tuple[Item, Item] | None:
    pairs = [g for g in groups.values() if len(g) == 2]
    if len(pairs) != 1 or any(len(g) > 2 for g in groups.values()):
        return None
    a, b = pairs[0]
    return a, b


def _in_unit(it: Item, unit: str | None) -> tuple[float, float, float, float]:
    """The ends of a figure (each spread by its written decimals) in ``unit``."""
    ends = operand_ends(it)
    own = it.q.unit
    if unit is not None and own is not None and own != unit:
        return tuple(au.convert(v, own, unit) for v in ends)  # type: ignore[return-value]
    return ends


def _check(model: PageModel, s: Sentence, claim: _Claim, opts: Options) -> Outcome | None:
    pair = _operands(model, s, claim)
    if pair is None:
        return None
    a, b = pair
    unit = a.q.unit if a.q.unit and b.q.unit and a.q.unit != "%" else None
    try:
        av, bv = _in_unit(a, unit), _in_unit(b, unit)
    except Exception:
        return None
    if min(av[0], bv[0]) <= 0:
        return None
    big, small = (av, bv) if (av[0] + av[3]) >= (bv[0] + bv[3]) else (bv, av)
    big_item, small_item = (a, b) if big is av else (b, a)
    blo, bhi = (big_item.lo, big_item.hi)
    slo_, shi_ = (small_item.lo, small_item.hi)
    if unit is not None:
        blo, bhi = (au.convert(v, big_item.q.unit or unit, unit) for v in (blo, bhi))
        slo_, shi_ = (au.convert(v, small_item.q.unit or unit, unit) for v in (slo_, shi_))
    exact = sorted((blo / slo_, bhi / shi_))
    is_range = exact[0] != exact[1]
    end_to_end = Computed(big[0] / small[1], big[1] / small[0], big[2] / small[3], big[3] / small[2], is_range)
    widest = Computed(big[0] / small[3], big[1] / small[2], big[2] / small[1], big[3] / small[0], True)
    slo, shi = claim.lo, claim.hi
    # "twice", "half", "double" are exact words; "three times" is a whole number that may be rounded
    r_lo = 0.0 if claim.item is None else rounding(claim.number_text, slo)
    r_hi = rounding(claim.high_text, shi) if claim.high_text else r_lo
    bound = claim.bound
    if shi < 1:
        slo, shi = 1 / shi, 1 / slo
        r_lo = r_hi = 0.0
        bound = {"lower": "upper", "upper": "lower"}.get(bound or "")
    hedge = opts.hedge_tolerance if (claim.hedged or a.hedged or b.hedged) else 0.0
    st = Stated(slo, shi, r_lo, r_hi, hedge, bound)
    ok = agrees(end_to_end, st) or agrees(widest, st)
    text = model.block_text(s.block)
    stated = " ".join(text[claim.start:claim.end].split())
    span = _src(model, s, claim)
    claim_line = model.doc.loc(span[0])[0]
    lines = sorted({i.line for i in (big_item, small_item) if i.line != claim_line})
    where = f" (line {lines[0]})" if len(lines) == 1 else (f" (lines {lines[0]} and {lines[1]})" if lines else "")
    if claim.hi < 1:        # "half as much": show the smaller over the larger
        head = f"{small_item.display} / {big_item.display}{where} = {fmt_range(1 / exact[1], 1 / exact[0])}"
    else:
        head = f"{big_item.display} / {small_item.display}{where} = {fmt_range(*exact)}"
    target = claim.item or big_item
    if ok:
        return Outcome("NUM005", target, True, f"{head} ✓ (stated {stated})", span=span)
    return Outcome("NUM005", target, False, f"{head}, but the text says {stated}", span=span,
                   report=not (a.bounded or b.bounded))


def _src(model: PageModel, s: Sentence, claim: _Claim) -> tuple[int, int]:
    return model.doc.blocks[s.block].source_span(claim.start, claim.end)
