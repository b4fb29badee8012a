"""CIT009: a general conclusion drawn from a single study, from animals or from case reports."""

from __future__ import annotations

from collections.abc import Iterable

from checks.citation_claims import sentence_mode
from checks.citation_cue import Cue, Sentence, by_position
from checks.citation_lexicon import Lexicon
from checks.citation_page import Page
from checks.citation_report import clip, emit
from checks.context import CheckContext
from checks.document import TextBlock


def single_study_cues(lex: Lexicon, sent: Sentence) -> tuple[Cue, ...]:
    return by_position(Cue("single", m.start(), m.end(), sent.raw[m.start():m.end()])
                       for rx in lex.triggered("single_study", sent) for m in rx.finditer(sent.text))


def generalises(lex: Lexicon, sent: Sentence) -> bool:
    return lex.search_phrases("generalisation_markers", sent)


def check_single_studies(page: Page, ctx: CheckContext, candidates: Iterable[tuple[TextBlock, int]]) -> None:
    """Judge the candidate sentences (block, sentence index) of the page's paragraphs."""
    lex = page.lex
    for block, i in candidates:
        sentences = block.sentences
        s, e = sentences[i]
        sent = page.sentence(block, s, e)
        markers = single_study_cues(lex, sent)
        if not markers or sentence_mode(lex, sent) in ("question", "conditional"):
            continue
        nxt = page.sentence(block, *sentences[i + 1]) if i + 1 < len(sentences) else None
        if generalises(lex, sent) or (nxt is not None and nxt.raw and generalises(lex, nxt)):
            cue = markers[0]
            emit(ctx, block, "CIT009", s + cue.start, s + cue.end,
                 f'a general conclusion is drawn from "{clip(cue.text, 40)}"',
                 "say the result comes from a single study (or animals, or case reports), or cite a review")
