"""Footnote and reference-link integrity: markers with no definition (CIT007, CIT010) and footnotes
defined but never referenced (CIT008)."""

from __future__ import annotations

import re

from checks.citation_page import Page
from checks.citation_report import clip, emit
from checks.context import CheckContext
from checks.document import Document

_FOOTNOTE_TEXT = re.compile(r"\[\^([^\]\s]+)\]")
_REF_LINK_TEXT = re.compile(r"(?<![\]\\!^])\[([^\[\]^][^\[\]]*)\]\[([^\[\]]*)\]")


def check_footnotes(page: Page, ctx: CheckContext) -> None:
    doc = page.doc
    defined = {k.upper() for k in doc.footnote_defs}
    used: set[str] = set()
    for block in doc.blocks:
        if block.footnote_refs:
            used |= {k.upper() for k, _pos in block.footnote_refs}
        if "[^" not in block.text:
            continue  # every marker _FOOTNOTE_TEXT matches holds "[^"
        for m in _FOOTNOTE_TEXT.finditer(block.text):
            if block.in_code(m.start(), m.end()) or m.group(1).upper() in defined:
                continue
            emit(ctx, block, "CIT007", m.start(), m.end(), f"footnote reference [^{m.group(1)}] has no definition",
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


def _label_key(label: str) -> str:
    """A reference label as Markdown matches it: whitespace collapsed, case folded."""
    return " ".join(label.split()).upper()


def check_reference_links(page: Page, ctx: CheckContext) -> None:
    defined = {_label_key(k) for k in page.doc.link_defs}
    for block in page.doc.blocks:
        if "][" not in block.text:
            continue  # every reference link holds "]["
        for m in _REF_LINK_TEXT.finditer(block.text):
            label = m.group(2) or m.group(1)
            if block.in_code(m.start(), m.end()) or _label_key(label) in defined:
                continue
            emit(ctx, block, "CIT010", m.start(), m.end(),
                 f'reference link "[{clip(m.group(1), 40)}][{m.group(2)}]" has no definition for "{label}"',
                 f'add a line "[{label}]: https://..." with the source\'s address')
