"""Plain text of each prose block, with every character mapped to its source offset.

The AST says what exists; we only search for where, forward from a cursor and
inside the block's own source range, so a match can never land in another block
or in a code block. Escapes (``\\*``) and entities (``&amp;``) are handled so the
plain text is what the reader sees while offsets still point at the source.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

from mistune.util import unikey

Token = dict[str, Any]

_ALNUM = re.compile(r"[^\W_]")  # a character for which str.isalnum() is true
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# What precedes a block's text on its line: indentation and block markers (no character ``_ALNUM`` matches).
_MARKERS = " \t>#*+-"
_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


@dataclass
class InlineLink:
    url: str
    title: str | None
    text_start: int  # plain-text range of the link text
    text_end: int
    start: int  # source range of the whole link
    end: int
    is_image: bool
    label: str | None  # reference label for [text][label] links


def offsets_of(runs: list[Sequence[int]], limit: int) -> list[int]:
    """The source offset of each plain character, from the runs ``map_inline`` emitted, cut at ``limit``."""
    out = list(chain.from_iterable(runs))
    if len(out) > limit:
        del out[limit:]
    return out


class InlineMapper:
    """Walks one block's inline tokens, building plain text and its offset map (read the result from
    ``text``, ``runs``, ``links``, ``code``, ``html``, ``footnote_refs`` and ``approximate``)."""

    def __init__(self, src: str, start: int, end: int) -> None:
        self.src = src
        self.cursor = start
        self.limit = end
        self.text = ""
        # source offsets of the plain characters, in runs (mostly ``range`` objects) so that the
        # per-character list is only built for the blocks that need it (see ``offsets_of``)
        self.runs: list[Sequence[int]] = []
        self.links: list[InlineLink] = []
        self.code: list[tuple[int, int]] = []  # plain ranges of code spans
        self.html: list[tuple[int, int, str]] = []  # source start, end, raw
        self.footnote_refs: list[tuple[str, int]] = []  # normalised key (mistune's unikey), plain position
        self.approximate = False
        self._chars: list[str] = []
        self._len = 0  # plain characters emitted so far

    # -- output helpers ------------------------------------------------
    def _emit(self, chars: str, offsets: Sequence[int]) -> None:
        if chars:
            self._chars.append(chars)
            self.runs.append(offsets)
            self._len += len(chars)

    def _plain_len(self) -> int:
        return self._len

    # -- source search -------------------------------------------------
    def _match_at(self, raw: str, pos: int) -> list[int] | None:
        """Offsets of ``raw`` read from ``pos``, allowing a backslash before punctuation."""
        src, limit = self.src, self.limit
        offs: list[int] = []
        j = pos
        for ch in raw:
            if j < limit and src[j] == ch:
                offs.append(j)
                j += 1
            elif ch in _ASCII_PUNCT and j + 1 < limit and src[j] == "\\" and src[j + 1] == ch:
                offs.append(j + 1)
                j += 2
            else:
                return None
        return offs

    def find(self, raw: str) -> Sequence[int] | None:
        """Source offsets of each character of ``raw`` at or after the cursor."""
        if not raw:
            return []
        src, cur = self.src, self.cursor
        idx = src.find(raw, cur, self.limit)
        if idx >= 0 and _only_markup_between(src, cur, idx):
            return range(idx, idx + len(raw))
        return self._find_escaped(raw, idx)

    def _find_escaped(self, raw: str, idx: int) -> Sequence[int] | None:
        """``find`` where ``raw`` is not verbatim next in the source (``idx``: where it is, or -1)."""
        src, cur = self.src, self.cursor
        first = raw[0]
        pos = cur
        while pos < self.limit:
            a = src.find(first, pos, self.limit)
            b = src.find("\\" + first, pos, self.limit) if first in _ASCII_PUNCT else -1
            cands = [x for x in (a, b) if x >= 0]
            if not cands:
                break
            p = min(cands)
            offs = self._match_at(raw, p)
            if offs is not None:
                return offs
            pos = p + 1
        if idx >= 0:
            return range(idx, idx + len(raw))
        return None

    # -- token walkers -------------------------------------------------
    def walk(self, tokens: list[Token]) -> None:
        for tok in tokens:
            handler = _HANDLERS.get(tok["type"])
            if handler is not None:
                handler(self, tok)
            elif tok.get("children"):
                self.walk(tok["children"])

    def _text(self, raw: str) -> None:
        offs = self.find(raw)
        if offs is None:
            self.approximate = True
            offs = [self.cursor] * len(raw)
        elif offs:
            self.cursor = offs[-1] + 1
        if "&" in raw:
            self._emit_with_entities(raw, offs)
        else:
            self._emit(raw, offs)

    def _emit_with_entities(self, raw: str, offs: Sequence[int]) -> None:
        pos = 0
        for m in _ENTITY.finditer(raw):
            self._emit(raw[pos:m.start()], offs[pos:m.start()])
            decoded = html.unescape(m.group(0))
            self._emit(decoded, [offs[m.start()]] * len(decoded))
            pos = m.end()
        self._emit(raw[pos:], offs[pos:])

    def _tok_text(self, tok: Token) -> None:
        self._text(tok["raw"])

    def _tok_softbreak(self, tok: Token) -> None:
        nl = self.src.find("\n", self.cursor, self.limit)
        at = nl if nl >= 0 else self.cursor
        self._emit(" ", [at])
        self.cursor = at + 1 if nl >= 0 else self.cursor

    _tok_linebreak = _tok_softbreak

    def _tok_codespan(self, tok: Token) -> None:
        start = self._plain_len()
        tick = self.src.find("`", self.cursor, self.limit)
        if tick >= 0:
            self.cursor = tick
        self._text(tok["raw"])
        end_tick = self.src.find("`", self.cursor, self.limit)
        if end_tick >= 0:
            run = end_tick
            while run < self.limit and self.src[run] == "`":
                run += 1
            self.cursor = run
        self.code.append((start, self._plain_len()))

    def _tok_inline_html(self, tok: Token) -> None:
        raw = tok["raw"]
        idx = self.src.find(raw, self.cursor, self.limit)
        if idx >= 0:
            self.html.append((idx, idx + len(raw), raw))
            self.cursor = idx + len(raw)

    def _tok_footnote_ref(self, tok: Token) -> None:
        key = tok["raw"]
        idx = self.src.find("[^", self.cursor, self.limit)
        if idx < 0:
            return
        close = self.src.find("]", idx, self.limit)
        self.footnote_refs.append((unikey(key), self._plain_len()))
        self.cursor = close + 1 if close >= 0 else idx + 2 + len(key)

    def _tok_link(self, tok: Token, is_image: bool = False) -> None:
        src = self.src
        opener = src.find("![" if is_image else "[", self.cursor, self.limit)
        angle = src.find("<", self.cursor, self.limit)
        url = tok["attrs"]["url"]
        kids = tok.get("children") or []
        first_raw = _first_raw(kids)
        text_pos = self.find(first_raw) if first_raw else None
        text_at = text_pos[0] if text_pos else None
        # decide which form of link this is by what comes first before its text
        if opener >= 0 and (text_at is None or opener < text_at):
            start = opener
            self.cursor = opener + (2 if is_image else 1)
            form = "bracket"
        elif angle >= 0 and text_at is not None and angle == text_at - 1:
            start, form = angle, "angle"
            self.cursor = angle + 1
        else:
            start = text_at if text_at is not None else self.cursor
            form = "bare"
        plain_start = self._plain_len()
        self.walk(kids)
        plain_end = self._plain_len()
        end = self._close_link(form)
        self.links.append(InlineLink(url=url, title=tok["attrs"].get("title"), text_start=plain_start,
                                         text_end=plain_end, start=start, end=end, is_image=is_image,
                                         label=tok.get("label")))
        self.cursor = max(self.cursor, end)

    def _tok_image(self, tok: Token) -> None:
        self._tok_link(tok, is_image=True)

    def _close_link(self, form: str) -> int:
        src, limit = self.src, self.limit
        if form == "angle":
            gt = src.find(">", self.cursor, limit)
            return gt + 1 if gt >= 0 else self.cursor
        if form == "bare":
            return self.cursor
        close = src.find("]", self.cursor, limit)
        if close < 0:
            return self.cursor
        nxt = close + 1
        if nxt < limit and src[nxt] == "(":
            return _matching_paren(src, nxt, limit)
        if nxt < limit and src[nxt] == "[":
            end = src.find("]", nxt, limit)
            return end + 1 if end >= 0 else nxt
        return nxt


def _first_raw(tokens: list[Token]) -> str:
    for t in tokens:
        if t["type"] in ("text", "codespan"):
            return str(t["raw"])
        if t.get("children"):
            found = _first_raw(t["children"])
            if found:
                return found
    return ""


# What ``_matching_paren`` reacts to: an escape (skips the next character), a quote, a parenthesis.
_PAREN_EVENT = re.compile(r"""\\.|["'()]""", re.S)


