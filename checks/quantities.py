"""Find every quantity in a block of prose, with exact spans and the written form kept.

``find_quantities(text)`` scans the plain text of one block (inline Markdown already
stripped) and returns ``Quantity`` records sorted by position. The units check judges
how quantities are written (spacing, ``ml``, ranges, separators); the arithmetic check
reads values, units and hedges. Unit algebra lives in ``checks.unit_algebra``.

How the scan works
------------------
1. Regions that are never quantities are marked first: URLs, e-mail addresses, code
   spans, DOIs and PMIDs, journal citations (``2019;25(4):381-387``, ``25(4):381``,
   ``pp. 3-5``), ISO and numeric dates, phone numbers, versions (``v2.3.1``), letter
   identifiers (``COVID-19``, ``IL-6``, ``5-HT2A``), bracketed reference lists
   (``[12]``, ``(1, 2)``) and heading or list numbers at a line start (``4.1:``, ``10.``).
2. A cheap token pattern proposes candidate starts (digits, signs, currency, words that
   can open a number word); one precompiled pattern then reads the number there: an
   optional currency sign, digits (``3,000``, ``0.5``, ``.5``, ``10 000`` with a thin or
   no-break space, or a plain space before a ``0nn`` group), a vulgar fraction (``½``,
   ``1½``) or number words (``six``, ``twenty-five``, ``a hundred``, ``twice``).
3. From each candidate, small anchored patterns read rightwards: magnitude words
   (``1.2 million``, ``$5k``), a range (``25 – 75``, ``56 to 84``, ``40-50``,
   ``between 0.6 and 1.0``, ``6- to 8-week``, ``50 mg to 80 mg``, ``one or two sprays``;
   the high end must exceed the low end), the unit (glued
   ``3g``, spaced ``3 g``, hyphenated ``3-hour``) or a counted noun with up to two
   modifiers (``four randomized trials``), then denominators (``/kg``, ``/ dose``,
   ``per treatment``, ``a week``, ``daily``; two may chain: ``mg/kg/day``) and trailing
   hedges (``1000 mg +``, ``or higher``) or ``each``. Leftwards they read hedges
   (``about``, ``~``, ``over``, ``less than``), ``=`` (``(= 30 mg)``), ``between``,
   ``n =`` and ``p <``.
4. Near misses are dropped at the candidate: numbers glued to letters (``B12``,
   ``long0term``, ``3D``, ``19th``), times and ratios with a colon (``3:30``, ``1:1``),
   slash pairs (``24/7``, ``5/12/2019``) unless they are a blood pressure
   (``120/80 mmHg``) or a fraction before a unit (``1/2 tablet``), chains of hyphens
   (``9-1-1``, ``555-123-4567``), times of day (``3 pm``), dates around month names,
   numbers after label words (``section 7``, ``type 2``, ``day 3``) and bare years
   (1800-2099 with no unit).

What is reported
----------------
* A number with a unit, currency or counted noun is always reported.
* A bare number written in digits is reported with ``kind="number"`` (effect sizes,
  "109 cognitive effects", "911"): downstream checks ignore that kind unless they look
  for it. Number words without a unit or noun ("one of them") are not reported.
* Near misses listed in step 4 yield nothing at all.

``Quantity.span`` covers the number through the unit and denominator, including a
currency sign before the number and a ``+`` glued inside (``1000+ mg``); hedges outside
that stretch are reported in ``approx``/``approx_span``. ``unit_text`` is the numerator
unit as written ("grams", "ml", "$", "days"), ``per_text`` the denominator with its
connector as written ("/ml", " / dose", " a week", " per treatment"), and ``unit`` the
canonical whole ("mg/mL", "g/dose", "day/week", "USD/treatment").

``kind`` is derived from the numerator unit and the denominator:
currency → ``currency``; per time → ``rate`` (``frequency`` for counts and ``x``);
mass, amount, activity or volume per body mass, body surface or a counted noun →
``dose``; the same per volume → ``concentration``; otherwise the unit's own kind
(``mass``, ``volume``, ``time``, ``percent``, ``pressure``, ``multiplier``, ``length``,
``amount``, ``activity``, ``energy``, ``temperature``, ``area``); ``kg/m2`` → ``bmi``;
counted nouns → ``count``; "16-year-old" → ``age``; ``p < .05`` → ``p_value``; bare → ``number``.

The vocabulary (units, nouns, hedges, labels) is ``rules/vocab/units.yaml``; it is read
and compiled once, on the first call.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checks.casefold import FOLDS_TO_ASCII, ignorecase_variants
from checks.frozen import frozen_from_fields

if TYPE_CHECKING:
    from checks.document import Document, TextBlock

__all__ = ["Quantity", "UnitDef", "find_quantities", "noun_lemmas", "number_value", "unit_table"]


@dataclass(frozen=True)
class Quantity:
    """One quantity in a block's text; every span is [start, end) in str indices of that text.

    ``value`` is the low end of a range, ``high`` the high end (else None). ``unit`` is the
    canonical whole ("mg/kg"), None for counts and bare numbers; ``unit_text``/``unit_span``
    the numerator as written ("grams", "ml", "$"); ``per``/``per_text``/``per_span`` the
    denominator(s), canonical and as written. ``noun`` is the counted-noun lemma ("dose"),
    "time" for occasions ("twice a week"), "n" for "n = 17". ``approx`` is the hedge,
    lower-cased ("about", "~", "over", "less than", "+", "or higher"), ``bound`` its sense.
    """

    start: int
    end: int
    text: str
    value: float
    high: float | None
    unit: str | None
    unit_text: str | None
    unit_span: tuple[int, int] | None
    per: str | None
    noun: str | None
    approx: str | None
    approx_span: tuple[int, int] | None
    range_sep: str | None
    number_text: str
    glued: bool
    kind: str
    # additions beyond the agreed shape
    bound: str | None = None                    # "approx" | "lower" | "upper", from approx
    number_span: tuple[int, int] | None = None  # the first number as written (sign and magnitude included)
    high_text: str | None = None
    high_span: tuple[int, int] | None = None
    range_sep_span: tuple[int, int] | None = None
    unit_repeated: bool = False                 # "50 mg to 80 mg", "10% to 20%", "$5 to $10"
    per_text: str | None = None                 # denominator with its connector, as written
    per_span: tuple[int, int] | None = None
    noun_text: str | None = None                # counted noun as written, modifiers excluded
    noun_span: tuple[int, int] | None = None
    hyphenated: bool = False                    # "3-hour", "16-year-old", "6- to 8-week"
    equals: bool = False                        # written after "=": "(= 30 mg)"
    each: bool = False                          # followed by "each"/"apiece": "35 mg each"
    pm: float | None = None                     # "5 ± 2 mg": 2
    paired: float | None = None                 # "120/80 mmHg": 80

    @property
    def is_range(self) -> bool:
        return self.high is not None

    @property
    def spelled(self) -> bool:
        """The number is written in words ("six")."""
        return self.number_text[:1].isalpha()

    @property
    def decimals(self) -> int:
        """Digits after the decimal point of the first number as written ("1.0" → 1)."""
        m = re.search(r"\.([0-9]+)", self.number_text)
        return len(m.group(1)) if m else 0




@dataclass(frozen=True)
class UnitDef:
    unit: str
    kind: str
    pint: str
    body: str | None = None


# ---------------------------------------------------------------------------
# number words

_ONES = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_ADVERBS = {"once": 1.0, "twice": 2.0, "thrice": 3.0}
_FRACTIONS = {"½": 1 / 2, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 1 / 4, "¾": 3 / 4, "⅕": 1 / 5, "⅖": 2 / 5, "⅗": 3 / 5,
              "⅘": 4 / 5, "⅙": 1 / 6, "⅚": 5 / 6, "⅛": 1 / 8, "⅜": 3 / 8, "⅝": 5 / 8, "⅞": 7 / 8}
_GROUP_SPACES = "\u2009\u202f\u00a0"
# a number in one word ("six", "forty", "dozen"): the value the general reading below gives it
_ONE_WORD = {w: float(v) for w, v in (*_ONES.items(), *_TENS.items(), ("hundred", 100), ("dozen", 12),
                                      *_SCALES.items())}


def number_value(word: str) -> float | None:
    """The value of a written number, or None.

    Handles digits ("3,000", ".5", "10 000" with thin spaces), vulgar fractions ("½",
    "1½"), simple fractions ("1/2"), and words: "six", "twenty-five", "a hundred",
    "two hundred and fifty", "3 thousand", "a dozen", "half", "one and a half",
    "once"/"twice"/"thrice".
    """
    if word.isascii() and word.replace(".", "", 1).isdigit():
        return float(word)      # plain digits ("35", "0.5", ".5"): what the general path below gives
    w = " ".join(word.strip().lower().split())
    if not w:
        return None
    if w[0].isdigit() or w[0] in ".-−":
        return _digits_value(w)
    if w in _FRACTIONS:
        return _FRACTIONS[w]
    if w in _ADVERBS:
        return _ADVERBS[w]
    if w in ("half", "a half"):
        return 0.5
    if w in ("quarter", "a quarter"):
        return 0.25
    if w in _ONE_WORD:
        return _ONE_WORD[w]
    tokens = [t for t in re.split(r"[\s-]+", w) if t != "and"]
    if tokens[-2:] == ["a", "half"]:
        base = number_value(" ".join(tokens[:-2])) if len(tokens) > 2 else None
        return None if base is None else base + 0.5
    total, current, seen = 0.0, 0.0, False
    for i, t in enumerate(tokens):
        if t in ("a", "an"):
            if i + 1 < len(tokens) and (tokens[i + 1] in _SCALES or tokens[i + 1] in ("hundred", "dozen")):
                current, seen = 1.0, True
                continue
            return None
        if t in _ONES:
            current += _ONES[t]
        elif t in _TENS:
            current += _TENS[t]
        elif t == "hundred":
            current = (current or 1.0) * 100
        elif t == "dozen":
            current = (current or 1.0) * 12
        elif t in _SCALES:
            total += (current or 1.0) * _SCALES[t]
            current = 0.0
        else:
            return None
        seen = True
    return total + current if seen else None


def _digits_value(w: str) -> float | None:
    sign = -1.0 if w[0] in "-−" else 1.0
    w = w.lstrip("-−")
    parts = w.split()
    if len(parts) == 2 and parts[1] in _SCALES:
        base = _digits_value(parts[0])
        return None if base is None else sign * base * _SCALES[parts[1]]
    if w and w[-1] in _FRACTIONS:
        whole = float(w[:-1]) if w[:-1] else 0.0
        return sign * (whole + _FRACTIONS[w[-1]])
    if re.fullmatch(r"[0-9]+/[0-9]+", w):
        a, b = w.split("/")
        return sign * int(a) / int(b) if int(b) else None
    if _GROUPED.fullmatch(w):
        w = re.sub(r"[^0-9.]", "", w)
    try:
        return sign * float(w)
    except ValueError:
        return None


_GROUPED = re.compile(rf"[0-9]{{1,3}}(?:[ ,{_GROUP_SPACES}][0-9]{{3}})+(?:\.[0-9]+)?")


# ---------------------------------------------------------------------------
# vocabulary

def _vocab_path() -> Path:
    from checks.registry import rules_root

    return rules_root() / "vocab" / "units.yaml"


@cache
def _raw_vocab() -> dict[str, Any]:
    from checks.registry import load_yaml

    data = load_yaml(_vocab_path())
    if not isinstance(data, dict) or "units" not in data:
        raise ValueError(f"{_vocab_path()}: expected a mapping with 'units'")
    return data


@cache
def unit_words() -> frozenset[str]:
    """Spelled unit forms ("grams", "milliliter"), lower case, whitespace collapsed."""
    return frozenset(" ".join(str(w).lower().split()) for rec in _raw_vocab()["units"] for w in rec.get("words", []))


@cache
def unit_table() -> dict[str, UnitDef]:
    """Canonical unit symbol → its definition (kind, pint expression, body-mass variant)."""
    table: dict[str, UnitDef] = {}
    for rec in _raw_vocab()["units"]:
        table[rec["unit"]] = UnitDef(str(rec["unit"]), rec["kind"], rec["pint"], rec.get("body"))
    return table


def _plural(lemma: str) -> str:
    head, _, last = lemma.rpartition(" ")
    if re.search(r"[^aeiou]y$", last):
        last = last[:-1] + "ies"
    elif re.search(r"(s|sh|ch|x|z)$", last):
        last += "es"
    else:
        last += "s"
    return f"{head} {last}" if head else last


@cache
def noun_lemmas() -> dict[str, str]:
    """Every written form (lower case) of a counted noun → its lemma."""
    forms: dict[str, str] = {}
    for rec in _raw_vocab().get("nouns", []):
        lemma = rec["lemma"]
        forms[lemma] = lemma
        forms[rec.get("plural") or _plural(lemma)] = lemma
    return forms


def _alt(words: list[str], spaced: bool = True, ignorecase: bool = True) -> str:
    """An alternation of ``words``, longest first; with ``spaced`` a space in a word matches any whitespace.

    The words are grouped by first character, written once before the group ("m(?:g|l|)"), so the engine
    tries only the group that can start at a position. First characters that match each other under
    ``ignorecase`` (the flag the alternation is compiled with) share a group, and each group keeps the
    longest-first order, so exactly the same word matches as in a flat alternation.

    Under ``ignorecase`` (the alternation then sits inside ``(?i:...)``) an ASCII head is written as the
    class of every character that matches it there, case-sensitively ("(?-i:[mM])"): the engine skips a
    group whose head is a plain class without entering it, but must enter one whose head ignores case.
    """
    groups: list[tuple[list[str], list[str]]] = []   # (first characters, words in order)
    for w in sorted(set(words), key=lambda s: (-len(s), s)):
        joined = [g for g in groups if any(_same_char(w[0], c, ignorecase) for c in g[0])]
        if not joined:
            groups.append(([w[0]], [w]))
            continue
        first, members = joined[0]
        for g in joined[1:]:   # the word links two groups: merge them, keeping the order
            first.extend(g[0])
            members.extend(g[1])
            members.sort(key=lambda s: (-len(s), s))
            groups.remove(g)
        first.extend([w[0]] if w[0] not in first else [])
        members.append(w)
    parts = []
    for first, members in groups:
        if ignorecase and all(c.isascii() for c in first):
            head = f"(?-i:[{''.join(re.escape(c) for c in sorted(ignorecase_variants(first)))}])"
        else:
            head = re.escape(first[0]) if len(first) == 1 else f"[{''.join(re.escape(c) for c in first)}]"
        parts.append(f"{head}(?:{'|'.join(_escape(w[1:], spaced) for w in members)})")
    return "|".join(parts)


def _escape(word: str, spaced: bool) -> str:
    esc = re.escape(word)
    return esc.replace(r"\ ", r"\s+") if spaced else esc


@cache
def _same_char(a: str, b: str, ignorecase: bool) -> bool:
    """Whether characters ``a`` and ``b`` match each other (under ``ignorecase``)."""
    if a == b:
        return True
    return ignorecase and bool(re.fullmatch(f"(?i:{re.escape(a)})", b) or re.fullmatch(f"(?i:{re.escape(b)})", a))


_WB = r"(?![A-Za-z0-9_µμ]|\.[A-Za-z])"
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _folded(chars: set[str]) -> frozenset[str]:
    """Every character that matches one of ``chars`` under re.IGNORECASE (non-letters match themselves)."""
    for c in chars:
        if not c.isascii():
            raise ValueError(f"{_vocab_path()}: a hedge or label ends in {c!r}; only ASCII is supported")
    return ignorecase_variants(chars)


def _core_end(phrase: str) -> bool:
    """``phrase`` ends in an ASCII letter or "."."""
    return phrase[-1] == "." or phrase[-1] in _ASCII_LETTERS


def _cores(phrases: list[str]) -> frozenset[str] | None:
    """The last word of each phrase, lower case, one final "." aside ("approx." → "approx"), for
    ``_Left.rules_out``; None when some last word holds more than ASCII letters and a final "."."""
    cores = {p.split()[-1].lower().removesuffix(".") for p in phrases}
    return frozenset(cores) if all(c and c.isascii() and c.isalpha() for c in cores) else None


class _Vocab:
    """Compiled patterns and lookup tables built from units.yaml."""

    def __init__(self, raw: dict[str, Any]) -> None:
        table = unit_table()
        self.symbols: dict[str, UnitDef] = {}
        self.spaced: dict[str, UnitDef] = {}
        self.words: dict[str, UnitDef] = {}
        self.prefixes: dict[str, UnitDef] = {}
        for rec in raw["units"]:
            u = table[rec["unit"]]
            for s in rec.get("symbols", []):
                self.symbols[str(s)] = u
            for s in rec.get("spaced", []):
                self.spaced[str(s)] = u
            for s in rec.get("words", []):
                self.words[" ".join(str(s).lower().split())] = u
            for s in rec.get("prefix", []):
                self.prefixes[str(s)] = u
        sym = _alt([*self.symbols, *self.spaced], spaced=False, ignorecase=False).replace(r"\ ", " ")
        unit = rf"(?P<unit>(?:{sym}){_WB}|(?i:{_alt(list(self.words))}){_WB})"
        self.unit_re = re.compile(unit)
        # a unit glued to what precedes or after a space (_WS): no unit opens with a space, so this is unit_re
        # where no space is, and unit_re after the space where one is (taken whole: "?+" tries no shorter space)
        if any(str(x)[:1].isspace() for x in (*self.symbols, *self.spaced)):
            raise ValueError(f"{_vocab_path()}: a unit symbol may not open with a space")
        self.spaced_unit_re = re.compile(rf"(?P<space>{_WS})?+{unit}")
        nouns = noun_lemmas()
        self.nouns = nouns
        mods = [str(m) for m in raw.get("noun_modifiers", [])]
        # a counted noun after a space, with up to two modifiers ("four randomized trials")
        self.noun_re = re.compile(
            rf"{_WS}(?i:(?P<mods>(?:(?:{_alt(mods)})\s+){{0,2}}))(?i:(?P<noun>{_alt(list(nouns))}))(?![A-Za-z0-9_-])")
        self.bare_noun_re = re.compile(rf"(?i:{_alt(list(nouns))})(?![A-Za-z0-9_-])")
        hedges = raw.get("hedges", {})
        self.hedge_before: dict[str, str] = {}
        self.hedge_after: dict[str, str] = {}
        for bound, words in hedges.get("before", {}).items():
            for w in words:
                self.hedge_before[" ".join(str(w).lower().split())] = bound
        for bound, words in hedges.get("after", {}).items():
            for w in words:
                self.hedge_after[" ".join(str(w).lower().split())] = bound
        wordy = [h for h in self.hedge_before if h[0].isalpha()]
        signs = [h for h in self.hedge_before if not h[0].isalpha()]
        self.before_re = re.compile(
            rf"(?:(?<![A-Za-z])(?i:{_alt(wordy)})\s+|(?:{_alt(signs, ignorecase=False)})\s*)$")
        # what a hedge before a number can end with, and how many words it spans (to bound the search)
        self.hedge_ends = _folded({h[-1] for h in wordy}) | {h[-1] for h in signs}
        self.hedge_words = max((len(h.split()) for h in self.hedge_before), default=1)
        # the last words of the hedges, for _Left.core (None: a sign ends in a letter or ".", no test)
        self.hedge_cores = None if any(_core_end(h) for h in signs) else _cores(wordy)
        after_words = [h for h in self.hedge_after if h != "+"]
        if any(h.split()[0] in ("each", "apiece") for h in after_words):
            raise ValueError(f"{_vocab_path()}: a hedge after a number may not open with 'each' or 'apiece'")
        # what may follow a quantity: "+" (not before a number), a hedge ("or more") or "each"; after the
        # space these open with "+", a hedge's first word or each/apiece, so at most one matches at a place
        self.suffix_re = re.compile(
            rf"(?P<plus>{_PLUS_AFTER})|(?P<after>\s+(?i:{_alt(after_words)})(?![A-Za-z]))|(?P<each>{_EACH})")
        self.per_adverbs: dict[str, str] = {str(k): str(v) for k, v in raw.get("per_adverbs", {}).items()}
        # what opens a denominator, in the order tried: a slash, a connector ("per", "a") or an adverb ("daily")
        self.per_re = re.compile(
            rf"(?P<slash>{_SLASH})|(?P<word>{_WS}(?i:(?P<conn>per|an?|each|every)){_WS})"
            rf"|(?P<adverb>\s+(?i:{_alt(list(self.per_adverbs))})(?![A-Za-z]))")
        labels = [str(x) for x in raw.get("labels", [])]
        self.label_re = re.compile(rf"(?<![A-Za-z])(?i:{_alt(labels)})[^\S\n]*$")
        self.label_ends = _folded({x[-1] for x in labels})
        self.label_cores = _cores(labels)
        self.label_width = None if any(" " in x for x in labels) else max(map(len, labels), default=0)


@cache
def _vocab() -> _Vocab:
    return _Vocab(_raw_vocab())


# ---------------------------------------------------------------------------
# patterns that do not depend on the vocabulary

_SMALL = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
          r"(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine)(?![-A-Za-z]))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen"
          r"|eighteen|nineteen|zero|one|two|three|four|five|six|seven|eight|nine)")
_WORDNUM = (rf"(?:(?:{_SMALL}|an?)\s+(?:hundred|thousand|million|dozen)(?:\s+(?:and\s+)?{_SMALL})?"
            rf"|{_SMALL}|dozen|once|twice|thrice)")
_FRAC_CHARS = "".join(_FRACTIONS)
_DIGITS = (rf"[0-9]*[{_FRAC_CHARS}]"
           r"|[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?(?![0-9])"
           rf"|[0-9]{{1,3}}(?:[{_GROUP_SPACES}][0-9]{{3}})+(?:\.[0-9]+)?(?![0-9])"
           r"|[0-9]{1,3}(?: 0[0-9]{2})+(?![0-9])"
           r"|[0-9]+(?:\.[0-9]+)?|\.[0-9]+")
_SIGN = r"(?<![^\s(\[=])[−-](?=\.?[0-9])"
_CURRENCY = r"US\$|CA\$|AU\$|C\$|A\$|\$|€|£"
_MASTER = re.compile(
    rf"(?P<cur>{_CURRENCY})?(?P<num>(?:{_SIGN})?(?:{_DIGITS}))"
    rf"|(?<![A-Za-z0-9_-])(?P<word>(?i:{_WORDNUM}))(?![A-Za-z0-9_])")
_WORD_STARTS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
                "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety dozen once "
                "twice thrice").split()


def _word_start_pattern() -> str:
    """Words that open a number word (lower case), as the alternatives of a trie, ungrouped (a caller's group
    holds them): each branch opens with its own letter, so the engine rejects most words at once and tries
    no common start twice ("the" fails at "th" once, not once for each of three, thirteen, thirty, thrice)."""
    trie: dict[str, dict] = {}
    for w in _WORD_STARTS:
        node = trie
        for c in w:
            node = node.setdefault(c, {})
        node[""] = {}
    return "|".join(_trie_alternatives(trie))


def _trie_alternatives(node: dict[str, dict]) -> list[str]:
    """The words in ``node`` (a trie; "" marks a word's end) as alternatives, the end of a word last."""
    out = []
    for c, child in sorted(node.items()):
        if c:
            alts = _trie_alternatives(child)
            out.append(c + (alts[0] if len(alts) == 1 else f"(?:{'|'.join(alts)})"))
    return [*out, ""] if "" in node else out


# Where a number can start (every place where _MASTER can match, and a few more), found by two scans that
# the engine skips through quickly (the second is _CANDIDATE_SCAN, which also finds the exclusion triggers):
# * a number word, as a whole ASCII word not before "$", with the character before it (the text gets a
#   leading space); "a"/"an" only before a scale word ("a hundred"). This scan reads the text as bytes
#   (_latin1): Latin-1, "?" for every other character, ASCII letters lower-cased. Those bytes index
#   like the text, and the words (ASCII, any case) match exactly where they match in the text. The scale
#   word after "a" is matched by _MASTER with Unicode ``\s`` and case folding; here "?" also stands for a
#   space outside Latin-1 and for the letters that fold to i or s (İ, ı, ſ), so no "a hundred" is missed.
# * digits, a decimal point before a digit, a sign where _SIGN fits, a currency sign (a "$" after one or
#   two capitals starts at them: "US$") or a vulgar fraction.
_WORD_CANDIDATE = re.compile(
    rf"[^a-z0-9_-](?:{_word_start_pattern()}"
    r"|an?(?=[\s\x1c-\x1f\x85\xa0?]+(?:hundred|thou[s?]and|m[i?]ll[i?]on|dozen)))(?![a-z$])".encode())
# The word scan made quick: in a copy of those bytes where every byte that can precede a number word (all
# but [a-z0-9_-]) is a space, a match opens with a literal space the engine skips to. It matches wherever
# _WORD_CANDIDATE does, ending at the same place (the end of the word), and in a few more places ("one$",
# "a, hundred"), so each hit is confirmed by _WORD_CANDIDATE on the real bytes.
_WORD_SPOTTER = re.compile(
    rf" (?:{_word_start_pattern()}|an?(?= +(?:hundred|thou[s ]and|m[i ]ll[i ]on|dozen)))(?![a-z])".encode())
# (the copy is made from the bytes before lower-casing: the table lower-cases ASCII letters itself)
_TO_SPACES = bytes(ord(chr(c).lower()) if chr(c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
                   else 32 for c in range(256))
# what must follow each character that opens a candidate (the sign: _SIGN's context)
_OTHER_AFTER = {**dict.fromkeys("0123456789", "[0-9]*"), ".": "(?=[0-9])",
                **dict.fromkeys("−-", r"(?<![^\s(\[=].)(?=\.?[0-9])"), **dict.fromkeys(f"$€£{_FRAC_CHARS}", "")}
_OTHER_AFTER_RE = {c: re.compile(after) for c, after in _OTHER_AFTER.items()}
_CAPITALS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _candidates(text: str) -> tuple[list[int], list[int]]:
    """Offsets in ``text`` where a number may start, in order; and those where a trigger may fire
    (``_fired_triggers``)."""
    raw = _latin1(text)
    words = [m.start() for m in _WORD_SPOTTER.finditer(raw.translate(_TO_SPACES))]
    if words:       # lower-cased only where a word is to be confirmed
        low = raw.lower()
        words = [at for at in words if _WORD_CANDIDATE.match(low, at)]
    others: list[int] = []
    triggers: list[int] = []
    for m in _CANDIDATE_SCAN.finditer(text):
        at = m.start()
        c = text[at]
        if c in _TRIGGERS_AT:
            triggers.append(at)
            if c not in _OTHER_AFTER_RE or not _OTHER_AFTER_RE[c].match(text, at + 1):   # "." and "-" open both
                continue
        if c == "$" and at and text[at - 1] in _CAPITALS:
            at -= 2 if at > 1 and text[at - 2] in _CAPITALS else 1
        others.append(at)
    if words and others:
        return sorted(words + others), triggers
    return words or others, triggers


def _latin1(text: str) -> bytes:
    """`` `` + ``text`` as bytes: Latin-1 with "?" for other characters, one byte per character."""
    return b" " + text.encode("latin-1", "replace")


_NUM_AT = re.compile(rf"(?P<cur>{_CURRENCY})?(?P<num>{_DIGITS})|(?P<word>(?i:{_WORDNUM}))(?![A-Za-z0-9_])")

_PAGES = r"[A-Za-z]?[0-9]+(?:\s*[-–]\s*[A-Za-z]?[0-9]+)?"
# Regions that never hold a quantity. Each pattern runs only when its trigger occurs in the text: a
# character, then a pattern that must hold at that character (lookbehinds read before it) in any match.
# All triggers are looked for in one scan (_CANDIDATE_SCAN, with the candidates) that stops only at their
# characters, none of them a lower-case letter, so the work stays small on ordinary prose. A leading
# ``\b`` or lookbehind is written after the first character where that is the same test (``[0-9](?<!\w.)``
# is ``\b[0-9]``), so the engine can skip to that character.
_EXCLUDE_SOURCES: list[tuple[tuple[str, str], str]] = [
    (("`", ""), r"`[^`\n]*`"),                                            # code spans left in the text
    ((":", "//"), r"(?:https?://|ftp://)[^\s<>\"')\]]+"),                  # URLs
    ((".", r"(?<=www\.)"), r"www\.[^\s<>\"')\]]+"),
    (("@", ""), r"\b[\w.+-]+@[\w-]+\.[\w.-]+"),                            # e-mail
    ((".", r"(?:com|org|net|gov|edu|io|info|uk|de|ca|au)\b"),             # bare domains
     r"\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|io|info|uk|de|ca|au)(?:/[^\s<>\"')\]]*)?\b"),
    ((".", r"(?<=10\.)[0-9]{4}"), r"10\.[0-9]{4,9}/[^\s\"<>]+"),          # DOI
    (("PIN", r"(?<=P)M(?:ID|C)|(?<=I)S(?:BN|SN|RCTN)|(?<=N)CT"),
     r"(?:PMID|PMCID|PMC|ISBN|ISSN|NCT|ISRCTN)\s*:?\s*[0-9][0-9Xx-]*"),    # identifiers
    # journal citations: 2019;25(4):381-387, 2019;393:123, 25(4):381-7
    ((";", ""), rf"[0-9](?<!\w.)[0-9]{{3}}\s*;\s*[0-9]+(?:\s*\([^)\n]{{1,12}}\))?(?:\s*:\s*{_PAGES})?"),
    ((")", ":"), rf"[0-9](?<!\w.)[0-9]*\s*\(\s*[0-9]+(?:\s*[-–]\s*[0-9]+)?\s*\)\s*:\s*{_PAGES}"),
    ((".", r"(?<=[pP]\.)\s*[0-9]"), r"[pP](?<![A-Za-z].)[pP]?\.\s*[0-9]+(?:\s*[-–]\s*[0-9]+)?"),  # pages
    (("-", r"(?<=[0-9]-)[0-9]{1,2}-"), r"[0-9](?<!\w.)[0-9]{3}-[0-9]{1,2}-[0-9]{1,2}\b"),  # ISO dates
    (("/.", r"(?<=[0-9].)[0-9]{1,2}[/.][0-9]"),
     r"[0-9](?<!\w.)[0-9]?[/.][0-9]{1,2}[/.][0-9]{2,4}\b"),              # numeric dates
    ((".-", r"(?<=[0-9]{3}.)[0-9]{4}"),                                   # phone numbers
     r"(?:\+[0-9]{1,3}[\s.-]?)?\(?[0-9]{3}\)?[\s.-][0-9]{3}[.-][0-9]{4}\b"),
    ((".", r"(?<=[0-9]\.)[0-9]"), r"[vV](?<![A-Za-z].)(?:ersion\s?)?[0-9]+(?:\.[0-9]+)+"),  # versions
    (("-‐", r"(?<=[A-Za-z].)[0-9]"), r"[-‐](?<=[A-Za-z][-‐])[0-9]+[A-Za-z0-9]*"),  # COVID-19, IL-6, PHQ-9
    (("-‐", r"(?<=[0-9].)[A-Z]"),
     r"[0-9](?<![A-Za-z0-9.][0-9])[0-9]*[-‐][A-Z]{1,4}[0-9]+[A-Za-z0-9]*"),  # 5-HT2A
    (("[(", r"[^\S\n]*[0-9]"), r"[\[(][^\S\n]*[0-9]{1,3}(?:[^\S\n]*[,–-][^\S\n]*[0-9]{1,3})*[^\S\n]*[\])]"),  # [12]
]
_EXCLUDE = [re.compile(pattern) for _, pattern in _EXCLUDE_SOURCES]


def _triggers_at() -> dict[str, list[tuple[int, re.Pattern[str]]]]:
    """Each first character of a trigger → (index in _EXCLUDE, the trigger as its own pattern) of the
    triggers it opens, in index order."""
    out: dict[str, list[tuple[int, re.Pattern[str]]]] = {}
    for i, ((first, rest), _) in enumerate(_EXCLUDE_SOURCES):
        trigger = re.compile(f"[{re.escape(first)}](?:{rest})")
        for c in first:
            out.setdefault(c, []).append((i, trigger))
    return out


_TRIGGERS_AT = _triggers_at()


def _candidate_scan() -> re.Pattern[str]:
    """Where a number may start, by _OTHER_AFTER (matching a run of digits whole), and where a trigger may
    fire: a trigger's first character with a lookahead for the rests of the triggers it opens. One scan for
    both, as each tests every character; one branch per first character (a literal), so the engine skips to those
    characters and tries only the branch of the one it finds."""
    afters: dict[str, list[str]] = {c: [after] for c, after in _OTHER_AFTER.items()}
    for (first, rest), _ in _EXCLUDE_SOURCES:
        for c in first:
            afters.setdefault(c, []).append(f"(?=(?:{rest}))")
    return re.compile("|".join(f"{re.escape(c)}(?:{'|'.join(x)})" for c, x in sorted(afters.items())))


_CANDIDATE_SCAN = _candidate_scan()
# heading or list numbers at a line start ("4.1:", "10."); tried only where a line starts
_LINE_NUMBER = re.compile(r"(?m:^[^\S\n]*(?:[-–—•*][^\S\n]*)?\(?[0-9]{1,3}(?:\.[0-9]{1,3})*[.:)](?=\s|$))")
_LINE_NUMBER_FIRST = frozenset("0123456789-–—•*(")   # what a line number can open with, besides a space

_MONTH_NAMES = ("January February March April May June July August September October November December "
                "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec").split()
_MONTHS = f"(?:{'|'.join(_MONTH_NAMES)})"
_MONTH_WIDTH = max(map(len, _MONTH_NAMES)) + 1      # "September."
_MONTH_BEFORE = re.compile(rf"\b{_MONTHS}\.?[^\S\n]+$")
_MONTH_ENDS = frozenset({m[-1] for m in _MONTH_NAMES} | {"."})
_MONTH_AFTER = re.compile(rf"(?:st|nd|rd|th)?[^\S\n]+(?:of[^\S\n]+)?{_MONTHS}\b")

_WS = r"(?:[^\S\n]{1,3}\n?[^\S\n]{0,3}|\n[^\S\n]{0,3})"   # a space, possibly across one line break
_TOKEN_REST = re.compile(r"[0-9A-Za-z.,:/-]*")
_VERSION_CHAIN = re.compile(r"(?:\.[0-9]+)+")
_COLON_CHAIN = re.compile(r"(?::[0-9]+)+(?:[^\S\n]*(?i:[ap]\.?m\b\.?))?")
_SLASH_CHAIN = re.compile(r"(?:/[0-9]+)+")
_SLASH_PAIR = re.compile(r"/([0-9]{1,3})(?![0-9])")
_MAGNITUDE = rf"{_WS}(?i:(?P<scale>thousand|million|billion|trillion))(?![A-Za-z])"
_CUR_MAGNITUDE = re.compile(r"(k|K|m|M|bn|B)(?![A-Za-z0-9])")
_CUR_MAG_VALUE = {"k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6, "bn": 1e9, "B": 1e9}
_GLUED_PLUS = r"\+(?![0-9])"
_PLUS_MINUS = rf"[^\S\n]*(?:±|\+/-|\+/−|\+-)[^\S\n]*(?P<pm_number>{_DIGITS})"
# What can follow the digits of a number, in the order tried: the near misses (a chain of hyphens "9-1-1",
# an ordinal "19th", a time of day "3 pm", a phone number's last four digits "555-1234"), a magnitude
# ("1.2 million"), a glued "+" ("1000+ mg"), a "±" term ("5 ± 2 mg"). Each opens with a space or one of
# _AFTER_DIGITS_FIRST.
_AFTER_DIGITS = re.compile(
    r"(?P<dash>(?:[^\S\n]?[-–][^\S\n]?[0-9]+){2,})"
    r"|(?P<ordinal>(?:st|nd|rd|th|'s|’s)(?![A-Za-z]))"
    r"|(?P<clock>[^\S\n]*(?:(?i:[ap]\.?m\b\.?)|o['’]clock\b))"
    r"|(?P<phone>-[0-9]{4}(?![0-9]))"
    rf"|(?P<magnitude>{_MAGNITUDE})|(?P<plus>{_GLUED_PLUS})|(?P<pm>{_PLUS_MINUS})")
_AFTER_DIGITS_FIRST = frozenset("-–snrt'’aApPo+±")
_MAGNITUDE_RE = re.compile(_MAGNITUDE)
_GLUED_PLUS_RE = re.compile(_GLUED_PLUS)
_PLUS_MINUS_RE = re.compile(_PLUS_MINUS)
_PLUS_MINUS_FIRST = frozenset("±+")
_RANGE_SEP = re.compile(
    r"(?P<hto>-[^\S\n]+to[^\S\n]+)"
    r"|(?P<dash>[^\S\n]{0,2}[–—][^\S\n]{0,2}|[^\S\n]?[-‐‑][^\S\n]?)"
    rf"|(?P<to>{_WS}to{_WS})"
    rf"|(?P<and>{_WS}and{_WS})"
    rf"|(?P<or>{_WS}or{_WS})")
_RANGE_SEP_FIRST = frozenset("-–—‐‑")      # what _RANGE_SEP can open with, besides a space
_SLASH = r"[^\S\n]{0,2}/[^\S\n]{0,2}"
_PER_GUARD = re.compile(rf"{_WS}(?i:later|ago|earlier|before|after|apart|prior|from)\b")
_OLD = re.compile(r"(?:[^\S\n]|-)old(?![A-Za-z])")
_EACH = r"[^\S\n]+(?i:each|apiece)(?![A-Za-z])"
_PLUS_AFTER = rf"[^\S\n]*\+(?![^\S\n]*(?:[0-9$€£.]|(?i:{_WORDNUM})\b))"
_BETWEEN = re.compile(r"(?<![A-Za-z])(?i:between)[^\S\n]+$")
_EQUALS = re.compile(r"(?:^|[\s(\[,;:])=[^\S\n]*$")
_N_EQUALS = re.compile(r"(?<![A-Za-z])[nN][^\S\n]*=[^\S\n]*$")
_P_VALUE = re.compile(r"(?<![A-Za-z])[pP][^\S\n]*(=|<=|>=|<|>|≤|≥)[^\S\n]*$")
_OVER_DURATION_OK = re.compile(r"(?<![A-Za-z])(?i:for|after|lasting|lasted|in|of)[^\S\n]+$")
# "adds up to 1.2 g", "summing up to": a verb of totalling, not the hedge "up to"
_TOTAL_VERB = re.compile(r"(?<![A-Za-z])(?i:add|adds|added|adding|sum|sums|summed|summing)[^\S\n]+$")
_TIME_PER_UNITS = frozenset({"s", "min", "h", "day", "week", "month", "year", "decade"})
_AGE_UNITS = frozenset({"day", "week", "month", "year"})
_DOSE_NUMERATORS = frozenset({"mass", "amount", "activity", "volume"})


def _excluded_spans(text: str, triggers: list[int]) -> tuple[list[int], list[int]]:
    """Sorted, merged [start, end) regions of ``text`` that hold no quantity (``triggers``: from _candidates)."""
    spans: list[tuple[int, int]] = []
    for i in _fired_triggers(text, triggers):
        spans.extend(m.span() for m in _EXCLUDE[i].finditer(text) if m.end() > m.start())
    at = 0
    while at >= 0:      # a line number never runs past its line, so each line start is tried on its own
        c = text[at:at + 1]
        if (c in _LINE_NUMBER_FIRST or c.isspace()) and (m := _LINE_NUMBER.match(text, at)):
            spans.append(m.span())
        at = text.find("\n", at) + 1 or -1
    spans.sort()
    starts: list[int] = []
    ends: list[int] = []
    for a, b in spans:
        if ends and a < ends[-1]:
            ends[-1] = max(ends[-1], b)
        else:
            starts.append(a)
            ends.append(b)
    return starts, ends


def _fired_triggers(text: str, offsets: list[int]) -> set[int]:
    """Indices in _EXCLUDE of the patterns whose trigger occurs in ``text`` at one of ``offsets``."""
    fired: set[int] = set()
    for at in offsets:
        for i, trigger in _TRIGGERS_AT[text[at]]:
            if i not in fired and trigger.match(text, at):
                fired.add(i)
    return fired


# ---------------------------------------------------------------------------
# the scanner

@dataclass
class _UnitHit:
    unit: UnitDef
    start: int
    end: int
    glued: bool
    hyphenated: bool


@dataclass(slots=True, eq=False)
class _Parse:
    """What is read about one number. Slotted: a parse reads its fields many times, and a slot read is cheaper
    than the instance-dict miss and class lookup a field left at a class-level default costs."""

    start: int
    number_span: tuple[int, int]
    number_text: str
    value: float
    spelled: bool
    cur: _UnitHit | None
    end: int = 0
    high: float | None = None
    high_text: str | None = None
    high_span: tuple[int, int] | None = None
    sep: str | None = None
    sep_span: tuple[int, int] | None = None
    unit: _UnitHit | None = None
    unit_repeated: bool = False
    noun: str | None = None
    noun_text: str | None = None
    noun_span: tuple[int, int] | None = None
    pers: list[tuple[str, str, UnitDef | None]] | None = None   # (canonical, written, unit def or None)
    per_span: tuple[int, int] | None = None
    approx: tuple[str, str, int, int] | None = None             # (normalised, bound, start, end)
    equals: bool = False
    each: bool = False
    pm: float | None = None
    paired: float | None = None
    age: bool = False
    kind: str | None = None


class _Left:
    """The text just before a number. Hedges, labels and operators there end the text, followed by nothing
    but whitespace, so their last character sits at ``tail`` - 1 and a search need not start further back
    than their length."""

    __slots__ = ("last", "tail", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.tail = len(text.rstrip())
        self.last = text[self.tail - 1] if self.tail else ""   # the last character before the whitespace

    def rules_out(self, cores: frozenset[str] | None) -> bool:
        """Whether no phrase with one of ``cores`` (``_cores``: last words, ASCII letters) can end the text.

        Such a phrase, matched case-insensitively and not glued to an ASCII letter before it, ends at
        ``tail``, maybe with a ".". Its last word is the run of ASCII letters before that, lower-cased,
        unless a character that folds to an ASCII letter (İ, ı, K, ſ) precedes the run and might be its
        start: then nothing is ruled out.
        """
        text, end = self.text, self.tail
        if cores is None or not (self.last == "." or self.last in _ASCII_LETTERS):
            return False
        end -= self.last == "."
        start = end
        while start and text[start - 1] in _ASCII_LETTERS:
            start -= 1
        if start and text[start - 1] in FOLDS_TO_ASCII:
            return False
        return text[start:end].lower() not in cores

    def search(self, pattern: re.Pattern[str], width: int | None) -> re.Match[str] | None:
        """``pattern.search(text)`` for a pattern whose match is at most ``width`` characters (None: unknown)
        ending in a non-space character, then whitespace to the end. Lookbehinds still see the whole text."""
        return pattern.search(self.text, 0 if width is None else max(0, self.tail - width))


_OPERATOR_ENDS = frozenset("=<>≤≥")


class _Scanner:
    def __init__(self, text: str, triggers: list[int]) -> None:
        self.text = text
        self.triggers = triggers
        self.v = _vocab()
        self.excluded: tuple[list[int], list[int]] | None = None   # read on the first candidate

    def excluded_until(self, pos: int) -> int:
        """End of the excluded region holding ``pos``, or -1."""
        if self.excluded is None:
            self.excluded = _excluded_spans(self.text, self.triggers)
        starts, ends = self.excluded
        i = bisect_right(starts, pos) - 1
        if i >= 0 and pos < ends[i]:
            return ends[i]
        return -1

    def run(self, starts: list[int]) -> list[Quantity]:
        """The quantities whose numbers begin at some of ``starts`` (from ``_candidates``)."""
        out: list[Quantity] = []
        pos = 0
        text = self.text
        for start in starts:
            if start < pos:
                continue
            m = _MASTER.match(text, start)
            if not m:
                continue
            skip = self.excluded_until(start)
            if skip >= 0:
                pos = max(skip, start + 1)
                continue
            parsed, nxt = self.parse(m)
            pos = max(nxt, start + 1)
            if parsed is not None:
                out.append(self.build(parsed))
        return out

    # -- the number and what is glued to it ----------------------------------

    def parse(self, m: re.Match[str]) -> tuple[_Parse | None, int]:
        text = self.text
        s = m.start()
        cur_text, _, word = m.groups()
        cur = None
        if cur_text:
            cur = _UnitHit(self.v.prefixes[cur_text], s, m.end(1), False, False)
        if word:
            ns, ne = m.span(3)
        else:
            ns, ne = m.span(2)
            prev = text[s - 1] if s > 0 else " "
            prev2 = text[s - 2] if s > 1 else " "
            if prev.isalnum() or prev in "_#^@&\\" or (prev == "/" and not prev2.isalpha()):
                return None, self._skip_token(ne)
            if prev in "-‐‑" and (prev2.isalnum() or prev2 in ".,"):
                return None, self._skip_token(ne)
            if prev in ".,:" and (prev2.isalnum() or prev2 in ")]"):
                return None, self._skip_token(ne)
        e = ne
        after = None
        if not word:
            after = self._after_digits(e)
            bad = self._near_miss(e, after)
            if bad is not None:
                return None, bad
        number_text = text[ns:ne]
        value = number_value(number_text)
        if value is None:
            return None, e
        p = _Parse(s, (ns, ne), number_text, value, bool(word), cur)
        if word and number_text.lower() in _ADVERBS:
            return self._frequency_adverb(p)
        # magnitude: "1.2 million", "$5k"
        read = after.lastgroup if after is not None else None
        if after is not None and read == "magnitude":
            p.value *= _SCALES[after.group("scale").lower()]
            e = after.end()
        elif cur and (cm := _CUR_MAGNITUDE.match(text, e)):
            p.value *= _CUR_MAG_VALUE[cm.group(1)]
            e = cm.end()
        if e != ne:
            p.number_span = (ns, e)
            p.number_text = text[ns:e]
        p.end = e
        # glued "+": "1000+ mg"; else "± 2". After digits not followed by a magnitude, both were read above.
        if word or e != ne:
            read, after = self._plus_at(e, bool(word))
        if after is not None and read == "plus":
            p.approx = ("+", "lower", e, after.end())
            e = p.end = after.end()
        elif after is not None and read == "pm":
            p.pm = number_value(after.group("pm_number"))
            e = p.end = after.end()
        before = _Left(text[max(0, s - 60):s])
        between = before.last in "nN" and before.search(_BETWEEN, len("between")) is not None
        if not word and not cur and text.startswith("/", e) and _SLASH_PAIR.match(text, e):
            # slash pairs: a blood pressure or a fraction before a unit; else a ratio or a date
            resume = self._slash_pair(p, e)
            if resume is not None:
                return None, resume
        else:
            hit = None if cur else self._unit_at(e)     # read once, for the range and the unit
            e0 = e
            if p.approx is None and p.pm is None:
                # the range reads a unit before its separator, not one after a hyphen ("6- to 8-week")
                e = self._range(p, e, between, None if hit is not None and hit.hyphenated else hit)
            if p.unit is None and p.noun is None and cur is None:
                self._unit_or_noun(p, e, hit if e == e0 else self._unit_at(e))
            if p.high is None and p.unit is None and p.noun is None and cur is None and word:
                return None, p.end
        self._pers(p)
        if p.unit is not None and p.unit.unit.unit == "x" and p.pers and p.pers[0][0] in _TIME_PER_UNITS:
            # "three times a day", "3x daily": occasions per time, not a multiplier
            p.noun, p.noun_span = "time", (p.unit.start, p.unit.end)
            p.noun_text = text[p.unit.start:p.unit.end]
            p.unit = None
        self._suffixes(p)
        if not self._keep(p, before):
            return None, p.end
        self._prefix(p, before)
        return p, p.end

    def _skip_token(self, e: int) -> int:
        """Skip the rest of a glued token ("v2.3.1", "H1N1")."""
        end = _TOKEN_REST.match(self.text, e).end()  # type: ignore[union-attr]
        while end > e and self.text[end - 1] in ".,:-/":
            end -= 1
        return end

    def _plus_at(self, e: int, word: bool) -> tuple[str | None, re.Match[str] | None]:
        """A glued "+" (after digits: "1000+") or a "±" term at ``e``: ("plus" | "pm", its match) or (None, None)."""
        text = self.text
        c = text[e:e + 1]
        if not word and c == "+" and (m := _GLUED_PLUS_RE.match(text, e)):
            return "plus", m
        if (c in _PLUS_MINUS_FIRST or c.isspace()) and (m := _PLUS_MINUS_RE.match(text, e)):
            return "pm", m
        return None, None

    def _after_digits(self, e: int) -> re.Match[str] | None:
        """_AFTER_DIGITS after the digits ending at ``e``."""
        c = self.text[e:e + 1]
        return _AFTER_DIGITS.match(self.text, e) if c in _AFTER_DIGITS_FIRST or c.isspace() else None

    def _near_miss(self, e: int, after: re.Match[str] | None) -> int | None:
        """If what follows the digits ending at ``e`` (``after``: ``_after_digits(e)``) makes them a
        non-quantity, where to resume."""
        text = self.text
        c = text[e:e + 1]
        if (c == "." or c == ":") and e + 1 < len(text) and "0" <= text[e + 1] <= "9":  # not "²", "٣"
            if c == ".":
                return _VERSION_CHAIN.match(text, e).end()  # type: ignore[union-attr]
            cm = _COLON_CHAIN.match(text, e)
            return cm.end() if cm else e + 1
        kind = after.lastgroup if after is not None else None
        if kind == "ordinal":
            return e + 2
        if after is None or kind != "phone":
            return after.end() if after is not None and kind in ("dash", "clock") else None  # "9-1-1", "3 pm"
        digits = text[e - 3:e] if e >= 3 else ""
        if (digits.isascii() and digits.isdigit() and self._unit_at(e + 5) is None
                and self._noun_at(e + 5) is None):
            return e + 5                # "555-1234"; "100-1000 mg" stays a range
        return None

    def _frequency_adverb(self, p: _Parse) -> tuple[_Parse | None, int]:
        """Read "twice a week", "once daily" (occasions per time); "three times a day" goes via units."""
        e = p.number_span[1]
        p.end = e
        p.noun = "time"
        self._pers(p)
        if not p.pers or p.pers[0][0] not in _TIME_PER_UNITS:
            return None, e
        self._suffixes(p)
        self._prefix(p, _Left(self.text[max(0, p.start - 60):p.start]))
        return p, p.end

    def _slash_pair(self, p: _Parse, e: int) -> int | None:
        """Read "120/80 mmHg" or "1/2 tablet" into ``p``; otherwise return where to resume."""
        text = self.text
        sm = _SLASH_PAIR.match(text, e)
        assert sm is not None
        b = int(sm.group(1))
        after = sm.end()
        chain = _SLASH_CHAIN.match(text, e)
        chain_end = chain.end() if chain else after
        if chain_end != after or not float(p.value).is_integer():
            return chain_end
        hit = self._unit_at(after)
        if hit is not None and hit.unit.kind == "pressure":
            p.paired = float(b)
            p.unit = hit
            p.end = hit.end
            return None
        if not 0 < p.value < b <= 16 or (hit is not None and hit.unit.kind == "time"):
            return chain_end
        noun = None if hit is not None else self._noun_at(after)
        if hit is None and noun is None:
            return chain_end
        p.value = p.value / b
        p.number_text = text[p.number_span[0]:after]
        p.number_span = (p.number_span[0], after)
        p.end = after
        if hit is not None:
            p.unit = hit
            p.end = hit.end
        elif noun is not None:
            self._set_noun(p, noun)
        return None

    # -- ranges ---------------------------------------------------------------

    def _range(self, p: _Parse, e: int, between: bool, unit1: _UnitHit | None) -> int:
        """Read a range after the number at ``e`` (``unit1``: a unit glued or spaced there, None with a currency)."""
        text = self.text
        at = unit1.end if unit1 else e
        c = text[at:at + 1]
        if not (c in _RANGE_SEP_FIRST or c.isspace()) or not (sm := _RANGE_SEP.match(text, at)):
            return e
        kind = sm.lastgroup
        if kind == "and" and not between:
            return e
        if kind == "hto" and unit1 is not None:
            return e
        nm = _NUM_AT.match(text, sm.end())
        if not nm:
            return e
        cur2 = nm.group("cur")
        if cur2 and (p.cur is None or self.v.prefixes[cur2] != p.cur.unit):
            return e
        if nm.group("word") and not p.spelled:
            return e
        n2s, n2e = nm.span("word") if nm.group("word") else nm.span("num")
        if nm.group("num") and self._near_miss(n2e, self._after_digits(n2e)) is not None:
            return e
        high = number_value(text[n2s:n2e])
        if high is None or high <= p.value:
            return e
        hend = n2e
        if p.cur:
            if (mm := _MAGNITUDE_RE.match(text, hend)) and not nm.group("word"):
                high *= _SCALES[mm.group(1).lower()]
                hend = mm.end()
            elif cm := _CUR_MAGNITUDE.match(text, hend):
                high *= _CUR_MAG_VALUE[cm.group(1)]
                hend = cm.end()
        unit2 = None if p.cur else self._unit_at(hend)
        if unit1 is not None:
            if unit2 is None or unit2.unit != unit1.unit:
                return e
            p.unit_repeated = True
        elif not p.cur and unit2 is None:
            noun = self._noun_at(hend)
            if noun is None:
                if p.spelled or kind == "or":
                    return e
                if self._is_year(p.value) and self._is_year(high):
                    return e
            else:
                self._set_noun(p, noun)
                hend = noun[2]
        sep = sm.group(0).strip()
        if kind == "hto":
            sep = "to"
        elif kind in ("to", "and", "or"):
            sep = kind
        p.high = high
        p.high_text = text[n2s:n2e]
        p.high_span = (n2s, n2e)
        p.sep = sep
        p.sep_span = (sm.start(), sm.end())
        if unit2 is not None:
            if kind == "hto":
                unit2 = _UnitHit(unit2.unit, unit2.start, unit2.end, unit2.glued, True)
            p.unit = unit2
            hend = unit2.end
        if cur2:
            p.unit_repeated = True
        p.end = max(hend, p.end)
        if p.unit is not None:
            self._age(p)
        return p.end

    @staticmethod
    def _is_year(v: float) -> bool:
        return float(v).is_integer() and 1800 <= v <= 2099

    # -- units and nouns ------------------------------------------------------

    def _unit_at(self, e: int) -> _UnitHit | None:
        """A unit right after a number: glued ("3g"), hyphenated ("3-hour") or spaced ("3 g")."""
        text = self.text
        m = self.v.spaced_unit_re.match(text, e)
        if m:
            return self._unit_hit(m, glued=m.start() == m.start("unit"), hyphenated=False)
        if text.startswith(("-", "‐"), e) and (m := self.v.unit_re.match(text, e + 1)):
            return self._unit_hit(m, glued=False, hyphenated=True)
        return None

    def _unit_hit(self, m: re.Match[str], glued: bool, hyphenated: bool) -> _UnitHit | None:
        """The unit in group "unit" of ``m``, unless it may not be written that way."""
        written = m.group("unit")
        u = self.v.symbols.get(written)
        if u is None and written in self.v.spaced:
            if glued or hyphenated:
                return None
            u = self.v.spaced[written]
        if u is None:
            u = self.v.words.get(" ".join(written.lower().split()))
        if u is None:
            return None
        if u.unit == "x" and (glued or not hyphenated):
            # "3 x 10 mg" is a multiplication, not "3 times"
            if re.match(r"[^\S\n]*[0-9]", self.text[m.end():m.end() + 4]):
                return None
            if written == "X" and not glued:
                return None
        return _UnitHit(u, m.start("unit"), m.end(), glued, hyphenated)

    def _noun_at(self, e: int) -> tuple[str, int, int, int] | None:
        """(lemma, noun start, noun end, start of modifiers) after a number, or None."""
        m = self.v.noun_re.match(self.text, e)
        if not m:
            return None
        lemma = self.v.nouns.get(" ".join(m.group("noun").lower().split()))
        if lemma is None:
            return None
        return lemma, m.start("noun"), m.end("noun"), m.start("mods")

    def _set_noun(self, p: _Parse, noun: tuple[str, int, int, int]) -> None:
        lemma, ns, ne, _ = noun
        p.noun = lemma
        p.noun_text = self.text[ns:ne]
        p.noun_span = (ns, ne)
        p.end = max(p.end, ne)

    def _unit_or_noun(self, p: _Parse, e: int, hit: _UnitHit | None) -> None:
        """The unit (``hit``, read at ``e``) or counted noun after a number without a currency sign."""
        text = self.text
        if hit is not None:
            p.unit = hit
            p.end = hit.end
            self._age(p)
            return
        if text.startswith(("-", "‐"), e) and e + 1 < len(text) and text[e + 1].isalpha():
            p.kind = "_drop"        # "5-HT", "12-step", "one-time": a compound word, not a quantity
            return
        if e < len(text) and text[e].isalpha():
            p.kind = "_drop"        # glued letters that are no unit: "3D", "5HT"
            return
        noun = self._noun_at(e)
        if noun is not None:
            self._set_noun(p, noun)

    def _age(self, p: _Parse) -> None:
        if p.unit is None or p.unit.unit.unit not in _AGE_UNITS:
            return
        om = _OLD.match(self.text, p.unit.end)
        if om:
            p.age = True
            p.end = om.end()

    # -- denominators and trailing words -----------------------------------------

    def _pers(self, p: _Parse) -> None:
        if p.age or (p.unit is None and p.noun is None and p.cur is None):
            return
        e = p.end
        pers: list[tuple[str, str, UnitDef | None]] = []
        per_start = None
        for _ in range(2):
            got = self._per_at(e)
            if got is None:
                break
            canon, written, udef, s0, e1 = got
            if per_start is None:
                per_start = s0
            pers.append((canon, written, udef))
            e = e1
        if pers:
            p.pers = pers
            p.per_span = (per_start if per_start is not None else p.end, e)
            p.end = e

    def _per_at(self, e: int) -> tuple[str, str, UnitDef | None, int, int] | None:
        text = self.text
        v = self.v
        c = text[e:e + 1]
        if not (c == "/" or c.isspace()) or not (m := v.per_re.match(text, e)):
            return None
        opening = m.lastgroup
        if opening == "slash":
            um = v.unit_re.match(text, m.end())
            if um:
                hit = self._unit_hit(um, glued=False, hyphenated=False)
                if hit is not None:
                    return hit.unit.unit, text[e:hit.end], hit.unit, e, hit.end
            nm = v.bare_noun_re.match(text, m.end())
            if nm:
                lemma = v.nouns.get(" ".join(nm.group(0).lower().split()))
                if lemma:
                    return lemma, text[e:nm.end()], None, e, nm.end()
            return None
        if opening == "word":
            connector = m.group("conn").lower()
            at = m.end()
            um = v.unit_re.match(text, at)
            if um:
                hit = self._unit_hit(um, glued=False, hyphenated=False)
                if hit is not None and (connector == "per" or hit.unit.unit in _TIME_PER_UNITS):
                    if not _PER_GUARD.match(text, hit.end):
                        return hit.unit.unit, text[e:hit.end], hit.unit, e, hit.end
            nm = v.bare_noun_re.match(text, at)
            if nm:
                lemma = v.nouns.get(" ".join(nm.group(0).lower().split()))
                if lemma and not _PER_GUARD.match(text, nm.end()):
                    return lemma, text[e:nm.end()], None, e, nm.end()
            return None
        canon = v.per_adverbs[m.group(0).strip().lower()]
        return canon, text[e:m.end()], unit_table().get(canon), e, m.end()

    def _suffixes(self, p: _Parse) -> None:
        text = self.text
        e = p.end
        c = text[e:e + 1]
        if c != "+" and not c.isspace():
            return      # every suffix opens with a space or "+"
        m = self.v.suffix_re.match(text, e)
        suffix = m.lastgroup if m else None
        if suffix == "each":
            p.each = True
        elif p.approx is not None or m is None:
            return
        elif suffix == "plus":
            if p.unit is not None or p.noun is not None or p.cur is not None:
                p.approx = ("+", "lower", m.end() - 1, m.end())
        else:
            written = m.group(0)
            phrase = " ".join(written.lower().split())
            start = m.start() + len(written) - len(written.lstrip())
            p.approx = (phrase, self.v.hedge_after[phrase], start, m.end())

    # -- filters and prefixes ------------------------------------------------

    def _keep(self, p: _Parse, before: _Left) -> bool:
        if p.kind == "_drop":
            return False
        has_unit = p.unit is not None or p.cur is not None
        if has_unit:
            return True
        # each pattern below is tried only where the character it must end (or open) with is there
        if (before.last in self.v.label_ends and not before.rules_out(self.v.label_cores)
                and before.search(self.v.label_re, self.v.label_width)):
            return False
        if p.noun is not None:
            return True
        if p.spelled:
            return False
        if before.last in _MONTH_ENDS and before.search(_MONTH_BEFORE, _MONTH_WIDTH):
            return False
        after = p.number_span[1]
        c = self.text[after:after + 1]
        if (c in "snrt" or c.isspace()) and c and _MONTH_AFTER.match(self.text, after):
            return False
        digits = p.number_text
        if (p.high is None and len(digits) == 4 and digits.isascii() and digits.isdigit()
                and self._is_year(p.value)):
            return False
        return True

    def _prefix(self, p: _Parse, left: _Left) -> None:
        before = left.text
        base = p.start - len(before)
        operator = left.last in _OPERATOR_ENDS      # "p <", "n =" and "=" end in one
        if operator and (m := _P_VALUE.search(before)):
            p.kind = "p_value"
            op = m.group(1)
            if op != "=" and p.approx is None:
                bound = "upper" if op in ("<", "<=", "≤") else "lower"
                p.approx = (op, bound, base + m.start(1), base + m.end(1))
            return
        if operator and _N_EQUALS.search(before):
            p.noun = p.noun or "n"
            p.kind = p.kind or "count"
            return
        if operator and left.search(_EQUALS, 2):
            p.equals = True
            return
        hm = self._hedge_before(left)
        if hm:
            phrase = hm.group(0).strip()
            norm = " ".join(phrase.lower().split())
            hedge = self.v.hedge_before.get(norm)
            if hedge is None:
                return
            if norm == "up to" and _TOTAL_VERB.search(before[:hm.start()]):
                return
            if norm == "over" and p.unit is not None and p.unit.unit.kind == "time" and not p.pers:
                # "three sprays over 20 minutes": a duration, not "more than"
                if not _OVER_DURATION_OK.search(before[:hm.start()]):
                    return
            hs = base + hm.start() + (len(hm.group(0)) - len(hm.group(0).lstrip()))
            if p.approx is None or p.approx[2] >= p.end:
                p.approx = (norm, hedge, hs, hs + len(phrase))

    def _hedge_before(self, left: _Left) -> re.Match[str] | None:
        """The hedge that ends ``left`` ("about", "less than", "~"), searched only from the start of its
        last few words."""
        v = self.v
        if left.last not in v.hedge_ends or left.rules_out(v.hedge_cores):
            return None
        words = left.text.rsplit(None, v.hedge_words)
        return v.before_re.search(left.text, len(words[0]) if len(words) > v.hedge_words else 0)

    # -- the record ------------------------------------------------------------

    def build(self, p: _Parse) -> Quantity:
        text = self.text
        hit = p.unit or p.cur
        per = "/".join(c for c, _, _ in p.pers) if p.pers else None
        unit = None
        if hit is not None:
            unit = hit.unit.unit + (f"/{per}" if per else "")
        kind = p.kind or self._kind(p, hit.unit.kind if hit is not None else None)
        unit_span = (hit.start, hit.end) if hit is not None else None
        approx = bound = None
        approx_span = None
        if p.approx is not None:
            approx, bound, a0, a1 = p.approx
            approx_span = (a0, a1)
        return frozen_from_fields(Quantity, {
            "start": p.start, "end": p.end, "text": text[p.start:p.end], "value": float(p.value),
            "high": None if p.high is None else float(p.high), "unit": unit,
            "unit_text": text[unit_span[0]:unit_span[1]] if unit_span else None, "unit_span": unit_span,
            "per": per, "noun": p.noun, "approx": approx, "approx_span": approx_span, "range_sep": p.sep,
            "number_text": p.number_text, "glued": bool(p.unit is not None and p.unit.glued), "kind": kind,
            "bound": bound, "number_span": p.number_span, "high_text": p.high_text, "high_span": p.high_span,
            "range_sep_span": p.sep_span, "unit_repeated": p.unit_repeated,
            "per_text": text[p.per_span[0]:p.per_span[1]] if p.per_span else None, "per_span": p.per_span,
            "noun_text": p.noun_text, "noun_span": p.noun_span,
            "hyphenated": bool(p.unit is not None and p.unit.hyphenated),
            "equals": p.equals, "each": p.each, "pm": p.pm, "paired": p.paired,
        })

    @staticmethod
    def _kind(p: _Parse, num_kind: str | None) -> str:
        hit_unit = p.unit.unit.unit if p.unit is not None else None
        if p.age:
            return "age"
        per_defs = p.pers or []
        first_per = per_defs[0] if per_defs else None
        if num_kind is None:
            if p.noun is not None:
                if first_per and first_per[0] in _TIME_PER_UNITS:
                    return "frequency"
                return "count"
            return "number"
        if num_kind == "currency":
            return "currency"
        if first_per is None:
            return num_kind
        canon, _, udef = first_per
        if canon in _TIME_PER_UNITS or (udef is not None and udef.kind == "time"):
            return "rate"
        if udef is not None and udef.kind == "area" and hit_unit in ("kg", "lb"):
            return "bmi"               # kg/m2 is a body-mass index, not a dose per body surface
        if num_kind in _DOSE_NUMERATORS:
            if udef is None or udef.kind in ("mass", "area"):
                return "dose"          # per counted noun, per body mass, per body surface
            if udef.kind == "volume" and num_kind != "volume":
                return "concentration"
        return num_kind


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text`` (the plain prose of one block), sorted by start offset."""
    starts, triggers = _candidates(text)
    return _Scanner(text, triggers).run(starts) if starts else []


def block_quantities(doc: Document, block: TextBlock) -> list[Quantity]:
    """The quantities of one prose block, read once per document and shared between check families."""
    return doc.memo(("quantities", block.index), lambda: find_quantities(block.text))
