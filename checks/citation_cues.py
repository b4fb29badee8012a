"""Sentence-level cues for the citations family, read from ``rules/vocab/citation_cues.yaml``.

This module knows words, not documents: given one sentence's plain text it finds claims (study
results, statistics, weasel attributions), deictic anchors ("this study", "here", "(source)"),
named sources ("Zhu et al", "LiverTox says"), citation marks (DOIs, author-year) and promised
figures. ``checks.citations`` decides, with the document around the sentence, what to report.

Lists are matched case-insensitively on whole words. Patterns are space-separated tokens (see the
YAML file's header): literal words and ``a|b`` alternatives, ``{list}``, optional ``x?``, gaps
``{mod:0-4}`` and ``{any:0-8}``, ``{number}``, ``{percent}``, ``{Name}`` and ``^`` (clause start).
A site can add to or replace lists and pattern sets with its own YAML file (``cue_file``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from checks.registry import RuleError, load_yaml, rules_root

VOCAB_FILE = "citation_cues.yaml"

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


@dataclass
class Lexicon:
    lists: dict[str, tuple[str, ...]]
    pattern_src: dict[str, tuple[str, ...]]
    source: str
    _phrases: dict[tuple[str, bool], re.Pattern[str]] = field(default_factory=dict)
    _patterns: dict[str, tuple[re.Pattern[str], ...]] = field(default_factory=dict)
    _alternations: dict[str, str] = field(default_factory=dict)
    _triggers: dict[str, tuple[tuple[frozenset[str], ...], ...]] = field(default_factory=dict)
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

    def triggered(self, name: str, words: set[str]) -> list[re.Pattern[str]]:
        """The set's patterns that can match a sentence with these (lower-case) words."""
        out: list[re.Pattern[str]] = []
        for rx, needs in zip(self.patterns(name), self._triggers[name], strict=True):
            for need in needs:
                if need.isdisjoint(words):
                    break
            else:
                out.append(rx)
        return out


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


_TOKEN_WORD = re.compile(r"[\w']+")


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
                first = _TOKEN_WORD.findall(entry.replace("’", "'").lower())
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


# ---------------------------------------------------------------------------
# sentence-level cues

@dataclass(frozen=True)
class Cue:
    kind: str
    start: int  # range in the sentence text
    end: int
    text: str
    detail: str = ""


def normalise(text: str) -> str:
    """Curly apostrophes become straight ones; the length (and so every offset) is unchanged."""
    return text.replace("’", "'").replace("‘", "'")


_WORD = re.compile(r"[\w']+")
_MODALS = frozenset({"would", "could", "should", "might", "may", "can", "will", "must", "wouldn't", "couldn't",
                     "shouldn't", "won't", "can't"})
_CONDITIONALS = frozenset({"if", "unless", "whether", "suppose", "supposing", "once"})
_COUNTED = frozenset({"few", "little"})  # negative alone ("few studies"), not in "a few", "the past few"
_COUNTERS = frozenset({"a", "the", "past", "last", "next", "first", "quite"})
_FINITE_BE = re.compile(r"\b(?:was|were|is|are|been|be|being|has|have|had)\s+\S+$", re.I)
_LEAD = re.compile(r"^(?:[\"“'(]\s*)?(?:(?:and|but|so|also|then|now|first|second|third|finally|still|again|"
                   r"overall|however|realistically|obviously)\b,?\s+)*", re.I)


def _words_before(text: str, pos: int, n: int) -> list[str]:
    return [w.lower() for w in _WORD.findall(text[:pos])][-n:]


def _blocked(lex: Lexicon, text: str, start: int, end: int) -> bool:
    """A match negated, made hypothetical, or a participle ("effects reported by users")."""
    before = _words_before(text, start, 5)
    negators = lex.words("negators")
    for i in range(max(1, len(before) - 3), len(before)):
        if before[i] in negators and not (before[i] in _COUNTED and before[i - 1] in _COUNTERS):
            return True
    if before and before[0] in negators and len(before) <= 3:
        return True
    if before and before[-1] in _MODALS:
        return True
    if set(before) & _CONDITIONALS:
        return True
    return bool(re.match(r"\s+by\b", text[end:], re.I)) and not _FINITE_BE.search(text[start:end])


CLAIM_SETS = ("study", "animal", "weasel", "statistic")
# a frame's closing preposition is not part of what the finding underlines ("in one study of")
_FRAME_TAIL = re.compile(r"(?:\s+(?:of|by|from|with|among|involving|on|published|conducted|at|led|including|across|"
                         r"comparing|in))?[\s,]*$", re.I)
