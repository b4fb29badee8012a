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

from checks.citation_cue import Sentence
from checks.citation_patterns import compile_pattern, entry_gate, pattern_gate, pattern_trigger, phrase_regex
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
    _pattern_gates: dict[str, tuple[tuple[frozenset[str], ...], ...]] = field(default_factory=dict)
    _trigger_index: _TriggerIndex | None = None
    _triggered_memo: dict[int, dict[str, tuple[re.Pattern[str], ...]]] = field(default_factory=dict)
    _compiled: dict[str, object] = field(default_factory=dict)
    _words: dict[str, frozenset[str]] = field(default_factory=dict)
    _list_gates: dict[str, frozenset[str] | None] = field(default_factory=dict)
    _memo_key: object = field(default_factory=object)  # this lexicon's key in a Sentence's memo

    def words(self, name: str) -> frozenset[str]:
        found = self._words.get(name)
        if found is None:
            found = self._words[name] = frozenset(w.lower() for w in self.get(name))
        return found

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
            self._pattern_gates[name] = tuple(pattern_gate(p, self) for p in self.pattern_src[name])
        return self._patterns[name]

    def gate(self, name: str) -> frozenset[str] | None:
        """Words one of which a sentence holds (as a token) wherever an entry of the list matches as a whole
        word; None when the list cannot be pre-filtered so (see ``entry_gate``)."""
        if name not in self._list_gates:
            self._list_gates[name] = entry_gate(self.get(name), self.words("stop_words"))
        return self._list_gates[name]

    def may_match(self, name: str, sentence: Sentence) -> bool:
        """False only when no entry of the list can match the sentence as a whole word (see ``gate``)."""
        gate = self._list_gates[name] if name in self._list_gates else self.gate(name)
        return gate is None or not gate.isdisjoint(sentence.tokens)

    def triggered(self, name: str, sentence: Sentence) -> tuple[re.Pattern[str], ...]:
        """The set's patterns that can match the sentence (see ``triggered_sets``)."""
        return self.triggered_sets(sentence)[name]

    def triggered_sets(self, sentence: Sentence) -> dict[str, tuple[re.Pattern[str], ...]]:
        """Per pattern set, the patterns that can match the sentence: those whose every required token has
        one of its trigger words among the sentence's words and one of its gate words or marks among its
        tokens. Needs are bits, indexed once; the answer is kept per combination of needs met, and with
        the sentence."""
        hit = sentence.memo.get(self._memo_key)
        if hit is None:
            hit = sentence.memo[self._memo_key] = self._triggered_sets(sentence)
        return hit  # type: ignore[return-value]

    def _triggered_sets(self, sentence: Sentence) -> dict[str, tuple[re.Pattern[str], ...]]:
        ix = self._index()
        met = 0
        for word in ix.words.intersection(sentence.words):
            met |= ix.by_word[word]
        for word in ix.tokens.intersection(sentence.tokens):
            met |= ix.by_token[word]
        for mark in ix.tokens.intersection(sentence.marks):
            met |= ix.by_token[mark]
        hit = self._triggered_memo.get(met)
        if hit is None:
            hit = {name: tuple(rx for rx, needs in zip(self.patterns(name), ix.needs[name], strict=True)
                               if needs & met == needs) for name in self.pattern_src}
            self._triggered_memo[met] = hit
        return hit

    def _index(self) -> _TriggerIndex:
        """Over every pattern set: word -> bits of the distinct needs it meets, and each pattern's need bits."""
        if self._trigger_index is None:
            bits: dict[tuple[bool, frozenset[str]], int] = {}  # (is a gate need, its words) -> its bit

            def bit(key: tuple[bool, frozenset[str]]) -> int:
                return bits.setdefault(key, 1 << len(bits))

            needs: dict[str, tuple[int, ...]] = {}
            for name in self.pattern_src:
                self.patterns(name)
                needs[name] = tuple(
                    sum({bit((False, n)) for n in trigger} | {bit((True, n)) for n in gate})  # distinct bits: OR
                    for trigger, gate in zip(self._triggers[name], self._pattern_gates[name], strict=True))
            by_word: dict[str, int] = {}
            by_token: dict[str, int] = {}
            for (is_gate, need), mask in bits.items():
                index = by_token if is_gate else by_word
                for word in need:
                    index[word] = index.get(word, 0) | mask
            self._trigger_index = _TriggerIndex(by_word, frozenset(by_word), by_token, frozenset(by_token), needs)
        return self._trigger_index


@dataclass(frozen=True)
class _TriggerIndex:
    by_word: dict[str, int]  # a trigger word -> bits of the needs it meets
    words: frozenset[str]
    by_token: dict[str, int]  # a gate word or mark -> bits of the needs it meets
    tokens: frozenset[str]
    needs: dict[str, tuple[int, ...]]  # per set, per pattern, the bits of its needs


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
