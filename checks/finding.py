"""The one result type every check returns."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any

from checks.frozen import frozen_from_fields

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
FAMILIES = ("typos", "anchors", "units", "arithmetic", "citations")


@dataclass(frozen=True)
class Edit:
    """Replace source offsets [start, end) of the normalised text with ``text``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    check: str
    code: str
    rule: str
    severity: str
    message: str
    suggestion: str | None = None
    context: str = ""
    fix: tuple[Edit, ...] = field(default=(), compare=False)

    def sort_key(self) -> tuple[Any, ...]:
        return FINDING_ORDER(self)

    @classmethod
    def make(cls, path: str, line: int, column: int, end_line: int, end_column: int, check: str, code: str,
             rule: str, severity: str, message: str, suggestion: str | None, context: str,
             fix: tuple[Edit, ...]) -> Finding:
        """The same finding as ``Finding(...)``, built without the frozen ``__init__`` (one ``object.__setattr__``
        per field): a third of the work, for the emitter that makes every finding."""
        return frozen_from_fields(cls, {
            "path": path, "line": line, "column": column, "end_line": end_line, "end_column": end_column,
            "check": check, "code": code, "rule": rule, "severity": severity, "message": message,
            "suggestion": suggestion, "context": context, "fix": fix})

    def to_dict(self) -> dict[str, Any]:
        """The finding as JSON data: every field but ``fix``, plus ``fixable``."""
        data = {name: getattr(self, name) for name in _DATA_FIELDS}
        data["fixable"] = bool(self.fix)
        return data


_DATA_FIELDS = tuple(f.name for f in fields(Finding) if f.name != "fix")
# ``Finding.sort_key`` as one C-level call (the report order).
FINDING_ORDER = attrgetter("path", "line", "column", "code", "end_line", "end_column", "message")