_PERSONAL = re.compile(r"\b(?:your|you|my|our|his|her)\b", re.I)
_HYPOTHETICAL = re.compile(r"^(?:\S+\s+){0,8}?(?:would|could|might|should)\b", re.I)
_BAND = re.compile(r"^1\s+(?:in|out\s+of)\s+10*(?:,000)*\b")
_BAND_CONTEXT = re.compile(r"\b(?:side effects?|common|uncommon|rare|rarely|frequency|affects?|happen)\b", re.I)


_BASE_AFTER_NOUN = re.compile(r"\b(?:study|trial|review|survey|analysis|poll|paper|report|experiment|RCT)\s+"
                              r"(?:find|show|suggest|demonstrate|report|conclude|rank|reveal|indicate|confirm|prove|"
                              r"establish|estimate|observe|discover|\w+ing)$", re.I)


def _noun_compound(span: str) -> bool:
    """"a review report", "a study finding": a base form or -ing right after a singular noun is a noun."""
    return bool(_BASE_AFTER_NOUN.search(span))


def _not_a_claim(lex: Lexicon, kind: str, text: str, a: int, b: int) -> bool:
    """Study words about the reader ("a review of your medicines"), a hypothetical study, a leaflet's
    frequency band ("affects up to 1 in 10 people")."""
    span = text[a:b]
    if kind == "study":
        if _PERSONAL.search(span) or lex.phrases("participation").search(text) or _noun_compound(span):
            return True
        return span.lower().startswith("in ") and bool(_HYPOTHETICAL.match(text[b:]))
    if kind == "statistic" and _BAND.match(span):
        return bool(_BAND_CONTEXT.search(text))
    return False


def find_claims(lex: Lexicon, sentence: str) -> list[Cue]:
    """Claim cues of every set, in set order then position; overlapping repeats removed."""
    text = normalise(sentence)
    words = set(_TOKEN_WORD.findall(text.lower()))
    out: list[Cue] = []
    for kind in CLAIM_SETS:
        for rx in lex.triggered(kind, words):
            for m in rx.finditer(text):
                a, b = m.start(), m.end()
                b = a + len(_FRAME_TAIL.sub("", text[a:b]))
                if b <= a or _blocked(lex, text, a, b) or _not_a_claim(lex, kind, text, a, b):
                    continue
                if any(c.kind == kind and c.start < b and a < c.end for c in out):
                    continue
                out.append(Cue(kind, a, b, sentence[a:b]))
    return out


def sentence_mode(lex: Lexicon, sentence: str) -> str | None:
    """Why a sentence makes no claim of its own: a question, condition, instruction or opinion."""
    text = normalise(sentence).strip()
    if text.rstrip(" )\"'”").endswith("?"):
        return "question"
    body = text[_LEAD.match(text).end():]  # type: ignore[union-attr]
    if lex.phrases("conditional_starters").match(body):
        return "conditional"
    first = _WORD.match(body)
    if first and first.group(0).lower() in lex.words("imperative_starters"):
        return "imperative"
    if lex.phrases("opinion_markers").search(text):
        return "opinion"
    return None


def first_person_before(lex: Lexicon, sentence: str, pos: int) -> bool:
    return bool(set(_words_before(normalise(sentence), pos, 1000)) & lex.words("first_person"))


def is_definition(lex: Lexicon, sentence: str) -> bool:
    return bool(lex.phrases("definition_markers").search(normalise(sentence)))


# --- deictic anchors --------------------------------------------------------

_JOINERS = frozenset({"of", "and", "the", "&", "for", "on", "in"})


def _valid_modifiers(lex: Lexicon, mods: list[str]) -> bool:
    stops = lex.words("stop_words")
    for i, raw in enumerate(mods):
        word = raw.strip(",")
        low = word.lower()
        capital_neighbours = (i > 0 and mods[i - 1][:1].isupper()) and (i + 1 < len(mods) and mods[i + 1][:1].isupper())
        if low in stops and not (low in _JOINERS and capital_neighbours):
            return False
        if word[:1].islower() and low.endswith("s") and not low.endswith(("ous", "ss", "is", "us")):
            return False  # "this makes studies ...": a verb, not an adjective
    return True


def _rx(lex: Lexicon, key: str, pattern: Callable[[], str], flags: int = re.I) -> re.Pattern[str]:
    return lex.cached(key, lambda: re.compile(pattern(), flags))  # type: ignore[return-value]


