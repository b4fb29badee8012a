"""Reporting helpers of the citations family: emit over a block's plain range, quote text briefly."""

from __future__ import annotations

from checks.context import CheckContext
from checks.document import TextBlock

Span = tuple[int, int]  # plain range in a block


def emit(ctx: CheckContext, block: TextBlock, code: str, a: int, b: int, message: str,
         suggestion: str | None = None) -> None:
    start, end = block.source_span(a, b)
    ctx.emit(code, start, end, message, suggestion=suggestion)


def clip(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def overlaps(spans: list[Span], a: int, b: int) -> bool:
    return any(s < b and a < e for s, e in spans)
