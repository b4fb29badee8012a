"""mistune 3 with source line positions for every block token.

mistune's AST carries no positions. We recover them without re-searching the
file, by hooking the block parser (adapted from the project's validated
prototype, shared/design/prototypes/mdpos.py):

* every rule goes through ``BlockParser.parse_method`` with the rule's match,
  so each token the call creates is tagged with the rule's start and end line;
* the two fast paths (plain paragraph, indented code) create their token while
  ``state.cursor`` is still at the block start, so ``add_paragraph`` and
  ``append_token`` tag there;
* list items and block quotes are parsed from a derived source whose lines map
  one to one onto document lines; ``child_state`` finds the child's first line
  in the parent (forward only) and records the line offset.

Each block token gets ``token["pos"] = {"line": L1, "end_line": L2}`` (1-based,
inclusive). Inline positions are found later, inside each block's own lines
(``checks.inline_map``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache
from itertools import accumulate, count
from operator import add
from typing import Any, cast

import mistune
from mistune.block_parser import BlockParser
from mistune.core import BlockState
from mistune.inline_parser import InlineParser
from mistune.plugins import import_plugin
from mistune.util import unikey

Token = dict[str, Any]

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
PLUGINS = ("table", "mistune.plugins.table.table_in_list", "mistune.plugins.table.table_in_quote",
           "footnotes", "strikethrough", "url")


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF, as mistune does; line and column numbers are unchanged."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def line_starts(lines: list[str]) -> list[int]:
    """The offset of each of ``lines`` (a text split at "\\n") in that text, summed in C rather than per line in
    Python: line k starts after the k newlines and the lengths of the k lines before it."""
    return [0, *map(add, accumulate(map(len, lines[:-1])), count(1))]


def split_front_matter(text: str) -> tuple[str, str | None]:
    """Blank YAML front matter in place (same offsets) and return it separately.

    ``text`` must already have normalised newlines.
    """
    m = FRONT_MATTER.match(text)
    if not m:
        return text, None
    blanked = re.sub(r"[^\n]", " ", m.group(0))
    return blanked + text[m.end():], m.group(1) or ""


class PosBlockState(BlockState):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.line0 = 0  # 0-based document line of this state's src line 0
        # one frame per running rule: [m.start(), local line where the next child search starts]
        self.frames: list[list[int]] = []
        # States a plugin creates with ``block.state_cls()`` parse an extracted
        # snippet whose offsets are not document offsets: they never tag.
        self.detached: bool = parent.detached if isinstance(parent, PosBlockState) else True
        self._starts_src: str | None = None
        self._starts: list[int] = []
        self.seeded: list[int] | None = None  # the line starts of the src ``process`` receives, if known

    def process(self, src: str) -> None:
        super().process(src)
        if self.seeded is not None:  # mistune may append a final "\n": no line starts at or before it
            self._starts_src, self._starts = src, self.seeded

    def _line_starts(self) -> list[int]:
        """Offsets of the line starts of ``src`` (recomputed when ``src`` changes)."""
        if self._starts_src is not self.src:
            self._starts_src = self.src
            self._starts = line_starts(self.src.split("\n"))
        return self._starts

    def line_of(self, pos: int) -> int:
        """0-based document line of local offset ``pos``."""
        return self.line0 + bisect_right(self._line_starts(), pos) - 1

    def pos_of(self, start: int, stop: int) -> dict[str, int]:
        """A token's ``pos``: the 1-based first and last document lines of local offsets [start, stop)."""
        starts = self._line_starts()
        first = self.line0 + bisect_right(starts, start)
        return {"line": first, "end_line": self.line0 + bisect_right(starts, stop - 1) if stop - 1 > start else first}

    def append_token(self, token: Token) -> None:
        if not self.frames and "pos" not in token and not self.detached:
            # fast path (indented code): the cursor is at the block start
            token["pos"] = self.pos_of(self.cursor, self.find_line_end())
        self.tokens.append(token)  # as BlockState.append_token

    def add_paragraph(self, text: str) -> None:
        # BlockState.add_paragraph (text after a paragraph continues it), with the lines
        tokens = self.tokens
        tok = tokens[-1] if tokens else None
        if tok and tok["type"] == "paragraph":
            tok["text"] += text
            if "pos" in tok:
                tok["pos"]["end_line"] = self.line_of(self.cursor + len(text) - 1) + 1
                return
        else:
            tok = {"type": "paragraph", "text": text}
            tokens.append(tok)
        if not self.detached:
            tok["pos"] = self.pos_of(self.cursor, self.cursor + len(text))

    def append_paragraph(self) -> int | None:
        last = self.last_token()
        end = super().append_paragraph()
        if end is not None and last is not None and "pos" in last:
            last["pos"]["end_line"] = self.line_of(end - 1) + 1
        return end

    def child_state(self, src: str, lazy_line_starts: Any = None) -> PosBlockState:
        child = super().child_state(src, lazy_line_starts)
        assert isinstance(child, PosBlockState)  # BlockState.child_state builds self.__class__
        frame = self.frames[-1] if self.frames else [0, 0]
        starts = self._line_starts()
        start_line = self.line_of(frame[0]) - self.line0
        first = src.split("\n", 1)[0].strip()

        def line(k: int) -> str:
            return self.src[starts[k]:starts[k + 1] - 1] if k + 1 < len(starts) else self.src[starts[k]:]

        j = max(start_line, frame[1])
        while j < len(starts) and not (line(j).strip() and first in line(j)):
            j += 1
        if j >= len(starts):  # cannot happen for mistune 3.4 containers; keep the rule start
            j = start_line
        child.line0 = self.line0 + j
        frame[1] = j + max(1, src.rstrip("\n").count("\n") + 1)
        return child


