"""Building a frozen dataclass instance without its ``__init__``.

A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``; for the objects made in
bulk on every page (findings, quantities) filling the instance dictionary at once is several times cheaper.
"""

from __future__ import annotations

from typing import Any, TypeVar

T = TypeVar("T")


def frozen_from_fields(cls: type[T], fields: dict[str, Any]) -> T:
    """The same object as ``cls(**fields)`` for ``fields`` naming every field (defaults are not filled in;
    tests check each caller against the constructor)."""
    obj = object.__new__(cls)
    object.__setattr__(obj, "__dict__", fields)
    return obj
