"""Citations family: links that went missing, claims and quotations without a source, absent figures.

A citation is a link (inline or reference-style, not an in-page anchor), a footnote reference with a
definition, an ``<a href>`` or ``<sup>`` in inline HTML, a DOI, PMID or URL written as text, and,
when the page has a reference list, numbered markers ("[1]", "(1, 2)") and author-year citations.
Sentence cues come from ``checks.citation_cues``; this module judges them against the document:
which sentence or paragraph carries a citation, what block follows a promise, which footnotes exist.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from checks.citation_cues import (
    Cue,
    Lexicon,
    author_year_marks,
    find_claims,
    find_deictics,
    find_figure_promises,
    find_named_sources,
    first_person_before,
    generalises,
    is_definition,
    load_lexicon,
    numbered_marks,
    sentence_mode,
    single_study_cues,
    text_citations,
)
from checks.context import CheckContext
from checks.document import Document, MdList, Region, TextBlock

CODES = ("CIT001", "CIT002", "CIT003", "CIT004", "CIT005", "CIT006", "CIT007", "CIT008", "CIT009", "CIT010")

Span = tuple[int, int]  # plain range in a block
T = TypeVar("T")
_NON_CITING = re.compile(r"^(?:#|mailto:|tel:|javascript:)", re.I)
# an in-page link that jumps to a reference list entry: "[1](#ref-1)", "[[2]](#cite_note-2)"
_REF_JUMP_TEXT = re.compile(r"^\[?\d{1,3}\]?$")
_REF_JUMP_TARGET = re.compile(r"^#(?:ref|cite|fn|note|source|bib)", re.I)
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|my|me)\b|\bI’(?:m|ve)\b")
# a paragraph that goes on about the source the paragraph before it cited
_ANAPHOR = re.compile(r"^\s*(?:(?:in|from)\s+)?(?:the|this|that|these|those|its|their)\s+(?:[\w-]+\s+){0,2}?"
                      r"(?:study|studies|trial|trials|review|meta-analysis|survey|analysis|paper|report|authors|"
                      r"researchers|investigators|team|data|results|findings)\b|^\s*(?:they|its authors)\b", re.I)
_HTML_CITE = re.compile(r"<(?:a\s[^>]*\bhref\s*=|sup\b)", re.I)
_HTML_VISUAL = re.compile(r"<(?:img|figure|table|svg|picture|iframe|video|canvas|object|embed)\b", re.I)
_CALLOUT = re.compile(r"^\s*(?:\[!\w+\]|(?:note|tip|warning|important|caution|danger|info|disclaimer|remember|"
                      r"example|update|edit|tl;?dr)\b)", re.I)
_ATTRIBUTION_LINE = re.compile(r"^\s*(?:—|–|--|~|-\s)")
_SOURCE_LINE = re.compile(r"^\s*\(?\s*(?:sources?|references?|via|credit|from|adapted from)\b", re.I)
_QUOTE_SOURCE = re.compile(r"^\s*(?:from|according to)\s+(?P<a>.+?)\s*:?\s*$|(?P<b>(?:\S+\s+){0,5}?\S+)\s+"
                           r"(?:says|said|writes|wrote|states|stated|notes|noted|reports|reported|puts it|concludes|"
                           r"concluded|explains|explained|summarizes|summarises)\b", re.I)
_FOOTNOTE_TEXT = re.compile(r"\[\^([^\]\s]+)\]")
_REF_LINK_TEXT = re.compile(r"(?<![\]\\!^])\[([^\[\]^][^\[\]]*)\]\[([^\[\]]*)\]")
# a reference-list entry: "Zhu W, Ding Z. ... 2016." (Vancouver) or "Zarate, C. A., ... (2006)." (APA), with a year
_BIBLIO = re.compile(r"^\[?\d{0,3}\]?\s*[A-Z][\w'-]+(?:[- ][A-Z][\w'-]+)?"
                     r"(?:\s+[A-Z]{1,3}(?:,|\.|\s+et al\b)|,\s+(?:[A-Z]\.\s*){1,3})(?=.*\b(?:19|20)\d{2}\b)")


@dataclass
class Page:
    """The document with what the citation rules ask of it, computed once."""

    doc: Document
    lex: Lexicon
    has_reference_list: bool
    reference_blocks: set[int]
    author_year_always: bool
    numbered_always: bool
    own_nouns: frozenset[str]  # "study" on a page titled "Joining the SLEEP-2 study": the page's own study
    _cites: dict[int, list[Span]] = field(default_factory=dict)
    by_start: tuple[list[int], list[TextBlock]] = field(init=False)
    by_end: tuple[list[int], list[TextBlock]] = field(init=False)
    regions_by_start: tuple[list[int], list[Region]] = field(init=False)
    regions_by_end: tuple[list[int], list[Region]] = field(init=False)
    outer_lists: tuple[list[int], list[MdList]] = field(init=False)
    lists_at: dict[int, MdList] = field(init=False)

    def __post_init__(self) -> None:
        blocks, regions = self.doc.blocks, self.doc.regions
        self.by_start = _sorted_by(blocks, lambda b: b.line)
        self.by_end = _sorted_by(blocks, lambda b: b.end_line)
        self.regions_by_start = _sorted_by(regions, lambda r: r.line)
        self.regions_by_end = _sorted_by(regions, lambda r: r.end_line)
        self.outer_lists = _sorted_by([lst for lst in self.doc.lists if lst.depth == 0], lambda lst: lst.line)
        self.lists_at = {}
        for lst in self.doc.lists:
            self.lists_at.setdefault(lst.line, lst)

    def outer_list(self, block: TextBlock) -> MdList | None:
        """The outermost list holding the block."""
        keys, lists = self.outer_lists
        i = bisect_right(keys, block.line) - 1
        return lists[i] if i >= 0 and lists[i].line <= block.line <= lists[i].end_line else None

    def cites(self, block: TextBlock) -> list[Span]:
        """Plain ranges of the block's citations, in order."""
        if block.index not in self._cites:
            self._cites[block.index] = sorted(self._find_cites(block))
        return self._cites[block.index]

    def _find_cites(self, block: TextBlock) -> list[Span]:
        spans = [(lk.text_start, max(lk.text_end, lk.text_start + 1)) for lk in block.links
                 if not lk.is_image and (not _NON_CITING.match(lk.url) or _jumps_to_reference(lk.url, lk.text))]
        spans += [(pos, pos + 1) for _key, pos in block.footnote_refs]
        spans += _html_cites(self.doc, block)
        text = block.text
        spans += [(c.start, c.end) for c in text_citations(text)]
        if self.has_reference_list or self.author_year_always:
            spans += [(c.start, c.end) for c in author_year_marks(text)]
        if self.has_reference_list or self.numbered_always:
            spans += [(c.start, c.end) for c in numbered_marks(text)]
        return [s for s in spans if not block.in_code(*s)]

    def link_texts(self, block: TextBlock) -> list[Span]:
        return [(lk.text_start, lk.text_end) for lk in block.links]


