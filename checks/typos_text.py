"""The text LanguageTool sees for each prose block, with a map back to the block's plain text.

A block's plain text (Document.blocks) already has inline markup stripped, so "**very** good" and
"[this study](url) found" read as the reader sees them. Here we go one step further:

- code spans and link texts that are bare URLs or e-mail addresses become the placeholder "X"
  (a neutral token LanguageTool accepts), so they are never checked and do not break the sentence;
- where inline HTML that renders as a break (``<br>``, ``<sup>``, ``<sub>``) separates two
  characters, a space is inserted, so "word<br>next" is not read as one word;
- a run of whitespace becomes one space (the rendered page shows one);
- blocks without a letter outside code and URLs are skipped.

Synthetic characters map to -1; a LanguageTool match touching one is dropped by the caller, and so
is a grammar or style match right next to a placeholder ("a `ls` command" must not become an a/an
finding about the placeholder).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checks.document import Document, TextBlock

PLACEHOLDER = "X"
SYNTHETIC = -1
_BREAK_TAG = re.compile(r"<\s*/?\s*(?:br|sup|sub)\b[^>]*>", re.I)
_SPACE_RUN = re.compile(r"\s\s|[^\S ]")  # two whitespace characters, or one that is not a space
_URL_LIKE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|www\.|[^\s@]+@[^\s@]+\.[a-z]{2,}$)", re.I)


@dataclass(frozen=True)
class ProseText:
    """What LanguageTool checks for one block: ``text`` and, per character, its plain index (or -1)."""

    block: int
    text: str
    plain: tuple[int, ...]

    def next_to_placeholder(self, start: int, end: int) -> bool:
        """True if the nearest non-space character before `start` or after `end` is a placeholder."""
        i = start - 1
        while i >= 0 and self.text[i] == " ":
            i -= 1
        j = end
        while j < len(self.text) and self.text[j] == " ":
            j += 1
        return (i >= 0 and self.plain[i] == SYNTHETIC and self.text[i] != " ") or (
            j < len(self.text) and self.plain[j] == SYNTHETIC and self.text[j] != " ")

    def plain_range(self, start: int, end: int) -> tuple[int, int] | None:
        """Plain-text range [a, b) of LanguageTool range [start, end); None if it touches a synthetic char."""
        if end <= start or start < 0 or end > len(self.plain):
            return None
        covered = self.plain[start:end]
        if SYNTHETIC in covered:
            return None
        return covered[0], covered[-1] + 1


def _hidden_ranges(block: TextBlock) -> list[tuple[int, int]]:
    """Plain ranges replaced by the placeholder: code spans and links whose text is a URL."""
    ranges = list(block.code)
    for link in block.links:
        shown = block.text[link.text_start:link.text_end].strip()
        if shown and (shown == link.url or _URL_LIKE.match(shown)) and " " not in shown:
            ranges.append((link.text_start, link.text_end))
    ranges.sort()
    merged: list[tuple[int, int]] = []
    for a, b in ranges:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        elif b > a:
            merged.append((a, b))
    return merged


def _break_between(doc: Document, block: TextBlock, i: int) -> bool:
    """True if rendered-break HTML sits in the source between plain chars i and i + 1."""
    a, b = block.offsets[i] + 1, block.offsets[i + 1]
    return b - a >= 3 and bool(_BREAK_TAG.search(doc.text, a, b))


def prose_text(doc: Document, block: TextBlock) -> ProseText | None:
    text = block.text
    if not any(ch.isalpha() for ch in text):
        return None
    hidden = _hidden_ranges(block)
    has_html = "<" in doc.text[block.offsets[0]:block.offsets[-1] + 1]
    if not hidden and not has_html and not _SPACE_RUN.search(text):
        return ProseText(block.index, text, tuple(range(len(text))))  # the common case: nothing to change
    chars: list[str] = []
    plain: list[int] = []
    n = len(text)
    i = 0
    h = 0
    while i < n:
        if h < len(hidden) and i == hidden[h][0]:
            chars.append(PLACEHOLDER)
            plain.append(SYNTHETIC)
            i = hidden[h][1]
            h += 1
            continue
        ch = text[i]
        if ch.isspace() and chars and chars[-1] == " ":
            i += 1  # a run of spaces renders as one: LanguageTool sees one
            continue
        chars.append(" " if ch.isspace() else ch)
        plain.append(i)
        if has_html and i + 1 < n and not ch.isspace() and not text[i + 1].isspace() \
                and _break_between(doc, block, i):
            chars.append(" ")
            plain.append(SYNTHETIC)
        i += 1
    if not any(ch.isalpha() for ch, at in zip(chars, plain, strict=True) if at != SYNTHETIC):
        return None  # only code or URLs
    return ProseText(block.index, "".join(chars), tuple(plain))


def prose_texts(doc: Document) -> list[ProseText]:
    """One ProseText per block with prose, in document order."""
    out = []
    for block in doc.blocks:
        if block.offsets:
            pt = prose_text(doc, block)
            if pt is not None:
                out.append(pt)
    return out
