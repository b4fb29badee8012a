"""Source lines with findings highlighted in place, for the ``html`` report.

Each line is cut at every finding boundary on it, so overlapping findings never nest or cross
tags: every piece is one ``<mark>`` naming all the findings that cover it (``data-f``). A
finding's first piece is preceded by an anchor the side list links to. A finding of zero
width shows as a caret. All text is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from checks.finding import SEVERITY_RANK


@dataclass(frozen=True)
class Span:
    """One finding's place: 1-based lines, code-point columns, ``end_column`` exclusive."""

    fid: str
    line: int
    column: int
    end_line: int
    end_column: int
    severity: str
    label: str  # hover text: code, rule and message


def _cut(text: str, n: int, spans: list[Span]) -> list[tuple[int, int, Span]]:
    """Each span's [start, end) on line ``n`` of ``text``, clamped to the line."""
    out = []
    for s in spans:
        start = s.column - 1 if s.line == n else 0
        end = s.end_column - 1 if s.end_line == n else len(text)
        start = min(max(start, 0), len(text))
        out.append((start, min(max(end, start), len(text)), s))
    return out


def _mark(text: str, covering: list[Span], extra_class: str = "") -> str:
    worst = max(covering, key=lambda s: SEVERITY_RANK[s.severity]).severity
    ids = " ".join(s.fid for s in covering)
    title = "\n".join(s.label for s in covering)
    cls = "seg" + (f" {extra_class}" if extra_class else "")
    return (f'<mark class="{cls}" data-f="{escape(ids)}" data-sev="{worst}" data-on="1" data-n="{len(covering)}" '
            f'title="{escape(title)}">{escape(text)}</mark>')


def render_line(text: str, n: int, spans: list[Span]) -> str:
    """The HTML of one source line with the spans that touch it."""
    if not spans:
        return escape(text)
    cuts = _cut(text, n, spans)
    starts: dict[int, list[Span]] = {}
    for start, _, s in cuts:
        if s.line == n:
            starts.setdefault(start, []).append(s)
    points = sorted({0, len(text)} | {p for start, end, _ in cuts for p in (start, end)})
    out: list[str] = []
    for i, a in enumerate(points):
        for s in starts.get(a, []):
            out.append(f'<a class="anchor" id="hl-{escape(s.fid)}"></a>')
        carets = [s for start, end, s in cuts if start == end == a]
        if carets:
            out.append(_mark("", carets, "caret"))
        if i + 1 < len(points):
            b = points[i + 1]
            covering = [s for start, end, s in cuts if start <= a and b <= end and start < end]
            out.append(_mark(text[a:b], covering) if covering else escape(text[a:b]))
    return "".join(out)


def render_source(lines: list[str], spans: list[Span], file_id: str) -> str:
    """Numbered lines, one ``div`` each (only the code keeps its white space); lines with findings carry
    the class ``has``."""
    by_line: dict[int, list[Span]] = {}
    for s in spans:
        for n in range(s.line, min(s.end_line, len(lines)) + 1):
            by_line.setdefault(n, []).append(s)
    rows = []
    for n, text in enumerate(lines, start=1):
        mine = by_line.get(n, [])
        cls = "line has" if mine else "line"
        rows.append(f'<div class="{cls}" id="L{file_id}-{n}"><span class="no" data-n="{n}"></span>'
                    f'<span class="code">{render_line(text, n, mine)}</span></div>')
    return '<div class="src">\n' + "\n".join(rows) + "\n</div>"
