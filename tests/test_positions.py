"""Parser positions: block lines agree with markdown-it-py; inline text maps back to the source exactly."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from checks.document import Document
from checks.parsing import is_prose, normalize_newlines, parse_blocks, split_front_matter

HERE = Path(__file__).parent
CORPUS = [*sorted((HERE / "fixtures" / "corpus").glob("*.md")), HERE.parent / "draft" / "ketamine.md",
          HERE.parent / "README.md"]

# mistune token type -> markdown-it-py opening token type
_KINDS = {"heading": "heading_open", "paragraph": "paragraph_open", "block_text": "paragraph_open",
          "block_code": "code", "block_quote": "blockquote_open", "list_item": "list_item_open",
          "table": "table_open", "thematic_break": "hr"}


def _mistune_lines(text: str) -> Counter[tuple[str, int]]:
    src, _fm = split_front_matter(normalize_newlines(text))
    tokens, _env = parse_blocks(src)
    out: Counter[tuple[str, int]] = Counter()

    def walk(toks: list[dict[str, Any]]) -> None:
        for t in toks:
            kind = _KINDS.get(t["type"])
            if kind and "pos" in t:
                out[(kind, t["pos"]["line"])] += 1
            kids = t.get("children")
            if isinstance(kids, list) and t["type"] not in ("paragraph", "block_text", "heading", "table", "footnotes"):
                walk(kids)
    walk(tokens)
    return out


def _mdit_lines(text: str) -> Counter[tuple[str, int]]:
    markdown_it = pytest.importorskip("markdown_it")
    from mdit_py_plugins.footnote import footnote_plugin  # type: ignore[import-not-found]
    from mdit_py_plugins.front_matter import front_matter_plugin  # type: ignore[import-not-found]

    md = markdown_it.MarkdownIt("commonmark").enable("table").use(front_matter_plugin).use(footnote_plugin)
    out: Counter[tuple[str, int]] = Counter()
    depth = 0  # footnote definitions are compared by their own test, not here
    for tok in md.parse(normalize_newlines(text)):
        depth += {"footnote_open": 1, "footnote_close": -1}.get(tok.type, 0)
        if depth:
            continue
        kind = "code" if tok.type in ("fence", "code_block") else tok.type
        if kind in _KINDS.values() and tok.map is not None:
            out[(kind, tok.map[0] + 1)] += 1
    return out


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_block_start_lines_agree_with_markdown_it(path: Path) -> None:
    pytest.importorskip("mdit_py_plugins")
    text = path.read_text(encoding="utf-8")
    ours, theirs = _mistune_lines(text), _mdit_lines(text)
    assert ours == theirs, {"only mistune": ours - theirs, "only markdown-it": theirs - ours}


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_every_plain_character_maps_to_its_source(path: Path) -> None:
    doc = Document(str(path), path.read_text(encoding="utf-8"))
    for block in doc.blocks:
        assert len(block.offsets) == len(block.text)
        assert block.offsets == sorted(block.offsets), block.text
        for ch, off in zip(block.text, block.offsets, strict=True):
            src = doc.text[off]
            # soft breaks become spaces; decoded entities point at their "&"
            assert src == ch or (ch == " " and src == "\n") or src == "&", (block.line, ch, src)
        if not block.offsets:  # an empty table cell: no character to place
            continue
        first, last = doc.loc(block.offsets[0])[0], doc.loc(block.offsets[-1])[0]
        if not block.approximate:
            assert block.line <= first <= last <= block.end_line


def test_footnote_definitions_are_positioned() -> None:
    doc = Document("x.md", "A claim.[^a] More.[^b]\n\n[^a]: One.\n[^b]: Two\n    continued here.\n")
    assert doc.footnote_defs == {"A": 3, "B": 4}
    assert doc.blocks[0].footnote_refs == [("A", 8), ("B", 14)]
    body = doc.blocks[-1]
    assert body.text == "Two continued here." and not body.approximate
    assert doc.loc(body.offsets[body.text.index("continued")]) == (5, 5)


def test_front_matter_keeps_lines() -> None:
    text = "---\ntitle: X\nconstants:\n  weight: 70 kg\n---\n# Head\n\nBody [bad](#nope).\n"
    doc = Document("x.md", text)
    assert doc.front_matter == {"title": "X", "constants": {"weight": "70 kg"}}
    assert doc.headings[0].line == 6 and doc.headings[0].column == 3
    assert doc.links[0].start == text.index("[bad]")


def test_broken_front_matter_reports_its_line() -> None:
    doc = Document("x.md", "---\ntitle: X\nbad: [unclosed\n---\n# Head\n")
    assert doc.front_matter_error is not None
    assert doc.front_matter_error.line in (3, 4)
    assert doc.headings[0].line == 5


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_newline_styles_give_the_same_positions(newline: str) -> None:
    text = newline.join(["# Title", "", "Para with [link](#title) and\ta tab.", "", "## Two", ""])
    doc = Document("x.md", text)
    link = doc.links[0]
    assert doc.loc(link.start) == (3, 11)
    assert [h.line for h in doc.headings] == [1, 5]


def test_bom_and_non_bmp_columns() -> None:
    doc = Document("x.md", "\ufeff# T\n\n𝛍 and 🧪 then [x](#t).\n")
    assert doc.loc(doc.links[0].start) == (3, 14)
    assert doc.text[doc.links[0].start] == "["


def test_inline_markup_is_stripped_but_mapped() -> None:
    doc = Document("x.md", "A **very** good [this study](http://x.org) found a *sub*-analysis \\* &amp; `code`.\n")
    block = doc.blocks[0]
    assert block.text == "A very good this study found a sub-analysis * & code."
    i = block.text.index("sub-analysis")
    a, b = block.source_span(i, i + len("sub-analysis"))
    assert doc.text[a:b] == "sub*-analysis"
    star = block.text.index("* &")
    assert doc.text[block.offsets[star] - 1: block.offsets[star] + 1] == "\\*"
    assert block.in_code(block.text.index("code"), block.text.index("code") + 4)


def test_table_cells_and_quotes_have_columns() -> None:
    doc = Document("x.md", "> quoted *text* here\n\n| a | b c |\n|---|---|\n| 10mg | x |\n")
    quote = doc.blocks[0]
    assert quote.in_quote and doc.loc(quote.offsets[0]) == (1, 3)
    cells = [b for b in doc.blocks if b.kind == "table_cell"]
    assert [c.text for c in cells] == ["a", "b c", "10mg", "x"]
    assert doc.loc(cells[2].offsets[0]) == (5, 3)


def test_sentences_are_split_with_abbreviations() -> None:
    doc = Document("x.md", "The dose is 0.5 mg/kg (eg 35 mg). Zhu et al. found it. Is it safe? Yes.\n")
    block = doc.blocks[0]
    assert [block.text[a:b] for a, b in block.sentences] == [
        "The dose is 0.5 mg/kg (eg 35 mg).", "Zhu et al. found it.", "Is it safe?", "Yes."]


def test_a_unit_after_its_number_ends_a_sentence_but_an_initial_does_not() -> None:
    from checks.sentences import split_sentences

    text = "Drink 2 L. Then rest. J. Smith agreed. It is 50 – 80 mg. This is usual."
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "Drink 2 L.", "Then rest.", "J. Smith agreed.", "It is 50 – 80 mg.", "This is usual."]


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_fast_paths_agree_with_the_general_ones(path: Path) -> None:
    """``plain_run`` maps a block as the inline mapper does; ``source_span`` and ``span_loc`` read the runs and
    the line table as ``offsets`` and ``loc`` do."""
    from checks.inline_map import map_inline, plain_run

    doc = Document(str(path), path.read_text(encoding="utf-8"))
    src, _fm = split_front_matter(doc.text)
    tokens, _env = parse_blocks(src)

    def walk(toks: list[dict[str, Any]]) -> None:
        for t in toks:
            kids = t.get("children")
            if is_prose(kids) and "pos" in t:
                a, b = doc.line_start(t["pos"]["line"]), doc.line_end(t["pos"]["end_line"])
                run = plain_run(kids, src, a, b)
                if run is not None:
                    res = map_inline(kids, src, a, b)
                    assert (res.text, list(run), res.approximate) == (kids[0]["raw"], [*res.runs[0]], False)
                    assert len(res.runs) == 1 and not (res.links or res.code or res.html or res.footnote_refs)
            elif isinstance(kids, list):
                walk(kids)

    walk(tokens)
    for block in doc.blocks:
        n = len(block.text)
        offsets = list(block.offsets)
        for a, b in ((0, n), (1, n - 1), (n // 2, n // 2 + 3), (-2, n + 5), (n - 1, n - 1)):
            expect = (0, 0) if not n else (offsets[min(max(a, 0), n - 1)],
                                           offsets[min(max(b - 1, min(max(a, 0), n - 1)), n - 1)] + 1)
            assert block.source_span(a, b) == expect
    for start in range(0, len(doc.text), 97):
        for end in (start, start + 1, start + 45, start + 400, len(doc.text)):
            if end >= start:
                assert doc.span_loc(start, end) == (*doc.loc(start), *doc.loc(end))


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_source_span_reads_the_runs_as_the_offsets_list(path: Path) -> None:
    """Before a block's ``offsets`` list is built, ``source_span`` reads its runs: the same answer."""
    doc = Document(str(path), path.read_text(encoding="utf-8"))
    for block in doc.blocks:
        n = len(block.text)
        ranges = [(0, n), (0, 1), (n // 2, n), (n // 3, 2 * n // 3 + 1)]
        before = [block.source_span(a, b) for a, b in ranges]
        assert "offsets" not in block.__dict__ or len(block.runs) == 1
        _ = block.offsets
        assert [block.source_span(a, b) for a, b in ranges] == before
