"""CIT009: a general conclusion drawn from a single study, from animals or from case reports."""

from __future__ import annotations

from checks.citation_claims import sentence_mode
from checks.citation_cue import Cue, by_position, read_sentence
from checks.citation_lexicon import Lexicon
from checks.citation_page import Page
from checks.citation_report import clip, emit
from checks.context import CheckContext


def single_study_cues(lex: Lexicon, sentence: str) -> list[Cue]:
    sent = read_sentence(sentence)
    return by_position(Cue("single", m.start(), m.end(), sentence[m.start():m.end()])
                       for rx in lex.triggered("single_study", sent) for m in rx.finditer(sent.text))


def generalises(lex: Lexicon, sentence: str) -> bool:
    sent = read_sentence(sentence)
    name = "generalisation_markers"
    return lex.may_match(name, sent) and bool(lex.phrases(name).search(sent.text))


def check_single_studies(page: Page, ctx: CheckContext) -> None:
    lex = page.lex
    for block in page.paragraphs():
        sentences = block.sentences
        for i, (s, e) in enumerate(sentences):
            sentence = block.text[s:e]
            markers = single_study_cues(lex, sentence)
            if not markers or sentence_mode(lex, sentence) in ("question", "conditional"):
                continue
            nxt = block.text[sentences[i + 1][0]:sentences[i + 1][1]] if i + 1 < len(sentences) else ""
            if generalises(lex, sentence) or (nxt and generalises(lex, nxt)):
                cue = markers[0]
                emit(ctx, block, "CIT009", s + cue.start, s + cue.end,
                     f'a general conclusion is drawn from "{clip(cue.text, 40)}"',
                     "say the result comes from a single study (or animals, or case reports), or cite a review")