def _deictic_rx(lex: Lexicon) -> re.Pattern[str]:
    def build() -> str:
        nouns = "(?:" + lex.alternation("deictic_nouns") + "|" + lex.alternation("self_nouns") + ")"
        dets = lex.alternation("deictic_determiners")
        return rf"(?<![\w-])({dets})\s+((?:[\w'.,&-]+\s+){{0,5}}?)({nouns})(?![\w-])"
    return _rx(lex, "deictic", build)


def _is_plural(determiner: str, noun: str) -> bool:
    low = noun.lower()
    return determiner.lower() == "these" or (low.endswith("s") and not low.endswith(("sis", "series", "ss")))


def _this_sources(lex: Lexicon, text: str) -> list[Cue]:
    out: list[Cue] = []
    selfish = lex.words("self_nouns")
    blockers = lex.words("compound_blockers")
    for m in _deictic_rx(lex).finditer(text):
        mods = m.group(2).split()
        noun = m.group(3)
        if not _valid_modifiers(lex, mods):
            continue
        if noun.lower() in selfish and not _external(lex, text, m, mods):
            continue
        nxt = _WORD.match(text[m.end():].lstrip())
        if nxt and nxt.group(0).lower() in blockers:
            continue
        if _own_study(lex, text, m.start(), m.end()):
            continue
        kind = "these" if _is_plural(m.group(1), noun) else "this"
        out.append(Cue(kind, m.start(), m.end(), m.group(0), detail=noun.lower()))
    return out


_LOOK_BEFORE = re.compile(r"(?<![\w-])(?:see|read|check\s+out|watch|listen\s+to)\s*$", re.I)
_FROM_NAME = re.compile(r"^\s+(?:from|by|in|on)\s+(?:the\s+)?[A-Z]")


def _external(lex: Lexicon, text: str, m: re.Match[str], mods: list[str]) -> bool:
    """A noun a page uses for itself ("this article") names another work when a proper name modifies it
    ("this Journal of Urology article", "this guide from CHADD") or the reader is sent to it ("see this guide")."""
    return (any(w[:1].isupper() and w != "I" for w in mods) or bool(_LOOK_BEFORE.search(text[:m.start()]))
            or bool(_FROM_NAME.match(text[m.end():])))


def _own_study(lex: Lexicon, text: str, start: int, end: int) -> bool:
    """"take this survey", "join this trial", "this survey takes 10 minutes": the page's own study."""
    before = _rx(lex, "participation_before", lambda: rf"(?<![\w-]){lex.alternation('participation_verbs')}\s*$")
    after = _rx(lex, "self_after", lambda: rf"^\s*{lex.alternation('self_followers')}(?![\w-])")
    return bool(before.search(text[:start]) or after.match(text[end:]))


def _here_rx(lex: Lexicon) -> re.Pattern[str]:
    def build() -> str:
        nouns = "(?:" + lex.alternation("deictic_nouns") + "|" + lex.alternation("link_nouns") + ")"
        return (rf"^[\"“(]?\s*(here(?:'s|\s+is|\s+are))\s+(?:an?|the|some|one|two|three|a\s+few|another|this)\s+"
                rf"((?:[\w'.,-]+\s+){{0,4}}?){nouns}(?![\w-])")
    return _rx(lex, "here", build)


_HERE_END = re.compile(r"(?<![\w-])here(?=\s*(?:[.!;)]|$))", re.I)
_CLICK_HERE = re.compile(r"(?<![\w-])(?:click|tap)\s+here\b", re.I)


def _here(lex: Lexicon, text: str) -> list[Cue]:
    out: list[Cue] = []
    verbs = lex.phrases("link_verbs")
    for m in _HERE_END.finditer(text):
        clause = re.split(r"[,;:(—–]", text[:m.start()])[-1]
        if verbs.search(clause) or text[:m.start()].rstrip().endswith("("):
            out.append(Cue("here", m.start(), m.end(), m.group(0)))
    for m in _CLICK_HERE.finditer(text):
        if not any(c.start <= m.end() - 4 < c.end for c in out):
            out.append(Cue("here", m.end() - 4, m.end(), "here"))
    head = _here_rx(lex).match(text)
    if head and _valid_modifiers(lex, [w for w in head.group(2).split() if w.strip(",")]):
        colon = text.rstrip().endswith(":")
        out.append(Cue("here-is", head.start(1), head.end(), text[head.start(1):head.end()],
                       detail="colon" if colon else ""))
    return out


