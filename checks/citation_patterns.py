"""The cue lexicon's pattern language, compiled to regular expressions.

Patterns are space-separated tokens (see the header of ``rules/vocab/citation_cues.yaml``): literal
words and ``a|b`` alternatives, ``{list}``, optional ``x?``, gaps ``{mod:0-4}`` and ``{any:0-8}``,
``{number}``, ``{percent}``, ``{Name}`` and ``^`` (clause start).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from checks.citation_cue import WORD
from checks.registry import RuleError

if TYPE_CHECKING:
    from checks.citation_lexicon import Lexicon

NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
                "ninety", "hundred", "a hundred", "thousand", "half", "a third", "a quarter", "two thirds")
_NUM = r"\d+(?:[.,]\d+)*"
NUMBER_RX = (rf"(?:{_NUM}(?:\s*(?:-|–|to)\s*{_NUM})?(?![\w-])|(?:"
             + "|".join(w.replace(" ", r"\s+") for w in sorted(NUMBER_WORDS, key=len, reverse=True)) + r")\b)")
PERCENT_RX = rf"{_NUM}(?:\s*(?:-|–|to)\s*{_NUM})?\s*(?:%|per\s*cent\b|percent\b)"
NAME_RX = r"(?-i:[A-Z][\w'.-]*)(?:\s+(?-i:[A-Z][\w'.-]*))*"
CLAUSE_START = (r"(?:^[\"“‘'(]?|(?<=[,;:(—–]\s)|(?<=\band\s)|(?<=\bbut\s)|(?<=\byet\s)|(?<=\bso\s)"
                r"|(?<=\balso\s)|(?<=\bthat\s)|(?<=\bwhile\s)|(?<=\bhowever\s)|(?<=\bnow\s))")
_GAP = re.compile(r"^\{(mod|any):(\d+)-(\d+)\}$")
_PUNCT_TOKEN = re.compile(r"^[,;:.)(]$")


def phrase_regex(entry: str) -> str:
    """A list entry as regex: escaped, any run of spaces matching any whitespace."""
    return r"\s+".join(re.escape(part) for part in entry.replace("’", "'").split())


def _word_class(lex: Lexicon, stop_list: str, chars: str) -> str:
    stops = lex.alternation(stop_list)
    return rf"(?!{stops}(?![\w'-])){chars}"


def _token_regex(token: str, lex: Lexicon) -> tuple[str, bool]:
    """Regex for one pattern token and whether it consumes its own trailing whitespace."""
    gap = _GAP.match(token)
    if gap:
        kind, low, high = gap.group(1), gap.group(2), gap.group(3)
        word = (_word_class(lex, "stop_words", r"[\w'./-]+") if kind == "mod"
                else _word_class(lex, "gap_stop_words", r"[^\s;:]+"))
        return rf"(?:{word}\s+){{{low},{high}}}", True
    if token == "^":
        return CLAUSE_START, True
    optional = token.endswith("?") and len(token) > 1
    core = token[:-1] if optional else token
    alts = []
    for alt in core.split("|"):
        if alt.startswith("{") and alt.endswith("}"):
            name = alt[1:-1]
            special = {"number": NUMBER_RX, "percent": PERCENT_RX, "Name": NAME_RX}.get(name)
            alts.append(special or lex.alternation(name))
        else:
            alts.append(phrase_regex(alt))
    rx = "(?:" + "|".join(alts) + ")"
    if optional:
        return rf"(?:{rx}\s+)?", True
    return rx, False


def pattern_trigger(src: str, lex: Lexicon) -> tuple[frozenset[str], ...]:
    """A cheap pre-filter: for each required token, the words one of which a matching sentence contains
    (the first word of each entry). Optional, gap and special tokens require nothing."""
    needs: list[frozenset[str]] = []
    for token in src.split():
        if token.endswith("?") or token == "^" or _GAP.match(token) or _PUNCT_TOKEN.match(token):
            continue
        words: set[str] = set()
        for alt in token.split("|"):
            name = alt[1:-1] if alt.startswith("{") and alt.endswith("}") else None
            if name in ("number", "percent", "Name"):
                words = set()
                break
            for entry in lex.get(name) if name else (alt,):
                first = WORD.findall(entry.replace("’", "'").lower())
                if first:
                    words.add(first[0])
        if words:
            needs.append(frozenset(words))
    return tuple(needs)


def compile_pattern(src: str, lex: Lexicon) -> re.Pattern[str]:
    tokens = src.split()
    if not tokens:
        raise RuleError(f"{lex.source}: empty cue pattern")
    out = r"(?<![\w-])"
    for i, tok in enumerate(tokens):
        rx, consumes = _token_regex(tok, lex)
        out += rx
        if consumes or i == len(tokens) - 1:
            continue
        out += r"\s*" if _PUNCT_TOKEN.match(tokens[i + 1]) else r"\s+"
    if not _PUNCT_TOKEN.match(tokens[-1]):
        out += r"(?![\w-])"
    try:
        return re.compile(out, re.I)
    except re.error as exc:
        raise RuleError(f"{lex.source}: cue pattern {src!r} does not compile: {exc}") from None
