"""Cue words of the arithmetic check: what marks a stated result, a body weight, a definition, a ratio.

Every pattern here looks at the plain text of one block around quantities the reader found;
none of them knows a drug, a product or a sentence of any particular page.

Result cues come in two strengths:

* ``eq``: the text says the figure is the outcome of what came before ("=", "a total of",
  "comes to", "works out to", "that's", "i.e.", "so", "which is", "(eg ...", a parenthesis right
  after an expression). A mismatch may be reported.
* ``alt``: "A or B" and "A, or about B" also introduce alternatives ("40 minutes or 4 hours"),
  so a relation found through them is listed when it holds and never reported when it does not.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from checks.casefold import FOLDS_TO_ASCII, ignorecase_variants

# A cue right before the result (only a few filler words may follow it: "for a total cost of").
_FILLER = r"(?:[\w’'-]+[^\S\n]+){0,4}?"
# Grouped by first letter, each group one literal then its endings: the regex engine skips a group on its first
# character, where a flat list of ~50 words is tried word by word at every word start.
_SP = r"[^\S\n]+"
_EQ_CUES = (
    r"=|≈"
    rf"|e(?:quals?|qualling|qualing|qual{_SP}to|\.?[^\S\n]?g\.?,?)"
    rf"|i(?:s{_SP}equal{_SP}to|n{_SP}all|\.?[^\S\n]?e\.?,?)"
    rf"|t(?:otal(?:s|ed|led|ing|ling)?|hat[’']s|hat{_SP}is|his{_SP}is|hus,?|herefore,?"
    rf"|h(?:at|is){_SP}(?:means|suggests|implies|gives))"
    rf"|a(?:ltogether|ll{_SP}told|dds?{_SP}up{_SP}to|dded{_SP}up{_SP}to|dding{_SP}up{_SP}to|mounts?{_SP}to"
    rf"|mounting{_SP}to)"
    rf"|c(?:ombined|umulatively|(?:omes?|ame|oming){_SP}(?:out{_SP})?to)"
    rf"|w(?:orks?{_SP}out{_SP}(?:to|at)|orked{_SP}out{_SP}(?:to|at)|hich{_SP}is|hich{_SP}comes{_SP}to"
    rf"|hich{_SP}(?:means|suggests|implies|gives)|ould{_SP}be|ill{_SP}be)"
    rf"|f(?:or{_SP}example,?|or{_SP}instance,?)"
    r"|so,?|hence,?|meaning"
)
_EQ_BEFORE = re.compile(rf"(?<![\w.])(?i:{_EQ_CUES})(?![\w-])[^\S\n]*{_FILLER}$")
# The same for ASCII text lower-cased (the cue words are written in lower case): it matches exactly where
# _EQ_BEFORE matches the text, and case-sensitive matching is several times faster.
_EQ_BEFORE_ASCII = re.compile(rf"(?<![\w.])(?:{_EQ_CUES})(?![\w-])[^\S\n]*{_FILLER}$")
# "so" in these phrases is no cue
_SO_IDIOM = re.compile(r"(?i)\b(?:so[^\S\n]+(?:far|that|much|many|long|as|called|on|to[^\S\n]+speak)|or[^\S\n]+so"
                       r"|if[^\S\n]+so|even[^\S\n]+so|and[^\S\n]+so[^\S\n]+on|so-called)\b")
# a cue right after the result: "280 mg in total", "(500 mg total)", "1.2 g altogether"
_EQ_AFTER = re.compile(r"^[^\S\n]*(?:(?i:in[^\S\n]+total|in[^\S\n]+all|total|altogether|all[^\S\n]+told|combined"
                       r"|overall|over[^\S\n]+the[^\S\n]+course|per[^\S\n]+course))\b")
_ALT_BEFORE = re.compile(r"(?<![\w.])(?i:or)[^\S\n]+$")

# The result's clause starts by pointing back at what was said before.
_BACKREF = re.compile(
    r"^[^\S\n]*[(\[–—-]?[^\S\n]*(?i:so|thus|hence|therefore|that|this|these|those|which|altogether|overall"
    r"|in[^\S\n]+total|in[^\S\n]+all|all[^\S\n]+told|all[^\S\n]+in[^\S\n]+all|in[^\S\n]+sum|together|combined"
    r"|the[^\S\n]+total|a[^\S\n]+total|total|i\.?[^\S\n]?e\.?|in[^\S\n]+other[^\S\n]+words|put[^\S\n]+together"
    r"|added[^\S\n]+up|adding[^\S\n]+up|it[^\S\n]+comes[^\S\n]+to|it[^\S\n]+works[^\S\n]+out)\b")

# Clauses: a semicolon or a contrast starts a new one (commas and dashes do not).
CLAUSE_BREAK = re.compile(r";|(?<![\w-])(?i:but|whereas|while|although|though|however|except|unlike)(?![\w-])")

PERSON_NOUNS = (r"person|persons|people|patient|patients|adult|adults|man|men|woman|women|individual|individuals"
                r"|child|children|kid|kids|teen|teens|teenager|teenagers|adolescent|adolescents|boy|boys|girl"
                r"|girls|infant|infants|baby|babies|someone|subject|subjects|volunteer|volunteers|participant"
                r"|participants|user|users|human|humans|male|males|female|females|athlete|athletes|client|clients"
                r"|toddler|toddlers|newborn|newborns|neonate|neonates|youngster|youngsters|student|students|senior"
                r"|seniors|teenager|runner|runners|dog|dogs|cat|cats")
_WEIGHT_VERB_BEFORE = re.compile(
    r"(?i:weigh|weighs|weighed|weighing|body[^\S\n]?weight(?:[^\S\n]+of)?|weight[^\S\n]+of)[^\S\n]*$")
_DETERMINER_BEFORE = re.compile(
    r"(?<![\w-])(?i:a|an|our|the|your|their|his|her|one|each|this|that|per|every|same|typical|average|any)"
    r"(?:[^\S\n]+[\w-]+){0,2}?[^\S\n]*$")
_PERSON_AFTER = re.compile(rf"^(?:[^\S\n]+|-)(?:[\w-]+[^\S\n]+)?(?i:{PERSON_NOUNS})\b")

# "each spray delivers 10 mg", "every tablet contains 5 mg", "one spray is 10 mg"
_EACH_NOUN_VERB = re.compile(
    r"(?i:(?<![\w-])(?:each|every|one|a|an|per|1)[^\S\n]+(?:[\w-]+[^\S\n]+)?(?P<noun>[a-z][\w-]*)[^\S\n]+"
    r"(?:contains|contain|delivers|deliver|provides|provide|has|holds|gives|releases|is|=|equals|costs|cost"
    r"|runs|lasts|takes)[^\S\n]+)$")
# two quantities joined only by a verb of being: "0.5 mg/kg is 35 mg"
EQ_COPULA = re.compile(r"^\)?[^\S\n]+(?i:is|are|was|were|equals|(?:would|will)[^\S\n]+be|contains|contain|holds|hold"
                       r"|delivers|deliver|provides|provide|gives|give)[^\S\n]+$")

# Ratio wording after a multiplier: "three times larger", "2-3x as well", "5-fold higher"
_COMPARATIVE = (r"larger|greater|higher|more|bigger|stronger|longer|faster|better|smaller|lower|less|fewer|weaker"
                r"|shorter|slower|cheaper|costlier|pricier|increase|increased|increases|rise|reduction|decrease"
                r"|decreased|drop|higher|as[^\S\n]+[\w-]+(?:[^\S\n]+as)?|that[^\S\n]+of|the[^\S\n]+(?:effect|size|rate|risk|dose"
                r"|price|cost|amount|number)")
RATIO_AFTER = re.compile(rf"^[^\S\n]*(?:(?:more|less)[^\S\n]+)?(?i:{_COMPARATIVE})\b")
# "twice as large", "half as much", "three times as many" without a reader quantity
RATIO_WORD = re.compile(r"(?<![\w-])(?i:(?P<word>twice|thrice|half|double|triple|quadruple))(?=[^\S\n]+"
                        r"(?:as|the|that)\b)")
RATIO_WORD_VALUE = {"twice": 2.0, "thrice": 3.0, "half": 0.5, "double": 2.0, "triple": 3.0, "quadruple": 4.0}

# A count of "of" or "at" the quantity that follows: "8 doses of 35 mg", "six treatments at $800"
OF_LINK = re.compile(r"^[^\S\n]+(?i:of|at|containing|with)[^\S\n]+$")
# A multiplication sign between a number and a quantity: "2 x 50 mg", "3 × 10 mg"
TIMES_SIGN = re.compile(r"^[^\S\n]*[x×*][^\S\n]*$")
# Dosage forms after a strength: "25 mg tablets", "800 mg doses"
FORM_AFTER = re.compile(r"^[^\S\n]+(?:[a-z-]+[^\S\n]+)?(?P<noun>doses?|tablets?|pills?|capsules?|sprays?|puffs?"
                        r"|drops?|injections?|infusions?|shots?|patch(?:es)?|vials?|lozenges?|troches?|ampoules?"
                        r"|sachets?|suppositor(?:y|ies))\b")
# "weekly injections of 2.4 mg", "daily doses of 50 mg": an amount per day or week
PERIODIC_OF = re.compile(r"(?i:(?<![\w-])(?P<adv>daily|nightly|weekly|monthly|hourly|yearly|annual)[^\S\n]+"
                         r"(?:[\w-]+[^\S\n]+)?(?:doses?|injections?|infusions?|sessions?|tablets?|pills?|capsules?|shots?"
                         r"|sprays?|treatments?)[^\S\n]+of[^\S\n]+)$")
PERIODIC_UNIT = {"daily": "day", "nightly": "day", "weekly": "week", "monthly": "month", "hourly": "h",
                 "yearly": "year", "annual": "year"}
# "$500 for each appointment", "$950 for a single session": an amount per counted thing
FOR_EACH_AFTER = re.compile(r"^[^\S\n]+(?i:for|per)[^\S\n]+(?i:each|every|a|an|one)[^\S\n]+(?P<w1>[a-z-]+)"
                            r"(?:[^\S\n]+(?P<w2>[a-z-]+))?")


# The first word of each cue of _EQ_CUES where it is a whole run of letters (the cues that open with "=",
# or with a word run on into punctuation, "e.g.", "thus,", "that's", are in tokens not all of letters).
_CUE_FIRST_WORDS = frozenset({
    "equal", "equals", "equalling", "equaling", "eg", "e", "is", "in", "ie", "i", "total", "totals", "totaled",
    "totalled", "totaling", "totalling", "that", "this", "thus", "therefore", "altogether", "all", "adds", "add",
    "added", "adding", "amounts", "amount", "amounting", "combined", "cumulatively", "comes", "come", "came",
    "coming", "works", "work", "worked", "which", "would", "will", "for", "so", "hence", "meaning"})
_LETTER_RUN = re.compile(r"[a-z]+")
# A match of _EQ_BEFORE spans at most this many whitespace-separated tokens: a cue of up to 3, 4 filler words.
_MATCH_TOKENS = 7


def _search_from(low: str) -> int | None:
    """The earliest place in ``low`` (ASCII, lower-cased) where _EQ_BEFORE_ASCII may match, or None when it
    cannot. A match ends the text, so it starts in one of its last ``_MATCH_TOKENS`` tokens: at the start of
    one, or after a character of it that is no word character and no "." (the lookbehind); in a token of
    letters only that is at its start, and the token is a first word of a cue."""
    # a match starts with "=" or, after no word character, with a whole run of letters that is a first word
    if "=" not in low and _CUE_FIRST_WORDS.isdisjoint(_LETTER_RUN.findall(low)):
        return None
    tokens = low.split()[-_MATCH_TOKENS:]
    end = len(low)
    start = None
    for tok in reversed(tokens):
        end = low.rfind(tok, 0, end)        # where the token is: the last place it occurs before the next one
        if not tok.isalpha() or tok in _CUE_FIRST_WORDS:
            start = end
    return start


def eq_cue_before(gap: str) -> bool:
    """Whether the text between the previous quantity (or clause start) and a figure introduces a result."""
    tail = gap[-70:]
    if tail.isascii():
        low = tail.lower()
        at = _search_from(low)
        m = _EQ_BEFORE_ASCII.search(low, at) if at is not None else None
    else:
        m = _EQ_BEFORE.search(tail)
    if not m:
        return False
    cue = m.group(0).strip().lower()
    if cue.startswith("so"):
        around = tail[max(0, m.start() - 4):]
        if _SO_IDIOM.search(around):
            return False
    return True


# What the first word of an _EQ_AFTER cue may start with, in any case (ı and İ match i case-insensitively).
_AFTER_INITIALS = ignorecase_variants("itacop")


def eq_cue_after(after: str) -> bool:
    # a match starts with a cue word after whitespace only: when what ``lstrip`` reaches cannot start one, none can
    head = after.lstrip()
    return bool(head) and head[0] in _AFTER_INITIALS and bool(_EQ_AFTER.match(after))


def for_each_after(after: str) -> re.Match[str] | None:
    """``FOR_EACH_AFTER.match(after)``, tried only when the first word may be "for" or "per" (a match starts
    with whitespace, then one of them)."""
    return FOR_EACH_AFTER.match(after) if after.lstrip()[:1] in _FOR_PER_INITIALS else None


_FOR_PER_INITIALS = ignorecase_variants("fp")


def alt_cue_before(gap: str) -> bool:
    return bool(_ALT_BEFORE.search(gap))


def backref_start(clause_head: str) -> bool:
    """Whether a clause (its text up to the result) opens by pointing back ("That suggests ...", "In total ...")."""
    return bool(_BACKREF.match(clause_head))


def is_weight_phrase(before: str, after: str) -> bool:
    """Whether a mass is a body weight: "a 70 kg person", "our 70-kg patient", "weighing 80 kg"."""
    if _WEIGHT_VERB_BEFORE.search(before):
        return True
    return bool(_DETERMINER_BEFORE.search(before) and _PERSON_AFTER.match(after))


def weight_before_person(after: str) -> int | None:
    """Length of "person"/"patient" phrase after a weight, or None."""
    m = _PERSON_AFTER.match(after)
    return m.end() if m else None


def per_thing_before(head: str) -> tuple[re.Match[str] | None, str | None]:
    """What the text right before a quantity (at most 60 characters) makes it an amount per: a match of
    ``PERIODIC_OF`` ("weekly injections of"), else the counted noun of "each spray delivers" as written."""
    last = _last_word(head)
    pm = PERIODIC_OF.search(head) if _may_end_with(last, _OF) else None
    if pm is not None or not _may_end_with(last, _EACH_VERBS):
        return pm, None
    m = _EACH_NOUN_VERB.search(head[-60:])
    return None, m.group("noun").lower() if m else None


# Every CLAUSE_BREAK match is one of these in the lower-cased text, unless the text has a character that
# IGNORECASE matches to an ASCII letter (İ ı ſ K: the only ones besides the letters themselves). None is a
# prefix of another, so at most one starts at a place.
_BREAK_WORDS = (b";", b"but", b"whereas", b"while", b"although", b"though", b"however", b"except", b"unlike")
_ASCII_FOLDS = tuple(FOLDS_TO_ASCII)
# The last word of a match of PERIODIC_OF and of _EACH_NOUN_VERB, each between whitespace.
_OF = frozenset({"of"})
_EACH_VERBS = frozenset({"contains", "contain", "delivers", "deliver", "provides", "provide", "has", "holds", "gives",
                         "releases", "is", "=", "equals", "costs", "cost", "runs", "lasts", "takes"})


def _last_word(text: str) -> str:
    """The last whitespace-separated token of ``text`` ("" when there is none)."""
    parts = text.rsplit(None, 1)
    return parts[-1] if parts else ""


def _may_end_with(last: str, words: frozenset[str]) -> bool:
    """Whether ``last`` (a text's last token, see ``_last_word``) may be one of ``words`` (lower-case ASCII)
    in a case-insensitive pattern: it is, in any case, or it has a character that folds to an ASCII letter."""
    return last.lower() in words or (not last.isascii() and any(c in last for c in _ASCII_FOLDS))


class Lowered:
    """A block's text with its ASCII letters lower-cased once, to tell where a case-insensitive pattern cannot
    find its words.

    The text is kept as bytes, one per character, every non-ASCII character a "?" (much faster than
    ``str.lower`` on non-ASCII text). A case-insensitive ASCII word is found there exactly where it is in the
    text, unless the text has a character that folds to an ASCII letter (then nothing is ruled out).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        exact = text.isascii() or not any(c in text for c in _ASCII_FOLDS)
        self.low = text.encode("ascii", "replace").lower() if exact else None
        self._found: dict[tuple[bytes, ...], list[int]] = {}

    def starts_of(self, words: tuple[bytes, ...]) -> list[int]:
        """Every place where one of ``words`` (lower-case ASCII) is, in order (found once per tuple of words);
        ``low`` must be known."""
        out = self._found.get(words)
        if out is None:
            assert self.low is not None
            low, out = self.low, []
            for w in words:
                at = low.find(w)
                while at >= 0:
                    out.append(at)
                    at = low.find(w, at + 1)
            out.sort()
            self._found[words] = out
        return out

    def may_contain(self, start: int, end: int, words: tuple[bytes, ...]) -> bool:
        """Whether one of ``words`` (lower-case ASCII) may be in ``text[start:end]``, in any case (True may also
        mean that one starts there and runs on past ``end``)."""
        if self.low is None:
            return True
        found = self.starts_of(words)
        k = bisect_left(found, start)
        return k < len(found) and found[k] < end


_RATIO_WORDS = tuple(w.encode() for w in RATIO_WORD_VALUE)


def ratio_words(lowered: Lowered, start: int, end: int) -> Iterator[re.Match[str]]:
    """The matches of ``RATIO_WORD`` in ``text[start:end]`` ("twice as", "half the")."""
    if not lowered.may_contain(start, end, _RATIO_WORDS):
        return iter(())
    return RATIO_WORD.finditer(lowered.text, start, end)


def _clause_breaks(lowered: Lowered, start: int, end: int) -> list[re.Match[str]]:
    """The matches of ``CLAUSE_BREAK.finditer(text, start, end)``, the pattern tried only where one of its
    words starts in the lower-cased text (every match starts so) and scanning on as ``finditer`` does."""
    if lowered.low is None:
        return list(CLAUSE_BREAK.finditer(lowered.text, start, end))
    # a word starting inside and running on past ``end`` is no match of the pattern searched up to ``end``
    found = lowered.starts_of(_BREAK_WORDS)
    out = []
    pos = start
    for k in range(bisect_left(found, start), len(found)):
        at = found[k]
        if at >= end:
            break
        if at >= pos and (m := CLAUSE_BREAK.match(lowered.text, at, end)) is not None:
            out.append(m)
            pos = m.end()
    return out


def clause_spans(lowered: Lowered, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) ranges of the clauses of the sentence ``text[start:end]``."""
    breaks = _clause_breaks(lowered, start, end)
    if not breaks:
        return [(start, end)]
    spans = []
    a = start
    for m in breaks:
        if m.start() > a:
            spans.append((a, m.start()))
        a = m.start() if m.group(0) != ";" else m.end()
    spans.append((a, end))
    return [s for s in spans if s[1] > s[0]] or [(start, end)]
