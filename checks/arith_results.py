"""Which figures are stated results, and how the text links them to what came before.

A result is marked by a cue (``checks.arith_cues``) in the text between it and the quantity
before it in its clause, by a parenthesis opened right after an expression, or by an attached
body weight ("35 mg for a 70 kg person", "for a 70 kg person, 35 mg", "a patient weighing 80 kg
would need 40 mg"). One of several figures of one kind listed after a cue ("70 mg nasal, 140 mg
sublingual, and 175 mg orally") is not a result: which computation each stands for is unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checks import arith_cues as cues
from checks.arith_model import Item, PageModel

_WEIGHT_AFTER_RESULT = re.compile(
    r"^[^\S\n]+(?i:for|in|to)[^\S\n]+(?i:a|an|our|the|your|this|that|each|every|one|per|any|typical|average)"
    r"(?:[^\S\n]+[\w-]+)?[^\S\n]*$")
_WEIGHT_TO_RESULT = re.compile(
    r"^[^\S\n]*[,:–—-]?[^\S\n]*(?i:(?:that[’']?s|that[^\S\n]+is|this[^\S\n]+is|is|are|means|gets|get|needs|need"
    r"|requires|receives|takes|equals|=|comes[^\S\n]+to|works[^\S\n]+out[^\S\n]+to"
    r"|(?:would|should|will|could|might|may|can)[^\S\n]+(?:get|need|require|receive|take|be[^\S\n]+given|be))"
    r"[^\S\n]+)?(?:a[^\S\n]+dose[^\S\n]+of[^\S\n]+)?$")
_TOTAL_HEAD = re.compile(r"(?i)(?:^|[.:;(]\s*)(?:a|the|in)?[^\S\n]*total(?:[^\S\n]+\w+){0,3}[^\S\n]+"
                         r"(?:of|is|was|comes[^\S\n]+to)[^\S\n]+(?:about[^\S\n]+|around[^\S\n]+|roughly[^\S\n]+|~)?$|(?:^|[.:;(]\s*)(?:in[^\S\n]+total"
                         r"|altogether|all[^\S\n]+told|overall),?[^\S\n]*$")
# every match of _TOTAL_HEAD has one of these words
_TOTAL_WORDS = (b"total", b"altogether", b"told", b"overall")
_EXPLAINED_AFTER = re.compile(r"[^\S\n]*(?::|[–—])[^\S\n]")  # "that's 120 mg: six doses of 35 mg each"
_PAREN_OPEN = re.compile(r"\(([^()]{0,24})$")
_LIST_GAP = re.compile(r"^[^\S\n]*(?:[\w-]+[^\S\n]*){0,2}(?:,|\band\b|\bor\b)[^\S\n]*(?:and[^\S\n]+|or[^\S\n]+)?$")
_MASSLIKE = frozenset({"mass", "volume", "amount", "activity", "currency", "dose", "concentration", "rate"})




@dataclass
class Cue:
    kind: str               # "eq" | "paren" | "weight" | "alt"
    prev: Item | None       # the item right before the result in its clause
    backref: bool = False   # the clause opens by pointing back ("That suggests ...")


class CueFinder:
    def __init__(self, model: PageModel, partners: dict[int, set[int]]) -> None:
        self.model = model
        self.partners = partners

    def cue(self, r: Item, k: int) -> Cue | None:
        """The cue that marks ``r``, the ``k``-th item of its sentence, as a result, or None."""
        if r.unit is None or r.weight or r.fraction:
            return None
        m = self.model
        s = m.item_sentence(r)
        items = s.items
        text = m.block_text(r.block)
        ca = s.clauses[r.clause - s.first_clause][0]       # ``m.clause_span(r)``, the sentence at hand
        # the last earlier item of the clause that ends before it: no later item can (items are in order of
        # their numbers, each ending after its number), and the clause's items are together
        prev = None
        for j in range(k - 1, -1, -1):
            if items[j].clause != r.clause:
                break
            if items[j].end <= r.start:
                prev = items[j]
                break
        kind = self._kind(r, k, prev, text[prev.end if prev else ca:r.start], text, items)
        if kind is None:
            return None
        backref = cues.backref_start(text[ca:r.start]) \
            or (r.clause == s.first_clause and cues.backref_start(text[s.start:r.start]))
        return Cue(kind, prev, backref)

    def _kind(self, r: Item, k: int, prev: Item | None, gap: str, text: str, items: list[Item]) -> str | None:
        """The kind of cue that marks ``r`` (``items[k]``) as a result, or None; ``gap`` is the text since
        ``prev``. A figure listed with others of its kind (``_in_list``) has none."""
        if self._weight_cue(r, text, items):
            return "weight"
        kind = self._gap_cue(r, prev, gap, text)
        return None if kind is None or self._in_list(r, k, items, text) else kind

    @staticmethod
    def _gap_cue(r: Item, prev: Item | None, gap: str, text: str) -> str | None:
        """The cue in the text around ``r`` other than a weight, or None."""
        po = _PAREN_OPEN.search(gap) if prev is not None and "(" in gap else None
        if po and ")" not in gap[:po.start()] and po.start() <= 60:
            return "paren"
        if r.q.equals or cues.eq_cue_after(text[r.end:r.end + 30]) or cues.eq_cue_before(gap):
            return "eq"
        if prev is not None and prev.unit is not None and cues.EQ_COPULA.match(gap):
            return "eq"
        if prev is not None and len(gap) <= 8 and cues.alt_cue_before(gap):
            return "alt"
        return None

    def _weight_cue(self, r: Item, text: str, items: list[Item]) -> bool:
        if r.q.kind not in _MASSLIKE or r.unit is None or r.unit in ("kg", "lb", "oz"):
            return False
        for w in items:
            if not w.weight or w.clause != r.clause:
                continue
            if w.start >= r.end and _WEIGHT_AFTER_RESULT.match(text[r.end:w.start]):
                return True
            if w.end <= r.start:
                tail = cues.weight_before_person(text[w.end:w.end + 40]) or 0
                between = text[w.end + tail:r.start]
                if not any(w.end <= i.start < r.start for i in items if i.id != w.id) \
                        and _WEIGHT_TO_RESULT.match(between):
                    return True
        return False

    def _in_list(self, r: Item, i: int, items: list[Item], text: str) -> bool:
        """One of several figures of one kind listed after one cue ("70 mg nasal, 140 mg sublingual");
        ``r`` is ``items[i]``."""
        for j in (i - 1, i + 1):
            if not 0 <= j < len(items):
                continue
            o = items[j]
            if o.clause != r.clause or o.unit is None or o.unit != r.unit or o.id in self.partners.get(r.id, set()):
                continue
            a, b = (o, r) if j < i else (r, o)
            if not _LIST_GAP.match(text[a.end:b.start]):
                continue
            if j > i or self._cued_gap(o, j, items, text):
                return True
        return False

    def _cued_gap(self, it: Item, k: int, items: list[Item], text: str) -> bool:
        start = items[k - 1].end if k > 0 and items[k - 1].clause == it.clause else self.model.clause_span(it)[0]
        return cues.eq_cue_before(text[start:it.start])

    def result_first(self, r: Item, text: str) -> bool:
        """"A total of 280 mg: 8 doses of 35 mg", "280 mg in total, from ...": the operands follow."""
        ca = self.model.clause_span(r)[0]
        return (cues.eq_cue_after(text[r.end:r.end + 30])
                or (self.model.lowered(r.block).may_contain(ca, r.start, _TOTAL_WORDS)
                    and bool(_TOTAL_HEAD.search(text[ca:r.start])))
                or bool(_EXPLAINED_AFTER.match(text, r.end)))
