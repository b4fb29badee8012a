import re
import sys

from checks.casefold import IGNORECASE_PARTNERS


def test_partners_are_every_non_ascii_character_ignorecase_matches_to_a_letter() -> None:
    letter = re.compile(r"(?i)[a-z]")
    found: dict[str, str] = {}
    for cp in range(128, sys.maxunicode + 1):
        c = chr(cp)
        if letter.fullmatch(c):
            key = next(a for a in "abcdefghijklmnopqrstuvwxyz" if re.fullmatch(f"(?i){a}", c))
            found[key] = found.get(key, "") + c
    assert found == IGNORECASE_PARTNERS