def _placeholder_rx(lex: Lexicon) -> re.Pattern[str]:
    def build() -> str:
        return rf"[(\[]\s*(?:see\s+)?{lex.alternation('placeholders')}(?:\s*[)\]]|(?=\s*;[^)\]]*[)\]]))"
    return _rx(lex, "placeholder", build)


_NUM_PAREN = re.compile(r"\((\d{1,3}(?:\s*,\s*\d{1,3})+|\d{1,3}\s*[-–]\s*\d{1,3})\)(?=\s*(?:[.,;:!?]|$))")
_NUM_BRACKET = re.compile(r"(?<!\^)\[(\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)\](?![(\[:])")
_SUPERSCRIPT = re.compile(r"(?<=[^\s\d])[¹²³⁴⁵⁶⁷⁸⁹⁰]+(?:[,–-][¹²³⁴⁵⁶⁷⁸⁹⁰]+)*")


_SCALE_WORDS = frozenset({"from", "to", "between", "score", "scored", "scale", "grade", "grades", "stage", "stages",
                          "level", "levels", "type", "types", "age", "ages", "aged", "step", "steps", "phase", "phases",
                          "day", "days", "week", "weeks", "month", "months", "year", "years", "hour", "hours", "item",
                          "items", "option", "options", "question", "questions", "rated", "range", "ranges", "points"})


def _citation_like(text: str, m: re.Match[str]) -> bool:
    """A parenthesised number list reads as citations, not a scale or a range ("scored (0-10)")."""
    if not text.startswith("("):
        return True
    nums = [int(n) for n in re.findall(r"\d+", text)]
    if nums[0] == 0 or nums != sorted(nums):
        return False
    before = _WORD.findall(m.string[:m.start()])
    return not before or not (before[-1].isdigit() or before[-1].lower() in _SCALE_WORDS)


def numbered_marks(text: str) -> list[Cue]:
    """Vancouver-style markers: "(1, 2)", "(3-5)", "[1]", "[1, 2]", superscript digits."""
    if not _NUMBER_HINT.search(text):
        return []
    out = [Cue("numbered", m.start(), m.end(), m.group(0)) for rx in (_NUM_PAREN, _NUM_BRACKET, _SUPERSCRIPT)
           for m in rx.finditer(text) if _citation_like(m.group(0), m)]
    return sorted(out, key=lambda c: c.start)


_SELF_WE = re.compile(r",?\s+(?:we|I)\b(?!')(?!\s+(?:think|believe|guess|suspect|feel|suppose|would|'d)\b)"
                      r"|\s+(?:is|was)\s+ours\b", re.I)


def find_deictics(lex: Lexicon, sentence: str) -> list[Cue]:
    """Words that promise a link: "this study", "here", "(source)", numbered markers."""
    text = normalise(sentence)
    if lex.phrases("participation").search(text):
        this: list[Cue] = []  # a trial's own information sheet
    else:  # "In this study, we ..." is a paper speaking of itself
        this = [c for c in _this_sources(lex, text) if not _SELF_WE.match(text, c.end)]
    places = [Cue("placeholder", m.start(), m.end(), sentence[m.start():m.end()])
              for m in _placeholder_rx(lex).finditer(text)]
    cues = this + _here(lex, text) + places + numbered_marks(text)
    return sorted(cues, key=lambda c: c.start)


# --- citation marks written as text ------------------------------------------

_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
           "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Spring|Summer|Autumn|Fall|Winter")
_AUTHOR = rf"(?!(?:{_MONTHS}|In|Since|Until|By|From|Before|After|The)\b)[A-Z][\w'-]+"
_AUTHOR_GROUP = rf"{_AUTHOR}(?:\s+et\s+al\.?|\s+(?:and|&)\s+{_AUTHOR})?"
_YEAR = r"(?:19|20)\d{2}[a-z]?"
_AUTHOR_YEAR = re.compile(
    rf"\(\s*(?:see\s+)?{_AUTHOR_GROUP},?\s+{_YEAR}(?:\s*[;,]\s*[^)]*)?\)|{_AUTHOR_GROUP}\s+\({_YEAR}\)")
_TEXT_MARKS = (
    ("doi", re.compile(r"(?<![\w/])(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?10\.\d{4,9}/[^\s)\]>,;]+", re.I)),
    ("pmid", re.compile(r"\b(?:PMID:?\s*\d{5,9}|PMC\d{5,9})\b")),
    ("url", re.compile(r"\bhttps?://[^\s)>\]]+|\bwww\.[\w-]+\.[\w.-]+[^\s)>\]]*", re.I)),
    ("arxiv", re.compile(r"\barXiv:\s*\d{4}\.\d{4,5}", re.I)),
)


