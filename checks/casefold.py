"""The few characters outside ASCII that ``re.IGNORECASE`` matches to an ASCII letter.

Dotted capital I and dotless i match "i", the Kelvin sign matches "k", long s matches "s" (checked over
every code point by tests/test_casefold.py). A pre-filter that looks for lower-cased ASCII words finds
whatever a case-insensitive pattern finds, unless one of these characters is in the text.
"""

from __future__ import annotations

IGNORECASE_PARTNERS: dict[str, str] = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}
FOLDS_TO_ASCII = "".join(IGNORECASE_PARTNERS.values())
