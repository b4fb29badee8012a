"""Compile regular expressions that come from YAML (``rules/``, config) without risking a hang.

Python's ``re`` backtracks and has no timeout, so a pattern such as ``(a+)+$`` can take
exponential time on a short line. Patterns from data are therefore checked before use:
a quantified group that itself contains an unbounded quantifier, or an alternation
under an unbounded quantifier whose branches can match the same text, is rejected,
and so are backreferences and over-long patterns. Rejection is a ``PatternError``
naming the source, which callers turn into one clear line (exit code 2).
"""

from __future__ import annotations

import re
from functools import lru_cache

try:  # Python 3.11+
    import re._parser as sre_parse  # type: ignore[import-not-found]
    from re._constants import MAXREPEAT  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore[no-redef]
    from sre_constants import MAXREPEAT  # type: ignore[no-redef]

MAX_PATTERN_LENGTH = 2000


class PatternError(ValueError):
    """A pattern from data that is invalid or could backtrack catastrophically."""


def _unbounded(op: object, av: object) -> bool:
    name = str(op)
    return name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and av[1] == MAXREPEAT  # type: ignore[index]


def _has_unbounded(items: object) -> bool:
    for op, av in items:  # type: ignore[attr-defined]
        if _unbounded(op, av):
            return True
        for sub in _children(op, av):
            if _has_unbounded(sub):
                return True
    return False


def _children(op: object, av: object) -> list[object]:
    name = str(op)
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        return [av[2]]  # type: ignore[index]
    if name == "SUBPATTERN":
        return [av[-1]]  # type: ignore[index]
    if name == "BRANCH":
        return list(av[1])  # type: ignore[index]
    if name in ("ASSERT", "ASSERT_NOT"):
        return [av[1]]  # type: ignore[index]
    if name == "ATOMIC_GROUP":
        return [av]
    return []


def _check(items: object, under_star: bool) -> str | None:
    for op, av in items:  # type: ignore[attr-defined]
        name = str(op)
        if name in ("GROUPREF", "GROUPREF_EXISTS"):
            return "backreferences are not allowed"
        if name in ("MAX_REPEAT", "MIN_REPEAT"):
            body = av[2]
            if av[1] == MAXREPEAT and _has_unbounded(body):
                return "a repeated group contains an unbounded repeat (nested quantifiers)"
            if av[1] == MAXREPEAT and _branch_overlap(body):
                return "an unbounded repeat of alternatives that can match the same text"
            if av[1] >= 5 and _has_unbounded(body):
                return "a group repeated many times contains an unbounded repeat"
            problem = _check(body, under_star or av[1] == MAXREPEAT)
            if problem:
                return problem
            continue
        for sub in _children(op, av):
            problem = _check(sub, under_star)
            if problem:
                return problem
    return None


def _nullable(items: object) -> bool:
    """Whether a parsed sequence can match the empty string."""
    for op, av in items:  # type: ignore[attr-defined]
        name = str(op)
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            if av[0] == 0 or _nullable(av[2]):
                continue
            return False
        if name == "SUBPATTERN":
            if not _nullable(av[-1]):
                return False
            continue
        if name == "BRANCH":
            if not any(_nullable(b) for b in av[1]):
                return False
            continue
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue
        return False
    return True


def _firsts(items: object) -> set[object] | None:
    """Literals a sequence can start with; None when it can start with a class or anything."""
    out: set[object] = set()
    for op, av in items:  # type: ignore[attr-defined]
        name = str(op)
        if name == "LITERAL":
            out.add(av)
            return out
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT", "SUBPATTERN"):
            inner = _firsts(av[2] if name != "SUBPATTERN" else av[-1])
            if inner is None:
                return None
            out |= inner
            body = av[2] if name != "SUBPATTERN" else av[-1]
            if (name != "SUBPATTERN" and av[0] == 0) or _nullable(body):
                continue
            return out
        if name == "AT":
            continue
        return None
    return out


def _branch_overlap(items: object) -> bool:
    """An alternation with an empty-matching branch, or branches that can start alike."""
    for op, av in items:  # type: ignore[attr-defined]
        name = str(op)
        if name == "SUBPATTERN":
            return _branch_overlap(av[-1])
        if name == "BRANCH":
            seen: set[object] = set()
            for branch in av[1]:
                if _nullable(branch):
                    return True
                firsts = _firsts(branch)
                if firsts is None or firsts & seen:
                    return True
                seen |= firsts
        return False
    return False


@lru_cache(maxsize=1024)
def compile_safe(pattern: str, flags: int = 0, source: str = "pattern") -> re.Pattern[str]:
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise PatternError(f"{source}: pattern longer than {MAX_PATTERN_LENGTH} characters")
    try:
        compiled = re.compile(pattern, flags)
        parsed = sre_parse.parse(pattern, flags)
    except re.error as exc:
        raise PatternError(f"{source}: invalid regular expression: {exc}") from None
    problem = _check(parsed, False)
    if problem:
        raise PatternError(f"{source}: rejected regular expression {pattern!r}: {problem}")
    return compiled
