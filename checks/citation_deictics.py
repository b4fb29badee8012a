"""Dangling deictic references (CIT001): words that promise a link ("this study", "here", "(source)",
numbered markers) with no citation they can point to."""

from __future__ import annotations

import re

from checks.citation_cue import WORD, Cue, Sentence, by_position, is_plural_noun, read_sentence, singular
from checks.citation_lexicon import Lexicon
from checks.citation_marks import numbered_marks
from checks.citation_neighbours import following_cited, is_visual, neighbour, neighbour_cites
from checks.citation_page import BlockState, Page, cited_between
from checks.citation_report import Span, clip, emit, overlaps
from checks.context import CheckContext
from checks.document import TextBlock

_JOINERS = frozenset({"of", "and", "the", "&", "for", "on", "in"})
_SELF_WE = re.compile(r",?\s+(?:we|I)\b(?!')(?!\s+(?:think|believe|guess|suspect|feel|suppose|would|'d)\b)"
                      r"|\s+(?:is|was)\s+ours\b", re.I)
_LOOK_BEFORE = re.compile(r"(?<![\w-])(?:see|read|check\s+out|watch|listen\s+to)\s*$", re.I)
_FROM_NAME = re.compile(r"^\s+(?:from|by|in|on)\s+(?:the\s+)?[A-Z]")
_HERE_END = re.compile(r"(?<![\w-])here(?=\s*(?:[.!;)]|$))", re.I)
_CLICK_HERE = re.compile(r"(?<![\w-])(?:click|tap)\s+here\b", re.I)


# --- the cues in one sentence ---------------------------------------------------------

def find_deictics(lex: Lexicon, sent: Sentence) -> tuple[Cue, ...]:
    """Words that promise a link: "this study", "here", "(source)", numbered markers."""
    text = sent.text
    this = _this_sources(lex, text) if _may_point(lex, sent) else []
    if this and lex.search_phrases("participation", sent):
        this = []  # a trial's own information sheet
    else:  # "In this study, we ..." is a paper speaking of itself
        this = [c for c in this if not _SELF_WE.match(text, c.end)]
    places = [Cue("placeholder", m.start(), m.end(), sent.raw[m.start():m.end()])
              for m in _placeholder_rx(lex).finditer(text)] if _may_hold_placeholder(lex, sent) else []
    here = _here(lex, text) if "here" in sent.tokens else []  # every "here" cue holds the word
    return by_position([*this, *here, *places, *numbered_marks(text)])


def _may_point(lex: Lexicon, sent: Sentence) -> bool:
    """Whether ``_deictic_rx`` can match: it needs a determiner and a noun, each a whole word."""
    return lex.may_match("deictic_determiners", sent) and (lex.may_match("deictic_nouns", sent)
                                                            or lex.may_match("self_nouns", sent))


def _may_hold_placeholder(lex: Lexicon, sent: Sentence) -> bool:
    """Whether ``_placeholder_rx`` can match: a bracket, then a placeholder word bounded by space or brackets."""
    return ("(" in sent.text or "[" in sent.text) and lex.may_match("placeholders", sent)


def _valid_modifiers(lex: Lexicon, mods: list[str]) -> bool:
    stops = lex.words("stop_words")
    for i, raw in enumerate(mods):
        word = raw.strip(",")
        low = word.lower()
        capital_neighbours = (i > 0 and mods[i - 1][:1].isupper()) and (i + 1 < len(mods) and mods[i + 1][:1].isupper())
        if low in stops and not (low in _JOINERS and capital_neighbours):
            return False
        if word[:1].islower() and low.endswith("s") and not low.endswith(("ous", "ss", "is", "us")):
            return False  # "this makes studies ...": a verb, not an adjective
    return True


def _deictic_rx(lex: Lexicon) -> re.Pattern[str]:
    def build() -> str:
        nouns = "(?:" + lex.alternation("deictic_nouns") + "|" + lex.alternation("self_nouns") + ")"
        dets = lex.alternation("deictic_determiners")
        return rf"(?<![\w-])({dets})\s+((?:[\w'.,&-]+\s+){{0,5}}?)({nouns})(?![\w-])"
    return lex.regex("deictic", build)


def _this_sources(lex: Lexicon, text: str) -> list[Cue]:
    out: list[Cue] = []
    selfish = lex.words("self_nouns")
    blockers = lex.words("compound_blockers")
    for m in _deictic_rx(lex).finditer(text):
        mods = m.group(2).split()
        noun = m.group(3)
        if not _valid_modifiers(lex, mods):
            continue
        if noun.lower() in selfish and not _external(text, m, mods):
            continue
        nxt = WORD.match(text[m.end():].lstrip())
        if nxt and nxt.group(0).lower() in blockers:
            continue
        if _own_study(lex, text, m.start(), m.end()):
            continue
        kind = "these" if m.group(1).lower() == "these" or is_plural_noun(noun) else "this"
        out.append(Cue(kind, m.start(), m.end(), m.group(0), detail=noun.lower()))
    return out


def _external(text: str, m: re.Match[str], mods: list[str]) -> bool:
    """A noun a page uses for itself ("this article") names another work when a proper name modifies it
    ("this Journal of Urology article", "this guide from CHADD") or the reader is sent to it ("see this guide")."""
    return (any(w[:1].isupper() and w != "I" for w in mods) or bool(_LOOK_BEFORE.search(text[:m.start()]))
            or bool(_FROM_NAME.match(text[m.end():])))