_MARK_HINT = re.compile(r"10\.\d|PMID|PMC\d|https?:|www\.|arxiv", re.I)
_YEAR_HINT = re.compile(r"(?:19|20)\d\d")
_NUMBER_HINT = re.compile(r"[(\[]\s*\d|[¹²³⁴⁵⁶⁷⁸⁹⁰]")
_PEOPLE_HINT = re.compile(r"\bet\.?\s+al\b|colleagues|co-?workers", re.I)


def text_citations(sentence: str) -> list[Cue]:
    """Locators written as text: DOIs, PMIDs, URLs, arXiv ids (author-year and numbers are separate)."""
    text = normalise(sentence)
    if not _MARK_HINT.search(text):
        return []
    return sorted((Cue(kind, m.start(), m.end(), m.group(0)) for kind, rx in _TEXT_MARKS for m in rx.finditer(text)),
                  key=lambda c: c.start)


def author_year_marks(sentence: str) -> list[Cue]:
    text = normalise(sentence)
    if not _YEAR_HINT.search(text):
        return []
    return [Cue("author-year", m.start(), m.end(), m.group(0)) for m in _AUTHOR_YEAR.finditer(text)]


# --- sources named without a locator ------------------------------------------

_ET_AL = re.compile(r"(?<![\w-])((?=[A-Z][\w'-]*[a-z])[A-Z][\w']*(?:-[A-Z][\w']*)*)\s+et\.?\s+al\b\.?(?:'s)?")
_COLLEAGUES = re.compile(r"(?<![\w-])([A-Z][\w'-]+)\s+and\s+(?:his\s+|her\s+|their\s+)?(?:colleagues|co-?workers)\b")
_YEAR_AFTER = re.compile(rf"^\.?,?\s*\(?\s*{_YEAR}\b")
_TITLE_TOKEN = re.compile(r"[A-Za-z][\w'-]*|\d+|[,:]")


def _named_people(text: str) -> list[Cue]:
    out: list[Cue] = []
    if not _PEOPLE_HINT.search(text):
        return out
    for rx, kind in ((_ET_AL, "et-al"), (_COLLEAGUES, "colleagues")):
        for m in rx.finditer(text):
            dated = bool(_YEAR_AFTER.match(text[m.end():]))
            out.append(Cue(kind, m.start(), m.end(), m.group(0), detail="year" if dated else ""))
    return out


def _attributed(lex: Lexicon, text: str, start: int, end: int) -> bool:
    before = text[:start].rstrip()
    before = re.sub(r"\bthe$", "", before, flags=re.I).rstrip()
    after = re.sub(r"^\s*(?:also\s+|now\s+|itself\s+)?", "", text[end:])
    before_rx = _rx(lex, "attribution_before", lambda: rf"(?<![\w-]){lex.alternation('attribution_before')}$")
    after_rx = _rx(lex, "attribution_after", lambda: rf"^{lex.alternation('attribution_after')}(?![\w-])")
    return bool(before_rx.search(before) or after_rx.match(after))


def _resources(lex: Lexicon, text: str) -> list[Cue]:
    return [Cue("resource", m.start(), m.end(), m.group(0)) for m in lex.phrases("named_resources", True).finditer(text)
            if _attributed(lex, text, m.start(), m.end())]


def _title_runs(text: str) -> list[tuple[int, int, list[str]]]:
    """Runs of capitalised words (commas and colons allowed inside): (start, end, words)."""
    runs: list[tuple[int, int, list[str]]] = []
    cur: list[re.Match[str]] = []
    for m in [*_TITLE_TOKEN.finditer(text), None]:
        tok = m.group(0) if m else ""
        if m and (tok[:1].isupper() or (tok in ",:" and cur)):
            cur.append(m)
            continue
        while cur and cur[-1].group(0) in ",:":
            cur.pop()
        if cur:
            runs.append((cur[0].start(), cur[-1].end(), [c.group(0) for c in cur if c.group(0) not in ",:"]))
        cur = []
    return runs


