"""Anchors family: in-page links, the table of contents and heading numbering."""

from __future__ import annotations

import difflib
import os
import re
from collections import Counter
from urllib.parse import unquote

from checks.context import CheckContext
from checks.document import Document, Heading, Link
from checks.finding import Edit
from checks.toc import TocEntry, entry_number, find_toc, heading_number, normalise

CODES = ("ANC001", "ANC002", "ANC003", "ANC004", "ANC005", "ANC006", "ANC007", "ANC008")


def run(doc: Document, ctx: CheckContext) -> None:
    toc = find_toc(doc)
    by_number = _headings_by_number(doc)
    _broken_fragments(doc, ctx, toc, by_number)
    if toc:
        _toc_consistency(doc, ctx, toc, by_number)
    _numbering(doc, ctx)
    _duplicates(doc, ctx)
    _other_files(doc, ctx)


def _resolve(doc: Document, fragment: str) -> str | None:
    """The anchor a fragment reaches (exact, then percent-decoded, then ignoring case)."""
    for cand in (fragment, unquote(fragment)):
        if cand in doc.anchors:
            return cand
    lowered = doc.memo("anchors:lowered", lambda: {a.lower(): a for a in doc.anchors})
    return lowered.get(unquote(fragment).lower())


_DUP_SUFFIX = re.compile(r"-\d+$")


def _is_numbered_copy(anchor: str, anchors: frozenset[str]) -> bool:
    base = _DUP_SUFFIX.sub("", anchor)
    return base != anchor and base in anchors


def _nearest(fragment: str, anchors: frozenset[str]) -> str | None:
    words = set(fragment.split("-"))
    # compare only anchors of similar length sharing a word, and not the numbered copies of a repeated
    # heading ("notes-1", "notes-2"): difflib is slow on long pages
    pool = [a for a in anchors if abs(len(a) - len(fragment)) <= max(len(a), len(fragment)) // 2
            and (words & set(a.split("-")) or len(fragment) < 6) and not _is_numbered_copy(a, anchors)]
    close = difflib.get_close_matches(fragment, sorted(pool), n=1, cutoff=0.6)
    return close[0] if close else None


def nearest_anchor(fragment: str, doc: Document) -> str | None:
    """The anchor of ``doc`` most like ``fragment`` (for "did you mean"), or None; once per fragment and page."""
    anchors = doc.memo("anchors:set", lambda: frozenset(doc.anchors))
    return doc.memo(("anchors:nearest", fragment), lambda: _nearest(fragment, anchors))


def _headings_by_number(doc: Document) -> dict[tuple[int, ...], Heading]:
    out: dict[tuple[int, ...], Heading] = {}
    for h in doc.headings:
        num = heading_number(doc, h)
        if num is not None:
            out.setdefault(num.parts, h)
    return out


def _heading_for_slug(doc: Document, anchor: str) -> Heading | None:
    return next((h for h in doc.headings if h.slug == anchor), None)


def _url_span(doc: Document, link: Link) -> tuple[int, int] | None:
    i = doc.text.find(link.url, link.start, link.end)
    return (i, i + len(link.url)) if i >= 0 else None


def _broken_fragments(doc: Document, ctx: CheckContext, toc: list[TocEntry],
                      by_number: dict[tuple[int, ...], Heading]) -> None:
    toc_links = {id(e.link): e for e in toc}
    for link in doc.links:
        if not link.url.startswith("#") or link.url == "#":
            continue
        fragment = link.url[1:]
        if _resolve(doc, fragment) is not None:
            continue
        target: str | None = None
        entry = toc_links.get(id(link))
        if entry is not None:  # a TOC entry: its number names the heading it meant
            num = entry_number(entry.text)
            if num in by_number:
                target = by_number[num].slug
        if target is None:
            target = nearest_anchor(fragment, doc)
        fix: tuple[Edit, ...] = ()
        span = _url_span(doc, link)
        if target is not None and span is not None and entry is not None:
            fix = (Edit(span[0], span[1], "#" + target),)
        ctx.emit("ANC001", link.start, link.end,
                 f"link target #{fragment} matches no heading or anchor on this page",
                 suggestion=f"did you mean #{target}?" if target else None, fix=fix)


