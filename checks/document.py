"""The Document: one parse of a Markdown file that every check reads.

Offsets are indices into ``Document.text`` (the file decoded, BOM removed,
newlines normalised to LF); ``loc`` turns an offset into a 1-based line and a
1-based column counted in Unicode code points, which are the same in the file
on disk whatever its newline style.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import yaml

from checks.inline_map import InlineLink, InlineMapper, map_inline, offsets_of, plain_run
from checks.parsing import Token, is_prose, line_starts, normalize_newlines, parse_blocks, split_front_matter
from checks.sentences import split_sentences
from checks.slugs import Slugger

T = TypeVar("T")

_EXPLICIT_ID = re.compile(r"\s*\{#([^\s{}]+)\}\s*$")
_HTML_ANCHOR = re.compile(r"<a\s[^>]*?\b(?:id|name)\s*=\s*[\"']([^\"']+)[\"']", re.I)
_HTML_ID = re.compile(r"<[a-zA-Z][^>]*?\bid\s*=\s*[\"']([^\"']+)[\"']")
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)


class lazy(Generic[T]):  # lower case: a decorator, like ``functools.cached_property``
    """``functools.cached_property`` without its lock (Python 3.11 takes one on every first access): the value
    is stored in the instance's ``__dict__`` under the same name, which later reads find first."""

    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type | None = None) -> T:
        if obj is None:
            return self  # type: ignore[return-value]
        value = obj.__dict__[self.name] = self.func(obj)
        return value


class DocumentError(Exception):
    """A problem with the file itself (front matter); ``line`` is 1-based."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


@dataclass
class TextBlock:
    """Prose as the reader sees it: a paragraph, heading, list item text or table cell."""

    index: int
    kind: str  # "paragraph" | "heading" | "table_cell"
    text: str
    runs: list[Sequence[int]]  # source offsets of the characters of ``text``, in runs (see ``offsets``)
    line: int
    end_line: int
    containers: tuple[str, ...]  # ancestor block types, outermost first
    links: list[Link] = field(default_factory=list)
    code: list[tuple[int, int]] = field(default_factory=list)
    footnote_refs: list[tuple[str, int]] = field(default_factory=list)  # normalised key, plain position
    section: int | None = None  # index into Document.headings of the heading above
    approximate: bool = False

    # Worked out on first use and then read as plain attributes (``lazy``).
    @lazy
    def offsets(self) -> list[int]:
        """Source offset of each character of ``text`` (most blocks never need the whole list)."""
        return offsets_of(self.runs, len(self.text))

    @lazy
    def sentences(self) -> list[tuple[int, int]]:
        """[start, end) of each sentence of ``text`` (none in a table cell)."""
        return [] if self.kind == "table_cell" else split_sentences(self.text)

    def offset_at(self, i: int) -> int:
        """Source offset of character ``i`` of ``text``, read from the runs (``offsets`` is not built)."""
        for run in self.runs:
            if i < len(run):
                return run[i]
            i -= len(run)
        raise IndexError(i)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets [a, b) covering plain-text range [start, end)."""
        n = len(self.text)  # == len(self.offsets)
        if not n:
            return (0, 0)
        start = min(max(start, 0), n - 1)
        last = min(max(end - 1, start), n - 1)
        runs = self.runs
        # one run: read it without the list; several: read the runs unless the list is built already
        offsets = runs[0] if len(runs) == 1 else self.__dict__.get("offsets")
        if offsets is None:
            return self.offset_at(start), self.offset_at(last) + 1
        return offsets[start], offsets[last] + 1

    @lazy
    def in_quote(self) -> bool:
        return "block_quote" in self.containers

    @lazy
    def in_list(self) -> bool:
        return "list_item" in self.containers

    def in_code(self, start: int, end: int) -> bool:
        return any(a < end and start < b for a, b in self.code)


