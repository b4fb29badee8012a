"""Percentages of counts: "12 of 40 patients (30%)", "30% (12/40)", "Of 120 participants, 30 (25%)",
and the GRIM test for "18% of 17 patients".

A percentage stated next to its own numerator and denominator is recomputed (within the
rounding of the percentage as written, and a hedge). A percentage "of N" counted things with no
numerator given must still be a whole number of them: with N = 17, 18% is possible (3/17 =
17.6%) but 20% is not (3/17 = 17.6%, 4/17 = 23.5%). That is Brown and Heathers' GRIM test; it is
a warning, because the percentage may be of something other than the N just named.
"""

from __future__ import annotations

import re

from checks.arith_model import Item, PageModel
from checks.arith_outcome import Options, Outcome
from checks.arith_tolerance import Computed, Stated, agrees, fmt, rounding

_INT = r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+"
_LINK = (r"(?:[^\S\n]*/[^\S\n]*|[^\S\n]+(?:of|out[^\S\n]+of|in)[^\S\n]+"
         r"(?:the[^\S\n]+|all[^\S\n]+|these[^\S\n]+|every[^\S\n]+)?)")
# "12 of 40 patients (", "12/40 (", "12 of the 40, or "
_BEFORE = re.compile(
    rf"(?<![\w.,/])(?P<a>{_INT}){_LINK}(?P<n>{_INT})(?![\w.,/])(?:[^\S\n]+[A-Za-z-]+){{0,3}}?"
    r"[^\S\n]*(?:\(|,[^\S\n]*(?:or|i\.?[^\S\n]?e\.?,?|that[^\S\n]+is,?|which[^\S\n]+is)[^\S\n]+"
    r"|[–—][^\S\n]*(?:that[^\S\n]+is,?[^\S\n]+)?)[^\S\n]*$")
# "30% (12/40)", "30% (12 of 40 patients)"
_AFTER = re.compile(rf"^[^\S\n]*\([^\S\n]*(?P<a>{_INT}){_LINK}(?P<n>{_INT})(?![\w.,/])")
# "... 30 (" : the numerator right before the percentage when the denominator opens the sentence
_NUMERATOR = re.compile(rf"(?<![\w.,/])(?P<a>{_INT})(?:[^\S\n]+[A-Za-z-]+){{0,2}}[^\S\n]*"
                        r"(?:\(|,[^\S\n]*(?:or|i\.?e\.?,?|that[^\S\n]+is,?)[^\S\n]+"
                        r"|[–—][^\S\n]*(?:that[^\S\n]+is,?[^\S\n]+)?)[^\S\n]*$")
# "Of 120 participants, 30 (25%)", "In one cohort of 1,200 patients ..., 84 (7%)", "; among the 220 who did, 30 (14%)"
_OPENER = re.compile(
    r"[^\w]*(?i:of|among|out[^\S\n]+of|in)[^\S\n]+(?:(?:the|all|these|those|a|an|one|this|that)[^\S\n]+)?"
    rf"(?:[a-z-]+[^\S\n]+){{0,2}}?(?:(?i:of|with)[^\S\n]+)?(?P<n>{_INT})(?![\w.,/])")
_OF_AFTER = re.compile(r"^[^\S\n]+of[^\S\n]+(?:the[^\S\n]+|all[^\S\n]+|these[^\S\n]+|those[^\S\n]+)?$")
_GRIM_NOUNS = frozenset({"patient", "participant", "subject", "volunteer", "person", "adult", "child", "adolescent",
                         "woman", "man", "user", "responder", "case", "study", "trial", "death", "event", "rat",
                         "mouse", "animal", "doctor", "physician", "psychiatrist", "respondent"})


def _int(s: str) -> int:
    return int(s.replace(",", ""))


def find_percentages(model: PageModel, opts: Options) -> list[Outcome]:
    out: list[Outcome] = []
    for s in model.sentences:
        text = model.block_text(s.block)
        for p in s.items:
            if p.q.unit != "%" or p.q.per is not None or p.is_range or p.bounded:
                continue
            found = _stated_pair(model, s.items, p, text, s.start)
            if found is not None:
                a, n = found
                o = _compare(model, p, a, n, opts)
                if o is not None:
                    out.append(o)
                continue
            if opts.grim:
                o = _grim(model, s.items, p, text)
                if o is not None:
                    out.append(o)
    return out


def _stated_pair(model: PageModel, items: list[Item], p: Item, text: str, sent_start: int) -> tuple[int, int] | None:
    before = text[sent_start:p.start]
    if m := _BEFORE.search(before):
        a, n = _int(m.group("a")), _int(m.group("n"))
        return (a, n) if 0 <= a <= n and n > 0 else None
    if m := _AFTER.match(text[p.end:p.end + 40]):
        a, n = _int(m.group("a")), _int(m.group("n"))
        return (a, n) if 0 <= a <= n and n > 0 else None
    ca = model.clause_span(p)[0]
    om = _OPENER.match(text, ca, p.start)
    nm = _NUMERATOR.search(before)
    if om and nm and om.end() <= nm.start() + sent_start:
        a_start = nm.start("a") + sent_start
        between = [i for i in items if om.end() <= i.start < a_start and i.q.unit is None]
        a, n = _int(nm.group("a")), _int(om.group("n"))
        if not between and 0 <= a <= n and n > 0:
            return a, n
    return None


def _compare(model: PageModel, p: Item, a: int, n: int, opts: Options) -> Outcome | None:
    computed = 100.0 * a / n
    r = rounding(p.q.number_text, p.lo, trailing_zeros=False)
    st = Stated(p.lo, p.lo, r, r, opts.hedge_tolerance if p.hedged else 0.0, None)
    text = model.block_text(p.block)
    stated = " ".join(text[p.start:p.end].split())
    head = f"{a}/{n} = {fmt(computed)}%"
    if agrees(Computed.exact(computed, computed), st):
        return Outcome("NUM009", p, True, f"{head} ✓ (stated {stated})")
    return Outcome("NUM009", p, False, f"{head}, but the text says {stated}")


def _grim(model: PageModel, items: list[Item], p: Item, text: str) -> Outcome | None:
    if p.hedged:
        return None
    nxt = next((i for i in items if i.start >= p.end), None)
    if nxt is None or nxt.q.noun not in _GRIM_NOUNS or nxt.q.unit is not None or nxt.is_range or nxt.hedged:
        return None
    if not _OF_AFTER.match(text[p.end:nxt.start]) or not nxt.lo.is_integer() or nxt.lo <= 0:
        return None
    n = int(nxt.lo)
    decimals = len(p.q.number_text.split(".", 1)[1]) if "." in p.q.number_text else 0
    if n >= 100 * 10 ** decimals:
        return None
    r = 0.5 * 10 ** -decimals
    k = round(p.lo * n / 100)
    fits = [j for j in (k - 1, k, k + 1) if 0 <= j <= n and abs(100 * j / n - p.lo) <= r + 1e-9]
    stated = " ".join(text[p.start:nxt.end].split())
    if fits:
        j = fits[0]
        return Outcome("NUM009", p, True, f"{j}/{n} = {fmt(100 * j / n)}% ✓ (stated {stated}; GRIM)")
    lo_j = max(0, min(n, int(p.lo * n / 100)))
    hi_j = min(n, lo_j + 1)
    msg = (f"{stated} is not a whole number of {nxt.q.noun_text or 'them'}: {lo_j}/{n} = {fmt(100 * lo_j / n)}%, "
           f"{hi_j}/{n} = {fmt(100 * hi_j / n)}% (GRIM test)")
    return Outcome("NUM009", p, False, msg, severity="warning")
