"""What stands beside a block on the page (text, a list, a heading, a figure, a quote, nothing) and whether
the blocks around it carry the citation a claim in it needs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from checks.citation_page import Page, first_after, last_before
from checks.document import Document, Region, TextBlock

HTML_VISUAL = re.compile(r"<(?:img|figure|table|svg|picture|iframe|video|canvas|object|embed)\b", re.I)
_SOURCE_LINE = re.compile(r"^\s*\(?\s*(?:sources?|references?|via|credit|from|adapted from)\b", re.I)
# a paragraph that goes on about the source the paragraph before it cited
_ANAPHOR = re.compile(r"^\s*(?:(?:in|from)\s+)?(?:the|this|that|these|those|its|their)\s+(?:[\w-]+\s+){0,2}?"
                      r"(?:study|studies|trial|trials|review|meta-analysis|survey|analysis|paper|report|authors|"
                      r"researchers|investigators|team|data|results|findings)\b|^\s*(?:they|its authors)\b", re.I)


@dataclass(frozen=True)
class Neighbour:
    kind: str  # paragraph | list | heading | image | table | block_code | block_html | block_quote | none
    block: TextBlock | None = None
    region: Region | None = None


def neighbour(page: Page, block: TextBlock, after: bool = True) -> Neighbour:
    """The next (or previous) block-level thing beside ``block`` on the page."""
    if after:
        nb = first_after(page.by_start, block.end_line)
        nr = first_after(page.regions_by_start, block.end_line)
    else:
        nb = last_before(page.by_end, block.line)
        nr = last_before(page.regions_by_end, block.line)
    if nr is not None and (nb is None or (nr.line <= nb.line if after else nr.end_line >= nb.end_line)):
        return Neighbour(nr.kind, region=nr)
    if nb is None:
        return Neighbour("none")
    return Neighbour(_block_kind(page, nb), block=nb)


def _block_kind(page: Page, block: TextBlock) -> str:
    if block.kind == "heading":
        return "heading"
    if shows_visual(page, block):
        return "image"
    return "list" if block.in_list else block.kind


def shows_visual(page: Page, block: TextBlock) -> bool:
    """An image in the block, or an HTML figure, table or the like in its source."""
    return any(lk.is_image for lk in block.links) or bool(HTML_VISUAL.search(_source(page.doc, block)))


def _source(doc: Document, block: TextBlock) -> str:
    if not block.text:
        return ""
    start, end = block.source_span(0, len(block.text))
    return doc.text[start:end]


def region_is_visual(page: Page, region: Region) -> bool:
    if region.kind in ("table", "block_code"):
        return True
    if region.kind == "block_html":
        lines = page.doc.lines[region.line - 1:region.end_line]
        return bool(HTML_VISUAL.search("\n".join(lines)))
    return False


def is_visual(page: Page, n: Neighbour) -> bool:
    return n.kind == "image" or (n.region is not None and region_is_visual(page, n.region))


def neighbour_cites(page: Page, n: Neighbour, kinds: tuple[str, ...]) -> bool:
    """The neighbour is a block of one of these kinds and carries a citation."""
    return n.block is not None and n.kind in kinds and bool(page.cites(n.block))


def following_cited(page: Page, block: TextBlock) -> bool:
    """A block ending with a colon whose list or quote right after carries citations."""
    if not block.text.rstrip().endswith(":"):
        return False
    n = neighbour(page, block)
    if n.region is not None and n.kind == "block_quote":
        return any(page.cites(page.doc.blocks[i]) for i in n.region.blocks)
    if n.kind == "list" and n.block is not None:
        md_list = page.lists_at.get(n.block.line)
        items = [i for item in md_list.items for i in item.blocks] if md_list else [n.block.index]
        return any(page.cites(page.doc.blocks[i]) for i in items)
    return False


def source_line_after(page: Page, block: TextBlock) -> bool:
    """A short "Source: [...]" paragraph right after the block."""
    n = neighbour(page, block)
    b = n.block
    return b is not None and n.kind == "paragraph" and bool(_SOURCE_LINE.match(b.text)) and bool(page.cites(b))


def list_intro_cited(page: Page, block: TextBlock) -> bool:
    """A list item under an introduction that cites its source ("According to [the CDC](...):")."""
    if not block.in_list:
        return False
    outer = page.outer_list(block)
    if outer is None:
        return False
    intro = last_before(page.by_end, outer.line)
    return (intro is not None and not intro.in_list and intro.text.rstrip().endswith(":")
            and bool(page.cites(intro)))


def continues_cited(page: Page, block: TextBlock) -> bool:
    """A paragraph opening with "The study ...", "The authors ...", "They ..." right after a cited paragraph."""
    if not _ANAPHOR.match(block.text):
        return False
    return neighbour_cites(page, neighbour(page, block, after=False), ("paragraph", "list"))