def _own_study(lex: Lexicon, text: str, start: int, end: int) -> bool:
    """"take this survey", "join this trial", "this survey takes 10 minutes": the page's own study."""
    before = lex.regex("participation_before", lambda: rf"(?<![\w-]){lex.alternation('participation_verbs')}\s*$")
    after = lex.regex("self_after", lambda: rf"^\s*{lex.alternation('self_followers')}(?![\w-])")
    return bool(before.search(text[:start]) or after.match(text[end:]))


def _here_rx(lex: Lexicon) -> re.Pattern[str]:
    def build() -> str:
        nouns = "(?:" + lex.alternation("deictic_nouns") + "|" + lex.alternation("link_nouns") + ")"
        return (rf"^[\"“(]?\s*(here(?:'s|\s+is|\s+are))\s+(?:an?|the|some|one|two|three|a\s+few|another|this)\s+"
                rf"((?:[\w'.,-]+\s+){{0,4}}?){nouns}(?![\w-])")
    return lex.regex("here", build)


def _here(lex: Lexicon, text: str) -> list[Cue]:
    out: list[Cue] = []
    verbs = lex.phrases("link_verbs")
    for m in _HERE_END.finditer(text):
        clause = re.split(r"[,;:(—–]", text[:m.start()])[-1]
        if verbs.search(clause) or text[:m.start()].rstrip().endswith("("):
            out.append(Cue("here", m.start(), m.end(), m.group(0)))
    for m in _CLICK_HERE.finditer(text):
        if not any(c.start <= m.end() - 4 < c.end for c in out):
            out.append(Cue("here", m.end() - 4, m.end(), "here"))
    head = _here_rx(lex).match(text)
    if head and _valid_modifiers(lex, [w for w in head.group(2).split() if w.strip(",")]):
        colon = text.rstrip().endswith(":")
        out.append(Cue("here-is", head.start(1), head.end(), text[head.start(1):head.end()],
                       detail="colon" if colon else ""))
    return out


def _placeholder_rx(lex: Lexicon) -> re.Pattern[str]:
    def build() -> str:
        return rf"[(\[]\s*(?:see\s+)?{lex.alternation('placeholders')}(?:\s*[)\]]|(?=\s*;[^)\]]*[)\]]))"
    return lex.regex("placeholder", build)


# --- judged against the page -----------------------------------------------------------

def check_deictics(page: Page, ctx: CheckContext, block: TextBlock, state: BlockState, span: Span,
                   first: bool) -> int:
    s, e = span
    count = 0
    for cue in find_deictics(page.lex, page.sentence(block, s, e)):
        a, b = s + cue.start, s + cue.end
        if overlaps(state.links, a, b) or block.in_code(a, b) or singular(cue.detail) in page.own_nouns:
            continue
        if _deictic_covered(page, block, state, cue, a, b, e, first):
            continue
        message, suggestion = _deictic_message(cue)
        emit(ctx, block, "CIT001", a, b, message, suggestion)
        count += 1
    return count


def _deictic_covered(page: Page, block: TextBlock, state: BlockState, cue: Cue, a: int, b: int, end: int,
                     first: bool) -> bool:
    if cited_between(state, b, b + 3):  # "this study [1]", "here: https://...", "this trial[^2]"
        return True
    if cue.kind == "numbered":
        return page.has_reference_list or page.numbered_always
    if cue.kind == "placeholder":
        return False
    if cue.kind in ("here", "here-is"):
        return cited_between(state, b, end) or (block.text[:end].rstrip().endswith(":")
                                                 and _following_visual_or_cited(page, block))
    if _antecedent_cited(page, block, state, a, first):
        return True
    return cue.kind == "these" and _plural_antecedent(page, block, cue, a, first)


def _following_visual_or_cited(page: Page, block: TextBlock) -> bool:
    n = neighbour(page, block)
    return following_cited(page, block) or is_visual(page, n) or n.kind in ("block_quote", "list")


def _antecedent_cited(page: Page, block: TextBlock, state: BlockState, pos: int, first: bool) -> bool:
    """A source cited earlier in the paragraph (or at the end of the one before) that "this" can refer to."""
    for a, b in state.cites:
        if a >= pos:
            break
        if not find_deictics(page.lex, read_sentence(block.text[a:b])):
            return True
    if first and not block.text[:pos].strip(" (\"“"):
        return neighbour_cites(page, neighbour(page, block, after=False), ("paragraph",))
    return False


def _plural_antecedent(page: Page, block: TextBlock, cue: Cue, pos: int, first: bool) -> bool:
    noun = re.compile(rf"\b{re.escape(cue.detail)}\b", re.I)
    if noun.search(block.text[:pos]):
        return True
    n = neighbour(page, block, after=False)
    return first and n.block is not None and n.kind in ("paragraph", "list") and bool(noun.search(n.block.text))


def _deictic_message(cue: Cue) -> tuple[str, str]:
    text = cue.text.strip()
    if cue.kind == "numbered":
        return (f'"{text}" looks like numbered citations, but the page has no reference list',
                'add a numbered "References" list, or link each number to its source')
    if cue.kind == "placeholder":
        word = text.strip("()[] ")
        return (f'placeholder "{word}" where a link to the source should be',
                f'link "{word}" to the source it names')
    if cue.kind == "here":
        return ('"here" stands where a link was, but nothing is linked',
                "link words that describe the target (not \"here\") to the source")
    if cue.kind == "here-is":
        return (f'"{clip(text, 50)}" presents a source, but nothing is linked', "link the source it presents")
    return (f'"{clip(text, 50)}" points to a source, but nothing is linked',
            f'link "{clip(text, 50)}" to the source, or give a reference the reader can find')