class PosBlockParser(BlockParser):
    state_cls = PosBlockState

    def parse_method(self, m: re.Match[str], state: PosBlockState) -> int | None:  # type: ignore[override]
        # lists and quotes insert tokens at index >= n_before; def_list replaces the last token
        tokens = state.tokens
        n_before = len(tokens) - 1 if tokens else 0
        last = tokens[-1] if tokens else None
        last_type = last["type"] if last else None
        start = m.start()
        group = m.lastgroup
        frames = state.frames
        frames.append([start, 0])
        try:
            end = self._methods[group](m, state)  # type: ignore[index]  # what Parser.parse_method does
        finally:
            frames.pop()
        if not end:
            return end
        if group in ("ref_footnote", "ref_link"):
            key = unikey(m.group("footnote_key") if group == "ref_footnote" else m.group("reflink_1"))
            state.env.setdefault("def_lines", {})[(group, key)] = state.line_of(start) + 1
        if state.detached:
            return end
        for tok in state.tokens[n_before:]:
            if "pos" not in tok:
                tok["pos"] = state.pos_of(start, end)
        # a setext underline turns the previous paragraph into a heading in place
        if last is not None and last_type == "paragraph" and last["type"] == "heading" and "pos" in last:
            last["pos"]["end_line"] = state.line_of(end - 1) + 1
        return end


def create_markdown() -> mistune.Markdown:
    """A mistune Markdown whose block parser is ours before the plugins register rules."""
    return mistune.Markdown(renderer=None, block=PosBlockParser(), inline=InlineParser(),
                            plugins=[import_plugin(p) for p in PLUGINS])


@cache
def shared_markdown() -> mistune.Markdown:
    """One parser for every document: its rules and compiled scanners are built once (a parse keeps its
    state in the ``BlockState``, so the parser can be reused, as mistune's own module-level ``html`` is)."""
    return create_markdown()


INLINE_TYPES = frozenset({"text", "link", "image", "codespan", "emphasis", "strong", "strikethrough",
                          "softbreak", "linebreak", "inline_html", "footnote_ref"})
_CONTAINERS = frozenset({"list", "block_quote"})
_PIPE = re.compile(r"(?<!\\)\|")


def is_prose(children: list[Token] | None) -> bool:
    """Whether a block token's ``children`` are inline tokens: the block is prose (a paragraph, a heading)."""
    return bool(children) and children[0].get("type", "") in INLINE_TYPES  # type: ignore[index]


