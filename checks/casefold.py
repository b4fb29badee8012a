"""The few characters outside ASCII that ``re.IGNORECASE`` matches to an ASCII letter.

Dotted capital I and dotless i match "i", the Kelvin sign matches "k", long s matches "s" (checked over
every code point by tests/test_casefold.py). A pre-filter that looks for lower-cased ASCII words finds
whatever a case-insensitive pattern finds, unless one of these characters is in the text.
"""

from __future__ import annotations

from collections.abc import Iterable

IGNORECASE_PARTNERS: dict[str, str] = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}
FOLDS_TO_ASCII = "".join(IGNORECASE_PARTNERS.values())


def ignorecase_variants(chars: Iterable[str]) -> frozenset[str]:
    """Every character that matches one of the ASCII ``chars`` under re.IGNORECASE (non-letters: themselves)."""
    out: set[str] = set()
    for c in chars:
        out.update((c, c.lower(), c.upper(), *IGNORECASE_PARTNERS.get(c.lower(), "")))
    return frozenset(out)
