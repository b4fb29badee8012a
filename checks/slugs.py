"""Heading-slug algorithms of the sites a page may be published on.

Each algorithm maps a heading's plain text to its anchor id; a ``Slugger`` adds
the site's rule for repeated headings. Select one with the ``slugger`` setting.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

# Unicode categories GitHub drops from a heading id: punctuation except the
# connector "_" and the hyphen-minus, symbols, controls, unassigned, separators
# other than the ASCII space, and non-decimal numbers.
_GITHUB_DROP = frozenset({"No", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "Sc", "Sk", "Sm", "So",
                          "Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp", "Zs"})


# Symbols that Unicode nevertheless marks Alphabetic (circled and squared Latin letters): kept.
_ALPHABETIC_SYMBOLS = ((0x24B6, 0x24E9), (0x1F130, 0x1F149), (0x1F150, 0x1F169), (0x1F170, 0x1F189))


def _github_keeps(ch: str) -> bool:
    if ch in " -" or ch.isalpha():
        return True
    code = ord(ch)
    if any(lo <= code <= hi for lo, hi in _ALPHABETIC_SYMBOLS):
        return True
    return unicodedata.category(ch) not in _GITHUB_DROP


# What ``_github_keeps`` drops among ASCII characters once lower-cased (one regex pass instead of a
# per-character test); non-ASCII characters are tested one by one.
_GITHUB_ASCII_DROP = re.compile(r"[^a-z0-9 _\-\x80-\U0010ffff]")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


def _github_kept(m: re.Match[str]) -> str:
    return "".join(ch for ch in m.group() if _github_keeps(ch))


def github_slug(text: str) -> str:
    """GitHub's rendering: lower-case, drop punctuation and symbols, spaces become hyphens."""
    slug = _GITHUB_ASCII_DROP.sub("", text.lower())
    if not slug.isascii():
        slug = _NON_ASCII_RUN.sub(_github_kept, slug)
    return slug.replace(" ", "-")


def pandoc_slug(text: str) -> str:
    """pandoc's ``auto_identifiers``: drop everything before the first letter."""
    kept = []
    for ch in text.lower():
        if ch.isalnum() or ch in "_-.":
            kept.append(ch)
        elif ch.isspace():
            kept.append("-")
    slug = "".join(kept)
    first = next((i for i, ch in enumerate(slug) if ch.isalpha()), len(slug))
    return slug[first:] or "section"


def python_markdown_slug(text: str) -> str:
    """Python-Markdown's ``toc`` extension (also MkDocs): ASCII-folded, runs of space/hyphen collapsed."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    folded = re.sub(r"[^\w\s-]", "", folded).strip().lower()
    return re.sub(r"[-\s]+", "-", folded)


SLUG_FUNCTIONS: dict[str, Callable[[str], str]] = {
    "github": github_slug,
    "pandoc": pandoc_slug,
    "python-markdown": python_markdown_slug,
    "mkdocs": python_markdown_slug,
}

# How each site makes a repeated slug unique.
_DUPLICATE_SEPARATOR = {"github": "-", "pandoc": "-", "python-markdown": "_", "mkdocs": "_"}


class Slugger:
    """Assigns unique slugs in document order, as the chosen site does."""

    def __init__(self, style: str = "github") -> None:
        if style not in SLUG_FUNCTIONS:
            raise ValueError(f"unknown slugger {style!r}; choose one of {', '.join(sorted(SLUG_FUNCTIONS))}")
        self.style = style
        self._slug = SLUG_FUNCTIONS[style]
        self._sep = _DUPLICATE_SEPARATOR[style]
        self._seen: dict[str, int] = {}

    def reserve(self, anchor: str) -> None:
        """Record an explicit id so a later generated slug does not take it."""
        self._seen.setdefault(anchor, 0)

    def slug(self, text: str) -> str:
        base = self._slug(text)
        candidate = base
        while candidate in self._seen:
            self._seen[base] = self._seen.get(base, 0) + 1
            candidate = f"{base}{self._sep}{self._seen[base]}"
        self._seen[candidate] = 0
        return candidate
