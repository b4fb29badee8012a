"""The ketamine draft must be a faithful Markdown copy of its plain-text seed.

The draft is the linter's test subject, so its words may not drift from the seed: no corrected typo,
no changed number, no Markdown syntax that swallows or alters text. The only intended differences are
the Markdown markup itself and the en dash that the copy put before sub-question headings.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import mistune
import pytest

from checks.slugs import github_slug

REPO = Path(__file__).resolve().parent.parent
DRAFT = REPO / "draft" / "ketamine.md"
# a copy of shared/seeds/000_bbaba724f237e904.txt, the page as the author sent it
SEED = REPO / "tests" / "fixtures" / "shared" / "ketamine_seed.txt"

# First line of the page; the author's request for feedback above it is not part of the page.
PAGE_START = "Ketamine"
TOC_INTRO = "The long version:"
EN_DASH = "\u2013"
# "1. Title", "5: Title", "4.1: Title", "6.1. Title"; the seed has an artefact en dash before sub-questions.
NUMBERED = re.compile("^(?P<dash>" + EN_DASH + r"?)(?P<major>\d+)(?P<minor>\.\d+)?[.:] ")

Token = dict[str, Any]


# --- helpers -------------------------------------------------------------------------------------------


def parse(text: str) -> list[Token]:
    return mistune.create_markdown(renderer=None)(text)  # type: ignore[return-value]


def walk(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        yield from walk(token.get("children", []))


def plain_text(tokens: list[Token]) -> str:
    """Concatenate the text tokens; block boundaries and line breaks become whitespace."""
    parts: list[str] = []
    for token in tokens:
        kind = token["type"]
        if kind in ("text", "codespan"):
            parts.append(token["raw"])
        elif kind in ("softbreak", "linebreak", "blank_line"):
            parts.append("\n")
        else:
            parts.append(plain_text(token.get("children", [])))
            parts.append("\n")
    return "".join(parts)


def seed_page_lines() -> list[str]:
    if not SEED.is_file():
        pytest.fail(f"seed copy missing: {SEED}")
    lines = SEED.read_text(encoding="utf-8").splitlines()
    return lines[lines.index(PAGE_START) :]


def split_seed(lines: list[str]) -> tuple[list[str], list[str]]:
    """Return (TOC lines, all other page lines with the heading en-dash artefacts removed)."""
    toc_start = lines.index(TOC_INTRO) + 2  # the TOC follows the intro after one blank line
    toc_end = lines.index("", toc_start)
    toc = lines[toc_start:toc_end]
    rest = lines[:toc_start] + lines[toc_end:]
    return toc, [line.removeprefix(EN_DASH) if NUMBERED.match(line) else line for line in rest]


def toc_list(ast: list[Token]) -> Token:
    """The top-level list that directly follows the "The long version:" paragraph."""
    blocks = [t for t in ast if t["type"] != "blank_line"]
    for before, block in itertools.pairwise(blocks):
        if before["type"] == "paragraph" and plain_text(before["children"]).strip() == TOC_INTRO:
            assert block["type"] == "list", "the TOC must be a Markdown list right after its intro"
            return block
    raise AssertionError("no TOC intro paragraph in the draft")


def toc_links(toc: Token) -> list[tuple[str, str]]:
    return [
        (plain_text(t["children"]).strip(), t["attrs"]["url"]) for t in walk([toc]) if t["type"] == "link"
    ]


def headings(ast: list[Token]) -> list[tuple[int, str]]:
    return [(t["attrs"]["level"], plain_text(t["children"]).strip()) for t in ast if t["type"] == "heading"]


@pytest.fixture(scope="module")
def draft_text() -> str:
    return DRAFT.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def ast(draft_text: str) -> list[Token]:
    return parse(draft_text)


# --- the slug helper itself ----------------------------------------------------------------------------


# --- draft structure (needs only the draft) ------------------------------------------------------------


def test_headings_count_and_levels(ast: list[Token]) -> None:
    found = headings(ast)
    levels = [level for level, _ in found]
    assert levels[0] == 1 and found[0][1] == PAGE_START
    assert levels.count(1) == 1 and levels.count(2) == 11 and levels.count(3) == 9
    for level, text in found[1:]:
        match = NUMBERED.match(text)
        assert match, f"heading without its number: {text!r}"
        assert not match["dash"], f"copy-artefact dash kept: {text!r}"
        assert level == (3 if match["minor"] else 2), text


def test_toc_links_use_the_slug_of_their_own_text(ast: list[Token]) -> None:
    links = toc_links(toc_list(ast))
    assert len(links) == 20
    heading_texts = {text for _, text in headings(ast)}
    heading_slugs = {github_slug(text) for text in heading_texts}
    for text, url in links:
        assert url == "#" + github_slug(text), text
        # a link resolves exactly when its text is the heading's text: the draft does not repair the TOC
        assert (url[1:] in heading_slugs) == (text in heading_texts), text


def test_no_markup_beyond_headings_toc_and_quotes(ast: list[Token]) -> None:
    toc = toc_list(ast)
    toc_ids = {id(t) for t in walk([toc])}
    allowed = {"heading", "paragraph", "text", "blank_line", "block_quote", "list", "list_item", "block_text"}
    for token in walk(ast):
        if id(token) in toc_ids:
            continue
        assert token["type"] in allowed, f"unexpected {token['type']}: {plain_text([token])[:80]!r}"


def test_blockquotes_follow_an_introduction(ast: list[Token]) -> None:
    blocks = [t for t in ast if t["type"] != "blank_line"]
    quotes = [
        (before, block) for before, block in itertools.pairwise(blocks) if block["type"] == "block_quote"
    ]
    assert len(quotes) == 3
    for before, _ in quotes:
        assert before["type"] == "paragraph" and plain_text(before["children"]).rstrip().endswith(":")


# --- fidelity against the seed -------------------------------------------------------------------------


def test_rendered_words_equal_seed_words(ast: list[Token]) -> None:
    toc = toc_list(ast)
    body = [t for t in ast if t is not toc]
    _, seed_rest = split_seed(seed_page_lines())
    draft_words = plain_text(body).split()
    seed_words = "\n".join(seed_rest).split()
    for i, (got, want) in enumerate(zip(draft_words, seed_words, strict=False)):
        assert got == want, (
            f"word {i}: draft {got!r} != seed {want!r} near {' '.join(seed_words[i - 5 : i + 5])!r}"
        )
    assert len(draft_words) == len(seed_words)


def test_toc_entries_equal_seed_toc_lines(ast: list[Token]) -> None:
    seed_toc, _ = split_seed(seed_page_lines())
    assert [text for text, _ in toc_links(toc_list(ast))] == seed_toc


def test_source_paragraphs_are_character_exact(draft_text: str) -> None:
    """Stripped of their Markdown prefix, the draft's blocks are the seed's lines, spacing included."""
    _, seed_rest = split_seed(seed_page_lines())
    seed_blocks = [line for line in seed_rest if line]
    draft_blocks = []
    for block in draft_text.split("\n\n"):
        if block.startswith(("- ", "  - ")):
            continue  # the TOC, compared above
        assert "\n" not in block.strip("\n"), f"block spans lines: {block[:80]!r}"
        draft_blocks.append(re.sub(r"^(#{1,3} |> )", "", block.strip("\n")))
    assert draft_blocks == seed_blocks


def test_commonmark_reading_agrees() -> None:
    """markdown-it-py (CommonMark, like GitHub) sees the same words as mistune: no parser-specific luck."""
    markdown_it = pytest.importorskip("markdown_it")
    md = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])
    tokens = md.parse(DRAFT.read_text(encoding="utf-8"))
    inlines = [t for t in tokens if t.type == "inline"]
    words = [w for t in inlines for c in t.children if c.type == "text" for w in c.content.split()]
    kinds = {c.type for t in inlines for c in t.children}
    assert kinds <= {"text", "softbreak", "link_open", "link_close"}, kinds
    assert words == plain_text(parse(DRAFT.read_text(encoding="utf-8"))).split()
