"""Promised figures (CIT006): "the table below", "Figure 2", "here are the results:" with no figure,
table or finding where the sentence says."""

from __future__ import annotations

import re
from collections.abc import Iterable

from checks.citation_cue import DIGIT, WORD, Cue, Sentence, by_position
from checks.citation_lexicon import Lexicon
from checks.citation_neighbours import is_visual, neighbour, region_is_visual, shows_visual
from checks.citation_page import Page
from checks.citation_report import clip, emit
from checks.context import CheckContext
from checks.document import TextBlock

_FIGURE_PREFERENCE = ("below", "here", "this", "above", "numbered", "looks")


# --- the promises in one sentence -----------------------------------------------------------

def find_figure_promises(lex: Lexicon, sent: Sentence) -> tuple[Cue, ...]:
    """Phrases promising a figure or table; "here" cues only in a sentence that ends with a colon."""
    text = sent.text
    out: list[Cue] = []
    if figure_words(lex).isdisjoint(sent.words):  # each kind's pattern holds one of these words
        return ()
    visual = lex.phrases("visual_nouns")
    for kind, rx in _figure_rxs(lex):
        if not _may_promise(lex, kind, sent):
            continue
        for m in rx.finditer(text):
            if kind == "here" and not text.rstrip().endswith(":"):
                continue
            if kind == "this" and m.group(0).lower().endswith(("figure", "figures")):
                continue  # "this figure" is as often a number ("this figure of 50%") as a picture
            detail = "visual" if visual.search(m.group(0)) else "result"
            if kind == "looks":
                detail = "visual" if visual.search(text) else "result"
            out.append(Cue(kind, m.start(), m.end(), sent.raw[m.start():m.end()], detail=detail))
    return by_position(out)


# the words one of which each kind's regex below holds (as whole words) before or after its visual noun
_LEAD_WORDS = {"below": frozenset({"below", "following", "next", "beneath", "underneath"}),
               "above": frozenset({"above"}), "this": frozenset({"this"})}
_NUMBERED_WORDS = frozenset({"figure", "fig", "table", "chart", "graph"})
_LOOK_WORDS = frozenset({"look", "looks", "looked"})
# one of these is a token of every sentence ``_may_promise`` passes for some kind
FIGURE_LEADS = frozenset({"like", "here"}).union(_NUMBERED_WORDS, *_LEAD_WORDS.values())


def _may_promise(lex: Lexicon, kind: str, sent: Sentence) -> bool:
    """False only when the kind's regex cannot match the sentence, by the words (and digit) it must hold."""
    tokens = sent.tokens
    if kind == "numbered":
        return DIGIT in sent.marks and not tokens.isdisjoint(_NUMBERED_WORDS)
    if kind == "looks":
        return "like" in tokens and "this" in tokens and not tokens.isdisjoint(_LOOK_WORDS)
    if kind == "here":
        return "here" in tokens and (lex.may_match("visual_nouns", sent) or lex.may_match("shown_results", sent))
    return not tokens.isdisjoint(_LEAD_WORDS[kind]) and lex.may_match("visual_nouns", sent)


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


def figure_words(lex: Lexicon) -> frozenset[str]:
    """Words every figure promise holds one of: a visual noun, a shown result, or "like" ("looks like this")."""
    def build() -> frozenset[str]:
        entries = [*lex.get("visual_nouns"), *lex.get("shown_results"), "like"]
        return frozenset(w for e in entries for w in WORD.findall(e.lower())[:1])
    return lex.cached("figure_words", build)  # type: ignore[return-value]


# --- judged against the page -----------------------------------------------------------

def check_figures(page: Page, ctx: CheckContext, candidates: Iterable[tuple[TextBlock, int]]) -> None:
    """Judge the promises in the candidate sentences (block, sentence index) of the page's paragraphs."""
    for block, i in candidates:
        s, e = block.sentences[i]
        promises = find_figure_promises(page.lex, page.sentence(block, s, e))
        if promises:
            cue = min(promises, key=lambda c: (c.detail != "visual", _FIGURE_PREFERENCE.index(c.kind), c.start))
            _judge(page, ctx, block, s, cue)


def _judge(page: Page, ctx: CheckContext, block: TextBlock, s: int, cue: Cue) -> None:
    """Verify the promise (``cue`` in the sentence starting at ``s``) or report it."""
    if _figure_present(page, block, cue):
        ctx.verify("citations", block.source_span(s + cue.start, s + cue.end)[0], "promised figure is present")
        return
    emit(ctx, block, "CIT006", s + cue.start, s + cue.end, _figure_message(page, block, cue),
         "add the figure or table, or reword the sentence so it no longer promises one")


def _figure_present(page: Page, block: TextBlock, cue: Cue) -> bool:
    if shows_visual(page, block):
        return True
    after = neighbour(page, block)
    before = neighbour(page, block, after=False)
    if cue.kind == "numbered":
        return _page_has_visual(page)
    if cue.kind == "above":
        return is_visual(page, before)
    if cue.kind == "this":
        return is_visual(page, after) or is_visual(page, before)
    if cue.detail == "visual":
        return is_visual(page, after)
    # a promised finding or example: text, a list or a quote may deliver it, but not a heading or nothing
    if after.kind in ("heading", "none"):
        return False
    if cue.kind == "here" and after.kind == "paragraph" and after.block is not None:
        return bool(re.search(r"\d", after.block.text)) or bool(page.cites(after.block))
    return True


def _page_has_visual(page: Page) -> bool:
    doc = page.doc
    return any(lk.is_image for lk in doc.links) or any(region_is_visual(page, r) for r in doc.regions)


def _figure_message(page: Page, block: TextBlock, cue: Cue) -> str:
    n = neighbour(page, block, after=cue.kind != "above")
    what = {"paragraph": "text", "list": "a list", "heading": "a heading", "none": "the end of the page",
            "block_quote": "a quotation", "image": "an image"}.get(n.kind, n.kind.replace("_", " "))
    text = clip(cue.text, 50)
    if cue.kind == "numbered":
        return f'"{text}" refers to a figure or table, but the page has none'
    where = "before it is" if cue.kind == "above" else "after it is"
    return f'"{text}" promises a figure or table, but what comes {where} {what}'
