"""Citations family: links that went missing, claims and quotations without a source, absent figures.

The family entry point. ``checks.citation_page`` says what counts as a citation; each rule's cues and
judgement live in a ``checks.citation_*`` module. This module runs them and, per block, decides which
sentences still need a source of their own.
"""

from __future__ import annotations

from functools import partial

from checks.citation_claims import check_claim
from checks.citation_definitions import check_footnotes, check_reference_links
from checks.citation_deictics import check_deictics
from checks.citation_figures import check_figures
from checks.citation_marks import author_year_marks, numbered_marks
from checks.citation_named import check_named
from checks.citation_neighbours import continues_cited, following_cited, list_intro_cited, source_line_after
from checks.citation_page import BIBLIO, BlockState, Page, build_page
from checks.citation_quotes import check_quotes
from checks.citation_screen import block_screens, candidates
from checks.citation_single_study import check_single_studies
from checks.context import CheckContext
from checks.document import Document, TextBlock

CODES = ("CIT001", "CIT002", "CIT003", "CIT004", "CIT005", "CIT006", "CIT007", "CIT008", "CIT009", "CIT010")


def run(doc: Document, ctx: CheckContext) -> None:
    page = build_page(doc, ctx)
    intros = check_quotes(page, ctx)
    for block in doc.blocks:
        _check_block(page, ctx, block, intros)
    check_figures(page, ctx, candidates(page, "figure"))
    check_footnotes(page, ctx)
    check_reference_links(page, ctx)
    check_single_studies(page, ctx, candidates(page, "single"))


def _check_block(page: Page, ctx: CheckContext, block: TextBlock, intros: set[tuple[int, int]]) -> None:
    """CIT001-CIT004 sentence by sentence; a claim needs a source only if nothing around it gives one."""
    if block.kind == "heading" or block.in_quote:
        return
    text = block.text
    sentences = block.sentences or [(0, len(text))]
    gates = _sentence_gates(page, block)
    if gates is None:
        return
    state = BlockState(cites=page.cites(block), links=page.link_texts(block))
    own_claims = block.kind != "table_cell" and not _in_references(page, block)
    covered = partial(_covered, page, block, state)
    for i, ((s, e), (deictic, named, claim)) in enumerate(zip(sentences, gates, strict=True)):
        found = check_deictics(page, ctx, block, state, (s, e), first=(i == 0)) if deictic else 0
        if not own_claims or (block.index, s) in intros:
            continue
        if named:
            next_end = sentences[i + 1][1] if i + 1 < len(sentences) else e
            found += check_named(page, ctx, block, state, (s, e), next_end)
        if found:
            state.source_flagged = True
        elif claim and not state.cites:  # cites: the paragraph is covered
            check_claim(page, ctx, block, state, (s, e), covered)


Gates = tuple[bool, bool, bool]  # whether the deictic, named-source and claim checks can find a cue


def _sentence_gates(page: Page, block: TextBlock) -> list[Gates] | None:
    """Per sentence, which checks can find a cue in it; None when none can in any. A year is a cue only
    on a page with no reference list."""
    dates = not (page.has_reference_list or page.author_year_always)
    gates = [(sc.deictic, sc.names or (dates and sc.dated), sc.claim) for sc in block_screens(page, block)]
    return gates if any(any(g) for g in gates) else None


def _in_references(page: Page, block: TextBlock) -> bool:
    """A block of the reference list, a footnote body, or a reference entry."""
    return (block.index in page.reference_blocks or "footnotes" in block.containers
            or bool(BIBLIO.match(block.text)))  # BIBLIO is anchored


def _covered(page: Page, block: TextBlock, state: BlockState) -> bool:
    """The block's claims, in a block with no citation of its own, have a source: an attempted citation in
    it or a citation around it (memoised in ``state``)."""
    if state.covered is None:
        state.covered = (_attempted_citation(block) or following_cited(page, block)
                         or source_line_after(page, block) or list_intro_cited(page, block)
                         or continues_cited(page, block))
    return state.covered


def _attempted_citation(block: TextBlock) -> bool:
    """Author-year or numbered markers: citations even when unresolved (CIT001 and CIT004 report those)."""
    return bool(author_year_marks(block.text) or numbered_marks(block.text))
