"""The page as the citation rules see it: what counts as a citation in a block, whether the page has a
reference list, block and region indexes by line, and the running state of one block's sentence checks.

A citation is a link (inline or reference-style, not an in-page anchor), a footnote reference with a
definition, an ``<a href>`` or ``<sup>`` in inline HTML, a DOI, PMID or URL written as text, and,
when the page has a reference list, numbered markers ("[1]", "(1, 2)") and author-year citations.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from checks.citation_cue import BlockReading, Sentence, read_block, read_sentence, singular
from checks.citation_lexicon import Lexicon, load_lexicon
from checks.citation_marks import author_year_marks, numbered_marks, text_citations
from checks.citation_report import Span
from checks.context import CheckContext
from checks.document import Document, MdList, Region, TextBlock

if TYPE_CHECKING:
    from checks.citation_screen import Screen

T = TypeVar("T")
_NON_CITING = re.compile(r"^(?:#|mailto:|tel:|javascript:)", re.I)
# an in-page link that jumps to a reference list entry: "[1](#ref-1)", "[[2]](#cite_note-2)"
_REF_JUMP_TEXT = re.compile(r"^\[?\d{1,3}\]?$")
_REF_JUMP_TARGET = re.compile(r"^#(?:ref|cite|fn|note|source|bib)", re.I)
_HTML_CITE = re.compile(r"<(?:a\s[^>]*\bhref\s*=|sup\b)", re.I)
# a reference-list entry: "Zhu W, Ding Z. ... 2016." (Vancouver) or "Zarate, C. A., ... (2006)." (APA), with a year
BIBLIO = re.compile(r"^\[?\d{0,3}\]?\s*[A-Z][\w'-]+(?:[- ][A-Z][\w'-]+)?"
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
    screens: dict[int, list[Screen]] = field(default_factory=dict)  # block -> its sentences' screens
    _read: dict[tuple[int, int, int], Sentence] = field(default_factory=dict)
    _readings: dict[int, BlockReading] = field(default_factory=dict)  # block -> its text read (``reading``)
    by_start: tuple[list[int], list[TextBlock]] = field(init=False)
    by_end: tuple[list[int], list[TextBlock]] = field(init=False)
    regions_by_start: tuple[list[int], list[Region]] = field(init=False)
    regions_by_end: tuple[list[int], list[Region]] = field(init=False)
    outer_lists: tuple[list[int], list[MdList]] = field(init=False)
    lists_at: dict[int, MdList] = field(init=False)

    def __post_init__(self) -> None:
        blocks, regions = self.doc.blocks, self.doc.regions
        self.by_start = _sorted_by(blocks, _LINE)
        self.by_end = _sorted_by(blocks, _END_LINE)
        self.regions_by_start = _sorted_by(regions, _LINE)
        self.regions_by_end = _sorted_by(regions, _END_LINE)
        self.outer_lists = _sorted_by([lst for lst in self.doc.lists if lst.depth == 0], _LINE)
        self.lists_at = {}
        for lst in self.doc.lists:
            self.lists_at.setdefault(lst.line, lst)

    def outer_list(self, block: TextBlock) -> MdList | None:
        """The outermost list holding the block."""
        keys, lists = self.outer_lists
        i = bisect_right(keys, block.line) - 1
        return lists[i] if i >= 0 and lists[i].line <= block.line <= lists[i].end_line else None

    def paragraphs(self) -> Iterator[TextBlock]:
        """Paragraphs of the page's own prose (not headings, cells or quotations)."""
        return (b for b in self.doc.blocks if b.kind == "paragraph" and not b.in_quote)

    def sentence(self, block: TextBlock, s: int, e: int) -> Sentence:
        """The block's plain range [s, e) read for the cue finders, once per occurrence on this page: what
        they work out about it is kept with it (see ``per_sentence``), for this occurrence only."""
        key = (block.index, s, e)
        found = self._read.get(key)
        if found is None:
            reading = self._readings.get(block.index)  # read when the block was screened
            found = self._read[key] = (read_sentence(block.text[s:e]) if reading is None
                                       else reading.sentence(block.text, s, e))
        return found

    def reading(self, block: TextBlock) -> BlockReading:
        """The block's text read once for its sentences (see ``sentence``), for this page only."""
        found = self._readings.get(block.index)
        if found is None:
            found = self._readings[block.index] = read_block(block.text)
        return found

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