@dataclass
class Link:
    url: str
    title: str | None
    text: str
    start: int  # source offsets of the whole link
    end: int
    block: int  # TextBlock index
    text_start: int  # plain-text range within the block
    text_end: int
    is_image: bool = False
    label: str | None = None

    @property
    def fragment(self) -> str | None:
        """The ``#fragment`` of an in-page or local-file link, else None."""
        if "#" not in self.url or re.match(r"^[a-z][a-z0-9+.-]*:", self.url, re.I):
            return None
        return self.url.split("#", 1)[1]

    @property
    def target_file(self) -> str:
        return self.url.split("#", 1)[0]


@dataclass
class Heading:
    level: int
    text: str  # plain text, explicit id removed
    slug: str  # the anchor the site generates (or the explicit id)
    explicit_id: str | None
    line: int
    column: int  # column of the first character of the heading text
    block: int  # TextBlock index
    start: int  # source offset of the heading text
    end: int


@dataclass
class ListItem:
    blocks: list[int]  # TextBlock indices of the item's own text (nested lists excluded)
    line: int
    end_line: int
    depth: int


@dataclass
class MdList:
    ordered: bool
    depth: int
    line: int
    end_line: int
    items: list[ListItem]


@dataclass
class Comment:
    body: str  # text between <!-- and -->
    start: int
    end: int


@dataclass
class Region:
    """A block-level structure known by its lines (code block, quote, table, HTML)."""

    kind: str
    line: int
    end_line: int
    blocks: list[int] = field(default_factory=list)


