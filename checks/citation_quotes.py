"""Quotations without a source (CIT005): a block quote, or the sentence introducing it, that links nothing."""

from __future__ import annotations

import re

from checks.citation_cue import Sentence
from checks.citation_lexicon import Lexicon
from checks.citation_named import find_named_sources
from checks.citation_page import Page
from checks.citation_report import clip
from checks.context import CheckContext
from checks.document import Document, Region, TextBlock

Intro = tuple[TextBlock, int, int]  # the block and plain range of the sentence introducing a quote
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|my|me)\b|\bI’(?:m|ve)\b")
_CALLOUT = re.compile(r"^\s*(?:\[!\w+\]|(?:note|tip|warning|important|caution|danger|info|disclaimer|remember|"
                      r"example|update|edit|tl;?dr)\b)", re.I)
_ATTRIBUTION_LINE = re.compile(r"^\s*(?:—|–|--|~|-\s)")
_QUOTE_SOURCE = re.compile(r"^\s*(?:from|according to)\s+(?P<a>.+?)\s*:?\s*$|(?P<b>(?:\S+\s+){0,5}?\S+)\s+"
                           r"(?:says|said|writes|wrote|states|stated|notes|noted|reports|reported|puts it|concludes|"
                           r"concluded|explains|explained|summarizes|summarises)\b", re.I)


def check_quotes(page: Page, ctx: CheckContext) -> set[tuple[int, int]]:
    """Report uncited quotations; return the (block, sentence start) of every quote's introduction."""
    doc = page.doc
    intros: set[tuple[int, int]] = set()
    for region in _outer_quotes(doc):
        first = doc.blocks[region.blocks[0]]
        if _CALLOUT.match(first.text):
            continue
        intro = _quote_intro(page, region)
        marked = first.text.lstrip()[:1] in "\"“" or _attribution_block(page, region) is not None
        testimony = any(_FIRST_PERSON.search(doc.blocks[i].text) for i in region.blocks)
        quoted = intro is not None or (marked and not testimony)
        if not quoted:
            continue
        if intro is not None:
            intros.add((intro[0].index, intro[1]))
        if _quote_cited(page, region, intro):
            ctx.verify("citations", first.offsets[0] if first.offsets else 0, "quotation has a cited source")
            continue
        start, end = _quote_span(doc, first, region)
        name = _quote_source_name(page, intro)
        where = f" (introduced on line {intro[0].end_line})" if intro else ""
        ctx.emit("CIT005", start, end, f"quotation from {name}{where} has no link to its source",
                 suggestion="link the source in the sentence that introduces the quote, or cite it in the quote")
    return intros


def _outer_quotes(doc: Document) -> list[Region]:
    """Block quotes not nested inside another quote, in page order."""
    quotes = sorted((r for r in doc.regions if r.kind == "block_quote" and r.blocks),
                    key=lambda r: (r.line, -r.end_line))
    out: list[Region] = []
    for region in quotes:
        if out and region.line <= out[-1].end_line:
            continue
        out.append(region)
    return out


def _quote_span(doc: Document, first: TextBlock, region: Region) -> tuple[int, int]:
    """The quote's first sentence, cut at the end of its first line."""
    if not first.offsets:
        start = doc.line_start(region.line)
        return start, doc.line_end(region.line)
    s, e = first.sentences[0] if first.sentences else (0, len(first.text))
    start, end = first.source_span(s, e)
    return start, min(end, doc.line_end(doc.loc(start)[0]))


def _quote_intro(page: Page, region: Region) -> Intro | None:
    """The sentence ending with a colon right before the quote, if it names a source."""
    idx = region.blocks[0] - 1
    if idx < 0:
        return None
    prev = page.doc.blocks[idx]
    if prev.kind == "heading" or prev.in_quote or region.line - prev.end_line > 2 or not prev.sentences:
        return None
    s, e = prev.sentences[-1]
    sentence = prev.text[s:e]
    if not sentence.rstrip().endswith(":") or not _names_a_source(page.lex, page.sentence(prev, s, e)):
        return None
    return prev, s, e


def _names_a_source(lex: Lexicon, sent: Sentence) -> bool:
    sentence = sent.raw
    if _QUOTE_SOURCE.search(sentence) or find_named_sources(lex, sent):
        return True
    return any(lex.phrases(name).search(sentence) for name in ("say_verbs", "evidence_singular", "evidence_plural",
                                                               "attribution_after"))


def _attribution_block(page: Page, region: Region) -> TextBlock | None:
    last = page.doc.blocks[region.blocks[-1]]
    return last if len(region.blocks) > 1 and _ATTRIBUTION_LINE.match(last.text) else None


def _quote_cited(page: Page, region: Region, intro: Intro | None) -> bool:
    if any(page.cites(page.doc.blocks[i]) for i in region.blocks):
        return True
    if intro is None:
        return False
    block, s, e = intro
    return any(s <= a < e for a, _b in page.cites(block))


def _quote_source_name(page: Page, intro: Intro | None) -> str:
    if intro is None:
        return "an unnamed source"
    block, s, e = intro
    sentence = block.text[s:e]
    m = _QUOTE_SOURCE.search(sentence)
    if m:
        name = (m.group("a") or m.group("b") or "").strip(" :,")
        name = re.sub(r"^(?:(?:and|but|so|also|as|the)\s+)+", "", name, flags=re.I) or name
        if name:
            return f'"{clip(name, 60)}"'
    named = find_named_sources(page.lex, page.sentence(block, s, e))
    return f'"{clip(named[0].text, 60)}"' if named else "the source named before it"