@dataclass
class BlockState:
    """What the sentence checks of one block share: its citations, its link texts, whether a source
    is already reported missing in it."""

    cites: list[Span]
    links: list[Span]
    source_flagged: bool = False
    covered: bool | None = None  # whether a citation in or around the block gives its claims a source


def cited_between(state: BlockState, a: int, b: int) -> bool:
    return any(a <= s < b for s, _e in state.cites)


def build_page(doc: Document, ctx: CheckContext) -> Page:
    lex = load_lexicon(_cue_file(ctx))
    words = [str(w).lower() for w in ctx.options.get("reference_headings") or []]
    ref_blocks = _reference_blocks(doc, words)
    listed = bool(ref_blocks) or bool(doc.footnote_defs) or _bibliography_items(doc) >= 2
    return Page(doc=doc, lex=lex, has_reference_list=listed, reference_blocks=ref_blocks,
                author_year_always=ctx.options.get("author_year") == "always",
                numbered_always=ctx.options.get("numbered_citations") == "always", own_nouns=_own_nouns(doc, lex))


def _cue_file(ctx: CheckContext) -> str | None:
    name = ctx.options.get("cue_file")
    if not name:
        return None
    path = Path(name)
    base = getattr(ctx.settings, "base_dir", None)
    if not path.is_absolute() and base is not None:
        path = Path(base) / path
    return str(path)


def _own_nouns(doc: Document, lex: Lexicon) -> frozenset[str]:
    """Source nouns in the page title (front matter or first level-1 heading)."""
    titles = [str((doc.front_matter or {}).get("title") or "")]
    titles += [h.text for h in doc.headings if h.level == 1][:1]
    rx = lex.phrases("deictic_nouns")
    return frozenset(singular(m.group(0)) for title in titles for m in rx.finditer(title))


def _is_reference_heading(text: str, words: list[str]) -> bool:
    title = " ".join(re.sub(r"^[\d.:\s]+", "", text).strip(" :").lower().split())
    return any(title == w or (title.startswith(w) and re.match(rf"{re.escape(w)}\s+(?:and|&)\s", title))
               for w in words)


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
    return sum(1 for b in doc.blocks if b.kind == "paragraph" and BIBLIO.match(b.text) and len(b.sentences) <= 4)


def _jumps_to_reference(url: str, text: str) -> bool:
    return url.startswith("#") and bool(_REF_JUMP_TEXT.match(text.strip()) or _REF_JUMP_TARGET.match(url))


def _html_cites(doc: Document, block: TextBlock) -> list[Span]:
    if not block.text:
        return []
    start, end = block.source_span(0, len(block.text))
    out: list[Span] = []
    for m in _HTML_CITE.finditer(doc.text, start, end):
        pos = min(bisect_left(block.offsets, m.start()), len(block.text) - 1)
        out.append((pos, pos + 1))
    return out


# --- blocks and regions by line ------------------------------------------------------

_LINE, _END_LINE = attrgetter("line"), attrgetter("end_line")


def _sorted_by(items: list[T], key: Callable[[T], int]) -> tuple[list[int], list[T]]:
    ordered = sorted(items, key=key)
    return list(map(key, ordered)), ordered


def first_after(items: tuple[list[int], list[T]], line: int) -> T | None:
    """The item starting first after ``line`` (items sorted by start line)."""
    keys, values = items
    i = bisect_right(keys, line)
    return values[i] if i < len(values) else None


def last_before(items: tuple[list[int], list[T]], line: int) -> T | None:
    """The item ending last before ``line`` (items sorted by end line)."""
    keys, values = items
    i = bisect_left(keys, line)
    return values[i - 1] if i > 0 else None
