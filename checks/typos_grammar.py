"""Grammar slips LanguageTool 6.8 does not see, as narrow pattern rules that stay quiet on correct text.

TYP004 missing-infinitive-to: a verb that takes a to-infinitive, then "not", then a bare verb
("I prefer not do this", "she decided not go") lacks "to" ("prefer not to do"). Verbs that take a
bare infinitive (let, make, help, need, dare, had better, would rather) are not in the list. A form
of "do" shortly before the verb marks a question ("Why does the plan not work?") and is skipped.
The word lists live in the rule record's `options` (rules/typos/TYP004.yaml).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from checks.registry import RuleError

_DO_BEFORE = re.compile(r"\b(?:do|does|did|don['’]t|doesn['’]t|didn['’]t)\b(?:\s+\S+){0,3}\s*$", re.I)


@dataclass(frozen=True)
class Slip:
    start: int  # range in the checked text
    end: int
    message: str
    suggestion: str


_NOT = re.compile(r"\bnot\s+([A-Za-z]+)\b", re.I)
_WORD_BEFORE = re.compile(r"\b([A-Za-z]+)\s+$")


@dataclass(frozen=True)
class MissingToRule:
    catenative: frozenset[str]
    bare: frozenset[str]


def _words(options: dict[str, object], key: str) -> frozenset[str]:
    value = options.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(w, str) and w.strip() for w in value):
        raise RuleError(f"rules/typos/TYP004.yaml: options.{key} must be a non-empty list of words")
    return frozenset(w.strip().lower() for w in value)


def compile_rules(options: dict[str, object]) -> MissingToRule:
    """TYP004's word lists from its rule record (validated; build once per run)."""
    return MissingToRule(_words(options, "catenative_verbs"), _words(options, "bare_verbs"))


def missing_to(text: str, rule: MissingToRule) -> Iterator[Slip]:
    for m in _NOT.finditer(text):
        verb = m.group(1)
        if verb.lower() not in rule.bare:
            continue
        before = _WORD_BEFORE.search(text, max(0, m.start() - 30), m.start())
        if before is None or before.group(1).lower() not in rule.catenative:
            continue
        if _DO_BEFORE.search(text, max(0, before.start() - 40), before.start()):
            continue
        start, end = m.start(), m.end()
        again = re.compile(rf"\s+to\s+{re.escape(verb)}\b", re.I).match(text, end)
        if again:
            end = again.end()
        written = " ".join(text[start:end].split())
        yield Slip(start, end, f"“{before.group(1)} not {verb}” needs “to” before the verb [medlint]",
                   f"“{text[start:m.start(1)].rstrip()} to {verb}” instead of “{written}”")


def slips(text: str, options: dict[str, object] | MissingToRule) -> Iterable[Slip]:
    """Every pattern-rule slip in `text`; `options` are TYP004's options or their compiled form."""
    return missing_to(text, options if isinstance(options, MissingToRule) else compile_rules(options))
