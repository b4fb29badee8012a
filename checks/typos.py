"""Typos family: spelling, grammar and style of the prose, through a real LanguageTool.

TYP001 misspelling (LanguageTool's TYPOS category), TYP002 grammar (grammar, word choice, casing,
...), TYP003 typography and style (info), TYP004 missing "to" after "<verb> not" (a medlint pattern
rule for a slip LanguageTool misses). Only prose is checked (checks/typos_text.py); every match is
mapped back to the exact source position through the block's offset map. Spelling matches on words
in the medical vocabulary, the project's words, cited author names and abbreviations are dropped.

When LanguageTool cannot be reached the family raises CheckIncomplete: one setup problem naming
the fix, the other families still run, and medlint exits with 3 (report incomplete).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from checks.context import CheckContext, CheckIncomplete
from checks.document import Document, TextBlock
from checks.finding import Edit
from checks.languagetool import LanguageToolUnavailable, LTMatch
from checks.typos_config import engine_config, number, severity_overrides
from checks.typos_engine import Engine, engine_for
from checks.typos_grammar import compile_rules, slips
from checks.typos_text import ProseText, prose_texts
from checks.typos_vocab import WordJudge, build_vocabulary, cited_names

CODES = ("TYP001", "TYP002", "TYP003", "TYP004")
SPELLING, GRAMMAR, STYLE, MISSING_TO = CODES

SPELLING_CATEGORIES = frozenset({"TYPOS"})
GRAMMAR_CATEGORIES = frozenset({"GRAMMAR", "CONFUSED_WORDS", "COLLOCATIONS", "SEMANTICS", "CASING", "COMPOUNDING",
                                "MISC", "NONSTANDARD_PHRASES", "REPETITIONS", "FALSE_FRIENDS"})
STYLE_CATEGORIES = frozenset({"TYPOGRAPHY", "PUNCTUATION", "STYLE", "REDUNDANCY", "PLAIN_ENGLISH", "REPETITIONS_STYLE",
                              "AMERICAN_ENGLISH_STYLE", "BRITISH_ENGLISH", "REGIONALISMS", "WIKIPEDIA",
                              "GENDER_NEUTRALITY", "TEXT_ANALYSIS", "CREATIVE_WRITING"})
STYLE_ISSUE_TYPES = frozenset({"style", "typographical", "whitespace", "locale-violation", "register"})
# rules about whole sentences that do not apply to table cells and list items (often fragments)
FRAGMENT_RULES = frozenset({"UPPERCASE_SENTENCE_START"})


def code_for(match: LTMatch) -> str:
    """TYP001-TYP003 from LanguageTool's category (its issue type when the category is unknown).

    A spelling match whose best replacement only adds periods ("eg" -> "e.g.") is punctuation, TYP003.
    """
    cat, issue = match["category_id"], match["issue_type"]
    if cat in STYLE_CATEGORIES:
        return STYLE
    if cat in GRAMMAR_CATEGORIES:
        return GRAMMAR
    if cat in SPELLING_CATEGORIES or issue == "misspelling":
        return STYLE if _only_periods_missing(match) else SPELLING
    return STYLE if issue in STYLE_ISSUE_TYPES else GRAMMAR


def _only_periods_missing(match: LTMatch) -> bool:
    """"ie" -> "i.e.", "et al" -> "et al.": the word is right, only an abbreviation's periods are missing."""
    best = match["replacements"][0] if match["replacements"] else ""
    return "." in best and best.replace(".", "") == match["text"].replace(".", "")


