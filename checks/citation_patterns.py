"""The cue lexicon's pattern language, compiled to regular expressions.

Patterns are space-separated tokens (see the header of ``rules/vocab/citation_cues.yaml``): literal
words and ``a|b`` alternatives, ``{list}``, optional ``x?``, gaps ``{mod:0-4}`` and ``{any:0-8}``,
``{number}``, ``{percent}``, ``{Name}`` and ``^`` (clause start).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from checks.citation_cue import DIGIT, PERCENT, TOKEN, WORD
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
CLAUSE_START = (r"(?:^|(?<=^[\"“‘'(])|(?<=[,;:(—–]\s)|(?<=\band\s)|(?<=\bbut\s)|(?<=\byet\s)|(?<=\bso\s)"
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


def entry_word(entry: str, common: frozenset[str] = frozenset()) -> str | None:
    """The \\w+ word of a list entry or literal to look for, lower-cased: the longest not ``common`` one (the
    rarer, the better the filter); None if it has none, or one not ASCII (a word outside ASCII may match text
    that lower-cases differently)."""
    words = TOKEN.findall(entry.lower())
    if not words or not all(w.isascii() for w in words):
        return None
    return max(words, key=lambda w: (w not in common, len(w)))


def entry_gate(entries: tuple[str, ...], common: frozenset[str] = frozenset()) -> frozenset[str] | None:
    """One word of each entry: text where any entry matches as a whole word (no word character on either
    side) holds one of them as a \\w+ token. None when some entry gives no word to test."""
    words = [entry_word(e, common) for e in entries]
    return None if None in words else frozenset(w for w in words if w is not None)


def pattern_gate(src: str, lex: Lexicon) -> tuple[frozenset[str], ...]:
    """A second pre-filter, exact where ``pattern_trigger`` is cheap: for each required token, the words
    (see ``entry_gate``) or marks one of which a sentence the pattern matches holds. The compiled pattern
    puts whitespace, a gap or a boundary assertion around every token, so each entry is a whole word."""
    needs: list[frozenset[str]] = []
    for token in src.split():
        if token.endswith("?") or token == "^" or _GAP.match(token) or _PUNCT_TOKEN.match(token):
            continue
        gates = [_alternative_gate(alt, lex) for alt in token.split("|")]
        words = frozenset(w for gate in gates if gate is not None for w in gate)
        if words and None not in gates:  # an alternative with no gate (a name, an unusable list) needs nothing
            needs.append(words)
    return tuple(needs)


def _alternative_gate(alt: str, lex: Lexicon) -> frozenset[str] | None:
    common = lex.words("stop_words")
    if not (alt.startswith("{") and alt.endswith("}")):
        word = entry_word(alt, common)
        return None if word is None else frozenset({word})
    name = alt[1:-1]
    if name == "number":  # digits, or a number word
        words = entry_gate(NUMBER_WORDS, common)
        return None if words is None else words | {DIGIT}
    if name == "percent":
        return frozenset({PERCENT})
    return None if name == "Name" else lex.gate(name)


def _first_chars(tokens: list[str], lex: Lexicon) -> str | None:
    """A regex class body holding the first character of every match of the pattern (as ``re.I`` reads a
    class), or None when it cannot be told cheaply. Leading ``^`` and optional tokens are looked through."""
    chars: set[str] = set()
    for token in tokens:
        if token == "^":
            continue
        optional = token.endswith("?") and len(token) > 1
        if _GAP.match(token) or _PUNCT_TOKEN.match(token):
            return None
        for alt in (token[:-1] if optional else token).split("|"):
            name = alt[1:-1] if alt.startswith("{") and alt.endswith("}") else None
            if name in ("number", "percent"):  # a numeral starts with a digit
                chars.add(r"\d")
            if name == "Name":
                return None
            entries = (NUMBER_WORDS if name == "number" else () if name == "percent"
                       else lex.get(name) if name else (alt,))
            for entry in entries:
                rx = phrase_regex(entry)
                if not rx:
                    return None
                chars.add(rx[:2] if rx.startswith("\\") else rx[0])  # an escaped character, or a plain one
        if not optional:
            return "".join(sorted(chars))
    return None


def compile_pattern(src: str, lex: Lexicon) -> re.Pattern[str]:
    tokens = src.split()
    if not tokens:
        raise RuleError(f"{lex.source}: empty cue pattern")
    # Python's engine tries a case-insensitive pattern that opens with an assertion at every position: a
    # one-class look at the first character (implied by what follows) rejects most positions early
    first = _first_chars(tokens, lex)
    out = ("" if first is None else f"(?=[{first}])") + r"(?<![\w-])"
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
