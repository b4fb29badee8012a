"""The one result type every check returns."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

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
        return (self.path, self.line, self.column, self.code, self.end_line, self.end_column, self.message)

    def to_dict(self) -> dict[str, Any]:
        """The finding as JSON data: every field but ``fix``, plus ``fixable``."""
        data = {name: getattr(self, name) for name in _DATA_FIELDS}
        data["fixable"] = bool(self.fix)
        return data


_DATA_FIELDS = tuple(f.name for f in fields(Finding) if f.name != "fix")