def run(doc: Document, ctx: CheckContext) -> None:
    opts = ctx.options
    texts = prose_texts(doc)
    _pattern_rules(doc, ctx, texts)
    base_dir = Path(getattr(ctx.settings, "base_dir", None) or Path.cwd())
    config = engine_config(opts, base_dir)
    regrade = severity_overrides(opts)
    keep = int(number(opts, "max_suggestions", 3))
    if not texts:
        return
    engine = engine_for(config)
    results = _ask(engine, [pt.text for pt in texts])
    names = cited_names(pt.text for pt in texts) if opts.get("accept_cited_names", True) else frozenset()
    vocab = build_vocabulary(opts.get("words") or [], opts.get("words_file"), base_dir)
    judge = WordJudge(vocab, names, bool(opts.get("accept_abbreviations", True)))
    held: list[tuple[_Pending, list[str]]] = []  # compounds with a known part: ask about the other parts
    for pt, matches in zip(texts, results, strict=True):
        block = doc.blocks[pt.block]
        for m in matches:
            code = code_for(m)
            level = regrade.get(m["rule_id"]) or regrade.get(m["category_id"])
            if level == "off" or (m["rule_id"] in FRAGMENT_RULES and (block.kind == "table_cell" or block.in_list)):
                continue
            finding = _Pending(pt, block, m, code, level)
            word = m["text"].strip()
            if code == SPELLING and word and not any(ch.isspace() for ch in word):
                if judge.known(word):
                    continue
                parts = judge.unknown_parts(word)
                if parts is not None:
                    if parts:
                        held.append((finding, parts))
                    continue
            finding.emit(doc, ctx, keep)
    if held:
        words = sorted({p for _, parts in held for p in parts})
        answers = _ask(engine, words)
        clean = {w for w, ms in zip(words, answers, strict=True) if not any(code_for(x) == SPELLING for x in ms)}
        for finding, parts in held:
            if not all(p in clean for p in parts):
                finding.emit(doc, ctx, keep)


def _ask(engine: Engine, texts: list[str]) -> list[list[LTMatch]]:
    try:
        return engine.results(texts)
    except LanguageToolUnavailable as exc:
        raise CheckIncomplete(f"LanguageTool is not available, spelling and grammar were not checked: {exc}") \
            from None


@dataclass(frozen=True)
class _Pending:
    pt: ProseText
    block: TextBlock
    m: LTMatch
    code: str
    level: str | None

    def emit(self, doc: Document, ctx: CheckContext, keep: int) -> None:
        m = self.m
        span = self.pt.plain_range(m["offset"], m["offset"] + m["length"])
        if span is None:
            return  # touches a code span or URL placeholder
        if self.code != SPELLING and self.pt.next_to_placeholder(m["offset"], m["offset"] + m["length"]):
            return  # a grammar verdict about the placeholder, not about the author's words
        start, end = self.block.source_span(*span)
        ctx.emit(self.code, start, end, _message(m), suggestion=_suggestion(m["replacements"][:keep]),
                 severity=self.level, fix=_whitespace_fix(doc, m, self.code, start, end))


def _shown(text: str, limit: int = 40) -> str:
    flat = re.sub(r"\s+", " ", text)  # a space before a comma stays visible: “ ,”
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


def _message(m: LTMatch) -> str:
    return f"“{_shown(m['text'])}”: {' '.join(m['message'].split())} [{m['rule_id']}]"


def _suggestion(replacements: list[str]) -> str | None:
    shown = [f"“{r}”" for r in replacements if r is not None]
    if not shown:
        return None
    return "did you mean " + (shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]) + "?"


def _whitespace_fix(doc: Document, m: LTMatch, code: str, start: int, end: int) -> tuple[Edit, ...]:
    """An automatic fix only for typography matches whose one replacement changes nothing but spaces."""
    reps = m["replacements"]
    if code != STYLE or len(reps) != 1 or reps[0] == m["text"]:
        return ()
    if "".join(reps[0].split()) != "".join(m["text"].split()) or doc.text[start:end] != m["text"]:
        return ()
    return (Edit(start, end, reps[0]),)


def _pattern_rules(doc: Document, ctx: CheckContext, texts: list[ProseText]) -> None:
    rule = ctx.rules.get(MISSING_TO)
    if rule is None:
        return
    rx = compile_rules(rule.extra.get("options") or {})
    for pt in texts:
        for slip in slips(pt.text, rx):
            span = pt.plain_range(slip.start, slip.end)
            if span is not None:
                start, end = doc.blocks[pt.block].source_span(*span)
                ctx.emit(MISSING_TO, start, end, slip.message, suggestion=slip.suggestion)