def run(doc: Document, ctx: CheckContext) -> None:
    lex = load_lexicon(_cue_file(ctx))
    page = _page(doc, lex, ctx)
    intros = _check_quotes(page, ctx)
    for block in doc.blocks:
        _check_block(page, ctx, block, intros)
    _check_figures(page, ctx)
    _check_footnotes(page, ctx)
    _check_reference_links(page, ctx)
    _check_single_studies(page, ctx)


# --- the page -------------------------------------------------------------------

def _cue_file(ctx: CheckContext) -> str | None:
    name = ctx.options.get("cue_file")
    if not name:
        return None
    path = Path(name)
    base = getattr(ctx.settings, "base_dir", None)
    if not path.is_absolute() and base is not None:
        path = Path(base) / path
    return str(path)


def _page(doc: Document, lex: Lexicon, ctx: CheckContext) -> Page:
    words = [str(w).lower() for w in ctx.options.get("reference_headings") or []]
    ref_blocks = _reference_blocks(doc, words)
    listed = bool(ref_blocks) or bool(doc.footnote_defs) or _bibliography_items(doc) >= 2
    return Page(doc=doc, lex=lex, has_reference_list=listed, reference_blocks=ref_blocks,
                author_year_always=ctx.options.get("author_year") == "always",
                numbered_always=ctx.options.get("numbered_citations") == "always", own_nouns=_own_nouns(doc, lex))


