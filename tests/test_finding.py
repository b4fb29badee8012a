"""The finding type: the emitter's fast constructor builds the same frozen value as the dataclass one."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from checks.finding import FINDING_ORDER, Edit, Finding

FIELDS = ("p.md", 3, 5, 3, 9, "units", "UNT001", "spaced-unit", "warning", "write 5 mg", "5 mg", "a 5mg dose",
          (Edit(10, 13, "5 mg"),))


def test_make_builds_what_the_constructor_builds() -> None:
    made, built = Finding.make(*FIELDS), Finding(*FIELDS)
    assert made == built and hash(made) == hash(built) and repr(made) == repr(built)
    assert dataclasses.asdict(made) == dataclasses.asdict(built) and made.to_dict() == built.to_dict()
    assert pickle.loads(pickle.dumps(made)) == built
    assert len({made, built}) == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.line = 4  # type: ignore[misc]


def test_report_order_is_the_sort_key() -> None:
    f = Finding.make(*FIELDS)
    assert FINDING_ORDER(f) == f.sort_key() == ("p.md", 3, 5, "UNT001", 3, 9, "write 5 mg")
