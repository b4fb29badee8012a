"""Finding a page's table of contents and the numbers of its headings."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from checks.document import Document, Heading, Link, MdList

_CONTENTS_HEADING = re.compile(r"^\s*(table of contents|contents|toc|on this page|in this article|overview)\s*:?\s*$",
                               re.I)
_NUMBER = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3})*)(\.|:|\)|\s-|\s–)?(?=\s)")


@dataclass(frozen=True)
class TocEntry:
    link: Link
    text: str  # the entry's link text, whitespace normalised
    depth: int


@dataclass(frozen=True)
class Numbering:
    parts: tuple[int, ...]
    label: str  # "4.1"
    separator: str  # ":", ".", ")", "" ...
    start: int  # source offset of the number
    end: int  # source offset after the separator


def normalise(text: str) -> str:
    return " ".join(text.split())


def heading_number(doc: Document, heading: Heading) -> Numbering | None:
    block = doc.blocks[heading.block]
    m = _NUMBER.match(block.text)
    if not m:
        return None
    parts = tuple(int(p) for p in m.group(1).split("."))
    sep = (m.group(2) or "").strip()
    a, b = block.source_span(m.start(1), m.end())
    return Numbering(parts, m.group(1), sep, a, b)


def entry_number(text: str) -> tuple[int, ...] | None:
    m = _NUMBER.match(text)
    return tuple(int(p) for p in m.group(1).split(".")) if m else None


def _list_entries(doc: Document, md_list: MdList, lists: list[MdList]) -> list[TocEntry]:
    """Entries of a list and of the lists nested in it, in document order."""
    entries: list[TocEntry] = []
    nested = [lst for lst in lists if lst is not md_list and md_list.line <= lst.line <= md_list.end_line
              and lst.depth > md_list.depth]
    for lst in [md_list, *nested]:
        for item in lst.items:
            for b in item.blocks[:1]:
                block = doc.blocks[b]
                inpage = [lk for lk in block.links if lk.url.startswith("#") and not lk.is_image]
                if inpage:
                    entries.append(TocEntry(inpage[0], normalise(inpage[0].text), lst.depth))
    entries.sort(key=lambda e: e.link.start)
    return entries


def _item_count(md_list: MdList, lists: list[MdList]) -> int:
    return sum(len(lst.items) for lst in lists
               if md_list.line <= lst.line <= md_list.end_line and lst.depth >= md_list.depth)


def find_toc(doc: Document) -> list[TocEntry]:
    """The table of contents: a top-level list mostly made of in-page links, or the list under a
    "Contents"-like heading. Returns its entries (empty when the page has none)."""
    tops = [lst for lst in doc.lists if lst.depth == 0]
    best: list[TocEntry] = []
    for lst in tops:
        entries = _list_entries(doc, lst, doc.lists)
        total = _item_count(lst, doc.lists)
        under_contents = _under_contents_heading(doc, lst)
        if entries and (under_contents or (len(entries) >= 3 and len(entries) * 2 > total)):
            if len(entries) > len(best):
                best = entries
    return best


def _under_contents_heading(doc: Document, lst: MdList) -> bool:
    lines, ordered, prose_lines = doc.memo("toc:lines", lambda: _line_index(doc))
    if ordered:
        i = bisect_left(lines, lst.line)
        if i == 0:
            return False
        h = doc.headings[i - 1]
    else:  # headings out of line order: the last one listed above the list
        above = [h for h in doc.headings if h.line < lst.line]
        if not above:
            return False
        h = above[-1]
    # a non-heading block strictly between the heading and the list
    between = bisect_right(prose_lines, h.line) < bisect_left(prose_lines, lst.line)
    return bool(_CONTENTS_HEADING.match(h.text)) and not between


def _line_index(doc: Document) -> tuple[list[int], bool, list[int]]:
    """Heading lines, whether they are in order, and the sorted lines of the other blocks (once per page)."""
    lines = [h.line for h in doc.headings]
    ordered = lines == sorted(lines)
    return lines, ordered, sorted(b.line for b in doc.blocks if b.kind != "heading")