def _own_nouns(doc: Document, lex: Lexicon) -> frozenset[str]:
    """Source nouns in the page title (front matter or first level-1 heading)."""
    titles = [str((doc.front_matter or {}).get("title") or "")]
    titles += [h.text for h in doc.headings if h.level == 1][:1]
    rx = lex.phrases("deictic_nouns")
    return frozenset(_singular(m.group(0)) for title in titles for m in rx.finditer(title))


def _singular(noun: str) -> str:
    low = noun.lower()
    if low.endswith("ies"):
        return low[:-3] + "y"
    return low[:-1] if low.endswith("s") and not low.endswith(("sis", "series", "ss")) else low


def _is_reference_heading(text: str, words: list[str]) -> bool:
    title = " ".join(re.sub(r"^[\d.:\s]+", "", text).strip(" :").lower().split())
    return any(title == w or re.match(rf"{re.escape(w)}\s+(?:and|&)\s", title) for w in words)


def _reference_blocks(doc: Document, words: list[str]) -> set[int]:
    out: set[int] = set()
    level: int | None = None
    heading_at = {h.block: h for h in doc.headings}
    for block in doc.blocks:
        h = heading_at.get(block.index)
        if h is not None:
            if level is not None and h.level <= level:
                level = None
            if level is None and _is_reference_heading(h.text, words):
                level = h.level
            continue
        if level is not None:
            out.add(block.index)
    return out


def _bibliography_items(doc: Document) -> int:
    return sum(1 for b in doc.blocks if b.kind == "paragraph" and _BIBLIO.search(b.text) and len(b.sentences) <= 4)


def _jumps_to_reference(url: str, text: str) -> bool:
    return url.startswith("#") and bool(_REF_JUMP_TEXT.match(text.strip()) or _REF_JUMP_TARGET.match(url))


def _html_cites(doc: Document, block: TextBlock) -> list[Span]:
    if not block.offsets:
        return []
    start, end = block.offsets[0], block.offsets[-1] + 1
    out: list[Span] = []
    for m in _HTML_CITE.finditer(doc.text, start, end):
        pos = min(bisect_left(block.offsets, m.start()), len(block.text) - 1)
        out.append((pos, pos + 1))
    return out


def _overlaps(spans: list[Span], a: int, b: int) -> bool:
    return any(s < b and a < e for s, e in spans)


def _emit(ctx: CheckContext, block: TextBlock, code: str, a: int, b: int, message: str,
          suggestion: str | None = None) -> None:
    start, end = block.source_span(a, b)
    ctx.emit(code, start, end, message, suggestion=suggestion)