def _toc_consistency(doc: Document, ctx: CheckContext, toc: list[TocEntry],
                     by_number: dict[tuple[int, ...], Heading]) -> None:
    matched: list[tuple[TocEntry, Heading]] = []
    for entry in toc:
        anchor = _resolve(doc, entry.link.url[1:])
        heading = _heading_for_slug(doc, anchor) if anchor else None
        num = entry_number(entry.text)
        if heading is None and num is not None:
            heading = by_number.get(num)
        if heading is None:
            continue
        matched.append((entry, heading))
        if normalise(heading.text) != entry.text:
            block = doc.blocks[entry.link.block]
            a, b = block.source_span(entry.link.text_start, entry.link.text_end)
            ctx.emit("ANC002", entry.link.start, entry.link.end,
                     f'TOC entry "{entry.text}" differs from its heading "{normalise(heading.text)}" '
                     f"(line {heading.line})",
                     suggestion=f'write "{normalise(heading.text)}" in both places',
                     fix=(Edit(a, b, normalise(heading.text)),) if b > a else ())
    if not matched:
        return
    listed = {id(h) for _, h in matched}
    levels = {h.level for _, h in matched}
    first_line = min(e.link.start for e in toc)
    toc_line = doc.loc(first_line)[0]
    for h in doc.headings:
        if h.line > toc_line and h.level in levels and id(h) not in listed:
            ctx.emit("ANC003", h.start, h.end, f'heading "{h.text}" is not in the table of contents',
                     suggestion=f"add - [{h.text}](#{h.slug}) to the table of contents")
    order = {id(h): i for i, h in enumerate(doc.headings)}
    best = -1
    for entry, heading in matched:
        idx = order[id(heading)]
        if idx < best:
            ctx.emit("ANC004", entry.link.start, entry.link.end,
                     f'TOC entry "{entry.text}" is listed after a heading that comes later on the page '
                     f"(its heading is on line {heading.line})", suggestion="list entries in page order")
        best = max(best, idx)


def _numbering(doc: Document, ctx: CheckContext) -> None:
    numbered = [(h, n) for h in doc.headings if (n := heading_number(doc, h)) is not None]
    if len(numbered) < 2:
        return
    last_at: dict[tuple[int, ...], int] = {}  # parent prefix -> last child number seen
    seen: set[tuple[int, ...]] = set()
    for _h, n in numbered:
        parent, last = n.parts[:-1], n.parts[-1]
        seen.add(n.parts)
        if parent and parent not in seen:
            ctx.emit("ANC005", n.start, n.end, f"heading number {n.label} has no parent section "
                     f"{'.'.join(map(str, parent))} before it")
        prev = last_at.get(parent, 0)
        if last == prev:
            ctx.emit("ANC005", n.start, n.end, f"heading number {n.label} repeats the previous number")
        elif last != prev + 1:
            expected = ".".join(map(str, (*parent, prev + 1)))
            ctx.emit("ANC005", n.start, n.end, f"heading number {n.label} does not follow the previous "
                     f"number (expected {expected})", suggestion=f"number this section {expected}")
        last_at[parent] = last
    seps = Counter(n.separator for _, n in numbered)
    if len(seps) < 2:
        return
    top = max(seps.items(), key=lambda kv: (kv[1], -[n.separator for _, n in numbered].index(kv[0])))[0]
    examples = ", ".join(f'"{n.label}{n.separator}"' for _, n in numbered if n.separator == top)
    for _h, n in numbered:
        if n.separator != top:
            shown = f'"{n.separator}"' if n.separator else "no separator"
            ctx.emit("ANC006", n.start, n.end,
                     f'heading number "{n.label}{n.separator}" uses {shown} where most headings use "{top}" '
                     f"({seps[top]} of {len(numbered)}: {_clip(examples)})",
                     suggestion=f'write "{n.label}{top}"')


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(",", 1)[0] + ", ..."


def _duplicates(doc: Document, ctx: CheckContext) -> None:
    seen: dict[str, Heading] = {}
    for h in doc.headings:
        if h.explicit_id:
            continue
        key = normalise(h.text).lower()
        if key in seen:
            first = seen[key]
            ctx.emit("ANC007", h.start, h.end,
                     f'heading "{h.text}" repeats the heading on line {first.line}; its anchor becomes #{h.slug}',
                     suggestion="make the heading text unique or give it an explicit {#id}")
        else:
            seen[key] = h


def _other_files(doc: Document, ctx: CheckContext) -> None:
    cache: dict[str, Document | None] = {}
    base = os.path.dirname(doc.path)
    for link in doc.links:
        frag = link.fragment
        target = link.target_file
        if frag is None or not target or link.url.startswith("#"):
            continue
        full = os.path.normpath(os.path.join(base, unquote(target)))
        if full not in cache:
            cache[full] = _load_other(full, ctx)
        other = cache[full]
        if other is None or _resolve(other, frag) is not None:
            continue
        close = nearest_anchor(frag, other)
        ctx.emit("ANC008", link.start, link.end, f"{target} has no heading or anchor #{frag}",
                 suggestion=f"did you mean {target}#{close}?" if close else None)


def _load_other(path: str, ctx: CheckContext) -> Document | None:
    if not path.lower().endswith((".md", ".markdown")) or not os.path.isfile(path):
        return None
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except (OSError, UnicodeDecodeError):
        return None
    slugger = getattr(ctx.settings, "slugger", "github")
    return Document(path, text, slugger=slugger)
