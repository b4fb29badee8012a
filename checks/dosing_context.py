"""Which blocks of a page are dosing text: where Joint Commission and ISMP items become errors.

A block is dosing text when it sits in a dosing section, or when one of its sentences tells
the reader to take a dose.

* A dosing section is one whose heading matches the ``dosing_headings`` pattern (by default
  dose, doses, dosing, dosage, instructions, directions, "how to take", administration,
  regimen, prescribing information), with its sub-sections: a level-2 "Dosing" heading covers
  the level-3 headings under it.
* A dosing sentence holds a dose ("10 mg", "0.5 mg/kg", "one spray", "2 tablets") and reads as
  an instruction: it opens with an imperative ("Take", "Spray", "Start by", "Get a pharmacy
  to prepare"), also after a short lead-in ("Then,", "On day 2,"), or says who is to take it
  ("you should take", "tell patients to use").

Descriptions of doses ("users are taking 3,000 mg a day", "the standard dose is 0.5 mg/kg")
are not instructions; outside a dosing section they stay warnings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from checks.document import Document, TextBlock
from checks.quantities import Quantity
from checks.safe_regex import compile_safe

DEFAULT_HEADINGS = (r"\b(?:dos(?:e|es|ing|age|ages)|instructions?|directions|how to (?:take|use)|administration"
                    r"|regimens?|prescribing information)\b")

IMPERATIVES = frozenset(
    "take spray inject give apply use start begin increase decrease reduce repeat continue place put dissolve "
    "swallow inhale insert administer get add mix dilute draw chew instil instill rub".split())
_WORD = re.compile(r"[A-Za-z]+")
_LEAD_IN_WORDS = 5
_NOT_A_VERB_AFTER = frozenset({"of", "in", "is", "was", "are", "were", "has", "had", "and"})
_WHO_TAKES = re.compile(
    r"\b(?:you|patients?|adults?|children|they)\s+(?:should|must|can|may|will|need\s+to|have\s+to|ought\s+to)\s+"
    r"(?:take|use|spray|inject|apply|give|start)\b"
    r"|\b(?:tell|ask|instruct|advise|recommend)\w*\s+(?:\w+\s+){0,3}to\s+(?:take|use|spray|inject|apply|start)\b",
    re.IGNORECASE)
# Every match of _WHO_TAKES holds a space before one of its verbs: a quick test (the engine skips to spaces)
# that most sentences fail.
_WHO_TAKES_CUE = re.compile(r"\s(?:take|use|spray|inject|apply|give|start)", re.IGNORECASE)


def heading_pattern(pattern: str | None) -> re.Pattern[str]:
    return compile_safe(pattern or DEFAULT_HEADINGS, re.IGNORECASE, source="units.dosing_headings")


def dosing_sections(doc: Document, pattern: re.Pattern[str]) -> set[int]:
    """Indices into ``doc.headings`` of dosing sections and their sub-sections."""
    out: set[int] = set()
    open_level: int | None = None
    for i, h in enumerate(doc.headings):
        if open_level is not None and h.level <= open_level:
            open_level = None
        if open_level is not None:
            out.add(i)
        elif pattern.search(h.text):
            out.add(i)
            open_level = h.level
    return out


def _first_words(sentence: str) -> list[str]:
    """The sentence's first word, and the first word after a short lead-in ending in a comma ("Then, take")."""
    starts = [m for m in [_WORD.search(sentence)] if m]
    comma = sentence.find(",")
    if comma >= 0 and len(_WORD.findall(sentence[:comma])) <= _LEAD_IN_WORDS:
        after = _WORD.search(sentence, comma + 1)
        if after:
            starts.append(after)
    out = []
    for m in starts:
        nxt = _WORD.search(sentence, m.end())
        if nxt is None or nxt.group(0).lower() not in _NOT_A_VERB_AFTER:  # "Use of", "Increase in": nouns
            out.append(m.group(0).lower())
    return out


def is_instruction(sentence: str) -> bool:
    """An imperative sentence ("Take 10 mg", "Then, spray once") or one that says who is to take a dose."""
    if sentence.rstrip().endswith("?"):
        return False
    if any(w in IMPERATIVES for w in _first_words(sentence)):
        return True
    return bool(_WHO_TAKES_CUE.search(sentence) and _WHO_TAKES.search(sentence))


def instruction_block(block: TextBlock, doses: Iterable[Quantity]) -> bool:
    """Some sentence of ``block`` holds one of ``doses`` and reads as an instruction."""
    spans = [(q.start, q.end) for q in doses]
    if not spans:
        return False
    for s, e in block.sentences or [(0, len(block.text))]:
        if any(s <= a and b <= e for a, b in spans) and is_instruction(block.text[s:e]):
            return True
    return False


def dosing_blocks(doc: Document, pattern: re.Pattern[str], doses: dict[int, list[Quantity]]) -> frozenset[int]:
    """Indices of the blocks that are dosing text; ``doses`` maps a block index to its dose quantities."""
    sections = dosing_sections(doc, pattern)
    out = {b.index for b in doc.blocks if b.section is not None and b.section in sections}
    # a block already in a dosing section is dosing text whatever its sentences say: not read again
    out |= {i for i, qs in doses.items() if i not in out and instruction_block(doc.blocks[i], qs)}
    return frozenset(out)