def _matching_paren(src: str, open_at: int, limit: int) -> int:
    """Offset after the ``)`` closing the link destination that opens at ``open_at``."""
    close = src.find(")", open_at, limit)
    if close >= 0:
        inside = src[open_at + 1:close]
        if "(" not in inside and "\\" not in inside and '"' not in inside and "'" not in inside:
            return close + 1  # no event before the first ")": the scan below would stop there
    depth = 0
    quote: str | None = None
    for m in _PAREN_EVENT.finditer(src, open_at, limit):
        ch = m.group()
        if ch[0] == "\\":
            continue
        j = m.start()
        if quote:
            if ch == quote:
                quote = None
        elif ch in "\"'" and depth == 1 and src[j - 1] in " \t\n":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return j + 1
    return limit


# Token type -> handler (types without one are walked through to their children).
_HANDLERS: dict[str, Callable[[InlineMapper, Token], None]] = {
    "text": InlineMapper._tok_text, "softbreak": InlineMapper._tok_softbreak,
    "linebreak": InlineMapper._tok_linebreak, "codespan": InlineMapper._tok_codespan,
    "inline_html": InlineMapper._tok_inline_html, "footnote_ref": InlineMapper._tok_footnote_ref,
    "link": InlineMapper._tok_link, "image": InlineMapper._tok_image,
}