def _titles(lex: Lexicon, text: str) -> list[Cue]:
    out: list[Cue] = []
    function_words = set(lex.get("title_function_words"))
    tokens = _WORD.findall(text)
    if sum(1 for w in tokens[1:] if w in function_words) < 2:
        return out  # no Title Case run can qualify
    source_words = lex.words("title_source_words")
    total = len(tokens)
    for start, end, words in _title_runs(text):
        small = sum(1 for w in words[1:] if w in function_words)
        if len(words) < 4 or small < 2 or len(words) >= 0.8 * total:
            continue
        parts = {p.lower() for w in words for p in w.split("-")}
        if parts & source_words or _attributed(lex, text, start, end):
            out.append(Cue("title", start, end, text[start:end]))
    return out


def find_named_sources(lex: Lexicon, sentence: str) -> list[Cue]:
    """"Zhu et al", "Koffler and colleagues", "LiverTox says", a Title Case work read or quoted."""
    text = normalise(sentence)
    cues = _named_people(text) + _resources(lex, text) + _titles(lex, text)
    return sorted(cues, key=lambda c: c.start)


# --- promised figures -----------------------------------------------------------

def _figure_rxs(lex: Lexicon) -> list[tuple[str, re.Pattern[str]]]:
    return lex.cached("figures", lambda: _build_figure_rxs(lex))  # type: ignore[return-value]


def _build_figure_rxs(lex: Lexicon) -> list[tuple[str, re.Pattern[str]]]:
    vis = lex.alternation("visual_nouns")
    res = lex.alternation("shown_results")
    return [
        ("below", re.compile(rf"(?<![\w-])(?:below|following|next)\s+(?:[\w-]+\s+)?{vis}(?![\w-])|"
                             rf"(?<![\w-]){vis}\s+(?:below|beneath|underneath)(?![\w-])", re.I)),
        ("above", re.compile(rf"(?<![\w-])above\s+{vis}(?![\w-])|(?<![\w-]){vis}\s+above(?![\w-])", re.I)),
        ("numbered", re.compile(r"(?<![\w-])(?:figure|fig\.|table|chart|graph)\s+\d+[a-z]?(?![\w-])", re.I)),
        ("this", re.compile(rf"(?<![\w-])this\s+{vis}(?![\w-])", re.I)),
        ("looks", re.compile(r"(?<![\w-])(?:looks?|looked)\s+(?:something\s+)?like\s+this(?![\w-])", re.I)),
        ("here", re.compile(rf"^[\"“(]?\s*here(?:'s|\s+is|\s+are)\s+(?:an?|the|some|one|this|our)\s+"
                            rf"(?:[\w-]+\s+){{0,3}}?(?:{vis}|{res})(?![\w-])", re.I)),
    ]


def _figure_words(lex: Lexicon) -> frozenset[str]:
    """Words every figure promise holds one of: a visual noun, a shown result, or "like" ("looks like this")."""
    def build() -> frozenset[str]:
        entries = [*lex.get("visual_nouns"), *lex.get("shown_results"), "like"]
        return frozenset(w for e in entries for w in _TOKEN_WORD.findall(e.lower())[:1])
    return lex.cached("figure_words", build)  # type: ignore[return-value]


def find_figure_promises(lex: Lexicon, sentence: str) -> list[Cue]:
    """Phrases promising a figure or table; "here" cues only in a sentence that ends with a colon."""
    text = normalise(sentence)
    out: list[Cue] = []
    if not _figure_words(lex) & set(_TOKEN_WORD.findall(text.lower())):
        return out
    visual = lex.phrases("visual_nouns")
    for kind, rx in _figure_rxs(lex):
        for m in rx.finditer(text):
            if kind == "here" and not text.rstrip().endswith(":"):
                continue
            if kind == "this" and m.group(0).lower().endswith(("figure", "figures")):
                continue  # "this figure" is as often a number ("this figure of 50%") as a picture
            detail = "visual" if visual.search(m.group(0)) else "result"
            if kind == "looks":
                detail = "visual" if visual.search(text) else "result"
            out.append(Cue(kind, m.start(), m.end(), sentence[m.start():m.end()], detail=detail))
    return sorted(out, key=lambda c: c.start)


def single_study_cues(lex: Lexicon, sentence: str) -> list[Cue]:
    text = normalise(sentence)
    words = set(_TOKEN_WORD.findall(text.lower()))
    cues = [Cue("single", m.start(), m.end(), sentence[m.start():m.end()])
            for rx in lex.triggered("single_study", words) for m in rx.finditer(text)]
    return sorted(cues, key=lambda c: c.start)


def generalises(lex: Lexicon, sentence: str) -> bool:
    return bool(lex.phrases("generalisation_markers").search(normalise(sentence)))
