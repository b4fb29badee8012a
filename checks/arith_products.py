"""Stated results and the operands that produce them: products, quotients, and sums as a fallback.

A quantity is a *stated result* when a cue marks it (see ``checks.arith_cues``): "=", "a total
of", "that's", "so", "(eg ...", a parenthesis right after an expression, or an attached body
weight ("35 mg for a 70 kg person", "for a 70 kg person, 35 mg"). Its operands are looked for
in widening scopes, stopping at the first that yields a set with the right dimension:

1. its clause, 2. the earlier clauses of its sentence, 3. the previous sentences of its
paragraph, 4. definitions made earlier on the page ("(so, 10 mg/spray)", "one spray (= 10 mg)",
"each tablet contains 5 mg", "our 70 kg patient") and front-matter constants.

The cheapest set is checked. When it disagrees, every other set with the right dimension is
tried; if any agrees, that one is listed instead, because a wrong report on correct arithmetic
is the worst outcome. A disagreement is reported only when the link is tight: a cue of the
"eq" kind or an attached weight, operands from the result's own sentence (or the sentence opens
by pointing back, or the operands are page definitions), no operand given as a bound ("over",
"up to"), and the result is not one of a list of figures after one cue.
"""

from __future__ import annotations

import re
from bisect import insort_left
from collections import Counter
from dataclasses import dataclass, field, replace
from itertools import chain

from checks import arith_cues as cues
from checks import arith_solver as solver
from checks.arith_conversions import check_pair, convertible_pair
from checks.arith_messages import order, product_outcome
from checks.arith_model import Item, PageModel
from checks.arith_outcome import Options, Outcome
from checks.arith_results import Cue, CueFinder
from checks.arith_sums import check_sum
from checks.arith_tolerance import agrees, stated_of

_GROUP_GAP = re.compile(r"^[^\S\n]*(?:[\w-]+[^\S\n]+){0,2}?(?:and|plus|\+|,)[^\S\n]*(?:and[^\S\n]+)?$")
_EXTRA_PARTS = re.compile(r"(?i)(?<![\w-])(?:plus|including|in[^\S\n]+addition|as[^\S\n]+well[^\S\n]+as|besides"
                          r"|not[^\S\n]+counting|excluding|on[^\S\n]+top)(?![\w-])")
_EXTRA_AFTER = re.compile(r"(?i)^[^\S\n]*(?:[\w-]+[^\S\n]+){0,3}?(?:plus|including|with|in[^\S\n]+addition"
                          r"|as[^\S\n]+well|besides|excluding|not[^\S\n]+counting|on[^\S\n]+top|if|when|for[^\S\n]+(?:the|all|both))\b")
_PERSON_REFERENCE = re.compile(
    rf"(?i)(?<![\w-])(?:our|the[^\S\n]+same|this|that|such[^\S\n]+an?|the[^\S\n]+example|the[^\S\n]+above|the"
    rf"|him|her|them)(?:[^\S\n]+[\w-]+)?[^\S\n]+(?:{cues.PERSON_NOUNS})\b|(?<![\w-])(?:him|her|them)\b")
_PERSON_WORDS = frozenset(w.encode() for w in (*cues.PERSON_NOUNS.split("|"), "him", "her", "them"))
_ASCII_WORD = re.compile(rb"[a-z]+")


@dataclass
class _Defs:
    """The page definitions learned so far (body weights, amounts per counted thing), each under its key
    ("weight", or its unit) in the order learned and in page order, so that the latest one that may serve a
    result is found from the end of a list rather than by reading them all."""

    ids: set[int] = field(default_factory=set)
    nouns: set[str | None] = field(default_factory=set)     # what each amount per thing is per
    learned: dict[str, list[tuple[int, Item]]] = field(default_factory=dict)    # with the count before it
    placed: dict[str, list[Item]] = field(default_factory=dict)                 # in ``order``
    weights_stated: list[Item] = field(default_factory=list)    # body weights in the text, in ``order``
    next_id: int = -1000

    def add(self, d: Item) -> None:
        """Learn a definition; each is learned once (so ``ids`` counts those learned before it)."""
        key = "weight" if d.weight else d.unit or ""
        self.learned.setdefault(key, []).append((len(self.ids), d))
        self.ids.add(d.id)
        if not d.weight:
            self.nouns.add(solver.per_noun(d.unit or ""))
        # among definitions in one place the first learned stays last, as the first learned wins a tie
        insort_left(self.weights_stated if d.weight and d.block >= 0 else self.placed.setdefault(key, []), d,
                    key=order)

    def synthetic(self, base: Item, unit: str, lo: float, hi: float, display: str) -> Item:
        self.next_id -= 1
        return replace(base, id=self.next_id, unit=unit, lo=lo, hi=hi, given_display=display, factor=1.0,
                       weight=False)


