"""The prefilter word list of ``arith_cues`` stays tied to the cue pattern it screens for."""

from __future__ import annotations

import re
from re import _parser as sre_parse

from checks import arith_cues as cues


def _phrases(items: list[tuple[object, object]]) -> set[str]:
    """Every string the parsed pattern matches, a whitespace run taken once and a character class as each of its
    literal characters (the cue pattern is a finite alternation but for whitespace runs)."""
    out = {""}
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            alts = {chr(arg)}
        elif name == "IN":
            negated = any(str(o) == "NEGATE" for o, _a in arg)
            alts = {" "} if negated else {chr(a) for o, a in arg if str(o) == "LITERAL"}     # [^\S\n]: a space
        elif name == "BRANCH":
            alts = set().union(*(_phrases(list(b)) for b in arg[1]))
        elif name == "SUBPATTERN":
            alts = _phrases(list(arg[-1]))
        elif name in ("MAX_REPEAT", "MIN_REPEAT"):
            low, _high, sub = arg
            once = _phrases(list(sub))
            alts = once | ({""} if low == 0 else set())
        else:
            raise AssertionError(f"unexpected {name} in the cue pattern")
        out = {a + b for a in out for b in alts}
    return out


def test_every_cue_opening_with_a_word_of_letters_opens_with_a_listed_first_word() -> None:
    phrases = _phrases(list(sre_parse.parse(cues._EQ_CUES)))
    assert "that's" in phrases and "works out to" in phrases
    for phrase in phrases:
        first = re.match(r"[a-z]+", phrase)
        # a first token of letters only (not run on into punctuation, "e.g.", "thus,") must be listed
        if first and phrase[first.end():first.end() + 1] in ("", " "):
            assert first.group(0) in cues._CUE_FIRST_WORDS, phrase


def test_every_listed_first_word_opens_some_cue() -> None:
    firsts = {m.group(0) for p in _phrases(list(sre_parse.parse(cues._EQ_CUES))) if (m := re.match(r"[a-z]+", p))}
    assert cues._CUE_FIRST_WORDS <= firsts
