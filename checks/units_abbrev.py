"""Units rules read from the words around doses: do-not-use abbreviations, routes, ratio strengths.

UNT005 (the frequency and drug-name items of the Joint Commission list: QD, QOD, MSO4,
MgSO4, MS next to a dose), UNT009 error-prone route abbreviations (IN, SC, SQ, IJ, sub q),
UNT011 ratio strengths ("1:1,000").

"IN" is an English word in capitals ("IN CASE OF EMERGENCY") and SC/SQ are a state and a
unit of area, so an upper-case route code counts only in a route context:
* listed with another route code ("IV, IN, and PO"), or
* next to a drug name or a dose word ("IN ketamine", "ketamine IN", "given SC", "IN 50 mg"), or
* in a sentence where another route code is used that way ("IV ketamine ... when IN is
  right there"),
and never inside a run of capitals.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from checks.document import TextBlock
from checks.units_page import Item, Page, UnitEmitter

# -- UNT005: frequency and drug-name abbreviations ----------------------------------------

_FREQUENCY = re.compile(
    r"(?<![A-Za-z0-9.])(?P<abbr>[qQ]\.[oO]\.[dD]\.?|[qQ]\.[dD]\.?|QOD|qod|QD|qd)(?![A-Za-z0-9])")
_FREQUENCY_MEANING = {"qod": ("every other day", 'is misread as "QD" (daily) or "QID" (four times daily)'),
                      "qd": ("daily", 'is misread as "QID" (four times daily)')}
_DRUG_SHORT = re.compile(r"(?<![A-Za-z0-9])(?P<abbr>MSO4|MSO₄|MgSO4|MgSO₄)(?![A-Za-z0-9])")
_DRUG_SHORT_MEANING = {"MSO4": "morphine sulfate", "MSO₄": "morphine sulfate", "MgSO4": "magnesium sulfate",
                       "MgSO₄": "magnesium sulfate"}
_MS = re.compile(r"(?<![A-Za-z0-9])MS(?![A-Za-z0-9])")

# -- UNT009: routes ------------------------------------------------------------------------------

_ERROR_PRONE_ROUTES = {
    "IN": ('write "intranasal"', '"IN" is misread as "IM" or "IV"'),
    "SC": ('write "subcut" or "subcutaneously"', '"SC" is misread as "SL" (sublingual) or "5 every"'),
    "SQ": ('write "subcut" or "subcutaneously"', '"SQ" is misread as "SL" (sublingual) or "5 every"'),
    "IJ": ('write "injection"', '"IJ" is misread as "IV" or "intrajugular"'),
}
_ACCEPTED_ROUTES = frozenset({"IV", "IM", "PO", "SL", "NAS", "IO"})
_ROUTE_CODES = frozenset(_ERROR_PRONE_ROUTES) | _ACCEPTED_ROUTES
_CODE_TOKEN = re.compile(r"(?<![A-Za-z0-9-])(?:IN|SC|SQ|IJ|IV|IM|PO|SL|NAS|IO)(?![A-Za-z0-9-])")
_SUB_Q = re.compile(r"(?<![A-Za-z0-9])(?:sub[-\s]?q|subq|s\.c\.|s\.q\.)(?![A-Za-z0-9])", re.IGNORECASE)
_LIST_GAP = re.compile(r"[^\S\n]*(?:[,/&][^\S\n]*(?:(?:and|or)[^\S\n]+)?|(?:and|or)[^\S\n]+)")
_WORD_AFTER = re.compile(r"[^\S\n]*([A-Za-z][A-Za-z-]*)")
_DRUG_SUFFIX = re.compile(
    r"(?i)[a-z]*(?:amine|azepam|azolam|oxetine|pram|iptyline|olol|pril|sartan|statin|mab|caine|profen|codone"
    r"|morphine|fentanyl|oxone|prazole|mycin|cillin|cycline|floxacin|parin|insulin|olone|asone|ephrine)")
_DOSE_WORDS = frozenset({"dose", "doses", "dosing", "dosed", "spray", "sprays", "infusion", "infusions", "injection",
                         "injections", "route", "routes", "administration", "formulation", "formulations", "delivery",
                         "give", "gives", "giving", "given", "gave", "administer", "administered", "injected",
                         "delivered", "drug", "drugs", "medication", "medications"})
# "Indianapolis, IN": a state after a place name
_PLACE_BEFORE = re.compile(r"[A-Z][a-z]+,[^\S\n]*$")

# -- UNT011: ratio strengths ------------------------------------------------------------------

# the left context is tested after the "1", so the engine can skip straight to the ones
_RATIO = re.compile(r"1(?<![A-Za-z0-9.,:;/]1)[^\S\n]?:[^\S\n]?(?P<n>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{3,7})"
                    r"(?![0-9:]|[.,][0-9])")
_RATIO_CUES = re.compile(
    r"(?i)\b(?:epinephrine|adrenaline|lidocaine|solution|dilution|diluted|dilute|injection|strength|concentration"
    r"|vial|ampoule|ampule|w/v|mg|mcg|ml|dose|doses)\b")


# One scan per block finds which rules can match there (most blocks hold none of their cues): the frequency
# items hold QD, qd, QOD, qod, q. or Q.; the drug names MS, SO4 or SO₄; the routes IN, SC, SQ, IJ or any case
# of "sub", ".c.", ".q."; a ratio strength a colon. Each branch consumes one literal character (the rest is
# read by lookarounds), so the engine skips to those characters, and no cue hides another.
_CUES = re.compile(r"Q(?=O?D|\.)|q(?=o?d|\.)|M(?=S)|O(?<=SO)(?=[4₄])|I(?=[NJ])|S(?=[CQ])"
                   r"|b(?<=[sS][uU]b)|B(?<=[sS][uU]B)|\.(?=[cCqQ]\.)|:")
_CUE_RULE = {"Q": "frequency", "q": "frequency", "M": "drug", "O": "drug", "I": "route", "S": "route", "b": "route",
             "B": "route", ".": "route", ":": "ratio"}


def check_text(page: Page, em: UnitEmitter) -> None:
    items_by_block = page.items_by_block
    for block in page.doc.blocks:
        text = block.text
        cues = {_CUE_RULE[c] for c in _CUES.findall(text)}
        if not cues:
            continue
        items = items_by_block.get(block.index, [])
        if "frequency" in cues:
            _frequency(block, items, em)
        if "drug" in cues:
            _drug_names(block, items, em)
        if "route" in cues:
            _routes(block, items, em)
        if "ratio" in cues:
            _ratio_strengths(block, em)


def _matches(pattern: re.Pattern[str], block: TextBlock, group: int | str = 0) -> Iterator[re.Match[str]]:
    for m in pattern.finditer(block.text):
        if not block.in_code(m.start(group), m.end(group)):
            yield m


def _sentence(block: TextBlock, pos: int) -> tuple[int, int]:
    for s, e in block.sentences:
        if s <= pos < e:
            return s, e
    return 0, len(block.text)


def _dose_in(items: list[Item], span: tuple[int, int]) -> bool:
    return any(span[0] <= it.q.start and it.q.end <= span[1] and it.is_dose for it in items)


# -- UNT005 ---------------------------------------------------------------------------------------

def _frequency(block: TextBlock, items: list[Item], em: UnitEmitter) -> None:
    for m in _matches(_FREQUENCY, block):
        abbr = m.group("abbr")
        dotted = "." in abbr
        if not dotted and not _dose_in(items, _sentence(block, m.start())):
            continue  # a bare "QD" is a dose frequency only next to a dose
        key = "qod" if "o" in abbr.lower() else "qd"
        meaning, risk = _FREQUENCY_MEANING[key]
        rest = block.text[m.end():].lstrip()
        ends_sentence = abbr.endswith(".") and (not rest or rest[0].isupper())
        replacement = meaning + ("." if ends_sentence else "")  # "10 mg q.d. Then" keeps its full stop
        em.emit("UNT005", block, m.start(), m.end(), f'"{abbr}": write "{meaning}"; it {risk}',
                suggestion=f'write "{meaning}"', escalate=True, edits=((m.start(), m.end(), replacement),))


def _drug_names(block: TextBlock, items: list[Item], em: UnitEmitter) -> None:
    for m in _matches(_DRUG_SHORT, block):
        name = _DRUG_SHORT_MEANING[m.group("abbr")]
        em.emit("UNT005", block, m.start(), m.end(),
                f'"{m.group("abbr")}": write "{name}"; morphine sulfate and magnesium sulfate abbreviations are '
                f"confused with each other", suggestion=f'write "{name}"', escalate=True)
    for m in _matches(_MS, block):
        if _next_to_dose(items, m.start(), m.end(), block.text):
            em.emit("UNT005", block, m.start(), m.end(),
                    '"MS" next to a dose: write "morphine sulfate"; "MS" is read as magnesium sulfate',
                    suggestion='write "morphine sulfate"', escalate=True)


def _next_to_dose(items: list[Item], start: int, end: int, text: str) -> bool:
    for it in items:
        if not it.is_dose:
            continue
        if re.fullmatch(r"[^\S\n]{1,2}", text[end:it.q.start]) or re.fullmatch(r"[^\S\n]{1,2}", text[it.q.end:start]):
            return True
    return False


# -- UNT009 ---------------------------------------------------------------------------------------

def _routes(block: TextBlock, items: list[Item], em: UnitEmitter) -> None:
    text = block.text
    codes = [m for m in _matches(_CODE_TOKEN, block) if not _in_capitals(text, m.start(), m.end())]
    for m in codes:
        code = m.group(0)
        if code not in _ERROR_PRONE_ROUTES:
            continue
        if _route_context(block, items, codes, m):
            advice, risk = _ERROR_PRONE_ROUTES[code]
            em.emit("UNT009", block, m.start(), m.end(),
                    f'"{code}" as a route: {advice}; {risk}', suggestion=advice, escalate=True)
    for m in _matches(_SUB_Q, block):
        em.emit("UNT009", block, m.start(), m.end(),
                f'"{m.group(0)}" as a route: write "subcut" or "subcutaneously"; "q" is misread as "every"',
                suggestion='write "subcut" or "subcutaneously"', escalate=True)


def _in_capitals(text: str, start: int, end: int) -> bool:
    """The code sits next to a capitalised word that is no route code ("TAKE IN THE MORNING")."""
    for word in (_word_before(text, start), _word_after(text, end)):
        if word and len(word) > 1 and word.isupper() and word not in _ROUTE_CODES:
            return True
    return False


_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-")


def _word_before(text: str, pos: int) -> str | None:
    """The word ([A-Za-z][A-Za-z-]*) that ends ``text[:pos]``, spaces (not line breaks) and one final line
    break aside, read backwards from ``pos`` rather than by searching the text before it."""
    end = pos - 1 if pos and text[pos - 1] == "\n" else pos
    while end and text[end - 1] != "\n" and text[end - 1].isspace():
        end -= 1
    start = end
    while start and text[start - 1] in _WORD_CHARS:
        start -= 1
    while start < end and text[start] == "-":
        start += 1
    return text[start:end] or None


def _word_after(text: str, pos: int) -> str | None:
    m = _WORD_AFTER.match(text, pos)
    return m.group(1) if m else None


def _listed(codes: list[re.Match[str]], m: re.Match[str], text: str) -> bool:
    """Another route code stands next to this one in a list ("IV, IN, and PO")."""
    for other in codes:
        if other is m:
            continue
        gap = text[m.end():other.start()] if other.start() >= m.end() else text[other.end():m.start()]
        if _LIST_GAP.fullmatch(gap):
            return True
    return False


def _beside_drug_or_dose(m: re.Match[str], text: str, items: list[Item]) -> bool:
    before, after = _word_before(text, m.start()), _word_after(text, m.end())
    for word in (before, after):
        if word and (word.lower() in _DOSE_WORDS or _DRUG_SUFFIX.fullmatch(word)):
            return True
    return _next_to_dose(items, m.start(), m.end(), text)


def _route_context(block: TextBlock, items: list[Item], codes: list[re.Match[str]], m: re.Match[str]) -> bool:
    text = block.text
    if _listed(codes, m, text) or _beside_drug_or_dose(m, text, items):
        return True
    if _PLACE_BEFORE.search(text, 0, m.start()) or text[m.start() - 1:m.end() + 1] == f"({m.group(0)})":
        return False  # "Indianapolis, IN", "South Carolina (SC)"
    s, e = _sentence(block, m.start())
    return any(other is not m and s <= other.start() < e
               and (_listed(codes, other, text) or _beside_drug_or_dose(other, text, items)) for other in codes)


# -- UNT011 ---------------------------------------------------------------------------------------

def _strength(n: int) -> str:
    """1:n (1 g in n mL) as mass per volume."""
    mg_per_ml = 1000 / n
    if mg_per_ml >= 0.1:
        return f"{mg_per_ml:.4g} mg/mL"
    return f"{mg_per_ml * 1000:.4g} mcg/mL"


def _ratio_strengths(block: TextBlock, em: UnitEmitter) -> None:
    for m in _matches(_RATIO, block):
        n = int(m.group("n").replace(",", ""))
        if n < 100:
            continue
        s, e = _sentence(block, m.start())
        if not _RATIO_CUES.search(block.text, s, e):
            continue  # "a 1:50,000 map", odds: not a drug strength
        strength = _strength(n)
        em.emit("UNT011", block, m.start(), m.end(),
                f'"{m.group(0)}" is a ratio strength; write the strength as mass per volume ("{strength}"): '
                f"ratio expressions are misread and miscalculated", suggestion=f'write "{strength}"', escalate=True)
