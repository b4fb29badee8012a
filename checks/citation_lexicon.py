"""The citation cue lexicon: word lists and pattern sets read from ``rules/vocab/citation_cues.yaml``.

Lists are matched case-insensitively on whole words. A site can add to or replace lists and pattern
sets with its own YAML file (the ``cue_file`` setting). Patterns are compiled by ``checks.citation_patterns``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from checks.citation_patterns import compile_pattern, pattern_trigger, phrase_regex
from checks.registry import RuleError, load_yaml, rules_root

VOCAB_FILE = "citation_cues.yaml"


@dataclass
class Lexicon:
    lists: dict[str, tuple[str, ...]]
    pattern_src: dict[str, tuple[str, ...]]
    source: str
    _phrases: dict[tuple[str, bool], re.Pattern[str]] = field(default_factory=dict)
    _patterns: dict[str, tuple[re.Pattern[str], ...]] = field(default_factory=dict)
    _alternations: dict[str, str] = field(default_factory=dict)
    _triggers: dict[str, tuple[tuple[frozenset[str], ...], ...]] = field(default_factory=dict)
    _trigger_index: dict[str, tuple[dict[str, frozenset[int]], frozenset[str], tuple[frozenset[int], ...]]] = field(
        default_factory=dict)
    _triggered_memo: dict[tuple[str, frozenset[int]], tuple[re.Pattern[str], ...]] = field(default_factory=dict)
    _compiled: dict[str, object] = field(default_factory=dict)

    def words(self, name: str) -> frozenset[str]:
        return self.cached("words:" + name, lambda: frozenset(w.lower() for w in self.get(name)))  # type: ignore

    def get(self, name: str) -> tuple[str, ...]:
        if name not in self.lists:
            raise RuleError(f"{self.source}: the citation cue lexicon has no list {name!r}")
        return self.lists[name]

    def alternation(self, name: str) -> str:
        """A non-capturing regex alternation of the list's entries, longest first."""
        if name not in self._alternations:
            entries = sorted(self.get(name), key=len, reverse=True)
            self._alternations[name] = "(?:" + "|".join(phrase_regex(e) for e in entries) + ")"
        return self._alternations[name]

    def cached(self, key: str, build: Callable[[], object]) -> object:
        """A value built once per lexicon (compiled regexes that depend on its lists)."""
        if key not in self._compiled:
            self._compiled[key] = build()
        return self._compiled[key]

    def regex(self, key: str, pattern: Callable[[], str], flags: int = re.I) -> re.Pattern[str]:
        """A regex built from the lists once per lexicon, cached under ``key``."""
        return self.cached(key, lambda: re.compile(pattern(), flags))  # type: ignore[return-value]

    def phrases(self, name: str, case_sensitive: bool = False) -> re.Pattern[str]:
        """Whole-word matcher for any entry of the list."""
        key = (name, case_sensitive)
        if key not in self._phrases:
            flags = 0 if case_sensitive else re.I
            self._phrases[key] = re.compile(rf"(?<![\w-]){self.alternation(name)}(?![\w-])", flags)
        return self._phrases[key]

    def patterns(self, name: str) -> tuple[re.Pattern[str], ...]:
        if name not in self._patterns:
            if name not in self.pattern_src:
                raise RuleError(f"{self.source}: the citation cue lexicon has no pattern set {name!r}")
            self._patterns[name] = tuple(compile_pattern(p, self) for p in self.pattern_src[name])
            self._triggers[name] = tuple(pattern_trigger(p, self) for p in self.pattern_src[name])
        return self._patterns[name]

    def triggered(self, name: str, words: frozenset[str] | set[str]) -> list[re.Pattern[str]]:
        """The set's patterns that can match a sentence with these (lower-case) words: those whose every
        required token has one of its words among them (each pattern's needs are indexed once)."""
        index, vocabulary, pattern_needs = self._index(name)
        met: set[int] = set()
        for word in vocabulary.intersection(words):
            met.update(index[word])
        key = (name, frozenset(met))
        hit = self._triggered_memo.get(key)
        if hit is None:
            hit = tuple(rx for rx, needs in zip(self.patterns(name), pattern_needs, strict=True) if needs <= met)
            self._triggered_memo[key] = hit
        return list(hit)

    def _index(self, name: str) -> tuple[dict[str, frozenset[int]], frozenset[str], tuple[frozenset[int], ...]]:
        """Per pattern set: word -> ids of the distinct needs it meets, and each pattern's need ids."""
        if name not in self._trigger_index:
            self.patterns(name)
            ids: dict[frozenset[str], int] = {}
            pattern_needs = tuple(frozenset(ids.setdefault(need, len(ids)) for need in needs)
                                  for needs in self._triggers[name])
            index: dict[str, set[int]] = {}
            for need, i in ids.items():
                for word in need:
                    index.setdefault(word, set()).add(i)
            self._trigger_index[name] = ({w: frozenset(v) for w, v in index.items()}, frozenset(index),
                                         pattern_needs)
        return self._trigger_index[name]

def _as_lists(data: Any, where: str) -> dict[str, tuple[str, ...]]:
    if data is None:
        return {}
    if not isinstance(data, dict) or not all(isinstance(v, list) for v in data.values()):
        raise RuleError(f"{where}: 'lists' and 'patterns' must map names to lists of strings")
    return {str(k): tuple(str(x) for x in v) for k, v in data.items()}


def _merge(base: dict[str, tuple[str, ...]], extra: dict[str, tuple[str, ...]],
           replace: set[str]) -> dict[str, tuple[str, ...]]:
    merged = dict(base)
    for name, items in extra.items():
        merged[name] = items if name in replace or name not in base else base[name] + items
    return merged


def _read(path: Path) -> dict[str, Any]:
    data = load_yaml(path) or {}
    if not isinstance(data, dict):
        raise RuleError(f"{path}:1: a cue lexicon must be a mapping with 'lists' and 'patterns'")
    return data


@cache
def load_lexicon(extra: str | None = None) -> Lexicon:
    """The built-in lexicon, with a site's ``extra`` YAML file added (or replacing named entries)."""
    path = rules_root() / "vocab" / VOCAB_FILE
    data = _read(path)
    lists = _as_lists(data.get("lists"), str(path))
    patterns = _as_lists(data.get("patterns"), str(path))
    source = str(path)
    if extra:
        more = _read(Path(extra))
        replace = {str(x) for x in more.get("replace") or []}
        lists = _merge(lists, _as_lists(more.get("lists"), extra), replace)
        patterns = _merge(patterns, _as_lists(more.get("patterns"), extra), replace)
        source = f"{path} + {extra}"
    lex = Lexicon(lists=lists, pattern_src=patterns, source=source)
    for name in patterns:  # compile now, so a broken site pattern is reported before any check runs
        lex.patterns(name)
    return lex