class Document:
    def __init__(self, path: str, text: str, slugger: str = "github") -> None:
        self.path = path
        self.text = normalize_newlines(text[1:] if text.startswith("\ufeff") else text)
        self.lines = self.text.split("\n")
        self._line_starts = line_starts(self.lines)
        self.blocks: list[TextBlock] = []
        self.headings: list[Heading] = []
        self.links: list[Link] = []
        self.lists: list[MdList] = []
        self.comments: list[Comment] = []
        self.regions: list[Region] = []
        self.anchors: dict[str, int] = {}  # every anchor id -> line
        self.footnote_defs: dict[str, int] = {}  # normalised key (mistune's unikey) -> line
        self.link_defs: dict[str, int] = {}
        self.front_matter: dict[str, Any] | None = None
        self.front_matter_error: DocumentError | None = None
        self._memo: dict[Hashable, Any] = {}
        src, fm = split_front_matter(self.text)
        self.front_matter_lines = 0 if fm is None else fm.count("\n") + 2
        if fm is not None:
            self._load_front_matter(fm)
        tokens, env = parse_blocks(src, lines=self.lines, starts=self._line_starts)
        self._walk(tokens, (), src)
        self._collect_definitions(env)
        self._assign_anchors(slugger)
        self._assign_sections()

    # -- positions -----------------------------------------------------
    def loc(self, offset: int) -> tuple[int, int]:
        i = bisect_right(self._line_starts, offset) - 1
        return i + 1, offset - self._line_starts[i] + 1

    def span_loc(self, start: int, end: int) -> tuple[int, int, int, int]:
        """``loc`` of both ends of a span (``end >= start``): line, column, end line, end column."""
        starts = self._line_starts
        i = bisect_right(starts, start) - 1
        j = bisect_right(starts, end, max(i, 0)) - 1  # end >= start: search from the start's line
        return i + 1, start - starts[i] + 1, j + 1, end - starts[j] + 1

    def line_start(self, line: int) -> int:
        return self._line_starts[line - 1]

    def line_end(self, line: int) -> int:
        return self._line_starts[line - 1] + len(self.lines[line - 1])

    def line_text(self, line: int) -> str:
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""

    # -- construction --------------------------------------------------
    def _load_front_matter(self, fm: str) -> None:
        try:
            data = yaml.safe_load(fm)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = (mark.line + 2) if mark is not None else 1
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            self.front_matter_error = DocumentError(f"invalid YAML front matter: {problem}", line)
            return
        if data is not None and not isinstance(data, dict):
            self.front_matter_error = DocumentError("front matter must be a YAML mapping", 2)
            return
        self.front_matter = data or {}

    def _walk(self, tokens: list[Token], containers: tuple[str, ...], src: str, depth: int = 0) -> None:
        for tok in tokens:
            kind = tok["type"]
            if kind == "blank_line":
                continue
            pos = tok.get("pos")
            kids = tok.get("children")
            if is_prose(kids):
                if pos:
                    self._add_text_block(tok, containers, src)
                continue
            if kind == "table" and pos:
                self._add_table(tok, containers, src)
                continue
            if kind == "list" and pos:
                self._add_list(tok, containers, src)
                continue
            if kind in ("block_code", "block_html", "block_quote") and pos:
                region = Region(kind, pos["line"], pos["end_line"])
                self.regions.append(region)
                if kind == "block_html":
                    self._scan_html(tok.get("raw", ""), pos)
                if kind == "block_quote":
                    first = len(self.blocks)
                    self._walk(tok.get("children") or [], (*containers, kind), src)
                    region.blocks = list(range(first, len(self.blocks)))
                continue
            if kind == "heading" and pos:  # empty heading: no inline children
                self._add_text_block(tok, containers, src)
                continue
            if isinstance(kids, list) and kids:
                self._walk(kids, (*containers, kind), src)

    def _add_text_block(self, tok: Token, containers: tuple[str, ...], src: str,
                        start: int | None = None, end: int | None = None, kind: str | None = None) -> TextBlock:
        pos = tok["pos"]
        line, end_line = pos["line"], pos["end_line"]
        a = self._line_starts[line - 1] if start is None else start
        b = self._line_starts[end_line - 1] + len(self.lines[end_line - 1]) if end is None else end
        kind = kind or ("heading" if tok["type"] == "heading" else "paragraph")
        kids = tok.get("children") or []
        run = plain_run(kids, src, a, b)  # the common block: one run of plain text, no mapper needed
        res = None
        runs: list[Sequence[int]]
        if run is None:
            res = map_inline(kids, src, a, b)
            text, runs = res.text, res.runs
        else:
            text, runs = kids[0]["raw"], [run]
        explicit: str | None = None
        if kind == "heading" and "{#" in text:  # the pattern's literal: no search without it
            m = _EXPLICIT_ID.search(text)
            if m:  # the id is cut from the text, and so from the offsets (``offsets_of`` stops at the text's end)
                explicit = m.group(1)
                text = text[:m.start()]
        block = TextBlock(index=len(self.blocks), kind=kind, text=text, runs=runs,
                          line=line, end_line=end_line, containers=containers, approximate=bool(pos.get("approx")))
        self.blocks.append(block)
        if res is not None:
            self._add_inline_parts(block, res)
        if kind == "heading":
            self._add_heading(tok, block, explicit, a)
        return block

    def _add_inline_parts(self, block: TextBlock, res: InlineMapper) -> None:
        """What ``map_inline`` found besides the text: code spans, footnote references, links, inline HTML."""
        block.code = res.code
        block.footnote_refs = res.footnote_refs
        block.approximate = block.approximate or res.approximate
        for il in res.links:
            self._add_link(il, block)
        for start_offset, _end, raw in res.html:
            self._scan_inline_html(raw, start_offset)

    def _add_link(self, il: InlineLink, block: TextBlock) -> None:
        link = Link(url=il.url, title=il.title, text=block.text[il.text_start:il.text_end], start=il.start,
                    end=il.end, block=block.index, text_start=il.text_start, text_end=il.text_end,
                    is_image=il.is_image, label=il.label)
        block.links.append(link)
        self.links.append(link)

    def _add_heading(self, tok: Token, block: TextBlock, explicit: str | None, region_start: int) -> None:
        stripped = block.text.strip()
        lead = len(block.text) - len(block.text.lstrip())
        start = block.offset_at(lead) if block.text else region_start
        end = block.offset_at(lead + len(stripped) - 1) + 1 if stripped else start
        line, col = self.loc(start)
        self.headings.append(Heading(level=tok["attrs"]["level"], text=stripped, slug="", explicit_id=explicit,
                                     line=line, column=col, block=block.index, start=start, end=end))

    def _add_table(self, tok: Token, containers: tuple[str, ...], src: str) -> None:
        region = Region("table", tok["pos"]["line"], tok["pos"]["end_line"])
        first = len(self.blocks)
        inner = (*containers, "table")
        for part in tok["children"]:
            rows = [part] if part["type"] == "table_head" else part["children"]
            for row in rows:
                rpos = row.get("pos")
                if not rpos:
                    continue
                line = rpos["line"]
                for cell in row["children"]:
                    cpos = cell.get("pos")
                    if not cpos or "col0" not in cpos:
                        continue
                    a = self.line_start(line) + cpos["col0"]
                    b = self._cell_end(line, cpos["col0"])
                    self._add_text_block(cell, inner, src, a, b, kind="table_cell")
        region.blocks = list(range(first, len(self.blocks)))
        self.regions.append(region)

    def _cell_end(self, line: int, col0: int) -> int:
        raw = self.lines[line - 1]
        j = col0
        while j < len(raw):
            if raw[j] == "\\":
                j += 2
                continue
            if raw[j] == "|":
                break
            j += 1
        return self.line_start(line) + min(j, len(raw))

    def _add_list(self, tok: Token, containers: tuple[str, ...], src: str) -> None:
        pos = tok["pos"]
        md_list = MdList(ordered=bool(tok["attrs"].get("ordered")), depth=tok["attrs"].get("depth", 0),
                         line=pos["line"], end_line=pos["end_line"], items=[])
        self.lists.append(md_list)
        inner = (*containers, "list", "list_item")
        for item in tok["children"]:
            ipos = item.get("pos") or pos
            li = ListItem(blocks=[], line=ipos["line"], end_line=ipos["end_line"], depth=md_list.depth)
            md_list.items.append(li)
            for child in item.get("children") or []:
                kids = child.get("children")
                if is_prose(kids) and child.get("pos"):  # the item's own text
                    li.blocks.append(self._add_text_block(child, inner, src).index)
                else:
                    self._walk([child], inner, src)

    def _scan_html(self, raw: str, pos: dict[str, int]) -> None:
        start = self.text.find(raw.strip()[:40], self.line_start(pos["line"])) if raw.strip() else -1
        if start < 0:
            start = self.line_start(pos["line"])
        self._scan_inline_html(raw.strip(), start)

    def _scan_inline_html(self, raw: str, start: int) -> None:
        for m in _COMMENT.finditer(raw):
            self.comments.append(Comment(body=m.group(1), start=start + m.start(), end=start + m.end()))
        for rx in (_HTML_ANCHOR, _HTML_ID):
            for m in rx.finditer(_COMMENT.sub("", raw)):
                self.anchors.setdefault(m.group(1), self.loc(start)[0])

    def _collect_definitions(self, env: dict[str, Any]) -> None:
        def_lines = env.get("def_lines", {})
        for key in env.get("ref_footnotes", {}) or {}:
            self.footnote_defs[key] = def_lines.get(("ref_footnote", key), 0)
        for key in env.get("ref_links", {}) or {}:
            self.link_defs[key] = def_lines.get(("ref_link", key), 0)

    def _assign_anchors(self, style: str) -> None:
        slugger = Slugger(style)
        for h in self.headings:
            if h.explicit_id:
                slugger.reserve(h.explicit_id)
        for anchor in self.anchors:
            slugger.reserve(anchor)
        for h in self.headings:
            h.slug = h.explicit_id or slugger.slug(h.text)
            self.anchors.setdefault(h.slug, h.line)

    def _assign_sections(self) -> None:
        heading_blocks = {h.block: i for i, h in enumerate(self.headings)}
        current: int | None = None
        for block in self.blocks:
            if block.index in heading_blocks:
                current = heading_blocks[block.index]
            block.section = current

    # -- convenience ---------------------------------------------------
    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """Compute a per-document value once and share it between check families."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]  # type: ignore[no-any-return]

    def sentences(self) -> list[tuple[TextBlock, int, int]]:
        return [(b, s, e) for b in self.blocks for s, e in b.sentences]