def _clip(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- neighbouring blocks ----------------------------------------------------------

@dataclass(frozen=True)
class Neighbour:
    kind: str  # paragraph | list | heading | image | table | block_code | block_html | block_quote | none
    block: TextBlock | None = None
    region: Region | None = None


def _neighbour(page: Page, block: TextBlock, after: bool = True) -> Neighbour:
    """The next (or previous) block-level thing beside ``block`` on the page."""
    if after:
        nb = _first_after(page.by_start, block.end_line)
        nr = _first_after(page.regions_by_start, block.end_line)
    else:
        nb = _last_before(page.by_end, block.line)
        nr = _last_before(page.regions_by_end, block.line)
    if nr is not None and (nb is None or (nr.line <= nb.line if after else nr.end_line >= nb.end_line)):
        return Neighbour(nr.kind, region=nr)
    if nb is None:
        return Neighbour("none")
    return Neighbour(_block_kind(page, nb), block=nb)


def _first_after(items: tuple[list[int], list[T]], line: int) -> T | None:
    """The item starting first after ``line`` (items sorted by start line)."""
    keys, values = items
    i = bisect_right(keys, line)
    return values[i] if i < len(values) else None


def _last_before(items: tuple[list[int], list[T]], line: int) -> T | None:
    """The item ending last before ``line`` (items sorted by end line)."""
    keys, values = items
    i = bisect_left(keys, line)
    return values[i - 1] if i > 0 else None


def _sorted_by(items: list[T], key: Callable[[T], int]) -> tuple[list[int], list[T]]:
    ordered = sorted(items, key=key)
    return [key(x) for x in ordered], ordered


def _block_kind(page: Page, block: TextBlock) -> str:
    if block.kind == "heading":
        return "heading"
    if any(lk.is_image for lk in block.links) or _HTML_VISUAL.search(_source(page.doc, block)):
        return "image"
    return "list" if block.in_list else block.kind


def _source(doc: Document, block: TextBlock) -> str:
    return doc.text[block.offsets[0]:block.offsets[-1] + 1] if block.offsets else ""


def _region_is_visual(page: Page, region: Region) -> bool:
    if region.kind in ("table", "block_code"):
        return True
    if region.kind == "block_html":
        lines = page.doc.lines[region.line - 1:region.end_line]
        return bool(_HTML_VISUAL.search("\n".join(lines)))
    return False


def _is_visual(page: Page, n: Neighbour) -> bool:
    return n.kind == "image" or (n.region is not None and _region_is_visual(page, n.region))


def _following_cited(page: Page, block: TextBlock) -> bool:
    """A block ending with a colon whose list or quote right after carries citations."""
    if not block.text.rstrip().endswith(":"):
        return False
    n = _neighbour(page, block)
    if n.region is not None and n.kind == "block_quote":
        return any(page.cites(page.doc.blocks[i]) for i in n.region.blocks)
    if n.kind == "list" and n.block is not None:
        md_list = page.lists_at.get(n.block.line)
        items = [i for item in md_list.items for i in item.blocks] if md_list else [n.block.index]
        return any(page.cites(page.doc.blocks[i]) for i in items)
    return False


def _source_line_after(page: Page, block: TextBlock) -> bool:
    """A short "Source: [...]" paragraph right after the block."""
    n = _neighbour(page, block)
    b = n.block
    return b is not None and n.kind == "paragraph" and bool(_SOURCE_LINE.match(b.text)) and bool(page.cites(b))


# --- quotations (CIT005) ----------------------------------------------------------

def _check_quotes(page: Page, ctx: CheckContext) -> set[tuple[int, int]]:
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


def _quote_intro(page: Page, region: Region) -> tuple[TextBlock, int, int] | None:
    """The sentence ending with a colon right before the quote, if it names a source."""
    idx = region.blocks[0] - 1
    if idx < 0:
        return None
    prev = page.doc.blocks[idx]
    if prev.kind == "heading" or prev.in_quote or region.line - prev.end_line > 2 or not prev.sentences:
        return None
    s, e = prev.sentences[-1]
    sentence = prev.text[s:e]
    if not sentence.rstrip().endswith(":") or not _names_a_source(page.lex, sentence):
        return None
    return prev, s, e


def _names_a_source(lex: Lexicon, sentence: str) -> bool:
    if _QUOTE_SOURCE.search(sentence) or find_named_sources(lex, sentence):
        return True
    return any(lex.phrases(name).search(sentence) for name in ("say_verbs", "evidence_singular", "evidence_plural",
                                                               "attribution_after"))


def _attribution_block(page: Page, region: Region) -> TextBlock | None:
    last = page.doc.blocks[region.blocks[-1]]
    return last if len(region.blocks) > 1 and _ATTRIBUTION_LINE.match(last.text) else None


def _quote_cited(page: Page, region: Region, intro: tuple[TextBlock, int, int] | None) -> bool:
    if any(page.cites(page.doc.blocks[i]) for i in region.blocks):
        return True
    if intro is None:
        return False
    block, s, e = intro
    return any(s <= a < e for a, _b in page.cites(block))


def _quote_source_name(page: Page, intro: tuple[TextBlock, int, int] | None) -> str:
    if intro is None:
        return "an unnamed source"
    block, s, e = intro
    sentence = block.text[s:e]
    m = _QUOTE_SOURCE.search(sentence)
    if m:
        name = (m.group("a") or m.group("b") or "").strip(" :,")
        name = re.sub(r"^(?:(?:and|but|so|also|as|the)\s+)+", "", name, flags=re.I) or name
        if name:
            return f'"{_clip(name, 60)}"'
    named = find_named_sources(page.lex, sentence)
    return f'"{_clip(named[0].text, 60)}"' if named else "the source named before it"


# --- sentences in a block (CIT001-CIT004) -------------------------------------------

@dataclass
class _BlockState:
    cites: list[Span]
    links: list[Span]
    source_flagged: bool = False


def _check_block(page: Page, ctx: CheckContext, block: TextBlock, intros: set[tuple[int, int]]) -> None:
    if block.kind == "heading" or block.in_quote:
        return
    state = _BlockState(cites=page.cites(block), links=page.link_texts(block))
    sentences = block.sentences or [(0, len(block.text))]
    in_refs = (block.index in page.reference_blocks or "footnotes" in block.containers
               or bool(_BIBLIO.search(block.text)))
    covered = (bool(state.cites) or _attempted_citation(block) or _following_cited(page, block)
               or _source_line_after(page, block) or _list_intro_cited(page, block) or _continues_cited(page, block))
    for i, (s, e) in enumerate(sentences):
        next_end = sentences[i + 1][1] if i + 1 < len(sentences) else e
        found = _check_deictics(page, ctx, block, state, (s, e), first=(i == 0))
        if block.kind == "table_cell" or (block.index, s) in intros or in_refs:
            continue
        found += _check_named(page, ctx, block, state, (s, e), next_end)
        if found:
            state.source_flagged = True
            continue
        if not covered:
            _check_claim(page, ctx, block, state, (s, e))


def _list_intro_cited(page: Page, block: TextBlock) -> bool:
    """A list item under an introduction that cites its source ("According to [the CDC](...):")."""
    if not block.in_list:
        return False
    outer = page.outer_list(block)
    if outer is None:
        return False
    intro = _last_before(page.by_end, outer.line)
    return (intro is not None and not intro.in_list and intro.text.rstrip().endswith(":")
            and bool(page.cites(intro)))


def _continues_cited(page: Page, block: TextBlock) -> bool:
    """A paragraph opening with "The study ...", "The authors ...", "They ..." right after a cited paragraph."""
    if not _ANAPHOR.match(block.text):
        return False
    n = _neighbour(page, block, after=False)
    return n.block is not None and n.kind in ("paragraph", "list") and bool(page.cites(n.block))


def _attempted_citation(block: TextBlock) -> bool:
    """Author-year or numbered markers: citations even when unresolved (CIT001 and CIT004 report those)."""
    return bool(author_year_marks(block.text) or numbered_marks(block.text))


def _cited_between(state: _BlockState, a: int, b: int) -> bool:
    return any(a <= s < b for s, _e in state.cites)


def _check_deictics(page: Page, ctx: CheckContext, block: TextBlock, state: _BlockState, span: Span,
                    first: bool) -> int:
    s, e = span
    sentence = block.text[s:e]
    count = 0
    for cue in find_deictics(page.lex, sentence):
        a, b = s + cue.start, s + cue.end
        if _overlaps(state.links, a, b) or block.in_code(a, b) or _singular(cue.detail) in page.own_nouns:
            continue
        if _deictic_covered(page, block, state, cue, a, b, e, first):
            continue
        message, suggestion = _deictic_message(cue)
        _emit(ctx, block, "CIT001", a, b, message, suggestion)
        count += 1
    return count


def _deictic_covered(page: Page, block: TextBlock, state: _BlockState, cue: Cue, a: int, b: int, end: int,
                     first: bool) -> bool:
    if _cited_between(state, b, b + 3):  # "this study [1]", "here: https://...", "this trial[^2]"
        return True
    if cue.kind == "numbered":
        return page.has_reference_list or page.numbered_always
    if cue.kind == "placeholder":
        return False
    if cue.kind in ("here", "here-is"):
        return _cited_between(state, b, end) or (block.text[:end].rstrip().endswith(":")
                                                  and _following_visual_or_cited(page, block))
    if _antecedent_cited(page, block, state, a, first):
        return True
    return cue.kind == "these" and _plural_antecedent(page, block, cue, a, first)


def _following_visual_or_cited(page: Page, block: TextBlock) -> bool:
    n = _neighbour(page, block)
    return _following_cited(page, block) or _is_visual(page, n) or n.kind in ("block_quote", "list")


def _antecedent_cited(page: Page, block: TextBlock, state: _BlockState, pos: int, first: bool) -> bool:
    """A source cited earlier in the paragraph (or at the end of the one before) that "this" can refer to."""
    for a, b in state.cites:
        if a >= pos:
            break
        if not find_deictics(page.lex, block.text[a:b]):
            return True
    if first and not block.text[:pos].strip(" (\"“"):
        n = _neighbour(page, block, after=False)
        prev = n.block
        return prev is not None and n.kind == "paragraph" and bool(page.cites(prev))
    return False


def _plural_antecedent(page: Page, block: TextBlock, cue: Cue, pos: int, first: bool) -> bool:
    noun = re.compile(rf"\b{re.escape(cue.detail)}\b", re.I)
    if noun.search(block.text[:pos]):
        return True
    n = _neighbour(page, block, after=False)
    return first and n.block is not None and n.kind in ("paragraph", "list") and bool(noun.search(n.block.text))


def _deictic_message(cue: Cue) -> tuple[str, str]:
    text = cue.text.strip()
    if cue.kind == "numbered":
        return (f'"{text}" looks like numbered citations, but the page has no reference list',
                'add a numbered "References" list, or link each number to its source')
    if cue.kind == "placeholder":
        word = text.strip("()[] ")
        return (f'placeholder "{word}" where a link to the source should be',
                f'link "{word}" to the source it names')
    if cue.kind == "here":
        return ('"here" stands where a link was, but nothing is linked',
                "link words that describe the target (not \"here\") to the source")
    if cue.kind == "here-is":
        return (f'"{_clip(text, 50)}" presents a source, but nothing is linked', "link the source it presents")
    return (f'"{_clip(text, 50)}" points to a source, but nothing is linked',
            f'link "{_clip(text, 50)}" to the source, or give a reference the reader can find')


def _check_named(page: Page, ctx: CheckContext, block: TextBlock, state: _BlockState, span: Span,
                 next_end: int) -> int:
    s, e = span
    sentence = block.text[s:e]
    named = find_named_sources(page.lex, sentence)
    years = author_year_marks(sentence)
    listed = page.has_reference_list or page.author_year_always
    count = 0
    for cue in named + ([] if listed else years):
        a, b = s + cue.start, s + cue.end
        if _overlaps(state.links, a, b) or block.in_code(a, b) or _cited_between(state, s, next_end):
            continue
        if cue.kind in ("et-al", "colleagues") and _dated_name(cue, listed, years, a - s, b - s):
            continue
        _emit(ctx, block, "CIT004", a, b, *_named_message(cue))
        count += 1
    return count


def _dated_name(cue: Cue, listed: bool, years: list[Cue], a: int, b: int) -> bool:
    """A name with a year: a citation when the page has a reference list; else reported as author-year."""
    return (listed and cue.detail == "year") or any(y.start < b and a < y.end for y in years)


def _named_message(cue: Cue) -> tuple[str, str]:
    name = _clip(cue.text.strip().removesuffix("'s").removesuffix("’s"), 60)
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


_CLAIM_CODES = {"study": "CIT002", "animal": "CIT002", "statistic": "CIT002", "weasel": "CIT003"}
_CLAIM_MESSAGES = {
    "study": ("study result with no citation in its paragraph: \"{}\"",
              "link the study (DOI, PubMed or journal page) in this sentence or paragraph"),
    "animal": ("animal or laboratory result with no citation in its paragraph: \"{}\"",
               "link the study this result comes from"),
    "statistic": ("statistic with no citation in its paragraph: \"{}\"",
                  "link the source of the figure in this sentence or paragraph"),
    "weasel": ("unsupported attribution \"{}\": no source is named or linked in its paragraph",
               "name the studies or experts and link them, or state the claim as your own view"),
}


def _check_claim(page: Page, ctx: CheckContext, block: TextBlock, state: _BlockState, span: Span) -> None:
    s, e = span
    cue = _claim(page.lex, block.text[s:e])
    if cue is None or (cue.kind == "statistic" and state.source_flagged):
        return
    a, b = s + cue.start, s + cue.end
    if block.in_code(a, b):
        return
    message, suggestion = _CLAIM_MESSAGES[cue.kind]
    _emit(ctx, block, _CLAIM_CODES[cue.kind], a, b, message.format(_clip(cue.text, 60)), suggestion)
    if cue.kind != "statistic":
        state.source_flagged = True


def _claim(lex: Lexicon, sentence: str) -> Cue | None:
    """The sentence's strongest claim cue, unless it asks, instructs, supposes or gives an opinion."""
    if sentence_mode(lex, sentence) is not None:
        return None
    cues = find_claims(lex, sentence)
    for cue in cues:  # already in order of strength: study, animal, weasel, statistic
        if first_person_before(lex, sentence, cue.start):
            continue
        if cue.kind == "statistic" and is_definition(lex, sentence):
            continue
        return cue
    return None


# --- promised figures (CIT006) -------------------------------------------------------

_FIGURE_PREFERENCE = ("below", "here", "this", "above", "numbered", "looks")


def _check_figures(page: Page, ctx: CheckContext) -> None:
    for block in page.doc.blocks:
        if block.kind != "paragraph" or block.in_quote:
            continue
        for s, e in block.sentences:
            promises = find_figure_promises(page.lex, block.text[s:e])
            if not promises:
                continue
            cue = min(promises, key=lambda c: (c.detail != "visual", _FIGURE_PREFERENCE.index(c.kind), c.start))
            if _figure_present(page, block, cue, s):
                ctx.verify("citations", block.source_span(s + cue.start, s + cue.end)[0], "promised figure is present")
                continue
            _emit(ctx, block, "CIT006", s + cue.start, s + cue.end, _figure_message(page, block, cue),
                  "add the figure or table, or reword the sentence so it no longer promises one")


def _figure_present(page: Page, block: TextBlock, cue: Cue, offset: int) -> bool:
    if any(lk.is_image for lk in block.links) or _HTML_VISUAL.search(_source(page.doc, block)):
        return True
    after = _neighbour(page, block)
    before = _neighbour(page, block, after=False)
    if cue.kind == "numbered":
        return _page_has_visual(page)
    if cue.kind == "above":
        return _is_visual(page, before)
    if cue.kind == "this":
        return _is_visual(page, after) or _is_visual(page, before)
    if cue.detail == "visual":
        return _is_visual(page, after)
    # a promised finding or example: text, a list or a quote may deliver it, but not a heading or nothing
    if after.kind in ("heading", "none"):
        return False
    if cue.kind == "here" and after.kind == "paragraph" and after.block is not None:
        return bool(re.search(r"\d", after.block.text)) or bool(page.cites(after.block))
    return True


def _page_has_visual(page: Page) -> bool:
    doc = page.doc
    return any(lk.is_image for lk in doc.links) or any(_region_is_visual(page, r) for r in doc.regions)


def _figure_message(page: Page, block: TextBlock, cue: Cue) -> str:
    n = _neighbour(page, block, after=cue.kind != "above")
    what = {"paragraph": "text", "list": "a list", "heading": "a heading", "none": "the end of the page",
            "block_quote": "a quotation", "image": "an image"}.get(n.kind, n.kind.replace("_", " "))
    text = _clip(cue.text, 50)
    if cue.kind == "numbered":
        return f'"{text}" refers to a figure or table, but the page has none'
    where = "before it is" if cue.kind == "above" else "after it is"
    return f'"{text}" promises a figure or table, but what comes {where} {what}'


# --- footnotes and reference links (CIT007, CIT008, CIT010) ------------------------------

def _check_footnotes(page: Page, ctx: CheckContext) -> None:
    doc = page.doc
    defined = {k.upper() for k in doc.footnote_defs}
    used: set[str] = set()
    for block in doc.blocks:
        used |= {k.upper() for k, _pos in block.footnote_refs}
        for m in _FOOTNOTE_TEXT.finditer(block.text):
            if block.in_code(m.start(), m.end()) or m.group(1).upper() in defined:
                continue
            _emit(ctx, block, "CIT007", m.start(), m.end(), f"footnote reference [^{m.group(1)}] has no definition",
                  f"add a definition line \"[^{m.group(1)}]: ...\" with the source, or remove the marker")
    for key, line in doc.footnote_defs.items():
        if key.upper() in used:
            continue
        span = _definition_span(doc, key, line)
        if span is not None:
            ctx.emit("CIT008", span[0], span[1], f"footnote [^{_written_key(doc, span)}] is defined but never "
                     "referenced", suggestion="reference it where its source supports the text, or delete it")


def _definition_span(doc: Document, key: str, line: int) -> tuple[int, int] | None:
    rx = re.compile(rf"\[\^{re.escape(key)}\]:", re.I)
    lines = [line] if line else range(1, len(doc.lines) + 1)
    for n in lines:
        m = rx.search(doc.line_text(n))
        if m:
            start = doc.line_start(n) + m.start()
            return start, start + len(m.group(0)) - 1
    return None


def _written_key(doc: Document, span: tuple[int, int]) -> str:
    return doc.text[span[0] + 2:span[1] - 1]


def _check_reference_links(page: Page, ctx: CheckContext) -> None:
    defined = {" ".join(k.split()).upper() for k in page.doc.link_defs}
    for block in page.doc.blocks:
        for m in _REF_LINK_TEXT.finditer(block.text):
            label = m.group(2) or m.group(1)
            if block.in_code(m.start(), m.end()) or " ".join(label.split()).upper() in defined:
                continue
            _emit(ctx, block, "CIT010", m.start(), m.end(),
                  f'reference link "[{_clip(m.group(1), 40)}][{m.group(2)}]" has no definition for "{label}"',
                  f'add a line "[{label}]: https://..." with the source\'s address')


# --- single-study generalisation (CIT009) ------------------------------------------------

def _check_single_studies(page: Page, ctx: CheckContext) -> None:
    lex = page.lex
    for block in page.doc.blocks:
        if block.kind != "paragraph" or block.in_quote:
            continue
        sentences = block.sentences
        for i, (s, e) in enumerate(sentences):
            sentence = block.text[s:e]
            markers = single_study_cues(lex, sentence)
            if not markers or sentence_mode(lex, sentence) in ("question", "conditional"):
                continue
            nxt = block.text[sentences[i + 1][0]:sentences[i + 1][1]] if i + 1 < len(sentences) else ""
            if generalises(lex, sentence) or (nxt and generalises(lex, nxt)):
                cue = markers[0]
                _emit(ctx, block, "CIT009", s + cue.start, s + cue.end,
                      f'a general conclusion is drawn from "{_clip(cue.text, 40)}"',
                      "say the result comes from a single study (or animals, or case reports), or cite a review")