def plain_run(tokens: list[Token], src: str, start: int, end: int) -> range | None:
    """The source range of the inline ``tokens`` of [start, end) when they are one text token found verbatim
    (no escape, no entity): the mapping ``map_inline`` would make, without its walk. Else None."""
    if len(tokens) != 1 or tokens[0]["type"] != "text":
        return None
    raw = tokens[0]["raw"]
    if not raw or "&" in raw:
        return None
    # ``src.find(raw, start, end)`` without its set-up for a long needle: ``raw`` starts at the first ``raw[0]``
    idx = src.find(raw[0], start, end)
    if idx < 0 or idx + len(raw) > end or not src.startswith(raw, idx):
        return None
    return range(idx, idx + len(raw)) if _only_markup_between(src, start, idx) else None


def _only_markup_between(src: str, a: int, b: int) -> bool:
    """Whether nothing alphanumeric stands in ``src[a:b]`` (markup, spaces, punctuation): text found at ``b``
    is the next text after ``a``. Indentation and block markers alone are settled without a search."""
    return a == b or not src[a:b].strip(_MARKERS) or not _ALNUM.search(src, a, b)


def map_inline(tokens: list[Token], src: str, start: int, end: int) -> InlineMapper:
    """Plain text of the inline ``tokens`` of source range [start, end), with what it holds."""
    mapper = InlineMapper(src, start, end)
    mapper.walk(tokens)
    chars = mapper._chars
    mapper.text = chars[0] if len(chars) == 1 else "".join(chars)
    return mapper