def _finalize(tokens: list[Token], lines: list[str]) -> None:
    """Positions for tokens that never pass through the state: containers and table parts."""
    for t in tokens:
        if t["type"] == "table" and "pos" in t:
            _table_positions(t, lines)
            continue
        kids = t.get("children")
        if not kids or is_prose(kids):  # a leaf or a prose block
            continue
        _finalize(kids, lines)
        spans = [k["pos"] for k in kids if "pos" in k]
        if spans and ("pos" not in t or t["type"] in _CONTAINERS):
            line = min(sp["line"] for sp in spans)
            if "pos" in t:
                line = min(line, t["pos"]["line"])
            t["pos"] = {"line": line, "end_line": max(sp["end_line"] for sp in spans)}


def _clamp(tokens: list[Token], parent: dict[str, int] | None = None) -> None:
    """A child outside its parent inherits the parent's lines, marked approximate."""
    for t in tokens:
        p = t.get("pos")
        if parent and (p is None or p["line"] < parent["line"] or p["end_line"] > parent["end_line"]):
            t["pos"] = dict(parent, approx=True)
        kids = t.get("children")
        if kids and not is_prose(kids):  # not a leaf nor a prose block
            _clamp(kids, t.get("pos") or parent)


def _table_positions(table: Token, lines: list[str]) -> None:
    first = table["pos"]["line"]
    row_no = 0
    for part in table["children"]:
        rows = [part] if part["type"] == "table_head" else part["children"]
        for row in rows:
            line = first if part["type"] == "table_head" else first + 2 + row_no
            if part["type"] != "table_head":
                row_no += 1
            row["pos"] = {"line": line, "end_line": line}
            raw = lines[line - 1] if line - 1 < len(lines) else ""
            prefix = re.match(r"(?:[ \t]*>)*[ \t]*", raw)
            start = prefix.end() if prefix else 0
            cuts = [m.end() for m in _PIPE.finditer(raw, start)]
            if not raw[start:].startswith("|"):
                cuts = [start, *cuts]
            for cell, col0 in zip(row["children"], cuts, strict=False):
                cell["pos"] = {"line": line, "end_line": line, "col0": col0}
    table["pos"]["end_line"] = first + 1 + row_no


def parse_blocks(src: str, md: mistune.Markdown | None = None,
                 lines: list[str] | None = None, starts: list[int] | None = None) -> tuple[list[Token], dict[str, Any]]:
    """Parse normalised, front-matter-blanked source; return (tokens with pos, parser env).

    ``lines``: the lines of ``src`` if the caller has them (front matter lines may differ: no table is there);
    ``starts``: their offsets (``line_starts``; blanked front matter keeps its newlines).
    """
    md = md or shared_markdown()
    root = PosBlockState()
    root.detached = False
    root.seeded = starts
    parsed, state = md.parse(src, state=root)
    tokens = cast(list[Token], parsed)  # renderer=None: the token list, not a rendered string
    _finalize(tokens, src.split("\n") if lines is None else lines)
    _clamp(tokens)
    def_lines = state.env.get("def_lines", {})
    bodies = state.env.get("ref_footnotes", {})
    for t in tokens:
        if t["type"] == "footnotes":  # built by an after-render hook, outside the parser
            for item in t["children"]:
                key = item["attrs"]["key"]
                line = def_lines.get(("ref_footnote", key))
                if line:
                    body = str(bodies.get(key, "")).rstrip("\n")
                    item["pos"] = {"line": line, "end_line": line + body.count("\n")}
                    kids = item["children"]
                    if len(kids) == 1:  # one paragraph: it spans the whole definition
                        kids[0]["pos"] = dict(item["pos"])
                    _clamp(kids, item["pos"])
            spans = [i["pos"] for i in t["children"] if "pos" in i]
            if spans:
                t["pos"] = {"line": min(p["line"] for p in spans), "end_line": max(p["end_line"] for p in spans)}
    return tokens, cast(dict[str, Any], state.env)
