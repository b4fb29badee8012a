"""Arithmetic family: the numbers of a page must agree with each other.

A page that says "0.5 mg/kg (eg 35 mg for a 70 kg person)" has made a claim that can be computed.
This family finds such claims and recomputes them with unit algebra (pint):

* products and quotients behind a stated result: weight-based doses (NUM001), concentration ×
  volume (NUM002), counts × amounts each (NUM003), rates × durations (NUM004);
* ratio claims, "two to three times larger" (NUM005);
* one quantity stated differently in two places (NUM006);
* unit conversions written side by side (NUM007), sums (NUM008), percentages of counts (NUM009);
* reference numbers flattened into the text after an author mention (NUM010).

Every relation that holds is recorded with ``ctx.verify`` (``--show-verified``), so the author
sees what was checked and not only what failed. Modules: ``arith_model`` (items and sentences),
``arith_cues`` (cue words), ``arith_solver`` (dimensional search), ``arith_tolerance`` (rounding
and hedges), ``arith_products``, ``arith_conversions``, ``arith_sums``, ``arith_ratio``,
``arith_percent``, ``arith_consistency``, ``arith_citation_numeral``.
"""

from __future__ import annotations

from checks.arith_citation_numeral import find_stray_numerals
from checks.arith_consistency import find_inconsistencies
from checks.arith_conversions import check_pair, find_pairs
from checks.arith_model import PageModel
from checks.arith_outcome import Options, Outcome
from checks.arith_percent import find_percentages
from checks.arith_products import ProductFinder
from checks.arith_ratio import find_ratios
from checks.context import CheckContext
from checks.document import Document

CODES = ("NUM001", "NUM002", "NUM003", "NUM004", "NUM005", "NUM006", "NUM007", "NUM008", "NUM009", "NUM010")


def _options(ctx: CheckContext) -> Options:
    o = ctx.options
    return Options(
        hedge_tolerance=float(o.get("hedge_tolerance", 0.15)),
        trailing_zeros=bool(o.get("trailing_zeros", True)),
        window_sentences=int(o.get("window_sentences", 2)),
        page_definitions=bool(o.get("page_definitions", True)),
        assumptions=bool(o.get("assumptions", True)),
        constants_key=str(o.get("constants_key", "constants")),
        grim=bool(o.get("grim", True)),
    )


def run(doc: Document, ctx: CheckContext) -> None:
    opts = _options(ctx)
    model = PageModel(doc, opts.constants_key)
    if not model.items:
        return
    outcomes: list[Outcome] = []
    partners: dict[int, set[int]] = {}
    conversion_results: set[int] = set()
    for a, b, reportable in find_pairs(model):
        partners.setdefault(a.id, set()).add(b.id)
        partners.setdefault(b.id, set()).add(a.id)
        conversion_results.add(b.id)
        out = check_pair(model, a, b, reportable, opts)
        if out is not None:
            outcomes.append(out)
    outcomes += ProductFinder(model, opts, partners, conversion_results).run()
    outcomes += find_ratios(model, opts)
    outcomes += find_percentages(model, opts)
    outcomes += find_inconsistencies(model, opts)
    outcomes += find_stray_numerals(model)
    _report(ctx, outcomes)


def _report(ctx: CheckContext, outcomes: list[Outcome]) -> None:
    for out in sorted(outcomes, key=lambda o: o.span or o.item.src):
        start, end = out.span or out.item.src
        if out.ok:
            ctx.verify("arithmetic", start, out.message)
        elif out.report:
            ctx.emit(out.code, start, end, out.message, severity=out.severity)
