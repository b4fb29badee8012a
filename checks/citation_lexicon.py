"""The citation cue lexicon: word lists and pattern sets read from ``rules/vocab/citation_cues.yaml``.

Lists are matched case-insensitively on whole words. A site can add to or replace lists and pattern
sets with its own YAML file (the ``cue_file`` setting). Patterns are compiled by ``checks.citation_patterns``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, wraps
from pathlib import Path
from typing import Any, TypeVar

from checks.citation_cue import Sentence
from checks.citation_patterns import compile_pattern, entry_gate, pattern_gate, pattern_trigger, phrase_regex
from checks.registry import RuleError, load_yaml, rules_root

VOCAB_FILE = "citation_cues.yaml"
T = TypeVar("T")


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
        found = self._compiled.get(key)  # asked per sentence: no closure made once it is built
        if found is None:
            found = self._compiled[key] = re.compile(pattern(), flags)
        return found  # type: ignore[return-value]

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

    def search_phrases(self, name: str, sentence: Sentence) -> bool:
        """Whether a phrase of the list ``name`` occurs in the sentence (its gate tried first)."""
        return self.may_match(name, sentence) and bool(self.phrases(name).search(sentence.text))

    def triggered(self, name: str, sentence: Sentence) -> tuple[re.Pattern[str], ...]:
        """The set's patterns that can match the sentence (see ``triggered_sets``)."""
        return self.triggered_sets(sentence)[name]

    def triggered_sets(self, sentence: Sentence) -> dict[str, tuple[re.Pattern[str], ...]]:
        """Per pattern set, the patterns that can match the sentence: those whose every required token has
        one of its trigger words among the sentence's words and one of its gate words or marks among its
        tokens. Needs are bits, indexed once; the answer is kept per combination of needs met, and with
        the sentence."""
        facts = self.facts(sentence)
        hit = facts.get("triggered")
        if hit is None:
            hit = facts["triggered"] = self._triggered_sets(sentence)
        return hit  # type: ignore[return-value]

    def facts(self, sentence: Sentence) -> dict[str, object]:
        """What is worked out about the sentence with this lexicon, kept with the sentence."""
        found = sentence.memo.get(self._memo_key)
        if found is None:
            found = sentence.memo[self._memo_key] = {}
        return found  # type: ignore[return-value]

    def _triggered_sets(self, sentence: Sentence) -> dict[str, tuple[re.Pattern[str], ...]]:
        ix = self._index()
        met = sentence.needs  # more needs met can only trigger more patterns, and those find nothing
        if met is None:
            met = 0
            for word in ix.words.intersection(sentence.words):
                met |= ix.by_word[word]
            for word in ix.tokens.intersection(sentence.tokens):
                met |= ix.by_token[word]
            for mark in ix.tokens.intersection(sentence.marks):
                met |= ix.by_token[mark]
        if ix.keys is not None and not met & ix.keys:  # most sentences: no pattern has its key need met
            return ix.nothing
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
            key_bits: dict[str, tuple[int, ...]] = {}
            for name in self.pattern_src:
                self.patterns(name)
                pattern_needs = [[(False, n) for n in trigger] + [(True, n) for n in gate]
                                 for trigger, gate in zip(self._triggers[name], self._pattern_gates[name], strict=True)]
                needs[name] = tuple(sum({bit(need) for need in own}) for own in pattern_needs)  # distinct bits: OR
                key_bits[name] = tuple(0 if (key := self._key_need(own)) is None else bit(key) for own in pattern_needs)
            by_word: dict[str, int] = {}
            by_token: dict[str, int] = {}
            for (is_gate, need), mask in bits.items():
                index = by_token if is_gate else by_word
                for word in need:
                    index[word] = index.get(word, 0) | mask
            nothing: dict[str, tuple[re.Pattern[str], ...]] = {name: () for name in self.pattern_src}
            keys: int | None = 0
            for key_bit in (b for per_set in key_bits.values() for b in per_set):
                # a pattern that needs nothing can match any sentence: then no sentence is skipped
                keys = None if not key_bit or keys is None else keys | key_bit
            self._trigger_index = _TriggerIndex(by_word, frozenset(by_word), by_token, frozenset(by_token), needs,
                                                key_bits, keys, nothing)
        return self._trigger_index

    def need_bits(self) -> dict[str, int]:
        """Each trigger word, gate word and mark (``DIGIT``, ``PERCENT``) -> the bits of the pattern needs
        it meets as a word, a token or a mark (for a pre-filter reading a sentence's words and tokens as one)."""
        ix = self._index()
        return {w: ix.by_word.get(w, 0) | ix.by_token.get(w, 0) for w in ix.words | ix.tokens}

    def set_needs(self, name: str) -> tuple[tuple[int, int], ...]:
        """Per pattern of the set, the bit of its key need (0 when it needs nothing) and the bits of all its
        needs (see ``need_bits``): a pattern is triggered when all its needs are met."""
        ix = self._index()
        return tuple(zip(ix.key_bits[name], ix.needs[name], strict=True))

    def _key_need(self, needs: list[tuple[bool, frozenset[str]]]) -> tuple[bool, frozenset[str]] | None:
        """The need of a pattern a sentence meets least often, by guess: one with no stop word (no "a",
        "of"), then the fewest words."""
        stops = self.words("stop_words")
        return min(needs, key=lambda need: (not stops.isdisjoint(need[1]), len(need[1])), default=None)


def per_sentence(finder: Callable[[Lexicon, Sentence], T]) -> Callable[[Lexicon, Sentence], T]:
    """``finder(lex, sentence)`` kept with the sentence read (see ``Lexicon.facts``): a cue finder is a pure
    function of the lexicon and the sentence, and several checks ask it about the same sentence. A read
    sentence is one occurrence on one page, so nothing is shared between two sentences of the same text.
    The answer is shared between the askers, so it must be immutable (a tuple of frozen cues, a bool, None)."""
    key = f"{finder.__module__}.{finder.__qualname__}"

    @wraps(finder)
    def kept(lex: Lexicon, sentence: Sentence) -> T:
        facts = lex.facts(sentence)
        if key in facts:
            return facts[key]  # type: ignore[return-value]
        found = facts[key] = finder(lex, sentence)
        return found

    return kept


@dataclass(frozen=True)
class _TriggerIndex:
    by_word: dict[str, int]  # a trigger word -> bits of the needs it meets
    words: frozenset[str]
    by_token: dict[str, int]  # a gate word or mark -> bits of the needs it meets
    tokens: frozenset[str]
    needs: dict[str, tuple[int, ...]]  # per set, per pattern, the bits of its needs
    key_bits: dict[str, tuple[int, ...]]  # per set, per pattern, the bit of one need (see ``Lexicon._key_need``)
    keys: int | None  # all of them: none met, none triggered (None: a pattern needs nothing)
    nothing: dict[str, tuple[re.Pattern[str], ...]]  # no pattern triggered


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
