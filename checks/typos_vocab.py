"""Words the spelling check accepts: the medical vocabulary, the project's words, and names on the page.

Matching is case-insensitive and accepts the plural (-s, -es) and possessive ('s, ’s) of an entry,
so "SSRIs", "troches" and "Spravato’s" pass when "SSRI", "troche" and "Spravato" are listed. A
hyphenated word passes when the whole word or every part is accepted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from checks.registry import RuleError, load_yaml, rules_root

VOCAB_FILE = Path("vocab") / "medical_words.yaml"
_EDGE = "\"'“”‘’()[]{}.,;:!?"
_HYPHENS = re.compile(r"[-‐‑/]")
_POSSESSIVE = re.compile(r"(?:['’]s|s['’]|['’])$")
# an abbreviation: 2 to 6 capitals and digits, at least two capitals, optional plural or possessive
_ABBREVIATION = re.compile(r"^(?=(?:[0-9]*[A-Z]){2})[A-Z0-9]{2,6}(?:s|['’]s)?$")
# "Koffler and colleagues", "Zhu et al", "Acevedo-Diaz et al’s", "Smith and Jones et al."
_CITED = re.compile(
    r"\b([A-Z][\w’'-]*[a-z][\w’'-]*)(?:\s+(?:and|&)\s+([A-Z][\w’'-]*[a-z][\w’'-]*))?"
    r"\s+(?:et\.?\s+al\b|and\s+(?:colleagues|coworkers|co-workers|associates)\b)")


def _forms(word: str) -> list[str]:
    """The word and the stems it may be an inflection of, case-folded."""
    base = _POSSESSIVE.sub("", word.strip(_EDGE)) or word
    low = base.casefold()
    forms = [low]
    if low.endswith("es"):
        forms.append(low[:-2])
    if low.endswith("s"):
        forms.append(low[:-1])
    return forms


class Vocabulary:
    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(w.strip().casefold() for w in words if w and w.strip())

    def __len__(self) -> int:
        return len(self.words)

    def _known(self, word: str) -> bool:
        return any(f in self.words for f in _forms(word))

    def accepts(self, word: str) -> bool:
        word = word.strip(_EDGE)
        if not word:
            return False
        if self._known(word):
            return True
        parts = [p for p in _HYPHENS.split(word) if p]
        return len(parts) > 1 and all(p.isdigit() or self._known(p) for p in parts)


def is_abbreviation(word: str) -> bool:
    return bool(_ABBREVIATION.match(word.strip(_EDGE)))


def cited_names(texts: Iterable[str]) -> frozenset[str]:
    """Author names the page cites as "<Name> et al" or "<Name> and colleagues", possessive removed."""
    names: set[str] = set()
    for text in texts:
        for m in _CITED.finditer(text):
            for name in m.groups():
                if name:
                    names.add(_POSSESSIVE.sub("", name))
    return frozenset(names)


def is_cited_name(word: str, names: frozenset[str]) -> bool:
    word = word.strip(_EDGE)
    return word in names or _POSSESSIVE.sub("", word) in names


@dataclass(frozen=True)
class WordJudge:
    """Decides, after LanguageTool, whether a word it did not know is correct after all."""

    vocab: Vocabulary
    names: frozenset[str] = frozenset()
    abbreviations: bool = True

    def known(self, word: str) -> bool:
        return (self.vocab.accepts(word) or is_cited_name(word, self.names)
                or (self.abbreviations and is_abbreviation(word)))

    def unknown_parts(self, word: str) -> list[str] | None:
        """For a compound with a known part ("NMDA-receptor"): the parts still to ask LanguageTool about.

        None when the word is no compound or no part of it is known (LanguageTool's verdict stands).
        """
        parts = [p for p in _HYPHENS.split(word.strip(_EDGE)) if p]
        if len(parts) < 2:
            return None
        known = [p.isdigit() or self.known(p) for p in parts]
        if not any(known):
            return None
        return [p for p, ok in zip(parts, known, strict=True) if not ok]


@lru_cache(maxsize=8)
def _load_medical(path: Path, mtime: float) -> tuple[str, ...]:
    del mtime  # part of the cache key only
    data = load_yaml(path)  # libyaml's loader when present; a RuleError names the file and line
    if not isinstance(data, dict):
        raise RuleError(f"{path}:1: the vocabulary must map section names to lists of words")
    words: list[str] = []
    for section, items in data.items():
        if not isinstance(items, list) or not all(isinstance(w, str) for w in items):
            raise RuleError(f"{path}: section {section!r} must be a list of words")
        words.extend(items)
    return tuple(words)


def medical_words(root: Path | None = None) -> tuple[str, ...]:
    path = (root or rules_root()) / VOCAB_FILE
    try:
        mtime = path.stat().st_mtime
    except OSError as exc:
        raise RuleError(f"{path}: cannot read the medical vocabulary: {exc.strerror or exc}") from None
    return _load_medical(path, mtime)


def read_words_file(path: Path) -> list[str]:
    """One word per line; blank lines and `#` comments ignored."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"typos.words_file: cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    return [w for line in lines if (w := line.split("#", 1)[0].strip())]


def build_vocabulary(words: Iterable[str], words_file: str | None, base_dir: Path) -> Vocabulary:
    """The medical vocabulary plus the project's words (`typos.words` and `typos.words_file`)."""
    extra = list(words)
    if words_file:
        path = Path(words_file).expanduser()
        extra += read_words_file(path if path.is_absolute() else base_dir / path)
    return Vocabulary([*medical_words(), *extra])
