"""Sources named without a locator (CIT004): "Zhu et al", "Koffler and colleagues", "LiverTox says", a
Title Case work read or quoted, and author-year citations on a page with no reference list."""

from __future__ import annotations

import re

from checks.citation_cue import DIGIT, WORD, Cue, Sentence, by_position
from checks.citation_lexicon import Lexicon, per_sentence
from checks.citation_marks import YEAR, author_year_marks
from checks.citation_page import BlockState, Page, cited_between
from checks.citation_report import Span, clip, emit, overlaps
from checks.context import CheckContext
from checks.document import TextBlock

_ET_AL = re.compile(r"(?<![\w-])((?=[A-Z][\w'-]*[a-z])[A-Z][\w']*(?:-[A-Z][\w']*)*)\s+et\.?\s+al\b\.?(?:'s)?")
_COLLEAGUES = re.compile(r"(?<![\w-])([A-Z][\w'-]+)\s+and\s+(?:his\s+|her\s+|their\s+)?(?:colleagues|co-?workers)\b")
# one of these is a token wherever ``_COLLEAGUES`` matches ("co-workers": "workers")
COLLEAGUE_WORDS = frozenset({"colleagues", "workers", "coworkers"})
_YEAR_AFTER = re.compile(rf"^\.?,?\s*\(?\s*{YEAR}\b")
_TITLE_TOKEN = re.compile(r"[A-Za-z][\w'-]*|\d+|[,:]")


# --- the names in one sentence ------------------------------------------------------------

@per_sentence
def find_named_sources(lex: Lexicon, sent: Sentence) -> tuple[Cue, ...]:
    """"Zhu et al", "Koffler and colleagues", "LiverTox says", a Title Case work read or quoted."""
    text = sent.text
    people = _named_people(text) if _may_name_people(sent.tokens) else []
    resources = _resources(lex, text) if lex.may_match("named_resources", sent) else []
    return by_position(people + resources + _titles(lex, text))


def _may_name_people(tokens: frozenset[str]) -> bool:
    """Whether ``_ET_AL`` or ``_COLLEAGUES`` can match: "et" and "al", or "colleagues" or "(co-)workers", as words."""
    return ("al" in tokens and "et" in tokens) or not COLLEAGUE_WORDS.isdisjoint(tokens)


def _named_people(text: str) -> list[Cue]:
    out: list[Cue] = []
    for rx, kind in ((_ET_AL, "et-al"), (_COLLEAGUES, "colleagues")):
        for m in rx.finditer(text):
            dated = bool(_YEAR_AFTER.match(text[m.end():]))
            out.append(Cue(kind, m.start(), m.end(), m.group(0), detail="year" if dated else ""))
    return out


def _attributed(lex: Lexicon, text: str, start: int, end: int) -> bool:
    before = text[:start].rstrip()
    before = re.sub(r"\bthe$", "", before, flags=re.I).rstrip()
    after = re.sub(r"^\s*(?:also\s+|now\s+|itself\s+)?", "", text[end:])
    before_rx = lex.regex("attribution_before", lambda: rf"(?<![\w-]){lex.alternation('attribution_before')}$")
    after_rx = lex.regex("attribution_after", lambda: rf"^{lex.alternation('attribution_after')}(?![\w-])")
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


def _function_word_rx(lex: Lexicon) -> re.Pattern[str]:
    """Each title function word that is one WORD token (only those can be counted), where a token ends: it
    matches wherever ``_titles`` counts one, and opens with a literal, so the scan skips to letters that can."""
    def build() -> str:
        words = sorted((w for w in lex.get("title_function_words") if WORD.fullmatch(w)), key=len, reverse=True)
        return "(?:" + "|".join(map(re.escape, words)) + r")(?![\w'])" if words else "(?!)"
    return lex.regex("title_function_words", build, 0)


def function_words_at(lex: Lexicon, text: str) -> list[int]:
    """Where ``may_title`` counts a function word in the text."""
    return [m.start() for m in _function_word_rx(lex).finditer(text)]


def may_title(lex: Lexicon, text: str) -> bool:
    """At least two function words anywhere (a cheap scan; the count in ``_titles`` is exact)."""
    return len(_function_word_rx(lex).findall(text)) >= 2


def _titles(lex: Lexicon, text: str) -> list[Cue]:
    out: list[Cue] = []
    if not may_title(lex, text):
        return out
    function_words = set(lex.get("title_function_words"))
    tokens = WORD.findall(text)
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


# --- judged against the page -----------------------------------------------------------

def check_named(page: Page, ctx: CheckContext, block: TextBlock, state: BlockState, span: Span,
                next_end: int) -> int:
    s, e = span
    sent = page.sentence(block, s, e)
    named = find_named_sources(page.lex, sent)
    years = author_year_marks(sent.raw) if DIGIT in sent.marks else []  # a year has digits
    listed = page.has_reference_list or page.author_year_always
    count = 0
    for cue in named if listed else [*named, *years]:
        a, b = s + cue.start, s + cue.end
        if overlaps(state.links, a, b) or block.in_code(a, b) or cited_between(state, s, next_end):
            continue
        if cue.kind in ("et-al", "colleagues") and _dated_name(cue, listed, years, a - s, b - s):
            continue
        emit(ctx, block, "CIT004", a, b, *_named_message(cue))
        count += 1
    return count


def _dated_name(cue: Cue, listed: bool, years: list[Cue], a: int, b: int) -> bool:
    """A name with a year: a citation when the page has a reference list; else reported as author-year."""
    return (listed and cue.detail == "year") or any(y.start < b and a < y.end for y in years)


def _named_message(cue: Cue) -> tuple[str, str]:
    name = clip(cue.text.strip().removesuffix("'s").removesuffix("’s"), 60)
    if cue.kind == "author-year":
        return (f'author-year citation "{name}" but the page has no reference list to resolve it',
                "add the full reference to a References list, or link the citation")
    if cue.kind == "title":
        return (f'the work "{name}" is named without a link or reference', "link the title to the work")
    if cue.kind == "resource":
        return (f'"{name}" is cited by name without a link', f"link the {name} page the statement comes from")
    dated = " (with a year)" if cue.detail == "year" else ""
    return (f'the study by "{name}"{dated} is named without a link or reference',
            "link the paper (DOI or PubMed), or add it to a References list")