class ProductFinder:
    def __init__(self, model: PageModel, opts: Options, partners: dict[int, set[int]],
                 conversion_results: set[int]) -> None:
        self.model = model
        self.opts = opts
        self.partners = partners
        self.conversion_results = conversion_results
        self.defs = _Defs()
        self.established: set[frozenset[int]] = set()
        self._groups: dict[int, list[int]] = {}
        self._refers_to_person: dict[int, bool] = {}
        self.outcomes: list[Outcome] = []
        self.cues = CueFinder(model, partners)
        self._outcome_of: dict[frozenset[int], int] = {}   # key of a relation -> its place in ``outcomes``
        self._results: Counter[int] = Counter()             # ids of the items of ``outcomes``
        for c in model.constants:
            self.defs.add(c)

    def run(self) -> list[Outcome]:
        for s in self.model.sentences:
            for k, item in enumerate(s.items):
                cue = self.cues.cue(item, k)
                if cue is not None and item.id not in self.conversion_results:
                    self._solve(item, cue)
                self._learn(item, cue)
        return self.outcomes

    # -- scopes and solving ------------------------------------------------------

    def _scopes(self, r: Item, cue: Cue) -> list[list[Item]]:
        m = self.model
        s = m.item_sentence(r)
        excluded = self.partners.get(r.id, set()) | {r.id}
        text = m.block_text(r.block)
        # operands after the result: an attached weight, a result stated first, or a count whose
        # amounts follow ("that is 8 doses of 35 mg each", "so six infusions cost $2,700")
        after_ok = cue.kind == "weight" or r.unit in solver.count_nouns() or self.cues.result_first(r, text)
        l1 = [i for i in s.items if i.clause == r.clause and i.id not in excluded
              and (i.start < r.start or after_ok or i.weight)]
        if cue.kind == "alt":
            return [l1]
        l1 = l1 + self._count_groups(l1)
        l2 = [i for i in s.items if i.clause < r.clause and i.id not in excluded]
        l3: list[Item] = []
        for k in range(1, self.opts.window_sentences + 1):
            p = r.sentence - k
            ps = m.sentence(p)
            if ps is None or ps.block != r.block:
                break
            l3 = ps.items + l3
        l3 = [i for i in l3 if i.id not in excluded]
        scopes = [l1, l2, l3]
        if self.opts.page_definitions:
            scopes.append(self._definitions(r, {i.id for i in l1 + l2 + l3}))
        return scopes

    def _definitions(self, r: Item, local: set[int]) -> list[Item]:
        """The latest definition of each thing that may serve ``r``: learned before it and not in its own
        scopes; the body weights first, then the other things in the order their first such definition was
        learned."""
        def serves(d: Item) -> bool:
            return d.id not in local and _before(d, r)

        found: list[tuple[int, Item]] = []
        for key, learned in self.defs.learned.items():
            if key == "weight":
                # a weight named in the text serves only a sentence that points back at that person (a weight
                # in the text comes after every front-matter one)
                stated = self.defs.weights_stated if self.defs.weights_stated and self._refers(r.sentence) else []
                latest = next((d for d in chain(reversed(stated), reversed(self.defs.placed.get(key, [])))
                               if serves(d)), None)
                if latest is not None:
                    found.append((-1, latest))
                continue
            first = next((n for n, d in learned if serves(d)), None)
            if first is not None:
                found.append((first, next(d for d in reversed(self.defs.placed[key]) if serves(d))))
        return [d for _n, d in sorted(found, key=lambda f: f[0])]

    def _refers(self, sentence: int) -> bool:
        """Whether the sentence points back at a person ("our patient", "him"); read once per sentence."""
        if sentence not in self._refers_to_person:
            s = self.model.sentence(sentence)
            assert s is not None
            low = self.model.lowered(s.block).low
            # a match ends with a person word or "him"/"her"/"them" between a non-letter and a non-word
            # character: a whole run of ASCII letters of the lower-cased text (see ``Lowered``)
            if low is not None and _PERSON_WORDS.isdisjoint(_ASCII_WORD.findall(low, s.start, s.end)):
                self._refers_to_person[sentence] = False
            else:
                self._refers_to_person[sentence] = bool(_PERSON_REFERENCE.search(self.model.sentence_text(sentence)))
        return self._refers_to_person[sentence]

    def _count_groups(self, items: list[Item]) -> list[Item]:
        """"2 dosing sessions and 3 preparation sessions": one more candidate, their sum."""
        out = []
        nouns = solver.count_nouns()
        run: list[Item] = []
        for it in [*items, None]:
            if it is not None and run and it.unit == run[-1].unit and it.unit in nouns \
                    and _GROUP_GAP.match(self.model.block_text(it.block)[run[-1].end:it.start]):
                run.append(it)
                continue
            if len(run) >= 2:
                lo, hi = sum(i.lo for i in run), sum(i.hi for i in run)
                shown = "(" + " + ".join(i.display for i in run) + ")"
                out.append(self.defs.synthetic(run[0], run[0].unit or "", lo, hi, shown))
                self._groups[out[-1].id] = [i.id for i in run]
            run = [it] if it is not None and it.unit in nouns else []
        return out

    def _distance(self, r: Item, items: list[Item]) -> dict[int, float]:
        out = {}
        for i in items:
            if i.sentence == r.sentence:
                out[i.id] = abs(i.start - r.start) / 1000
            elif i.sentence >= 0 and i.block == r.block:
                out[i.id] = float(r.sentence - i.sentence) + abs(i.start - r.start) / 100000
            else:
                out[i.id] = 10.0 + (r.id - i.id if i.id >= 0 else 0) / 100000
        return out

    def _solve(self, r: Item, cue: Cue) -> None:
        scopes = self._scopes(r, cue)
        pool: list[Item] = []
        combos: list[solver.Combo] = []
        for scope in scopes:
            in_pool = {p.id for p in pool}
            pool = pool + [i for i in scope if i.id not in in_pool]
            if not scope:
                continue
            dist = self._distance(r, pool)
            combos = solver.search(r, pool, dist, defs=self.defs.ids, allow_assumptions=self.opts.assumptions)
            if cue.kind == "alt" and cue.prev is not None:
                combos = [c for c in combos if cue.prev.id in {i.id for i in c.all_items}]
            if cue.kind == "weight":            # "35 mg for a 70 kg person": the weight takes part
                combos = [c for c in combos if c.body] or combos
            if combos:
                break
        if not combos:
            if not self._conversion_fallback(r, cue):
                self._sum_fallback(r, cue, scopes)
            return
        fractions = [i for i in pool if i.fraction]
        best = solver.with_fractions(combos[0], fractions)
        ok = self._check(best, r)
        if not ok:
            for alt in combos[1:]:
                alt = solver.with_fractions(alt, fractions)
                if self._check(alt, r):
                    best, ok = alt, True
                    break
        ids = frozenset(i.id for i in best.all_items)
        if ok:
            self.established.add(ids)
            self._add(product_outcome(self.model, r, best, True), ids | {r.id})
            return
        out = product_outcome(self.model, r, best, False)
        out.report = self._reportable(r, cue, best, ids)
        self._add(out, ids | {r.id})

    def _add(self, out: Outcome, key: frozenset[int]) -> None:
        """Record an outcome; one relation read from two ends is kept once, with its last figure as result."""
        out.key = key
        k = self._outcome_of.get(key)
        if k is None:
            self._outcome_of[key] = len(self.outcomes)
            self._append(out)
            return
        old = self.outcomes[k]
        if (out.item.block, out.item.start) > (old.item.block, old.item.start):
            self._results[old.item.id] -= 1
            self._results[out.item.id] += 1
            self.outcomes[k] = out

    def _append(self, out: Outcome) -> None:
        self._results[out.item.id] += 1
        self.outcomes.append(out)

    def _check(self, combo: solver.Combo, r: Item) -> bool:
        assert r.unit is not None
        computed = solver.evaluate(combo, r.unit)
        if computed is None:
            return False
        approx = any(i.hedged for i in combo.all_items) or combo.assumption is not None
        st = stated_of(r, self.opts.hedge_tolerance, self.opts.trailing_zeros, approx=approx)
        return agrees(computed, st)

    def _reportable(self, r: Item, cue: Cue, combo: solver.Combo, ids: frozenset[int]) -> bool:
        if cue.kind == "alt" or ids in self.established or r.bounded:
            return False                    # a cap or a floor ("max 25 mg") is no computed result
        items = combo.all_items
        if any(i.bounded for i in items):
            return False
        defs = self.defs.ids
        if self._several_counts(r, items) or self._more_parts(r, items):
            return False
        local = all(i.sentence == r.sentence or i.id in defs for i in items)
        if cue.kind == "weight":
            return local or any(i.sentence == r.sentence - 1 for i in items)
        return local or cue.backref

    def _several_counts(self, r: Item, items: tuple[Item, ...]) -> bool:
        """The result's sentence counts the same thing twice ("6 sessions ... 8 sessions"): which one counts?"""
        if any(i.id in self._groups for i in items):
            return False
        s = self.model.item_sentence(r)
        for i in items:
            if i.unit in solver.count_nouns():
                same = [o for o in s.items if o.unit == i.unit and o.id != r.id]
                if len(same) >= 2:
                    return True
        return False

    def _more_parts(self, r: Item, items: tuple[Item, ...]) -> bool:
        """"... plus preparation", "including travel": the total has parts the operands do not cover."""
        text = self.model.block_text(r.block)
        s = self.model.item_sentence(r)
        first = min((i.start for i in items if i.sentence == r.sentence), default=r.start)
        between = text[min(first, r.start):r.start]
        after = text[r.end:self.model.clause_span(r)[1]]
        return bool(_EXTRA_PARTS.search(between) or _EXTRA_AFTER.match(after)) and s is not None

    def _conversion_fallback(self, r: Item, cue: Cue) -> bool:
        """"3 weeks, a total of 21 days": the figure right before, in another unit."""
        p = cue.prev
        if p is None or p.id in self.partners.get(r.id, set()) or not convertible_pair(p, r):
            return False
        if p.unit != p.q.unit or r.unit != r.q.unit:
            return False                    # an amount per thing ("35 mg each") is no plain figure
        out = check_pair(self.model, p, r, cue.kind != "alt", self.opts)
        if out is None:
            return False
        self._add(out, frozenset({p.id, r.id}))
        return True

    def _sum_fallback(self, r: Item, cue: Cue, scopes: list[list[Item]]) -> None:
        if cue.kind == "alt":
            return
        s = self.model.item_sentence(r)
        out = check_sum(self.model, r, [i for i in s.items if i.clause == r.clause and i.end <= r.start
                                        and i.id not in self.partners.get(r.id, set())], self.opts)
        if out is not None:
            self._append(out)

    # -- definitions -------------------------------------------------------------

    def _learn(self, item: Item, cue: Cue | None) -> None:
        if item.weight:
            self.defs.add(item)
            return
        if item.unit is None:
            return
        noun = solver.per_noun(item.unit)
        if noun is not None and (item.defined or (cue is not None and cue.kind in ("eq", "paren"))):
            self.defs.add(item)
            return
        if cue is not None and cue.kind == "paren" and "/" not in item.unit and not self._solved(item):
            count = cue.prev
            if count is not None and count.unit in solver.count_nouns() and count.lo == count.hi \
                    and count.lo > 0 and count.unit not in self.defs.nouns:
                per = f"{item.unit}/{count.unit}"
                self.defs.add(self.defs.synthetic(
                    item, per, item.lo / count.lo, item.hi / count.lo,
                    f"{_num(item.lo / count.lo)} {item.unit} per {count.unit} (line {item.line})"))

    def _solved(self, item: Item) -> bool:
        return self._results[item.id] > 0


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def _before(d: Item, r: Item) -> bool:
    if d.block < 0:
        return True
    return (d.block, d.start) < (r.block, r.start)
